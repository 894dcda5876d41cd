/**
 * @fileoverview HTML structure of a template: masks the Jinja segments with same-length
 * placeholders (outputs become `x…x` so that attribute values and text keep their extent, statements
 * and comments become spaces; line breaks are kept), runs the tolerant `htmlparser2` parser over the
 * masked text and records every element with exact offsets: tag, attributes (name, value, value
 * range, quoting), parent, and the range up to its end tag (or implied end). `<script>` and `<style>`
 * content is recorded as raw text ranges.
 */
import { createRequire } from "node:module";
import type { Parser } from "htmlparser2";

/** htmlparser2, loaded on the first template (most scans have few or none; loading costs ~20 ms). */
let htmlparser2: typeof import("htmlparser2") | null = null;
function loadHtmlparser2(): typeof import("htmlparser2") {
  htmlparser2 ??= createRequire(import.meta.url)("htmlparser2") as typeof import("htmlparser2");
  return htmlparser2;
}
import type { Segment } from "./jinja-lexer.js";

/** One attribute of an element; offsets are absolute template offsets. */
export interface HtmlAttribute {
  /** Lower-cased attribute name. */
  name: string;
  nameStart: number;
  nameEnd: number;
  /** The raw value text in the template (Jinja included), or null for a bare attribute. */
  value: string | null;
  valueStart: number;
  valueEnd: number;
  /** `"`, `'`, or null when unquoted (or bare). */
  quote: '"' | "'" | null;
  /** Offset just past the whole attribute. */
  end: number;
}

/** An HTML element of a template. */
export interface HtmlElement {
  /** Lower-cased tag name. */
  name: string;
  /** Offset of `<`. */
  start: number;
  /** Offset just past the `>` of the start tag. */
  openEnd: number;
  /** Offset just past the end tag, or the offset of the implied end (end of the parent or file). */
  end: number;
  /** Whether an explicit end tag closed it. */
  closed: boolean;
  attributes: HtmlAttribute[];
  parent: HtmlElement | null;
  children: HtmlElement[];
  /** For raw-text elements (`script`, `style`, `textarea`, `title`): the content range. */
  contentStart: number;
  contentEnd: number;
}

/**
 * Replaces every Jinja segment with a same-length placeholder: outputs with `fill` characters,
 * statements and comments with spaces; line breaks are kept so that lines stay put.
 */
export function maskJinja(text: string, segments: readonly Segment[], fill = "x"): string {
  const parts: string[] = [];
  let last = 0;
  for (const seg of segments) {
    if (seg.kind === "data") continue;
    parts.push(text.slice(last, seg.start));
    const ch = seg.kind === "variable" ? fill : " ";
    parts.push(text.slice(seg.start, seg.end).replace(/[^\r\n]/g, ch));
    last = seg.end;
  }
  parts.push(text.slice(last));
  return parts.join("");
}

/** Parses the masked HTML; returns the elements in document order. */
export function parseHtml(masked: string): HtmlElement[] {
  const elements: HtmlElement[] = [];
  const open: HtmlElement[] = [];
  let current: HtmlElement | null = null;
  const parser: Parser = new (loadHtmlparser2().Parser)(
    {
      onopentagname(name) {
        const parent = open[open.length - 1] ?? null;
        current = {
          name,
          start: parser.startIndex,
          openEnd: parser.startIndex,
          end: masked.length,
          closed: false,
          attributes: [],
          parent,
          children: [],
          contentStart: 0,
          contentEnd: 0,
        };
        parent?.children.push(current);
        elements.push(current);
      },
      onattribute(name, _value, quote) {
        if (!current) return;
        const nameStart = parser.startIndex;
        const attrEnd = Math.min(parser.endIndex + 1, masked.length);
        current.attributes.push(readAttribute(masked, name, nameStart, attrEnd, quote));
      },
      onopentag() {
        if (!current) return;
        current.openEnd = parser.endIndex + 1;
        current.contentStart = current.openEnd;
        open.push(current);
        current = null;
      },
      onclosetag(name, isImplied) {
        const idx = findLast(open, name);
        if (idx < 0) return;
        const el = open[idx]!;
        for (let i = open.length - 1; i > idx; i--) open[i]!.end = isImplied ? parser.startIndex : parser.startIndex;
        if (isImplied) {
          el.end = Math.max(el.openEnd, parser.startIndex);
          el.contentEnd = el.end;
        } else {
          el.contentEnd = parser.startIndex;
          el.end = parser.endIndex + 1;
          el.closed = true;
        }
        open.length = idx;
      },
    },
    { lowerCaseTags: true, lowerCaseAttributeNames: true, decodeEntities: true, recognizeSelfClosing: true },
  );
  parser.write(masked);
  parser.end();
  for (const el of elements) {
    if (el.contentEnd < el.contentStart) el.contentEnd = el.contentStart;
    if (!el.closed && el.end < el.openEnd) el.end = el.openEnd;
  }
  return elements;
}

function findLast(open: readonly HtmlElement[], name: string): number {
  for (let i = open.length - 1; i >= 0; i--) if (open[i]!.name === name) return i;
  return -1;
}

/** Recovers an attribute's exact ranges from the masked text between its name and its end. */
function readAttribute(masked: string, name: string, nameStart: number, attrEnd: number, quote: string | null | undefined): HtmlAttribute {
  let i = nameStart;
  while (i < attrEnd && !/[\s=>/]/.test(masked[i]!)) i++;
  const nameEnd = i;
  while (i < attrEnd && /\s/.test(masked[i]!)) i++;
  if (quote === undefined || masked[i] !== "=") {
    return { name, nameStart, nameEnd, value: null, valueStart: nameEnd, valueEnd: nameEnd, quote: null, end: nameEnd };
  }
  i++;
  while (i < masked.length && /\s/.test(masked[i]!)) i++;
  const q = masked[i] === '"' || masked[i] === "'" ? (masked[i] as '"' | "'") : null;
  let valueStart = i;
  let valueEnd: number;
  let end: number;
  if (q) {
    valueStart = i + 1;
    const close = masked.indexOf(q, valueStart);
    valueEnd = close < 0 ? masked.length : close;
    end = close < 0 ? masked.length : close + 1;
  } else {
    let j = i;
    while (j < masked.length && !/[\s>]/.test(masked[j]!)) j++;
    valueEnd = j;
    end = j;
  }
  return { name, nameStart, nameEnd, value: masked.slice(valueStart, valueEnd), valueStart, valueEnd, quote: q, end };
}
