/**
 * @fileoverview Splitting a scan into a per-file phase and a project phase, so that most files can
 * be analysed one at a time (in worker threads, or from a cache) and only the Flask part of the
 * project is analysed as a whole.
 *
 * The plan is made from the file texts alone, without parsing: the *project part* is every
 * non-Python file (templates, scripts, env and config files), every Python file whose text names
 * a module the rules or the Flask model care about (`flask`, `werkzeug`, extensions, and every
 * module in a rule's `requires`), every configuration-looking module, and, transitively, every
 * project module such a file imports or names in a string (`from_object("config.Prod")`) and
 * every file that imports one of those seeds (or, transitively, an importer of one) — not every
 * importer of a module the project part merely uses, or `import os` would pull in everything. Over-approximation is safe (those files are simply analysed
 * with the whole project part); the remaining files are analysed alone, with the project-scope
 * rules switched on as they are for the whole project. `tests/robustness/split.test.ts` checks that
 * the split gives the same findings as one `analyzeProject` over the fixture projects and examples.
 * Pure: no file system.
 */
import { analyzeProject, compareFindings, moduleNameForPath } from "./analyzer.js";
import type { AnalyzeOptions, AnalyzeResult, RuleSet, SourceFileInput } from "./analyzer.js";
import { rules as registryRules, findRule as registryFindRule } from "../rules/index.js";
import type { ScanError } from "./types.js";

const encoder = new TextEncoder();
const latin1 = new TextDecoder("latin1");

/** Top-level modules that make a file part of the Flask project part, besides the rules' `requires`. */
export const FLASK_MODULES: readonly string[] = ["flask", "werkzeug", "jinja2", "itsdangerous", "markupsafe", "wtforms", "dotenv"];

/** Module names (last part) that are configuration by convention. */
const CONFIG_MODULE = /(^|_)(config|configs|configuration|settings|conf)(_|$)/i;

/** How a scan is split. */
export interface SplitPlan {
  /** Files analysed together as one project (the project phase), in input order. */
  project: SourceFileInput[];
  /** Files analysed one at a time (the per-file phase), in input order. */
  alone: SourceFileInput[];
  /**
   * Modules some file's text names among those that switch project-scope rules on: passed to the
   * per-file analyses; checked against the modules the project part really imports (see
   * {@link analyzeSplit}).
   */
  assumedModules: string[];
}

const REGISTRY: RuleSet = { rules: registryRules, findRule: registryFindRule };

/** Every module named in some rule's `requires`, sorted. */
export function requiredModules(ruleSet: RuleSet = REGISTRY): string[] {
  const out = new Set<string>();
  for (const rule of ruleSet.rules) for (const m of rule.meta.requires?.modules ?? []) out.add(m);
  return [...out].sort();
}

/** Whether a file is Python source (by its `kind`, else by its extension). */
export function isPythonInput(input: SourceFileInput): boolean {
  const kind = (input as { kind?: string }).kind;
  if (kind !== undefined) return kind === "python";
  return /\.pyi?$/i.test(input.path) || !/\.[A-Za-z0-9]+$/.test(input.path.split("/").pop() ?? "");
}

/** Plans the split of `inputs`; see the file overview. */
export function planSplit(inputs: readonly SourceFileInput[], ruleSet: RuleSet = REGISTRY, why?: Map<string, string>): SplitPlan {
  const required = requiredModules(ruleSet);
  // `flask` already finds `flask_wtf` (a name may go on with `_`): only the shortest needles are searched.
  const names = [...new Set([...FLASK_MODULES, ...required.map((m) => m.split(".")[0]!)])];
  const needles = names
    .filter((n) => !names.some((other) => other !== n && (n.startsWith(`${other}_`) || n.startsWith(`${other}.`))))
    .map((n) => ({ name: n, bytes: encoder.encode(n) }));
  const texts = new Map<string, string>();
  const textOf = (input: SourceFileInput): string => {
    let text = texts.get(input.path);
    if (text === undefined) {
      text = input.text ?? latin1.decode(input.bytes ?? new Uint8Array());
      texts.set(input.path, text);
    }
    return text;
  };
  const contains = (input: SourceFileInput, needle: { name: string; bytes: Uint8Array }): boolean =>
    input.text !== undefined ? namesInText(input.text, needle.name) : namesInBytes(input.bytes ?? new Uint8Array(), needle.bytes);

  const byModule = new Map<string, SourceFileInput[]>();
  const moduleOf = new Map<string, string>();
  for (const input of inputs) {
    if (!isPythonInput(input)) continue;
    const { moduleName } = moduleNameForPath(input.path);
    moduleOf.set(input.path, moduleName);
    const list = byModule.get(moduleName);
    if (list) list.push(input);
    else byModule.set(moduleName, [input]);
  }

  const inProject = new Set<string>();
  /**
   * The files the backward closure starts from: the seeds (Flask-related, configuration, named by
   * path) and what imports them — not the modules merely imported by the project part (`os`,
   * `re`, ...), whose importers are not part of the Flask application.
   */
  const anchors = new Set<string>();
  const queue: SourceFileInput[] = [];
  const add = (input: SourceFileInput, reason: string, anchor = true): void => {
    if (anchor) anchors.add(input.path);
    if (inProject.has(input.path)) return;
    why?.set(input.path, reason);
    inProject.add(input.path);
    queue.push(input);
  };
  const assumed = new Set<string>();
  for (const input of inputs) {
    if (!isPythonInput(input)) {
      add(input, "not Python");
      continue;
    }
    const named = needles.find((needle) => contains(input, needle));
    if (named) {
      for (const m of required) if (contains(input, { name: m, bytes: encoder.encode(m) })) assumed.add(m);
      add(input, `names ${named.name}`);
    } else if (CONFIG_MODULE.test(moduleOf.get(input.path)!.split(".").pop() ?? "")) {
      add(input, "configuration module");
    }
  }

  // Forward closure: what the project part imports or names; backward: what imports the project part.
  const importsOf = new Map<string, Set<string>>();
  const referenced = (input: SourceFileInput): Set<string> => {
    let refs = importsOf.get(input.path);
    if (!refs) importsOf.set(input.path, (refs = moduleReferences(textOf(input), moduleOf.get(input.path) ?? "", input.path.endsWith("__init__.py"))));
    return refs;
  };
  const expand = (): void => {
    while (queue.length > 0) {
      const input = queue.pop()!;
      if (!isPythonInput(input)) continue;
      for (const name of referenced(input)) for (const target of byModule.get(name) ?? []) add(target, `referenced by ${input.path}`, false);
    }
  };
  expand();
  // Files named by path in a string of the project part (`from_pyfile("deploy/values.py")`).
  // A path with a directory matches anywhere; a bare name (`config.py`) next to the file naming it,
  // one directory up (the app package's root path, the instance folder's parent) or at the root.
  const byTail = (name: string, from: string): SourceFileInput[] => {
    const tail = name.replace(/^(\.\/)+/, "");
    if (tail.includes("/")) return inputs.filter((i) => i.path === tail || i.path.endsWith(`/${tail}`));
    if (tail === "__init__.py") return [];
    const dir = from.includes("/") ? from.slice(0, from.lastIndexOf("/")) : "";
    const up = dir.includes("/") ? dir.slice(0, dir.lastIndexOf("/")) : "";
    const near = new Set([tail, dir ? `${dir}/${tail}` : tail, up ? `${up}/${tail}` : tail]);
    return inputs.filter((i) => near.has(i.path));
  };
  const pathsNamed = (): boolean => {
    let grew = false;
    for (const p of [...inProject]) {
      const input = inputs.find((i) => i.path === p)!;
      if (!isPythonInput(input)) continue;
      for (const match of textOf(input).matchAll(PY_PATH_STRING_RE)) {
        for (const target of byTail(match[1]!, p)) {
          if (!inProject.has(target.path)) {
            add(target, `path named in ${p}`);
            grew = true;
          }
        }
      }
    }
    return grew;
  };
  while (pathsNamed()) expand();
  // Candidates for the backward closure: files that name a top-level package of the project part
  // or import relatively; each (file, package) pair is searched once.
  const searched = new Set<string>();
  const candidates = new Set<SourceFileInput>(inputs.filter((i) => isPythonInput(i) && !anchors.has(i.path) && hasRelativeImport(i)));
  for (;;) {
    const fresh: { name: string; bytes: Uint8Array }[] = [];
    for (const path of anchors) {
      const top = moduleOf.get(path)?.split(".")[0];
      if (top && !searched.has(top)) {
        searched.add(top);
        // Every file naming a needle is an anchor already, so a top a needle finds (`flask_wtf`
        // for `flask`) cannot be in the others: no need to search for it.
        if (needles.some((n) => top === n.name || top.startsWith(`${n.name}_`))) continue;
        fresh.push({ name: top, bytes: encoder.encode(top) });
      }
    }
    if (fresh.length > 0) {
      for (const input of inputs) {
        if (anchors.has(input.path) || candidates.has(input) || !isPythonInput(input)) continue;
        if (fresh.some((n) => contains(input, n))) candidates.add(input);
      }
    }
    let grew = false;
    for (const input of candidates) {
      if (anchors.has(input.path)) {
        candidates.delete(input);
        continue;
      }
      for (const name of referenced(input)) {
        if ((byModule.get(name) ?? []).some((f) => anchors.has(f.path))) {
          add(input, `imports ${name}`);
          candidates.delete(input);
          grew = true;
          break;
        }
      }
    }
    if (!grew) break;
    expand();
  }

  return {
    project: inputs.filter((i) => inProject.has(i.path)),
    alone: inputs.filter((i) => !inProject.has(i.path)),
    assumedModules: [...assumed].sort(),
  };
}

const IMPORT_RE = /^[ \t]*(?:from[ \t]+(\.*)[ \t]*([\w.]*)[ \t]+import[ \t]*(\([^)]*\)|[^\n#;]*)|import[ \t]+([^\n#;]+))/gm;
const RELATIVE_IMPORT_RE = /^[ \t]*from[ \t]+\./m;
const RELATIVE_IMPORT_HINTS = ["from .", "from  .", "from\t."].map((h) => Buffer.from(h, "latin1"));

/** Whether a file has a relative import (`from . import x`, `from .models import y`). */
function hasRelativeImport(input: SourceFileInput): boolean {
  if (input.text !== undefined) return RELATIVE_IMPORT_RE.test(input.text);
  const bytes = input.bytes ?? new Uint8Array();
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!RELATIVE_IMPORT_HINTS.some((h) => buffer.includes(h))) return false;
  return RELATIVE_IMPORT_RE.test(latin1.decode(bytes));
}
const PY_PATH_STRING_RE = /["']((?:[\w.-]+\/)*[\w.-]+\.py)["']/g;
const DOTTED_STRING_RE = /["']([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*)["']/g;

/**
 * The module names a file may import or name (every dotted prefix), found textually: import
 * statements (relative ones resolved against `moduleName`; `from m import a` also yields `m.a`)
 * and dotted names in string literals. A superset of what the semantic model would resolve.
 */
export function moduleReferences(text: string, moduleName: string, isPackage: boolean): Set<string> {
  const out = new Set<string>();
  const addWithPrefixes = (name: string): void => {
    const parts = name.split(".").filter((p) => p !== "");
    for (let i = 1; i <= parts.length; i++) out.add(parts.slice(0, i).join("."));
  };
  const packageParts = moduleName === "" ? [] : moduleName.split(".");
  if (!isPackage) packageParts.pop();
  for (const match of text.matchAll(IMPORT_RE)) {
    if (match[4] !== undefined) {
      for (const part of match[4].split(",")) {
        const name = part.trim().split(/\s+/)[0];
        if (name) addWithPrefixes(name);
      }
      continue;
    }
    const dots = match[1]!.length;
    let base = match[2]!;
    if (dots > 0) {
      const parent = dots - 1 <= packageParts.length ? packageParts.slice(0, packageParts.length - (dots - 1)) : [];
      base = [...parent, ...(base ? [base] : [])].join(".");
    }
    if (base) addWithPrefixes(base);
    for (const part of match[3]!.replace(/[()\\]/g, " ").split(",")) {
      const name = part.trim().split(/\s+/)[0];
      if (name && name !== "*" && /^\w+$/.test(name)) addWithPrefixes(base ? `${base}.${name}` : name);
    }
  }
  for (const match of text.matchAll(DOTTED_STRING_RE)) addWithPrefixes(match[1]!);
  return out;
}

/**
 * The per-file analysis of one file: its file rules, the rules' project checks on a project of
 * this one file (intra-file data flow, for instance), and its suppressions.
 */
export function analyzeAlone(
  input: SourceFileInput,
  options: AnalyzeOptions,
  assumedModules: readonly string[],
  ruleSet: RuleSet = REGISTRY,
): AnalyzeResult {
  return analyzeProject([input], options, ruleSet, { projectModules: assumedModules });
}

/** Results of the two phases, to be merged. */
export interface SplitParts {
  /** The project phase's result (every finding and error of the project part). */
  project: AnalyzeResult;
  /** Findings and errors of the files analysed alone. */
  alone: Iterable<Pick<AnalyzeResult, "findings" | "errors"> & { texts?: ReadonlyMap<string, string> }>;
}

/** Merges the phases into one result, sorted as `analyzeProject` sorts. */
export function mergeSplit(parts: SplitParts): AnalyzeResult {
  const findings = [...parts.project.findings];
  const errors = [...parts.project.errors];
  const texts = new Map(parts.project.texts);
  for (const part of parts.alone) {
    findings.push(...part.findings);
    errors.push(...part.errors);
    if (part.texts) for (const [k, v] of part.texts) texts.set(k, v);
  }
  findings.sort(compareFindings);
  errors.sort(compareErrors);
  return { findings, errors, texts, enabledRules: parts.project.enabledRules };
}

/**
 * The whole split scan in this thread (the reference for the parallel and cached scans): plans,
 * analyses the project part together and the rest alone, and redoes the per-file phase when the
 * modules assumed from the texts were not all really imported by the project part.
 */
export function analyzeSplit(inputs: readonly SourceFileInput[], options: AnalyzeOptions = {}, ruleSet: RuleSet = REGISTRY): AnalyzeResult {
  const plan = planSplit(inputs, ruleSet);
  let seen: string[] = [];
  const project = analyzeProject(plan.project, options, ruleSet, { onProjectModules: (m) => (seen = [...m]) });
  const assumed = projectModulesAmong(seen, ruleSet);
  return mergeSplit({ project, alone: plan.alone.map((input) => analyzeAlone(input, options, assumed, ruleSet)) });
}

/**
 * Which project-scope rules the modules `assumed` switch on (their codes, sorted and joined): two
 * sets of assumed modules with the same answer give every file analysed alone the same result,
 * whatever else they name. Keys the cache, and tells whether per-file results computed with a guess
 * still hold once the project part has given the real modules.
 */
export function rulesSwitchedOnBy(assumed: readonly string[], ruleSet: RuleSet = REGISTRY): string {
  const on: string[] = [];
  for (const rule of ruleSet.rules) {
    const req = rule.meta.requires;
    if (req?.scope === "project" && req.modules.some((m) => assumed.includes(m))) on.push(rule.meta.code);
  }
  return on.sort().join(",");
}

/** The modules among `seen` that switch project-scope rules on, sorted (what per-file analyses assume). */
export function projectModulesAmong(seen: Iterable<string>, ruleSet: RuleSet = REGISTRY): string[] {
  const required = new Set(requiredModules(ruleSet));
  return [...new Set([...seen].filter((m) => required.has(m)))].sort();
}

/** The error order of `analyzeProject`: file, line, column, message. */
export function compareErrors(a: ScanError, b: ScanError): number {
  return cmp(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || cmp(a.message, b.message);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}


/** ASCII letters and digits (a module name cannot continue with them; `_` and `.` may follow: `flask_wtf`, `flask.json`). */
function isAlnum(code: number | undefined): boolean {
  return code !== undefined && ((code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122));
}

/** Whether `needle` occurs in the bytes as a name (`flask`, `flask_wtf`, `flask.json`; not `flaskguard`, `myflask`). */
function namesInBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  const buffer = Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength);
  for (let at = buffer.indexOf(needle); at !== -1; at = buffer.indexOf(needle, at + 1)) {
    const before = at > 0 ? buffer[at - 1] : undefined;
    if (isAlnum(before) || before === 95) continue;
    if (!isAlnum(buffer[at + needle.length])) return true;
  }
  return false;
}

/** `namesInBytes` for a decoded text. */
function namesInText(text: string, needle: string): boolean {
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) {
    const before = at > 0 ? text.charCodeAt(at - 1) : undefined;
    if (isAlnum(before) || before === 95) continue;
    if (!isAlnum(text.charCodeAt(at + needle.length) || undefined)) return true;
  }
  return false;
}
