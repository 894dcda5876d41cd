/**
 * @fileoverview The `--format json` reporter: one JSON object
 * `{"version", "findings", "errors", "summary"}` holding exactly the contract's fields, in a
 * deterministic order. Suppressed findings are included, marked by their `suppressed` field.
 */

import type { Finding, ScanError } from "../core/types.js";
import { sortErrors, sortFindings, summarize } from "./common.js";
import type { Summary } from "./common.js";
import type { ReportContext, ReportInput } from "./types.js";

/** The document `--format json` prints. */
export interface JsonReport {
  version: string;
  findings: Finding[];
  errors: ScanError[];
  summary: Summary;
}

/** Builds the JSON report object (exported for tests and API users). */
export function buildJsonReport(result: ReportInput, ctx: ReportContext): JsonReport {
  return {
    version: ctx.toolVersion,
    findings: sortFindings(result.findings).map(contractFinding),
    errors: sortErrors(result.errors).map(contractError),
    summary: summarize(result.findings, result.errors, ctx.filesScanned),
  };
}

/** Renders the JSON report, pretty-printed with two spaces. */
export function formatJson(result: ReportInput, ctx: ReportContext): string {
  return `${JSON.stringify(buildJsonReport(result, ctx), null, 2)}\n`;
}

/** Copies exactly the contract's fields, in the contract's order, dropping anything else. */
function contractFinding(finding: Finding): Finding {
  return {
    rule: finding.rule,
    name: finding.name,
    category: finding.category,
    severity: finding.severity,
    confidence: finding.confidence,
    file: finding.file,
    line: finding.line,
    column: finding.column,
    endLine: finding.endLine,
    endColumn: finding.endColumn,
    message: finding.message,
    help: finding.help,
    docs: finding.docs,
    related: finding.related.map((r) => ({
      file: r.file,
      line: r.line,
      column: r.column,
      endLine: r.endLine,
      endColumn: r.endColumn,
      message: r.message,
    })),
    fix:
      finding.fix === null
        ? null
        : {
            title: finding.fix.title,
            applicability: finding.fix.applicability,
            edits: finding.fix.edits.map((e) => ({
              file: e.file,
              range: { start: e.range.start, end: e.range.end },
              text: e.text,
            })),
          },
    suppressed:
      finding.suppressed === false
        ? false
        : { kind: finding.suppressed.kind, justification: finding.suppressed.justification },
  };
}

function contractError(error: ScanError): ScanError {
  return { file: error.file, kind: error.kind, message: error.message, line: error.line, column: error.column };
}
