/**
 * @fileoverview The JSON tree shape shared by `scripts/pydump.py` (CPython's `ast`) and our parser,
 * and the conversion of our AST (`src/python/ast.ts`) into that shape.
 *
 * A node is `{"_type": "Call", <fields>..., lineno, col_offset, end_lineno, end_col_offset}`.
 * Operators and contexts are class-name strings ("Add", "Load"). `Constant.value` uses a typed
 * encoding so that ints, floats, complex numbers and bytes survive JSON exactly:
 * `{"int": "12"}`, `{"float": "1.5e-07"}`, `{"complex": "2.0"}` (the imaginary part),
 * `{"bytes": "ff00"}`, `{"ellipsis": true}`; str, bool and None are plain JSON.
 */
import { CHILD_FIELDS, PyComplex, PyEllipsis, PyFloat } from "../../src/python/ast.js";
import type { ConstantValue, Node, NodeType } from "../../src/python/ast.js";

/** A JSON value of the dump format. */
export type PyJson = null | boolean | number | string | PyJson[] | { [key: string]: PyJson };

/** A node object in the dump format. */
export interface PyNode {
  _type: string;
  [field: string]: PyJson;
}

/** The position attributes CPython puts on located nodes. */
export const POSITION_FIELDS = ["lineno", "col_offset", "end_lineno", "end_col_offset"] as const;

/** Fields of our nodes that are not part of the CPython shape (compared separately). */
const OUR_EXTRA_FIELDS = new Set(["type", "start", "end"]);

/** A structural problem found while converting our tree (not a CPython difference). */
export interface ConversionIssue {
  path: string;
  message: string;
}

/** Whether a JSON value is a dump-format node. */
export function isPyNode(value: unknown): value is PyNode {
  return typeof value === "object" && value !== null && !Array.isArray(value) && typeof (value as PyNode)._type === "string";
}

/**
 * Python's `repr()` of a float, from a JS number: shortest round-trip digits (as JS and Python
 * both use), formatted Python's way (`1.0`, `1e+16`, `1.5e-07`, `inf`).
 *
 * `pyFloatRepr(1e16)` → `"1e+16"`, `pyFloatRepr(0.1)` → `"0.1"`, `pyFloatRepr(3)` → `"3.0"`.
 */
export function pyFloatRepr(value: number): string {
  if (Number.isNaN(value)) return "nan";
  if (value === Infinity) return "inf";
  if (value === -Infinity) return "-inf";
  if (value === 0) return Object.is(value, -0) ? "-0.0" : "0.0";
  const sign = value < 0 ? "-" : "";
  // toExponential() without an argument gives the shortest digits that round-trip.
  const [mantissa, expText] = Math.abs(value).toExponential().split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const exp = Number(expText);
  if (exp >= -4 && exp < 16) {
    // Python's repr uses fixed notation for 1e-4 <= |x| < 1e16 (float_repr_style 'short', 'r').
    if (exp < 0) return `${sign}0.${"0".repeat(-exp - 1)}${digits}`;
    const intLen = exp + 1;
    if (digits.length <= intLen) return `${sign}${digits}${"0".repeat(intLen - digits.length)}.0`;
    return `${sign}${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
  }
  const m = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
  const e = Math.abs(exp);
  return `${sign}${m}e${exp < 0 ? "-" : "+"}${e < 10 ? "0" : ""}${e}`;
}

/** Encode one of our constant values the way `pydump.py` encodes CPython's. */
export function encodeConstant(value: ConstantValue): PyJson {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "number") {
    // Ints are plain numbers in our AST; a non-integral number here is a parser bug, keep it visible.
    return Number.isInteger(value) ? { int: BigInt(value).toString() } : { badNumber: String(value) };
  }
  if (typeof value === "bigint") return { int: value.toString() };
  if (value instanceof PyFloat) return { float: pyFloatRepr(value.value) };
  if (value instanceof PyComplex) return { complex: pyFloatRepr(value.imag) };
  if (value instanceof Uint8Array) return { bytes: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("hex") };
  if (value instanceof PyEllipsis) return { ellipsis: true };
  return { unknownConstant: String(value) };
}

function looksLikeNode(value: unknown): boolean {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

/**
 * Convert our AST node into the dump format. Child fields are taken from `CHILD_FIELDS`; every
 * other own property (except `type`, `start`, `end`) is copied as a scalar. Structural problems
 * (a node hidden in a field that `CHILD_FIELDS` does not list, a listed field that is absent) are
 * appended to `issues` so the oracle reports them too: the walker relies on that table.
 */
export function toPyJson(node: Node, issues: ConversionIssue[] = [], path = ""): PyNode {
  const type = node.type as NodeType;
  const childFields = CHILD_FIELDS[type] as readonly string[] | undefined;
  const out: PyNode = { _type: type };
  if (childFields === undefined) {
    issues.push({ path: path || "<root>", message: `node type ${JSON.stringify(type)} is not in CHILD_FIELDS` });
  }
  const record = node as unknown as Record<string, unknown>;
  for (const field of childFields ?? []) {
    if (!(field in record)) issues.push({ path: join(path, field), message: `child field listed in CHILD_FIELDS is missing on ${type}` });
  }
  for (const key of Object.keys(record)) {
    if (OUR_EXTRA_FIELDS.has(key)) continue;
    const value = record[key];
    const fieldPath = join(path, key);
    if (childFields?.includes(key)) {
      out[key] = convertChild(value, issues, fieldPath);
    } else if (type === "Constant" && key === "value") {
      out[key] = encodeConstant(value as ConstantValue);
    } else {
      out[key] = convertScalar(value, issues, fieldPath);
    }
  }
  return out;
}

function convertChild(value: unknown, issues: ConversionIssue[], path: string): PyJson {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((item, i) => convertChild(item, issues, `${path}[${i}]`));
  if (looksLikeNode(value)) return toPyJson(value as Node, issues, path);
  issues.push({ path, message: `child field holds a non-node value ${describe(value)}` });
  return { nonNode: describe(value) };
}

function convertScalar(value: unknown, issues: ConversionIssue[], path: string): PyJson {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) return value.map((item, i) => convertScalar(item, issues, `${path}[${i}]`));
  if (looksLikeNode(value)) {
    issues.push({ path, message: "field holds a node but is not listed in CHILD_FIELDS (walkers will miss it)" });
    return toPyJson(value as Node, issues, path);
  }
  issues.push({ path, message: `unexpected scalar value ${describe(value)}` });
  return { unexpected: describe(value) };
}

function describe(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "object" && value !== null) return `${value.constructor?.name ?? "Object"} ${safeJson(value)}`;
  return String(value);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v))?.slice(0, 80) ?? "";
  } catch {
    return "<unserialisable>";
  }
}

/** Join a node path and a field name: `join("body[3]", "value")` → `"body[3].value"`. */
export function join(path: string, field: string): string {
  return path === "" ? field : `${path}.${field}`;
}
