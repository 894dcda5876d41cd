/**
 * @fileoverview Minimal constant reading for rules: literal strings (including bytes and implicit
 * concatenation, which the parser already folds into one constant), literal booleans and literal
 * numbers. Issue 4 grows this into full constant evaluation with provenance.
 */
import type { Expr } from "../python/ast.js";

/** A literal string-ish value: `"abc"` → `{ kind: "str", value: "abc" }`, `b"ab"` → bytes decoded as latin-1. */
export interface StringLiteral {
  kind: "str" | "bytes";
  /** The value; for bytes each byte becomes one char (latin-1), so comparisons stay byte-exact. */
  value: string;
}

/** Reads a `str` or `bytes` literal; null for anything else (f-strings with placeholders included). */
export function stringLiteral(expr: Expr | null | undefined): StringLiteral | null {
  if (!expr) return null;
  if (expr.type === "Constant") {
    if (typeof expr.value === "string") return { kind: "str", value: expr.value };
    if (expr.value instanceof Uint8Array) {
      let s = "";
      for (const b of expr.value) s += String.fromCharCode(b);
      return { kind: "bytes", value: s };
    }
    return null;
  }
  if (expr.type === "JoinedStr" && expr.values.every((v) => v.type === "Constant")) {
    return { kind: "str", value: expr.values.map((v) => (v.type === "Constant" ? String(v.value) : "")).join("") };
  }
  return null;
}

/** Whether `expr` is the literal `True`. */
export function isTrueLiteral(expr: Expr | null | undefined): boolean {
  return !!expr && expr.type === "Constant" && expr.value === true;
}

/** Whether `expr` is the literal `None`. */
export function isNoneLiteral(expr: Expr | null | undefined): boolean {
  return !!expr && expr.type === "Constant" && expr.value === null;
}
