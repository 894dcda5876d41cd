/**
 * @fileoverview Syntax error tests: the parser never throws and returns a structured error
 * (`{module: null, error: {kind, message, lineno, col_offset, ...}}`) with CPython's kind and line
 * (and, in a separate group, CPython 3.13's message and column). Also: constructs that are grammatical
 * although the compiler rejects them later (`return` at module level, `await` outside async, ...), and
 * pathological inputs (10,000 nested brackets/unary operators/blocks) that must yield an error or a
 * tree, never a crash. Expected errors come from CPython 3.13 and are hard-coded.
 */
import { describe, expect, it } from "vitest";
import { parse } from "../../src/python/index.js";
import { LineIndex } from "../../src/python/positions.js";
import { type ErrCase, parseErr, parseOk } from "./_support.js";

const ERRORS: ErrCase[] = [
  // <ERR>
  ["unclosed parenthesis at end of file", "f(1, 2\n", "SyntaxError", "'(' was never closed", 1, 1],
  ["unclosed bracket over several lines", "x = [1,\n     2,\n", "SyntaxError", "'[' was never closed", 1, 4],
  ["unclosed brace", "d = {\n", "SyntaxError", "'{' was never closed", 1, 4],
  ["unmatched closing parenthesis", "x = 1)\n", "SyntaxError", "unmatched ')'", 1, 5],
  ["mismatched brackets", "x = (1]\n", "SyntaxError", "closing parenthesis ']' does not match opening parenthesis '('", 1, 6],
  ["unexpected indent", "x = 1\n    y = 2\n", "IndentationError", "unexpected indent", 2, 3],
  ["expected an indented block", "if x:\npass\n", "IndentationError", "expected an indented block after 'if' statement on line 1", 2, 0],
  ["expected an indented block after def", "def f():\nreturn 1\n", "IndentationError", "expected an indented block after function definition on line 1", 2, 0],
  ["unindent does not match any outer level", "if x:\n    a\n  b\n", "IndentationError", "unindent does not match any outer indentation level", 3, 3],
  ["inconsistent tabs and spaces (TabError)", "if x:\n\ta = 1\n        b = 2\n", "TabError", "inconsistent use of tabs and spaces in indentation", 3, 0],
  ["assign to literal", "1 = x\n", "SyntaxError", "cannot assign to literal here. Maybe you meant '==' instead of '='?", 1, 0],
  ["assign to call", "f() = 1\n", "SyntaxError", "cannot assign to function call here. Maybe you meant '==' instead of '='?", 1, 0],
  ["delete a call", "del f()\n", "SyntaxError", "cannot delete function call", 1, 4],
  ["assign to operator expression", "a + b = c\n", "SyntaxError", "cannot assign to expression here. Maybe you meant '==' instead of '='?", 1, 0],
  ["assign to literal inside a tuple", "(a, 1) = x\n", "SyntaxError", "cannot assign to literal", 1, 4],
  ["augmented assignment to a tuple", "a, b += 1\n", "SyntaxError", "'tuple' is an illegal expression for augmented assignment", 1, 0],
  ["assign to None", "None = 1\n", "SyntaxError", "cannot assign to None", 1, 0],
  ["assign to keyword True", "True = 1\n", "SyntaxError", "cannot assign to True", 1, 0],
  ["walrus on attribute", "(a.b := 1)\n", "SyntaxError", "cannot use assignment expressions with attribute", 1, 1],
  ["iterable unpacking after keyword unpacking", "f(**k, *a)\n", "SyntaxError", "iterable argument unpacking follows keyword argument unpacking", 1, 5],
  ["positional argument after keyword argument", "f(a=1, b)\n", "SyntaxError", "positional argument follows keyword argument", 1, 8],
  ["positional argument after keyword unpacking", "f(**k, a)\n", "SyntaxError", "positional argument follows keyword argument unpacking", 1, 8],
  ["unparenthesized generator with other arguments", "f(x for x in y, 1)\n", "SyntaxError", "Generator expression must be parenthesized", 1, 2],
  ["unterminated string", "x = 'abc\n", "SyntaxError", "unterminated string literal (detected at line 1)", 1, 4],
  ["unterminated double-quoted string", "x = \"abc\n", "SyntaxError", "unterminated string literal (detected at line 1)", 1, 4],
  ["unterminated triple-quoted string", "x = '''abc\ndef\n", "SyntaxError", "unterminated triple-quoted string literal (detected at line 2)", 1, 4],
  ["unterminated f-string", "f'{x}\n", "SyntaxError", "unterminated f-string literal (detected at line 1)", 1, 0],
  ["f-string: empty expression", "f'{}'\n", "SyntaxError", "f-string: valid expression required before '}'", 1, 3],
  ["f-string: unclosed brace", "f'{x'\n", "SyntaxError", "f-string: expecting '}'", 1, 4],
  ["f-string: single closing brace", "f'}'\n", "SyntaxError", "f-string: single '}' is not allowed", 1, 2],
  ["f-string: invalid conversion character", "f'{x!z}'\n", "SyntaxError", "f-string: invalid conversion character 'z': expected 's', 'r', or 'a'", 1, 5],
  ["f-string: missing conversion character", "f'{x!}'\n", "SyntaxError", "f-string: missing conversion character", 1, 5],
  ["f-string: lambda without parentheses", "f'{lambda x: 1}'\n", "SyntaxError", "f-string: lambda expressions are not allowed without parentheses", 1, 3],
  ["non-default parameter after default", "def f(a=1, b):\n    pass\n", "SyntaxError", "parameter without a default follows parameter with a default", 1, 11],
  ["bare star without keyword-only parameters", "def f(*):\n    pass\n", "SyntaxError", "named arguments must follow bare *", 1, 6],
  ["bare star followed by **kwargs", "def f(*, **kw):\n    pass\n", "SyntaxError", "named arguments must follow bare *", 1, 6],
  ["duplicate slash", "def f(a, /, b, /):\n    pass\n", "SyntaxError", "/ may appear only once", 1, 15],
  ["print statement", "print 'hello'\n", "SyntaxError", "Missing parentheses in call to 'print'. Did you mean print(...)?", 1, 0],
  ["incomplete expression", "x = 1 +\n", "SyntaxError", "invalid syntax", 1, 7],
  ["else without if", "else:\n    pass\n", "SyntaxError", "invalid syntax", 1, 0],
  ["walrus as a statement", "x := 1\n", "SyntaxError", "invalid syntax", 1, 2],
  ["leading zeros in decimal literal", "x = 0777\n", "SyntaxError", "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers", 1, 4],
  ["invalid decimal literal", "x = 1_\n", "SyntaxError", "invalid decimal literal", 1, 5],
  ["invalid hexadecimal literal", "x = 0x\n", "SyntaxError", "invalid hexadecimal literal", 1, 5],
  ["double underscore in number", "x = 1__0\n", "SyntaxError", "invalid decimal literal", 1, 5],
  ["invalid character", "x = 1 $ 2\n", "SyntaxError", "invalid syntax", 1, 6],
  ["non-ASCII in bytes literal", "b'é'\n", "SyntaxError", "bytes can only contain ASCII literal characters", 1, 0],
  ["unknown \\N name", "'\\N{NOT A REAL NAME}'\n", "SyntaxError", "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-18: unknown Unicode character name", 1, 0],
  ["invalid \\x escape", "'\\x4'\n", "SyntaxError", "(unicode error) 'unicodeescape' codec can't decode bytes in position 0-2: truncated \\xXX escape", 1, 0],
  ["except* without exception type", "try:\n    pass\nexcept*:\n    pass\n", "SyntaxError", "expected one or more exception types", 3, 7],
  ["mixing except and except*", "try:\n    pass\nexcept ValueError:\n    pass\nexcept* TypeError:\n    pass\n", "SyntaxError", "cannot have both 'except' and 'except*' on the same 'try'", 5, 0],
  ["empty type parameter list", "def f[]():\n    pass\n", "SyntaxError", "Type parameter list cannot be empty", 1, 6],
  ["invalid pattern: arithmetic on non-complex", "match x:\n    case 1 + 1:\n        pass\n", "SyntaxError", "imaginary number required in complex literal", 2, 13],
  ["match with no cases", "match x:\n    pass\n", "SyntaxError", "invalid syntax", 2, 4],
  ["lambda with default before non-default", "lambda a=1, b: 0\n", "SyntaxError", "parameter without a default follows parameter with a default", 1, 12],
  ["keyword argument repeated is fine for the parser but bare = is not", "f(=1)\n", "SyntaxError", "invalid syntax", 1, 2],
  ["missing colon", "if x\n    pass\n", "SyntaxError", "expected ':'", 1, 4],
  ["unexpected EOF in block header", "def f(\n", "SyntaxError", "'(' was never closed", 1, 5],
  ["stray backslash continuation at EOF", "x = 1 + \\\n", "SyntaxError", "unexpected EOF while parsing", 1, 9],
  ["backslash not at end of line", "x = 1 \\ + 2\n", "SyntaxError", "unexpected character after line continuation character", 1, 7],
  ["continuation line with bad indent after block", "if x:\n    y\n   z\n", "IndentationError", "unindent does not match any outer indentation level", 3, 4],
  // </ERR>
];

describe("syntax errors: kind and line as CPython", () => {
  it.each(ERRORS)("%s", (_title, src, kind, _message, lineno) => {
    const err = parseErr(src);
    expect({ kind: err.kind, lineno: err.lineno }).toEqual({ kind, lineno });
  });
});

describe("syntax errors: message and column as CPython 3.13", () => {
  it.each(ERRORS)("%s", (_title, src, _kind, message, lineno, col) => {
    const err = parseErr(src);
    expect({ message: err.message, lineno: err.lineno, col_offset: err.col_offset }).toEqual({ message, lineno, col_offset: col });
  });
});

describe("syntax error structure", () => {
  it("has consistent positions: UTF-16 start/end agree with line and byte columns", () => {
    for (const [, src] of ERRORS) {
      const r = parse(src);
      const e = r.error!;
      const idx = new LineIndex(r.text);
      expect(Number.isInteger(e.end_lineno) && Number.isInteger(e.end_col_offset)).toBe(true);
      expect(e.start).toBeLessThanOrEqual(e.end);
      expect(e.end_lineno).toBeGreaterThanOrEqual(e.lineno);
      expect(idx.offsetOfByteColumn(e.lineno, e.col_offset)).toBe(e.start);
      expect(typeof e.message).toBe("string");
      expect(e.message.length).toBeGreaterThan(0);
    }
  });

  it("returns comments and the text even when parsing fails", () => {
    const r = parse("# first\nx = (1,  # inside\n");
    expect(r.module).toBeNull();
    expect(r.text).toBe("# first\nx = (1,  # inside\n");
    expect(r.comments.map((c) => c.text)).toEqual(["# first", "# inside"]);
  });

  it("reports the first error (CPython stops at the first)", () => {
    const e = parseErr("x = 1\ny = )\nz = (\n");
    expect(e.lineno).toBe(2);
  });
});

describe("grammatical constructs the compiler (not the parser) rejects are accepted", () => {
  it.each([
    ["return at module level", "return 1\n"],
    ["yield at module level", "yield x\n"],
    ["await outside async function", "await x\n"],
    ["break and continue outside a loop", "break\ncontinue\n"],
    ["nonlocal at module level", "nonlocal x\n"],
    ["duplicate parameter names", "def f(a, a):\n    pass\n"],
    ["multiple starred targets", "a, *b, *c = d\n"],
    ["starred expression statement", "*a, b\n"],
    ["lone starred assignment target", "*a = 1\n"],
    ["async for outside async function", "def f():\n    async for x in y:\n        pass\n"],
    ["return with value in a generator", "def g():\n    yield 1\n    return 2\n"],
    ["global after use", "def f():\n    x = 1\n    global x\n"],
    ["keyword argument repeated", "f(a=1, a=2)\n"],
    ["import * inside a function", "def f():\n    from m import *\n"],
    ["199 nested parentheses", "(".repeat(199) + "1" + ")".repeat(199) + "\n"],
  ])("%s", (_title, src) => {
    parseOk(src);
  });
});

/** Parse must not throw; it returns either a tree or a clear error about nesting depth. */
function treeOrNestingError(src: string): void {
  let r: ReturnType<typeof parse>;
  expect(() => {
    r = parse(src);
  }).not.toThrow();
  if (r!.module === null) {
    expect(r!.error).not.toBeNull();
    expect(r!.error!.message).toMatch(/nest|deep|recurs|too many|complex|limit/i);
  } else {
    expect(r!.error).toBeNull();
  }
}

describe("pathological nesting: an error or a tree, never a crash", () => {
  const N = 10_000;
  it("10,000 nested parentheses", () => treeOrNestingError("(".repeat(N) + "x" + ")".repeat(N) + "\n"));
  it("10,000 nested brackets and braces", () => treeOrNestingError("[{".repeat(N / 2) + "x" + "}]".repeat(N / 2) + "\n"));
  it("10,000 unclosed parentheses", () => {
    const r = parse("(".repeat(N) + "\n");
    expect(r.module).toBeNull();
    expect(r.error).not.toBeNull();
  });
  it("10,000 nested unary minus", () => treeOrNestingError("-".repeat(N) + "x\n"));
  it("10,000 nested unary minus with spaces", () => treeOrNestingError("- ".repeat(N) + "x\n"));
  it("10,000 nested `not`", () => treeOrNestingError("not ".repeat(N) + "x\n"));
  it("10,000 nested `~` and parenthesized `await`", () => {
    treeOrNestingError("~".repeat(N) + "x\n");
    // `await await x` is not grammatical (await takes a primary), so nest through parentheses.
    treeOrNestingError("async def f():\n    " + "await (".repeat(N) + "x" + ")".repeat(N) + "\n");
  });
  it("10,000-deep right-nested power operator", () => treeOrNestingError(Array.from({ length: N }, () => "x").join(" ** ") + "\n"));
  it("10,000 nested lambdas and conditional expressions", () => {
    treeOrNestingError("lambda: ".repeat(N) + "x\n");
    treeOrNestingError("a if b else ".repeat(N) + "x\n");
  });
  it("10,000 nested calls and subscripts", () => {
    treeOrNestingError("f(".repeat(N) + "x" + ")".repeat(N) + "\n");
    treeOrNestingError("x" + "[0]".repeat(N) + "\n");
    treeOrNestingError("x" + ".a".repeat(N) + "\n");
  });
  it("10,000 nested f-strings in replacement fields", () => {
    treeOrNestingError("f'{".repeat(N) + "x" + "}'".repeat(N) + "\n");
  });
  it("10,000 nested blocks", () => {
    let src = "";
    for (let i = 0; i < N; i++) src += " ".repeat(i) + "if x:\n";
    src += " ".repeat(N) + "pass\n";
    let r: ReturnType<typeof parse>;
    expect(() => {
      r = parse(src);
    }).not.toThrow();
    if (r!.module === null) expect(r!.error!.kind).toMatch(/IndentationError|SyntaxError/);
  });
  it("100,000 chained attribute calls (long postfix chain)", () => {
    const src = "x" + ".m()".repeat(100_000) + "\n";
    treeOrNestingError(src);
  });
});
