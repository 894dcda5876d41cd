/**
 * @fileoverview The parser oracle in CI: our parser against CPython's `ast` on the Flask ecosystem
 * packages, a fixed slice of the standard library and generated edge-case files (tabs, form feeds,
 * CR/CRLF, BOM, coding cookies, non-ASCII columns, NUL bytes, deep nesting), asserting zero tree
 * mismatches and zero accept/reject disagreements. Also checks the oracle itself: a faithful
 * stand-in tree passes, and deliberately wrong trees are caught.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBytes } from "../../src/python/index.js";
import type { Module, Node } from "../../src/python/ast.js";
import { compareTrees } from "../../scripts/oracle/compare.js";
import { collectPyFiles, FLASK_PACKAGES, packageDir, stdlibDir } from "../../scripts/oracle/corpus.js";
import { checkOffsets, LineIndex } from "../../scripts/oracle/offsets.js";
import { pyFloatRepr, toPyJson } from "../../scripts/oracle/pyjson.js";
import type { PyNode } from "../../scripts/oracle/pyjson.js";
import { formatReport, runOracle, summaryLine } from "../../scripts/oracle/run.js";
import type { OracleSummary } from "../../scripts/oracle/run.js";
import { cpythonBackedParseBytes } from "../../scripts/oracle/stub.js";

/**
 * A fixed, diverse slice of the standard library (paths relative to it): f-string-heavy modules,
 * match statements, decorators, async code, non-ASCII and legacy-encoded sources, a CR-only file,
 * numeric and string literal tests, and three files CPython rejects (we must reject them too).
 */
const STDLIB_SLICE = [
  "_pydecimal.py",
  "argparse.py",
  "ast.py",
  "asyncio/base_events.py",
  "asyncio/taskgroups.py",
  "asyncio/tasks.py",
  "collections/__init__.py",
  "contextlib.py",
  "dataclasses.py",
  "email/_header_value_parser.py",
  "enum.py",
  "fractions.py",
  "functools.py",
  "http/client.py",
  "inspect.py",
  "json/decoder.py",
  "logging/__init__.py",
  "pprint.py",
  "pydoc.py",
  "re/_parser.py",
  "shlex.py",
  "statistics.py",
  "string.py",
  "subprocess.py",
  "textwrap.py",
  "tkinter/__init__.py",
  "tokenize.py",
  "traceback.py",
  "turtledemo/clock.py",
  "typing.py",
  "unittest/mock.py",
  "urllib/parse.py",
  "test/encoded_modules/module_iso_8859_1.py",
  "test/encoded_modules/module_koi8_r.py",
  "test/test_ast.py",
  "test/test_asyncgen.py",
  "test/test_bytes.py",
  "test/test_complex.py",
  "test/test_coroutines.py",
  "test/test_decorators.py",
  "test/test_except_star.py",
  "test/test_exception_group.py",
  "test/test_float.py",
  "test/test_fstring.py",
  "test/test_genexps.py",
  "test/test_grammar.py",
  "test/test_int_literal.py",
  "test/test_keywordonlyarg.py",
  "test/test_listcomps.py",
  "test/test_long.py",
  "test/test_named_expressions.py",
  "test/test_patma.py",
  "test/test_pep646_syntax.py",
  "test/test_positional_only_arg.py",
  "test/test_scope.py",
  "test/test_source_encoding.py",
  "test/test_string_literals.py",
  "test/test_syntax.py",
  "test/test_tokenize.py",
  "test/test_type_annotations.py",
  "test/test_typing.py",
  "test/test_unicode_identifiers.py",
  "test/test_unpack_ex.py",
  "test/test_utf8source.py",
  "test/test_with.py",
  "test/tokenizedata/bad_coding2.py",
  "test/tokenizedata/badsyntax_3131.py",
  "test/tokenizedata/coding20731.py",
];

/** Generated edge cases: name → source bytes. */
function edgeCases(): Record<string, Uint8Array> {
  const s = (text: string): Uint8Array => new TextEncoder().encode(text);
  const latin1 = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text, "latin1"));
  return {
    "tabs.py": s("if x:\n\tif y:\n\t\tpass\n\telse:\n\t\tz = [1,\n\t\t\t2]\n"),
    "tab_inconsistent.py": s("if x:\n        a = 1\n\tb = 2\n"),
    "formfeed.py": s("\fx = 1\nif x:\n\f    y = 2\n\f\nz = 3\n"),
    "crlf.py": s("x = 1\r\nif x:\r\n    y = 'a' \\\r\n        'b'\r\n    s = '''p\r\nq'''\r\n"),
    "cr_only.py": s("x = 1\ry = (2,\r     3)\r"),
    "bom.py": s("\ufeffx = 'é'  # comment\ny = x\n"),
    "latin1_cookie.py": latin1("# -*- coding: latin-1 -*-\ns = 'éé'; t = s + 'ü'\n"),
    "non_ascii_columns.py": s("é = 'ü'; x = é + '😀' + f'{é}😀{x!r:>{é}}'\nπ = [é, 'ñ'][0]\n"),
    "nul_byte.py": s("x = 1\0\n"),
    "invalid_utf8.py": Uint8Array.from([...s("x = '"), 0xff, ...s("'\n")]),
    "nested_ok.py": s(`x = ${"(".repeat(150)}1${")".repeat(150)}\n`),
    // 201..maxDepth nested brackets is a deliberate difference (docs/parser-oracle.md); far beyond both limits both reject.
    "nested_too_deep.py": s(`x = ${"(".repeat(5000)}1${")".repeat(5000)}\n`),
    "no_trailing_newline.py": s("def f():\n    return 1"),
    "empty.py": s(""),
    "only_comment.py": s("# just a comment"),
    "continuation.py": s("x = 1 + \\\n    2\nif (a and\n    b):\n    pass\n"),
    "literals.py": s(
      [
        "a = [0x_ff, 0o17, 0b1, 1_000, 1e10, 1.5j, 0.0, 1_0.5e-3, 10E+400, 123456789012345678901234567890, 0XFFFFFFFFFFFFFFFFFFFF, 0, 00, 1.]",
        "b = [rb'\\x', Rb'a', BR'b', u'c', b'\\xff\\n', 'tab\\tnl\\n\\101\\u00e9\\U0001F600\\N{EM DASH}', '\\q', '''tri\\",
        "ple''', 'im' 'plicit' \"concat\"]",
        "c = ...; d = None; e = True",
      ].join("\n") + "\n",
    ),
    "fstrings.py": s(
      [
        "w = 5; p = 2; x = 3.14159",
        "a = f'{x!r:>{w}.{p}}' f\"{'a' if x else 'b'}\" rf'{x}\\d' F'{{literal}} {x=} {x = !s:^10}'",
        'b = f"""multi',
        '{x',
        '  + 1}',
        'line""" "plain" f"{ {1: 2}[1] }"',
        "c = f'{f\"{x}\"}' + f'{x:{w}}' + f'{(lambda: 1)()}' if 0 else f'{x:{w}}'",
      ].join("\n") + "\n",
    ),
    "statements.py": s(
      [
        "import a.b as c, d",
        "from ..e import (f as g, h)",
        "from . import i",
        "@dec",
        "@dec2(1)",
        "async def fn(a, /, b: int = 1, *c, d, e=2, **f) -> 'r':",
        "    global q",
        "    async with a as (b, c), d:",
        "        async for x in y:",
        "            await z",
        "    return [i async for i in aiter() if await i]",
        "class C(B, metaclass=M):",
        "    x: int = 1",
        "    (y): int",
        "    def g(self): yield from self; yield",
        "try:",
        "    pass",
        "except* (A, B) as e:",
        "    raise X from e",
        "else:",
        "    del a[1:2, ::3], b.c",
        "finally:",
        "    assert x, 'm'",
        "while (n := 10) > 5: break",
        "else: pass",
        "match command.split():",
        "    case [Point(x=0, y=0) | {'k': 1, **rest}, *others] if others:",
        "        pass",
        "    case (1 | -2 | 3+4j | 'a' 'b' | None | True) as v:",
        "        pass",
        "    case Color.RED | [] | ():",
        "        pass",
        "    case _:",
        "        pass",
        "x = lambda a, *, b=1, **k: (a, *b, {**k}, {*a}, [*b])",
        "y = a if b else c or d and not e is not f not in g < h",
        "z = a @ b // c ** -d >> e << f ^ g | h & ~i",
        "print(*args, sep='', **kw); f(x for x in y)",
        "x[1:2, ...] = {k: v for k, v in d.items()}; s = {a for a in b}",
        "x += 1; x //= 2; x **= 3; x @= m",
      ].join("\n") + "\n",
    ),
  };
}

let tmpDir = "";

beforeAll(() => {
  tmpDir = fs.mkdtempSync(path.join(os.tmpdir(), "flaskguard-oracle-"));
  for (const [name, bytes] of Object.entries(edgeCases())) fs.writeFileSync(path.join(tmpDir, name), bytes);
});

afterAll(() => {
  if (tmpDir !== "") fs.rmSync(tmpDir, { recursive: true, force: true });
});

function describeFailures(summary: OracleSummary): string {
  return `${summaryLine(summary)}\n${formatReport(summary, 30)}`;
}

describe("the oracle itself", () => {
  it("formats floats exactly like Python's repr", () => {
    const cases: [number, string][] = [
      [1, "1.0"],
      [0.1, "0.1"],
      [1e16, "1e+16"],
      [1e15, "1000000000000000.0"],
      [1.5e-7, "1.5e-07"],
      [1e-4, "0.0001"],
      [1e-5, "1e-05"],
      [123.456, "123.456"],
      [1.7976931348623157e308, "1.7976931348623157e+308"],
      [5e-324, "5e-324"],
      [Infinity, "inf"],
    ];
    for (const [value, repr] of cases) expect(pyFloatRepr(value)).toBe(repr);
  });

  it("passes a faithful tree and catches wrong positions, values, types, missing and extra fields", async () => {
    const files = collectPyFiles([tmpDir]).filter((f) => /(fstrings|statements|literals|non_ascii_columns|tabs)\.py$/.test(f));
    const faithful = await runOracle({ files, parseBytes: cpythonBackedParseBytes() });
    expect(faithful.files).toBe(5);
    expect(faithful.mismatches, describeFailures(faithful)).toBe(0);
    expect(faithful.errors, describeFailures(faithful)).toBe(0);

    type Mutable = Record<string, unknown>;
    const firstOf = (module: Module, type: string): Mutable | undefined => {
      let found: Mutable | undefined;
      const stack: unknown[] = [module];
      while (stack.length > 0 && found === undefined) {
        const n = stack.pop();
        if (Array.isArray(n)) stack.push(...n);
        else if (n !== null && typeof n === "object" && "type" in n) {
          if ((n as Mutable).type === type) found = n as Mutable;
          else stack.push(...Object.values(n));
        }
      }
      return found;
    };
    const defects: [string, (m: Module) => void, RegExp][] = [
      ["column", (m) => void ((firstOf(m, "Name") as Mutable).col_offset = 99), /Name\.col_offset/],
      ["offset", (m) => void ((firstOf(m, "Call") as Mutable).start = 1e6), /Call\.start\[inconsistent\]/],
      ["constant", (m) => void ((firstOf(m, "Constant") as Mutable).value = "other"), /Constant\.value/],
      ["node type", (m) => void ((firstOf(m, "Name") as Mutable).type = "Starred"), /Name→Starred/],
      ["missing field", (m) => void delete (firstOf(m, "Call") as Mutable).keywords, /Call\.keywords|CHILD_FIELDS/],
      ["extra field", (m) => void ((firstOf(m, "Name") as Mutable).bogus = 1), /Name\.bogus\[extra\]/],
      ["type_params non-empty", (m) => void ((firstOf(m, "FunctionDef") as Mutable).type_params = [{ type: "TypeVar" }]), /type_params\[extra\]/],
    ];
    const statements = files.filter((f) => f.endsWith("statements.py"));
    for (const [label, defect, category] of defects) {
      const summary = await runOracle({ files: statements, parseBytes: cpythonBackedParseBytes(defect) });
      expect(summary.mismatches, `defect '${label}' not caught`).toBe(1);
      expect([...summary.categories.keys()].join(" "), `defect '${label}'`).toMatch(category);
    }
  });

  it("compares f-string part positions only for a 3.12+ oracle", () => {
    const part = (col: number): PyNode => ({ _type: "Constant", value: "a", kind: null, lineno: 1, col_offset: col, end_lineno: 1, end_col_offset: 9 });
    const fstr = (col: number): PyNode => ({ _type: "JoinedStr", values: [part(col)], lineno: 1, col_offset: 0, end_lineno: 1, end_col_offset: 9 });
    expect(compareTrees(fstr(0), fstr(2), { fstringPartPositions: false, maxMismatches: 5 })).toEqual([]);
    expect(compareTrees(fstr(0), fstr(2), { fstringPartPositions: true, maxMismatches: 5 })).toHaveLength(1);
  });

  it("flags start/end that disagree with line and byte column", () => {
    const text = "é = 1\n";
    const name = { type: "Name", id: "é", ctx: "Store", lineno: 1, col_offset: 0, end_lineno: 1, end_col_offset: 2, start: 0, end: 2 };
    const module = { type: "Module", body: [{ type: "Expr", value: name, lineno: 1, col_offset: 0, end_lineno: 1, end_col_offset: 2, start: 0, end: 1 }], type_ignores: [] };
    const problems = checkOffsets(module as unknown as Node, new LineIndex(text), 10);
    expect(problems.map((p) => p.path)).toEqual(["body[0].value.end"]);
    expect(toPyJson(module as unknown as Node)).toMatchObject({ _type: "Module", body: [{ _type: "Expr", value: { _type: "Name", id: "é" } }] });
  });
});

describe("our parser against CPython", () => {
  it("agrees on the Flask ecosystem, a slice of the standard library and edge cases", async () => {
    const roots: string[] = [];
    for (const name of FLASK_PACKAGES) roots.push(packageDir(name)); // throws naming a missing package
    const stdlib = stdlibDir("python3");
    const missing = STDLIB_SLICE.filter((rel) => !fs.existsSync(path.join(stdlib, rel)));
    expect(missing, `standard library files missing under ${stdlib} (is python3 CPython 3.11?)`).toEqual([]);
    roots.push(...STDLIB_SLICE.map((rel) => path.join(stdlib, rel)), tmpDir);
    const files = collectPyFiles(roots);
    const summary = await runOracle({ files, parseBytes });
    expect(summary.files).toBe(files.length);
    expect(summary.bothReject).toBeGreaterThanOrEqual(6); // the rejected stdlib files and edge cases
    expect(summary.mismatches, describeFailures(summary)).toBe(0);
    expect(summary.errors, describeFailures(summary)).toBe(0);
  });
});

/**
 * A CPython 3.12+ interpreter when the machine has one (on PATH, or under `pyenv root`), or null.
 * Only a 3.12+ oracle checks the exact positions of f-string parts and the PEP 695/701 syntax.
 */
function newerPython(): string | null {
  const version = (exe: string): [number, number] | null => {
    const r = spawnSync(exe, ["-c", "import sys; print(*sys.version_info[:2])"], { encoding: "utf8" });
    if (r.error !== undefined || r.status !== 0) return null;
    const [a, b] = r.stdout.trim().split(" ").map(Number);
    return [a ?? 0, b ?? 0];
  };
  const newEnough = (exe: string): boolean => {
    const v = version(exe);
    return v !== null && (v[0] > 3 || (v[0] === 3 && v[1] >= 12));
  };
  for (const exe of ["python3.13", "python3.12"]) if (newEnough(exe)) return exe;
  const root = spawnSync("pyenv", ["root"], { encoding: "utf8" });
  if (root.error !== undefined || root.status !== 0) return null;
  const versions = path.join(root.stdout.trim(), "versions");
  if (!fs.existsSync(versions)) return null;
  for (const dir of fs.readdirSync(versions).filter((v) => /^3\.(1[2-9]|[2-9]\d)\./.test(v)).sort().reverse()) {
    const exe = path.join(versions, dir, "bin", "python3");
    if (fs.existsSync(exe) && newEnough(exe)) return exe;
  }
  return null;
}

describe("our parser against CPython 3.12+ (when the machine has one)", () => {
  const python = newerPython();
  it.skipIf(python === null)("agrees on the Flask ecosystem and the newer grammar tests, f-string part positions included", async () => {
    const roots = FLASK_PACKAGES.map((name) => packageDir(name));
    const stdlib = stdlibDir(python!);
    const grammarTests = ["test/test_fstring.py", "test/test_grammar.py", "test/test_patma.py", "test/test_type_params.py", "typing.py"]
      .map((rel) => path.join(stdlib, rel))
      .filter((file) => fs.existsSync(file));
    expect(grammarTests.length, `grammar test files under ${stdlib}`).toBeGreaterThanOrEqual(3);
    const files = collectPyFiles([...roots, ...grammarTests]);
    const summary = await runOracle({ files, parseBytes, python: python! });
    expect(summary.mismatches, describeFailures(summary)).toBe(0);
    expect(summary.errors, describeFailures(summary)).toBe(0);
  });
});
