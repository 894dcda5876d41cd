/**
 * @fileoverview A plain pre-order walk over a syntax tree using CPython's child-field table, for
 * layers that need to look at every node without the engine's listener machinery.
 */
import { CHILD_FIELDS, type Node, type NodeType } from "../python/ast.js";

/** Calls `fn` for `root` and every descendant in source order; return `false` from `fn` to skip a subtree. */
export function forEachNode(root: Node, fn: (node: Node) => boolean | void): void {
  if (fn(root) === false) return;
  const fields = CHILD_FIELDS[root.type as NodeType] ?? [];
  for (const field of fields) {
    const value = (root as unknown as Record<string, unknown>)[field];
    if (Array.isArray(value)) {
      for (const child of value) if (isNode(child)) forEachNode(child, fn);
    } else if (isNode(value)) {
      forEachNode(value, fn);
    }
  }
}

/** Whether a field value is a node (fields also hold strings, numbers, null and constants). */
export function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}
