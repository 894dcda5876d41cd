/**
 * @fileoverview The CLI's single point of contact with the engine: the analyzer, the rule
 * registry and the baseline functions. Everything else in `src/cli/` goes through this module.
 */

import { analyzeProject } from "../core/analyzer.js";
import { applyBaseline, createBaseline } from "../core/baseline.js";
import type { Finding, RuleMeta, ScanError } from "../core/types.js";
import { findRule as registryFindRule, rules as registryRules } from "../rules/index.js";
import type { ScanOptions } from "../config/options.js";
import type { SourceInput } from "./read.js";

/** Runs the engine over the read files. */
export function analyze(inputs: readonly SourceInput[], options: ScanOptions): { findings: Finding[]; errors: ScanError[] } {
  const result = analyzeProject([...inputs], options);
  return { findings: [...result.findings], errors: [...result.errors] };
}

/** Every registered rule's metadata, sorted by code. */
export function allRuleMetas(): RuleMeta[] {
  const list = Array.isArray(registryRules) ? registryRules : Object.values(registryRules);
  return list.map((rule: { meta: RuleMeta }) => rule.meta).sort((a: RuleMeta, b: RuleMeta) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

/** Looks a rule up by code or kebab-case name. */
export function findRule(codeOrName: string): { meta: RuleMeta } | undefined {
  return registryFindRule(codeOrName) ?? undefined;
}

/** Builds a baseline document from today's unsuppressed findings. */
export function makeBaseline(findings: readonly Finding[], texts: ReadonlyMap<string, string>): unknown {
  return createBaseline([...findings], texts);
}

/** Marks findings recorded in `baseline` as suppressed (kind `baseline`). */
export function useBaseline(findings: readonly Finding[], baseline: unknown, texts: ReadonlyMap<string, string>): Finding[] {
  return applyBaseline([...findings], baseline as Parameters<typeof applyBaseline>[1], texts);
}
