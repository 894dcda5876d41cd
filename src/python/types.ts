/**
 * @fileoverview Public result types of the Python front end: parse results, comments, syntax errors.
 */
import type { Module } from "./ast.js";

/** A `#` comment, kept beside the tree so later layers can read suppression directives. */
export interface Comment {
  /** The comment text including the leading `#`, without the line ending. */
  text: string;
  /** 0-based UTF-16 offset of the `#`. */
  start: number;
  /** 0-based UTF-16 offset just past the comment. */
  end: number;
  /** 1-based line. */
  lineno: number;
  /** 0-based UTF-8 byte column of the `#` (CPython convention). */
  col_offset: number;
}

/** The kind of a syntax error, following CPython's exception classes. */
export type SyntaxErrorKind = "SyntaxError" | "IndentationError" | "TabError" | "EncodingError";

/**
 * A structured syntax error in the CPython spirit. The parser never throws for bad input; it
 * returns one of these (CPython stops at the first error, and so do we).
 */
export interface PySyntaxError {
  kind: SyntaxErrorKind;
  /** Human-readable message, e.g. "invalid syntax" or "'(' was never closed". */
  message: string;
  /** 1-based line. */
  lineno: number;
  /** 0-based UTF-8 byte column (CPython `offset` minus one). */
  col_offset: number;
  /** 1-based end line. */
  end_lineno: number;
  /** 0-based UTF-8 byte end column. */
  end_col_offset: number;
  /** 0-based UTF-16 offsets into the decoded text. */
  start: number;
  end: number;
}

/** What `parse` returns: a tree or an error, plus comments and the decoded text. */
export interface ParseResult {
  /** The module, or null when the source has a syntax error. */
  module: Module | null;
  /** The first syntax error, or null. */
  error: PySyntaxError | null;
  /** All comments in source order (also present when parsing failed part way). */
  comments: Comment[];
  /** The decoded source text the offsets refer to (BOM removed). */
  text: string;
  /** The encoding the bytes were decoded with (`utf-8` for string input). */
  encoding: string;
}

export interface ParseOptions {
  /** Name used in messages only. */
  filename?: string;
  /**
   * Maximum nesting depth of brackets/expressions/blocks before the parser gives a
   * "too many nested ..." error instead of risking a stack overflow. Default 1000 (CPython
   * allows 200 nested parentheses in its tokenizer; we allow more, safely).
   */
  maxDepth?: number;
}
