/**
 * @fileoverview `flaskguard check`: resolve the scan root and configuration, discover and read the
 * files, run the engine, apply or write a baseline, render the chosen format and compute the exit
 * status. File problems never stop the scan; they are reported as errors in every format.
 */

import { lstatSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { checkSelector } from "../config/config.js";
import { resolveConfig } from "../config/load.js";
import { effectiveSettings } from "../config/options.js";
import type { CliOverrides, EffectiveSettings } from "../config/options.js";
import type { Finding, ScanError, Severity } from "../core/types.js";
import { atLeast, REPORTERS } from "../reporters/index.js";
import type { Format, ReportContext } from "../reporters/index.js";
import { ALL_SOURCE_KINDS, commonRoot, discoverFiles } from "./discover.js";
import type { DiscoveryResult } from "./discover.js";
import type { AnalyzeResult } from "../core/analyzer.js";
import type { ScanOptions } from "../config/options.js";
import { allRuleMetas, analyze, analyzeAsync, findRule, knownSelector, makeBaseline, readBaselineDocument, useBaseline } from "./engine.js";
import { defaultJobs } from "./scan.js";
import type { ScanSettings } from "./scan.js";
import type { SourceInput } from "./read.js";
import type { Baseline } from "../core/baseline.js";
import { EXIT, UsageError } from "./io.js";
import type { CliIo } from "./io.js";
import { PACKAGE_ROOT, packageVersion } from "./package-info.js";
import { applyFixesToDisk } from "./fix.js";
import { readSources } from "./read.js";
import type { ReadResult } from "./read.js";

/** Options of `flaskguard check`, as parsed from the command line. */
export interface CheckOptions {
  format: Format;
  output?: string;
  select?: string[];
  ignore?: string[];
  failOn?: Severity;
  config?: string;
  baseline?: string;
  writeBaseline?: string;
  color: boolean;
  quiet: boolean;
  statistics: boolean;
  preview?: boolean;
  /** Worker threads for the per-file phase (default: the available cores); the synchronous `runCheck` uses none. */
  jobs?: number;
  /** Use the result cache in `.flaskguard_cache/` at the scan root (default true). */
  cache?: boolean;
  /** Apply fixes before reporting: safe ones, or also unsafe ones. */
  fix?: "safe" | "unsafe";
}

/** What a scan asks of the engine (see `checkSteps`). */
interface AnalyzeRequest {
  inputs: readonly SourceInput[];
  options: ScanOptions;
  root: string;
}

/**
 * Runs a scan in this thread and returns the exit status. Throws `UsageError`/`ConfigError` for
 * status-2 problems.
 */
export function runCheck(paths: readonly string[], options: CheckOptions, io: CliIo): number {
  const steps = checkSteps(paths, options, io);
  let step = steps.next();
  while (!step.done) step = steps.next(analyze(step.value.inputs, step.value.options, scanOptions(step.value.root, options, io, 1)));
  return step.value;
}

/**
 * `runCheck` with the per-file phase in `--jobs` worker threads (default: every core) when the
 * scan is large enough to pay for them. The executable uses this.
 */
export async function runCheckAsync(paths: readonly string[], options: CheckOptions, io: CliIo): Promise<number> {
  const steps = checkSteps(paths, options, io);
  let step = steps.next();
  while (!step.done) {
    const jobs = options.jobs ?? defaultJobs();
    step = steps.next(await analyzeAsync(step.value.inputs, step.value.options, scanOptions(step.value.root, options, io, jobs)));
  }
  return step.value;
}

function scanOptions(root: string, options: CheckOptions, io: CliIo, jobs: number): ScanSettings {
  return {
    jobs,
    cacheRoot: options.cache === false ? null : root,
    warn: (message) => {
      if (!options.quiet) io.stderr.write(`flaskguard: warning: ${message}\n`);
    },
  };
}

/** The steps of a scan, yielding once for the engine's analysis; returns the exit status. */
function* checkSteps(paths: readonly string[], options: CheckOptions, io: CliIo): Generator<AnalyzeRequest, number, AnalyzeResult> {
  for (const given of paths) {
    if (!pathExists(path.resolve(io.cwd, given))) {
      throw new UsageError(`path not found: ${given}`);
    }
  }
  const root = commonRoot(paths, io.cwd);
  for (const [flag, list] of [["--select", options.select], ["--ignore", options.ignore]] as const) {
    for (const selector of list ?? []) {
      const problem = checkSelector(selector, findRule, knownSelector);
      if (problem) throw new UsageError(`${flag}: ${problem}`);
    }
  }
  const settings = scanSettings(root, io.cwd, options.config, {
    select: options.select,
    ignore: options.ignore,
    failOn: options.failOn,
    preview: options.preview,
  });

  // Read the baseline before scanning so that a bad file fails fast.
  const baseline = options.baseline === undefined ? undefined : readBaseline(path.resolve(io.cwd, options.baseline), options.baseline);

  const { discovery, read } = collectSources(paths, io.cwd, root, settings);
  if (!discovery.files.some((f) => f.kind === "python") && options.format === "text" && !options.quiet) {
    io.stderr.write("flaskguard: warning: no Python files found under the given paths\n");
  }

  let inputs = read.inputs;
  if (options.fix !== undefined) {
    const fixed = applyFixesToDisk(root, inputs, settings.analyze, options.fix);
    inputs = fixed.inputs;
    if (!options.quiet || fixed.skipped.length > 0) {
      const files = fixed.written.length === 1 ? "file" : "files";
      io.stderr.write(`flaskguard: applied ${fixed.fixCount} fix(es) in ${fixed.written.length} ${files}\n`);
      for (const { path: file, reason } of fixed.skipped) io.stderr.write(`flaskguard: not fixed: ${file}: ${reason}\n`);
    }
  }

  const analysis = yield { inputs, options: settings.analyze, root };
  let findings: Finding[] = analysis.findings;
  const errors: ScanError[] = [...discovery.errors, ...read.errors, ...analysis.errors];
  // The engine's decoding (PEP 263 aware) wins; ours covers files it could not decode. Only files
  // with findings or errors are ever shown, so only theirs are decoded for display.
  const texts = new Map(analysis.texts);
  for (const file of new Set([...findings.map((f) => f.file), ...errors.map((e) => e.file)])) {
    const text = texts.has(file) ? undefined : read.texts.get(file);
    if (text !== undefined) texts.set(file, text);
  }

  if (baseline !== undefined) findings = useBaseline(findings, baseline, texts);
  if (options.writeBaseline !== undefined) {
    const target = path.resolve(io.cwd, options.writeBaseline);
    const document = makeBaseline(
      findings.filter((f) => f.suppressed === false),
      texts,
    );
    writeText(target, `${JSON.stringify(document, null, 2)}\n`, "--write-baseline");
    findings = useBaseline(findings, document, texts);
    if (!options.quiet) {
      const recorded = findings.filter((f) => f.suppressed !== false && f.suppressed.kind === "baseline").length;
      io.stderr.write(`flaskguard: wrote baseline with ${recorded} finding(s) to ${options.writeBaseline}\n`);
    }
  }

  const ctx = reportContext(findings, texts, read.inputs.length, root, options, io);
  // Text output goes to terminals and CI logs: control characters in file names must not reach them.
  const shown = options.format === "text" ? printablePaths(findings, errors, ctx) : { findings, errors, ctx };
  const report = REPORTERS[options.format]({ findings: shown.findings, errors: shown.errors }, shown.ctx);
  if (options.output !== undefined) writeText(path.resolve(io.cwd, options.output), report, "--output");
  else io.stdout.write(report);

  const failing = findings.some((f) => f.suppressed === false && atLeast(f.severity, settings.failOn));
  return failing ? EXIT.findings : EXIT.ok;
}

/**
 * The effective settings of a scan rooted at `root`: the explicit `configFile` (relative to `cwd`)
 * or the nearest configuration above `root`, merged with command-line overrides. The language
 * server calls this too, so editors and `check` agree. Throws `ConfigError` for a bad file.
 */
export function scanSettings(root: string, cwd: string, configFile: string | undefined, overrides: CliOverrides): EffectiveSettings {
  return effectiveSettings(resolveConfig(configFile, root, findRule, knownSelector, cwd), overrides);
}

/**
 * Discovers and reads the files a scan of `paths` (relative to `cwd`) covers, with the settings'
 * excludes; output paths are relative to `root`. Never throws: problems are in the results' errors.
 */
export function collectSources(
  paths: readonly string[],
  cwd: string,
  root: string,
  settings: EffectiveSettings,
): { discovery: DiscoveryResult; read: ReadResult } {
  const discovery = discoverFiles(paths, cwd, {
    root,
    exclude: settings.exclude,
    excludeBase: settings.excludeBase,
    kinds: ALL_SOURCE_KINDS,
  });
  return { discovery, read: readSources(discovery.files) };
}

function reportContext(
  findings: readonly Finding[],
  texts: ReadonlyMap<string, string>,
  filesScanned: number,
  root: string,
  options: CheckOptions,
  io: CliIo,
): ReportContext {
  const metas = allRuleMetas();
  const rules = new Map(metas.map((meta) => [meta.code, meta]));
  const ruleDocs = new Map<string, string>();
  if (options.format === "sarif") {
    for (const code of new Set(findings.map((f) => f.rule))) {
      const docs = rules.get(code)?.docs;
      if (!docs) continue;
      try {
        ruleDocs.set(code, readFileSync(path.join(PACKAGE_ROOT, docs), "utf8"));
      } catch {
        // No page shipped for this rule: SARIF falls back to the summary and help text.
      }
    }
  }
  let rootUri = pathToFileURL(root).href;
  if (!rootUri.endsWith("/")) rootUri += "/";
  return {
    toolVersion: packageVersion(),
    rules,
    sources: texts,
    ruleDocs,
    filesScanned,
    rootUri,
    color: useColor(options, io),
    quiet: options.quiet,
    statistics: options.statistics,
  };
}

/** Colours: text format on a terminal, unless `--no-color` or `NO_COLOR`; `FORCE_COLOR` forces them. */
export function useColor(options: Pick<CheckOptions, "format" | "output" | "color">, io: CliIo): boolean {
  if (options.format !== "text" || options.output !== undefined || !options.color) return false;
  if (io.env["NO_COLOR"]) return false;
  const force = io.env["FORCE_COLOR"];
  if (force !== undefined && force !== "" && force !== "0" && force !== "false") return true;
  return io.stdout.isTTY === true;
}

function readBaseline(file: string, shown: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--baseline: cannot read ${shown}${code === "ENOENT" ? ": no such file" : `: ${(error as Error).message}`}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (error) {
    throw new UsageError(`--baseline: ${shown} is not valid JSON (${(error as Error).message})`);
  }
  return readBaselineDocument(value, shown);
}

function writeText(file: string, text: string, flag: string): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  } catch (error) {
    throw new UsageError(`${flag}: cannot write ${file}: ${(error as Error).message}`);
  }
}

/**
 * Control characters (C0, DEL, C1) in a path, escaped as `\\xNN` / `\\uNNNN`, so that a crafted file
 * name cannot move the cursor, retitle the terminal or start a CI workflow command on a new line.
 */
export function printablePath(file: string): string {
  // eslint-disable-next-line no-control-regex
  return file.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, "0")}` : `\\u${code.toString(16).padStart(4, "0")}`;
  });
}

/** The findings, errors and sources of a text report with every path passed through `printablePath`. */
function printablePaths(findings: readonly Finding[], errors: readonly ScanError[], ctx: ReportContext) {
  const needs = (file: string): boolean => printablePath(file) !== file;
  if (!findings.some((f) => needs(f.file) || f.related.some((r) => needs(r.file))) && !errors.some((e) => needs(e.file))) {
    return { findings, errors, ctx };
  }
  return {
    findings: findings.map((f) => ({ ...f, file: printablePath(f.file), related: f.related.map((r) => ({ ...r, file: printablePath(r.file) })) })),
    errors: errors.map((e) => ({ ...e, file: printablePath(e.file) })),
    ctx: { ...ctx, sources: new Map([...ctx.sources].map(([file, text]) => [printablePath(file), text])) },
  };
}

/** True when something (even a dangling or looping symlink) exists at `file`. */
function pathExists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
