/**
 * @fileoverview Baseline: fingerprints survive unrelated line shifts and re-indentation, identical
 * findings are counted, new findings stay visible, the document validates and round-trips as JSON.
 */
import { describe, expect, it } from "vitest";
import { analyzeProject } from "../../src/core/analyzer.js";
import {
  applyBaseline,
  BaselineFormatError,
  createBaseline,
  parseBaseline,
  staleBaselineEntries,
} from "../../src/core/baseline.js";

const APP = `from flask import Flask\napp = Flask(__name__)\n`;

function scan(text: string) {
  const r = analyzeProject([{ path: "app.py", text }]);
  return { findings: r.findings, texts: r.texts };
}

describe("baseline", () => {
  const before = `${APP}app.secret_key = "abc-literal"\napp.run(debug=True)\n`;

  it("records unsuppressed findings per file and rule, sorted and versioned", () => {
    const { findings, texts } = scan(before);
    const baseline = createBaseline(findings, texts);
    expect(baseline.version).toBe(1);
    expect(Object.keys(baseline.files)).toEqual(["app.py"]);
    expect(Object.keys(baseline.files["app.py"]!)).toEqual(["FG101", "FG201"]);
    expect(parseBaseline(JSON.parse(JSON.stringify(baseline)))).toEqual(baseline);
  });

  it("still matches after lines are inserted above and code is re-indented", () => {
    const base = createBaseline(scan(before).findings, scan(before).texts);
    const after = `"""Docs."""\nimport os\n\n${APP}\n\napp.secret_key  =  "abc-literal"\nif True:\n    app.run(debug=True)\n`;
    const { findings, texts } = scan(after);
    expect(findings).toHaveLength(2);
    const marked = applyBaseline(findings, base, texts);
    expect(marked.map((f) => f.suppressed)).toEqual([
      { kind: "baseline", justification: null },
      { kind: "baseline", justification: null },
    ]);
    expect(staleBaselineEntries(findings, base, texts)).toEqual([]);
  });

  it("reports new findings, including a second identical one", () => {
    const base = createBaseline(scan(before).findings, scan(before).texts);
    const after = `${before}app.secret_key = "abc-literal"\napp.secret_key = "other-literal"\n`;
    const { findings, texts } = scan(after);
    const open = applyBaseline(findings, base, texts).filter((f) => f.suppressed === false);
    expect(open.map((f) => f.line)).toEqual([5, 6]);
  });

  it("lists entries that no longer match as stale", () => {
    const base = createBaseline(scan(before).findings, scan(before).texts);
    const { findings, texts } = scan(`${APP}app.run(debug=True)\n`);
    expect(staleBaselineEntries(findings, base, texts).map((e) => e.rule)).toEqual(["FG201"]);
  });

  it("does not touch findings already suppressed inline", () => {
    const text = `${APP}app.secret_key = "abc"  # flaskguard: ignore[FG201] -- demo\n`;
    const { findings, texts } = scan(text);
    expect(createBaseline(findings, texts).files).toEqual({});
    expect(applyBaseline(findings, createBaseline(findings, texts), texts)[0]!.suppressed).toMatchObject({ kind: "inline" });
  });

  it("rejects malformed documents with a message", () => {
    expect(() => parseBaseline([])).toThrow(BaselineFormatError);
    expect(() => parseBaseline({ version: 2, tool: "flaskguard", files: {} })).toThrow(/version/);
    expect(() => parseBaseline({ version: 1, tool: "flaskguard", files: { "a.py": { FG201: [1] } } })).toThrow(/fingerprint/);
  });
});
