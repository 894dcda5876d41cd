/**
 * @fileoverview Consistency gates for rules (ESLint's checkRuleFiles + check-rule-examples,
 * typescript-eslint's docs test): the registry is sorted and unique; every rule lives in
 * `src/rules/<category>/<name>.ts` and is registered; every rule has a docs page with the required
 * headings in order and fixtures with at least one `expect` and one `ok`; `fixable` agrees with the
 * fixes observed on the fixtures; every message a finding carries comes from one of the rule's
 * templates and every template is exercised; and the docs' Example blocks produce a finding of the
 * rule while the Use instead blocks do not.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeProject } from "../src/core/analyzer.js";
import type { Finding } from "../src/core/types.js";
import { findRule, rules } from "../src/rules/index.js";
import type { Rule } from "../src/rules/types.js";
import {
  FIXTURE_OPTIONS,
  parseAnnotations,
  projectFixtures,
  ROOT,
  RULE_FIXTURES,
  ruleFixtureProjects,
  ruleFixtures,
  runFixtureFiles,
} from "./core/fixture-harness.js";

const RULES_DIR = join(ROOT, "src", "rules");
const NOT_RULE_FILES = new Set(["index.ts", "types.ts", "create-rule.ts"]);

/** Every H2 heading a rule page may have, in the required order. */
const HEADINGS = ["What it does", "Why is this bad?", "Example", "Use instead", "Fix safety", "Options", "References"];

function ruleSourceFiles(): string[] {
  const out: string[] = [];
  for (const dir of readdirSync(RULES_DIR)) {
    const abs = join(RULES_DIR, dir);
    if (!statSync(abs).isDirectory() || dir === "helpers") continue;
    for (const f of readdirSync(abs)) if (f.endsWith(".ts") && !NOT_RULE_FILES.has(f)) out.push(join(abs, f));
  }
  return out.sort();
}

function expectedRuleFile(rule: Rule): string {
  const dir = rule.meta.engine ? "meta" : rule.meta.category;
  return join(RULES_DIR, dir, `${rule.meta.name}.ts`);
}

function docsText(rule: Rule): string {
  return readFileSync(join(ROOT, rule.meta.docs), "utf8");
}

/** Fenced code blocks of a section with their language (`python`, `html`, `jinja`, `js`). */
function sectionBlocks(markdown: string, heading: string): { lang: string; code: string }[] {
  const start = markdown.indexOf(`\n## ${heading}\n`);
  if (start < 0) return [];
  const rest = markdown.slice(start + heading.length + 5);
  const end = rest.indexOf("\n## ");
  const section = end < 0 ? rest : rest.slice(0, end);
  return [...section.matchAll(/```(python|html|jinja|js|text)\n([\s\S]*?)```/g)].map((m) => ({ lang: m[1]!, code: m[2]! }));
}

/**
 * The example projects of a docs section. A section of Python blocks only: each block is its own
 * `example.py`. A section with template or script blocks: all its blocks form one project, each
 * block named by a first-line comment (`# app.py`, `{# templates/form.html #}`, `// static/app.js`),
 * else `app.py` / `templates/example.html` / `static/example.js`.
 */
function exampleProjects(markdown: string, heading: string): { path: string; text: string }[][] {
  const blocks = sectionBlocks(markdown, heading);
  if (blocks.every((b) => b.lang === "python")) return blocks.map((b) => [{ path: "example.py", text: b.code }]);
  return [
    blocks.map((b, i) => {
      const named = /^(?:#|\{#|\/\/)\s*([\w./-]+\.(?:py|html|j2|txt|js))\s*(?:#\})?\s*$/.exec(b.code.split("\n")[0] ?? "");
      const fallback = b.lang === "python" ? (i === 0 ? "app.py" : `app${i}.py`) : b.lang === "js" ? `static/example${i}.js` : `templates/example${i}.html`;
      return { path: named ? named[1]! : fallback, text: b.code };
    }),
  ];
}

function templateRegex(template: string): RegExp {
  const parts = template.split(/\{\{\s*[A-Za-z0-9_]+\s*\}\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  return new RegExp(`^${parts.join("[\\s\\S]*?")}$`);
}

describe("registry", () => {
  it("is sorted by code, with unique codes and names", () => {
    const codes = rules.map((r) => r.meta.code);
    expect(codes).toEqual([...codes].sort());
    expect(new Set(codes).size).toBe(codes.length);
    expect(new Set(rules.map((r) => r.meta.name)).size).toBe(rules.length);
  });

  it("uses well-formed codes, kebab-case names and docs paths derived from the code", () => {
    for (const r of rules) {
      expect(r.meta.code).toMatch(/^FG\d{3}$/);
      expect(r.meta.name).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)+$/);
      expect(r.meta.docs).toBe(`docs/rules/${r.meta.code}.md`);
      expect(findRule(r.meta.code)).toBe(r);
      expect(findRule(r.meta.name)).toBe(r);
    }
  });

  it("has every rule file registered, at src/rules/<category>/<name>.ts, exporting the registered rule", async () => {
    const expected = rules.map(expectedRuleFile).sort();
    expect(ruleSourceFiles()).toEqual(expected);
    for (const r of rules) {
      const mod = (await import(pathToFileURL(expectedRuleFile(r)).href)) as { default: Rule };
      expect(mod.default).toBe(r);
      const source = readFileSync(expectedRuleFile(r), "utf8");
      expect(source.startsWith("/**\n * @fileoverview")).toBe(true);
    }
  });

  it("declares options consistently (a spec per default, no spec without a default)", () => {
    for (const r of rules) {
      expect(Object.keys(r.meta.optionSpecs).sort()).toEqual(Object.keys(r.meta.defaultOptions).sort());
    }
  });
});

describe("docs pages", () => {
  for (const r of rules) {
    describe(`${r.meta.code} ${r.meta.name}`, () => {
      it("exists with the title and the required headings in order", () => {
        expect(existsSync(join(ROOT, r.meta.docs))).toBe(true);
        const md = docsText(r);
        expect(md.split("\n")[0]).toBe(`# ${r.meta.code} ${r.meta.name}`);
        const h2 = [...md.matchAll(/^## (.+)$/gm)].map((m) => m[1]!);
        const required = HEADINGS.filter(
          (h) =>
            (h !== "Fix safety" || r.meta.fixable !== "none") &&
            (h !== "Options" || Object.keys(r.meta.optionSpecs).length > 0),
        );
        expect(h2).toEqual(required);
      });

      it("has examples: Example blocks produce a finding of the rule, Use instead blocks do not", () => {
        const md = docsText(r);
        const bad = exampleProjects(md, "Example");
        const good = exampleProjects(md, "Use instead");
        expect(bad.length).toBeGreaterThan(0);
        expect(good.length).toBeGreaterThan(0);
        for (const files of bad) {
          const res = analyzeProject(files, FIXTURE_OPTIONS);
          expect(res.errors).toEqual([]);
          expect(res.findings.filter((f) => f.rule === r.meta.code && f.suppressed === false).length).toBeGreaterThan(0);
        }
        for (const files of good) {
          const res = analyzeProject(files, FIXTURE_OPTIONS);
          expect(res.errors).toEqual([]);
          expect(res.findings.filter((f) => f.rule === r.meta.code && f.suppressed === false)).toEqual([]);
        }
      });
    });
  }
});

describe("fixtures agree with metadata", () => {
  const observed = new Map<string, Finding[]>();
  beforeAll(() => {
    const runs = [
      ...ruleFixtures().map((fx) => runFixtureFiles([{ path: fx.file, text: fx.text }])),
      ...projectFixtures().map((p) => runFixtureFiles(p.files)),
      ...ruleFixtureProjects().map((p) => runFixtureFiles(p.files)),
    ];
    for (const run of runs) {
      for (const f of run.result.findings) observed.set(f.rule, [...(observed.get(f.rule) ?? []), f]);
    }
  });

  for (const r of rules) {
    describe(`${r.meta.code} ${r.meta.name}`, () => {
      it("has a fixture directory with at least one expect and one ok", () => {
        const dir = join(RULE_FIXTURES, `${r.meta.code}-${r.meta.name}`);
        expect(existsSync(dir)).toBe(true);
        const annotations = [
          ...ruleFixtures()
            .filter((fx) => fx.code === r.meta.code)
            .flatMap((fx) => parseAnnotations(fx.text, fx.file).annotations),
          ...ruleFixtureProjects()
            .filter((p) => p.code === r.meta.code)
            .flatMap((p) => p.files.flatMap((f) => parseAnnotations(f.text, f.path).annotations)),
        ].filter((a) => a.rule === r.meta.code);
        expect(annotations.some((a) => a.kind === "expect")).toBe(true);
        expect(annotations.some((a) => a.kind === "ok")).toBe(true);
      });

      it("declares `fixable` consistently with the fixes observed", () => {
        const found = observed.get(r.meta.code) ?? [];
        expect(found.length).toBeGreaterThan(0);
        const withFix = found.filter((f) => f.fix !== null).length;
        if (r.meta.fixable === "none") expect(withFix).toBe(0);
        if (r.meta.fixable === "always") expect(withFix).toBe(found.length);
        if (r.meta.fixable === "sometimes") expect(withFix).toBeGreaterThan(0);
      });

      it("reports only declared messages, and every declared message is exercised", () => {
        const templates = Object.entries(r.meta.messages as Record<string, string>).map(
          ([id, t]) => [id, templateRegex(t)] as const,
        );
        const used = new Set<string>();
        for (const f of observed.get(r.meta.code) ?? []) {
          const ids = templates.filter(([, re]) => re.test(f.message)).map(([id]) => id);
          expect(ids.length, `message not from a template: ${f.message}`).toBeGreaterThan(0);
          ids.forEach((id) => used.add(id));
        }
        expect([...used].sort()).toEqual(Object.keys(r.meta.messages).sort());
      });
    });
  }
});

describe("fixture directories", () => {
  it("are all named after a registered rule", () => {
    for (const dir of readdirSync(RULE_FIXTURES)) {
      const m = /^(FG\d{3})-(.+)$/.exec(dir);
      expect(m, dir).not.toBeNull();
      const rule = findRule(m![1]!);
      expect(rule?.meta.name, dir).toBe(m![2]);
    }
  });

  it("keep fixture paths POSIX-relative", () => {
    for (const fx of ruleFixtures()) expect(relative(RULE_FIXTURES, fx.absolute).split(sep).length).toBe(2);
  });
});
