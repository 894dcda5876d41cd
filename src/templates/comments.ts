/**
 * @fileoverview Comments of templates and JavaScript in the shape the suppression machinery reads
 * (`src/core/suppressions.ts`): Jinja comments `{# … #}` and JavaScript line comments `// …` (in
 * static scripts and in inline `<script>` blocks of templates). Only files that mention
 * `flaskguard` are searched, so the common case costs one `includes`.
 */
import type { Options } from "acorn";
import { acornLooseModule, acornModule } from "./acorn-lazy.js";
import type { Segment } from "./jinja-lexer.js";

/**
 * A comment with its 1-based line. `text` starts at the comment's opening delimiter (`{#` or `//`)
 * and stops before the closing `#}` (and a `-` whitespace-control marker); `outer` is the whole
 * comment with its delimiters, for fixes that remove it.
 */
export interface SourceComment {
  text: string;
  start: number;
  end: number;
  lineno: number;
  /** UTF-16 column of `start` (0-based). */
  col_offset: number;
  outer: { start: number; end: number };
}

/** Whether a file's text can hold a flaskguard directive at all. */
export function mayHoldDirectives(text: string): boolean {
  return /flaskguard/i.test(text);
}

/**
 * The Jinja comments of a template and the `//` comments of its inline scripts, in text order.
 * `scripts` are the inline script ranges (content offsets) to read JavaScript comments from.
 */
export function templateComments(text: string, segments: readonly Segment[], scripts: readonly { start: number; end: number; code: string }[]): SourceComment[] {
  if (!mayHoldDirectives(text)) return [];
  const lines = lineStarts(text);
  const out: SourceComment[] = [];
  for (const s of segments) {
    if (s.kind !== "comment") continue;
    let innerEnd = s.end - 2;
    if (text[innerEnd - 1] === "-" || text[innerEnd - 1] === "+") innerEnd--;
    while (innerEnd > s.innerStart && /\s/.test(text[innerEnd - 1]!)) innerEnd--;
    // `{#- … -#}`: the whitespace-control marker becomes a space, so `#` directly precedes the directive (same length, same offsets).
    const raw = text.slice(s.start, Math.max(innerEnd, s.start + 2));
    const body = raw.length > 2 && (raw[2] === "-" || raw[2] === "+") ? `{# ${raw.slice(3)}` : raw;
    out.push(make(body, s.start, s.start + body.length, { start: s.start, end: s.end }, lines));
  }
  for (const script of scripts) {
    if (!mayHoldDirectives(script.code)) continue;
    out.push(...jsComments(script.code, script.start, lines));
  }
  return out.sort((a, b) => a.start - b.start);
}

/** The `//` comments of a static JavaScript file. */
export function scriptComments(text: string): SourceComment[] {
  if (!mayHoldDirectives(text)) return [];
  return jsComments(text, 0, lineStarts(text));
}

function jsComments(code: string, offset: number, lines: readonly number[]): SourceComment[] {
  // Strict script goal, then module goal, then the tolerant parser (as `parseScript` does); each
  // attempt collects afresh, so a failed attempt leaves no partial list behind.
  const attempts: ((o: Options) => unknown)[] = [
    (o) => acornModule().parse(code, { ...o, sourceType: "script" }),
    (o) => acornModule().parse(code, { ...o, sourceType: "module" }),
    (o) => acornLooseModule().parse(code, { ...o, sourceType: "module" }),
  ];
  for (const attempt of attempts) {
    const ranges: [number, number][] = [];
    try {
      attempt({
        ecmaVersion: "latest",
        allowHashBang: true,
        allowReturnOutsideFunction: true,
        allowAwaitOutsideFunction: true,
        onComment: (block: boolean, _text: string, start: number, end: number) => {
          if (!block) ranges.push([start, end]);
        },
      });
    } catch {
      continue;
    }
    // acorn's `start` is the first `/` of the delimiter.
    return ranges.map(([s, e]) => make(code.slice(s, e), offset + s, offset + e, { start: offset + s, end: offset + e }, lines));
  }
  return [];
}

function make(text: string, start: number, end: number, outer: { start: number; end: number }, lines: readonly number[]): SourceComment {
  const line = lineOf(lines, start);
  return { text, start, end, lineno: line, col_offset: start - lines[line - 1]!, outer };
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
  return starts;
}

function lineOf(starts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}
