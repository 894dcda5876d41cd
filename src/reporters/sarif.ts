/**
 * @fileoverview The `--format sarif` reporter: a SARIF 2.1.0 log ready for GitHub code scanning.
 * `tool.driver.rules` holds only the rules present in the results, sorted by code (as Ruff's
 * emitter does), with help text from the rule's docs page, CWE tags and `security-severity`.
 * Results carry 1-based regions in UTF-16 columns, related locations, fixes, partial fingerprints
 * and, for suppressed findings, a `suppressions` entry. Files that could not be scanned become
 * `toolExecutionNotifications`.
 */

import { createHash } from "node:crypto";
import type * as Sarif from "sarif";

import type { Finding, Location, RuleMeta, ScanError, Severity } from "../core/types.js";
import { severityRank, sortErrors, sortFindings } from "./common.js";
import type { ReportContext, ReportInput } from "./types.js";

/** The schema URI written into the log's `$schema`. */
export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

/** GitHub's `security-severity` score per severity. */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: "9.0",
  high: "7.5",
  medium: "5.0",
  low: "2.0",
};

const SRCROOT = "%SRCROOT%";
const FINGERPRINT_KEY = "flaskguardFingerprint/v1";

/** Builds the SARIF log object. */
export function buildSarifLog(result: ReportInput, ctx: ReportContext): Sarif.Log {
  const findings = sortFindings(result.findings);
  const ruleCodes = [...new Set(findings.map((f) => f.rule))].sort();
  const ruleIndex = new Map(ruleCodes.map((code, index) => [code, index]));
  const rules = ruleCodes.map((code) =>
    ruleDescriptor(code, findings.filter((f) => f.rule === code), ctx),
  );
  const fingerprints = new Map<string, number>();
  const results = findings.map((finding) => sarifResult(finding, ruleIndex.get(finding.rule)!, ctx, fingerprints));

  const run: Sarif.Run = {
    tool: {
      driver: {
        name: "flaskguard",
        version: ctx.toolVersion,
        semanticVersion: ctx.toolVersion,
        rules,
      },
    },
    invocations: [
      {
        executionSuccessful: true,
        toolExecutionNotifications: sortErrors(result.errors).map(notification),
      },
    ],
    columnKind: "utf16CodeUnits",
    results,
  };
  if (ctx.rootUri) run.originalUriBaseIds = { [SRCROOT]: { uri: ctx.rootUri } };
  return { $schema: SARIF_SCHEMA_URI, version: "2.1.0", runs: [run] };
}

/** Renders the SARIF log as pretty-printed JSON. */
export function formatSarif(result: ReportInput, ctx: ReportContext): string {
  return `${JSON.stringify(buildSarifLog(result, ctx), null, 2)}\n`;
}

/** SARIF `level` for a severity. */
export function sarifLevel(severity: Severity): "error" | "warning" | "note" {
  if (severity === "critical" || severity === "high") return "error";
  if (severity === "medium") return "warning";
  return "note";
}

function ruleDescriptor(code: string, findings: Finding[], ctx: ReportContext): Sarif.ReportingDescriptor {
  const first = findings[0]!;
  const meta: RuleMeta | undefined = ctx.rules.get(code);
  // The effective severity (configuration may override the default): the highest among results.
  const severity = findings.reduce<Severity>(
    (max, f) => (severityRank(f.severity) > severityRank(max) ? f.severity : max),
    first.severity,
  );
  const name = meta?.name ?? first.name;
  const summary = meta?.summary ?? first.message.split("\n")[0]!;
  const markdown = ctx.ruleDocs?.get(code);
  const cwe = meta?.cwe ?? [];
  const descriptor: Sarif.ReportingDescriptor = {
    id: code,
    name,
    shortDescription: { text: summary },
    fullDescription: { text: (markdown && firstParagraph(markdown, "What it does")) || summary },
    help: markdown ? { text: markdown, markdown } : { text: first.help || summary },
    defaultConfiguration: { level: sarifLevel(severity) },
    properties: {
      tags: ["security", meta?.category ?? first.category, ...cwe.map((id) => `external/cwe/cwe-${String(id).padStart(3, "0")}`)],
      "security-severity": SECURITY_SEVERITY[severity],
      precision: meta?.confidence ?? first.confidence,
      ...(meta ? { status: meta.status } : {}),
      ...(meta && meta.references.length > 0 ? { references: meta.references } : {}),
    },
  };
  const docs = meta?.docs ?? first.docs;
  if (/^https?:\/\//.test(first.docs)) descriptor.helpUri = first.docs;
  else if (docs) descriptor.properties!["docs"] = docs;
  return descriptor;
}

/**
 * The data-flow path of a taint finding as a SARIF code flow: its related locations, which the
 * data-flow engine (`src/dataflow/`) emits in order beginning with a `source: ...` step, followed by
 * the finding's own location, the sink. Null for other findings.
 */
function codeFlow(finding: Finding): Sarif.CodeFlow | null {
  if (finding.related.length === 0 || !finding.related[0]!.message.startsWith("source: ")) return null;
  const step = (where: Location, text: string): Sarif.ThreadFlowLocation => ({
    location: { physicalLocation: physicalLocation(where), message: { text } },
  });
  return {
    message: { text: finding.related[0]!.message },
    threadFlows: [
      {
        locations: [...finding.related.map((r) => step(r, r.message)), step(finding, `sink: ${finding.message}`)],
      },
    ],
  };
}

function sarifResult(
  finding: Finding,
  ruleIndex: number,
  ctx: ReportContext,
  seen: Map<string, number>,
): Sarif.Result {
  const result: Sarif.Result = {
    ruleId: finding.rule,
    ruleIndex,
    level: sarifLevel(finding.severity),
    message: { text: finding.message },
    locations: [{ physicalLocation: physicalLocation(finding) }],
  };
  if (finding.related.length > 0) {
    result.relatedLocations = finding.related.map((related, id) => ({
      id,
      physicalLocation: physicalLocation(related),
      message: { text: related.message },
    }));
  }
  const flow = codeFlow(finding);
  if (flow) result.codeFlows = [flow];
  result.partialFingerprints = { [FINGERPRINT_KEY]: fingerprint(finding, ctx, seen) };
  if (finding.fix) {
    const byFile = new Map<string, Sarif.Replacement[]>();
    for (const edit of finding.fix.edits) {
      const list = byFile.get(edit.file) ?? [];
      list.push({
        deletedRegion: { charOffset: edit.range.start, charLength: edit.range.end - edit.range.start },
        insertedContent: { text: edit.text },
      });
      byFile.set(edit.file, list);
    }
    result.fixes = [
      {
        description: { text: `${finding.fix.title} (${finding.fix.applicability} fix)` },
        artifactChanges: [...byFile].map(([file, replacements]) => ({
          artifactLocation: { uri: fileUri(file), uriBaseId: SRCROOT },
          replacements,
        })),
      },
    ];
  }
  if (finding.suppressed !== false) {
    const suppression: Sarif.Suppression = {
      kind: finding.suppressed.kind === "baseline" ? "external" : "inSource",
      status: "accepted",
      properties: { flaskguardKind: finding.suppressed.kind },
    };
    if (finding.suppressed.justification) suppression.justification = finding.suppressed.justification;
    result.suppressions = [suppression];
  }
  result.properties = { severity: finding.severity, confidence: finding.confidence, category: finding.category };
  return result;
}

function physicalLocation(location: Location): Sarif.PhysicalLocation {
  return {
    artifactLocation: { uri: fileUri(location.file), uriBaseId: SRCROOT },
    region: {
      startLine: location.line,
      startColumn: location.column,
      endLine: location.endLine,
      endColumn: location.endColumn,
    },
  };
}

function notification(error: ScanError): Sarif.Notification {
  const location: Sarif.PhysicalLocation = { artifactLocation: { uri: fileUri(error.file), uriBaseId: SRCROOT } };
  if (error.line !== null) {
    location.region = { startLine: error.line, ...(error.column !== null ? { startColumn: error.column } : {}) };
  }
  return {
    level: "error",
    message: { text: `${error.kind}: ${error.message}` },
    descriptor: { id: error.kind },
    locations: [{ physicalLocation: location }],
  };
}

/**
 * A fingerprint that survives unrelated line shifts: rule, file and the whitespace-normalised
 * text of the finding's lines, plus an occurrence counter for identical lines.
 */
function fingerprint(finding: Finding, ctx: ReportContext, seen: Map<string, number>): string {
  const source = ctx.sources.get(finding.file);
  let snippet = finding.message;
  if (source !== undefined) {
    const lines = source.split(/\r\n|\r|\n/).slice(finding.line - 1, finding.endLine);
    if (lines.length > 0) snippet = lines.join("\n").replace(/\s+/g, " ").trim();
  }
  const base = createHash("sha256").update(`${finding.rule}\0${finding.file}\0${snippet}`).digest("hex").slice(0, 32);
  const occurrence = seen.get(base) ?? 0;
  seen.set(base, occurrence + 1);
  return `${base}:${occurrence + 1}`;
}

/** Percent-encodes a POSIX relative path for use as a URI reference. */
function fileUri(file: string): string {
  return file.split("/").map(encodeURIComponent).join("/");
}

/** The first paragraph under `## heading` of a Markdown page, if any. */
function firstParagraph(markdown: string, heading: string): string | null {
  const lines = markdown.split(/\r?\n/);
  const start = lines.findIndex((line) => line.trim().toLowerCase() === `## ${heading}`.toLowerCase());
  if (start === -1) return null;
  const paragraph: string[] = [];
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith("#")) break;
    if (line.trim() === "") {
      if (paragraph.length > 0) break;
      continue;
    }
    paragraph.push(line.trim());
  }
  return paragraph.length > 0 ? paragraph.join(" ") : null;
}
