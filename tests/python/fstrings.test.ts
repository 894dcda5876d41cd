/**
 * @fileoverview Parser unit tests for f-strings, including PEP 701 (3.12): nested same-kind quotes,
 * nested format specs, the `=` debug specifier, conversions, multi-line expressions and comments inside
 * replacement fields, backslashes in expressions, and implicit concatenation with plain strings.
 * Positions follow CPython 3.12+ (literal parts carry their own positions). Expected dumps come from
 * CPython 3.13 and are hard-coded.
 */
import { describe, expect, it } from "vitest";
import { type Case, first, parseOk, render } from "./_support.js";

const CASES: Case[] = [
  // <FSTR>
  ["simple f-string", "f'a{x}b'\n", "JoinedStr(values=[Constant(value=\"a\")@1:2-1:3, FormattedValue(value=Name(id=\"x\", ctx=Load)@1:4-1:5, conversion=-1)@1:3-1:6, Constant(value=\"b\")@1:6-1:7])@1:0-1:8", true],
  ["f-string prefixes in any case", "F'{x}'\nrf'{x}\\n'\nfR'{x}'\nRf'{x}'\nFR'{x}'\n", "JoinedStr(values=[FormattedValue(value=Name(id=\"x\", ctx=Load)@1:3-1:4, conversion=-1)@1:2-1:5])@1:0-1:6\nJoinedStr(values=[FormattedValue(value=Name(id=\"x\", ctx=Load)@2:4-2:5, conversion=-1)@2:3-2:6, Constant(value=\"\\\\n\")@2:6-2:8])@2:0-2:9\nJoinedStr(values=[FormattedValue(value=Name(id=\"x\", ctx=Load)@3:4-3:5, conversion=-1)@3:3-3:6])@3:0-3:7\nJoinedStr(values=[FormattedValue(value=Name(id=\"x\", ctx=Load)@4:4-4:5, conversion=-1)@4:3-4:6])@4:0-4:7\nJoinedStr(values=[FormattedValue(value=Name(id=\"x\", ctx=Load)@5:4-5:5, conversion=-1)@5:3-5:6])@5:0-5:7", true],
  ["conversions !r !s !a", "f'{x!r}{y!s}{z!a}'\n", "JoinedStr(values=[FormattedValue(value=Name(id=\"x\", ctx=Load)@1:3-1:4, conversion=114)@1:2-1:7, FormattedValue(value=Name(id=\"y\", ctx=Load)@1:8-1:9, conversion=115)@1:7-1:12, FormattedValue(value=Name(id=\"z\", ctx=Load)@1:13-1:14, conversion=97)@1:12-1:17])@1:0-1:18", true],
  ["format spec", "f'{x:>10}'\n", "JoinedStr(values=[FormattedValue(value=Name(id=\"x\", ctx=Load)@1:3-1:4, conversion=-1, format_spec=JoinedStr(values=[Constant(value=\">10\")@1:5-1:8])@1:4-1:8)@1:2-1:9])@1:0-1:10", true],
  ["nested format spec", "f'{x:{width}.{prec}f}'\n", "JoinedStr(values=[FormattedValue(value=Name(id=\"x\", ctx=Load)@1:3-1:4, conversion=-1, format_spec=JoinedStr(values=[FormattedValue(value=Name(id=\"width\", ctx=Load)@1:6-1:11, conversion=-1)@1:5-1:12, Constant(value=\".\")@1:12-1:13, FormattedValue(value=Name(id=\"prec\", ctx=Load)@1:14-1:18, conversion=-1)@1:13-1:19, Constant(value=\"f\")@1:19-1:20])@1:4-1:20)@1:2-1:21])@1:0-1:22", true],
  ["conversion and format spec together", "f'{x!r:^{w}}'\n", "JoinedStr(values=[FormattedValue(value=Name(id=\"x\", ctx=Load)@1:3-1:4, conversion=114, format_spec=JoinedStr(values=[Constant(value=\"^\")@1:7-1:8, FormattedValue(value=Name(id=\"w\", ctx=Load)@1:9-1:10, conversion=-1)@1:8-1:11])@1:6-1:11)@1:2-1:12])@1:0-1:13", true],
  ["= debug specifier", "f'{x=}'\n", "JoinedStr(values=[Constant(value=\"x=\")@1:3-1:5, FormattedValue(value=Name(id=\"x\", ctx=Load)@1:3-1:4, conversion=114)@1:2-1:6])@1:0-1:7", true],
  ["= debug with spaces and format spec", "f'{ x = :>5}'\n", "JoinedStr(values=[Constant(value=\" x = \")@1:3-1:8, FormattedValue(value=Name(id=\"x\", ctx=Load)@1:4-1:5, conversion=-1, format_spec=JoinedStr(values=[Constant(value=\">5\")@1:9-1:11])@1:8-1:11)@1:2-1:12])@1:0-1:13", true],
  ["= debug with conversion", "f'{x=!s}'\n", "JoinedStr(values=[Constant(value=\"x=\")@1:3-1:5, FormattedValue(value=Name(id=\"x\", ctx=Load)@1:3-1:4, conversion=115)@1:2-1:8])@1:0-1:9", true],
  ["= debug of a call", "f'{f(a)=}'\n", "JoinedStr(values=[Constant(value=\"f(a)=\")@1:3-1:8, FormattedValue(value=Call(func=Name(id=\"f\", ctx=Load)@1:3-1:4, args=[Name(id=\"a\", ctx=Load)@1:5-1:6])@1:3-1:7, conversion=114)@1:2-1:9])@1:0-1:10", true],
  ["escaped braces", "f'{{a}}{x}}}'\n", "JoinedStr(values=[Constant(value=\"{a}\")@1:2-1:7, FormattedValue(value=Name(id=\"x\", ctx=Load)@1:8-1:9, conversion=-1)@1:7-1:10, Constant(value=\"}\")@1:10-1:12])@1:0-1:13", true],
  ["only literal text", "f'abc'\n", "JoinedStr(values=[Constant(value=\"abc\")@1:2-1:5])@1:0-1:6", true],
  ["empty f-string", "f''\n", "JoinedStr()@1:0-1:3", true],
  ["expression with dict/set/lambda in parentheses", "f'{ {1: 2}[1] }{(lambda: 1)()}'\n", "JoinedStr(values=[FormattedValue(value=Subscript(value=Dict(keys=[Constant(value=1)@1:5-1:6], values=[Constant(value=2)@1:8-1:9])@1:4-1:10, slice=Constant(value=1)@1:11-1:12, ctx=Load)@1:4-1:13, conversion=-1)@1:2-1:15, FormattedValue(value=Call(func=Lambda(args=arguments(), body=Constant(value=1)@1:25-1:26)@1:17-1:26)@1:16-1:29, conversion=-1)@1:15-1:30])@1:0-1:31", true],
  ["nested f-strings with different quotes", "f\"{f'{x}'}\"\n", "JoinedStr(values=[FormattedValue(value=JoinedStr(values=[FormattedValue(value=Name(id=\"x\", ctx=Load)@1:6-1:7, conversion=-1)@1:5-1:8])@1:3-1:9, conversion=-1)@1:2-1:10])@1:0-1:11", true],
  ["PEP 701: nested same quotes", "f\"{\"a\" + f\"{x}\"}\"\n", "JoinedStr(values=[FormattedValue(value=BinOp(left=Constant(value=\"a\")@1:3-1:6, op=Add, right=JoinedStr(values=[FormattedValue(value=Name(id=\"x\", ctx=Load)@1:12-1:13, conversion=-1)@1:11-1:14])@1:9-1:15)@1:3-1:15, conversion=-1)@1:2-1:16])@1:0-1:17", true],
  ["PEP 701: deeply nested same quotes", "f'{f'{f'{x}'}'}'\n", "JoinedStr(values=[FormattedValue(value=JoinedStr(values=[FormattedValue(value=JoinedStr(values=[FormattedValue(value=Name(id=\"x\", ctx=Load)@1:9-1:10, conversion=-1)@1:8-1:11])@1:6-1:12, conversion=-1)@1:5-1:13])@1:3-1:14, conversion=-1)@1:2-1:15])@1:0-1:16", true],
  ["PEP 701: backslash in expression", "f'{\"\\n\".join(a)}'\n", "JoinedStr(values=[FormattedValue(value=Call(func=Attribute(value=Constant(value=\"\\n\")@1:3-1:7, attr=\"join\", ctx=Load)@1:3-1:12, args=[Name(id=\"a\", ctx=Load)@1:13-1:14])@1:3-1:15, conversion=-1)@1:2-1:16])@1:0-1:17", true],
  ["PEP 701: multi-line expression in single-quoted f-string", "f'{a +\n b}'\n", "JoinedStr(values=[FormattedValue(value=BinOp(left=Name(id=\"a\", ctx=Load)@1:3-1:4, op=Add, right=Name(id=\"b\", ctx=Load)@2:1-2:2)@1:3-2:2, conversion=-1)@1:2-2:3])@1:0-2:4", true],
  ["PEP 701: comment inside the expression", "f'''{\n    x  # a comment\n}'''\n", "JoinedStr(values=[FormattedValue(value=Name(id=\"x\", ctx=Load)@2:4-2:5, conversion=-1)@1:4-3:1])@1:0-3:4", true],
  ["triple-quoted f-string spanning lines", "f'''line {x}\n  more {y!r}\n'''\n", "JoinedStr(values=[Constant(value=\"line \")@1:4-1:9, FormattedValue(value=Name(id=\"x\", ctx=Load)@1:10-1:11, conversion=-1)@1:9-1:12, Constant(value=\"\\n  more \")@1:12-2:7, FormattedValue(value=Name(id=\"y\", ctx=Load)@2:8-2:9, conversion=114)@2:7-2:12, Constant(value=\"\\n\")@2:12-3:0])@1:0-3:3", true],
  ["implicit concatenation: str + f-string", "'a' f'{x}' 'b'\n", "JoinedStr(values=[Constant(value=\"a\")@1:0-1:3, FormattedValue(value=Name(id=\"x\", ctx=Load)@1:7-1:8, conversion=-1)@1:6-1:9, Constant(value=\"b\")@1:11-1:14])@1:0-1:14", true],
  ["implicit concatenation: f-string + str + f-string", "f'{x}' 'mid' f'{y}'\n", "JoinedStr(values=[FormattedValue(value=Name(id=\"x\", ctx=Load)@1:3-1:4, conversion=-1)@1:2-1:5, Constant(value=\"mid\")@1:7-1:12, FormattedValue(value=Name(id=\"y\", ctx=Load)@1:16-1:17, conversion=-1)@1:15-1:18])@1:0-1:19", true],
  ["implicit concatenation with u prefix", "u'a' f'{x}'\n", "JoinedStr(values=[Constant(value=\"a\", kind=\"u\")@1:0-1:4, FormattedValue(value=Name(id=\"x\", ctx=Load)@1:8-1:9, conversion=-1)@1:7-1:10])@1:0-1:11", true],
  ["implicit concatenation across lines", "(f'{a}'\n 'b'\n f'c{d}')\n", "JoinedStr(values=[FormattedValue(value=Name(id=\"a\", ctx=Load)@1:4-1:5, conversion=-1)@1:3-1:6, Constant(value=\"bc\")@2:1-3:4, FormattedValue(value=Name(id=\"d\", ctx=Load)@3:5-3:6, conversion=-1)@3:4-3:7])@1:1-3:8", true],
  ["concatenation merges adjacent literal parts", "f'a' 'b' f'c'\n", "JoinedStr(values=[Constant(value=\"abc\")@1:2-1:12])@1:0-1:13", true],
  ["raw f-string keeps backslashes", "rf'\\d{x}\\w'\n", "JoinedStr(values=[Constant(value=\"\\\\d\")@1:3-1:5, FormattedValue(value=Name(id=\"x\", ctx=Load)@1:6-1:7, conversion=-1)@1:5-1:8, Constant(value=\"\\\\w\")@1:8-1:10])@1:0-1:11", true],
  ["escapes in literal parts", "f'\\t{x}\\n'\n", "JoinedStr(values=[Constant(value=\"\\t\")@1:2-1:4, FormattedValue(value=Name(id=\"x\", ctx=Load)@1:5-1:6, conversion=-1)@1:4-1:7, Constant(value=\"\\n\")@1:7-1:9])@1:0-1:10", true],
  ["non-ASCII text around expressions (byte columns)", "f'é{x}€{y}𝒳'\n", "JoinedStr(values=[Constant(value=\"é\")@1:2-1:4, FormattedValue(value=Name(id=\"x\", ctx=Load)@1:5-1:6, conversion=-1)@1:4-1:7, Constant(value=\"€\")@1:7-1:10, FormattedValue(value=Name(id=\"y\", ctx=Load)@1:11-1:12, conversion=-1)@1:10-1:13, Constant(value=\"𝒳\")@1:13-1:17])@1:0-1:18", true],
  ["f-string in a call argument", "print(f'{name!r} is {age:d}')\n", "Call(func=Name(id=\"print\", ctx=Load)@1:0-1:5, args=[JoinedStr(values=[FormattedValue(value=Name(id=\"name\", ctx=Load)@1:9-1:13, conversion=114)@1:8-1:16, Constant(value=\" is \")@1:16-1:20, FormattedValue(value=Name(id=\"age\", ctx=Load)@1:21-1:24, conversion=-1, format_spec=JoinedStr(values=[Constant(value=\"d\")@1:25-1:26])@1:24-1:26)@1:20-1:27])@1:6-1:28])@1:0-1:29", true],
  ["format spec containing a nested f-string", "f'{x:{f'{y}'}}'\n", "JoinedStr(values=[FormattedValue(value=Name(id=\"x\", ctx=Load)@1:3-1:4, conversion=-1, format_spec=JoinedStr(values=[FormattedValue(value=JoinedStr(values=[FormattedValue(value=Name(id=\"y\", ctx=Load)@1:9-1:10, conversion=-1)@1:8-1:11])@1:6-1:12, conversion=-1)@1:5-1:13])@1:4-1:13)@1:2-1:14])@1:0-1:15", true],
  ["format spec with escaped braces and colon text", "f'{x:%H:%M}'\n", "JoinedStr(values=[FormattedValue(value=Name(id=\"x\", ctx=Load)@1:3-1:4, conversion=-1, format_spec=JoinedStr(values=[Constant(value=\"%H:%M\")@1:5-1:10])@1:4-1:10)@1:2-1:11])@1:0-1:12", true],
  ["starred and tuple expressions in f-string", "f'{*a,}'\nf'{a, b}'\n", "JoinedStr(values=[FormattedValue(value=Tuple(elts=[Starred(value=Name(id=\"a\", ctx=Load)@1:4-1:5, ctx=Load)@1:3-1:5], ctx=Load)@1:3-1:6, conversion=-1)@1:2-1:7])@1:0-1:8\nJoinedStr(values=[FormattedValue(value=Tuple(elts=[Name(id=\"a\", ctx=Load)@2:3-2:4, Name(id=\"b\", ctx=Load)@2:6-2:7], ctx=Load)@2:3-2:7, conversion=-1)@2:2-2:8])@2:0-2:9", true],
  ["yield in f-string expression", "def g():\n    f'{(yield)}'\n", "FunctionDef(name=\"g\", args=arguments(), body=[Expr(value=JoinedStr(values=[FormattedValue(value=Yield(), conversion=-1)]))])", false],
  ["walrus in parentheses in f-string", "f'{(x:=10)}'\n", "JoinedStr(values=[FormattedValue(value=NamedExpr(target=Name(id=\"x\", ctx=Store)@1:4-1:5, value=Constant(value=10)@1:7-1:9)@1:4-1:9, conversion=-1)@1:2-1:11])@1:0-1:12", true],
  ["conditional expression in f-string", "f'{a if b else c}'\n", "JoinedStr(values=[FormattedValue(value=IfExp(test=Name(id=\"b\", ctx=Load)@1:8-1:9, body=Name(id=\"a\", ctx=Load)@1:3-1:4, orelse=Name(id=\"c\", ctx=Load)@1:15-1:16)@1:3-1:16, conversion=-1)@1:2-1:17])@1:0-1:18", true],
  ["string with quote inside the expression part", "f\"{x['k']}\"\n", "JoinedStr(values=[FormattedValue(value=Subscript(value=Name(id=\"x\", ctx=Load)@1:3-1:4, slice=Constant(value=\"k\")@1:5-1:8, ctx=Load)@1:3-1:9, conversion=-1)@1:2-1:10])@1:0-1:11", true],
  ["await in f-string", "async def f():\n    f'{await x}'\n", "AsyncFunctionDef(name=\"f\", args=arguments(), body=[Expr(value=JoinedStr(values=[FormattedValue(value=Await(value=Name(id=\"x\", ctx=Load)), conversion=-1)]))])", false],
  // </FSTR>
];

describe("f-strings match CPython 3.12+'s tree (values, conversions, specs, positions)", () => {
  it.each(CASES)("%s", (_title, src, expected, pos) => {
    expect(render(src, pos)).toBe(expected);
  });
});

describe("f-string details", () => {
  it("conversion is the code point of r/s/a, -1 when absent", () => {
    const mod = parseOk("f'{a!r}{b!s}{c!a}{d}'");
    const js = first(mod, "JoinedStr");
    expect(js.values.map((v) => (v.type === "FormattedValue" ? v.conversion : null))).toEqual([114, 115, 97, -1]);
  });

  it("= debug text keeps the expression source verbatim (spaces included)", () => {
    const js = first(parseOk("f'{ a + b = }'"), "JoinedStr");
    expect(js.values[0]).toMatchObject({ type: "Constant", value: " a + b = " });
    expect(js.values[1]).toMatchObject({ type: "FormattedValue", conversion: 114 });
  });

  it("expression nodes inside f-strings have real source offsets", () => {
    const src = "x = f'{obj.attr!r:>{width}}'\n";
    const mod = parseOk(src);
    const attr = first(mod, "Attribute");
    expect(src.slice(attr.start, attr.end)).toBe("obj.attr");
    const width = first(first(mod, "FormattedValue").format_spec!, "Name");
    expect(src.slice(width.start, width.end)).toBe("width");
  });

  it("names inside nested same-quote f-strings are found by the walker", () => {
    const mod = parseOk("f'{f'{f'{deep}'}'}'\n");
    expect(first(mod, "Name").id).toBe("deep");
  });
});
