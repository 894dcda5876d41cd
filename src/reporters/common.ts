/**
 * @fileoverview Helpers shared by the reporters: the deterministic order of findings and errors,
 * the summary counts, and severity ordering.
 */

import { CATEGORIES, SEVERITIES } from "../core/types.js";
import type { Finding, ScanError, Severity } from "../core/types.js";

/** Counts reported by every format. Severity, category and rule counts exclude suppressed findings. */
export interface Summary {
  files: number;
  findings: number;
  suppressed: number;
  errors: number;
  bySeverity: Record<Severity, number>;
  /** Only categories with findings, in the contract's category order. */
  byCategory: Record<string, number>;
  /** Only rules with findings, sorted by code. */
  byRule: Record<string, number>;
}

/** Plain code-unit comparison (locale independent, so output is the same on every machine). */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Sorts findings by file, line, column, rule, then end position and message. Returns a new array. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      compareStrings(a.file, b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      compareStrings(a.rule, b.rule) ||
      a.endLine - b.endLine ||
      a.endColumn - b.endColumn ||
      compareStrings(a.message, b.message),
  );
}

/** Sorts errors by file, position, kind and message. Returns a new array. */
export function sortErrors(errors: readonly ScanError[]): ScanError[] {
  return [...errors].sort(
    (a, b) =>
      compareStrings(a.file, b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      (a.column ?? 0) - (b.column ?? 0) ||
      compareStrings(a.kind, b.kind) ||
      compareStrings(a.message, b.message),
  );
}

/** Computes the summary of a result. */
export function summarize(findings: readonly Finding[], errors: readonly ScanError[], files: number): Summary {
  const bySeverity: Record<Severity, number> = { low: 0, medium: 0, high: 0, critical: 0 };
  const categoryCounts = new Map<string, number>();
  const ruleCounts = new Map<string, number>();
  let suppressed = 0;
  for (const finding of findings) {
    if (finding.suppressed !== false) {
      suppressed++;
      continue;
    }
    bySeverity[finding.severity]++;
    categoryCounts.set(finding.category, (categoryCounts.get(finding.category) ?? 0) + 1);
    ruleCounts.set(finding.rule, (ruleCounts.get(finding.rule) ?? 0) + 1);
  }
  const categoryOrder = (c: string) => {
    const index = (CATEGORIES as readonly string[]).indexOf(c);
    return index === -1 ? CATEGORIES.length : index;
  };
  const byCategory = Object.fromEntries(
    [...categoryCounts].sort((a, b) => categoryOrder(a[0]) - categoryOrder(b[0]) || compareStrings(a[0], b[0])),
  );
  const byRule = Object.fromEntries([...ruleCounts].sort((a, b) => compareStrings(a[0], b[0])));
  return {
    files,
    findings: findings.length - suppressed,
    suppressed,
    errors: errors.length,
    bySeverity,
    byCategory,
    byRule,
  };
}

/** Index of a severity in `low < medium < high < critical`. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

/** True when `severity` is at or above `threshold`. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) >= severityRank(threshold);
}

/** "1 finding" / "2 findings". */
export function plural(count: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : pluralNoun}`;
}
