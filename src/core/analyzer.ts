/**
 * @fileoverview The engine: from file texts to findings. Parses every file (a file that cannot be
 * decoded or parsed becomes a `ScanError` and the scan goes on), builds each file's semantic model,
 * runs every enabled rule in one traversal per file plus the project-level checks, turns reports
 * into findings, applies suppression comments and sorts the result. Pure: no file system, no
 * process, no console. Also hosts the fix loop (`fixProject`).
 */
import { decodeSource, lex, parse } from "../python/index.js";
import type { Node } from "../python/ast.js";
import type { ParseResult, PySyntaxError } from "../python/types.js";
import { findRule as registryFindRule, rules as registryRules } from "../rules/index.js";
import type {
  FileRuleContext,
  FileView,
  ProjectRuleContext,
  ProjectView,
  ReportDescriptor,
  Rule,
  RuleSettings,
} from "../rules/types.js";
import { SemanticModel } from "../semantic/model.js";
import { buildFlaskModel } from "../project/build.js";
import type { FlaskModel } from "../project/model.js";
import type { TextFileView } from "../project/types.js";
import { frontEndKind, parseScriptFile, parseTemplate, type ScriptFile, type TemplateFile } from "../templates/index.js";
import { fixUntilStable, applyFixes, isApplicable, MAX_FIX_PASSES, type FixLevel } from "./fix.js";
import {
  AnalyzeOptionsError,
  effectiveOptions,
  selectRules,
  severityOverride,
  validateRuleSettings,
} from "./selection.js";
import { LineIndex } from "./source-file.js";
import { applySuppressions, type DirectiveComment, type EngineReport } from "./suppressions.js";
import { traverse, type ListenerMap, type NodeListener } from "./traverse.js";
import type { Finding, Fix, RelatedLocation, ScanError, Severity } from "./types.js";
import { isDependencyFilePath } from "../rules/helpers/dependency-pins.js";
import { isTestPath } from "../rules/helpers/test-code.js";

/** One file to analyze: its path and either its decoded text or its raw bytes. */
export interface SourceFileInput {
  /** POSIX path relative to the scan root (used in findings as is). */
  path: string;
  /** Decoded text; takes precedence over `bytes`. */
  text?: string;
  /** Raw bytes, decoded like CPython (BOM, PEP 263 coding cookie, UTF-8 by default). */
  bytes?: Uint8Array;
  /**
   * What the file is: Python source, a Jinja template, a static JavaScript file, or `text`
   * (`.flaskenv`, `.env`, `*.cfg`, the default for those names: only decoded and given to the Flask
   * project model; rules may report in it). Default: by extension (`.html`/`.htm`/`.jinja`/
   * `.jinja2`/`.j2`/`.txt`/`.xml` templates, `.js`/`.mjs` scripts, anything else Python).
   */
  kind?: "python" | "template" | "javascript" | "text";
}

/**
 * How to analyze. Every field is optional. The engine caches what it derives from an options object
 * (validation, selected rules), so do not modify one after passing it: make a new one.
 */
export interface AnalyzeOptions {
  /** Rules to enable: codes (`FG201`), code prefixes (`FG2`), names, categories or `ALL`. Default: all stable rules. */
  select?: string[];
  /** Rules to disable (same selectors as `select`), applied after `select`. */
  ignore?: string[];
  /** Per-rule severity override keyed by code or name; replaces every severity the rule reports. */
  severity?: Record<string, Severity>;
  /** Per-rule options keyed by code or name, merged over the rule's defaults. */
  ruleOptions?: Record<string, Record<string, unknown>>;
  /** Honour Bandit's `# nosec` comments. Default false. */
  nosec?: boolean;
  /** Config classes or modules declared production (`config.ProductionConfig`). */
  productionConfigs?: string[];
  /** Extra login view names or URL rules (the `login-routes` setting), for the rate-limiting rules. */
  loginRoutes?: string[];
  /** Report directives that suppressed nothing (FG002). Default false. */
  reportUnusedSuppressions?: boolean;
  /** Enable preview rules when `select` is not given. Default false. */
  preview?: boolean;
}

/** What the engine found. */
export interface AnalyzeResult {
  /** Every finding, suppressed ones included (marked), sorted by file, line, column, rule. */
  findings: Finding[];
  /** Files that could not be decoded or parsed, and rules that crashed; sorted by file and line. */
  errors: ScanError[];
  /** The decoded text of every file that could be decoded (offsets and baselines refer to it). */
  texts: Map<string, string>;
  /** Codes of the rules that were enabled for this run, sorted. */
  enabledRules: string[];
}

/**
 * How much of the project an analysis covers, for scans split into a per-file phase and a project
 * phase (`split.ts`). The default is the whole project.
 */
export interface AnalysisScope {
  /**
   * Modules taken as imported by the project besides those the given files import: project-scope
   * rules (`requires: {scope: "project"}`) are switched on as for the whole project.
   */
  projectModules?: readonly string[];
  /** Run the rules' project-level checks (default true). */
  projectChecks?: boolean;
  /** Called with every module the given files import (and their dotted prefixes). */
  onProjectModules?: (modules: ReadonlySet<string>) => void;
}

/** The rules and lookup the engine uses; tests may pass their own. */
export interface RuleSet {
  rules: readonly Rule[];
  findRule: (codeOrName: string) => Rule | undefined;
}

const REGISTRY: RuleSet = { rules: registryRules, findRule: registryFindRule };

/**
 * Analyzes a set of files as one project.
 *
 * ```ts
 * const { findings, errors } = analyzeProject(
 *   [{ path: "app.py", text: 'from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n' }],
 *   { select: ["debug-mode"] },
 * );
 * // findings[0].rule === "FG101", findings[0].line === 3, findings[0].column === 9
 * ```
 *
 * @throws AnalyzeOptionsError when `options` name unknown rules or carry ill-typed rule options.
 */
export function analyzeProject(
  files: readonly SourceFileInput[],
  options: AnalyzeOptions = {},
  ruleSet: RuleSet = REGISTRY,
  scope: AnalysisScope = {},
): AnalyzeResult {
  const prepared = prepare(options, ruleSet);
  if (prepared.problems.length > 0) throw new AnalyzeOptionsError(prepared.problems);
  return new Analysis(files, options, ruleSet, scope, prepared).run();
}

/** What an analysis derives from its options alone: the same for every file of a split scan. */
interface Prepared {
  problems: ReturnType<typeof validateRuleSettings>;
  enabled: Rule[];
  hints: HintPattern;
}

const preparedCache = new WeakMap<RuleSet, WeakMap<AnalyzeOptions, Prepared>>();

/**
 * Validates the options and selects the rules once per options object and rule set: a large scan
 * runs thousands of one-file analyses with the same options (options are not modified after use).
 */
function prepare(options: AnalyzeOptions, ruleSet: RuleSet): Prepared {
  let byOptions = preparedCache.get(ruleSet);
  if (!byOptions) preparedCache.set(ruleSet, (byOptions = new WeakMap()));
  let prepared = byOptions.get(options);
  if (!prepared) {
    const problems = validateRuleSettings(ruleSet.rules, ruleSet.findRule, options);
    const enabled = problems.length > 0 ? [] : selectRules(ruleSet.rules, options);
    prepared = { problems, enabled, hints: hintPatternFor(enabled, options) };
    byOptions.set(options, prepared);
  }
  return prepared;
}

/** Convenience for a single file given as text (tests, editors). */
export function analyzeSource(path: string, text: string, options: AnalyzeOptions = {}): AnalyzeResult {
  return analyzeProject([{ path, text }], options);
}

/** Whether a path is a configuration text file for the Flask model (`.flaskenv`, `.env`, `*.cfg`). */
export function isConfigTextPath(path: string): boolean {
  return /(^|\/)\.flaskenv$|\.env$|\.cfg$/i.test(path);
}

/** Dotted module name and package flag of a project path: `app/__init__.py` → `app`, package. */
export function moduleNameForPath(path: string): { moduleName: string; isPackage: boolean } {
  const noExt = path.replace(/\.pyi?$/, "");
  const parts = noExt.split("/").filter((p) => p.length > 0 && p !== ".");
  const isPackage = parts[parts.length - 1] === "__init__";
  if (isPackage) parts.pop();
  return { moduleName: parts.join("."), isPackage };
}

/** Parsed file plus what the engine needs to report on it. */
interface FileState {
  view: FileView;
  lines: LineIndex;
  parse: ParseResult;
}

/** A template or script file: what reporting needs. */
interface FrontEndState {
  path: string;
  lines: LineIndex;
  /** Comments that may hold suppression directives (`{# … #}`, `// …`). */
  comments?: readonly DirectiveComment[];
}

/** A rule that crashed on a file is switched off for the rest of that file. */
class RuleCrash extends Error {}

class Analysis {
  private readonly findings: Finding[] = [];
  private readonly errors: ScanError[] = [];
  private readonly texts = new Map<string, string>();
  private readonly files: FileState[] = [];
  private readonly byPath = new Map<string, FileState>();
  private readonly textFiles: TextFileView[] = [];
  private readonly templates: TemplateFile[] = [];
  private readonly scripts: ScriptFile[] = [];
  private readonly frontEnd = new Map<string, FrontEndState>();
  private readonly enabled: Rule[];
  private readonly settings: RuleSettings;
  /** The enabled rules' hint words (lowercase) and one pattern finding them all. */
  private readonly hints: HintPattern;
  /** Hint words found in some file of the analysis (searched on first need). */
  private hintsFound: Set<string> | null = null;
  /** Paths and texts of the files, for the hint search. */
  private readonly hintSources: string[] = [];
  /** Whether every file of the analysis is a test file (`isTestPath`). */
  private onlyTestFiles = true;
  /** The kinds of files in the analysis. */
  private readonly kinds = new Set<"python" | "template" | "javascript" | "text">();

  constructor(
    private readonly inputs: readonly SourceFileInput[],
    private readonly options: AnalyzeOptions,
    private readonly ruleSet: RuleSet,
    private readonly scope: AnalysisScope = {},
    prepared: Prepared = prepare(options, ruleSet),
  ) {
    this.enabled = prepared.enabled;
    this.settings = { productionConfigs: options.productionConfigs ?? [], loginRoutes: options.loginRoutes ?? [] };
    this.hints = prepared.hints;
  }

  /**
   * Records the hint words in a file's text and path (a module of the `passlib` package may name its
   * siblings by relative imports only) and whether it is a test file.
   */
  private noteFile(path: string, text: string): void {
    if (!isTestPath(path)) this.onlyTestFiles = false;
    this.hintSources.push(path, text);
  }

  /** The hint words in the files' paths and texts. */
  private foundHints(): Set<string> {
    if (this.hintsFound) return this.hintsFound;
    const found = new Set<string>();
    const pattern = this.hints.pattern;
    for (const text of pattern === null ? [] : this.hintSources) {
      pattern!.lastIndex = 0;
      for (let m = pattern!.exec(text); m !== null; m = pattern!.exec(text)) {
        // The next search starts inside this match: a word may begin within it (`debug` in `xdebug_config`).
        pattern!.lastIndex = m.index + 1;
        const word = m[0].toLowerCase();
        if (found.has(word)) continue;
        // Longer words are tried first, so the words within this one are noted with it.
        for (const w of this.hints.all) if (word.includes(w)) found.add(w);
      }
    }
    this.hintsFound = found;
    return found;
  }

  /** Whether the analysis can give `rule` anything to report (its file kinds, its test-file stance, then its hints). */
  private mayReport(rule: Rule): boolean {
    const kinds = rule.meta.reportsIn;
    if (kinds && !kinds.some((k) => this.kinds.has(k))) return false;
    if (rule.meta.skipsTestFiles && this.onlyTestFiles && this.inputs.length > 0) return false;
    const words = this.hints.words.get(rule);
    if (words === undefined) return true;
    const found = this.foundHints();
    return words.some((w) => found.has(w));
  }

  run(): AnalyzeResult {
    // Decode everything first: whether any rule will read a syntax tree depends on the files'
    // paths, kinds and words; when none will (test files analysed alone), Python files are only
    // tokenized, for their suppression comments and tokenizer errors.
    const python: { path: string; text: string }[] = [];
    for (const input of this.inputs) this.load(input, python);
    const trees = this.enabled.some((rule) => !rule.meta.engine && this.mayReport(rule));
    for (const { path, text } of python) {
      if (trees) this.loadPython(path, text);
      else this.loadTokens(path, text);
    }
    const project = this.project();
    const projectModules = new Set<string>();
    for (const f of this.files) for (const m of f.view.semantic.seenModules) projectModules.add(m);
    this.scope.onProjectModules?.(projectModules);
    for (const m of this.scope.projectModules ?? []) projectModules.add(m);

    const active = this.enabled.filter((rule) => {
      if (!this.mayReport(rule)) return false;
      const req = rule.meta.requires;
      if (!req || req.scope !== "project") return true;
      return req.modules.some((m) => projectModules.has(m));
    });

    for (const file of this.files) this.runFileRules(file, active, project);
    if (this.scope.projectChecks !== false) for (const rule of active) if (rule.check) this.runProjectRule(rule, project);
    for (const file of this.files) this.applySuppressions(file);
    for (const state of this.frontEnd.values()) if (state.comments && state.comments.length > 0) this.applySuppressions(state);

    this.findings.sort(compareFindings);
    this.errors.sort(
      (a, b) => cmp(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0) || cmp(a.message, b.message),
    );
    return {
      findings: this.findings,
      errors: this.errors,
      texts: this.texts,
      enabledRules: this.enabled.map((r) => r.meta.code).sort(),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Loading

  private load(input: SourceFileInput, python: { path: string; text: string }[]): void {
    const byExtension = frontEndKind(input.path);
    const kind = input.kind ?? (isConfigTextPath(input.path) || isDependencyFilePath(input.path) ? "text" : byExtension === "script" ? "javascript" : byExtension ?? "python");
    this.kinds.add(kind);
    if (kind === "text") {
      const text = input.text ?? decodeFrontEnd(input.bytes ?? new Uint8Array());
      this.noteFile(input.path, text);
      this.texts.set(input.path, text);
      this.textFiles.push({ path: input.path, text });
      this.frontEnd.set(input.path, { path: input.path, lines: new LineIndex(text) });
      return;
    }
    if (kind !== "python") {
      this.loadFrontEnd(input, kind);
      return;
    }
    let text: string;
    if (input.text !== undefined) text = input.text;
    else {
      const decoded = decodeSource(input.bytes ?? new Uint8Array());
      if (decoded.error) {
        this.texts.set(input.path, decoded.text);
        this.syntaxError(input.path, new LineIndex(decoded.text), decoded.error);
        return;
      }
      text = decoded.text;
    }
    this.noteFile(input.path, text);
    python.push({ path: input.path, text });
  }

  /** Parses a decoded Python file and builds its view (a syntax error becomes a `ScanError`). */
  private loadPython(path: string, text: string): void {
    let result: ParseResult;
    try {
      result = parse(text, { filename: path });
    } catch (error) {
      this.errors.push({ file: path, kind: "internal-error", message: `parser failed: ${errorMessage(error)}`, line: null, column: null });
      return;
    }
    this.texts.set(path, result.text);
    const lines = new LineIndex(result.text);
    if (result.error || !result.module) {
      this.syntaxError(path, lines, result.error);
      return;
    }
    const { moduleName, isPackage } = moduleNameForPath(path);
    // Bound on first use: most files of a large scan are only asked which modules they import.
    const semantic = SemanticModel.build(result.module, { moduleName, isPackage });
    const view: FileView = {
      path,
      text: result.text,
      module: result.module,
      comments: result.comments,
      semantic,
      moduleName,
      isPackage,
    };
    const state = { view, lines, parse: result };
    this.files.push(state);
    this.byPath.set(path, state);
  }

  /** Tokenizes a decoded Python file no rule reads: its comments (suppressions) and tokenizer errors. */
  private loadTokens(path: string, text: string): void {
    let result: ParseResult;
    try {
      result = lex(text);
    } catch (error) {
      this.errors.push({ file: path, kind: "internal-error", message: `tokenizer failed: ${errorMessage(error)}`, line: null, column: null });
      return;
    }
    this.texts.set(path, result.text);
    const lines = new LineIndex(result.text);
    if (result.error) this.syntaxError(path, lines, result.error);
    this.frontEnd.set(path, { path, lines, comments: result.comments });
  }

  /** Reports a file that could not be decoded or parsed (`err` null: no module and no reason). */
  private syntaxError(path: string, lines: LineIndex, err: PySyntaxError | null): void {
    // An undecodable file has no text to map offsets in: use the decoder's line and column.
    const pos = !err ? null : lines.text === "" && err.lineno > 0 ? { line: err.lineno, column: err.col_offset + 1 } : lines.offsetToPosition(err.start);
    this.errors.push({
      file: path,
      kind: err?.kind === "EncodingError" ? "encoding-error" : "syntax-error",
      message: err ? (err.kind === "SyntaxError" || err.kind === "EncodingError" ? err.message : `${err.kind}: ${err.message}`) : "could not parse",
      line: pos?.line ?? null,
      column: pos?.column ?? null,
    });
  }

  /**
   * Loads a template or static script: decoded as UTF-8 (BOM dropped; Latin-1 when not UTF-8).
   * Jinja syntax problems and JavaScript syntax errors become `ScanError`s with exact positions;
   * the file is still analysed as far as it could be parsed.
   */
  private loadFrontEnd(input: SourceFileInput, kind: "template" | "javascript"): void {
    const text = input.text ?? decodeFrontEnd(input.bytes ?? new Uint8Array());
    const lines = new LineIndex(text);
    this.texts.set(input.path, text);
    this.noteFile(input.path, text);
    const state: FrontEndState = { path: input.path, lines };
    this.frontEnd.set(input.path, state);
    try {
      if (kind === "template") {
        const template = parseTemplate(input.path, text);
        this.templates.push(template);
        state.comments = template.comments;
        for (const e of template.errors) {
          const pos = lines.offsetToPosition(e.start);
          this.errors.push({ file: input.path, kind: "template-syntax-error", message: e.message, line: pos.line, column: pos.column });
        }
      } else {
        const script = parseScriptFile(input.path, text);
        this.scripts.push(script);
        state.comments = script.comments;
        const err = script.analysis.syntaxError;
        if (err) {
          const pos = lines.offsetToPosition(err.start);
          this.errors.push({ file: input.path, kind: "syntax-error", message: `JavaScript: ${err.message}`, line: pos.line, column: pos.column });
        }
      }
    } catch (error) {
      this.errors.push({ file: input.path, kind: "internal-error", message: `${kind} parser failed: ${errorMessage(error)}`, line: null, column: null });
    }
  }

  private project(): ProjectView {
    const views = this.files.map((f) => f.view);
    const byModule = new Map<string, FileView>();
    for (const v of views) if (!byModule.has(v.moduleName) || v.isPackage === false) byModule.set(v.moduleName, v);
    const settings = this.settings;
    let flask: FlaskModel | null = null;
    const project: ProjectView = {
      files: views,
      file: (path) => this.byPath.get(path)?.view,
      fileForModule: (name) => byModule.get(name),
      templates: this.templates,
      scripts: this.scripts,
      textFiles: this.textFiles,
      get flask(): FlaskModel {
        flask ??= buildFlaskModel(project, { productionConfigs: settings.productionConfigs, textFiles: project.textFiles });
        return flask;
      },
    };
    return project;
  }

  // -------------------------------------------------------------------------------------------
  // Running rules

  private runFileRules(file: FileState, rules: readonly Rule[], project: ProjectView): void {
    const listeners: ListenerMap = new Map();
    const ancestors: Node[] = [];
    let current: Node | null = null;
    for (const rule of rules) {
      if (!rule.create) continue;
      const req = rule.meta.requires;
      if (req && req.scope !== "project" && !req.modules.some((m) => file.view.semantic.seenModule(m))) continue;
      const ctx: FileRuleContext<Record<string, never>, string> = {
        meta: rule.meta,
        options: effectiveOptions(rule, this.options.ruleOptions) as Record<string, never>,
        settings: this.settings,
        project,
        file: file.view,
        semantic: file.view.semantic,
        ancestors: () => ancestors,
        report: (d) => this.report(rule, file.view.path, d),
        sourceText: (n) => file.view.text.slice(n.start, n.end),
      };
      let visitors: Record<string, unknown>;
      try {
        visitors = (rule.create(ctx) ?? {}) as Record<string, unknown>;
      } catch (error) {
        this.internalError(rule, file, null, error);
        continue;
      }
      let crashed = false;
      for (const [key, fn] of Object.entries(visitors)) {
        if (typeof fn !== "function") continue;
        const wrapped: NodeListener = (node) => {
          if (crashed) return;
          current = node;
          try {
            (fn as (n: Node) => void)(node);
          } catch (error) {
            crashed = true;
            this.internalError(rule, file, node, error);
          }
        };
        let list = listeners.get(key);
        if (!list) listeners.set(key, (list = []));
        list.push(wrapped);
      }
    }
    if (listeners.size === 0) return;
    try {
      traverse(file.view.module, listeners, ancestors);
    } catch (error) {
      // Listener errors are caught above; this is a traversal bug (e.g. stack overflow).
      this.errors.push({
        file: file.view.path,
        kind: "internal-error",
        message: `traversal failed: ${errorMessage(error)}`,
        line: current && "lineno" in current ? (current as { lineno: number }).lineno : null,
        column: null,
      });
    }
  }

  private runProjectRule(rule: Rule, project: ProjectView): void {
    const ctx: ProjectRuleContext<Record<string, never>, string> = {
      meta: rule.meta,
      options: effectiveOptions(rule, this.options.ruleOptions) as Record<string, never>,
      settings: this.settings,
      project,
      report: (path, d) => this.report(rule, path, d),
    };
    try {
      rule.check!(ctx);
    } catch (error) {
      this.errors.push({
        file: "",
        kind: "internal-error",
        message: `rule ${rule.meta.code} (${rule.meta.name}) crashed in its project check: ${errorMessage(error)}`,
        line: null,
        column: null,
      });
    }
  }

  private internalError(rule: Rule, file: FileState, node: Node | null, error: unknown): void {
    const start = node && "start" in node ? (node as { start: number }).start : null;
    const pos = start !== null ? file.lines.offsetToPosition(start) : null;
    this.errors.push({
      file: file.view.path,
      kind: "internal-error",
      message: `rule ${rule.meta.code} (${rule.meta.name}) crashed${node ? ` on a ${node.type} node` : ""}: ${errorMessage(error)}`,
      line: pos?.line ?? null,
      column: pos?.column ?? null,
    });
  }

  /** Turns a report into a finding; throws (naming the rule) on a contract violation. */
  private report(rule: Rule, path: string, d: ReportDescriptor<string>): void {
    const file = this.byPath.get(path) ?? this.frontEnd.get(path);
    const name = `${rule.meta.code} (${rule.meta.name})`;
    if (!file) throw new RuleCrash(`rule ${name} reported in unknown file "${path}"`);
    const template = (rule.meta.messages as Record<string, string>)[d.messageId];
    if (template === undefined) throw new RuleCrash(`rule ${name} reported unknown messageId "${d.messageId}"`);
    const range = d.node ? { start: d.node.start, end: d.node.end } : d.range;
    if (!range) throw new RuleCrash(`rule ${name} reported "${d.messageId}" without a node or range`);
    if (rule.meta.skipsTestFiles && isTestPath(path)) return;
    let fix: Fix | null = null;
    if (d.fix) {
      if (rule.meta.fixable === "none") {
        throw new RuleCrash(`rule ${name} reported a fix but its meta.fixable is "none"; declare "sometimes" or "always"`);
      }
      fix = {
        title: d.fix.title,
        applicability: d.fix.applicability,
        edits: d.fix.edits.map((e) => ({ file: e.file ?? path, range: { start: e.range.start, end: e.range.end }, text: e.text })),
      };
    }
    const related: RelatedLocation[] = (d.related ?? []).map((r) => {
      const rfile = r.file ?? path;
      const rstate = this.byPath.get(rfile) ?? this.frontEnd.get(rfile);
      const rrange = r.node ? { start: r.node.start, end: r.node.end } : r.range;
      if (!rstate || !rrange) throw new RuleCrash(`rule ${name} reported a related location without a known file and range`);
      return { file: rfile, ...location(rstate.lines, rrange.start, rrange.end), message: r.message };
    });
    this.findings.push(this.finding(rule, file, range, d.messageId, d.data ?? {}, {
      severity: d.severity,
      confidence: d.confidence,
      related,
      fix,
    }));
  }

  private finding(
    rule: Rule,
    file: FileState | FrontEndState,
    range: { start: number; end: number },
    messageId: string,
    data: Record<string, string | number>,
    extra: { severity?: Severity; confidence?: Finding["confidence"]; related: RelatedLocation[]; fix: Fix | null },
  ): Finding {
    const template = (rule.meta.messages as Record<string, string>)[messageId]!;
    return {
      rule: rule.meta.code,
      name: rule.meta.name,
      category: rule.meta.category,
      severity: severityOverride(rule, this.options.severity) ?? extra.severity ?? rule.meta.severity,
      confidence: extra.confidence ?? rule.meta.confidence,
      file: "view" in file ? file.view.path : file.path,
      ...location(file.lines, range.start, range.end),
      message: fillTemplate(template, data),
      help: fillTemplate(rule.meta.help, data),
      docs: rule.meta.docs,
      related: extra.related,
      fix: extra.fix,
      suppressed: false,
    };
  }

  // -------------------------------------------------------------------------------------------
  // Suppressions

  private applySuppressions(file: FileState | FrontEndState): void {
    const path = "view" in file ? file.view.path : file.path;
    const own = this.findings.filter((f) => f.file === path);
    const enabledCodes = new Set(this.enabled.map((r) => r.meta.code));
    const comments = "view" in file ? file.parse.comments : file.comments ?? [];
    const { reports } = applySuppressions(own, comments, file.lines, {
      nosec: this.options.nosec === true,
      reportUnused: this.options.reportUnusedSuppressions === true,
      enabledCodes,
      findRule: this.ruleSet.findRule,
    });
    for (const r of reports) this.engineFinding(file, r, enabledCodes);
  }

  private engineFinding(file: FileState | FrontEndState, r: EngineReport, enabledCodes: ReadonlySet<string>): void {
    if (!enabledCodes.has(r.code)) return;
    const rule = this.ruleSet.findRule(r.code);
    if (!rule) return;
    const path = "view" in file ? file.view.path : file.path;
    const fix: Fix | null = r.fix
      ? { ...r.fix, edits: r.fix.edits.map((e) => ({ file: path, range: e.range, text: e.text })) }
      : null;
    this.findings.push(this.finding(rule, file, r.range, r.messageId, r.data, { related: [], fix }));
  }
}

// ---------------------------------------------------------------------------------------------
// Fixing

/** Options of {@link fixProject}. */
export interface FixOptions extends AnalyzeOptions {
  /** `safe` (default) applies safe fixes only; `unsafe` also applies unsafe ones. */
  level?: FixLevel;
}

/** What {@link fixProject} did. */
export interface FixProjectResult {
  /** The final text of every decodable file (changed or not). */
  texts: Map<string, string>;
  /** Paths whose text changed, sorted. */
  changed: string[];
  /** Number of fixes applied over all passes. */
  fixCount: number;
  /** Number of fixes applied per changed path. */
  fixesByFile: Map<string, number>;
  /** The decoded text of every file before fixing (to know how to write a file back). */
  originalTexts: Map<string, string>;
  /** Number of passes that changed something. */
  passes: number;
  /** Files where a pass was refused because the result did not parse. */
  refused: string[];
  /** The analysis of the final texts. */
  result: AnalyzeResult;
}

/**
 * Applies the fixes of unsuppressed findings to the project, re-analysing after each pass (up to
 * 10 passes) so later fixes see earlier ones; a file whose fixed text would not parse keeps its
 * previous text and is not fixed further. Pure: returns the new texts, writes nothing.
 */
export function fixProject(files: readonly SourceFileInput[], options: FixOptions = {}): FixProjectResult {
  const level = options.level ?? "safe";
  let current: SourceFileInput[] = [...files];
  let result = analyzeProject(current, options);
  const original = new Map(result.texts);
  const frozen = new Set<string>();
  const fixesByFile = new Map<string, number>();
  let fixCount = 0;
  let passes = 0;
  for (let pass = 0; pass < MAX_FIX_PASSES; pass++) {
    const byFile = new Map<string, Fix[]>();
    for (const f of result.findings) {
      if (f.suppressed !== false || !f.fix || !isApplicable(f.fix, level) || frozen.has(f.file)) continue;
      let list = byFile.get(f.file);
      if (!list) byFile.set(f.file, (list = []));
      list.push(f.fix);
    }
    let changedThisPass = false;
    const next = new Map(result.texts);
    for (const [path, fixes] of byFile) {
      const text = result.texts.get(path);
      if (text === undefined) continue;
      const applied = applyFixes(text, fixes, path);
      if (applied.applied.length === 0 || applied.text === text) continue;
      const reparsed = parse(applied.text, { filename: path });
      if (reparsed.error) {
        frozen.add(path);
        continue;
      }
      next.set(path, applied.text);
      fixCount += applied.applied.length;
      fixesByFile.set(path, (fixesByFile.get(path) ?? 0) + applied.applied.length);
      changedThisPass = true;
    }
    if (!changedThisPass) break;
    passes++;
    current = current.map((input) => (next.has(input.path) ? { path: input.path, text: next.get(input.path)! } : input));
    result = analyzeProject(current, options);
  }
  const changed = [...result.texts.keys()].filter((p) => result.texts.get(p) !== original.get(p)).sort();
  return { texts: result.texts, changed, fixCount, fixesByFile, originalTexts: original, passes, refused: [...frozen].sort(), result };
}

/** Fixes a single text in isolation (editor integrations and tests). */
export function fixSource(path: string, text: string, options: FixOptions = {}): { text: string; fixCount: number; refused: boolean } {
  const level = options.level ?? "safe";
  const r = fixUntilStable(
    text,
    path,
    (t) =>
      analyzeProject([{ path, text: t }], options).findings.flatMap((f) =>
        f.suppressed === false && f.fix && isApplicable(f.fix, level) ? [f.fix] : [],
      ),
    (t) => parse(t, { filename: path }).error === null,
  );
  return { text: r.text, fixCount: r.fixCount, refused: r.refused };
}

// ---------------------------------------------------------------------------------------------
// Helpers

const hintPatterns = new Map<string, RegExp>();

/**
 * The hint words of each rule that declares some (lowercase), and one case-insensitive pattern
 * matching any of them, so that each file's text is searched once whatever the number of rules.
 */
interface HintPattern {
  /** Each rule's words. */
  words: Map<Rule, readonly string[]>;
  /** Every word. */
  all: readonly string[];
  pattern: RegExp | null;
}

function hintPatternFor(rules: readonly Rule[], options: AnalyzeOptions): HintPattern {
  const words = new Map<Rule, readonly string[]>();
  const all = new Set<string>();
  for (const rule of rules) {
    const hints = rule.meta.hints;
    if (hints === undefined) continue;
    const list = (typeof hints === "function" ? hints(effectiveOptions(rule, options.ruleOptions)) : hints).map((w) => w.toLowerCase()).filter((w) => w !== "");
    words.set(rule, list);
    for (const w of list) all.add(w);
  }
  if (all.size === 0) return { words, all: [], pattern: null };
  // Longest first, so that a word is found whole even when a shorter one is its prefix.
  const key = [...all].sort((a, b) => b.length - a.length || cmp(a, b)).join("\u0000");
  let pattern = hintPatterns.get(key);
  if (!pattern) {
    pattern = new RegExp(key.split("\u0000").map(escapeRegExp).join("|"), "gi");
    hintPatterns.set(key, pattern);
  }
  return { words, all: [...all], pattern };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function location(lines: LineIndex, start: number, end: number) {
  const s = lines.offsetToPosition(start);
  const e = lines.offsetToPosition(Math.max(start, end));
  return { line: s.line, column: s.column, endLine: e.line, endColumn: e.column };
}

/** Fills `{{name}}` placeholders from `data`; unknown placeholders are left as written (ESLint). */
export function fillTemplate(template: string, data: Record<string, string | number>): string {
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, key: string) =>
    Object.prototype.hasOwnProperty.call(data, key) ? String(data[key]) : whole,
  );
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The output order: file, line, column, rule, then end position and message for determinism. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    cmp(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    cmp(a.rule, b.rule) ||
    a.endLine - b.endLine ||
    a.endColumn - b.endColumn ||
    cmp(a.message, b.message)
  );
}

/** Decodes a template or script: UTF-8 (BOM dropped), or Latin-1 when the bytes are not UTF-8. */
function decodeFrontEnd(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder("latin1").decode(bytes);
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
