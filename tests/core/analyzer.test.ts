/**
 * @fileoverview Engine behaviour: scan errors instead of crashes (syntax, encoding, crashing rules,
 * rule contract violations), rule selection, severity and option overrides, positions (1-based
 * UTF-16 columns), deterministic ordering, and the module gate.
 */
import { describe, expect, it } from "vitest";
import { analyzeProject, moduleNameForPath, type RuleSet } from "../../src/core/analyzer.js";
import { AnalyzeOptionsError } from "../../src/core/selection.js";
import { createRule } from "../../src/rules/create-rule.js";
import { findRule, rules } from "../../src/rules/index.js";
import type { Rule } from "../../src/rules/types.js";

const APP = `from flask import Flask\napp = Flask(__name__)\n`;

function withRules(extra: Rule[]): RuleSet {
  const all = [...rules, ...extra];
  return { rules: all, findRule: (k) => all.find((r) => r.meta.code === k || r.meta.name === k) };
}

const baseMeta = {
  category: "other" as const,
  severity: "low" as const,
  confidence: "low" as const,
  summary: "test rule",
  cwe: [],
  status: "stable" as const,
  references: [],
  help: "help {{what}}",
  defaultOptions: {},
  optionSpecs: {},
};

describe("analyzeProject", () => {
  it("reports syntax and encoding errors as scan errors and goes on with other files", () => {
    const result = analyzeProject([
      { path: "b.py", text: "def f(:\n    pass\n" },
      { path: "c.py", bytes: new Uint8Array([0x78, 0x20, 0x3d, 0x20, 0x22, 0xff, 0xfe, 0x22, 0x0a]) },
      { path: "a.py", text: `${APP}app.run(debug=True)\n` },
    ]);
    expect(result.findings.map((f) => [f.file, f.rule])).toEqual([["a.py", "FG101"]]);
    expect(result.errors.map((e) => [e.file, e.kind])).toEqual([
      ["b.py", "syntax-error"],
      ["c.py", "encoding-error"],
    ]);
    expect(result.errors[0]!.line).toBe(1);
    expect(result.errors[0]!.column).toBeGreaterThan(0);
  });

  it("reports 1-based UTF-16 columns computed from the text", () => {
    const text = `${APP}x = "é😀"; app.run(debug=True)\n`;
    const [f] = analyzeProject([{ path: "a.py", text }]).findings;
    // x = "é😀"; → 'x', ' ', '=', ' ', '"', 'é', 2 units for 😀, '"', ';', ' ' = 11 units before `app`
    expect(f!.line).toBe(3);
    expect(f!.column).toBe(1 + 11 + "app.run(".length);
    expect(f!.endColumn).toBe(f!.column + "debug=True".length);
  });

  it("turns a crashing rule into an internal-error naming the rule and file, and keeps other findings", () => {
    const crashing = createRule({
      meta: { ...baseMeta, code: "FG090", name: "crashing-rule", fixable: "none", messages: { m: "x" } },
      create() {
        return {
          Call() {
            throw new Error("boom");
          },
        };
      },
    });
    const result = analyzeProject([{ path: "a.py", text: `${APP}app.run(debug=True)\n` }], {}, withRules([crashing]));
    expect(result.findings.map((f) => f.rule)).toEqual(["FG101"]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatchObject({ file: "a.py", kind: "internal-error", line: 2 });
    expect(result.errors[0]!.message).toContain("FG090 (crashing-rule)");
    expect(result.errors[0]!.message).toContain("boom");
  });

  it("refuses a fix from a rule whose meta.fixable is none, naming the rule", () => {
    const sneaky = createRule({
      meta: { ...baseMeta, code: "FG091", name: "sneaky-fixer", fixable: "none", messages: { m: "x" } },
      create(ctx) {
        return {
          Name(node) {
            ctx.report({ messageId: "m", node, fix: { title: "t", applicability: "safe", edits: [{ range: node, text: "y" }] } });
          },
        };
      },
    });
    const result = analyzeProject([{ path: "a.py", text: "x\n" }], { select: ["FG091"] }, withRules([sneaky]));
    expect(result.findings).toEqual([]);
    expect(result.errors[0]!.message).toMatch(/FG091 \(sneaky-fixer\) reported a fix but its meta.fixable is "none"/);
  });

  it("rejects unknown message ids at report time", () => {
    const wrong = createRule({
      meta: { ...baseMeta, code: "FG092", name: "wrong-message", fixable: "none", messages: { m: "x" } },
      create(ctx) {
        return { Name: (node) => ctx.report({ messageId: "nope" as "m", node }) };
      },
    });
    const result = analyzeProject([{ path: "a.py", text: "x\n" }], { select: ["FG092"] }, withRules([wrong]));
    expect(result.errors[0]!.message).toContain('unknown messageId "nope"');
  });

  it("fills message and help templates and runs project-level checks", () => {
    const project = createRule({
      meta: { ...baseMeta, code: "FG093", name: "project-check", fixable: "none", messages: { m: "{{count}} files" } },
      check(ctx) {
        const first = ctx.project.files[0]!;
        ctx.report(first.path, { messageId: "m", data: { count: ctx.project.files.length, what: "w" }, range: { start: 0, end: 1 } });
      },
    });
    const result = analyzeProject(
      [{ path: "b.py", text: "y = 2\n" }, { path: "a.py", text: "x = 1\n" }],
      { select: ["FG093"] },
      withRules([project]),
    );
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({ file: "b.py", message: "2 files", help: "help w", line: 1, column: 1 });
  });

  it("selects by code, prefix, name and category; ignore wins", () => {
    const text = `${APP}app.secret_key = "abc-literal"\napp.run(debug=True)\n`;
    const codes = (o: object) => analyzeProject([{ path: "a.py", text }], o).findings.map((f) => f.rule);
    expect(codes({})).toEqual(["FG201", "FG101"]);
    expect(codes({ select: ["FG2"] })).toEqual(["FG201"]);
    expect(codes({ select: ["debug-mode-enabled"] })).toEqual(["FG101"]);
    expect(codes({ select: ["secret-key"] })).toEqual(["FG201"]);
    expect(codes({ ignore: ["FG101"] })).toEqual(["FG201"]);
    expect(codes({ select: ["ALL"], ignore: ["debug-mode"] })).toEqual(["FG201"]);
  });

  it("applies severity overrides by code or name and rule options", () => {
    const text = `${APP}app.secret_key = "changeme"\napp.config["MY_SALT"] = "abc"\n`;
    const r = analyzeProject([{ path: "a.py", text }], {
      severity: { "hardcoded-secret-key": "medium" },
      ruleOptions: { FG201: { extraConfigKeys: ["MY_SALT"] } },
    });
    expect(r.findings.map((f) => [f.line, f.severity])).toEqual([
      [3, "medium"],
      [4, "medium"],
    ]);
  });

  it("throws AnalyzeOptionsError naming unknown rules, selectors and bad option types", () => {
    expect(() => analyzeProject([], { select: ["FG999"] })).toThrow(AnalyzeOptionsError);
    try {
      analyzeProject([], { severity: { nope: "high" }, ruleOptions: { FG201: { extraConfigKeys: "X", bogus: 1 } } });
      expect.unreachable();
    } catch (e) {
      const problems = (e as AnalyzeOptionsError).problems;
      expect(problems).toContain('severity: unknown rule "nope"');
      expect(problems.some((p) => p.startsWith("options.FG201.extraConfigKeys: expected string[]"))).toBe(true);
      expect(problems.some((p) => p.startsWith("options.FG201.bogus: unknown option"))).toBe(true);
    }
  });

  it("skips flask rules in projects that never import flask", () => {
    const r = analyzeProject([{ path: "config.py", text: "DEBUG = True\nSECRET_KEY = 'abc-literal'\n" }]);
    expect(r.findings).toEqual([]);
  });

  it("sorts findings by file, line, column, rule and is deterministic", () => {
    const files = [
      { path: "z.py", text: `${APP}app.run(debug=True)\n` },
      { path: "a.py", text: `${APP}app.secret_key = "x-literal"; app.debug = True\n` },
    ];
    const one = analyzeProject(files).findings.map((f) => `${f.file}:${f.line}:${f.column}:${f.rule}`);
    const two = analyzeProject([...files].reverse()).findings.map((f) => `${f.file}:${f.line}:${f.column}:${f.rule}`);
    expect(one).toEqual(["a.py:3:18:FG201", "a.py:3:31:FG101", "z.py:3:9:FG101"]);
    expect(two).toEqual(one);
  });

  it("fills every field of the JSON contract", () => {
    const [f] = analyzeProject([{ path: "app.py", text: `${APP}app.run(debug=True)\n` }]).findings;
    expect(Object.keys(f!).sort()).toEqual(
      ["rule", "name", "category", "severity", "confidence", "file", "line", "column", "endLine", "endColumn", "message", "help", "docs", "related", "fix", "suppressed"].sort(),
    );
    expect(f).toMatchObject({ rule: "FG101", name: "debug-mode-enabled", category: "debug-mode", docs: "docs/rules/FG101.md", fix: null, suppressed: false, related: [] });
    expect(findRule("FG101")!.meta.summary.length).toBeGreaterThan(0);
  });
});

describe("robustness", () => {
  it("handles very deep expression trees without scan errors", () => {
    const long = `${APP}x = 1${" + 1".repeat(20000)}\ny = app${".config".repeat(5000)}\n`;
    const r = analyzeProject([{ path: "a.py", text: long }]);
    expect(r.errors).toEqual([]);
  });
});

describe("moduleNameForPath", () => {
  it("maps files and packages to dotted names", () => {
    expect(moduleNameForPath("app/views.py")).toEqual({ moduleName: "app.views", isPackage: false });
    expect(moduleNameForPath("app/__init__.py")).toEqual({ moduleName: "app", isPackage: true });
    expect(moduleNameForPath("config.py")).toEqual({ moduleName: "config", isPackage: false });
  });
});
