/**
 * @fileoverview What every reporter receives: the scan result and a context with the metadata of
 * the rules, the decoded sources (for code frames) and display switches. Reporters are pure
 * functions of these two values.
 */

import type { Finding, RuleMeta, ScanError } from "../core/types.js";

/** The scan result as reporters see it (the engine's `AnalyzeResult`). */
export interface ReportInput {
  findings: readonly Finding[];
  errors: readonly ScanError[];
}

/** Everything besides the result that shapes a report. */
export interface ReportContext {
  /** flaskguard's version, written into json and sarif output. */
  toolVersion: string;
  /** Rule metadata by code; reporters use only the entries of rules present in the findings. */
  rules: ReadonlyMap<string, RuleMeta>;
  /** Decoded text per file path, for code frames and fingerprints; missing files are tolerated. */
  sources: ReadonlyMap<string, string>;
  /** Markdown documentation per rule code, for SARIF `help.markdown`. */
  ruleDocs?: ReadonlyMap<string, string>;
  /** How many files were scanned (for `probe`: how many requests were sent, see `subject`). */
  filesScanned: number;
  /** What `filesScanned` counts in the text summary; default `{ noun: "file", verb: "scanned" }`. */
  subject?: { noun: string; verb: string };
  /** Absolute `file://` URI of the scan root, ending in `/` (SARIF `%SRCROOT%`), if known. */
  rootUri?: string | null;
  /** Text output: use ANSI colours. */
  color?: boolean;
  /** Text output: findings and errors only, no summary. */
  quiet?: boolean;
  /** Text output: add counts by severity, category and rule. */
  statistics?: boolean;
}

/** A reporter turns a result into the full output text (ending with a newline when non-empty). */
export type Reporter = (result: ReportInput, ctx: ReportContext) => string;
