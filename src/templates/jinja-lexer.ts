/**
 * @fileoverview The Jinja lexer: splits a template text into data, `{{ … }}` output, `{% … %}`
 * statement and `{# … #}` comment segments (default delimiters, whitespace-control markers `-`/`+`,
 * `{% raw %}` blocks kept as data). Like Jinja's own lexer it skips string literals and balances
 * brackets when looking for the closing delimiter, so `{{ "}}" }}` and `{{ {'a': {'b': 1}} }}` are one
 * segment. An unterminated tag becomes an error with its exact offset; lexing goes on after it.
 */

/** Kind of a lexed segment. */
export type SegmentKind = "data" | "variable" | "block" | "comment";

/** One segment of the template text; offsets are 0-based UTF-16 offsets into the template. */
export interface Segment {
  kind: SegmentKind;
  /** Offset of the first character (the `{` of a tag). */
  start: number;
  /** Offset just past the last character (past `}}` / `%}` / `#}`). */
  end: number;
  /** Offset of the tag's content, after the opening delimiter and any `-`/`+` marker. */
  innerStart: number;
  /** Offset just past the tag's content, before any `-` marker and the closing delimiter. */
  innerEnd: number;
}

/** A lexing problem (unterminated tag). */
export interface TemplateSyntaxIssue {
  message: string;
  start: number;
  end: number;
}

/** The result of {@link lexTemplate}. */
export interface LexResult {
  segments: Segment[];
  errors: TemplateSyntaxIssue[];
}

const CLOSERS: Record<string, string> = { "{{": "}}", "{%": "%}", "{#": "#}" };
const KINDS: Record<string, SegmentKind> = { "{{": "variable", "{%": "block", "{#": "comment" };

/**
 * Splits `text` into segments. Adjacent data is merged into one data segment.
 *
 * Given `"a{{ x }}b"`, returns data `[0,1)`, variable `[1,8)` (inner `[3,6)`), data `[8,9)`.
 */
export function lexTemplate(text: string): LexResult {
  const segments: Segment[] = [];
  const errors: TemplateSyntaxIssue[] = [];
  let pos = 0;
  let dataStart = 0;
  const flushData = (until: number): void => {
    if (until > dataStart) segments.push({ kind: "data", start: dataStart, end: until, innerStart: dataStart, innerEnd: until });
  };
  while (pos < text.length) {
    const open = nextOpener(text, pos);
    if (open < 0) break;
    const opener = text.slice(open, open + 2);
    const closer = CLOSERS[opener]!;
    let innerStart = open + 2;
    if (text[innerStart] === "-" || text[innerStart] === "+") innerStart++;
    const close = opener === "{#" ? text.indexOf("#}", innerStart) : findCloser(text, innerStart, closer);
    if (close < 0) {
      const what = opener === "{{" ? "print statement '}}'" : opener === "{%" ? "statement '%}'" : "comment '#}'";
      errors.push({ message: `unexpected end of template: the tag opened here has no closing ${what}`, start: open, end: open + 2 });
      // Tolerance: treat the rest of the line as the unterminated tag and go on lexing after it.
      const eol = text.indexOf("\n", open);
      pos = eol < 0 ? text.length : eol;
      continue;
    }
    let innerEnd = close;
    if (innerEnd > innerStart && text[innerEnd - 1] === "-" && opener !== "{#") innerEnd--;
    flushData(open);
    const segment: Segment = { kind: KINDS[opener]!, start: open, end: close + 2, innerStart, innerEnd };
    segments.push(segment);
    pos = dataStart = close + 2;
    if (segment.kind === "block" && /^\s*raw\s*$/.test(text.slice(innerStart, innerEnd))) {
      // {% raw %} ... {% endraw %}: everything up to the end tag is data.
      const endRaw = /\{%[-+]?\s*endraw\s*[-+]?%\}/g;
      endRaw.lastIndex = pos;
      const m = endRaw.exec(text);
      if (!m) {
        errors.push({ message: "'raw' block is never closed (missing {% endraw %})", start: open, end: close + 2 });
        pos = text.length;
        break;
      }
      flushData(m.index);
      const endStart = m.index;
      const endInnerStart = endStart + 2 + (/[-+]/.test(text[endStart + 2] ?? "") ? 1 : 0);
      const endClose = endStart + m[0].length - 2;
      const endInnerEnd = text[endClose - 1] === "-" || text[endClose - 1] === "+" ? endClose - 1 : endClose;
      segments.push({ kind: "block", start: endStart, end: endStart + m[0].length, innerStart: endInnerStart, innerEnd: endInnerEnd });
      pos = dataStart = endStart + m[0].length;
    }
  }
  dataStart = Math.min(dataStart, text.length);
  flushData(text.length);
  return { segments, errors };
}

function nextOpener(text: string, from: number): number {
  let i = text.indexOf("{", from);
  while (i >= 0) {
    const c = text[i + 1];
    if (c === "{" || c === "%" || c === "#") return i;
    i = text.indexOf("{", i + 1);
  }
  return -1;
}

/** Finds the closing `}}`/`%}` outside string literals and brackets; -1 when there is none. */
function findCloser(text: string, from: number, closer: string): number {
  let depth = 0;
  let i = from;
  let firstCloser = -1;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < text.length && text[j] !== c) {
        if (text[j] === "\\") j++;
        j++;
      }
      if (j >= text.length) return firstCloser;
      i = j + 1;
      continue;
    }
    if (text.startsWith(closer, i)) {
      if (depth === 0) return i;
      if (firstCloser < 0) firstCloser = i;
    }
    if (c === "(" || c === "[" || c === "{") depth++;
    else if ((c === ")" || c === "]" || c === "}") && depth > 0) depth--;
    i++;
  }
  // Unbalanced brackets: fall back to the first closer (the expression parser reports the bracket).
  return firstCloser;
}
