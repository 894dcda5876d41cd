/**
 * @fileoverview `npm run oracle -- [options] [dir-or-file...]`: checks our Python parser against
 * CPython's `ast` on a corpus, node by node with positions, and prints
 * `oracle: files=N mismatches=M errors=E` as its last line (exit code 1 when M or E > 0).
 * Without paths it runs the default corpus: the CPython standard library (without site-packages)
 * plus the Flask ecosystem packages Debian installs. See docs/parser-oracle.md.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { collectPyFiles, defaultCorpusRoots } from "./oracle/corpus.js";
import { defaultPython } from "./oracle/pydump.js";
import { formatReport, runOracle, summaryLine } from "./oracle/run.js";
import type { ParseBytes } from "./oracle/run.js";

const MUTATE_SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "oracle", "mutate.py");

const USAGE = `usage: npm run oracle -- [--python EXE] [--max-files N] [--per-file N] [--mutants N [--seed S]] [--stub] [path...]
  path          .py files or directories (recursive, site-packages skipped); default: stdlib + Flask ecosystem
  --python EXE  CPython used as the oracle (default $ORACLE_PYTHON or python3)
  --max-files N problem files listed in full (default 50)
  --per-file N  differences recorded per file (default 10)
  --mutants N   instead of the files, check N token-level mutants of them (mostly invalid code;
                accept/reject must agree). Use a 3.13 --python: mutants may be valid only in 3.12+
  --seed S      mutant seed (default 1)
  --stub        check the oracle itself with a CPython-backed stand-in instead of our parser`;

async function loadParser(stub: boolean, python: string): Promise<ParseBytes> {
  if (stub) {
    const { cpythonBackedParseBytes } = await import("./oracle/stub.js");
    return cpythonBackedParseBytes(undefined, python);
  }
  const mod = (await import("../src/python/index.js")) as { parseBytes: ParseBytes };
  return mod.parseBytes;
}

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      python: { type: "string" },
      "max-files": { type: "string" },
      "per-file": { type: "string" },
      stub: { type: "boolean" },
      mutants: { type: "string" },
      seed: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help === true) {
    console.log(USAGE);
    return 0;
  }
  const python = values.python ?? defaultPython();
  const roots = positionals.length > 0 ? positionals : defaultCorpusRoots(python);
  let files = collectPyFiles(roots);
  let mutantDir: string | null = null;
  if (values.mutants !== undefined) {
    mutantDir = fs.mkdtempSync(path.join(os.tmpdir(), "flaskguard-mutants-"));
    const res = spawnSync(python, [MUTATE_SCRIPT, values.seed ?? "1", values.mutants, mutantDir], { input: files.join("\n"), encoding: "utf8" });
    if (res.status !== 0) throw new Error(`mutate.py failed: ${res.stderr}`);
    files = collectPyFiles([mutantDir]);
    console.log(`${files.length} mutants (seed ${values.seed ?? "1"}) in ${mutantDir}; kept when problems are found`);
  }
  const parseBytes = await loadParser(values.stub === true, python);
  const progress = process.stderr.isTTY
    ? (done: number, total: number): void => {
        if (done % 100 === 0 || done === total) process.stderr.write(`\r${done}/${total} files`);
        if (done === total) process.stderr.write("\n");
      }
    : undefined;
  const summary = await runOracle({
    files,
    parseBytes,
    python,
    perFile: Number(values["per-file"] ?? 10),
    onFile: progress,
  });
  if (mutantDir !== null && summary.problems.length === 0) fs.rmSync(mutantDir, { recursive: true, force: true });
  const cwd = process.cwd();
  const report = formatReport(summary, Number(values["max-files"] ?? 50), (f) => {
    const rel = path.relative(cwd, f);
    return rel.startsWith("..") ? f : rel;
  });
  if (report !== "") console.log(report);
  console.log(summaryLine(summary));
  return summary.mismatches > 0 || summary.errors > 0 ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    console.error(USAGE);
    process.exitCode = 2;
  },
);
