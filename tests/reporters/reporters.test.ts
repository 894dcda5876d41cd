/**
 * @fileoverview Golden tests for every reporter on the fixed result of `fixture.ts`, plus the
 * SARIF schema check, the JSON contract check, determinism and escaping details.
 */

import { describe, expect, it } from "vitest";

import { CATEGORIES, SEVERITIES } from "../../src/core/types.js";
import { formatGithub, escapeData, escapeProperty } from "../../src/reporters/github.js";
import { formatJson } from "../../src/reporters/json.js";
import { formatSarif } from "../../src/reporters/sarif.js";
import { formatText } from "../../src/reporters/text.js";
import { REPORTERS, FORMATS } from "../../src/reporters/index.js";
import { context, FINDINGS, ERRORS, RESULT } from "./fixture.js";
import { sarifValidator } from "./sarif-schema.js";

const FINDING_KEYS = [
  "rule", "name", "category", "severity", "confidence", "file", "line", "column", "endLine", "endColumn",
  "message", "help", "docs", "related", "fix", "suppressed",
];

describe("golden outputs", () => {
  it("text", async () => {
    await expect(formatText(RESULT, context())).toMatchFileSnapshot("golden/text.txt");
  });
  it("text with --statistics", async () => {
    await expect(formatText(RESULT, context({ statistics: true }))).toMatchFileSnapshot("golden/text-statistics.txt");
  });
  it("text with --quiet", async () => {
    await expect(formatText(RESULT, context({ quiet: true }))).toMatchFileSnapshot("golden/text-quiet.txt");
  });
  it("json", async () => {
    await expect(formatJson(RESULT, context())).toMatchFileSnapshot("golden/report.json");
  });
  it("sarif", async () => {
    await expect(formatSarif(RESULT, context())).toMatchFileSnapshot("golden/report.sarif");
  });
  it("github", async () => {
    await expect(formatGithub(RESULT, context())).toMatchFileSnapshot("golden/github.txt");
  });
});

describe("every format", () => {
  it.each(FORMATS)("%s is deterministic whatever the input order", (format) => {
    const reversed = { findings: [...FINDINGS].reverse(), errors: [...ERRORS].reverse() };
    expect(REPORTERS[format](reversed, context())).toBe(REPORTERS[format](RESULT, context()));
  });

  it.each(FORMATS)("%s reports the files that could not be scanned", (format) => {
    const out = REPORTERS[format](RESULT, context());
    expect(out).toContain("broken.py");
    expect(out).toContain("blob.py");
  });

  it.each(FORMATS)("%s handles an empty result", (format) => {
    expect(() => REPORTERS[format]({ findings: [], errors: [] }, context({ filesScanned: 0 }))).not.toThrow();
  });
});

describe("text", () => {
  it("hides suppressed findings but counts them", () => {
    const out = formatText(RESULT, context());
    expect(out).not.toContain("run.py:4:9");
    expect(out).toContain("1 suppressed");
  });

  it("underlines the range in a code frame", () => {
    const out = formatText(RESULT, context());
    const lines = out.split("\n");
    const at = lines.findIndex((l) => l.includes('SECRET_KEY = "dév-🔑"') && l.includes(">"));
    expect(at).toBeGreaterThan(-1);
    // The marker line underlines exactly the 8 UTF-16 code units of the literal.
    expect(lines[at + 1]).toMatch(/\|\s{18}\^{8}$/);
  });

  it("uses colour only when asked", () => {
    expect(formatText(RESULT, context({ color: false }))).not.toContain("\u001b[");
    expect(formatText(RESULT, context({ color: true }))).toContain("\u001b[");
  });

  it("says so when there are no findings", () => {
    expect(formatText({ findings: [], errors: [] }, context({ filesScanned: 3 }))).toBe("No findings (3 files scanned).\n");
  });

  it("survives findings outside the known source text", () => {
    const stale = { ...FINDINGS[2]!, line: 500, endLine: 500 };
    expect(formatText({ findings: [stale], errors: [] }, context())).toContain("app/config.py:500:5");
  });
});

describe("json", () => {
  const report = JSON.parse(formatJson(RESULT, context())) as Record<string, unknown>;

  it("has exactly version, findings, errors and summary", () => {
    expect(Object.keys(report)).toEqual(["version", "findings", "errors", "summary"]);
  });

  it("gives every finding exactly the contract's fields with valid values", () => {
    const findings = report["findings"] as Record<string, unknown>[];
    expect(findings).toHaveLength(FINDINGS.length);
    for (const finding of findings) {
      expect(Object.keys(finding)).toEqual(FINDING_KEYS);
      expect(finding["rule"]).toMatch(/^FG\d{3}$/);
      expect(finding["name"]).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(CATEGORIES).toContain(finding["category"]);
      expect(SEVERITIES).toContain(finding["severity"]);
      expect(finding["file"]).not.toMatch(/^\/|\\/);
      for (const key of ["line", "column", "endLine", "endColumn"]) expect(finding[key]).toBeGreaterThanOrEqual(1);
    }
  });

  it("keeps suppressed findings, marked", () => {
    const findings = report["findings"] as { rule: string; suppressed: unknown }[];
    expect(findings.find((f) => f.rule === "FG102")?.suppressed).toEqual({ kind: "inline", justification: "local development only" });
  });

  it("drops fields outside the contract", () => {
    const extra = { ...FINDINGS[1]!, internal: 42 } as unknown as (typeof FINDINGS)[number];
    const out = JSON.parse(formatJson({ findings: [extra], errors: [] }, context())) as { findings: object[] };
    expect(Object.keys(out.findings[0]!)).toEqual(FINDING_KEYS);
  });

  it("summarises unsuppressed findings by severity and category", () => {
    expect(report["summary"]).toMatchObject({
      files: 6,
      findings: 3,
      suppressed: 1,
      errors: 2,
      bySeverity: { low: 1, medium: 1, high: 0, critical: 1 },
      byCategory: { "secret-key": 1, "debug-mode": 1, other: 1 },
    });
  });
});

describe("sarif", () => {
  const validate = sarifValidator();

  it("validates against the official SARIF 2.1.0 schema", () => {
    const log = JSON.parse(formatSarif(RESULT, context())) as unknown;
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it("validates with no findings, no root URI and no docs", () => {
    const log = JSON.parse(formatSarif({ findings: [], errors: [] }, context({ rootUri: null, ruleDocs: new Map() }))) as unknown;
    expect(validate(log)).toBe(true);
  });

  it("the schema check rejects a broken log (the validator is not vacuous)", () => {
    const log = JSON.parse(formatSarif(RESULT, context())) as { runs: { results: { level: string }[] }[] };
    log.runs[0]!.results[0]!.level = "fatal";
    expect(validate(log)).toBe(false);
  });

  it("builds sorted rules only from the rules present, with severity and CWE tags", () => {
    const log = JSON.parse(formatSarif(RESULT, context())) as {
      runs: { tool: { driver: { rules: { id: string; properties: Record<string, unknown> }[] } }; results: { ruleId: string; ruleIndex: number }[] }[];
    };
    const run = log.runs[0]!;
    expect(run.tool.driver.rules.map((r) => r.id)).toEqual(["FG001", "FG101", "FG102", "FG201"]);
    const fg201 = run.tool.driver.rules[3]!;
    expect(fg201.properties["security-severity"]).toBe("9.0");
    expect(fg201.properties["tags"]).toContain("external/cwe/cwe-798");
    for (const result of run.results) expect(run.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
  });
});

describe("github", () => {
  it("maps severities to notice, warning and error and omits suppressed findings", () => {
    const lines = formatGithub(RESULT, context()).trim().split("\n");
    expect(lines.filter((l) => l.startsWith("::error ")).map((l) => l.slice(0, 40))).toHaveLength(1);
    expect(lines.some((l) => l.startsWith("::warning file=app/config.py,line=7,col=5,endLine=7,endColumn=17,title=FG101 debug-mode-enabled::"))).toBe(true);
    expect(lines.some((l) => l.startsWith("::notice file=tools/seed data.py,"))).toBe(true);
    expect(lines.some((l) => l.includes("run.py"))).toBe(false);
  });

  it("escapes data and property values", () => {
    expect(escapeData("100%\r\nnext: a, b")).toBe("100%25%0D%0Anext: a, b");
    expect(escapeProperty("a:b,c%\n")).toBe("a%3Ab%2Cc%25%0A");
  });
});
