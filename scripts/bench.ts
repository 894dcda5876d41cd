/**
 * @fileoverview `npm run bench -- [options]`: flaskguard side by side with Bandit and Ruff's wasm
 * build, in one process tree, on the same corpus. The corpus is built in a temporary directory from
 * the `.py` files of the CPython standard library (found via `python3`), of Debian's Flask
 * ecosystem packages (flask, werkzeug, jinja2, flask_wtf, flask_limiter) and of this repository's
 * `examples/`. Every tool runs as a child process, the way a user runs it, and is timed wall clock
 * from spawn to exit (process start-up, module loading and wasm instantiation included):
 *
 * - flaskguard `check --select ALL --format json` (all rules, preview ones included), cold (cache
 *   removed first) and warm (second run over an unchanged tree, when it left a cache), plus one
 *   single-job run; peak resident memory (maxRSS of the process, worker threads included);
 * - Bandit (`bandit -r -q -f json`, Debian's `bandit`; `apt-get install bandit` when missing);
 * - Ruff (`@astral-sh/ruff-wasm-nodejs`, `new Workspace({lint: {select: ["S"]}}).check(text)` on
 *   every file, in a fresh Node process so that loading the module is part of its time).
 *
 * Then the scaling of flaskguard (and Ruff) with 2x and 4x copies of the corpus. Last line:
 * `bench: flaskguard=Xs bandit=Ys ruff=Zs vs-bandit=A vs-ruff=B` (A = Bandit / flaskguard cold,
 * B = Ruff / flaskguard cold; higher is better). A benchmark, never a test.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { FLASK_PACKAGES, packageDir, stdlibDir } from "./oracle/corpus.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const CLI = path.join(REPO, "dist", "cli", "main.js");
/** Directories left out of the corpus: flaskguard skips them by default, so no tool gets them. */
const SKIPPED_DIRS = new Set(["site-packages", "__pycache__", "node_modules", "venv", ".venv", ".git"]);

/** Measures the peak RSS of a Node child: written to the file named by the variable at exit. */
const RSS_PRELOAD =
  "data:text/javascript," +
  encodeURIComponent(
    "import{writeFileSync}from'node:fs';process.on('exit',()=>{const f=process.env.FG_BENCH_RSS_FILE;if(f)writeFileSync(f,String(process.resourceUsage().maxRSS))});",
  );

/** The Ruff child: loads the wasm module, then checks every file listed in argv[1] (one path a line). */
const RUFF_CHILD = `
const t0 = performance.now();
const { Workspace, PositionEncoding } = await import(${JSON.stringify(import.meta.resolve("@astral-sh/ruff-wasm-nodejs"))});
const { readFileSync } = await import("node:fs");
const ws = new Workspace({ lint: { select: ["S"] } }, PositionEncoding.Utf16);
const loaded = performance.now();
let diagnostics = 0, failed = 0, files = 0;
for (const file of readFileSync(process.argv[1], "utf8").split("\\n")) {
  if (file === "") continue;
  files++;
  let text;
  try { text = readFileSync(file, "utf8"); } catch { failed++; continue; }
  try { diagnostics += ws.check(text).length; } catch { failed++; }
}
process.stdout.write(JSON.stringify({ files, diagnostics, failed, loadMs: loaded - t0 }));
`;

interface Corpus {
  dir: string;
  files: string[];
  bytes: number;
}

interface Timing {
  seconds: number;
  runs: number[];
  /** CPU time (user + system, all threads) of the median run, when measurable. */
  cpuSeconds?: number;
  rssMb?: number;
  detail: string;
}

/** GNU time, for CPU time and peak memory of any child (Bandit included); optional. */
const GNU_TIME = fs.existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

interface Measured {
  wall: number;
  cpu?: number;
  rssMb?: number;
  stdout: string;
}

/** Runs a child, timing it wall clock (and CPU/RSS through GNU time when present). */
function measure(cmd: string, args: string[], name: string, okStatus: number[], env: Record<string, string> = {}): Measured {
  const timeFile = path.join(os.tmpdir(), `flaskguard-bench-time-${process.pid}.txt`);
  const [c, a] = GNU_TIME ? [GNU_TIME, ["-o", timeFile, "-f", "%U %S %M", cmd, ...args]] : [cmd, args];
  const started = performance.now();
  const res = spawnChecked(c, a, name, okStatus, env);
  const wall = (performance.now() - started) / 1000;
  if (!GNU_TIME) return { wall, stdout: res.stdout };
  const [user, sys, rss] = fs.readFileSync(timeFile, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
  fs.rmSync(timeFile, { force: true });
  return { wall, cpu: user! + sys!, rssMb: rss! / 1024, stdout: res.stdout };
}

function main(): void {
  const { values } = parseArgs({
    options: {
      runs: { type: "string", default: "3" },
      scale: { type: "string", default: "1,2,4" },
      "skip-bandit": { type: "boolean", default: false },
      "skip-ruff": { type: "boolean", default: false },
      keep: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(
      "usage: npm run bench -- [--runs N] [--scale 1,2,4] [--skip-bandit] [--skip-ruff] [--keep]\n" +
        "  --runs N     timed runs of flaskguard and Ruff per measurement, median reported (default 3; Bandit runs once)\n" +
        "  --scale L    corpus multiples for the scaling table (default 1,2,4)\n" +
        "  --keep       keep the temporary corpus directory",
    );
    return;
  }
  const runs = Math.max(1, Number(values.runs));
  const scales = values.scale!.split(",").map(Number).filter((n) => Number.isInteger(n) && n >= 1);
  if (!fs.existsSync(CLI)) throw new Error(`${path.relative(REPO, CLI)} is missing: run \`npm run build\` first (npm run bench does)`);

  const work = fs.mkdtempSync(path.join(os.tmpdir(), "flaskguard-bench-"));
  try {
    const roots: [string, string][] = [
      ["stdlib", stdlibDir()],
      ...FLASK_PACKAGES.map((name): [string, string] => [name, packageDir(name)]),
      ["examples", path.join(REPO, "examples")],
    ];
    const base = buildCorpus(path.join(work, "x1"), roots);
    const cores = os.availableParallelism();
    console.log(`machine: ${cores} core(s), ${os.cpus()[0]?.model ?? "unknown cpu"}, node ${process.version}`);
    console.log(`corpus: ${base.files.length} .py files, ${mb(base.bytes).toFixed(1)} MB (${roots.map(([n]) => n).join(", ")})`);
    const caching = supportsCache();
    const loadBefore = os.loadavg()[0]!;
    if (loadBefore > cores / 2) console.log(`warning: load average ${loadBefore.toFixed(1)} on ${cores} core(s): other work competes for the CPU; wall times are inflated (compare the CPU column)`);

    // flaskguard
    const cold = timeFlaskguard(base, runs, { cold: true });
    const warm = caching ? timeFlaskguard(base, runs, { cold: false }) : null;
    const single = timeFlaskguard(base, runs, { cold: true, jobs: 1 });
    // ruff
    const ruff = values["skip-ruff"] ? null : timeRuff(base, runs);
    // bandit
    const bandit = values["skip-bandit"] ? null : timeBandit(base);

    console.log("");
    console.log(row(["tool", "wall s", "files/s", "MB/s", "peak RSS", "CPU s", "notes"]));
    console.log(row(["----", "------", "-------", "----", "--------", "-----", "-----"]));
    const line = (name: string, t: Timing | null): void => {
      if (!t) return console.log(row([name, "skipped", "", "", "", "", ""]));
      console.log(
        row([
          name,
          t.seconds.toFixed(2),
          (base.files.length / t.seconds).toFixed(0),
          (mb(base.bytes) / t.seconds).toFixed(1),
          t.rssMb !== undefined ? `${t.rssMb.toFixed(0)} MB` : "",
          t.cpuSeconds !== undefined ? t.cpuSeconds.toFixed(2) : "",
          t.detail,
        ]),
      );
    };
    line(`flaskguard cold (jobs=${cores})`, cold);
    if (warm) line("flaskguard warm cache", warm);
    else console.log(row(["flaskguard warm cache", "n/a", "", "", "", "", "this build has no cache"]));
    line("flaskguard cold (jobs=1)", single);
    line("ruff wasm S rules (cold)", ruff);
    line("bandit", bandit);

    console.log("");
    const ratio = (other: Timing | null, t: Timing | null): string => (other && t ? (other.seconds / t.seconds).toFixed(1) : "n/a");
    const cpuRatio = (other: Timing | null, t: Timing | null): string =>
      other?.cpuSeconds !== undefined && t?.cpuSeconds !== undefined ? (other.cpuSeconds / t.cpuSeconds).toFixed(1) : "n/a";
    console.log(`ratios (higher = flaskguard faster): bandit/cold=${ratio(bandit, cold)} ruff/cold=${ratio(ruff, cold)}` +
      (warm ? ` bandit/warm=${ratio(bandit, warm)} ruff/warm=${ratio(ruff, warm)} cold/warm=${ratio(cold, warm)}` : "") +
      ` jobs1/jobs${cores}=${ratio(single, cold)}`);
    console.log(`CPU-time ratios (machine load does not inflate these): bandit/cold=${cpuRatio(bandit, cold)} ruff/cold=${cpuRatio(ruff, cold)} ruff/jobs1=${cpuRatio(ruff, single)}; load average now ${os.loadavg()[0]!.toFixed(1)}`);

    // scaling
    if (scales.some((s) => s > 1)) {
      console.log("");
      console.log("scaling (cold, median of runs):");
      const srow = (cells: string[]): string => cells.map((c, i) => c.padEnd([8, 8, 8, 14, 11, 10][i] ?? 0)).join(" ").trimEnd();
      console.log(srow(["copies", "files", "MB", "flaskguard s", "ms per MB", "peak RSS", "ruff s"]));
      for (const scale of scales) {
        const corpus = scale === 1 ? base : replicate(base, path.join(work, `x${scale}`), scale);
        const fg = scale === 1 ? cold : timeFlaskguard(corpus, runs, { cold: true });
        const rf = values["skip-ruff"] ? null : scale === 1 ? ruff : timeRuff(corpus, runs);
        console.log(
          srow([
            `${scale}x`,
            String(corpus.files.length),
            mb(corpus.bytes).toFixed(1),
            fg.seconds.toFixed(2),
            ((fg.seconds * 1000) / mb(corpus.bytes)).toFixed(1),
            fg.rssMb !== undefined ? `${fg.rssMb.toFixed(0)} MB` : "",
            rf ? rf.seconds.toFixed(2) : "",
          ]),
        );
        if (scale !== 1) fs.rmSync(corpus.dir, { recursive: true, force: true });
      }
    }

    console.log("");
    const fmt = (t: Timing | null): string => (t ? `${t.seconds.toFixed(2)}s` : "n/a");
    console.log(`bench: flaskguard=${fmt(cold)} bandit=${fmt(bandit)} ruff=${fmt(ruff)} vs-bandit=${ratio(bandit, cold)} vs-ruff=${ratio(ruff, cold)}`);
  } finally {
    if (values.keep) console.error(`corpus kept in ${work}`);
    else fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Copies the `.py` files of every root into `dir/<name>/`, skipping the directories above. */
function buildCorpus(dir: string, roots: readonly [string, string][]): Corpus {
  const files: string[] = [];
  let bytes = 0;
  const visit = (from: string, to: string): void => {
    for (const entry of fs.readdirSync(from, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const src = path.join(from, entry.name);
      const dst = path.join(to, entry.name);
      if (entry.isDirectory()) {
        if (SKIPPED_DIRS.has(entry.name) || entry.name.startsWith(".")) continue;
        if (fs.existsSync(path.join(src, "pyvenv.cfg"))) continue;
        visit(src, dst);
      } else if (entry.isFile() && entry.name.endsWith(".py") && !/[\r\n]/.test(entry.name)) {
        fs.mkdirSync(to, { recursive: true });
        fs.copyFileSync(src, dst);
        files.push(dst);
        bytes += fs.statSync(dst).size;
      }
    }
  };
  for (const [name, root] of roots) visit(root, path.join(dir, name));
  return { dir, files, bytes };
}

/** `copies` copies of `base` side by side in `dir/copyN/`. */
function replicate(base: Corpus, dir: string, copies: number): Corpus {
  const files: string[] = [];
  for (let i = 0; i < copies; i++) {
    const target = path.join(dir, `copy${i}`);
    fs.cpSync(base.dir, target, { recursive: true, filter: (src) => path.basename(src) !== ".flaskguard_cache" });
    for (const f of base.files) files.push(path.join(target, path.relative(base.dir, f)));
  }
  return { dir, files, bytes: base.bytes * copies };
}

/** Whether the built CLI has a cache (`--no-cache` in its help). */
function supportsCache(): boolean {
  const res = spawnSync(process.execPath, [CLI, "check", "--help"], { encoding: "utf8" });
  return res.stdout.includes("--no-cache");
}

function timeFlaskguard(corpus: Corpus, runs: number, opts: { cold: boolean; jobs?: number }): Timing {
  const out = path.join(path.dirname(corpus.dir), `fg-${path.basename(corpus.dir)}.json`);
  const rssFile = path.join(path.dirname(corpus.dir), "fg-rss.txt");
  const cache = path.join(corpus.dir, ".flaskguard_cache");
  const args = [`--import=${RSS_PRELOAD}`, CLI, "check", corpus.dir, "--select", "ALL", "--format", "json", "--output", out];
  if (opts.jobs !== undefined) args.push("--jobs", String(opts.jobs));
  if (!opts.cold) {
    // Make sure a cache exists before the warm runs.
    fs.rmSync(cache, { recursive: true, force: true });
    spawnChecked(process.execPath, args, "flaskguard", [0, 1]);
  }
  const times: number[] = [];
  const cpus: number[] = [];
  let rss = 0;
  for (let i = 0; i < runs; i++) {
    if (opts.cold) fs.rmSync(cache, { recursive: true, force: true });
    const m = measure(process.execPath, args, "flaskguard", [0, 1], { FG_BENCH_RSS_FILE: rssFile });
    times.push(m.wall);
    if (m.cpu !== undefined) cpus.push(m.cpu);
    rss = Math.max(rss, Number(fs.readFileSync(rssFile, "utf8")) / 1024);
  }
  const report = JSON.parse(fs.readFileSync(out, "utf8")) as { summary: { files: number; findings: number }; errors: unknown[] };
  return {
    seconds: median(times),
    runs: times,
    ...(cpus.length > 0 ? { cpuSeconds: median(cpus) } : {}),
    rssMb: rss,
    detail: `${report.summary.files} files, ${report.summary.findings} findings, ${report.errors.length} errors; runs ${times.map((t) => t.toFixed(2)).join("/")}`,
  };
}

function timeRuff(corpus: Corpus, runs: number): Timing {
  const list = path.join(path.dirname(corpus.dir), `ruff-${path.basename(corpus.dir)}.txt`);
  fs.writeFileSync(list, corpus.files.join("\n") + "\n");
  const times: number[] = [];
  const cpus: number[] = [];
  let rss = 0;
  let detail = "";
  for (let i = 0; i < runs; i++) {
    const res = measure(process.execPath, ["--input-type=module", "-e", RUFF_CHILD, list], "ruff", [0]);
    times.push(res.wall);
    if (res.cpu !== undefined) cpus.push(res.cpu);
    rss = Math.max(rss, res.rssMb ?? 0);
    const r = JSON.parse(res.stdout) as { files: number; diagnostics: number; failed: number; loadMs: number };
    detail = `${r.files} files, ${r.diagnostics} diagnostics, ${r.failed} failed; wasm load ${r.loadMs.toFixed(0)} ms; runs ${times.map((t) => t.toFixed(2)).join("/")}`;
  }
  return { seconds: median(times), runs: times, ...(cpus.length > 0 ? { cpuSeconds: median(cpus), rssMb: rss } : {}), detail };
}

function timeBandit(corpus: Corpus): Timing | null {
  const version = spawnSync("bandit", ["--version"], { encoding: "utf8" });
  if (version.error) {
    console.error("bandit not found: install it (`apt-get install bandit`) or pass --skip-bandit");
    return null;
  }
  const out = path.join(path.dirname(corpus.dir), "bandit.json");
  const m = measure("bandit", ["-r", "-q", "-f", "json", "-o", out, corpus.dir], "bandit", [0, 1]);
  const seconds = m.wall;
  const report = JSON.parse(fs.readFileSync(out, "utf8")) as { results: unknown[]; errors: unknown[]; metrics: Record<string, unknown> };
  const scanned = Object.keys(report.metrics).filter((k) => k !== "_totals").length;
  const ver = version.stdout.split("\n")[0]?.trim() ?? "bandit";
  return {
    seconds,
    runs: [seconds],
    ...(m.cpu !== undefined ? { cpuSeconds: m.cpu, rssMb: m.rssMb } : {}),
    detail: `${ver}; ${scanned} files, ${report.results.length} issues, ${report.errors.length} errors`,
  };
}

function spawnChecked(cmd: string, args: string[], name: string, okStatus: number[], env: Record<string, string> = {}) {
  const res = spawnSync(cmd, args, {
    encoding: "utf8",
    maxBuffer: 1 << 28,
    env: { ...process.env, ...env },
  });
  if (res.error || res.status === null || !okStatus.includes(res.status)) {
    throw new Error(`${name} failed (status ${res.status}, ${res.error?.message ?? ""}):\n${res.stderr.slice(0, 4000)}`);
  }
  return res;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function mb(bytes: number): number {
  return bytes / 1e6;
}

function row(cells: readonly string[]): string {
  const widths = [28, 8, 8, 7, 9, 7];
  return cells.map((c, i) => (i < widths.length ? c.padEnd(widths[i]!) : c)).join(" ").trimEnd();
}

main();
