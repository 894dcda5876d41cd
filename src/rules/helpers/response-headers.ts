/**
 * @fileoverview The HTTP response headers an app sets by hand: what an `after_request` hook (or a
 * project function it calls with the response) writes into `response.headers` — subscript
 * assignments, `headers.set/add/setdefault(...)`, `headers.update/extend({...})`, loops over a
 * constant dict (`for k, v in SECURITY_HEADERS.items(): response.headers[k] = v`) — with the
 * evaluated values, and whether something was written that could not be evaluated (then the set
 * of headers is not fully known). Also the security header vocabulary and CSP parsing shared by
 * the security-headers rules.
 */
import type { AsyncFunctionDef, Call, Expr, For, FunctionDef, Node } from "../../python/ast.js";
import { parentMap, type ParentMap } from "../../python/walker.js";
import type { Value } from "../../semantic/evaluate.js";
import { forEachNode } from "../../semantic/walk.js";
import type { FlaskModel } from "../../project/model.js";
import type { FlaskApp, Hook, SourceRef } from "../../project/types.js";
import type { FileView, ProjectView } from "../types.js";

/** Response headers that are browser security policy (lower case). */
export const SECURITY_HEADERS: ReadonlySet<string> = new Set([
  "content-security-policy",
  "strict-transport-security",
  "x-frame-options",
  "x-content-type-options",
  "referrer-policy",
  "permissions-policy",
  "feature-policy",
  "x-xss-protection",
  "cross-origin-opener-policy",
  "cross-origin-embedder-policy",
  "cross-origin-resource-policy",
  "x-permitted-cross-domain-policies",
]);

/** One header written by hand. */
export interface HeaderWrite {
  /** Lower-case header name. */
  name: string;
  /** The name as written (`X-Frame-Options`). */
  written: string;
  /** The evaluated value, or null when not evaluated. */
  value: Value | null;
  at: SourceRef;
}

/** What a set of hooks writes. */
export interface HeaderWrites {
  headers: HeaderWrite[];
  /** Why the set is incomplete (a write or call that could not be followed), or null. */
  opaque: string | null;
}

const HEADER_METHODS_KV = new Set(["set", "add", "setdefault", "add_header"]);
const HEADER_METHODS_BULK = new Set(["update", "extend"]);
const MAX_DEPTH = 3;

const parentCache = new WeakMap<Node, ParentMap>();

function parentsOf(file: FileView): ParentMap {
  let map = parentCache.get(file.module);
  if (!map) {
    map = parentMap(file.module);
    parentCache.set(file.module, map);
  }
  return map;
}

/** Whether `expr` is `<something>.headers`. */
function isHeadersAttr(expr: Expr): boolean {
  return expr.type === "Attribute" && expr.attr === "headers";
}

/**
 * The headers a function writes into `<x>.headers`, following calls to project functions up to
 * three levels deep.
 *
 * Given `def add_headers(resp): resp.headers["X-Frame-Options"] = "DENY"; return resp`, the result
 * has one write, `x-frame-options` = `'DENY'`.
 */
export function headersWrittenBy(model: FlaskModel, file: FileView, fn: FunctionDef | AsyncFunctionDef, depth = 0, seen = new Set<Node>()): HeaderWrites {
  const out: HeaderWrites = { headers: [], opaque: null };
  if (seen.has(fn) || depth > MAX_DEPTH) return out;
  seen.add(fn);
  const add = (key: Value, value: Value | null, at: { start: number; end: number; type?: string }): void => {
    if (key.kind !== "str") {
      out.opaque ??= `a header name that is not a constant (${file.path}:${lineOf(file.text, at.start)})`;
      return;
    }
    out.headers.push({ name: key.value.toLowerCase(), written: key.value, value, at: { file: file.path, node: at } });
  };
  const addBulk = (v: Value, at: { start: number; end: number; type?: string }): void => {
    if (v.kind === "dict") {
      for (const e of v.entries) add(e.key, e.value, at);
    } else if ((v.kind === "list" || v.kind === "tuple") && v.items.every((i) => (i.kind === "tuple" || i.kind === "list") && i.items.length === 2)) {
      for (const i of v.items) {
        const pair = (i as { items: Value[] }).items;
        add(pair[0]!, pair[1]!, at);
      }
    } else {
      out.opaque ??= `headers from a value that is not a constant (${file.path}:${lineOf(file.text, at.start)})`;
    }
  };
  forEachNode(fn, (node) => {
    if (node !== fn && (node.type === "FunctionDef" || node.type === "AsyncFunctionDef" || node.type === "ClassDef" || node.type === "Lambda")) return false;
    if (node.type === "Assign") {
      for (const target of node.targets) {
        if (target.type !== "Subscript" || !isHeadersAttr(target.value)) continue;
        const keys = keyValues(model, file, target.slice);
        if (keys === null) out.opaque ??= `a header name that is not a constant (${file.path}:${lineOf(file.text, target.start)})`;
        else for (const k of keys) add(k.key, k.value ?? model.evaluate(file, node.value), node);
      }
      return;
    }
    if (node.type !== "Call") return;
    const func = node.func;
    if (func.type === "Attribute" && isHeadersAttr(func.value)) {
      if (HEADER_METHODS_KV.has(func.attr) && node.args.length >= 1) {
        const keys = keyValues(model, file, node.args[0]!);
        const value = node.args[1] ? model.evaluate(file, node.args[1]) : null;
        if (keys === null) out.opaque ??= `a header name that is not a constant (${file.path}:${lineOf(file.text, node.start)})`;
        else for (const k of keys) add(k.key, k.value ?? value, node);
      } else if (HEADER_METHODS_BULK.has(func.attr)) {
        for (const a of node.args) addBulk(model.evaluate(file, a), node);
        for (const k of node.keywords) {
          if (k.arg === null) out.opaque ??= `headers from a \`**\` argument (${file.path}:${lineOf(file.text, node.start)})`;
          else add({ kind: "str", value: k.arg.replace(/_/g, "-"), bytes: false, origin: { file: file.path, node: k } }, model.evaluate(file, k.value), node);
        }
      }
      return;
    }
    followCall(model, file, node, depth, seen, out);
  });
  return out;
}

/** Follows a call of a project function from a hook (`set_security_headers(response)`). */
function followCall(model: FlaskModel, file: FileView, call: Call, depth: number, seen: Set<Node>, out: HeaderWrites): void {
  const def = call.func.type === "Name" || call.func.type === "Attribute" ? model.resolveExpr(file, call.func) : null;
  if (def && def.kind === "function" && (def.node.type === "FunctionDef" || def.node.type === "AsyncFunctionDef")) {
    const inner = headersWrittenBy(model, def.file, def.node, depth + 1, seen);
    out.headers.push(...inner.headers);
    out.opaque ??= inner.opaque;
    return;
  }
  // An external helper handed the response and named for headers (`secure_headers.framework.flask(resp)`).
  const callee = file.text.slice(call.func.start, call.func.end);
  if (/header|secure|csp|talisman/i.test(callee) && call.args.length > 0) {
    out.opaque ??= `\`${callee}(...)\` may set headers (${file.path}:${lineOf(file.text, call.start)})`;
  }
}

/**
 * The header name(s) a key expression denotes, with the value when the key comes from a loop over
 * a constant dict (`for k, v in HEADERS.items(): r.headers[k] = v` → every entry of `HEADERS`).
 */
function keyValues(model: FlaskModel, file: FileView, key: Expr): { key: Value; value: Value | null }[] | null {
  const v = model.evaluate(file, key);
  if (v.kind === "str") return [{ key: v, value: null }];
  if (key.type !== "Name") return null;
  const parents = parentsOf(file);
  for (let p = parents.get(key) ?? null; p; p = parents.get(p) ?? null) {
    if (p.type !== "For") continue;
    const loop = p as For;
    const iter = loop.iter;
    const target = loop.target;
    const keyName = target.type === "Tuple" && target.elts[0]?.type === "Name" ? target.elts[0].id : target.type === "Name" ? target.id : null;
    if (keyName !== key.id) continue;
    const isItems = iter.type === "Call" && iter.func.type === "Attribute" && iter.func.attr === "items";
    const source = isItems ? ((iter as Call).func as Extract<Expr, { type: "Attribute" }>).value : iter;
    const d = model.evaluate(file, source);
    if (d.kind === "dict") return d.entries.map((e) => ({ key: e.key, value: target.type === "Tuple" ? e.value : null }));
    if ((d.kind === "list" || d.kind === "tuple") && target.type === "Tuple") {
      const out: { key: Value; value: Value | null }[] = [];
      for (const item of d.items) {
        if ((item.kind !== "tuple" && item.kind !== "list") || item.items.length !== 2) return null;
        out.push({ key: item.items[0]!, value: item.items[1]! });
      }
      return out;
    }
    return null;
  }
  return null;
}

/**
 * The `after_request`-style hooks that apply to every response of an app: the app's own
 * `after_request` hooks and `after_app_request` hooks of blueprints registered on it; plus, with
 * `includeBlueprintLocal`, blueprints' own `after_request` hooks (they cover only that blueprint).
 */
export function responseHooksOf(model: FlaskModel, app: FlaskApp, includeBlueprintLocal: boolean): Hook[] {
  const blueprints = new Set(model.routesOf(app).flatMap((r) => (r.owner.kind === "blueprint" ? [r.owner.blueprint] : [])));
  for (const reg of app.blueprintRegistrations) blueprints.add(reg.blueprint);
  const out: Hook[] = [];
  for (const hook of model.hooks) {
    if (hook.owner.kind === "app") {
      if (hook.owner.app === app && hook.kind === "after_request") out.push(hook);
    } else if (blueprints.has(hook.owner.blueprint)) {
      if (hook.kind === "after_app_request" || (includeBlueprintLocal && hook.kind === "after_request")) out.push(hook);
    }
  }
  return out;
}

/** What the hooks of an app write, merged; opaque when a hook function is not in the project. */
export function headersOfHooks(project: ProjectView, hooks: readonly Hook[]): HeaderWrites {
  const model = project.flask;
  const out: HeaderWrites = { headers: [], opaque: null };
  for (const hook of hooks) {
    if (!hook.function) {
      out.opaque ??= `the \`${hook.kind}\` hook at ${hook.at.file}:${lineOf(project.file(hook.at.file)?.text ?? "", hook.at.node.start)} is not a project function`;
      continue;
    }
    const file = project.file(hook.function.file);
    if (!file) continue;
    const w = headersWrittenBy(model, file, hook.function.node);
    out.headers.push(...w.headers);
    out.opaque ??= w.opaque;
  }
  return out;
}

/** 1-based line of an offset. */
export function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** A parsed Content-Security-Policy: directive → source list (lower-case directive names). */
export type CspDirectives = Map<string, string[]>;

/**
 * Parses a CSP given as Talisman accepts it — a dict of directive → string or list of strings, or
 * a policy string (`"default-src 'self'; script-src 'self' cdn.example.com"`) — or null when the
 * value is not known.
 */
export function parseCsp(value: Value): CspDirectives | null {
  const out: CspDirectives = new Map();
  if (value.kind === "str") {
    for (const part of value.value.split(";")) {
      const tokens = part.trim().split(/\s+/).filter((t) => t.length > 0);
      if (tokens.length === 0) continue;
      out.set(tokens[0]!.toLowerCase(), tokens.slice(1));
    }
    return out;
  }
  if (value.kind !== "dict") return null;
  for (const e of value.entries) {
    if (e.key.kind !== "str") return null;
    const v = e.value;
    let sources: string[];
    if (v.kind === "str") sources = v.value.split(/\s+/).filter((t) => t.length > 0);
    else if ((v.kind === "list" || v.kind === "tuple") && v.items.every((i) => i.kind === "str")) {
      sources = v.items.flatMap((i) => (i as { value: string }).value.split(/\s+/).filter((t) => t.length > 0));
    } else return null;
    out.set(e.key.value.toLowerCase(), sources);
  }
  return out;
}

/** The dict entry (key and value) of a CSP directive, for anchoring a finding on it. */
export function cspEntry(value: Value, directive: string): Value | null {
  if (value.kind !== "dict") return null;
  const e = value.entries.find((x) => x.key.kind === "str" && x.key.value.toLowerCase() === directive);
  return e ? e.value : null;
}
