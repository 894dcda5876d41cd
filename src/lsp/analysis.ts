/**
 * @fileoverview One analysis run of the language server: the same configuration, discovery and
 * reading as `flaskguard check` for a project root, with the editor's unsaved texts in place of the
 * files on disk, then the engine. Synchronous and self-contained (plain data in and out) so that it
 * can run in a worker thread; a bad configuration falls back to the defaults and is reported.
 */

import { existsSync } from "node:fs";
import path from "node:path";

import { collectSources, scanSettings } from "../cli/check.js";
import { memoryCache, type MemoryCache } from "../cli/cache.js";
import { analyze } from "../cli/engine.js";
import type { ScanStats } from "../cli/scan.js";
import { UsageError } from "../cli/io.js";
import type { SourceInput } from "../cli/read.js";
import { ConfigError, emptyConfig } from "../config/config.js";
import { effectiveSettings } from "../config/options.js";
import type { EffectiveSettings } from "../config/options.js";
import type { Finding, ScanError } from "../core/types.js";

/** An unsaved editor buffer that replaces the file on disk. */
export interface TextOverride {
  /** POSIX path relative to the job's root. */
  path: string;
  text: string;
}

/** What to analyze. */
export interface AnalysisJob {
  /** Absolute project root: configuration is looked up from here, paths are relative to it. */
  root: string;
  overrides: TextOverride[];
  /**
   * Only these files (POSIX paths relative to the root) instead of the whole tree: for files
   * directly in a directory too wide to scan (the home directory).
   */
  only?: string[];
}

/** What a run produced (structured-clone friendly). */
export interface AnalysisOutcome {
  /** Unsuppressed findings, sorted by file, line, column, rule. */
  findings: Finding[];
  /** Files that could not be read, decoded or parsed, and rules that crashed. */
  errors: ScanError[];
  /** Analysed text of every file that has a finding (fix offsets refer to it). */
  texts: Record<string, string>;
  /** The configuration problem that made this run use the defaults, or null. */
  configError: string | null;
  /** Number of files analysed. */
  files: number;
  /** How many of them were analysed afresh (the others' results were kept from earlier runs). */
  fresh: number;
  /** Wall time of the run in milliseconds. */
  ms: number;
}

/** A worker's answer to one job. */
export type WorkerReply = { id: number; ok: true; outcome: AnalysisOutcome } | { id: number; ok: false; error: string };

/** Runs job `id` and wraps the outcome, or the crash (message and stack), into a reply. */
export function handleJob(id: number, job: AnalysisJob): WorkerReply {
  try {
    return { id, ok: true, outcome: runAnalysis(job) };
  } catch (error) {
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    return { id, ok: false, error: detail };
  }
}

/**
 * Runs one analysis. Never throws for user problems: a bad configuration (unreadable, invalid TOML,
 * unknown keys or rules) is returned in `configError` and the defaults are used instead, so the
 * editor keeps its diagnostics. Programming errors still throw; the caller reports them.
 */
export function runAnalysis(job: AnalysisJob): AnalysisOutcome {
  const started = performance.now();
  let configError: string | null = null;
  let settings: EffectiveSettings;
  try {
    settings = scanSettings(job.root, job.root, undefined, {});
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    configError = error.message;
    settings = effectiveSettings(emptyConfig(), {});
  }

  const paths = job.only === undefined ? ["."] : job.only.filter((p) => existsSync(path.join(job.root, ...p.split("/"))));
  const { discovery, read } =
    job.only !== undefined && paths.length === 0
      ? { discovery: { files: [], errors: [] }, read: { inputs: [], texts: new Map<string, string>(), errors: [] } }
      : collectSources(paths, job.root, job.root, settings);
  const inputs: SourceInput[] = withOverrides(read.inputs, job);
  // The split scan with results kept in memory between runs: after an edit, only the edited file is
  // analysed again (plus the project part when the file belongs to it).
  const stats = {} as ScanStats;
  const scan = { jobs: 1, cacheRoot: null, memory: memoryFor(job.root), stats };
  let result;
  try {
    result = analyze(inputs, settings.analyze, scan);
  } catch (error) {
    // Option problems the configuration layer did not catch (e.g. a rule option of the wrong type).
    if (configError !== null || !(error instanceof UsageError)) throw error;
    configError = `configuration: ${error.message}`;
    result = analyze(inputs, effectiveSettings(emptyConfig(), {}).analyze, scan);
  }

  const findings = result.findings.filter((f) => f.suppressed === false);
  const texts: Record<string, string> = {};
  for (const finding of findings) {
    for (const file of [finding.file, ...(finding.fix?.edits.map((e) => e.file) ?? [])]) {
      const text = result.texts.get(file);
      if (text !== undefined) texts[file] = text;
    }
  }
  return {
    findings,
    errors: [...discovery.errors, ...read.errors, ...result.errors],
    texts,
    configError,
    files: inputs.length,
    fresh: stats.aloneAnalysed + (stats.projectCached ? 0 : stats.projectFiles),
    ms: Math.round(performance.now() - started),
  };
}

/** The in-memory result cache of each project root this thread has analysed. */
const memories = new Map<string, MemoryCache>();

function memoryFor(root: string): MemoryCache {
  let memory = memories.get(root);
  if (!memory) memories.set(root, (memory = memoryCache()));
  return memory;
}

/**
 * Replaces the read bytes of files open in the editor with their unsaved text. An open buffer
 * for a Python file that does not exist on disk yet (a new, unsaved file under the root) is added;
 * an existing file that discovery skipped (excluded or ignored) stays out, as in `check`.
 */
function withOverrides(inputs: readonly SourceInput[], job: AnalysisJob): SourceInput[] {
  const byPath = new Map(job.overrides.map((o) => [o.path, o.text]));
  const result = inputs.map((input) => {
    const text = byPath.get(input.path);
    if (text === undefined) return input;
    byPath.delete(input.path);
    // The engine prefers `text` over `bytes` (see `SourceFileInput`).
    return { ...input, text };
  });
  for (const [file, text] of byPath) {
    if (!file.endsWith(".py") || file.startsWith("../")) continue;
    if (existsSync(path.join(job.root, ...file.split("/")))) continue;
    result.push({ path: file, bytes: new Uint8Array(), text, kind: "python" } as SourceInput);
  }
  return result;
}
