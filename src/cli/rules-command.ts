/**
 * @fileoverview `flaskguard rules` (the rule table, text or JSON) and `flaskguard explain RULE`
 * (the rule's documentation page, read from the installed package).
 */

import { readFileSync } from "node:fs";
import path from "node:path";

import type { RuleMeta } from "../core/types.js";
import { PROBE_RULES } from "../probe/rules.js";
import { allRuleMetas, findRule } from "./engine.js";
import { EXIT, UsageError } from "./io.js";
import type { CliIo } from "./io.js";
import { PACKAGE_ROOT } from "./package-info.js";

const COLUMNS = ["code", "name", "category", "severity", "fixable", "summary"] as const;

/**
 * Renders the rule table: one row per rule with code, name, category, severity, fixable and the
 * one-line summary, columns padded to their widest cell.
 */
export function formatRuleTable(metas: readonly RuleMeta[]): string {
  const rows: string[][] = [
    COLUMNS.map((c) => c.toUpperCase()),
    ...metas.map((m) => [m.code, m.name, m.category, m.severity, m.fixable, m.summary]),
  ];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]!))).join("  ").trimEnd())
    .join("\n");
}

/**
 * Renders the rule table as Markdown (the README's table is this output, checked by a test):
 * code linked to its docs page, name, category, default severity, fixable, status, summary.
 */
export function formatRuleMarkdown(metas: readonly RuleMeta[]): string {
  const escape = (text: string) => text.replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
  const lines = [
    "| Code | Name | Category | Severity | Fixable | Status | Summary |",
    "|---|---|---|---|---|---|---|",
    ...metas.map(
      (m) =>
        `| [${m.code}](${m.docs}) | \`${m.name}\` | ${m.category} | ${m.severity} | ${m.fixable} | ${m.status} | ${escape(m.summary)} |`,
    ),
  ];
  return lines.join("\n");
}

/** `flaskguard rules [--format text|json|markdown]`. */
export function runRules(format: "text" | "json" | "markdown", io: CliIo): number {
  const metas = allRuleMetas();
  if (format === "markdown") {
    io.stdout.write(`${formatRuleMarkdown(metas)}\n`);
  } else if (format === "json") {
    const list = metas.map((m) => ({
      code: m.code,
      name: m.name,
      category: m.category,
      severity: m.severity,
      confidence: m.confidence,
      fixable: m.fixable,
      status: m.status,
      cwe: m.cwe,
      summary: m.summary,
      docs: m.docs,
      references: m.references,
    }));
    io.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
  } else {
    io.stdout.write(`${formatRuleTable(metas)}\n`);
    io.stdout.write(`\nRuntime checks of \`flaskguard probe URL\`:\n${formatRuleTable(PROBE_RULES)}\n`);
  }
  return EXIT.ok;
}

/** A probe check by code (`FGP07`, case-insensitive) or name. */
function findProbeRule(codeOrName: string): RuleMeta | undefined {
  const key = codeOrName.toUpperCase();
  return PROBE_RULES.find((m) => m.code === key || m.name === codeOrName);
}

/** `flaskguard explain RULE`: prints `docs/rules/<code>.md`, or the metadata when no page ships. */
export function runExplain(rule: string, io: CliIo): number {
  const meta = findRule(rule)?.meta ?? findProbeRule(rule);
  if (!meta) throw new UsageError(`unknown rule "${rule}" (run \`flaskguard rules\` for the list)`);
  try {
    const page = readFileSync(path.join(PACKAGE_ROOT, meta.docs), "utf8");
    io.stdout.write(page.endsWith("\n") ? page : `${page}\n`);
  } catch {
    io.stdout.write(
      [
        `# ${meta.code} ${meta.name}`,
        "",
        meta.summary,
        "",
        `category: ${meta.category}; default severity: ${meta.severity}; confidence: ${meta.confidence}`,
        `(no documentation page found at ${meta.docs})`,
        "",
      ].join("\n"),
    );
  }
  return EXIT.ok;
}
