/**
 * @fileoverview The human-readable reporter (Ruff/Biome style): per finding a
 * `path:line:col CODE name` header, the message, a code frame with the range underlined, a
 * `help:` line, related locations, the fix title and the docs path; then the files that could not
 * be scanned and a summary. Suppressed findings are not shown (only counted).
 */

import { codeFrameColumns } from "@babel/code-frame";
import { createColors } from "picocolors";

import { SEVERITIES } from "../core/types.js";
import type { Finding, ScanError, Severity } from "../core/types.js";
import { plural, sortErrors, sortFindings, summarize } from "./common.js";
import type { ReportContext, ReportInput } from "./types.js";

type Colors = ReturnType<typeof createColors>;

/** Renders the text report. */
export function formatText(result: ReportInput, ctx: ReportContext): string {
  const c = createColors(ctx.color ?? false);
  const out: string[] = [];
  const visible = sortFindings(result.findings).filter((f) => f.suppressed === false);
  for (const finding of visible) out.push(renderFinding(finding, ctx, c), "");

  const errors = sortErrors(result.errors);
  if (errors.length > 0) {
    out.push(c.bold(`${plural(errors.length, "file")} could not be scanned (the rest of the scan went on):`));
    for (const error of errors) out.push(`  ${renderError(error, c)}`);
    out.push("");
  }

  if (!ctx.quiet) {
    const summary = summarize(result.findings, result.errors, ctx.filesScanned);
    if (ctx.statistics && summary.findings > 0) out.push(...renderStatistics(summary, ctx, c), "");
    out.push(summaryLine(summary, c, ctx.subject));
  }
  while (out.length > 0 && out[out.length - 1] === "") out.pop();
  return out.length > 0 ? `${out.join("\n")}\n` : "";
}

function renderFinding(finding: Finding, ctx: ReportContext, c: Colors): string {
  const lines: string[] = [];
  const where = `${finding.file}:${finding.line}:${finding.column}`;
  lines.push(
    `${c.bold(where)} ${severityColor(finding.severity, c)(c.bold(finding.rule))} ${c.bold(finding.name)} ${c.dim(`[${finding.severity}]`)}`,
  );
  for (const messageLine of finding.message.split("\n")) lines.push(`  ${visible(messageLine)}`);
  const source = ctx.sources.get(finding.file);
  if (source !== undefined) {
    const frame = codeFrame(source, finding);
    if (frame) {
      lines.push("");
      for (const frameLine of frame.split("\n")) lines.push(`  ${frameLine}`);
      lines.push("");
    }
  }
  if (finding.help) lines.push(`  ${c.cyan("help:")} ${indentContinuation(finding.help.split("\n").map(visible).join("\n"), "        ")}`);
  for (const related of finding.related) {
    lines.push(`  ${c.dim("related:")} ${related.file}:${related.line}:${related.column}: ${visible(related.message)}`);
  }
  if (finding.fix) {
    lines.push(`  ${c.green(`fix (${finding.fix.applicability}):`)} ${finding.fix.title}`);
  }
  if (finding.docs) lines.push(`  ${c.dim("docs:")} ${finding.docs}`);
  return lines.join("\n");
}

/**
 * A line of scanned text made safe for a terminal: control characters (other than tab) become their
 * Control Pictures symbol (ESC → ␛) and C1 controls U+FFFD, one character for one, so a crafted
 * source file cannot drive the terminal through a code frame and columns stay aligned.
 */
export function visible(line: string): string {
  // eslint-disable-next-line no-control-regex
  return line.replace(/[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/g, (ch) => {
    const code = ch.charCodeAt(0);
    if (code < 0x20) return String.fromCharCode(0x2400 + code);
    return code === 0x7f ? "\u2421" : "\ufffd";
  });
}

/** The code frame around a finding, or "" when the location is outside the text. */
function codeFrame(text: string, finding: Finding): string {
  const sourceLines = text.split(/\r\n|\r|\n/).map(visible);
  const source = sourceLines.join("\n");
  if (finding.line < 1 || finding.line > sourceLines.length) return "";
  // Multi-line ranges underline their first line only, up to its end.
  const endColumn =
    finding.endLine === finding.line ? finding.endColumn : sourceLines[finding.line - 1]!.length + 1;
  const location = {
    start: { line: finding.line, column: finding.column },
    end: { line: finding.line, column: Math.max(endColumn, finding.column + 1) },
  };
  return codeFrameColumns(source, location, { highlightCode: false, linesAbove: 2, linesBelow: 1 });
}

function renderError(error: ScanError, c: Colors): string {
  const position = error.line !== null ? `:${error.line}${error.column !== null ? `:${error.column}` : ""}` : "";
  return `${c.bold(`${error.file}${position}`)} ${c.red(error.kind)}: ${visible(error.message)}`;
}

function renderStatistics(summary: ReturnType<typeof summarize>, ctx: ReportContext, c: Colors): string[] {
  const lines: string[] = [c.bold("By severity:")];
  for (const severity of [...SEVERITIES].reverse()) {
    const count = summary.bySeverity[severity];
    if (count > 0) lines.push(`  ${severity.padEnd(10)}${String(count).padStart(5)}`);
  }
  lines.push(c.bold("By category:"));
  const width = Math.max(...Object.keys(summary.byCategory).map((k) => k.length), 8) + 2;
  for (const [category, count] of Object.entries(summary.byCategory)) {
    lines.push(`  ${category.padEnd(width)}${String(count).padStart(5)}`);
  }
  lines.push(c.bold("By rule:"));
  const labels = Object.keys(summary.byRule).map((code) => {
    const name = ctx.rules.get(code)?.name;
    return name ? `${code} ${name}` : code;
  });
  const ruleWidth = Math.max(...labels.map((l) => l.length), 8) + 2;
  Object.values(summary.byRule).forEach((count, i) => {
    lines.push(`  ${labels[i]!.padEnd(ruleWidth)}${String(count).padStart(5)}`);
  });
  return lines;
}

function summaryLine(summary: ReturnType<typeof summarize>, c: Colors, subject?: ReportContext["subject"]): string {
  const scanned = `${plural(summary.files, subject?.noun ?? "file")} ${subject?.verb ?? "scanned"}`;
  const extras: string[] = [];
  if (summary.suppressed > 0) extras.push(`${summary.suppressed} suppressed`);
  if (summary.errors > 0) extras.push(`${plural(summary.errors, "file")} with errors`);
  const tail = extras.length > 0 ? `; ${extras.join(", ")}` : "";
  if (summary.findings === 0) return `${c.green("No findings")} (${scanned}${tail}).`;
  const parts = [...SEVERITIES]
    .reverse()
    .filter((s) => summary.bySeverity[s] > 0)
    .map((s) => severityColor(s, c)(`${summary.bySeverity[s]} ${s}`));
  return `${c.bold(`Found ${plural(summary.findings, "finding")}`)} (${parts.join(", ")}) in ${scanned}${tail}.`;
}

function severityColor(severity: Severity, c: Colors): (text: string) => string {
  switch (severity) {
    case "critical":
      return (t) => c.bold(c.red(t));
    case "high":
      return c.red;
    case "medium":
      return c.yellow;
    case "low":
      return c.blue;
  }
}

function indentContinuation(text: string, indent: string): string {
  return text.split("\n").join(`\n${indent}`);
}
