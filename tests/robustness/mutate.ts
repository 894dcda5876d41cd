/**
 * @fileoverview A seeded mutator for Python source files and the fuzz harness shared by the
 * robustness test (a bounded run) and `npm run fuzz` (long runs). The mutator works on bytes so
 * that it can produce invalid UTF-8, NUL bytes and stray BOMs as well as token- and line-level
 * damage (deleted, duplicated and swapped tokens and lines, unbalanced brackets and quotes,
 * truncation, re-indentation). The harness runs the full scan (`analyzeProject` plus every
 * reporter) on a project containing the mutated file and checks the result's invariants.
 */

import fs from "node:fs";
import path from "node:path";

import { analyzeProject } from "../../src/core/analyzer.js";
import type { AnalyzeResult, SourceFileInput } from "../../src/core/analyzer.js";
import type { RuleMeta } from "../../src/core/types.js";
import { FORMATS, REPORTERS } from "../../src/reporters/index.js";
import { rules } from "../../src/rules/index.js";

/** mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The names of the mutation operators (for reports). */
export const MUTATIONS = [
  "delete-token",
  "duplicate-token",
  "swap-tokens",
  "delete-line",
  "duplicate-line",
  "swap-lines",
  "reindent-line",
  "random-bytes",
  "insert-bracket",
  "insert-quote",
  "truncate",
  "line-endings",
] as const;
export type Mutation = (typeof MUTATIONS)[number];

const TOKEN_RE = /[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d*)?|"""|'''|\r\n|\s+|[^\sA-Za-z0-9_]/g;
const BRACKETS = ["(", ")", "[", "]", "{", "}", "({[", ")]}", "f'{", "}'", "lambda:", ":", "\\", "@", "**", "yield", "await"];
const QUOTES = ['"', "'", '"""', "'''", 'f"', "rb'", 'f"""{', "#", "\\N{"];
/** Bytes that stress the decoder and tokenizer: NUL, lone continuation bytes, overlong forms, BOM, CR, form feed. */
const NASTY = [0x00, 0x80, 0xbf, 0xc0, 0xc3, 0xe2, 0xed, 0xef, 0xbb, 0xf0, 0xf4, 0xff, 0x0d, 0x0c, 0x09, 0x0b, 0x1a];

/** Bytes ↔ a string of the same length (Latin-1), so text operations keep arbitrary bytes intact. */
function toLatin1(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("latin1");
}
function fromLatin1(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(text, "latin1"));
}

/**
 * Applies `count` random mutations to `bytes`, deterministically for a given `random`. Returns
 * the new bytes and the names of the operators applied.
 */
export function mutate(bytes: Uint8Array, random: () => number, count: number): { bytes: Uint8Array; applied: Mutation[] } {
  let text = toLatin1(bytes);
  const applied: Mutation[] = [];
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const int = (n: number): number => Math.floor(random() * Math.max(1, n));
  for (let i = 0; i < count; i++) {
    const op = pick(MUTATIONS);
    applied.push(op);
    switch (op) {
      case "delete-token":
      case "duplicate-token":
      case "swap-tokens": {
        const tokens = text.match(TOKEN_RE) ?? [];
        if (tokens.length < 2) break;
        const a = int(tokens.length);
        if (op === "delete-token") tokens.splice(a, 1);
        else if (op === "duplicate-token") tokens.splice(a, 0, tokens[a]!);
        else {
          const b = int(tokens.length);
          [tokens[a], tokens[b]] = [tokens[b]!, tokens[a]!];
        }
        text = tokens.join("");
        break;
      }
      case "delete-line":
      case "duplicate-line":
      case "swap-lines":
      case "reindent-line": {
        const lines = text.split("\n");
        const a = int(lines.length);
        if (op === "delete-line") lines.splice(a, 1);
        else if (op === "duplicate-line") lines.splice(a, 0, lines[a]!);
        else if (op === "swap-lines") {
          const b = int(lines.length);
          [lines[a], lines[b]] = [lines[b]!, lines[a]!];
        } else lines[a] = pick(["", " ", "\t", "        ", "  \t"]) + lines[a]!.replace(/^[ \t]+/, random() < 0.5 ? "" : "$&$&");
        text = lines.join("\n");
        break;
      }
      case "random-bytes": {
        const at = int(text.length + 1);
        const n = 1 + int(6);
        let insert = "";
        for (let k = 0; k < n; k++) insert += String.fromCharCode(random() < 0.6 ? pick(NASTY) : int(256));
        text = text.slice(0, at) + insert + text.slice(at);
        break;
      }
      case "insert-bracket":
      case "insert-quote": {
        const at = int(text.length + 1);
        text = text.slice(0, at) + pick(op === "insert-bracket" ? BRACKETS : QUOTES) + text.slice(at);
        break;
      }
      case "truncate":
        text = text.slice(0, int(text.length + 1));
        break;
      case "line-endings":
        text = random() < 0.5 ? text.replace(/\n/g, "\r\n") : text.replace(/\n/g, "\r");
        break;
    }
  }
  return { bytes: fromLatin1(text), applied };
}

/** A seed: a small project (POSIX relative path → bytes); one of its files gets mutated. */
export interface SeedProject {
  name: string;
  files: Map<string, Uint8Array>;
}

/**
 * The seed projects: each example app as a whole and every Python fixture file on its own, read
 * from the repository (so the fuzzer follows the code base as it grows).
 */
export function loadSeeds(repoRoot: string): SeedProject[] {
  const seeds: SeedProject[] = [];
  const collect = (dir: string, base: string, into: Map<string, Uint8Array>): void => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) collect(full, base, into);
      else if (entry.isFile() && entry.name.endsWith(".py")) {
        into.set(path.relative(base, full).split(path.sep).join("/"), new Uint8Array(fs.readFileSync(full)));
      }
    }
  };
  for (const example of ["insecure-app", "secure-app"]) {
    const files = new Map<string, Uint8Array>();
    const dir = path.join(repoRoot, "examples", example);
    collect(dir, dir, files);
    if (files.size > 0) seeds.push({ name: `examples/${example}`, files });
  }
  const fixtures = new Map<string, Uint8Array>();
  const fixtureRoot = path.join(repoRoot, "tests", "fixtures");
  collect(fixtureRoot, fixtureRoot, fixtures);
  for (const [file, bytes] of fixtures) seeds.push({ name: `tests/fixtures/${file}`, files: new Map([[path.posix.basename(file), bytes]]) });
  return seeds;
}

/** One fuzz case's outcome. */
export interface CaseOutcome {
  seed: string;
  file: string;
  applied: Mutation[];
  /** The mutated file's bytes (to reproduce a failing case). */
  mutated: Uint8Array;
  /** How the mutated file ended up: analysed, or the kind of its scan error. */
  verdict: string;
  ms: number;
  /** Invariant violations (empty when the case passed). */
  problems: string[];
}

const KNOWN_ERROR_KINDS = new Set(["syntax-error", "encoding-error"]);
const RULE_METAS: ReadonlyMap<string, RuleMeta> = new Map(rules.map((r) => [r.meta.code, r.meta as RuleMeta]));

/**
 * Runs one case: mutates one file of `seed` with `random`, scans the project with every rule
 * (preview ones included), renders every report format, and checks the invariants: nothing
 * throws, the mutated file is either analysed or reported as a syntax/encoding error with a
 * message and an in-range position, no rule or engine crash is reported, findings point inside
 * their files, and the json/sarif outputs are valid JSON.
 */
export function runCase(seed: SeedProject, random: () => number): CaseOutcome {
  const paths = [...seed.files.keys()];
  let target = paths[Math.floor(random() * paths.length)]!;
  const { bytes, applied } = mutate(seed.files.get(target)!, random, 1 + Math.floor(random() * 4));
  // A single file is scanned as a test file one time in four: no rule reads it, so the engine only
  // tokenizes it (the path that must hold up as well as the parser).
  const asTest = paths.length === 1 && random() < 0.25 ? `tests/test_${path.posix.basename(target)}` : null;
  const inputs: SourceFileInput[] = paths.map((p) => ({ path: p === target && asTest ? asTest : p, bytes: p === target ? bytes : seed.files.get(p)! }));
  if (asTest) target = asTest;
  const problems: string[] = [];
  const started = performance.now();
  let result: AnalyzeResult | null = null;
  try {
    result = analyzeProject(inputs, { select: ["ALL"], reportUnusedSuppressions: true, nosec: true });
  } catch (error) {
    problems.push(`analyzeProject threw: ${describe(error)}`);
  }
  let verdict = "threw";
  if (result) {
    const errors = result.errors.filter((e) => e.file === target);
    verdict = errors.length === 0 ? "analysed" : errors.map((e) => e.kind).join("+");
    for (const e of result.errors) {
      if (!KNOWN_ERROR_KINDS.has(e.kind)) problems.push(`unexpected ${e.kind} in ${e.file}: ${e.message}`);
      if (e.message.trim() === "") problems.push(`empty error message for ${e.file}`);
      // An undecodable file has no text: count the lines of its bytes instead.
      const input = inputs.find((i) => i.path === e.file);
      const text = e.kind === "encoding-error" && input?.bytes ? toLatin1(input.bytes) : result.texts.get(e.file);
      if (text !== undefined && e.line !== null && (e.line < 1 || e.line > lineCount(text) + 1)) {
        problems.push(`error line ${e.line} outside ${e.file} (${lineCount(text)} lines)`);
      }
    }
    for (const f of result.findings) {
      const text = result.texts.get(f.file);
      if (text === undefined) problems.push(`finding ${f.rule} in ${f.file}, which has no text`);
      else if (f.line < 1 || f.endLine > lineCount(text) + 1 || f.endLine < f.line) problems.push(`finding ${f.rule} at ${f.line}-${f.endLine} outside ${f.file}`);
    }
    if (!result.texts.has(target) && errors.length === 0) problems.push("mutated file neither analysed nor reported");
    for (const format of FORMATS) {
      try {
        const out = REPORTERS[format](result, {
          toolVersion: "0.0.0-fuzz",
          rules: RULE_METAS,
          sources: result.texts,
          filesScanned: inputs.length,
          rootUri: "file:///project/",
          color: format === "text",
          statistics: true,
        });
        if (format === "json" || format === "sarif") JSON.parse(out);
      } catch (error) {
        problems.push(`${format} reporter failed: ${describe(error)}`);
      }
    }
  }
  return { seed: seed.name, file: target, applied, mutated: bytes, verdict, ms: performance.now() - started, problems };
}

function lineCount(text: string): number {
  let n = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) n++;
    else if (c === 13 && text.charCodeAt(i + 1) !== 10) n++;
  }
  return n;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}\n${error.stack?.split("\n").slice(1, 4).join("\n") ?? ""}` : String(error);
}

/** The PRNG seed of case `iteration` of a run seeded with `baseSeed` (each case is reproducible alone). */
export function caseSeed(baseSeed: number, iteration: number): number {
  return (Math.imul(baseSeed ^ 0x9e3779b9, 0x85ebca6b) + iteration * 0x27d4eb2f) >>> 0;
}
