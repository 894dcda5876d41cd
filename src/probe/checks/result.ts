/**
 * @fileoverview The value every pure probe check returns: the problems found (as `ProbeIssue`s) and
 * notes for the reader about what was verified or could not be decided.
 */

import type { ProbeIssue } from "../types.js";

/** Issues found plus human-readable notes (passed checks, inconclusive ones). */
export interface CheckResult {
  issues: ProbeIssue[];
  notes: string[];
}

/** An empty result. */
export function emptyResult(): CheckResult {
  return { issues: [], notes: [] };
}

/** Status codes that mean "rejected before the view ran" for CSRF purposes. */
export function isRejection(status: number): boolean {
  return status === 400 || status === 403;
}

/** Summarises statuses as `401 ×5, 429`. */
export function summarizeStatuses(statuses: readonly number[]): string {
  const parts: string[] = [];
  let i = 0;
  while (i < statuses.length) {
    let j = i;
    while (j < statuses.length && statuses[j] === statuses[i]) j++;
    parts.push(j - i > 1 ? `${statuses[i]} ×${j - i}` : String(statuses[i]));
    i = j;
  }
  return parts.join(", ");
}

/** Formats a byte count as `5 MiB`, `1.5 KiB`, `300 bytes`. */
export function formatBytes(bytes: number): string {
  const units: [number, string][] = [[1024 ** 3, "GiB"], [1024 ** 2, "MiB"], [1024, "KiB"]];
  for (const [size, unit] of units) {
    if (bytes >= size) {
      const value = bytes / size;
      return `${Number.isInteger(value) ? value : value.toFixed(1)} ${unit}`;
    }
  }
  return `${bytes} bytes`;
}
