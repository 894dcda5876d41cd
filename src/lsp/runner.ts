/**
 * @fileoverview Runs analysis jobs off the server's thread: one worker thread, fed one job at a
 * time from a queue. A queued job can be cancelled (dropped). A running job that is cancelled is
 * stopped by terminating the worker when it is early in its run (less than half of the time the
 * submitter expects it to take), and otherwise left to finish (the caller ignores its result), so
 * that steady typing on a slow project cannot keep every run from completing. A run longer than
 * the time limit is stopped as hung. A crashed or vanished worker rejects its job and is replaced
 * on demand. When no worker can be started at all, jobs run on the calling thread (after a
 * macrotask, so messages still flow).
 */

import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

import type { AnalysisJob, AnalysisOutcome, WorkerReply } from "./analysis.js";

/** Rejection reason of a job that was cancelled. */
export class CancelledError extends Error {
  constructor() {
    super("analysis cancelled");
    this.name = "CancelledError";
  }
}

/** A job submitted to the runner. */
export interface RunHandle {
  /** The outcome; rejects with `CancelledError` when cancelled, or with the crash. */
  promise: Promise<AnalysisOutcome>;
  /** Drops the job if it has not started; stops it if it is early in its run (see the overview). */
  cancel(): void;
}

interface Pending {
  id: number;
  job: AnalysisJob;
  resolve: (outcome: AnalysisOutcome) => void;
  reject: (error: Error) => void;
  startedAt: number | null;
  /** How long the submitter expects the job to take (its last run), or null when unknown. */
  expectedMs: number | null;
  timer: NodeJS.Timeout | null;
}

/** Options of {@link AnalysisRunner}. */
export interface RunnerOptions {
  /** Run jobs on this thread instead of a worker (tests, environments without workers). */
  inThread?: boolean;
  /** A run taking longer than this is stopped as hung and rejected (default 120 s). */
  timeLimitMs?: number;
  /** Called with diagnostic messages (worker start failures, restarts). */
  log?: (message: string) => void;
}

/** Serial job runner over a replaceable worker thread. */
export class AnalysisRunner {
  private worker: Worker | null = null;
  private workerBroken = false;
  private readonly queue: Pending[] = [];
  private current: Pending | null = null;
  private nextId = 1;
  private disposed = false;
  private readonly timeLimitMs: number;
  private readonly log: (message: string) => void;
  private inThread: boolean;

  constructor(options: RunnerOptions = {}) {
    this.inThread = options.inThread ?? false;
    this.timeLimitMs = options.timeLimitMs ?? 120_000;
    this.log = options.log ?? (() => {});
  }

  /** Queues a job; `expectedMs` is how long the previous run of the same project took, if known. */
  submit(job: AnalysisJob, expectedMs: number | null = null): RunHandle {
    let pending!: Pending;
    const promise = new Promise<AnalysisOutcome>((resolve, reject) => {
      pending = { id: this.nextId++, job, resolve, reject, startedAt: null, expectedMs, timer: null };
    });
    this.queue.push(pending);
    this.pump();
    return { promise, cancel: () => this.cancel(pending) };
  }

  /** Stops the worker and rejects every job. */
  dispose(): void {
    this.disposed = true;
    for (const p of this.queue.splice(0)) p.reject(new CancelledError());
    if (this.current?.timer) clearTimeout(this.current.timer);
    this.current?.reject(new CancelledError());
    this.current = null;
    void this.worker?.terminate();
    this.worker = null;
  }

  private cancel(p: Pending): void {
    const index = this.queue.indexOf(p);
    if (index >= 0) {
      this.queue.splice(index, 1);
      p.reject(new CancelledError());
      return;
    }
    if (this.current !== p || p.startedAt === null || this.inThread || p.expectedMs === null) return;
    const elapsed = performance.now() - p.startedAt;
    if (elapsed >= p.expectedMs / 2) return; // nearly done: cheaper to finish than to restart
    this.log(`flaskguard: stopping a stale analysis after ${Math.round(elapsed)} ms`);
    this.stopCurrent(new CancelledError());
  }

  /** Terminates the worker running the current job and rejects the job with `reason`. */
  private stopCurrent(reason: Error): void {
    const p = this.current;
    if (!p) return;
    if (p.timer) clearTimeout(p.timer);
    const worker = this.worker;
    this.worker = null;
    this.current = null;
    p.reject(reason);
    void worker?.terminate();
    this.pump();
  }

  private pump(): void {
    if (this.disposed || this.current !== null) return;
    const next = this.queue.shift();
    if (!next) return;
    this.current = next;
    next.startedAt = performance.now();
    if (!this.inThread) {
      const worker = this.ensureWorker();
      if (worker) {
        worker.postMessage({ id: next.id, job: next.job });
        next.timer = setTimeout(() => {
          if (this.current !== next) return;
          this.log(`flaskguard: stopping an analysis that ran longer than ${this.timeLimitMs} ms`);
          this.stopCurrent(new Error(`analysis of ${next.job.root} did not finish within ${Math.round(this.timeLimitMs / 1000)} s and was stopped`));
        }, this.timeLimitMs);
        next.timer.unref();
        return;
      }
    }
    // On this thread, after pending I/O so that a burst of messages is read first.
    setImmediate(() => {
      void import("./analysis.js").then(
        ({ handleJob }) => this.settle(handleJob(next.id, next.job)),
        (error: unknown) => this.settle({ id: next.id, ok: false, error: String(error) }),
      );
    });
  }

  private settle(reply: WorkerReply): void {
    const p = this.current;
    if (!p || p.id !== reply.id) return; // a stopped job answering late
    if (p.timer) clearTimeout(p.timer);
    this.current = null;
    if (reply.ok) p.resolve(reply.outcome);
    else p.reject(new Error(reply.error));
    this.pump();
  }

  private ensureWorker(): Worker | null {
    if (this.worker) return this.worker;
    if (this.workerBroken) return null;
    let worker: Worker;
    try {
      worker = createWorker();
    } catch (error) {
      this.workerBroken = true;
      this.inThread = true;
      this.log(`flaskguard: cannot start the analysis worker, analysing on the server thread: ${String(error)}`);
      return null;
    }
    let online = false;
    worker.on("online", () => {
      online = true;
    });
    worker.on("message", (reply: WorkerReply) => this.settle(reply));
    worker.on("error", (error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
      if (!online) {
        // The worker could not even load: fall back to this thread for good.
        this.workerBroken = true;
        this.inThread = true;
        this.log(`flaskguard: the analysis worker failed to start, analysing on the server thread: ${detail}`);
        const p = this.current;
        if (p) {
          if (p.timer) clearTimeout(p.timer);
          this.current = null;
          this.queue.unshift(p);
        }
        this.pump();
        return;
      }
      this.failCurrent(`analysis worker crashed: ${detail}`);
    });
    worker.on("exit", (code) => {
      if (this.worker !== worker) return;
      this.worker = null;
      this.failCurrent(`analysis worker exited with code ${code}`);
    });
    worker.unref();
    this.worker = worker;
    return worker;
  }

  private failCurrent(message: string): void {
    const p = this.current;
    if (p?.timer) clearTimeout(p.timer);
    this.current = null;
    p?.reject(new Error(message));
    this.pump();
  }
}

/**
 * Starts the worker. From the build (`.js`) it is the compiled worker module; when the server runs
 * from TypeScript sources (tsx), the worker loads the `.ts` module through tsx's API, because
 * Node 20 does not pass module hooks on to worker threads.
 */
function createWorker(): Worker {
  const here = fileURLToPath(import.meta.url);
  const extension = path.extname(here);
  const workerUrl = new URL(`./analysis-worker${extension}`, import.meta.url);
  const options = { workerData: { flaskguardAnalysis: true } };
  if (extension === ".js") return new Worker(workerUrl, options);
  const api = import.meta.resolve("tsx/esm/api");
  const code = `import(${JSON.stringify(api)}).then((m) => m.tsImport(${JSON.stringify(workerUrl.href)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(code, { ...options, eval: true });
}
