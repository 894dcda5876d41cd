/**
 * @fileoverview Shared helpers for the Python front-end unit tests: a compact, CPython-`ast.dump`-like
 * rendering of our trees (fields in CPython order, `None` and empty-list fields left out, optional
 * `@line:col-line:col` positions in CPython's UTF-8 byte columns), and a structural checker run on every
 * parsed tree (all fields present, positions consistent with the UTF-16 `start`/`end` offsets, and
 * `CHILD_FIELDS` reaching every node).
 *
 * Expected dumps of 3.11-valid code in the tests were produced with CPython 3.11 by an equivalent
 * Python rendering and then hard-coded; 3.12+ expectations were written by hand.
 */
import { expect } from "vitest";
import { PyComplex, PyEllipsis, PyFloat, type Module, type Node } from "../../src/python/ast.js";
import { parse } from "../../src/python/index.js";
import { LineIndex } from "../../src/python/positions.js";
import type { ParseOptions, ParseResult } from "../../src/python/types.js";
import { walk } from "../../src/python/walker.js";

/** CPython's `_fields` order (3.13 names; `ExceptHandler.type` is `exc_type` here). */
export const FIELD_ORDER: Record<string, readonly string[]> = {
  Module: ["body", "type_ignores"],
  Expression: ["body"],
  TypeIgnore: ["lineno", "tag"],
  FunctionDef: ["name", "args", "body", "decorator_list", "returns", "type_comment", "type_params"],
  AsyncFunctionDef: ["name", "args", "body", "decorator_list", "returns", "type_comment", "type_params"],
  ClassDef: ["name", "bases", "keywords", "body", "decorator_list", "type_params"],
  Return: ["value"],
  Delete: ["targets"],
  Assign: ["targets", "value", "type_comment"],
  TypeAlias: ["name", "type_params", "value"],
  AugAssign: ["target", "op", "value"],
  AnnAssign: ["target", "annotation", "value", "simple"],
  For: ["target", "iter", "body", "orelse", "type_comment"],
  AsyncFor: ["target", "iter", "body", "orelse", "type_comment"],
  While: ["test", "body", "orelse"],
  If: ["test", "body", "orelse"],
  With: ["items", "body", "type_comment"],
  AsyncWith: ["items", "body", "type_comment"],
  Match: ["subject", "cases"],
  Raise: ["exc", "cause"],
  Try: ["body", "handlers", "orelse", "finalbody"],
  TryStar: ["body", "handlers", "orelse", "finalbody"],
  Assert: ["test", "msg"],
  Import: ["names"],
  ImportFrom: ["module", "names", "level"],
  Global: ["names"],
  Nonlocal: ["names"],
  Expr: ["value"],
  Pass: [],
  Break: [],
  Continue: [],
  BoolOp: ["op", "values"],
  NamedExpr: ["target", "value"],
  BinOp: ["left", "op", "right"],
  UnaryOp: ["op", "operand"],
  Lambda: ["args", "body"],
  IfExp: ["test", "body", "orelse"],
  Dict: ["keys", "values"],
  Set: ["elts"],
  ListComp: ["elt", "generators"],
  SetComp: ["elt", "generators"],
  DictComp: ["key", "value", "generators"],
  GeneratorExp: ["elt", "generators"],
  Await: ["value"],
  Yield: ["value"],
  YieldFrom: ["value"],
  Compare: ["left", "ops", "comparators"],
  Call: ["func", "args", "keywords"],
  FormattedValue: ["value", "conversion", "format_spec"],
  JoinedStr: ["values"],
  Constant: ["value", "kind"],
  Attribute: ["value", "attr", "ctx"],
  Subscript: ["value", "slice", "ctx"],
  Starred: ["value", "ctx"],
  Name: ["id", "ctx"],
  List: ["elts", "ctx"],
  Tuple: ["elts", "ctx"],
  Slice: ["lower", "upper", "step"],
  comprehension: ["target", "iter", "ifs", "is_async"],
  ExceptHandler: ["exc_type", "name", "body"],
  arguments: ["posonlyargs", "args", "vararg", "kwonlyargs", "kw_defaults", "kwarg", "defaults"],
  arg: ["arg", "annotation", "type_comment"],
  keyword: ["arg", "value"],
  alias: ["name", "asname"],
  withitem: ["context_expr", "optional_vars"],
  match_case: ["pattern", "guard", "body"],
  MatchValue: ["value"],
  MatchSingleton: ["value"],
  MatchSequence: ["patterns"],
  MatchMapping: ["keys", "patterns", "rest"],
  MatchClass: ["cls", "patterns", "kwd_attrs", "kwd_patterns"],
  MatchStar: ["name"],
  MatchAs: ["pattern", "name"],
  MatchOr: ["patterns"],
  TypeVar: ["name", "bound", "default_value"],
  ParamSpec: ["name", "default_value"],
  TypeVarTuple: ["name", "default_value"],
};

/** Node types CPython gives no position attributes. */
const UNLOCATED = new Set(["Module", "Expression", "TypeIgnore", "comprehension", "arguments", "withitem", "match_case"]);

/** Python's `repr(float)` (shortest round-trip digits, exponent outside [-4, 16)). */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (x === Infinity) return "inf";
  if (x === -Infinity) return "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mant, expStr] = x.toExponential().split("e") as [string, string];
  const exp = Number(expStr);
  const neg = mant.startsWith("-");
  const digits = mant.replace("-", "").replace(".", "");
  let out: string;
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    out = `${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  } else if (exp < 0) {
    out = `0.${"0".repeat(-exp - 1)}${digits}`;
  } else if (digits.length <= exp + 1) {
    out = `${digits}${"0".repeat(exp + 1 - digits.length)}.0`;
  } else {
    out = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  return neg ? `-${out}` : out;
}

/** Python-like rendering of bytes: `b"..."` with `\\xNN` escapes (always double quotes). */
export function bytesRepr(b: Uint8Array): string {
  let s = 'b"';
  for (const c of b) {
    if (c === 0x5c) s += "\\\\";
    else if (c === 0x22) s += '\\"';
    else if (c === 0x09) s += "\\t";
    else if (c === 0x0a) s += "\\n";
    else if (c === 0x0d) s += "\\r";
    else if (c >= 0x20 && c < 0x7f) s += String.fromCharCode(c);
    else s += `\\x${c.toString(16).padStart(2, "0")}`;
  }
  return `${s}"`;
}

function constRepr(v: unknown): string {
  if (v === null) return "None";
  if (v === true) return "True";
  if (v === false) return "False";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number") {
    if (!Number.isInteger(v)) throw new Error(`int constant is not an integer: ${v}`);
    return String(v);
  }
  if (typeof v === "bigint") return v.toString();
  if (v instanceof PyFloat) return pyFloatRepr(v.value);
  if (v instanceof PyComplex) {
    const r = pyFloatRepr(v.imag);
    return `${r.endsWith(".0") ? r.slice(0, -2) : r}j`;
  }
  if (v instanceof PyEllipsis) return "Ellipsis";
  if (v instanceof Uint8Array) return bytesRepr(v);
  throw new Error(`unexpected constant value ${String(v)}`);
}

function isNode(v: unknown): v is Node {
  return typeof v === "object" && v !== null && typeof (v as { type?: unknown }).type === "string" && !(v instanceof Uint8Array);
}

/**
 * Renders a node like `ast.dump` but compactly: `Name(id="x", ctx=Load)`. `None` fields and empty lists
 * are omitted; strings are JSON-quoted; operators and contexts are bare words. With `pos`, every located
 * node gets `@lineno:col_offset-end_lineno:end_col_offset` appended.
 */
export function dump(node: unknown, opts: { pos?: boolean } = {}): string {
  const pos = opts.pos === true;
  const out: string[] = [];
  // Explicit stack of pending output fragments / nodes, so deep trees do not overflow.
  type Item = { s: string } | { v: unknown; field: string | null; owner: string | null };
  const stack: Item[] = [{ v: node, field: null, owner: null }];
  while (stack.length > 0) {
    const item = stack.pop()!;
    if ("s" in item) {
      out.push(item.s);
      continue;
    }
    const { v, field, owner } = item;
    if (Array.isArray(v)) {
      const parts: Item[] = [{ s: "[" }];
      v.forEach((e, i) => {
        if (i > 0) parts.push({ s: ", " });
        parts.push({ v: e, field, owner });
      });
      parts.push({ s: "]" });
      for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]!);
      continue;
    }
    if (isNode(v)) {
      const fields = FIELD_ORDER[v.type];
      if (fields === undefined) throw new Error(`unknown node type ${v.type}`);
      const rec = v as unknown as Record<string, unknown>;
      const parts: Item[] = [{ s: `${v.type}(` }];
      let first = true;
      for (const f of fields) {
        const fv = rec[f];
        if (fv === null || (Array.isArray(fv) && fv.length === 0)) continue;
        if (fv === undefined) {
          parts.push({ s: `${first ? "" : ", "}${f}=<MISSING>` });
          first = false;
          continue;
        }
        parts.push({ s: `${first ? "" : ", "}${f}=` });
        parts.push({ v: fv, field: f, owner: v.type });
        first = false;
      }
      let tail = ")";
      if (pos && !UNLOCATED.has(v.type)) {
        tail += `@${String(rec.lineno)}:${String(rec.col_offset)}-${String(rec.end_lineno)}:${String(rec.end_col_offset)}`;
      }
      parts.push({ s: tail });
      for (let i = parts.length - 1; i >= 0; i--) stack.push(parts[i]!);
      continue;
    }
    // Scalars: decide by field.
    if (owner === "Constant" && field === "value") out.push(constRepr(v));
    else if (owner === "MatchSingleton" && field === "value") out.push(constRepr(v));
    else if (field === "ctx" || field === "op" || field === "ops") out.push(String(v));
    else if (typeof v === "string") out.push(JSON.stringify(v));
    else if (v === null) out.push("None");
    else out.push(String(v));
  }
  return out.join("");
}

/** Dumps the statements of a module, one per element (handy for multi-statement sources). */
export function dumpBody(mod: Module, opts: { pos?: boolean } = {}): string[] {
  return mod.body.map((s) => dump(s, opts));
}

/**
 * Structural checks on a parsed tree: every CPython field present, located nodes carry numeric positions
 * that agree with their UTF-16 `start`/`end` (through a LineIndex over the parsed text), `start <= end`,
 * and the walker (CHILD_FIELDS) reaches every node reachable through any property.
 */
export function checkShape(result: ParseResult): void {
  const mod = result.module;
  if (mod === null) return;
  const index = new LineIndex(result.text);
  const walked = new Set<Node>();
  walk(mod, { enter: (n) => void walked.add(n) });
  // Every node reachable through any property (not only CHILD_FIELDS).
  const stack: Node[] = [mod];
  const reachable = new Set<Node>();
  const problems: string[] = [];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (reachable.has(n)) {
      problems.push(`${n.type} object shared by two parents`);
      continue;
    }
    reachable.add(n);
    const rec = n as unknown as Record<string, unknown>;
    const fields = FIELD_ORDER[n.type];
    if (fields === undefined) {
      problems.push(`unknown node type ${n.type}`);
      continue;
    }
    for (const f of fields) {
      if (rec[f] === undefined) problems.push(`${n.type}.${f} is undefined`);
    }
    if (!UNLOCATED.has(n.type)) {
      const { lineno, col_offset, end_lineno, end_col_offset, start, end } = rec as Record<string, number>;
      const all = [lineno, col_offset, end_lineno, end_col_offset, start, end];
      if (!all.every((x) => typeof x === "number" && Number.isInteger(x))) {
        problems.push(`${n.type} has non-integer positions ${JSON.stringify(all)}`);
      } else {
        const s = index.position(start!);
        const e = index.position(end!);
        const where = `${n.type}@${lineno}:${col_offset}-${end_lineno}:${end_col_offset} [${start},${end})`;
        if (start! > end!) problems.push(`${where}: start > end`);
        if (s.line !== lineno || index.utf16ToUtf8Column(s.line, s.column) !== col_offset) {
          problems.push(`${where}: start offset is at ${s.line}:${index.utf16ToUtf8Column(s.line, s.column)}`);
        }
        if (e.line !== end_lineno || index.utf16ToUtf8Column(e.line, e.column) !== end_col_offset) {
          problems.push(`${where}: end offset is at ${e.line}:${index.utf16ToUtf8Column(e.line, e.column)}`);
        }
      }
    }
    for (const key of Object.keys(rec)) {
      const v = rec[key];
      if (Array.isArray(v)) {
        for (const e of v) if (isNode(e)) stack.push(e);
      } else if (isNode(v)) {
        stack.push(v);
      }
    }
  }
  for (const n of reachable) if (!walked.has(n)) problems.push(`${n.type} not reached by walk()`);
  expect(problems).toEqual([]);
}

/** Parses, asserts success (showing the error otherwise), runs {@link checkShape}, returns the module. */
export function parseOk(src: string, options?: ParseOptions): Module {
  const r = parse(src, options);
  if (r.error !== null || r.module === null) {
    throw new Error(`expected ${JSON.stringify(src.length > 200 ? src.slice(0, 200) + "…" : src)} to parse, got ${JSON.stringify(r.error)}`);
  }
  checkShape(r);
  return r.module;
}

/** Dump of the single statement of `src` (asserting there is exactly one). */
export function stmt(src: string, opts: { pos?: boolean } = {}): string {
  const mod = parseOk(src);
  expect(mod.body.length, `statements in ${JSON.stringify(src)}`).toBe(1);
  return dump(mod.body[0], opts);
}

/** Dump of the expression of `src`, which must be a single expression statement. */
export function expr(src: string, opts: { pos?: boolean } = {}): string {
  const mod = parseOk(src);
  expect(mod.body.length).toBe(1);
  const s = mod.body[0]!;
  if (s.type !== "Expr") throw new Error(`expected an expression statement, got ${s.type}`);
  return dump(s.value, opts);
}

/** The first node of a type in a parsed module (walk order), asserting it exists. */
export function first<T extends Node["type"]>(mod: Node, type: T): Extract<Node, { type: T }> {
  let found: Node | null = null;
  walk(mod, {
    enter(n) {
      if (found === null && n.type === type) found = n;
      return found !== null ? false : undefined;
    },
  });
  if (found === null) throw new Error(`no ${type} node`);
  return found as Extract<Node, { type: T }>;
}

/** Parses and asserts a syntax error; returns it. */
export function parseErr(src: string, options?: ParseOptions) {
  let r: ParseResult;
  try {
    r = parse(src, options);
  } catch (e) {
    throw new Error(`parse threw instead of returning an error for ${JSON.stringify(src.slice(0, 100))}: ${String(e)}`);
  }
  expect(r.module, `expected a syntax error for ${JSON.stringify(src.slice(0, 200))}`).toBeNull();
  expect(r.error).not.toBeNull();
  return r.error!;
}

/**
 * Renders every statement of `src` with {@link dump}, one per line; expression statements are shown as
 * their expression. This is the format of the CPython-derived case tables.
 */
export function render(src: string, pos = false): string {
  const mod = parseOk(src);
  return mod.body.map((s) => dump(s.type === "Expr" ? s.value : s, { pos })).join("\n");
}

/** Row of a CPython-derived case table: title, source, expected {@link render} output, with positions. */
export type Case = [title: string, src: string, expected: string, pos: boolean];

/** Row of a CPython-derived syntax-error table: title, source, kind, CPython message, lineno, 0-based column. */
export type ErrCase = [title: string, src: string, kind: string, message: string, lineno: number, col: number];
