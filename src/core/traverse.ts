/**
 * @fileoverview The single traversal that runs every enabled rule on a file (ESLint's linter loop):
 * listeners are grouped by node type, each node is visited once on enter and once on exit, and the
 * ancestor stack is kept so rules can ask where they are. Built on the iterative walker of the
 * Python front end, so deeply nested code cannot overflow the call stack.
 */
import type { Node } from "../python/ast.js";
import { walk } from "../python/walker.js";

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
  walk(root, {
    enter(node) {
      const fns = listeners.get(node.type);
      if (fns) for (const fn of fns) fn(node);
      ancestors.push(node);
    },
    leave(node) {
      ancestors.pop();
      const fns = listeners.get(`${node.type}:exit`);
      if (fns) for (const fn of fns) fn(node);
    },
  });
}
