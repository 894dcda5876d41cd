/**
 * @fileoverview The `--format github` reporter: GitHub Actions workflow commands
 * (`::error file=…,line=…::message`) that show findings as annotations on pull requests.
 * Severity low → notice, medium → warning, high/critical → error. Suppressed findings are omitted;
 * files that could not be scanned become warnings.
 */

import type { Finding, ScanError, Severity } from "../core/types.js";
import { sortErrors, sortFindings } from "./common.js";
import type { ReportContext, ReportInput } from "./types.js";

/** Renders one workflow command per unsuppressed finding and per scan error. */
export function formatGithub(result: ReportInput, _ctx: ReportContext): string {
  const lines: string[] = [];
  for (const finding of sortFindings(result.findings)) {
    if (finding.suppressed !== false) continue;
    lines.push(findingCommand(finding));
  }
  for (const error of sortErrors(result.errors)) lines.push(errorCommand(error));
  return lines.length > 0 ? `${lines.join("\n")}\n` : "";
}

function findingCommand(finding: Finding): string {
  const properties: [string, string | number][] = [
    ["file", finding.file],
    ["line", finding.line],
  ];
  // GitHub only accepts columns on single-line annotations.
  if (finding.endLine === finding.line) properties.push(["col", finding.column]);
  properties.push(["endLine", finding.endLine]);
  if (finding.endLine === finding.line) properties.push(["endColumn", finding.endColumn]);
  properties.push(["title", `${finding.rule} ${finding.name}`]);
  let message = finding.message;
  if (finding.help) message += `\n\nhelp: ${finding.help}`;
  if (finding.docs) message += `\ndocs: ${finding.docs}`;
  return command(level(finding.severity), properties, message);
}

function errorCommand(error: ScanError): string {
  const properties: [string, string | number][] = [["file", error.file]];
  if (error.line !== null) properties.push(["line", error.line]);
  if (error.line !== null && error.column !== null) properties.push(["col", error.column]);
  properties.push(["title", `flaskguard ${error.kind}`]);
  return command("warning", properties, `${error.message} (flaskguard could not scan this file)`);
}

/** The workflow command for a severity. */
export function level(severity: Severity): "notice" | "warning" | "error" {
  if (severity === "low") return "notice";
  if (severity === "medium") return "warning";
  return "error";
}

function command(name: string, properties: [string, string | number][], message: string): string {
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(",");
  return `::${name} ${props}::${escapeData(message)}`;
}

/** Escapes a workflow command's message (`%`, CR, LF), as the Actions toolkit does. */
export function escapeData(text: string): string {
  return text.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

/** Escapes a workflow command property value: the message escapes plus `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}
