/**
 * @fileoverview Suppression comments: anchoring (same line, line above, stacked, first line of a
 * multi-line finding), file-level directives, codes vs names, reasons required, nosec only when
 * enabled, suppressed findings kept and marked, unused-suppression reports and their fixes.
 */
import { describe, expect, it } from "vitest";
import { analyzeProject, fixSource, type AnalyzeOptions } from "../../src/core/analyzer.js";

const APP = `from flask import Flask\napp = Flask(__name__)\n`;

function run(body: string, options: AnalyzeOptions = {}) {
  return analyzeProject([{ path: "a.py", text: APP + body }], options).findings;
}

describe("inline suppressions", () => {
  it("suppress a finding on the same line and keep it in the result, marked with the reason", () => {
    const [f] = run(`app.secret_key = "abc-literal"  # flaskguard: ignore[FG201] -- demo only\n`);
    expect(f).toMatchObject({ rule: "FG201", suppressed: { kind: "inline", justification: "demo only" } });
  });

  it("suppress from the line above, also through stacked directives", () => {
    const findings = run(
      "# flaskguard: ignore[FG101] -- local tool\n# flaskguard: ignore[FG201] -- demo\napp.secret_key = 'abc-literal'; app.run(debug=True)\n",
      { reportUnusedSuppressions: true },
    );
    expect(findings.map((f) => [f.rule, f.suppressed && f.suppressed.kind])).toEqual([
      ["FG201", "inline"],
      ["FG101", "inline"],
    ]);
  });

  it("do not reach two lines down or across code", () => {
    const findings = run("# flaskguard: ignore[FG201] -- demo\nx = 1\napp.secret_key = 'abc-literal'\n");
    expect(findings.find((f) => f.rule === "FG201")!.suppressed).toBe(false);
  });

  it("anchor on the first line of the finding (a keyword in a multi-line call)", () => {
    const findings = run(`app.config.update(\n    SECRET_KEY="abc-literal",  # flaskguard: ignore[hardcoded-secret-key] -- demo\n)\n`);
    expect(findings[0]!.suppressed).toMatchObject({ kind: "inline" });
  });

  it("only suppress the listed rules", () => {
    const findings = run(`app.secret_key = "abc"; app.run(debug=True)  # flaskguard: ignore[FG201] -- demo\n`);
    expect(findings.map((f) => [f.rule, f.suppressed !== false])).toEqual([
      ["FG201", true],
      ["FG101", false],
    ]);
  });

  it("ignore directives without a reason (and report them as FG001)", () => {
    const findings = run(`app.secret_key = "abc"  # flaskguard: ignore[FG201]\n`);
    expect(findings.map((f) => [f.rule, f.suppressed])).toEqual([
      ["FG201", false],
      ["FG001", false],
    ]);
  });

  it("file-level directives suppress everywhere in the file", () => {
    const findings = run(`app.secret_key = "abc"\n# flaskguard: ignore-file[FG201, FG101] -- fixture app\napp.run(debug=True)\n`);
    expect(findings.map((f) => f.suppressed && f.suppressed.kind)).toEqual(["file", "file"]);
  });

  it("honour # nosec only when enabled, and Bandit ids only for the mapped rule", () => {
    const body = `app.secret_key = "abc"  # nosec\napp.run(debug=True)  # nosec B105\n`;
    expect(run(body).map((f) => f.suppressed)).toEqual([false, false]);
    expect(run(body, { nosec: true }).map((f) => f.suppressed && f.suppressed.kind)).toEqual(["nosec", false]);
  });
});

describe("unused suppressions", () => {
  it("are reported only when requested and only for enabled rules", () => {
    const body = `x = 1  # flaskguard: ignore[FG201] -- stale\n`;
    expect(run(body).map((f) => f.rule)).toEqual([]);
    expect(run(body, { reportUnusedSuppressions: true }).map((f) => f.rule)).toEqual(["FG002"]);
    expect(run(body, { reportUnusedSuppressions: true, ignore: ["FG201"] }).map((f) => f.rule)).toEqual([]);
  });

  it("are removed by the safe fix (whole own-line comment, trailing comment, or one code)", () => {
    const text = `${APP}# flaskguard: ignore[FG101] -- stale\nx = 1  # flaskguard: ignore[FG201] -- stale\napp.secret_key = "abc"  # flaskguard: ignore[FG101, FG201] -- demo\n`;
    const fixed = fixSource("a.py", text, { reportUnusedSuppressions: true });
    expect(fixed.text).toBe(`${APP}x = 1\napp.secret_key = "abc"  # flaskguard: ignore[FG201] -- demo\n`);
    expect(fixed.fixCount).toBe(3);
  });
});
