/**
 * @fileoverview A stand-in parser for testing the oracle itself: it builds our AST shape from
 * CPython's dump (the inverse of `toPyJson`), optionally with a deliberate defect, so the oracle's
 * comparison and offset checks can be shown to pass on a faithful tree and to fail on a wrong one.
 * Not a parser: it shells out to `pydump.py` per file. Never used for real verification.
 */
import { spawnSync } from "node:child_process";
import { PY_ELLIPSIS, PyComplex, PyFloat } from "../../src/python/ast.js";
import type { ConstantValue, Module } from "../../src/python/ast.js";
import type { ParseResult } from "../../src/python/types.js";
import { LineIndex } from "./offsets.js";
import { defaultPython, PYDUMP_SCRIPT } from "./pydump.js";
import type { PyRecord } from "./pydump.js";
import { isPyNode, POSITION_FIELDS } from "./pyjson.js";
import type { PyJson, PyNode } from "./pyjson.js";

/** Decode a typed constant of the dump format into our constant representation. */
export function decodeConstant(value: PyJson): ConstantValue {
  if (value === null || typeof value === "boolean" || typeof value === "string") return value;
  if (typeof value === "object" && !Array.isArray(value)) {
    if (typeof value.int === "string") {
      const big = BigInt(value.int);
      return big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : big;
    }
    if (typeof value.float === "string") return new PyFloat(parseFloatRepr(value.float));
    if (typeof value.complex === "string") return new PyComplex(parseFloatRepr(value.complex));
    if (typeof value.bytes === "string") return Uint8Array.from(Buffer.from(value.bytes, "hex"));
    if (value.ellipsis === true) return PY_ELLIPSIS;
  }
  throw new Error(`not a constant encoding: ${JSON.stringify(value)}`);
}

function parseFloatRepr(text: string): number {
  if (text === "inf") return Infinity;
  if (text === "-inf") return -Infinity;
  if (text === "nan") return NaN;
  return Number(text);
}

/** Build our AST shape from a dump-format node, computing `start`/`end` from `index`. */
export function fromPyJson(node: PyNode, index: LineIndex): unknown {
  const out: Record<string, unknown> = { type: node._type };
  for (const [key, value] of Object.entries(node)) {
    if (key === "_type") continue;
    out[key] = node._type === "Constant" && key === "value" ? decodeConstant(value) : fromValue(value, index);
  }
  if (POSITION_FIELDS.every((f) => typeof node[f] === "number")) {
    out.start = index.offsetOf(node.lineno as number, node.col_offset as number);
    out.end = index.offsetOf(node.end_lineno as number, node.end_col_offset as number);
  }
  if ((node._type === "FunctionDef" || node._type === "AsyncFunctionDef" || node._type === "ClassDef") && !("type_params" in node)) {
    out.type_params = [];
  }
  return out;
}

function fromValue(value: PyJson, index: LineIndex): unknown {
  if (Array.isArray(value)) return value.map((v) => fromValue(v, index));
  if (isPyNode(value)) return fromPyJson(value, index);
  return value;
}

/** A defect to inject into the stand-in's tree, to prove the oracle notices. */
export type StubDefect = (module: Module) => void;

/**
 * A `parseBytes` stand-in backed by CPython (UTF-8 sources only), optionally applying `defect`
 * to every tree it returns.
 */
export function cpythonBackedParseBytes(defect?: StubDefect, python: string = defaultPython()): (bytes: Uint8Array) => ParseResult {
  return (bytes) => {
    const text = new TextDecoder("utf-8").decode(bytes).replace(/^\ufeff/, "");
    const res = spawnSync(python, [PYDUMP_SCRIPT, "-"], { input: bytes, maxBuffer: 1 << 30, encoding: "utf8" });
    const record = JSON.parse(res.stdout) as PyRecord;
    const base = { comments: [], text, encoding: "utf-8" };
    if (!record.ok) {
      const lineno = record.error.lineno ?? 1;
      const col = Math.max(0, (record.error.offset ?? 1) - 1);
      return {
        ...base,
        module: null,
        error: { kind: "SyntaxError", message: record.error.msg, lineno, col_offset: col, end_lineno: lineno, end_col_offset: col, start: 0, end: 0 },
      };
    }
    const module = fromPyJson(record.tree, new LineIndex(text)) as Module;
    defect?.(module);
    return { ...base, module, error: null };
  };
}
