/**
 * @fileoverview Fix application (ESLint's algorithm, Ruff's applicability levels): fixes are applied
 * atomically (all of a fix's edits or none), sorted by position, skipping any fix that overlaps one
 * already taken; the caller re-analyses and repeats, up to 10 passes, and a pass whose result no longer
 * parses is refused.
 */
import type { Fix, Range } from "./types.js";

/** Maximum number of fix passes (ESLint's limit). */
export const MAX_FIX_PASSES = 10;

/** Which fixes to apply: `safe` only, or `unsafe` too. Display-only fixes are never applied. */
export type FixLevel = "safe" | "unsafe";

/** Whether a fix may be applied at `level`. */
export function isApplicable(fix: Fix, level: FixLevel): boolean {
  if (fix.applicability === "display-only") return false;
  return fix.applicability === "safe" || level === "unsafe";
}

/** Result of one pass over one file. */
export interface ApplyResult {
  text: string;
  /** The fixes applied, in application order. */
  applied: Fix[];
  /** The fixes skipped because they overlapped an applied one (may apply in a later pass). */
  skipped: Fix[];
}

function overlaps(a: Range, b: Range): boolean {
  // Two insertions at the same point overlap too (their order would be ambiguous).
  if (a.start === a.end && b.start === b.end) return a.start === b.start;
  return a.start < b.end && b.start < a.end;
}

/**
 * Applies non-overlapping fixes to `text` in one pass. Only the edits for `file` are considered;
 * a fix with an edit elsewhere is skipped (multi-file fixes are applied by the caller per file).
 *
 * `applyFixes("a = 1", [{ edits: [{ file: "f.py", range: { start: 4, end: 5 }, text: "2" }], ... }], "f.py")`
 * → `{ text: "a = 2", ... }`.
 */
export function applyFixes(text: string, fixes: readonly Fix[], file: string): ApplyResult {
  const candidates = fixes
    .filter((f) => f.edits.length > 0 && f.edits.every((e) => e.file === file))
    .map((f) => ({ fix: f, first: Math.min(...f.edits.map((e) => e.range.start)) }))
    .sort((a, b) => a.first - b.first);
  const taken: Range[] = [];
  const applied: Fix[] = [];
  const skipped: Fix[] = [];
  for (const { fix } of candidates) {
    const ranges = fix.edits.map((e) => e.range);
    const selfOverlap = ranges.some((r, i) => ranges.some((s, j) => i < j && overlaps(r, s)));
    const invalid = ranges.some((r) => r.start < 0 || r.end > text.length || r.start > r.end);
    if (invalid || selfOverlap || ranges.some((r) => taken.some((t) => overlaps(r, t)))) {
      skipped.push(fix);
      continue;
    }
    taken.push(...ranges);
    applied.push(fix);
  }
  const edits = applied.flatMap((f) => f.edits).sort((a, b) => b.range.start - a.range.start || b.range.end - a.range.end);
  let out = text;
  for (const e of edits) out = out.slice(0, e.range.start) + e.text + out.slice(e.range.end);
  return { text: out, applied, skipped };
}

/** Outcome of fixing one text over several passes. */
export interface FixLoopResult {
  text: string;
  /** Number of fixes applied over all passes. */
  fixCount: number;
  /** Number of passes that changed the text. */
  passes: number;
  /** True when a pass was refused because its result did not parse (fixing stopped there). */
  refused: boolean;
}

/**
 * Repeatedly computes fixes for the current text and applies them, up to {@link MAX_FIX_PASSES}
 * passes, stopping when nothing changes. `computeFixes` re-analyses the text; `parses` tells
 * whether a candidate text is still valid Python (a pass producing invalid code is discarded).
 */
export function fixUntilStable(
  text: string,
  file: string,
  computeFixes: (text: string) => Fix[],
  parses: (text: string) => boolean,
  maxPasses: number = MAX_FIX_PASSES,
): FixLoopResult {
  let current = text;
  let fixCount = 0;
  let passes = 0;
  for (let pass = 0; pass < maxPasses; pass++) {
    const fixes = computeFixes(current);
    if (fixes.length === 0) break;
    const result = applyFixes(current, fixes, file);
    if (result.applied.length === 0 || result.text === current) break;
    if (!parses(result.text)) return { text: current, fixCount, passes, refused: true };
    current = result.text;
    fixCount += result.applied.length;
    passes++;
  }
  return { text: current, fixCount, passes, refused: false };
}
