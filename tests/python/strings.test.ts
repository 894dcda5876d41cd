/**
 * @fileoverview Parser unit tests for string and bytes literals: quote styles, every prefix in any case
 * and order, escapes, raw strings, implicit concatenation, non-ASCII text (UTF-8 byte columns vs UTF-16
 * offsets) and the TypeScript value types (string, Uint8Array, `kind`). Expected dumps come from
 * CPython 3.13 and are hard-coded.
 */
import { describe, expect, it } from "vitest";
import type { Constant } from "../../src/python/ast.js";
import { type Case, first, parseOk, render } from "./_support.js";

const CASES: Case[] = [
  // <STR>
  ["single, double and triple quotes", "'a'\n\"b\"\n'''c'''\n\"\"\"d\"\"\"\n", "Constant(value=\"a\")@1:0-1:3\nConstant(value=\"b\")@2:0-2:3\nConstant(value=\"c\")@3:0-3:7\nConstant(value=\"d\")@4:0-4:7", true],
  ["u prefix sets kind", "u'x'\nU\"y\"\n", "Constant(value=\"x\", kind=\"u\")@1:0-1:4\nConstant(value=\"y\")@2:0-2:4", true],
  ["raw prefixes in any case", "r'\\n'\nR'\\d'\nr\"\\\"\"\n", "Constant(value=\"\\\\n\")@1:0-1:5\nConstant(value=\"\\\\d\")@2:0-2:5\nConstant(value=\"\\\\\\\"\")@3:0-3:5", true],
  ["byte strings and raw bytes in every prefix order and case", "b'a'\nB'b'\nbr'\\x'\nBr'\\x'\nbR'\\x'\nRB'\\x'\nrb'\\x'\nrB'\\x'\n", "Constant(value=b\"a\")@1:0-1:4\nConstant(value=b\"b\")@2:0-2:4\nConstant(value=b\"\\\\x\")@3:0-3:6\nConstant(value=b\"\\\\x\")@4:0-4:6\nConstant(value=b\"\\\\x\")@5:0-5:6\nConstant(value=b\"\\\\x\")@6:0-6:6\nConstant(value=b\"\\\\x\")@7:0-7:6\nConstant(value=b\"\\\\x\")@8:0-8:6", true],
  ["escape sequences", "'\\n\\t\\r\\\\\\'\\\"\\a\\b\\f\\v\\0\\x41\\101\\u00e9\\U0001F600\\N{BULLET}'\n", "Constant(value=\"\\n\\t\\r\\\\'\\\"\\u0007\\b\\f\\u000b\\u0000AAé😀•\")", false],
  ["unknown escapes are kept (with a warning in CPython)", "'\\d\\w'\n", "Constant(value=\"\\\\d\\\\w\")", false],
  ["octal escape above 0o377 in str", "'\\777'\n", "Constant(value=\"ǿ\")", false],
  ["byte escapes", "b'\\x00\\xff\\n\\\\\\''\n", "Constant(value=b\"\\x00\\xff\\n\\\\'\")", false],
  ["non-ASCII text and astral characters in str", "'héllo 𝒳 😀'\n", "Constant(value=\"héllo 𝒳 😀\")@1:0-1:18", true],
  ["backslash-newline inside a string is a continuation", "'a\\\nb'\n", "Constant(value=\"ab\")@1:0-2:2", true],
  ["triple-quoted string spanning lines", "x = '''line1\nline2\n  line3'''\n", "Assign(targets=[Name(id=\"x\", ctx=Store)@1:0-1:1], value=Constant(value=\"line1\\nline2\\n  line3\")@1:4-3:10)@1:0-3:10", true],
  ["implicit concatenation of str", "'a' \"b\" '''c'''\n", "Constant(value=\"abc\")@1:0-1:15", true],
  ["implicit concatenation across lines in parentheses", "x = ('a'\n     'b'\n     'c')\n", "Assign(targets=[Name(id=\"x\", ctx=Store)@1:0-1:1], value=Constant(value=\"abc\")@1:5-3:8)@1:0-3:9", true],
  ["implicit concatenation of bytes", "b'a' b'b'\n", "Constant(value=b\"ab\")@1:0-1:9", true],
  ["u prefix on the first part only sets kind", "u'a' 'b'\n'a' u'b'\n", "Constant(value=\"ab\", kind=\"u\")@1:0-1:8\nConstant(value=\"ab\")@2:0-2:8", true],
  ["raw and non-raw mixed", "r'\\n' '\\n'\n", "Constant(value=\"\\\\n\\n\")", false],
  ["empty strings", "''\n\"\"\n''''''\nb''\n", "Constant(value=\"\")@1:0-1:2\nConstant(value=\"\")@2:0-2:2\nConstant(value=\"\")@3:0-3:6\nConstant(value=b\"\")@4:0-4:3", true],
  ["string containing the other quote", "'\"'\n\"'\"\n", "Constant(value=\"\\\"\")@1:0-1:3\nConstant(value=\"'\")@2:0-2:3", true],
  ["docstring is an Expr(Constant)", "def f():\n    'doc'\n    return 1\n", "FunctionDef(name=\"f\", args=arguments(), body=[Expr(value=Constant(value=\"doc\")@2:4-2:9)@2:4-2:9, Return(value=Constant(value=1)@3:11-3:12)@3:4-3:12])@1:0-3:12", true],
  // </STR>
];

describe("string literals match CPython's tree (values, kind, positions)", () => {
  it.each(CASES)("%s", (_title, src, expected, pos) => {
    expect(render(src, pos)).toBe(expected);
  });
});

describe("string value types and offsets", () => {
  it("str constants are JS strings with escapes decoded (astral characters as surrogate pairs)", () => {
    const c = first(parseOk("'\\U0001F600\\N{GREEK SMALL LETTER ALPHA}\\x41'"), "Constant");
    expect(c.value).toBe("😀αA");
    expect(c.kind).toBeNull();
  });

  it("bytes constants are Uint8Array", () => {
    const c = first(parseOk("b'\\x00\\xffA\\n'"), "Constant");
    expect(c.value).toBeInstanceOf(Uint8Array);
    expect([...(c.value as Uint8Array)]).toEqual([0, 255, 65, 10]);
    const r = first(parseOk("rb'\\x00'"), "Constant");
    expect([...(r.value as Uint8Array)]).toEqual([92, 120, 48, 48]);
  });

  it("kind is 'u' only for lowercase-u-prefixed strings (CPython leaves it None for U'...')", () => {
    expect(first(parseOk("u'x'"), "Constant").kind).toBe("u");
    expect(first(parseOk("U'x'"), "Constant").kind).toBeNull();
    expect(first(parseOk("'x'"), "Constant").kind).toBeNull();
    expect(first(parseOk("b'x'"), "Constant").kind).toBeNull();
  });

  it("start/end are UTF-16 offsets while col_offset counts UTF-8 bytes", () => {
    const src = "x = ('é😀', 'z')\n";
    const mod = parseOk(src);
    const tuple = first(mod, "Tuple");
    const [a, b] = tuple.elts as [Constant, Constant];
    expect(src.slice(a.start, a.end)).toBe("'é😀'");
    expect(src.slice(b.start, b.end)).toBe("'z'");
    expect([a.col_offset, a.end_col_offset]).toEqual([5, 5 + 1 + 2 + 4 + 1]);
    expect([b.col_offset, b.end_col_offset]).toEqual([15, 18]);
    expect([b.start, b.end]).toEqual([12, 15]);
  });

  it("a triple-quoted string's value keeps its line breaks as \\n", () => {
    const c = first(parseOk("s = '''a\n\tb\n'''\n"), "Constant");
    expect(c.value).toBe("a\n\tb\n");
  });

  it("a long string (1 MB) parses", () => {
    const body = "x".repeat(1 << 20);
    const c = first(parseOk(`s = '${body}'\n`), "Constant");
    expect((c.value as string).length).toBe(1 << 20);
  });
});
