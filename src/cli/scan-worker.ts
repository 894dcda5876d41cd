/**
 * @fileoverview The two kinds of work of a split scan, run in worker threads by the pool of
 * `scan.ts` (and called directly by its single-threaded form): a batch of files analysed one at a
 * time (decode, parse, semantic model, rules, suppressions), and the project part analysed as one
 * project. Results are plain data (structured-cloneable).
 */

import { analyzeProject } from "../core/analyzer.js";
import type { AnalyzeOptions, SourceFileInput } from "../core/analyzer.js";
import { analyzeAlone, projectModulesAmong } from "../core/split.js";
import type { Finding, ScanError } from "../core/types.js";

/** One batch of files for a worker. */
export interface WorkerTask {
  files: SourceFileInput[];
  options: AnalyzeOptions;
  assumedModules: string[];
}

/** One file's result from a worker. */
export interface WorkerFileResult {
  path: string;
  findings: Finding[];
  errors: ScanError[];
  /** The engine's decoded text, when the file has findings. */
  text?: string;
}

/** Analyses every file of the task alone; an unexpected failure becomes that file's error. */
export default function analyzeBatch(task: WorkerTask): WorkerFileResult[] {
  return task.files.map((input) => analyzeOne(input, task.options, task.assumedModules));
}

/** Analyses one file alone (shared with the in-thread path so both give the same results). */
export function analyzeOne(input: SourceFileInput, options: AnalyzeOptions, assumedModules: readonly string[]): WorkerFileResult {
  try {
    const result = analyzeAlone(input, options, assumedModules);
    const text = result.findings.length > 0 ? result.texts.get(input.path) : undefined;
    return { path: input.path, findings: result.findings, errors: result.errors, ...(text !== undefined ? { text } : {}) };
  } catch (error) {
    return {
      path: input.path,
      findings: [],
      errors: [
        {
          file: input.path,
          kind: "internal-error",
          message: `analysis failed: ${error instanceof Error ? error.message : String(error)}`,
          line: null,
          column: null,
        },
      ],
    };
  }
}

/** The project part to analyse together. */
export interface ProjectTask {
  files: SourceFileInput[];
  options: AnalyzeOptions;
}

/** The project part's result. */
export interface ProjectPartResult {
  findings: Finding[];
  errors: ScanError[];
  /** Decoded texts of the files with findings. */
  texts: [string, string][];
  enabledRules: string[];
  /** The modules it imports that switch project-scope rules on (what files analysed alone assume). */
  modules: string[];
}

/** Analyses the project part as one project (the pool calls it by name). */
export function analyzeProjectPart(task: ProjectTask): ProjectPartResult {
  let seen: string[] = [];
  const result = analyzeProject(task.files, task.options, undefined, { onProjectModules: (m) => (seen = [...m]) });
  const withFindings = new Set(result.findings.map((f) => f.file));
  return {
    findings: result.findings,
    errors: result.errors,
    texts: [...result.texts].filter(([file]) => withFindings.has(file)),
    enabledRules: result.enabledRules,
    modules: projectModulesAmong(seen),
  };
}
