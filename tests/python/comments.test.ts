/**
 * @fileoverview Comment side-table tests: every `#` comment is kept with its text and positions
 * (1-based line, UTF-8 byte column, UTF-16 offsets), including comments inside brackets, on
 * continuation lines, inside 3.12 f-string replacement fields, after dedents, and with CRLF line
 * endings; `#` inside strings is not a comment. Expectations follow CPython 3.13's tokenizer.
 */
import { describe, expect, it } from "vitest";
import { parse } from "../../src/python/index.js";
import type { Comment } from "../../src/python/types.js";

/** Comments as [text, lineno, col_offset] triples, after checking start/end against the text. */
function comments(src: string): [string, number, number][] {
  const r = parse(src);
  expect(r.error, JSON.stringify(r.error)).toBeNull();
  return r.comments.map((c: Comment) => {
    expect(src.slice(c.start, c.end)).toBe(c.text);
    return [c.text, c.lineno, c.col_offset];
  });
}

describe("comments", () => {
  it("shebang, coding line and trailing comments", () => {
    expect(comments("#!/usr/bin/env python\n# -*- coding: utf-8 -*-\nx = 1  # trailing\n")).toEqual([
      ["#!/usr/bin/env python", 1, 0],
      ["# -*- coding: utf-8 -*-", 2, 0],
      ["# trailing", 3, 7],
    ]);
  });

  it("comments inside brackets (implicit line joining)", () => {
    expect(comments("x = [  # open\n    1,  # one\n    # own line\n]  # close\n")).toEqual([
      ["# open", 1, 7],
      ["# one", 2, 8],
      ["# own line", 3, 4],
      ["# close", 4, 3],
    ]);
  });

  it("comment on a backslash continuation line", () => {
    expect(comments("y = 1 + \\\n    2  # after continuation\n")).toEqual([["# after continuation", 2, 7]]);
  });

  it("comment inside a multi-line f-string replacement field (3.12)", () => {
    expect(comments("f'''{\n    x  # inside f-string\n}'''\n")).toEqual([["# inside f-string", 2, 7]]);
  });

  it("# inside a string is not a comment", () => {
    expect(comments('s = "# not a comment"  # real\n')).toEqual([["# real", 1, 23]]);
    expect(comments("s = '''\n# still a string\n'''\n")).toEqual([]);
    expect(comments("s = f'{x}#no'  # yes\n")).toEqual([["# yes", 1, 15]]);
  });

  it("columns are UTF-8 bytes; start/end are UTF-16 offsets", () => {
    const src = "é = 1  # café 😀\n";
    expect(comments(src)).toEqual([["# café 😀", 1, 8]]);
    const c = parse(src).comments[0]!;
    expect(c.start).toBe(7);
    expect(c.end).toBe(src.length - 1);
  });

  it("comments at dedents, over-indented comments and at end of file without newline", () => {
    expect(comments("def f():\n    pass\n    # dedented comment at end\n# top\n")).toEqual([
      ["# dedented comment at end", 3, 4],
      ["# top", 4, 0],
    ]);
    expect(comments("if x:\n    pass\n        # over-indented comment\n")).toEqual([["# over-indented comment", 3, 8]]);
    expect(comments("x = 1  # no newline at end")).toEqual([["# no newline at end", 1, 7]]);
  });

  it("the text excludes the CR of a CRLF line ending", () => {
    expect(comments("x = 1  # crlf\r\ny = 2\r\n")).toEqual([["# crlf", 1, 7]]);
    expect(comments("x = 1  # cr\ry = 2\r")).toEqual([["# cr", 1, 7]]);
  });

  it("type: ignore and suppression comments are ordinary comments", () => {
    expect(comments("x = 1  # type: ignore[attr]\ny = 2  # flaskguard: ignore[rule] -- reason\n")).toEqual([
      ["# type: ignore[attr]", 1, 7],
      ["# flaskguard: ignore[rule] -- reason", 2, 7],
    ]);
  });

  it("a comment-only file and an empty comment", () => {
    expect(comments("#\n")).toEqual([["#", 1, 0]]);
    const r = parse("# only\n");
    expect(r.module!.body).toEqual([]);
  });

  it("comments are in source order across many lines", () => {
    const src = Array.from({ length: 1000 }, (_, i) => `x${i} = ${i}  # c${i}`).join("\n") + "\n";
    const cs = comments(src);
    expect(cs.length).toBe(1000);
    expect(cs[999]).toEqual(["# c999", 1000, 12]);
  });
});
