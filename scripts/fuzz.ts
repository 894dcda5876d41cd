/**
 * @fileoverview `npm run fuzz -- [--iterations N] [--seed S] [--hang-ms MS] [--corpus DIR...]`:
 * long fuzz runs of the full scan (analyzeProject plus every reporter) on mutated Python files.
 * Seeds are the example apps and the test fixtures, plus the Flask ecosystem sources that Debian
 * installs (when present) and any `--corpus` directories, each file on its own. The cases run in a
 * worker thread watched by this thread: a case that takes longer than `--hang-ms` (default 10 s)
 * is reported as a hang with its reproduction seed and the worker is stopped. Invariant violations
 * are reported with their case seed; `--repro SEED` reruns one case and writes the mutated file.
 * Exit status 1 when any case failed or hung. A tool, never a test (the bounded run is in
 * tests/robustness/fuzz.test.ts).
 */
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

import { caseSeed, loadSeeds, prng, runCase } from "../tests/robustness/mutate.js";
import type { CaseOutcome, SeedProject } from "../tests/robustness/mutate.js";
import { FLASK_PACKAGES, packageDir } from "./oracle/corpus.js";

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

interface Job {
  iterations: number;
  seed: number;
  corpus: string[];
  start: number;
}

type Message =
  | { type: "start"; iteration: number }
  | { type: "done"; iteration: number; outcome: CaseOutcome }
  | { type: "finished"; seeds: number };

/** The seed projects: the repository's own, plus every `.py` file (alone) under the corpus roots. */
function seedsFor(corpus: readonly string[]): SeedProject[] {
  const seeds = loadSeeds(REPO);
  const visit = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== "__pycache__") visit(full);
      else if (entry.isFile() && entry.name.endsWith(".py")) {
        const bytes = fs.readFileSync(full);
        if (bytes.length <= 200_000) seeds.push({ name: full, files: new Map([[entry.name, new Uint8Array(bytes)]]) });
      }
    }
  };
  for (const root of corpus) visit(root);
  return seeds;
}

function runWorker(job: Job): void {
  const seeds = seedsFor(job.corpus);
  for (let i = job.start; i < job.iterations; i++) {
    parentPort!.postMessage({ type: "start", iteration: i } satisfies Message);
    const random = prng(caseSeed(job.seed, i));
    const seed = seeds[Math.floor(random() * seeds.length)]!;
    const outcome = runCase(seed, random);
    parentPort!.postMessage({ type: "done", iteration: i, outcome } satisfies Message);
  }
  parentPort!.postMessage({ type: "finished", seeds: seeds.length } satisfies Message);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      iterations: { type: "string", default: "10000" },
      seed: { type: "string", default: "1" },
      "hang-ms": { type: "string", default: "10000" },
      corpus: { type: "string", multiple: true, default: [] },
      "no-flask": { type: "boolean", default: false },
      repro: { type: "string" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(
      "usage: npm run fuzz -- [--iterations N] [--seed S] [--hang-ms MS] [--corpus DIR]... [--no-flask] [--repro ITERATION]\n" +
        "  --repro I   rerun case I of the run (same --seed/--corpus) and write its mutated file to fuzz-case-<seed>-<I>.py",
    );
    return 0;
  }
  const iterations = Number(values.iterations);
  const seed = Number(values.seed);
  const hangMs = Number(values["hang-ms"]);
  const corpus = [...values.corpus!];
  if (!values["no-flask"]) {
    for (const name of FLASK_PACKAGES) {
      try {
        corpus.push(packageDir(name));
      } catch {
        // Not installed here: the repository's seeds still run.
      }
    }
  }

  if (values.repro !== undefined) {
    const i = Number(values.repro);
    const seeds = seedsFor(corpus);
    const random = prng(caseSeed(seed, i));
    const project = seeds[Math.floor(random() * seeds.length)]!;
    const outcome = runCase(project, random);
    const out = `fuzz-case-${seed}-${i}.py`;
    fs.writeFileSync(out, outcome.mutated);
    console.log(JSON.stringify({ ...outcome, mutated: undefined, written: out }, null, 2));
    return outcome.problems.length > 0 ? 1 : 0;
  }

  const started = performance.now();
  const failures: { iteration: number; outcome?: CaseOutcome; hang?: boolean }[] = [];
  const verdicts = new Map<string, number>();
  let done = 0;
  let slowest = { ms: 0, iteration: -1, seed: "" };
  let seedCount = 0;
  let start = 0;
  // A hang stops the worker; the run resumes after the hanging case in a new worker.
  while (start < iterations) {
    const next = await new Promise<number>((resolve) => {
      // The worker runs this same TypeScript file, loaded through tsx's API.
      const code = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((m) => m.tsImport(${JSON.stringify(import.meta.url)}, ${JSON.stringify(import.meta.url)}))`;
      const worker = new Worker(code, {
        eval: true,
        workerData: { iterations, seed, corpus, start } satisfies Job,
      });
      let current = start;
      let started = false;
      let timer: NodeJS.Timeout | undefined;
      const arm = (): void => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          failures.push({ iteration: current, hang: true });
          console.log(`case ${current}: no result after ${hangMs} ms (hang); reproduce with --seed ${seed} --repro ${current}`);
          void worker.terminate().then(() => resolve(current + 1));
        }, hangMs);
      };
      worker.on("message", (message: Message) => {
        if (message.type === "start") {
          started = true;
          current = message.iteration;
          arm();
        } else if (message.type === "done") {
          done++;
          const o = message.outcome;
          verdicts.set(o.verdict, (verdicts.get(o.verdict) ?? 0) + 1);
          if (o.ms > slowest.ms) slowest = { ms: o.ms, iteration: message.iteration, seed: `${o.seed}:${o.file}` };
          if (o.problems.length > 0) {
            failures.push({ iteration: message.iteration, outcome: o });
            console.log(`case ${message.iteration} (${o.seed} ${o.file}, ${o.applied.join(",")}): ${o.problems.join("; ")}`);
          }
          if (done % 5000 === 0) console.log(`… ${done} cases`);
        } else {
          seedCount = message.seeds;
          clearTimeout(timer);
          resolve(iterations);
        }
      });
      worker.on("error", (error) => {
        clearTimeout(timer);
        if (!started) {
          console.log(`fuzz: the worker could not start: ${error.message}`);
          process.exit(2);
        }
        failures.push({ iteration: current, hang: false });
        console.log(`case ${current}: worker died: ${error.message}`);
        resolve(current + 1);
      });
    });
    start = next;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `fuzz: ${done} cases in ${seconds.toFixed(1)} s over ${seedCount} seed projects (seed ${seed}); ` +
      `outcomes ${[...verdicts].map(([k, v]) => `${k}=${v}`).join(" ")}; slowest case ${slowest.ms.toFixed(0)} ms (#${slowest.iteration}, ${slowest.seed})`,
  );
  console.log(`fuzz: ${failures.length} failing case(s)`);
  return failures.length > 0 ? 1 : 0;
}

if (isMainThread) {
  main().then(
    (status) => {
      process.exitCode = status;
    },
    (error: unknown) => {
      console.error(error);
      process.exitCode = 2;
    },
  );
} else {
  runWorker(workerData as Job);
}
