/**
 * @fileoverview Runs the engine over the read files: the split scan of `core/split.ts` (the
 * project part analysed together in this thread, every other file alone), with results reused
 * from the cache and the per-file phase spread over a worker pool (piscina) when there is enough
 * of it to pay for starting workers. `scanSync` is the single-threaded form (same results).
 */

import os from "node:os";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";

import { analyzeProject } from "../core/analyzer.js";
import type { AnalyzeOptions, AnalyzeResult, SourceFileInput } from "../core/analyzer.js";
import { mergeSplit, planSplit, rulesSwitchedOnBy } from "../core/split.js";
import type { SplitPlan } from "../core/split.js";
import { ResultCache } from "./cache.js";
import type { CachedFile, MemoryCache } from "./cache.js";
import { analyzeOne, analyzeProjectPart } from "./scan-worker.js";
import type { ProjectPartResult, ProjectTask, WorkerFileResult, WorkerTask } from "./scan-worker.js";

/** How to scan. */
export interface ScanSettings {
  /** Worker threads at most (1: none). */
  jobs: number;
  /** Scan root whose `.flaskguard_cache/` to use, or null for no cache on disk. */
  cacheRoot: string | null;
  /** A cache kept in memory between scans of one root (the language server); wins over `cacheRoot`. */
  memory?: MemoryCache;
  /** Called with a warning (e.g. the cache could not be written). */
  warn?: (message: string) => void;
  /** When the per-file phase is worth a pool (default: `POOL_MIN_FILES` and `POOL_MIN_BYTES`). */
  poolMin?: { files: number; bytes: number };
  /** Filled in with what the scan did (for tests and `--statistics`). */
  stats?: ScanStats;
}

/** What a scan did. */
export interface ScanStats {
  /** Files in the project part (analysed together). */
  projectFiles: number;
  /** Whether the project part's result came from the cache. */
  projectCached: boolean;
  /** Files analysed alone in this run. */
  aloneAnalysed: number;
  /** Files analysed alone whose results came from the cache. */
  aloneCached: number;
  /** Worker threads used (0: the per-file phase ran in this thread). */
  workers: number;
  /**
   * Files analysed alone twice: first with the modules the texts suggested, then again because the
   * project part switched other rules on (a module named in a string or comment, never imported).
   */
  aloneRedone?: number;
}

/**
 * The scan uses worker threads only when it has at least this many bytes to analyse. Each worker
 * loads and JIT-compiles the engine afresh and collects its own garbage, and the analysis is
 * memory-bound: on the 2-core development machine two threads each parsing half of the benchmark
 * corpus took as long as one thread parsing all of it. Measured there, one worker beside this
 * thread against this thread alone: 2.13 s and 2.19 s on the 33 MB corpus (no pool used by
 * default), 6.11 s and 6.26 s on four copies (133 MB).
 */
export const POOL_MIN_BYTES = 64_000_000;
/** …and at least this many files. */
export const POOL_MIN_FILES = 16;
/** Bytes per worker: fewer workers start for smaller scans. */
const BYTES_PER_WORKER = 4_000_000;
/** Target size of one task (a batch of files). */
const TASK_BYTES = 256_000;

/** The default number of jobs: the cores this process may use. */
export function defaultJobs(): number {
  return Math.max(1, os.availableParallelism());
}

/**
 * Scans in this thread. When the project part is not cached, the files analysed alone go first,
 * with the modules the texts suggest: the many small analyses warm the engine up (JIT) for the
 * project part, which then runs in about 60% of its cold time (2.08 s against 2.33 s for the
 * benchmark corpus). If the project part turns out to switch other rules on, they are redone.
 */
export function scanSync(inputs: readonly SourceFileInput[], options: AnalyzeOptions, settings: ScanSettings): AnalyzeResult {
  const run = new SplitRun(inputs, options, settings);
  return inThisThread(run, run.useCachedProject(), options, settings);
}

/** The split scan `run` in this thread (see {@link scanSync}); `projectCached` from `useCachedProject`. */
function inThisThread(run: SplitRun, projectCached: boolean, options: AnalyzeOptions, settings: ScanSettings): AnalyzeResult {
  if (projectCached) return run.finish(run.alonePhase((misses, assumed) => misses.map((input) => analyzeOne(input, options, assumed))));
  const guess = run.plan.assumedModules;
  const early = new Map(run.missesAssuming(guess).map((input) => [input.path, analyzeOne(input, options, guess)]));
  run.acceptProject(analyzeProjectPart({ files: run.plan.project, options }));
  const same = rulesSwitchedOnBy(guess) === rulesSwitchedOnBy(run.assumedModules());
  if (!same && settings.stats) settings.stats.aloneRedone = early.size;
  return run.finish(run.alonePhase((misses, assumed) => misses.map((input) => (same ? early.get(input.path) : undefined) ?? analyzeOne(input, options, assumed))));
}

/**
 * Scans with worker threads when the work is large enough (else like `scanSync`): `jobs - 1`
 * workers and this thread share the work. The project part is the first task of a worker (it is
 * the longest single task); the other files go in batches, largest first, taken in turn by this
 * thread and by each worker as it becomes free. The batches start with the modules the texts
 * suggest; if the project part turns out to import fewer of them, the per-file phase is redone
 * with the real set.
 */
export async function scanParallel(inputs: readonly SourceFileInput[], options: AnalyzeOptions, settings: ScanSettings): Promise<AnalyzeResult> {
  const min = settings.poolMin ?? { files: POOL_MIN_FILES, bytes: POOL_MIN_BYTES };
  const workersWanted = (bytes: number): number => Math.max(1, Math.min(settings.jobs - 1, Math.ceil(bytes / BYTES_PER_WORKER)));
  // A cold scan of a large project: start the workers now, so they load while this thread plans.
  const coldAndLarge = settings.cacheRoot === null || !ResultCache.exists(settings.cacheRoot);
  let pool =
    settings.jobs > 1 && coldAndLarge && inputs.length >= min.files && totalBytes(inputs) >= min.bytes ? await startPool(workersWanted(totalBytes(inputs))) : null;
  try {
    const run = new SplitRun(inputs, options, settings);
    const projectCached = run.useCachedProject();
    const early = run.missesAssuming(projectCached ? run.assumedModules() : run.plan.assumedModules);
    const work = totalBytes(early) + (projectCached ? 0 : totalBytes(run.plan.project));
    if (settings.jobs <= 1 || early.length < min.files || work < min.bytes) return inThisThread(run, projectCached, options, settings);
    pool ??= await startPool(workersWanted(work));
    const workers = pool;
    if (settings.stats) settings.stats.workers = workers.threads.length;
    const inThread = (files: SourceFileInput[], assumed: string[]): WorkerFileResult[] => files.map((input) => analyzeOne(input, options, assumed));
    const inWorker = (files: SourceFileInput[], assumed: string[]): Promise<WorkerFileResult[]> =>
      (workers.run({ files, options, assumedModules: assumed } satisfies WorkerTask) as Promise<WorkerFileResult[]>).catch(
        // A worker that died (not a rule crash: those are caught per file) leaves its batch to this thread.
        () => inThread(files, assumed),
      );
    const assumedEarly = projectCached ? run.assumedModules() : run.plan.assumedModules;
    // The project part first, in a worker: it is the longest single task.
    const projectDone = projectCached
      ? null
      : (workers.run({ files: run.plan.project, options } satisfies ProjectTask, { name: "analyzeProjectPart" }) as Promise<ProjectPartResult>).catch(() =>
          analyzeProjectPart({ files: run.plan.project, options }),
        );
    let results = await shareBatches(batches(early), assumedEarly, workers.threads.length, inThread, inWorker, projectDone);
    if (projectDone) run.acceptProject(await projectDone);
    const exact = run.assumedModules();
    if (rulesSwitchedOnBy(exact) !== rulesSwitchedOnBy(assumedEarly)) {
      // Some module named in a text is not really imported: redo the per-file phase on the real set.
      const again = run.missesAssuming(exact);
      if (settings.stats) settings.stats.aloneRedone = again.length;
      results = again.length > 0 ? await shareBatches(batches(again), exact, workers.threads.length, inThread, inWorker, null) : [];
    }
    const byPath = new Map(results.map((r) => [r.path, r]));
    return run.finish(run.alonePhase((misses, assumed) => misses.map((input) => byPath.get(input.path) ?? analyzeOne(input, options, assumed))));
  } finally {
    await pool?.destroy();
  }
}

/**
 * Runs every batch once, in this thread and in `threads` workers: each worker takes the next batch
 * when it is free (after `busy`, the task it already has, when given); this thread takes one batch
 * at a time and lets the event loop run between them, so that finished workers get their next batch
 * at once.
 */
async function shareBatches(
  queue: SourceFileInput[][],
  assumed: string[],
  threads: number,
  inThread: (files: SourceFileInput[], assumed: string[]) => WorkerFileResult[],
  inWorker: (files: SourceFileInput[], assumed: string[]) => Promise<WorkerFileResult[]>,
  busy: Promise<unknown> | null,
): Promise<WorkerFileResult[]> {
  const results: WorkerFileResult[] = [];
  const workerLoop = async (first: Promise<unknown> | null): Promise<void> => {
    if (first) await first.catch(() => undefined);
    for (let batch = queue.shift(); batch !== undefined; batch = queue.shift()) results.push(...(await inWorker(batch, assumed)));
  };
  const loops = Array.from({ length: threads }, (_, i) => workerLoop(i === 0 ? busy : null));
  for (let batch = queue.shift(); batch !== undefined; batch = queue.shift()) {
    results.push(...inThread(batch, assumed));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await Promise.all(loops);
  return results;
}

/** A pool of `threads` workers. */
async function startPool(threads: number): Promise<PiscinaPool> {
  const { Piscina } = await import("piscina");
  const filename = workerFile();
  return new Piscina({
    filename,
    // From source (tests, `npx tsx`), the workers need tsx's loader to import TypeScript. V8 flags
    // (`--no-turbo-inlining`) apply to the whole process and a worker refuses them.
    execArgv: [...nodeFlags(), ...(filename.endsWith(".ts") ? ["--import", tsxLoader()] : [])],
    minThreads: threads,
    maxThreads: threads,
    idleTimeout: 1000,
    atomics: "disabled",
  });
}

type PiscinaPool = InstanceType<typeof import("piscina").Piscina>;

function totalBytes(inputs: readonly SourceFileInput[]): number {
  let n = 0;
  for (const i of inputs) n += i.bytes?.byteLength ?? (i.text?.length ?? 0) * 2;
  return n;
}

/** Files grouped into tasks of about `TASK_BYTES`, largest files first (better balance). */
function batches(inputs: readonly SourceFileInput[]): SourceFileInput[][] {
  const sorted = [...inputs].sort((a, b) => totalBytes([b]) - totalBytes([a]));
  const out: SourceFileInput[][] = [];
  let current: SourceFileInput[] = [];
  let size = 0;
  for (const input of sorted) {
    current.push(input);
    size += totalBytes([input]);
    if (size >= TASK_BYTES) {
      out.push(current);
      current = [];
      size = 0;
    }
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** The worker module next to this one (`.js` when built, `.ts` when run from source through tsx). */
function workerFile(): string {
  const self = fileURLToPath(import.meta.url);
  return self.replace(/scan\.(js|ts)$/, "scan-worker.$1");
}

/** This process's Node.js options that a worker accepts (not V8's own flags). */
function nodeFlags(): string[] {
  const out: string[] = [];
  let keep = false;
  for (const arg of process.execArgv) {
    // `execArgv` holds only options: an argument without a dash is the value of the one before.
    if (arg.startsWith("-")) keep = process.allowedNodeEnvironmentFlags.has(arg.split("=")[0]!);
    if (keep) out.push(arg);
  }
  return out;
}

/** tsx's module loader (a development dependency: only used when running from source). */
function tsxLoader(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
}

/** One split scan: the plan, the cache, the project phase's result and the per-file results. */
class SplitRun {
  readonly plan: SplitPlan;
  private readonly cache: ResultCache | null;
  private project: AnalyzeResult | null = null;
  private projectModules: string[] | null = null;
  private projectKey: string | undefined;
  private hits = new Map<string, CachedFile>();
  private keys = new Map<string, string>();

  constructor(
    inputs: readonly SourceFileInput[],
    private readonly options: AnalyzeOptions,
    private readonly settings: ScanSettings,
  ) {
    // Option problems surface here, before any worker starts (AnalyzeOptionsError).
    analyzeProject([], options);
    this.plan = planSplit(inputs);
    if (settings.stats) Object.assign(settings.stats, { projectFiles: this.plan.project.length, projectCached: false, aloneAnalysed: 0, aloneCached: 0, workers: settings.stats.workers ?? 0 });
    this.cache = settings.memory ? ResultCache.inMemory(settings.memory, options) : settings.cacheRoot === null ? null : ResultCache.open(settings.cacheRoot, options);
  }

  /** Takes the project part's result from the cache when it is there; true if it was. */
  useCachedProject(): boolean {
    this.projectKey = this.cache?.projectKey(this.plan.project);
    const cached = this.projectKey !== undefined ? this.cache!.getProject(this.projectKey) : undefined;
    if (!cached) return false;
    this.acceptProject(cached, false);
    if (this.settings.stats) this.settings.stats.projectCached = true;
    return true;
  }

  /** Records the project part's result (and caches it, unless it came from the cache). */
  acceptProject(result: ProjectPartResult, store = true): void {
    this.project = { findings: result.findings, errors: result.errors, texts: new Map(result.texts), enabledRules: result.enabledRules };
    this.projectModules = result.modules;
    if (store && this.projectKey !== undefined) this.cache!.setProject(this.projectKey, result);
  }

  /** The modules the per-file analyses must assume (known after the project phase). */
  assumedModules(): string[] {
    if (this.projectModules === null) throw new Error("the project phase has not run");
    return this.projectModules;
  }

  /** The files analysed alone that the cache has no result for, given `assumed`. */
  missesAssuming(assumed: readonly string[]): SourceFileInput[] {
    const misses: SourceFileInput[] = [];
    for (const input of this.plan.alone) {
      const key = this.cache?.fileKey(input, assumed);
      const hit = key !== undefined ? this.cache!.getFile(key) : undefined;
      if (key !== undefined) this.keys.set(input.path, key);
      if (hit) this.hits.set(input.path, hit);
      else {
        this.hits.delete(input.path);
        misses.push(input);
      }
    }
    return misses;
  }

  /** The per-file phase: cached results plus `analyze(misses)` for the rest (exact modules). */
  alonePhase(analyze: (misses: SourceFileInput[], assumed: string[]) => WorkerFileResult[]): WorkerFileResult[] {
    const assumed = this.assumedModules();
    const misses = this.missesAssuming(assumed);
    const fresh = analyze(misses, assumed);
    if (this.settings.stats) {
      this.settings.stats.aloneAnalysed = misses.length;
      this.settings.stats.aloneCached = this.plan.alone.length - misses.length;
    }
    for (const r of fresh) {
      const key = this.keys.get(r.path);
      if (key !== undefined) this.cache!.setFile(key, { findings: r.findings, errors: r.errors, ...(r.text !== undefined ? { text: r.text } : {}) });
    }
    const results: WorkerFileResult[] = [...fresh];
    for (const [file, hit] of this.hits) results.push({ path: file, ...hit });
    return results;
  }

  /** Merges the phases and saves the cache. */
  finish(alone: readonly WorkerFileResult[]): AnalyzeResult {
    const result = mergeSplit({
      project: this.project!,
      alone: alone.map((r) => ({ findings: r.findings, errors: r.errors, texts: r.text !== undefined ? new Map([[r.path, r.text]]) : undefined })),
    });
    if (this.cache) {
      const warning = this.cache.save();
      if (warning) this.settings.warn?.(warning);
    }
    return result;
  }
}
