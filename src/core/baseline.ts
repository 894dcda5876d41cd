/**
 * @fileoverview The baseline: a versioned JSON record of accepted findings (per file → per rule →
 * fingerprints) so a team can adopt flaskguard on an old codebase and see only new findings. A
 * fingerprint hashes the rule, the whitespace-normalised source text of the finding's lines and an
 * occurrence index among identical ones, so it survives unrelated edits that shift lines. Pure
 * functions; the CLI reads and writes the file.
 */
import { createHash } from "node:crypto";
import type { Finding } from "./types.js";

/** Current baseline format version. */
export const BASELINE_VERSION = 1;

/** The baseline document. */
export interface Baseline {
  version: 1;
  tool: "flaskguard";
  /** POSIX path → rule code → fingerprints (sorted). */
  files: Record<string, Record<string, string[]>>;
}

/** File texts by path, as a Map or a plain object. */
export type FileTexts = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

/** Thrown by {@link parseBaseline} for a document that is not a valid baseline. */
export class BaselineFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BaselineFormatError";
  }
}

function textOf(texts: FileTexts, path: string): string | undefined {
  return texts instanceof Map ? texts.get(path) : (texts as Record<string, string>)[path];
}

/** Collapses whitespace so re-indentation and trailing spaces do not change a fingerprint. */
function normalise(s: string): string {
  return s.replace(/\s+/g, " ").trim();
}

/** The source lines a finding covers (line..endLine), or null when the text is unknown. */
function findingSource(finding: Finding, text: string | undefined): string | null {
  if (text === undefined) return null;
  const lines = text.split(/\r\n|\r|\n/);
  return lines.slice(finding.line - 1, Math.max(finding.line, finding.endLine)).join("\n");
}

/**
 * Fingerprints of `findings` (same order). Identical findings (same file, rule and line text) are
 * told apart by their occurrence index in file order. When a file's text is unknown the message
 * stands in for the source text.
 */
export function fingerprints(findings: readonly Finding[], texts: FileTexts): string[] {
  const order = findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => (a.f.file < b.f.file ? -1 : a.f.file > b.f.file ? 1 : a.f.line - b.f.line || a.f.column - b.f.column));
  const seen = new Map<string, number>();
  const out: string[] = new Array(findings.length);
  for (const { f, i } of order) {
    const source = findingSource(f, textOf(texts, f.file));
    const content = normalise(source ?? f.message);
    const key = `${f.file}\u0000${f.rule}\u0000${content}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    out[i] = createHash("sha256").update(`${f.rule}\u0000${content}\u0000${n}`).digest("hex").slice(0, 16);
  }
  return out;
}

/** Fingerprints of the unsuppressed findings (indexed like `findings`; undefined for suppressed ones). */
function openFingerprints(findings: readonly Finding[], texts: FileTexts): (string | undefined)[] {
  const openIdx: number[] = [];
  findings.forEach((f, i) => {
    if (f.suppressed === false) openIdx.push(i);
  });
  const fps = fingerprints(openIdx.map((i) => findings[i]!), texts);
  const out: (string | undefined)[] = new Array(findings.length).fill(undefined);
  openIdx.forEach((i, k) => (out[i] = fps[k]));
  return out;
}

/**
 * A baseline recording every unsuppressed finding. Given findings FG201 in `app.py` and FG101 in
 * `run.py`, returns `{ version: 1, tool: "flaskguard", files: { "app.py": { FG201: [fp] }, "run.py": { FG101: [fp] } } }`.
 */
export function createBaseline(findings: readonly Finding[], texts: FileTexts): Baseline {
  const open = findings.filter((f) => f.suppressed === false);
  const fps = fingerprints(open, texts);
  const files: Baseline["files"] = {};
  open.forEach((f, i) => {
    const perFile = (files[f.file] ??= {});
    (perFile[f.rule] ??= []).push(fps[i]!);
  });
  const sorted: Baseline["files"] = {};
  for (const file of Object.keys(files).sort()) {
    const rules: Record<string, string[]> = {};
    for (const rule of Object.keys(files[file]!).sort()) rules[rule] = [...files[file]![rule]!].sort();
    sorted[file] = rules;
  }
  return { version: BASELINE_VERSION, tool: "flaskguard", files: sorted };
}

/**
 * Returns copies of `findings` where every unsuppressed finding recorded in `baseline` is marked
 * `suppressed: { kind: "baseline", justification: null }`. Each baseline fingerprint matches at most
 * one finding.
 */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline, texts: FileTexts): Finding[] {
  const fps = openFingerprints(findings, texts);
  const available = new Map<string, number>();
  for (const [file, rules] of Object.entries(baseline.files)) {
    for (const [rule, list] of Object.entries(rules)) {
      for (const fp of list) {
        const key = `${file}\u0000${rule}\u0000${fp}`;
        available.set(key, (available.get(key) ?? 0) + 1);
      }
    }
  }
  return findings.map((f, i) => {
    if (f.suppressed !== false) return f;
    const key = `${f.file}\u0000${f.rule}\u0000${fps[i]}`;
    const left = available.get(key) ?? 0;
    if (left === 0) return f;
    available.set(key, left - 1);
    return { ...f, suppressed: { kind: "baseline", justification: null } };
  });
}

/**
 * Baseline entries no current finding matched (fixed since the baseline was written), for a
 * "prune" command or a hint. Same matching as {@link applyBaseline}.
 */
export function staleBaselineEntries(
  findings: readonly Finding[],
  baseline: Baseline,
  texts: FileTexts,
): { file: string; rule: string; fingerprint: string }[] {
  const fps = openFingerprints(findings, texts);
  const present = new Map<string, number>();
  findings.forEach((f, i) => {
    if (fps[i] === undefined) return;
    const key = `${f.file}\u0000${f.rule}\u0000${fps[i]}`;
    present.set(key, (present.get(key) ?? 0) + 1);
  });
  const stale: { file: string; rule: string; fingerprint: string }[] = [];
  for (const [file, rules] of Object.entries(baseline.files)) {
    for (const [rule, list] of Object.entries(rules)) {
      for (const fp of list) {
        const key = `${file}\u0000${rule}\u0000${fp}`;
        const n = present.get(key) ?? 0;
        if (n > 0) present.set(key, n - 1);
        else stale.push({ file, rule, fingerprint: fp });
      }
    }
  }
  return stale;
}

/** Validates a parsed JSON value as a baseline; throws {@link BaselineFormatError} naming the problem. */
export function parseBaseline(value: unknown): Baseline {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new BaselineFormatError("baseline must be a JSON object");
  }
  const v = value as Record<string, unknown>;
  if (v.version !== BASELINE_VERSION) {
    throw new BaselineFormatError(`unsupported baseline version ${JSON.stringify(v.version)} (expected ${BASELINE_VERSION})`);
  }
  if (v.tool !== "flaskguard") throw new BaselineFormatError(`baseline "tool" must be "flaskguard"`);
  if (typeof v.files !== "object" || v.files === null || Array.isArray(v.files)) {
    throw new BaselineFormatError(`baseline "files" must be an object`);
  }
  for (const [file, rules] of Object.entries(v.files as Record<string, unknown>)) {
    if (typeof rules !== "object" || rules === null || Array.isArray(rules)) {
      throw new BaselineFormatError(`baseline entry for "${file}" must be an object of rule codes`);
    }
    for (const [rule, list] of Object.entries(rules as Record<string, unknown>)) {
      if (!Array.isArray(list) || !list.every((x) => typeof x === "string")) {
        throw new BaselineFormatError(`baseline entry "${file}" → "${rule}" must be an array of fingerprint strings`);
      }
    }
  }
  return value as Baseline;
}
