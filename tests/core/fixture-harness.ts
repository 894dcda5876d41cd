/**
 * @fileoverview Shared by `tests/rules.test.ts` and `tests/meta.test.ts`: discovers rule fixtures
 * (`tests/fixtures/rules/<code>-<name>/*.py`) and fixture projects (`tests/fixtures/projects/<scenario>/`),
 * parses their inline annotations and checks findings against them.
 *
 * Annotation grammar (in comments; Semgrep's vocabulary, ty's optional column and message):
 *   `# expect: FG201`            a finding of FG201 starts on this line (trailing comment) or, for
 *                                an annotation alone on its line, on the next line that is neither
 *                                blank nor another annotation (code, or a suppression comment)
 *   `# expect: FG201:5 "text"`   ... starting at 1-based column 5, with "text" in its message
 *                                (`\"` and `\\` escape a quote and a backslash)
 *   `# ok: FG201`                no (unsuppressed) FG201 finding starts there
 *   `# todo-expect: FG201`       known false negative: must currently NOT be found
 *   `# todo-ok: FG201`           known false positive: must currently be found
 * A fixture without `expect` annotations must begin with `# should not generate diagnostics`.
 * `# fixture-options: {json}` in a fixture sets extra analyzer options (e.g. `{"nosec": true}`).
 * Templates and scripts (`.html`, `.j2`, `.txt`, `.js`, …) carry the same annotations in their own
 * comments: `{# expect: FG301 #}` (or `<!-- … -->`) in templates, `// expect: FG302` (or
 * `/* … *\/`) in JavaScript and inline scripts; their clean header is the same text in a comment on
 * the first line. A subdirectory of a rule fixture directory is one multi-file case (a small
 * project: Python, templates, static files), analysed as a whole.
 * Suppressed findings are not matched (suppression has its own unit tests); everything else must be.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { analyzeProject, fixProject, type AnalyzeOptions, type AnalyzeResult } from "../../src/core/analyzer.js";
import type { Finding } from "../../src/core/types.js";
import { parse } from "../../src/python/index.js";

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const RULE_FIXTURES = join(ROOT, "tests", "fixtures", "rules");
export const PROJECT_FIXTURES = join(ROOT, "tests", "fixtures", "projects");

export type AnnotationKind = "expect" | "ok" | "todo-expect" | "todo-ok";

export interface Annotation {
  kind: AnnotationKind;
  rule: string;
  column: number | null;
  substring: string | null;
  /** Line the annotation is about. */
  line: number;
  /** Line of the comment itself. */
  commentLine: number;
  file: string;
}

const ANNOTATION = /#\s*(expect|ok|todo-expect|todo-ok):\s*(FG\d{3})(?::(\d+))?(?:\s+"((?:[^"\\]|\\.)*)")?/g;
export const CLEAN_HEADER = "# should not generate diagnostics";

/** Annotations, header flag and options of one fixture text. */
export function parseAnnotations(text: string, file: string): {
  annotations: Annotation[];
  cleanHeader: boolean;
  options: AnalyzeOptions;
} {
  if (!isPythonFixture(file)) return parseFrontEndAnnotations(text, file);
  const lines = text.split(/\r\n|\r|\n/);
  const parsed = parse(text);
  const comments = parsed.comments.map((c) => ({ text: c.text, line: c.lineno, start: c.start }));
  // Own-line annotations skip blank lines and other annotation-only lines, so they can be
  // stacked, and can target a comment line (a suppression directive) as well as code.
  const annotationOnly = new Set<number>();
  for (const c of parsed.comments) {
    const lineText = lines[c.lineno - 1] ?? "";
    if (lineText.trimStart().startsWith("#") && /^#\s*(expect|ok|todo-expect|todo-ok):/.test(c.text)) {
      annotationOnly.add(c.lineno);
    }
  }
  const nextCodeLine = (line: number): number => {
    let n = line + 1;
    while (n <= lines.length && (annotationOnly.has(n) || (lines[n - 1] ?? "").trim() === "")) n++;
    return n;
  };
  const annotations: Annotation[] = [];
  let options: AnalyzeOptions = {};
  for (const c of comments) {
    const opt = /#\s*fixture-options:\s*(\{.*\})\s*$/.exec(c.text);
    if (opt) options = JSON.parse(opt[1]!) as AnalyzeOptions;
    for (const m of c.text.matchAll(ANNOTATION)) {
      annotations.push({
        kind: m[1] as AnnotationKind,
        rule: m[2]!,
        column: m[3] ? Number(m[3]) : null,
        substring: m[4] === undefined ? null : m[4].replace(/\\(.)/g, "$1"),
        commentLine: c.line,
        line: annotationOnly.has(c.line) ? nextCodeLine(c.line) : c.line,
        file,
      });
    }
  }
  return { annotations, cleanHeader: text.startsWith(CLEAN_HEADER), options };
}

/** Whether a fixture file is Python (annotations in `#` comments) rather than a template or script. */
export function isPythonFixture(file: string): boolean {
  return file.endsWith(".py") || !FRONT_END_FIXTURE.test(file);
}

const FRONT_END_FIXTURE = /\.(html?|jinja2?|j2|txt|xml|m?js)$/i;
const FRONT_END_COMMENT = /\{#-?\s*(.*?)\s*-?#\}|<!--\s*(.*?)\s*-->|\/\*\s*(.*?)\s*\*\/|(?<![:"'])\/\/\s*(.*)$/g;
const FRONT_END_ANNOTATION = /^(expect|ok|todo-expect|todo-ok):\s*(FG\d{3})(?::(\d+))?(?:\s+"((?:[^"\\]|\\.)*)")?/;

/** Annotations of a template or script fixture (comments found line by line). */
function parseFrontEndAnnotations(text: string, file: string): { annotations: Annotation[]; cleanHeader: boolean; options: AnalyzeOptions } {
  const lines = text.split(/\r\n|\r|\n/);
  const found: { line: number; body: string; alone: boolean }[] = [];
  lines.forEach((lineText, i) => {
    for (const m of lineText.matchAll(FRONT_END_COMMENT)) {
      const body = (m[1] ?? m[2] ?? m[3] ?? m[4] ?? "").trim();
      found.push({ line: i + 1, body, alone: lineText.trim() === m[0].trim() });
    }
  });
  const annotationOnly = new Set(found.filter((f) => f.alone && FRONT_END_ANNOTATION.test(f.body)).map((f) => f.line));
  const nextCodeLine = (line: number): number => {
    let n = line + 1;
    while (n <= lines.length && (annotationOnly.has(n) || (lines[n - 1] ?? "").trim() === "")) n++;
    return n;
  };
  const annotations: Annotation[] = [];
  let options: AnalyzeOptions = {};
  for (const f of found) {
    const opt = /^fixture-options:\s*(\{.*\})$/.exec(f.body);
    if (opt) options = JSON.parse(opt[1]!) as AnalyzeOptions;
    const m = FRONT_END_ANNOTATION.exec(f.body);
    if (!m) continue;
    annotations.push({
      kind: m[1] as AnnotationKind,
      rule: m[2]!,
      column: m[3] ? Number(m[3]) : null,
      substring: m[4] === undefined ? null : m[4].replace(/\\(.)/g, "$1"),
      commentLine: f.line,
      line: annotationOnly.has(f.line) ? nextCodeLine(f.line) : f.line,
      file,
    });
  }
  return { annotations, cleanHeader: (lines[0] ?? "").includes("should not generate diagnostics"), options };
}

/** Checks findings against annotations; returns human-readable failures (empty = pass). */
export function checkAnnotations(findings: readonly Finding[], annotations: readonly Annotation[]): string[] {
  const failures: string[] = [];
  const open = findings.filter((f) => f.suppressed === false);
  const used = new Set<Finding>();
  const at = (a: Annotation) => open.filter((f) => f.file === a.file && f.rule === a.rule && f.line === a.line);
  const describe = (f: Finding) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.message}`;
  const order: AnnotationKind[] = ["expect", "todo-ok", "ok", "todo-expect"];
  for (const kind of order) {
    for (const a of annotations.filter((x) => x.kind === kind)) {
      const where = `${a.file}:${a.line} (annotation on line ${a.commentLine})`;
      const candidates = at(a).filter((f) => !used.has(f));
      if (kind === "expect" || kind === "todo-ok") {
        const hit = candidates.find(
          (f) => (a.column === null || f.column === a.column) && (a.substring === null || f.message.includes(a.substring)),
        );
        if (hit) used.add(hit);
        else if (kind === "expect") {
          const near = at(a).map(describe).join("; ");
          failures.push(`missing ${a.rule}${a.column ? `:${a.column}` : ""}${a.substring ? ` "${a.substring}"` : ""} at ${where}${near ? ` (found: ${near})` : ""}`);
        } else failures.push(`todo-ok ${a.rule} at ${where} no longer fires: turn it into ok`);
      } else if (kind === "ok") {
        for (const f of candidates) failures.push(`ok ${a.rule} violated at ${where}: ${describe(f)}`);
        candidates.forEach((f) => used.add(f));
      } else {
        if (candidates.length > 0) failures.push(`todo-expect ${a.rule} at ${where} is now found: turn it into expect`);
        candidates.forEach((f) => used.add(f));
      }
    }
  }
  for (const f of open) if (!used.has(f)) failures.push(`unexpected finding ${describe(f)}`);
  return failures;
}

/** Options every fixture run uses: every rule (preview included), unused suppressions reported. */
export const FIXTURE_OPTIONS: AnalyzeOptions = { select: ["ALL"], reportUnusedSuppressions: true };

/** One rule fixture file. */
export interface RuleFixture {
  /** `<code>-<name>` directory. */
  dir: string;
  code: string;
  name: string;
  file: string;
  absolute: string;
  text: string;
}

function isFixtureFile(name: string): boolean {
  if (FRONT_END_FIXTURE.test(name)) return true;
  // Configuration text files the Flask model reads; their `#` comments carry annotations.
  if (/^\.flaskenv$|\.env$|\.cfg$/i.test(name)) return true;
  return name.endsWith(".py") && !name.endsWith(".fixed.py") && !name.endsWith(".unsafe-fixed.py");
}

/** Every rule fixture, sorted. */
export function ruleFixtures(): RuleFixture[] {
  const out: RuleFixture[] = [];
  for (const dir of readdirSync(RULE_FIXTURES).sort()) {
    const m = /^(FG\d{3})-([a-z0-9-]+)$/.exec(dir);
    const abs = join(RULE_FIXTURES, dir);
    if (!m || !statSync(abs).isDirectory()) continue;
    for (const file of readdirSync(abs).sort()) {
      if (!isFixtureFile(file) || statSync(join(abs, file)).isDirectory()) continue;
      const absolute = join(abs, file);
      out.push({ dir, code: m[1]!, name: m[2]!, file, absolute, text: readFileSync(absolute, "utf8") });
    }
  }
  return out;
}

/** Every multi-file rule fixture case: a subdirectory `<code>-<name>/<case>/` analysed as one project. */
export function ruleFixtureProjects(): (ProjectFixture & { dir: string; code: string })[] {
  const out: (ProjectFixture & { dir: string; code: string })[] = [];
  for (const dir of readdirSync(RULE_FIXTURES).sort()) {
    const m = /^(FG\d{3})-([a-z0-9-]+)$/.exec(dir);
    const abs = join(RULE_FIXTURES, dir);
    if (!m || !statSync(abs).isDirectory()) continue;
    for (const sub of readdirSync(abs).sort()) {
      const caseDir = join(abs, sub);
      if (!statSync(caseDir).isDirectory()) continue;
      out.push({ dir, code: m[1]!, scenario: `${dir}/${sub}`, files: filesUnder(caseDir) });
    }
  }
  return out;
}

function filesUnder(root: string): { path: string; text: string }[] {
  const files: { path: string; text: string }[] = [];
  const walkDir = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walkDir(p);
      else if (isFixtureFile(name)) files.push({ path: relative(root, p).split(sep).join("/"), text: readFileSync(p, "utf8") });
    }
  };
  walkDir(root);
  return files;
}

/** One fixture project: its files relative to the scenario directory. */
export interface ProjectFixture {
  scenario: string;
  files: { path: string; text: string }[];
}

/** Every fixture project, sorted. */
export function projectFixtures(): ProjectFixture[] {
  const out: ProjectFixture[] = [];
  for (const scenario of readdirSync(PROJECT_FIXTURES).sort()) {
    const abs = join(PROJECT_FIXTURES, scenario);
    if (!statSync(abs).isDirectory()) continue;
    const files: { path: string; text: string }[] = [];
    const walkDir = (dir: string): void => {
      for (const name of readdirSync(dir).sort()) {
        const p = join(dir, name);
        if (statSync(p).isDirectory()) walkDir(p);
        else if (isFixtureFile(name)) files.push({ path: relative(abs, p).split(sep).join("/"), text: readFileSync(p, "utf8") });
      }
    };
    walkDir(abs);
    out.push({ scenario, files });
  }
  return out;
}

/** Result of running one fixture (file or project). */
export interface FixtureRun {
  result: AnalyzeResult;
  annotations: Annotation[];
  failures: string[];
}

/** Analyzes a set of fixture files as one project and checks all their annotations. */
export function runFixtureFiles(files: { path: string; text: string }[]): FixtureRun {
  const annotations: Annotation[] = [];
  const problems: string[] = [];
  let options: AnalyzeOptions = {};
  for (const f of files) {
    const parsed = parseAnnotations(f.text, f.path);
    annotations.push(...parsed.annotations);
    options = { ...options, ...parsed.options };
    const hasExpect = parsed.annotations.some((a) => a.kind === "expect");
    if (!hasExpect && !parsed.cleanHeader) {
      problems.push(`${f.path} has no expect annotation and does not begin with "${CLEAN_HEADER}"`);
    }
  }
  const result = analyzeProject(files, { ...FIXTURE_OPTIONS, ...options });
  for (const e of result.errors) problems.push(`scan error ${e.kind} in ${e.file}:${e.line}: ${e.message}`);
  return { result, annotations, failures: [...problems, ...checkAnnotations(result.findings, annotations)] };
}

/** Applies fixes of `level` to a single fixture text (as its own project). */
export function fixFixture(path: string, text: string, level: "safe" | "unsafe"): string {
  const options = parseAnnotations(text, path).options;
  const r = fixProject([{ path, text }], { ...FIXTURE_OPTIONS, ...options, level });
  return r.texts.get(path) ?? text;
}
