/**
 * @fileoverview Source position utilities for the Python front end: a {@link LineIndex} over a decoded
 * source text that converts between UTF-16 offsets, 1-based lines, UTF-16 columns and UTF-8 byte
 * columns (CPython's `col_offset` convention), plus helpers that turn located AST nodes into
 * editor-style (LSP/SARIF) positions and absolute offsets for fix edits.
 *
 * Lines are split the way CPython's tokenizer counts them: on `\r\n`, a lone `\r` and `\n`. Form
 * feed (`\f`), vertical tab and the Unicode line separators are ordinary characters, not line breaks.
 */

/** A 1-based line and a 0-based column (the unit of the column depends on the function). */
export interface LineColumn {
  /** 1-based line number. */
  line: number;
  /** 0-based column. */
  column: number;
}

/** What editors and reporters show: 1-based lines and 1-based UTF-16 columns, end exclusive. */
export interface SourceLocation {
  /** 1-based first line. */
  line: number;
  /** 1-based UTF-16 column of the first character. */
  column: number;
  /** 1-based last line. */
  endLine: number;
  /** 1-based UTF-16 column just past the last character. */
  endColumn: number;
}

/** An LSP-style range: 0-based lines and 0-based UTF-16 columns (`character`), end exclusive. */
export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** Anything positioned with CPython attributes (all located AST nodes, comments, syntax errors). */
export interface CPythonPosition {
  lineno: number;
  col_offset: number;
  end_lineno?: number | null;
  end_col_offset?: number | null;
}

/** Anything carrying absolute UTF-16 offsets into the source text. */
export interface OffsetRange {
  start: number;
  end: number;
}

const CR = 13;
const LF = 10;

/** Bytes needed to encode one UTF-16 code unit sequence; `code` is the unit at the position. */
function utf8Width(code: number): number {
  if (code < 0x80) return 1;
  if (code < 0x800) return 2;
  return 3; // BMP above U+07FF, and lone surrogates (encoded as U+FFFD by TextEncoder: 3 bytes)
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/**
 * Number of UTF-8 bytes that `text.slice(start, end)` encodes to (lone surrogates count as 3, as
 * `TextEncoder` encodes them as U+FFFD).
 */
export function utf8Length(text: string, start = 0, end = text.length): number {
  let bytes = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      bytes += 1;
    } else if (isHighSurrogate(c) && i + 1 < end && isLowSurrogate(text.charCodeAt(i + 1))) {
      bytes += 4;
      i++;
    } else {
      bytes += utf8Width(c);
    }
  }
  return bytes;
}

/**
 * A line table over one decoded source text. Build it once per file (one O(n) pass); queries are
 * O(log lines) for offset → line and O(1) on ASCII-only lines for column conversions (O(line length)
 * on lines with non-ASCII characters).
 *
 * Columns past the end of a line are clamped to the end of the line's content (before its line
 * break); lines past the end of the text are clamped to the last line.
 */
export class LineIndex {
  /** The text the index was built over. */
  readonly text: string;
  /** UTF-16 offset of the first character of each line (index 0 is line 1). */
  private readonly starts: Uint32Array;
  /** UTF-16 offset of the end of each line's content (where its line break starts). */
  private readonly contentEnds: Uint32Array;
  /** 1 when the line's content is pure ASCII (UTF-8 byte columns equal UTF-16 columns). */
  private readonly ascii: Uint8Array;

  constructor(text: string) {
    this.text = text;
    const n = text.length;
    // Over-allocate, then trim: one pass, no intermediate arrays of boxed numbers.
    let cap = 64;
    let starts: Uint32Array = new Uint32Array(cap);
    let ends: Uint32Array = new Uint32Array(cap);
    let ascii: Uint8Array = new Uint8Array(cap);
    let count = 0;
    let lineStart = 0;
    let isAscii = 1;
    let i = 0;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c > 0x7f) {
        isAscii = 0;
        i++;
        continue;
      }
      if (c !== LF && c !== CR) {
        i++;
        continue;
      }
      if (count + 1 >= cap) {
        cap *= 2;
        starts = grow32(starts, cap);
        ends = grow32(ends, cap);
        ascii = grow8(ascii, cap);
      }
      starts[count] = lineStart;
      ends[count] = i;
      ascii[count] = isAscii;
      count++;
      i += c === CR && i + 1 < n && text.charCodeAt(i + 1) === LF ? 2 : 1;
      lineStart = i;
      isAscii = 1;
    }
    if (count + 1 >= cap) {
      cap += 1;
      starts = grow32(starts, cap);
      ends = grow32(ends, cap);
      ascii = grow8(ascii, cap);
    }
    // The last line (possibly empty, after a final line break) always exists.
    starts[count] = lineStart;
    ends[count] = n;
    ascii[count] = isAscii;
    count++;
    this.starts = starts.slice(0, count);
    this.contentEnds = ends.slice(0, count);
    this.ascii = ascii.slice(0, count);
  }

  /**
   * Number of lines. A text ending in a line break has an extra empty last line, so `"a\n"` has 2
   * lines and `""` has 1.
   */
  get lineCount(): number {
    return this.starts.length;
  }

  private clampLine(line: number): number {
    if (!(line >= 1)) return 0; // also NaN
    const last = this.starts.length - 1;
    const idx = Math.floor(line) - 1;
    return idx > last ? last : idx;
  }

  /** UTF-16 offset of the first character of a 1-based line. */
  lineStart(line: number): number {
    return this.starts[this.clampLine(line)]!;
  }

  /** UTF-16 offset of the end of a line's content, i.e. where its line break (if any) starts. */
  lineContentEnd(line: number): number {
    return this.contentEnds[this.clampLine(line)]!;
  }

  /** UTF-16 offset just past a line's line break (the start of the next line, or the text end). */
  lineEnd(line: number): number {
    const idx = this.clampLine(line);
    return idx + 1 < this.starts.length ? this.starts[idx + 1]! : this.text.length;
  }

  /** A line's text without its line break. */
  lineText(line: number): string {
    const idx = this.clampLine(line);
    return this.text.slice(this.starts[idx], this.contentEnds[idx]);
  }

  /** Whether a line's content is pure ASCII (so byte columns equal UTF-16 columns). */
  isAsciiLine(line: number): boolean {
    return this.ascii[this.clampLine(line)] === 1;
  }

  /**
   * The 1-based line containing a UTF-16 offset. An offset inside a line break (between `\r` and
   * `\n`) or just past it belongs to the line the break ends; offsets are clamped to `[0, length]`.
   */
  lineOf(offset: number): number {
    const starts = this.starts;
    if (!(offset > 0)) return 1;
    let lo = 0;
    let hi = starts.length - 1;
    if (offset >= starts[hi]!) return hi + 1;
    // Invariant: starts[lo] <= offset < starts[hi].
    while (hi - lo > 1) {
      const mid = (lo + hi) >>> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid;
    }
    return lo + 1;
  }

  /**
   * Offset (UTF-16) → 1-based line and 0-based UTF-16 column. Offsets inside a line break map to
   * the end of that line's content.
   */
  position(offset: number): LineColumn {
    const line = this.lineOf(offset);
    const idx = line - 1;
    const start = this.starts[idx]!;
    const end = this.contentEnds[idx]!;
    const o = offset > this.text.length ? this.text.length : offset < 0 ? 0 : offset;
    return { line, column: (o > end ? end : o) - start };
  }

  /**
   * 1-based line and 0-based UTF-16 column → UTF-16 offset. The column is clamped to the line's
   * content (a column past the end gives the offset where the line break starts).
   */
  offsetAt(line: number, column: number): number {
    const idx = this.clampLine(line);
    const start = this.starts[idx]!;
    const end = this.contentEnds[idx]!;
    if (!(column > 0)) return start;
    const o = start + Math.floor(column);
    return o > end ? end : o;
  }

  /**
   * 0-based UTF-16 column → 0-based UTF-8 byte column on a line. A column in the middle of a
   * surrogate pair counts the whole pair; columns are clamped to the line's content.
   */
  utf16ToUtf8Column(line: number, column: number): number {
    const idx = this.clampLine(line);
    const start = this.starts[idx]!;
    const end = this.contentEnds[idx]!;
    const len = end - start;
    const col = !(column > 0) ? 0 : column > len ? len : Math.floor(column);
    if (this.ascii[idx] === 1) return col;
    const text = this.text;
    const stop = start + col;
    let bytes = 0;
    for (let i = start; i < stop; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (isHighSurrogate(c) && i + 1 < end && isLowSurrogate(text.charCodeAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += utf8Width(c);
      }
    }
    return bytes;
  }

  /**
   * 0-based UTF-8 byte column → 0-based UTF-16 column on a line. A byte column inside a
   * multi-byte character maps to the start of that character; columns are clamped to the line's
   * content.
   */
  utf8ToUtf16Column(line: number, byteColumn: number): number {
    const idx = this.clampLine(line);
    const start = this.starts[idx]!;
    const end = this.contentEnds[idx]!;
    if (!(byteColumn > 0)) return 0;
    if (this.ascii[idx] === 1) {
      const len = end - start;
      return byteColumn > len ? len : Math.floor(byteColumn);
    }
    const text = this.text;
    let bytes = 0;
    let i = start;
    while (i < end) {
      const c = text.charCodeAt(i);
      let w: number;
      let units = 1;
      if (c < 0x80) {
        w = 1;
      } else if (isHighSurrogate(c) && i + 1 < end && isLowSurrogate(text.charCodeAt(i + 1))) {
        w = 4;
        units = 2;
      } else {
        w = utf8Width(c);
      }
      if (bytes + w > byteColumn) break;
      bytes += w;
      i += units;
    }
    return i - start;
  }

  /** 1-based line and 0-based UTF-8 byte column (CPython convention) → UTF-16 offset. */
  offsetOfByteColumn(line: number, byteColumn: number): number {
    return this.lineStart(line) + this.utf8ToUtf16Column(line, byteColumn);
  }

  /** UTF-16 offset → 1-based line and 0-based UTF-8 byte column (CPython convention). */
  byteColumnOf(offset: number): LineColumn {
    const p = this.position(offset);
    return { line: p.line, column: this.utf16ToUtf8Column(p.line, p.column) };
  }
}

function grow32(a: Uint32Array, cap: number): Uint32Array {
  const b = new Uint32Array(cap);
  b.set(a);
  return b;
}

function grow8(a: Uint8Array, cap: number): Uint8Array {
  const b = new Uint8Array(cap);
  b.set(a);
  return b;
}

// ---------------------------------------------------------------------------------------------
// Node helpers

function hasOffsets(x: object): x is OffsetRange {
  return typeof (x as Partial<OffsetRange>).start === "number" && typeof (x as Partial<OffsetRange>).end === "number";
}

/**
 * Absolute UTF-16 offsets `[start, end)` of a located node (or comment, or syntax error), for
 * slicing the source and for fix edits. Uses the node's `start`/`end` when present, otherwise
 * converts its CPython line/byte-column attributes with the index (a missing end gives an empty range).
 */
export function nodeOffsets(index: LineIndex, node: CPythonPosition | OffsetRange): OffsetRange {
  if (hasOffsets(node)) return { start: node.start, end: node.end };
  const start = index.offsetOfByteColumn(node.lineno, node.col_offset);
  if (node.end_lineno == null || node.end_col_offset == null) return { start, end: start };
  return { start, end: index.offsetOfByteColumn(node.end_lineno, node.end_col_offset) };
}

/**
 * Editor-style location of a located node: 1-based lines and 1-based UTF-16 columns (what LSP
 * clients, SARIF's default `utf16CodeUnits` column kind and terminal output show). Computed from
 * the CPython attributes (`lineno`/`col_offset` in UTF-8 bytes); O(1) on ASCII lines.
 * A node without end attributes gets an empty range at its start.
 */
export function nodeLocation(index: LineIndex, node: CPythonPosition): SourceLocation {
  const line = node.lineno;
  const column = index.utf8ToUtf16Column(line, node.col_offset) + 1;
  if (node.end_lineno == null || node.end_col_offset == null) {
    return { line, column, endLine: line, endColumn: column };
  }
  const endLine = node.end_lineno;
  return { line, column, endLine, endColumn: index.utf8ToUtf16Column(endLine, node.end_col_offset) + 1 };
}

/** Editor-style location (1-based lines, 1-based UTF-16 columns) of an absolute UTF-16 range. */
export function offsetsToLocation(index: LineIndex, start: number, end: number): SourceLocation {
  const s = index.position(start);
  const e = index.position(end);
  return { line: s.line, column: s.column + 1, endLine: e.line, endColumn: e.column + 1 };
}

/** LSP range (0-based lines, 0-based UTF-16 `character`) of a located node. */
export function nodeLspRange(index: LineIndex, node: CPythonPosition): LspRange {
  const loc = nodeLocation(index, node);
  return {
    start: { line: loc.line - 1, character: loc.column - 1 },
    end: { line: loc.endLine - 1, character: loc.endColumn - 1 },
  };
}

/** The source text of a located node (sliced by its UTF-16 offsets). */
export function nodeText(index: LineIndex, node: CPythonPosition | OffsetRange): string {
  const r = nodeOffsets(index, node);
  return index.text.slice(r.start, r.end);
}
