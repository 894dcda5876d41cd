/**
 * @fileoverview The single traversal that runs every enabled rule on a file (ESLint's linter loop):
 * listeners are grouped by node type, each node is visited once on enter and once on exit, and the
 * ancestor stack is kept so rules can ask where they are.
 */
import { CHILD_FIELDS, type Node, type NodeType } from "../python/ast.js";
import { isNode } from "../semantic/walk.js";

/** A listener for one node type, called on enter (or on exit for `Type:exit` keys). */
export type NodeListener = (node: Node) => void;

/** Listeners grouped by key: a node type (`"Call"`) or a node type with `:exit` (`"Call:exit"`). */
export type ListenerMap = Map<string, NodeListener[]>;

/**
 * Walks `root` depth-first in source order, calling the enter listeners of each node before its
 * children and the exit listeners after them. `ancestors` is the live stack of the current node's
 * ancestors (outermost first, excluding the node itself); listeners may read it but not keep it.
 */
export function traverse(root: Node, listeners: ListenerMap, ancestors: Node[] = []): void {
  const enter = listeners.get(root.type);
  if (enter) for (const fn of enter) fn(root);
  const fields = CHILD_FIELDS[root.type as NodeType] ?? [];
  if (fields.length > 0) {
    ancestors.push(root);
    for (const field of fields) {
      const value = (root as unknown as Record<string, unknown>)[field];
      if (Array.isArray(value)) {
        for (const child of value) if (isNode(child)) traverse(child, listeners, ancestors);
      } else if (isNode(value)) {
        traverse(value, listeners, ancestors);
      }
    }
    ancestors.pop();
  }
  const exit = listeners.get(`${root.type}:exit`);
  if (exit) for (const fn of exit) fn(root);
}
