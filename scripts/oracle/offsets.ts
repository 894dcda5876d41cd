/**
 * @fileoverview Self-consistency checks of our tree that CPython cannot make: every located node's
 * UTF-16 `start`/`end` must be the offsets its `lineno`/`col_offset` and `end_lineno`/
 * `end_col_offset` (UTF-8 byte columns) point at in `ParseResult.text`, and the parts of an
 * f-string must lie inside it.
 */
import { CHILD_FIELDS } from "../../src/python/ast.js";
import type { Node } from "../../src/python/ast.js";
import type { Mismatch } from "./compare.js";

/** Maps (1-based line, UTF-8 byte column) to UTF-16 offsets of a text, lines split like CPython. */
export class LineIndex {
  /** UTF-16 offset of the start of each line (index 0 is line 1). */
  readonly lineStarts: number[] = [0];
  private readonly asciiLine: boolean[] = [];

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.lineStarts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.lineStarts.push(i + 1);
      }
    }
    for (let l = 0; l < this.lineStarts.length; l++) {
      const from = this.lineStarts[l]!;
      const to = l + 1 < this.lineStarts.length ? this.lineStarts[l + 1]! : text.length;
      // eslint-disable-next-line no-control-regex
      this.asciiLine.push(!/[^\x00-\x7f]/.test(text.slice(from, to)));
    }
  }

  /**
   * UTF-16 offset of (line, byte column), or null when the position is not in the text or falls
   * inside a multi-byte character. A column past the end of the line's text continues counting
   * into the following characters (CPython never does this, so it is reported by the caller).
   */
  offsetOf(lineno: number, byteCol: number): number | null {
    if (lineno < 1 || lineno > this.lineStarts.length || byteCol < 0) return null;
    const start = this.lineStarts[lineno - 1]!;
    if (this.asciiLine[lineno - 1]) return start + byteCol <= this.text.length ? start + byteCol : null;
    let bytes = 0;
    let i = start;
    while (bytes < byteCol) {
      if (i >= this.text.length) return null;
      const c = this.text.charCodeAt(i);
      if (c < 0x80) {
        bytes += 1;
        i += 1;
      } else if (c < 0x800) {
        bytes += 2;
        i += 1;
      } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < this.text.length && (this.text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        bytes += 4;
        i += 2;
      } else {
        bytes += 3;
        i += 1;
      }
    }
    return bytes === byteCol ? i : null;
  }

  /** The text of a 1-based line without its line ending (for messages). */
  lineText(lineno: number): string {
    if (lineno < 1 || lineno > this.lineStarts.length) return "";
    const from = this.lineStarts[lineno - 1]!;
    const to = lineno < this.lineStarts.length ? this.lineStarts[lineno]! : this.text.length;
    return this.text.slice(from, to).replace(/\r?\n$|\r$/, "");
  }
}

interface LocatedLike {
  type: string;
  lineno: number;
  col_offset: number;
  end_lineno: number;
  end_col_offset: number;
  start: number;
  end: number;
}

function isLocatedLike(node: unknown): node is LocatedLike {
  const n = node as Partial<LocatedLike>;
  return typeof n.lineno === "number" && typeof n.col_offset === "number";
}

/**
 * Check `start`/`end` against the line/column positions for every located node of `module`, and
 * that f-string parts lie inside their f-string. Returns at most `max` problems.
 */
export function checkOffsets(module: Node, index: LineIndex, max: number): Mismatch[] {
  const out: Mismatch[] = [];
  const stack: { node: Node; path: string; fstring: LocatedLike | null }[] = [{ node: module, path: "", fstring: null }];
  while (stack.length > 0 && out.length < max) {
    const { node, path, fstring } = stack.pop()!;
    const here = node as unknown as Record<string, unknown>;
    if (isLocatedLike(node)) checkNode(node, path, index, out);
    if (fstring !== null && isLocatedLike(node) && typeof node.start === "number" && (node.start < fstring.start || node.end > fstring.end)) {
      out.push({
        path: path || "<root>",
        category: `${node.type}[outside f-string]`,
        expected: `within ${fstring.start}..${fstring.end}`,
        actual: `${node.start}..${node.end}`,
        lineno: node.lineno,
      });
    }
    const fields = (CHILD_FIELDS as Record<string, readonly string[] | undefined>)[node.type] ?? [];
    for (let f = fields.length - 1; f >= 0; f--) {
      const field = fields[f]!;
      const value = here[field];
      // Parts of an f-string (its values, and format specs) must lie inside the outermost JoinedStr.
      let partOf: LocatedLike | null = null;
      if (node.type === "JoinedStr" && field === "values") partOf = fstring ?? (node as unknown as LocatedLike);
      else if (node.type === "FormattedValue" && field === "format_spec") partOf = fstring;
      const childPath = path === "" ? field : `${path}.${field}`;
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) {
          const item = value[i] as Node | null;
          if (item !== null && typeof item === "object") stack.push({ node: item, path: `${childPath}[${i}]`, fstring: partOf });
        }
      } else if (value !== null && typeof value === "object") {
        stack.push({ node: value as Node, path: childPath, fstring: partOf });
      }
    }
  }
  return out.slice(0, max);
}

function checkNode(node: LocatedLike, path: string, index: LineIndex, out: Mismatch[]): void {
  const at = path || "<root>";
  if (typeof node.start !== "number" || typeof node.end !== "number") {
    out.push({ path: at, category: `${node.type}.start/end[missing]`, expected: "start/end numbers", actual: `${String(node.start)}/${String(node.end)}`, lineno: node.lineno });
    return;
  }
  const start = index.offsetOf(node.lineno, node.col_offset);
  if (start !== node.start) {
    out.push({
      path: `${at}.start`,
      category: `${node.type}.start[inconsistent]`,
      expected: `${String(start)} (from ${node.lineno}:${node.col_offset})`,
      actual: String(node.start),
      lineno: node.lineno,
    });
  }
  const end = index.offsetOf(node.end_lineno, node.end_col_offset);
  if (end !== node.end) {
    out.push({
      path: `${at}.end`,
      category: `${node.type}.end[inconsistent]`,
      expected: `${String(end)} (from ${node.end_lineno}:${node.end_col_offset})`,
      actual: String(node.end),
      lineno: node.end_lineno,
    });
  }
}
