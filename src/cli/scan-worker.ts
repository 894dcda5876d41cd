/**
 * @fileoverview The worker-thread side of parallel scanning: analyses a batch of files one at a
 * time (decode, parse, semantic model, file rules, suppressions; no project checks) and returns
 * their findings and errors. Loaded by the worker pool (`scan.ts`); never imported elsewhere.
 */

import type { AnalyzeOptions, SourceFileInput } from "../core/analyzer.js";
import { analyzeAlone } from "../core/split.js";
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
