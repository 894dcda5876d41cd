/**
 * @fileoverview Line index over a decoded source text: converts 0-based UTF-16 offsets (what AST nodes
 * carry in `start`/`end`) to 1-based lines and 1-based UTF-16 columns (what editors, SARIF and our JSON
 * output show), and back. Python line breaks are `\n`, `\r\n` and a lone `\r`.
 */

/** A 1-based line and 1-based UTF-16 column. */
export interface LineColumn {
  line: number;
  column: number;
}

/**
 * Line starts of one text, found on the first lookup (most files of a scan have nothing to report,
 * so most indexes are never used); that first lookup is O(n), the next ones O(log lines).
 *
 * Given `"a = 1\nb = 2"`, `offsetToPosition(6)` returns `{ line: 2, column: 1 }`.
 */
export class LineIndex {
  private starts: number[] | null = null;

  constructor(readonly text: string) {}

  /** UTF-16 offset of the first character of each line (line 1 at index 0). */
  get lineStarts(): number[] {
    this.starts ??= lineStartsOf(this.text);
    return this.starts;
  }

  /** Number of lines (a trailing newline starts a last, empty line). */
  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** Converts a 0-based UTF-16 offset to a 1-based line and column; offsets are clamped to the text. */
  offsetToPosition(offset: number): LineColumn {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: o - this.lineStarts[lo]! + 1 };
  }

  /** Converts a 1-based line and column back to a 0-based UTF-16 offset (clamped to the line). */
  positionToOffset(line: number, column: number): number {
    const l = Math.max(1, Math.min(line, this.lineStarts.length));
    const start = this.lineStarts[l - 1]!;
    const end = this.lineEnd(l);
    return Math.max(start, Math.min(start + column - 1, end));
  }

  /** 0-based offset where 1-based `line` starts. */
  lineStart(line: number): number {
    return this.lineStarts[Math.max(1, Math.min(line, this.lineStarts.length)) - 1]!;
  }

  /** 0-based offset just past the last character of `line`, excluding its line break. */
  lineEnd(line: number): number {
    const l = Math.max(1, Math.min(line, this.lineStarts.length));
    let end = l < this.lineStarts.length ? this.lineStarts[l]! : this.text.length;
    if (end > this.lineStarts[l - 1]! && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[l - 1]! && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  /** The text of 1-based `line` without its line break. */
  lineText(line: number): string {
    return this.text.slice(this.lineStart(line), this.lineEnd(line));
  }
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (ch === 10 /* \n */) {
      starts.push(i + 1);
    } else if (ch === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}
