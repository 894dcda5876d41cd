/**
 * @fileoverview Backslash continuations inside indentation, as CPython's tokenizer treats them: the
 * continuation joins the next physical line, and the column of the first backslash (when not 0)
 * decides the indentation. Expected trees come from CPython 3.11/3.13.
 */
import { describe, expect, it } from "vitest";
import { parse } from "../../src/python/index.js";

function shape(src: string): unknown {
  const r = parse(src);
  if (r.error) return `error: ${r.error.message}`;
  return r.module!.body.map((s) => ("body" in s && Array.isArray(s.body) ? [s.type, s.body.length] : s.type));
}

describe("backslash continuation at the start of a line", () => {
  it("a continuation at column 0 lets the next line's indentation count", () => {
    expect(shape("if 1:\n    x = 1\n\\\n    y = 2\n")).toEqual([["If", 2]]);
  });
  it("a continuation followed by a blank line is ignored", () => {
    expect(shape("if 1:\n    x = 1\n\\\n\n    y = 2\n")).toEqual([["If", 2]]);
  });
  it("the first backslash's column decides the indentation", () => {
    expect(shape("if 1:\n  \\\n      x = 1\n")).toEqual([["If", 1]]);
  });
  it("a continuation at end of file is an error", () => {
    expect(shape("x = 1\n\\\n")).toEqual("error: unexpected EOF while parsing");
  });
});
