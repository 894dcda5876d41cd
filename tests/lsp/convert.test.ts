/**
 * @fileoverview Unit tests of the LSP conversions: severity mapping, finding → diagnostic (0-based
 * UTF-16 positions, docs link, related locations), fix → workspace edit on CRLF and non-ASCII
 * text, and every placement of the suppression comment.
 */

import { describe, expect, it } from "vitest";
import { TextDocument } from "vscode-languageserver-textdocument";

import { analyzeProject } from "../../src/core/analyzer.js";
import type { Finding } from "../../src/core/types.js";
import { docsHref, findingToDiagnostic, fixToWorkspaceEdit, scanErrorToDiagnostic, severityToLsp, suppressionEdit } from "../../src/lsp/convert.js";

const apply = (text: string, edit: ReturnType<typeof suppressionEdit>): string =>
  TextDocument.applyEdits(TextDocument.create("file:///x.py", "python", 0, text), [edit!]);

const TAIL = "# flaskguard: ignore[FG101] -- TODO: explain why this is safe";

describe("severityToLsp", () => {
  it("maps critical/high to Error, medium to Warning, low to Information", () => {
    expect([severityToLsp("critical"), severityToLsp("high"), severityToLsp("medium"), severityToLsp("low")]).toEqual([1, 1, 2, 3]);
  });
});

describe("findingToDiagnostic", () => {
  const base: Finding = {
    rule: "FG201",
    name: "hardcoded-secret-key",
    category: "secret-key",
    severity: "medium",
    confidence: "high",
    message: "what is wrong",
    help: "what to do",
    docs: "docs/rules/FG201.md",
    file: "app.py",
    line: 3,
    column: 5,
    endLine: 3,
    endColumn: 10,
    related: [{ file: "config.py", line: 1, column: 1, endLine: 1, endColumn: 4, message: "loaded here" }],
    fix: null,
    suppressed: false,
  };

  it("converts positions to 0-based, links the docs page and carries related locations", () => {
    const d = findingToDiagnostic(base, (p) => `file:///root/${p}`);
    expect(d.range).toEqual({ start: { line: 2, character: 4 }, end: { line: 2, character: 9 } });
    expect(d).toMatchObject({ code: "FG201", source: "flaskguard", severity: 2, message: "what is wrong\nhelp: what to do" });
    expect(d.codeDescription?.href).toMatch(/^file:\/\/.*\/docs\/rules\/FG201\.md$/);
    expect(d.relatedInformation).toEqual([
      { location: { uri: "file:///root/config.py", range: { start: { line: 0, character: 0 }, end: { line: 0, character: 3 } } }, message: "loaded here" },
    ]);
  });

  it("uses URLs as they are and leaves out links to pages that do not exist", () => {
    expect(docsHref("https://example.org/FG201")).toBe("https://example.org/FG201");
    expect(docsHref("docs/rules/FG999-not-there.md")).toBeNull();
    expect(findingToDiagnostic({ ...base, docs: "" }, (p) => p).codeDescription).toBeUndefined();
  });

  it("turns a syntax error into an error at its position", () => {
    const d = scanErrorToDiagnostic({ file: "a.py", kind: "syntax-error", message: "invalid syntax", line: 4, column: 7 });
    expect(d).toMatchObject({ code: "syntax-error", severity: 1, message: "invalid syntax", range: { start: { line: 3, character: 6 } } });
  });
});

describe("fixToWorkspaceEdit", () => {
  it("places the engine's fix on CRLF text with non-ASCII characters before it", () => {
    const text = 'from flask import Flask\r\nt = "é🍰"\r\napp = Flask(__name__)\r\napp.config["SECRET_KEY"] = "s3cr3t-value"\r\n';
    const { findings, texts } = analyzeProject([{ path: "app.py", text }], { select: ["FG201"] });
    const finding = findings.find((f) => f.fix !== null)!;
    const edit = fixToWorkspaceEdit(finding.fix!, Object.fromEntries(texts), (p) => `file:///w/${p}`)!;
    const changes = edit.changes!["file:///w/app.py"]!;
    expect(changes).toHaveLength(finding.fix!.edits.length);
    const replacement = changes.find((c) => c.newText.startsWith("os.environ"))!;
    expect(replacement.range).toEqual({
      start: { line: finding.line - 1, character: finding.column - 1 },
      end: { line: finding.endLine - 1, character: finding.endColumn - 1 },
    });
    const fixed = TextDocument.applyEdits(TextDocument.create("file:///w/app.py", "python", 0, text), changes);
    expect(fixed).toContain('app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]\r\n');
    expect(fixed).toContain('t = "é🍰"\r\n');
  });

  it("gives up when a text is missing", () => {
    expect(fixToWorkspaceEdit({ title: "x", applicability: "safe", edits: [{ file: "gone.py", range: { start: 0, end: 1 }, text: "" }] }, {}, (p) => p)).toBeNull();
  });
});

describe("suppressionEdit", () => {
  it("appends the directive to the line, replacing trailing blanks", () => {
    const text = "from flask import Flask\napp.run(debug=True)   \nx = 1\n";
    expect(apply(text, suppressionEdit(text, 1, "FG101"))).toBe(`from flask import Flask\napp.run(debug=True)  ${TAIL}\nx = 1\n`);
  });

  it("works on the last line without a newline and after another comment", () => {
    expect(apply("app.run(debug=True)", suppressionEdit("app.run(debug=True)", 0, "FG101"))).toBe(`app.run(debug=True)  ${TAIL}`);
    const text = "app.run(debug=True)  # noqa: E501\n";
    expect(apply(text, suppressionEdit(text, 0, "FG101"))).toBe(`app.run(debug=True)  # noqa: E501  ${TAIL}\n`);
  });

  it("adds the code to a directive already on the line, and does nothing when it is listed", () => {
    const text = "x = f(a)  # flaskguard: ignore[FG201] -- fixture value\n";
    expect(apply(text, suppressionEdit(text, 0, "FG101"))).toBe("x = f(a)  # flaskguard: ignore[FG201, FG101] -- fixture value\n");
    expect(suppressionEdit(text, 0, "fg201")).toBeNull();
  });

  it("goes above the line, indented, when the line ends inside a string or a continuation", () => {
    const text = 'def f():\n    q = """SELECT %s\n    FROM t""" % x\n';
    expect(apply(text, suppressionEdit(text, 1, "FG801"))).toBe(
      'def f():\n    # flaskguard: ignore[FG801] -- TODO: explain why this is safe\n    q = """SELECT %s\n    FROM t""" % x\n',
    );
    const crlf = "if True:\r\n    y = 1 + \\\r\n        2\r\n";
    expect(apply(crlf, suppressionEdit(crlf, 1, "FG101"))).toBe(`if True:\r\n    ${TAIL}\r\n    y = 1 + \\\r\n        2\r\n`);
  });

  it("refuses when no placement is a comment (a line deep inside a string)", () => {
    const text = 'x = """\nline one\nline two\n"""\n';
    expect(suppressionEdit(text, 2, "FG101")).toBeNull();
    expect(suppressionEdit(text, 99, "FG101")).toBeNull();
  });
});
