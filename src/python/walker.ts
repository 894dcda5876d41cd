/**
 * @fileoverview Traversal utilities over the Python AST: a depth-first walker with enter/leave hooks
 * and child skipping, a typed per-node-type visitor form (`{ Call(node) {}, "Call:exit"(node) {} }`, as
 * ESLint selectors), child iteration and parent maps. Everything is driven by `CHILD_FIELDS` from
 * `ast.ts` and uses an explicit stack, so arbitrarily deep trees cannot overflow the call stack.
 *
 * Order: children are visited in `CHILD_FIELDS` order (field by field, array elements in order),
 * which is source order except where CPython's field layout is not (e.g. `Dict.keys` before
 * `Dict.values`, `arguments.defaults` after the parameters). `null` entries (a `**` key of a `Dict`,
 * a missing kw-only default) are skipped.
 */
import { CHILD_FIELDS, type Node, type NodeOfType, type NodeType } from "./ast.js";

/** Return from an `enter` hook to skip the node's children (its `leave` hook still runs). */
export const SKIP: unique symbol = Symbol("flaskguard.walk.skip");
/** Return from an `enter` or `leave` hook to stop the whole traversal immediately. */
export const STOP: unique symbol = Symbol("flaskguard.walk.stop");

/** What an enter hook may return: nothing to continue, `false` or {@link SKIP} to skip children, {@link STOP} to abort. */
export type EnterResult = void | undefined | boolean | typeof SKIP | typeof STOP;
/** What a leave hook may return: nothing to continue, {@link STOP} to abort. */
export type LeaveResult = void | undefined | typeof STOP;

/** Hooks for {@link walk}. `parent` is null for the root. */
export interface WalkHandlers {
  /** Called before a node's children. Return `false` or {@link SKIP} to skip them, {@link STOP} to abort. */
  enter?(node: Node, parent: Node | null): EnterResult;
  /** Called after a node's children (also for skipped ones). Return {@link STOP} to abort. */
  leave?(node: Node, parent: Node | null): LeaveResult;
}

/**
 * A typed per-node-type visitor: `{ Call(node, parent) {}, "Call:exit"(node, parent) {} }`. The
 * `"*"` and `"*:exit"` keys run for every node (before / after the type-specific handlers).
 * Enter handlers may return `false`/{@link SKIP}/{@link STOP} as in {@link walk}.
 */
export type Visitor = {
  [T in NodeType]?: (node: NodeOfType<T>, parent: Node | null) => EnterResult;
} & {
  [T in NodeType as `${T}:exit`]?: (node: NodeOfType<T>, parent: Node | null) => LeaveResult;
} & {
  "*"?: (node: Node, parent: Node | null) => EnterResult;
  "*:exit"?: (node: Node, parent: Node | null) => LeaveResult;
};

type AnyFn = (node: Node, parent: Node | null) => EnterResult | LeaveResult;

// CHILD_FIELDS as plain arrays keyed by type, looked up once per node.
const FIELDS = CHILD_FIELDS as unknown as Record<string, readonly string[]>;

/** Sentinel marking a leave frame on the explicit stack (kept on the parent stack slot). */
const LEAVE_MARK = 1;

/**
 * Depth-first traversal from `root`, calling `enter` before and `leave` after each node's
 * children. Iterative (explicit stack): safe for any depth.
 *
 * @example
 * walk(module, { enter(node) { if (node.type === "FunctionDef") return SKIP; } });
 */
export function walk(root: Node, handlers: WalkHandlers): void {
  const enter = handlers.enter;
  const leave = handlers.leave;
  // Parallel stacks: node, its parent, and whether this frame is a leave frame.
  const nodes: Node[] = [root];
  const parents: (Node | null)[] = [null];
  const kinds: number[] = [0];
  let sp = 1;
  while (sp > 0) {
    sp--;
    const node = nodes[sp]!;
    const parent = parents[sp]!;
    if (kinds[sp] === LEAVE_MARK) {
      if (leave!(node, parent) === STOP) return;
      continue;
    }
    let skip = false;
    if (enter !== undefined) {
      const r = enter(node, parent);
      if (r === STOP) return;
      skip = r === false || r === SKIP;
    }
    if (leave !== undefined) {
      nodes[sp] = node;
      parents[sp] = parent;
      kinds[sp] = LEAVE_MARK;
      sp++;
    }
    if (skip) continue;
    // Push children in reverse so they pop in order.
    const fields = FIELDS[node.type]!;
    const rec = node as unknown as Record<string, unknown>;
    for (let f = fields.length - 1; f >= 0; f--) {
      const v = rec[fields[f]!];
      if (v === null || v === undefined) continue;
      if (Array.isArray(v)) {
        for (let k = v.length - 1; k >= 0; k--) {
          const child = v[k] as Node | null;
          if (child === null) continue;
          nodes[sp] = child;
          parents[sp] = node;
          kinds[sp] = 0;
          sp++;
        }
      } else {
        nodes[sp] = v as Node;
        parents[sp] = node;
        kinds[sp] = 0;
        sp++;
      }
    }
  }
}

/**
 * Walks `root` calling the visitor's handler for each node type (`Call`, `"Call:exit"`, `"*"`,
 * `"*:exit"`). One traversal; the handler table is resolved once per call.
 *
 * @example
 * visit(module, { Call(node) { if (node.func.type === "Name") names.push(node.func.id); } });
 */
export function visit(root: Node, visitor: Visitor): void {
  const table = visitor as unknown as Record<string, AnyFn | undefined>;
  const enterTable: Record<string, AnyFn> = Object.create(null);
  const leaveTable: Record<string, AnyFn> = Object.create(null);
  let hasEnter = false;
  let hasLeave = false;
  for (const key of Object.keys(table)) {
    const fn = table[key];
    if (typeof fn !== "function") continue;
    if (key.endsWith(":exit")) {
      leaveTable[key.slice(0, -5)] = fn;
      hasLeave = true;
    } else {
      enterTable[key] = fn;
      hasEnter = true;
    }
  }
  const anyEnter = enterTable["*"];
  const anyLeave = leaveTable["*"];
  const handlers: WalkHandlers = {};
  if (hasEnter) {
    handlers.enter =
      anyEnter === undefined
        ? (node, parent) => {
            const fn = enterTable[node.type];
            return fn === undefined ? undefined : (fn(node, parent) as EnterResult);
          }
        : (node, parent) => {
            const r = anyEnter(node, parent) as EnterResult;
            if (r === STOP || r === SKIP || r === false) return r;
            const fn = enterTable[node.type];
            return fn === undefined ? undefined : (fn(node, parent) as EnterResult);
          };
  }
  if (hasLeave) {
    handlers.leave =
      anyLeave === undefined
        ? (node, parent) => {
            const fn = leaveTable[node.type];
            return fn === undefined ? undefined : (fn(node, parent) as LeaveResult);
          }
        : (node, parent) => {
            const fn = leaveTable[node.type];
            if (fn !== undefined && fn(node, parent) === STOP) return STOP;
            return anyLeave(node, parent) as LeaveResult;
          };
  }
  walk(root, handlers);
}

/**
 * Combines several visitors into one so a single traversal serves them all (ESLint runs all rules
 * in one pass the same way). Handlers for the same key run in the order the visitors are given.
 * Return values of the combined handlers are ignored except {@link STOP} (skipping children for one
 * visitor would skip them for all); use separate walks when a visitor needs {@link SKIP}.
 */
export function mergeVisitors(visitors: readonly Visitor[]): Visitor {
  const merged: Record<string, AnyFn[]> = Object.create(null);
  for (const v of visitors) {
    const rec = v as unknown as Record<string, AnyFn | undefined>;
    for (const key of Object.keys(rec)) {
      const fn = rec[key];
      if (typeof fn !== "function") continue;
      (merged[key] ??= []).push(fn);
    }
  }
  const out: Record<string, AnyFn> = {};
  for (const key of Object.keys(merged)) {
    const fns = merged[key]!;
    if (fns.length === 1) {
      const only = fns[0]!;
      out[key] = (node, parent) => (only(node, parent) === STOP ? STOP : undefined);
      continue;
    }
    out[key] = (node, parent) => {
      for (let i = 0; i < fns.length; i++) {
        if (fns[i]!(node, parent) === STOP) return STOP;
      }
      return undefined;
    };
  }
  return out as unknown as Visitor;
}

/**
 * Calls `fn` for each direct child of `node` in `CHILD_FIELDS` order (null entries skipped).
 * Return `false` from `fn` to stop early.
 */
export function forEachChild(node: Node, fn: (child: Node, field: string, index: number) => void | boolean): void {
  const fields = FIELDS[node.type]!;
  const rec = node as unknown as Record<string, unknown>;
  for (let f = 0; f < fields.length; f++) {
    const field = fields[f]!;
    const v = rec[field];
    if (v === null || v === undefined) continue;
    if (Array.isArray(v)) {
      for (let k = 0; k < v.length; k++) {
        const child = v[k] as Node | null;
        if (child === null) continue;
        if (fn(child, field, k) === false) return;
      }
    } else if (fn(v as Node, field, -1) === false) {
      return;
    }
  }
}

/** The direct children of `node` as an array, in `CHILD_FIELDS` order (null entries skipped). */
export function getChildren(node: Node): Node[] {
  const out: Node[] = [];
  const fields = FIELDS[node.type]!;
  const rec = node as unknown as Record<string, unknown>;
  for (let f = 0; f < fields.length; f++) {
    const v = rec[fields[f]!];
    if (v === null || v === undefined) continue;
    if (Array.isArray(v)) {
      for (let k = 0; k < v.length; k++) {
        const child = v[k] as Node | null;
        if (child !== null) out.push(child);
      }
    } else {
      out.push(v as Node);
    }
  }
  return out;
}

/** Iterates the direct children of `node` in `CHILD_FIELDS` order (null entries skipped). */
export function* iterChildren(node: Node): IterableIterator<Node> {
  const fields = FIELDS[node.type]!;
  const rec = node as unknown as Record<string, unknown>;
  for (let f = 0; f < fields.length; f++) {
    const v = rec[fields[f]!];
    if (v === null || v === undefined) continue;
    if (Array.isArray(v)) {
      for (let k = 0; k < v.length; k++) {
        const child = v[k] as Node | null;
        if (child !== null) yield child;
      }
    } else {
      yield v as Node;
    }
  }
}

/** Maps every node under a root (the root included, mapped to null) to its parent. */
export type ParentMap = Map<Node, Node | null>;

/** Builds a map from each node in the tree to its parent (root → null). One iterative pass. */
export function parentMap(root: Node): ParentMap {
  const map: ParentMap = new Map();
  map.set(root, null);
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const fields = FIELDS[node.type]!;
    const rec = node as unknown as Record<string, unknown>;
    for (let f = 0; f < fields.length; f++) {
      const v = rec[fields[f]!];
      if (v === null || v === undefined) continue;
      if (Array.isArray(v)) {
        for (let k = 0; k < v.length; k++) {
          const child = v[k] as Node | null;
          if (child === null) continue;
          map.set(child, node);
          stack.push(child);
        }
      } else {
        map.set(v as Node, node);
        stack.push(v as Node);
      }
    }
  }
  return map;
}

/** The ancestors of `node`, nearest first (not including `node` itself), per a {@link parentMap}. */
export function ancestors(parents: ParentMap, node: Node): Node[] {
  const out: Node[] = [];
  let p = parents.get(node) ?? null;
  while (p !== null) {
    out.push(p);
    p = parents.get(p) ?? null;
  }
  return out;
}

/**
 * All nodes under `root` (root included) of the given type, in traversal order.
 *
 * @example
 * for (const call of findAll(module, "Call")) { ... }
 */
export function findAll<T extends NodeType>(root: Node, type: T): NodeOfType<T>[] {
  const out: NodeOfType<T>[] = [];
  walk(root, {
    enter(node) {
      if (node.type === type) out.push(node as NodeOfType<T>);
    },
  });
  return out;
}

/**
 * The innermost positioned node whose UTF-16 range `[start, end)` contains `offset` (an empty
 * range matches its own offset), or null. Subtrees whose range does not contain the offset are
 * pruned (except decorated definitions, whose decorators lie before the `def`/`class` position), so
 * this is far cheaper than a full walk. Nodes without positions (e.g. `arguments`,
 * `comprehension`) are looked through. When ranges tie, the deeper node wins.
 */
export function nodeAt(root: Node, offset: number): Node | null {
  let best: Node | null = null;
  let bestLen = Infinity;
  const stack: Node[] = [root];
  const push = (child: Node): void => {
    stack.push(child);
  };
  while (stack.length > 0) {
    const node = stack.pop()!;
    const r = node as Partial<{ start: number; end: number }>;
    if (typeof r.start === "number" && typeof r.end === "number") {
      const inside = r.start === r.end ? offset === r.start : offset >= r.start && offset < r.end;
      if (inside) {
        const len = r.end - r.start;
        if (len <= bestLen) {
          best = node;
          bestLen = len;
        }
      } else if (!hasDecorators(node)) {
        continue;
      }
    }
    forEachChild(node, push);
  }
  return best;
}

function hasDecorators(node: Node): boolean {
  const d = (node as { decorator_list?: unknown[] }).decorator_list;
  return d !== undefined && d.length > 0;
}
