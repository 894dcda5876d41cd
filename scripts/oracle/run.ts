/**
 * @fileoverview The oracle run: for each file, CPython's tree (via pydump.py) against ours (via
 * `parseBytes`), compared node by node with positions, plus our own offset consistency checks.
 * Used by `scripts/oracle.ts` (CLI) and `tests/python/oracle.test.ts`.
 */
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import type { Module } from "../../src/python/ast.js";
import type { ParseResult } from "../../src/python/types.js";
import { compareTrees } from "./compare.js";
import type { Mismatch } from "./compare.js";
import { checkOffsets, LineIndex } from "./offsets.js";
import { defaultPython, pydumpRecords, pythonVersion } from "./pydump.js";
import type { PyRecord } from "./pydump.js";
import { toPyJson } from "./pyjson.js";

/** The parser under test (our `parseBytes`, or a stand-in). */
export type ParseBytes = (bytes: Uint8Array) => ParseResult;

/** What went wrong with one file. */
export interface FileProblem {
  file: string;
  /** `mismatch`: trees differ; `we-reject`: CPython accepts, we do not; `we-accept`: the reverse; `crash`: our parser threw. */
  kind: "mismatch" | "we-reject" | "we-accept" | "crash";
  /** Tree differences (kind `mismatch`), first few only. */
  mismatches: Mismatch[];
  /** One-line description for error kinds. */
  detail: string;
  /** Source lines by line number, for the reported mismatches. */
  source: Map<number, string>;
}

/** Totals of a run. */
export interface OracleSummary {
  files: number;
  /** Files whose trees differ (including our own offset inconsistencies). */
  mismatches: number;
  /** Files CPython accepts that we reject, plus the reverse, plus parser crashes. */
  errors: number;
  /**
   * Files that could not be compared because a tree is too deep for the comparison itself
   * (CPython's dumper or our recursive converter ran out of stack; tens of thousands of levels).
   * Not counted as files, mismatches or errors; listed in the report.
   */
  skipped: string[];
  /** Files both reject (agreement). */
  bothReject: number;
  /** Of those, files where the error lines differ (information only). */
  errorLineDiffs: number;
  /** Of the files both reject: same error message as CPython (information only). */
  errorSameMessage: number;
  /** The first few of those, as `file: CPython line N, ours line M (message)`. */
  errorLineDiffNotes: string[];
  /** Problems in file order; all of them (details are capped per file, not the list). */
  problems: FileProblem[];
  /** Mismatch categories (first mismatch per file is not enough: every recorded mismatch counts). */
  categories: Map<string, { count: number; files: number; example: string }>;
  /** Bytes handed to our parser and the time it took (parse only). */
  bytes: number;
  parseMs: number;
  python: string;
  pythonVersion: [number, number, number];
}

/** Options of {@link runOracle}. */
export interface OracleOptions {
  files: readonly string[];
  parseBytes: ParseBytes;
  /** CPython interpreter; default `$ORACLE_PYTHON` or `python3`. */
  python?: string;
  /** Mismatches recorded per file (default 10). */
  perFile?: number;
  /** Called after each file (progress). */
  onFile?: (done: number, total: number) => void;
}

/** Run the oracle over `files`; see {@link OracleSummary}. */
export async function runOracle(options: OracleOptions): Promise<OracleSummary> {
  const python = options.python ?? defaultPython();
  const version = pythonVersion(python);
  const perFile = options.perFile ?? 10;
  const fstringPartPositions = version[0] > 3 || (version[0] === 3 && version[1] >= 12);
  const summary: OracleSummary = {
    files: 0,
    skipped: [],
    mismatches: 0,
    errors: 0,
    bothReject: 0,
    errorLineDiffs: 0,
    errorLineDiffNotes: [],
    errorSameMessage: 0,
    problems: [],
    categories: new Map(),
    bytes: 0,
    parseMs: 0,
    python,
    pythonVersion: version,
  };
  let done = 0;
  for await (const record of pydumpRecords(options.files, python)) {
    done++;
    if (!record.ok && record.error.type === "DumpRecursionError") {
      summary.skipped.push(`${record.file}: CPython's tree is too deep to dump`);
      options.onFile?.(done, options.files.length);
      continue;
    }
    let problem: FileProblem | null;
    try {
      problem = checkFile(record, options.parseBytes, summary, { fstringPartPositions, maxMismatches: perFile });
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      summary.skipped.push(`${record.file}: tree too deep for the comparison (${err.message})`);
      options.onFile?.(done, options.files.length);
      continue;
    }
    summary.files++;
    if (problem !== null) {
      summary.problems.push(problem);
      if (problem.kind === "mismatch") summary.mismatches++;
      else summary.errors++;
      const seen = new Set<string>();
      for (const m of problem.mismatches) {
        const entry = summary.categories.get(m.category) ?? { count: 0, files: 0, example: `${problem.file}:${String(m.lineno ?? "?")} ${m.path}` };
        entry.count++;
        if (!seen.has(m.category)) entry.files++;
        seen.add(m.category);
        summary.categories.set(m.category, entry);
      }
    }
    options.onFile?.(done, options.files.length);
  }
  return summary;
}

function checkFile(
  record: PyRecord,
  parseBytes: ParseBytes,
  summary: OracleSummary,
  compare: { fstringPartPositions: boolean; maxMismatches: number },
): FileProblem | null {
  const bytes = fs.readFileSync(record.file);
  let result: ParseResult;
  const t0 = performance.now();
  try {
    result = parseBytes(bytes);
  } catch (err) {
    return problem(record.file, "crash", `our parser threw: ${err instanceof Error ? (err.stack ?? err.message).split("\n").slice(0, 4).join(" | ") : String(err)}`);
  } finally {
    summary.parseMs += performance.now() - t0;
    summary.bytes += bytes.length;
  }
  const ours = result.module;
  if (!record.ok) {
    if (ours === null) {
      summary.bothReject++;
      if (result.error !== null && result.error.message === record.error.msg) summary.errorSameMessage++;
      if (result.error !== null && record.error.lineno !== null && record.error.lineno !== result.error.lineno) {
        summary.errorLineDiffs++;
        if (summary.errorLineDiffNotes.length < 10) {
          summary.errorLineDiffNotes.push(
            `${record.file}: CPython line ${record.error.lineno} (${record.error.msg}), ours line ${result.error.lineno} (${result.error.message})`,
          );
        }
      }
      return null;
    }
    const e = record.error;
    return problem(record.file, "we-accept", `CPython rejects: ${e.type}: ${e.msg} (line ${String(e.lineno)}, offset ${String(e.offset)}); we parse it`);
  }
  if (ours === null) {
    const e = result.error;
    const where = e === null ? "no error object" : `${e.kind}: ${e.message} (line ${e.lineno}, col ${e.col_offset})`;
    const p = problem(record.file, "we-reject", `CPython accepts; we reject: ${where}`);
    if (e !== null) {
      p.source.set(e.lineno, new LineIndex(result.text).lineText(e.lineno));
    }
    return p;
  }
  const issues: { path: string; message: string }[] = [];
  const actual = toPyJson(ours, issues);
  const mismatches: Mismatch[] = issues
    .slice(0, compare.maxMismatches)
    .map((i) => ({ path: i.path, category: `tree[${i.message.replace(/ .*/, "")}]`, expected: "", actual: i.message, lineno: null }));
  mismatches.push(...compareTrees(record.tree, actual, { ...compare, maxMismatches: compare.maxMismatches - mismatches.length }));
  const index = new LineIndex(result.text);
  if (mismatches.length < compare.maxMismatches) {
    mismatches.push(...checkOffsets(ours as Module, index, compare.maxMismatches - mismatches.length));
  }
  if (mismatches.length === 0) return null;
  const p = problem(record.file, "mismatch", `${mismatches.length}${mismatches.length >= compare.maxMismatches ? "+" : ""} difference(s)`);
  p.mismatches = mismatches;
  for (const m of mismatches) if (m.lineno !== null) p.source.set(m.lineno, index.lineText(m.lineno));
  return p;
}

function problem(file: string, kind: FileProblem["kind"], detail: string): FileProblem {
  return { file, kind, detail, mismatches: [], source: new Map() };
}

/** The exact last line of a run: `oracle: files=N mismatches=M errors=E`. */
export function summaryLine(s: OracleSummary): string {
  return `oracle: files=${s.files} mismatches=${s.mismatches} errors=${s.errors}`;
}

/**
 * Human-readable report: the first `maxFiles` problem files with their differences, the top
 * mismatch categories, and parse speed. Does not include the summary line.
 */
export function formatReport(s: OracleSummary, maxFiles = 50, relativeTo?: (file: string) => string): string {
  const rel = relativeTo ?? ((f: string) => f);
  const lines: string[] = [];
  for (const p of s.problems.slice(0, maxFiles)) {
    lines.push(`${rel(p.file)}: ${p.kind}: ${p.detail}`);
    for (const m of p.mismatches.slice(0, 5)) {
      lines.push(`    ${m.path}: expected ${m.expected}, got ${m.actual}   [${m.category}]`);
      if (m.lineno !== null && p.source.has(m.lineno)) lines.push(`      ${m.lineno} | ${p.source.get(m.lineno)!.slice(0, 160)}`);
    }
    if (p.mismatches.length === 0) {
      for (const [n, text] of p.source) lines.push(`      ${n} | ${text.slice(0, 160)}`);
    }
  }
  if (s.problems.length > maxFiles) lines.push(`... and ${s.problems.length - maxFiles} more file(s) with problems`);
  if (s.categories.size > 0) {
    lines.push("top mismatch categories (recorded mismatches / files, example):");
    const sorted = [...s.categories].sort((a, b) => b[1].files - a[1].files || b[1].count - a[1].count).slice(0, 20);
    for (const [cat, e] of sorted) lines.push(`  ${cat}: ${e.count} / ${e.files}  e.g. ${rel(e.example)}`);
  }
  for (const note of s.skipped.slice(0, 20)) lines.push(`skipped: ${rel(note)}`);
  if (s.skipped.length > 20) lines.push(`skipped: ... and ${s.skipped.length - 20} more`);
  for (const note of s.errorLineDiffNotes) lines.push(`note: both reject, different error line: ${rel(note)}`);
  const mb = s.bytes / 1e6;
  const speed = s.parseMs > 0 ? mb / (s.parseMs / 1000) : 0;
  lines.push(
    `python ${s.python} ${s.pythonVersion.join(".")}; both reject: ${s.bothReject} file(s)` +
      (s.bothReject > 0 ? ` (error line differs: ${s.errorLineDiffs}, same message: ${s.errorSameMessage})` : "") +
      "; " +
      `our parse: ${mb.toFixed(1)} MB in ${(s.parseMs / 1000).toFixed(2)} s = ${speed.toFixed(1)} MB/s (single pass, includes warm-up)`,
  );
  return lines.join("\n");
}
