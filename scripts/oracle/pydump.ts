/**
 * @fileoverview Runs `scripts/pydump.py` under CPython and streams its JSON lines back, one record
 * per file, with backpressure (the Python process blocks while we are busy, so memory stays bounded
 * by the largest single record however many files there are).
 */
import { spawn, spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";
import type { PyNode } from "./pyjson.js";

/** Absolute path of `scripts/pydump.py`. */
export const PYDUMP_SCRIPT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "pydump.py");

/** CPython's verdict on one file. */
export type PyRecord =
  | { file: string; ok: true; tree: PyNode }
  | {
      file: string;
      ok: false;
      error: { type: string; msg: string; lineno: number | null; offset: number | null; end_lineno?: number | null; end_offset?: number | null };
    };

/** The interpreter to use: `$ORACLE_PYTHON`, else `python3`. */
export function defaultPython(): string {
  return process.env.ORACLE_PYTHON || "python3";
}

/** `[major, minor, micro]` of a Python interpreter; throws with a clear message when it cannot run. */
export function pythonVersion(python: string): [number, number, number] {
  const res = spawnSync(python, ["-c", "import sys; print(*sys.version_info[:3])"], { encoding: "utf8" });
  if (res.error !== undefined || res.status !== 0) {
    throw new Error(`cannot run ${python}: ${res.error?.message ?? res.stderr.trim()}`);
  }
  const [a, b, c] = res.stdout.trim().split(" ").map(Number);
  return [a ?? 0, b ?? 0, c ?? 0];
}

/**
 * Dump `files` with CPython, yielding one record per file in input order. The consumer's pace
 * drives the reads: records are parsed only as they are requested.
 */
export async function* pydumpRecords(files: readonly string[], python: string = defaultPython()): AsyncGenerator<PyRecord> {
  const child = spawn(python, [PYDUMP_SCRIPT], { stdio: ["pipe", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => {
    if (stderr.length < 20_000) stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => resolve(code));
  });
  child.stdin.on("error", () => {
    /* reported through the exit code below */
  });
  child.stdin.end(files.filter((f) => !/[\r\n]/.test(f)).join("\n") + "\n");

  let count = 0;
  let pending: Buffer[] = [];
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      let from = 0;
      for (let nl = chunk.indexOf(10, from); nl !== -1; nl = chunk.indexOf(10, from)) {
        pending.push(chunk.subarray(from, nl));
        const line = Buffer.concat(pending).toString("utf8");
        pending = [];
        from = nl + 1;
        count++;
        yield JSON.parse(line) as PyRecord;
      }
      if (from < chunk.length) pending.push(chunk.subarray(from));
    }
  } finally {
    if (child.exitCode === null) child.kill();
  }
  const code = await exited;
  if (code !== 0 || count !== files.length) {
    throw new Error(`pydump.py (${python}) ended with code ${String(code)} after ${count}/${files.length} files: ${stderr.trim().slice(-2000)}`);
  }
}
