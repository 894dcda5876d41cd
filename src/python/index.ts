/**
 * @fileoverview Public entry points of the Python front end: `parse` (text) and `parseBytes`
 * (raw file bytes, decoded the way CPython reads source files).
 */
import { decodeSource } from "./decode.js";
import { parseTokens } from "./parser.js";
import { tokenScratch, tokenize } from "./tokenizer.js";
import type { ParseOptions, ParseResult } from "./types.js";

export type * from "./ast.js";
export { PY_ELLIPSIS, PyComplex, PyEllipsis, PyFloat, CHILD_FIELDS, isLocated } from "./ast.js";
export type { Comment, ParseOptions, ParseResult, PySyntaxError, SyntaxErrorKind } from "./types.js";

/** The token arrays `parse` and `lex` reuse: each is done with its tokens before it returns. */
const scratch = tokenScratch();

/** Parse decoded Python source text. Never throws for bad input; see {@link ParseResult}. */
export function parse(text: string, options: ParseOptions = {}): ParseResult {
  let src = text;
  if (src.charCodeAt(0) === 0xfeff) src = src.slice(1);
  const tokens = tokenize(src, scratch);
  const { module, error } = parseTokens(src, tokens, { maxDepth: options.maxDepth });
  return { module, error, comments: tokens.comments, text: src, encoding: "utf-8" };
}

/**
 * Tokenizes decoded source without parsing: the comments and the tokenizer's syntax errors
 * (unterminated strings, bad indentation, invalid characters), for files whose syntax tree nobody
 * reads. `module` is always null; `error` is null when the tokens are well formed.
 */
export function lex(text: string): ParseResult {
  let src = text;
  if (src.charCodeAt(0) === 0xfeff) src = src.slice(1);
  // Token positions are not needed: comments and errors carry their own.
  const tokens = tokenize(src, scratch, { positions: false });
  return { module: null, error: tokens.error, comments: tokens.comments, text: src, encoding: "utf-8" };
}

export { decodeSource } from "./decode.js";

/**
 * Parse raw source bytes: honours a UTF-8 BOM and a PEP 263 coding declaration on the first two
 * lines, and reports invalid encodings as an `EncodingError` instead of guessing.
 */
export function parseBytes(bytes: Uint8Array, options: ParseOptions = {}): ParseResult {
  const decoded = decodeSource(bytes);
  if (decoded.error) {
    return { module: null, error: decoded.error, comments: [], text: decoded.text, encoding: decoded.encoding };
  }
  const result = parse(decoded.text, options);
  return { ...result, encoding: decoded.encoding };
}
