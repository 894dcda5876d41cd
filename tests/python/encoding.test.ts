/**
 * @fileoverview Source decoding tests through `parseBytes`: UTF-8 BOM, invalid UTF-8, PEP 263 coding
 * cookies (latin-1 is ISO-8859-1, not windows-1252), line endings (CRLF, lone CR) in positions and
 * string values, form feeds, and NUL bytes — as CPython 3.13 handles them (expectations hard-coded from
 * CPython's `ast.parse(bytes)`).
 */
import { describe, expect, it } from "vitest";
import { parse, parseBytes } from "../../src/python/index.js";
import type { ParseResult } from "../../src/python/types.js";
import { checkShape, dump, first } from "./_support.js";

/** Bytes from a string of code units 0-255 (each char is one byte). */
function bin(s: string): Uint8Array {
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c > 255) throw new Error("bin() takes byte characters only");
    out[i] = c;
  }
  return out;
}

function utf8(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

function ok(r: ParseResult): ParseResult & { module: NonNullable<ParseResult["module"]> } {
  if (r.module === null) throw new Error(`expected success, got ${JSON.stringify(r.error)}`);
  expect(r.error).toBeNull();
  checkShape(r);
  return r as ParseResult & { module: NonNullable<ParseResult["module"]> };
}

function failsWith(r: ParseResult, kinds: string[], message: RegExp, lineno?: number): void {
  expect(r.module).toBeNull();
  expect(r.error).not.toBeNull();
  expect(kinds).toContain(r.error!.kind);
  expect(r.error!.message).toMatch(message);
  if (lineno !== undefined) expect(r.error!.lineno).toBe(lineno);
}

const body = (r: ParseResult, pos = true): string[] => r.module!.body.map((s) => dump(s, { pos }));

describe("BOM", () => {
  it("a UTF-8 BOM is removed from the text and does not shift columns", () => {
    const r = ok(parseBytes(bin("\xef\xbb\xbfx = 1\n")));
    expect(r.text).toBe("x = 1\n");
    expect(r.encoding).toMatch(/utf-?8/i);
    expect(body(r)).toEqual(['Assign(targets=[Name(id="x", ctx=Store)@1:0-1:1], value=Constant(value=1)@1:4-1:5)@1:0-1:5']);
    expect(r.module.body[0]!.start).toBe(0);
  });

  it("a BOM with a utf-8 cookie is fine; with another cookie it is an error", () => {
    ok(parseBytes(bin("\xef\xbb\xbf# coding: utf-8\nx = 1\n")));
    failsWith(parseBytes(bin("\xef\xbb\xbf# coding: latin-1\nx = 1\n")), ["SyntaxError", "EncodingError"], /encoding problem/);
  });

  it("a file that is only a BOM parses to an empty module", () => {
    const r = ok(parseBytes(bin("\xef\xbb\xbf")));
    expect(r.module.body).toEqual([]);
    expect(r.text).toBe("");
  });
});

describe("invalid UTF-8", () => {
  it("an invalid start byte in a string is an error on its line", () => {
    failsWith(parseBytes(bin("x = '\xff'\n")), ["SyntaxError", "EncodingError"], /utf-?8|decode/i, 1);
  });

  it("a truncated sequence on line 2 is an error on line 2", () => {
    failsWith(parseBytes(bin("x = 1\ny = '\xc3'\n")), ["SyntaxError", "EncodingError"], /utf-?8|decode/i, 2);
  });

  it("an encoded surrogate (CESU/WTF-8 bytes) is invalid UTF-8", () => {
    failsWith(parseBytes(bin("\xed\xa0\x80 = 1\n")), ["SyntaxError", "EncodingError"], /utf-?8|decode/i, 1);
  });

  it("a coding cookie on line 3 is ignored, so latin-1 bytes are invalid UTF-8", () => {
    failsWith(parseBytes(bin("\n\n# coding: latin-1\nx = '\xe9'\n")), ["SyntaxError", "EncodingError"], /utf-?8|decode/i, 4);
  });

  it("a coding cookie after code on line 1 is ignored", () => {
    failsWith(parseBytes(bin("x = 1 # coding: latin-1\ny = '\xe9'\n")), ["SyntaxError", "EncodingError"], /utf-?8|decode/i, 2);
  });

  it("valid 4-byte UTF-8 decodes to a surrogate pair; columns stay in UTF-8 bytes", () => {
    const r = ok(parseBytes(utf8("x = '𝒳'; y = 2\n")));
    expect(body(r)).toEqual([
      'Assign(targets=[Name(id="x", ctx=Store)@1:0-1:1], value=Constant(value="𝒳")@1:4-1:10)@1:0-1:10',
      'Assign(targets=[Name(id="y", ctx=Store)@1:12-1:13], value=Constant(value=2)@1:16-1:17)@1:12-1:17',
    ]);
    const y = first(r.module, "Name");
    expect(y.id).toBe("x");
    expect(r.module.body[1]!.start).toBe(10);
  });
});

describe("PEP 263 coding cookies", () => {
  it("latin-1 cookie: values decoded, columns are UTF-8 bytes of the decoded text", () => {
    const r = ok(parseBytes(bin("# -*- coding: latin-1 -*-\ny = '\xe9'; z = 1\n")));
    expect(r.text).toBe("# -*- coding: latin-1 -*-\ny = 'é'; z = 1\n");
    expect(body(r)).toEqual([
      'Assign(targets=[Name(id="y", ctx=Store)@2:0-2:1], value=Constant(value="é")@2:4-2:8)@2:0-2:8',
      'Assign(targets=[Name(id="z", ctx=Store)@2:10-2:11], value=Constant(value=1)@2:14-2:15)@2:10-2:15',
    ]);
    expect(r.encoding.toLowerCase()).toMatch(/latin-?1|iso-8859-1/);
  });

  it("latin-1 is ISO-8859-1 (0x80-0x9F are C1 controls), not windows-1252", () => {
    const r = ok(parseBytes(bin("# coding: latin-1\nx = '\x80\x9f\xff'\n")));
    expect(first(r.module, "Constant").value).toBe("\x80\x9f\xff");
  });

  it("cp1252 cookie maps 0x80 to the euro sign", () => {
    const r = ok(parseBytes(bin("# coding: cp1252\nx = '\x80'\n")));
    expect(first(r.module, "Constant").value).toBe("€");
  });

  it("cookie on line 2 after a shebang, in Vim style (iso-8859-15)", () => {
    const r = ok(parseBytes(bin("#!/usr/bin/env python\n# vim: set fileencoding=iso-8859-15 :\nx = '\xa4'\n")));
    expect(body(r)).toEqual(['Assign(targets=[Name(id="x", ctx=Store)@3:0-3:1], value=Constant(value="€")@3:4-3:9)@3:0-3:9']);
  });

  it("cookie on line 2 after a blank line", () => {
    const r = ok(parseBytes(bin("\n# coding: latin-1\nx = '\xe9'\n")));
    expect(first(r.module, "Constant").value).toBe("é");
  });

  it("the first cookie wins", () => {
    const r = ok(parseBytes(bin("# coding: latin-1\n# coding: utf-8\nx='\xe9'\n")));
    expect(first(r.module, "Constant").value).toBe("é");
  });

  it("coding=utf8 (no space, alias name)", () => {
    const r = ok(parseBytes(bin("# coding=utf8\nx = '\xc3\xa9'\n")));
    expect(first(r.module, "Constant").value).toBe("é");
  });

  it("unknown encodings and undecodable bytes for the declared encoding are errors", () => {
    failsWith(parseBytes(bin("# coding: foobar\nx = 1\n")), ["SyntaxError", "EncodingError"], /unknown encoding/);
    failsWith(parseBytes(bin("# coding: ascii\nx = '\xc3\xa9'\n")), ["SyntaxError", "EncodingError"], /ascii|decode/i);
  });
});

describe("line endings", () => {
  it("CRLF: lines counted once per CRLF; triple-quoted values get \\n", () => {
    const r = ok(parseBytes(bin("x = '''a\r\nb'''\r\ny = 1\r\n")));
    expect(body(r)).toEqual([
      'Assign(targets=[Name(id="x", ctx=Store)@1:0-1:1], value=Constant(value="a\\nb")@1:4-2:4)@1:0-2:4',
      'Assign(targets=[Name(id="y", ctx=Store)@3:0-3:1], value=Constant(value=1)@3:4-3:5)@3:0-3:5',
    ]);
  });

  it("lone CR is a line break; inside triple quotes it becomes \\n", () => {
    const r = ok(parseBytes(bin("x = 1\ry = '''a\rb'''\r")));
    expect(body(r)).toEqual([
      'Assign(targets=[Name(id="x", ctx=Store)@1:0-1:1], value=Constant(value=1)@1:4-1:5)@1:0-1:5',
      'Assign(targets=[Name(id="y", ctx=Store)@2:0-2:1], value=Constant(value="a\\nb")@2:4-3:4)@2:0-3:4',
    ]);
  });

  it("backslash continuation before CRLF", () => {
    const r = ok(parseBytes(bin("x = 1 \\\r\n  + 2\r\n")));
    expect(body(r)).toEqual([
      'Assign(targets=[Name(id="x", ctx=Store)@1:0-1:1], value=BinOp(left=Constant(value=1)@1:4-1:5, op=Add, right=Constant(value=2)@2:4-2:5)@1:4-2:5)@1:0-2:5',
    ]);
  });

  it("string input gets the same treatment as bytes (CRLF and CR)", () => {
    const r = ok(parse("if x:\r\n    y = '''a\r\nb'''\r\nz\rw\n"));
    expect(body(r, false)).toEqual([
      'If(test=Name(id="x", ctx=Load), body=[Assign(targets=[Name(id="y", ctx=Store)], value=Constant(value="a\\nb"))])',
      'Expr(value=Name(id="z", ctx=Load))',
      'Expr(value=Name(id="w", ctx=Load))',
    ]);
    const w = r.module.body[2]!;
    expect(w.lineno).toBe(5);
  });

  it("CRLF in a raw triple-quoted string and a bytes literal also becomes \\n", () => {
    const r = ok(parse("a = r'''x\r\ny'''\r\nb = b'''p\r\nq'''\r\n"));
    const consts = r.module.body.map((s) => (s.type === "Assign" && s.value.type === "Constant" ? s.value.value : undefined));
    expect(consts[0]).toBe("x\ny");
    expect([...(consts[1] as Uint8Array)]).toEqual([112, 10, 113]);
  });
});

describe("form feeds", () => {
  it("a form feed at line start counts as a column but not as indentation", () => {
    const r = ok(parseBytes(bin("\x0cx = 1\n")));
    expect(body(r)).toEqual(['Assign(targets=[Name(id="x", ctx=Store)@1:1-1:2], value=Constant(value=1)@1:5-1:6)@1:1-1:6']);
  });

  it("a form feed inside indentation resets the indentation count", () => {
    const r = ok(parseBytes(bin("if x:\n\x0c    y = 1\n")));
    expect(body(r)).toEqual([
      'If(test=Name(id="x", ctx=Load)@1:3-1:4, body=[Assign(targets=[Name(id="y", ctx=Store)@2:5-2:6], value=Constant(value=1)@2:9-2:10)@2:5-2:10])@1:0-2:10',
    ]);
    failsWith(parseBytes(bin("if x:\n    a\n\x0c  b\n")), ["IndentationError"], /unindent does not match/, 3);
  });

  it("form feed between tokens is whitespace, and on a blank line is ignored", () => {
    const r = ok(parse("x = 1\n\x0c\ny =\x0c2\n"));
    expect(body(r, false)).toEqual([
      'Assign(targets=[Name(id="x", ctx=Store)], value=Constant(value=1))',
      'Assign(targets=[Name(id="y", ctx=Store)], value=Constant(value=2))',
    ]);
  });
});

describe("NUL bytes", () => {
  it.each([
    ["in code", "x = 1\x00\n"],
    ["in a string", "x = '\x00'\n"],
    ["in a comment", "# \x00\n"],
  ])("are an error %s (bytes input)", (_t, src) => {
    failsWith(parseBytes(bin(src)), ["SyntaxError"], /source code (string )?cannot contain null bytes/);
  });

  it("are an error in string input too", () => {
    failsWith(parse("x = 1\x00\n"), ["SyntaxError"], /cannot contain null bytes/);
  });
});

describe("coding declarations use Python's codec aliases", () => {
  const decl = (cookie: string, body: string, bytesEncoding: BufferEncoding) =>
    parseBytes(Buffer.from(`# -*- coding: ${cookie} -*-\n${body}\n`, bytesEncoding));
  it.each([
    ["utf", "x = 'é'", "utf8", "utf-8", "é"],
    ["u8", "x = 'é'", "utf8", "utf-8", "é"],
    ["latin", "x = '\xe9'", "latin1", "iso-8859-1", "é"],
    ["l1", "x = '\xe9'", "latin1", "iso-8859-1", "é"],
    ["windows-1252", "x = '\x80'", "latin1", "cp1252", "€"],
  ] as const)("%s", (cookie, body, bytesEncoding, encoding, value) => {
    const r = decl(cookie, body, bytesEncoding);
    expect(r.error).toBeNull();
    expect(r.encoding).toBe(encoding);
    const stmt = r.module!.body[0]!;
    expect(stmt.type === "Assign" && stmt.value.type === "Constant" ? stmt.value.value : null).toBe(value);
  });
  it("an ASCII alias still rejects non-ASCII bytes", () => {
    expect(decl("646", "x = '\xe9'", "latin1").error?.kind).toBe("EncodingError");
  });
});
