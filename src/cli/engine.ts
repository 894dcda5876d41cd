/**
 * @fileoverview The CLI's single point of contact with the engine: the analyzer, the rule
 * registry, selector checks and the baseline functions. Everything else in `src/cli/` goes
 * through this module.
 */

import { analyzeProject } from "../core/analyzer.js";
import type { AnalyzeOptions, AnalyzeResult } from "../core/analyzer.js";
import { applyBaseline, BaselineFormatError, createBaseline, parseBaseline } from "../core/baseline.js";
import type { Baseline } from "../core/baseline.js";
import { AnalyzeOptionsError, isKnownSelector } from "../core/selection.js";
import type { Finding, RuleMeta } from "../core/types.js";
import { findRule as registryFindRule, rules as registryRules } from "../rules/index.js";
import type { ScanOptions } from "../config/options.js";
import { UsageError } from "./io.js";
import type { SourceInput } from "./read.js";
import { scanParallel, scanSync } from "./scan.js";
import type { ScanSettings } from "./scan.js";

/**
 * Runs the engine over the read files: with `scan`, the split scan (cache, per-file phase and
 * project phase, `scan.ts`) in this thread; without, one `analyzeProject`. Option problems the
 * configuration layer did not catch become a `UsageError` (exit status 2).
 */
export function analyze(inputs: readonly SourceInput[], options: ScanOptions, scan?: ScanSettings): AnalyzeResult {
  // ScanOptions is AnalyzeOptions plus project-knowledge keys the engine does not read yet.
  const analyzeOptions: AnalyzeOptions = options;
  try {
    return scan ? scanSync(inputs, analyzeOptions, scan) : analyzeProject(inputs, analyzeOptions);
  } catch (error) {
    if (error instanceof AnalyzeOptionsError) throw new UsageError(error.problems.join("; "));
    throw error;
  }
}

/** `analyze` with the per-file phase in worker threads when the scan is large enough. */
export async function analyzeAsync(inputs: readonly SourceInput[], options: ScanOptions, scan: ScanSettings): Promise<AnalyzeResult> {
  try {
    return await scanParallel(inputs, options, scan);
  } catch (error) {
    if (error instanceof AnalyzeOptionsError) throw new UsageError(error.problems.join("; "));
    throw error;
  }
}

/** Every registered rule's metadata, sorted by code. */
export function allRuleMetas(): RuleMeta[] {
  return registryRules.map((rule) => rule.meta as RuleMeta).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Looks a rule up by code (case-insensitive) or kebab-case name. */
export function findRule(codeOrName: string): { meta: RuleMeta } | undefined {
  return registryFindRule(codeOrName);
}

/** Whether a `--select`/`--ignore` selector is known: a code, prefix, name, category or `ALL`. */
export function knownSelector(selector: string): boolean {
  return isKnownSelector(selector, registryRules);
}

/** Builds a baseline document from today's unsuppressed findings. */
export function makeBaseline(findings: readonly Finding[], texts: ReadonlyMap<string, string>): Baseline {
  return createBaseline(findings, texts);
}

/** Validates a parsed baseline file; throws a `UsageError` naming `shown` when it is malformed. */
export function readBaselineDocument(value: unknown, shown: string): Baseline {
  try {
    return parseBaseline(value);
  } catch (error) {
    if (error instanceof BaselineFormatError) throw new UsageError(`--baseline: ${shown}: ${error.message}`);
    throw error;
  }
}

/** Marks findings recorded in `baseline` as suppressed (kind `baseline`). */
export function useBaseline(findings: readonly Finding[], baseline: Baseline, texts: ReadonlyMap<string, string>): Finding[] {
  return applyBaseline(findings, baseline, texts);
}
