/**
 * @fileoverview The engine's gates for large scans: a rule's `hints` (words without which it cannot
 * report) and `skipsTestFiles` (it never reports in test files). Unit tests on small rules, then the
 * proof that the real rules' hints hide nothing: every fixture project and rule fixture gives the
 * same findings with the hints as without them, analysed whole and one file at a time.
 */
import path from "node:path";
import { describe, expect, it } from "vitest";

import { analyzeProject, type RuleSet } from "../../src/core/analyzer.js";
import { analyzeAlone, requiredModules } from "../../src/core/split.js";
import { createRule } from "../../src/rules/create-rule.js";
import { rules } from "../../src/rules/index.js";
import type { Rule } from "../../src/rules/types.js";
import { inputsOf, projectDirs } from "../robustness/fixture-projects.js";

const REPO = path.resolve(import.meta.dirname, "../..");

const baseMeta = {
  category: "other" as const,
  severity: "low" as const,
  confidence: "low" as const,
  summary: "test rule",
  cwe: [],
  status: "stable" as const,
  references: [],
  help: "help",
  fixable: "none" as const,
  messages: { m: "found" },
};

/** A rule that reports at the start of every Python file it is run on. */
function everywhere(code: string, meta: { hints?: readonly string[] | ((o: { extra: string[] }) => readonly string[]); skipsTestFiles?: boolean }): Rule {
  return createRule({
    meta: { ...baseMeta, code, name: `rule-${code}`, defaultOptions: { extra: [] as string[] }, optionSpecs: { extra: { type: "string[]", description: "more words" } }, ...meta },
    check(ctx) {
      for (const f of ctx.project.files) ctx.report(f.path, { messageId: "m", range: { start: 0, end: 0 } });
    },
  });
}

function ruleSet(list: Rule[]): RuleSet {
  return { rules: list, findRule: (k) => list.find((r) => r.meta.code === k || r.meta.name === k) };
}

function reported(set: RuleSet, files: Record<string, string>, options: Record<string, unknown> = {}): string[] {
  const inputs = Object.entries(files).map(([p, text]) => ({ path: p, text }));
  return analyzeProject(inputs, { select: ["ALL"], ...options }, set).findings.map((f) => `${f.rule} ${f.file}`);
}

describe("hints", () => {
  const set = ruleSet([
    everywhere("FG081", { hints: ["needle"] }),
    everywhere("FG082", { hints: ["pass"] }),
    everywhere("FG083", { hints: ["password"] }),
    everywhere("FG084", { hints: ["debug"] }),
    everywhere("FG085", { hints: ["bug_report"] }),
    everywhere("FG086", { hints: (o) => ["salt", ...o.extra] }),
    everywhere("FG087", {}),
  ]);

  it("skips a rule when no file holds one of its words", () => {
    expect(reported(set, { "a.py": "x = 1\n" })).toEqual(["FG087 a.py"]);
  });

  it("matches words case-insensitively, in comments and strings too", () => {
    expect(reported(set, { "a.py": "# a NEEDLE here\n" })).toEqual(["FG081 a.py", "FG087 a.py"]);
  });

  it("runs the rule on the whole analysis when any file holds a word", () => {
    expect(reported(set, { "a.py": "x = 1\n", "b.py": "needle = 2\n" })).toEqual(["FG081 a.py", "FG087 a.py", "FG081 b.py", "FG087 b.py"]);
  });

  it("finds words in a file's path", () => {
    expect(reported(set, { "needle/mod.py": "x = 1\n" })).toEqual(["FG081 needle/mod.py", "FG087 needle/mod.py"]);
  });

  it("finds words within longer words and words overlapping others", () => {
    expect(reported(set, { "a.py": "PASSWORD = 1\n" })).toEqual(["FG082 a.py", "FG083 a.py", "FG087 a.py"]);
    expect(reported(set, { "a.py": "xdebug_report = 1\n" })).toEqual(["FG084 a.py", "FG085 a.py", "FG087 a.py"]);
  });

  it("takes the words a rule's options add", () => {
    expect(reported(set, { "a.py": "pepper = 1\n" })).toEqual(["FG087 a.py"]);
    expect(reported(set, { "a.py": "pepper = 1\n" }, { ruleOptions: { FG086: { extra: ["pepper"] } } })).toEqual(["FG086 a.py", "FG087 a.py"]);
  });

  it("looks at templates and configuration text files too", () => {
    expect(reported(set, { "a.py": "x = 1\n", ".env": "NEEDLE=1\n" })).toEqual(["FG081 a.py", "FG087 a.py"]);
  });
});

describe("skipsTestFiles", () => {
  const set = ruleSet([everywhere("FG081", { skipsTestFiles: true }), everywhere("FG082", {})]);

  it("drops the rule's findings in test files and keeps the others", () => {
    expect(reported(set, { "app.py": "x = 1\n", "tests/test_app.py": "y = 2\n", "conftest.py": "" })).toEqual([
      "FG081 app.py",
      "FG082 app.py",
      "FG082 conftest.py",
      "FG082 tests/test_app.py",
    ]);
  });

  it("does not run the rule at all on an analysis made only of test files", () => {
    let runs = 0;
    const counting = createRule({
      meta: { ...baseMeta, code: "FG088", name: "counting", defaultOptions: {}, optionSpecs: {}, skipsTestFiles: true },
      check() {
        runs++;
      },
    });
    analyzeProject([{ path: "tests/test_a.py", text: "x = 1\n" }], { select: ["ALL"] }, ruleSet([counting]));
    expect(runs).toBe(0);
    analyzeProject([{ path: "tests/test_a.py", text: "x = 1\n" }, { path: "app.py", text: "" }], { select: ["ALL"] }, ruleSet([counting]));
    expect(runs).toBe(1);
  });
});

describe("files no rule reads", () => {
  const registry = ruleSet([...rules]);
  const analyze = (path: string, text: string, set: RuleSet = registry) => analyzeProject([{ path, text }], { select: ["ALL"] }, set);

  it("are only tokenized when every enabled rule skips them: no parser error, tokenizer errors still reported", () => {
    expect(analyze("tests/test_views.py", "for x in :\n    pass\n").errors).toEqual([]);
    expect(analyze("tests/test_views.py", "x = '''never closed\n").errors.map((e) => [e.kind, e.line])).toEqual([["syntax-error", 1]]);
    // The same file outside the tests is parsed.
    expect(analyze("app/views.py", "for x in :\n    pass\n").errors.map((e) => e.kind)).toEqual(["syntax-error"]);
  });

  it("still have their suppression comments checked", () => {
    const result = analyze("tests/test_views.py", "x = 1  # flaskguard: ignore[FG101]\n");
    expect(result.findings.map((f) => `${f.rule} ${f.line}`)).toEqual(["FG001 1"]);
  });

  it("are parsed when an enabled rule reads test files", () => {
    const readsTests = everywhere("FG089", {});
    expect(analyze("tests/test_views.py", "for x in :\n    pass\n", ruleSet([readsTests])).errors.map((e) => e.kind)).toEqual(["syntax-error"]);
  });

  it("skip rules about templates when there is no template", () => {
    let runs = 0;
    const templatesOnly = createRule({
      meta: { ...baseMeta, code: "FG090", name: "templates-only", defaultOptions: {}, optionSpecs: {}, reportsIn: ["template"] },
      check() {
        runs++;
      },
    });
    analyzeProject([{ path: "app.py", text: "x = 1\n" }], { select: ["ALL"] }, ruleSet([templatesOnly]));
    expect(runs).toBe(0);
    analyzeProject([{ path: "app.py", text: "x = 1\n" }, { path: "templates/a.html", text: "<p></p>\n" }], { select: ["ALL"] }, ruleSet([templatesOnly]));
    expect(runs).toBe(1);
  });
});

/** The registry with every rule's hints removed (its test-file stance kept: it is what the rule means). */
const UNGATED: RuleSet = (() => {
  const list = rules.map((r) => ({ ...r, meta: { ...r.meta, hints: undefined } }) as Rule);
  return ruleSet(list);
})();
const GATED: RuleSet = ruleSet([...rules]);

describe("the real rules' hints hide no finding", () => {
  const OPTIONS = { select: ["ALL"] };
  const assumed = requiredModules();
  it.each(projectDirs().map((d) => [path.relative(REPO, d), d]))("%s", (_name, dir) => {
    const inputs = inputsOf(dir);
    expect(analyzeProject(inputs, OPTIONS, GATED).findings).toEqual(analyzeProject(inputs, OPTIONS, UNGATED).findings);
    // One file at a time, with every module a rule asks for taken as imported by the project.
    for (const input of inputs) {
      if (!/\.py$/.test(input.path)) continue;
      expect(analyzeAlone(input, OPTIONS, assumed, GATED).findings, input.path).toEqual(analyzeAlone(input, OPTIONS, assumed, UNGATED).findings);
    }
  });
});
