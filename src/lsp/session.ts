/**
 * @fileoverview The language server's state: open documents, project roots, one `Project` per
 * root with its debounced, cancellable analysis and its published diagnostics, and the
 * "report once" bookkeeping for configuration problems and crashes. Handlers in `handlers/` call
 * into this; nothing here registers LSP methods.
 */

import path from "node:path";

import { MessageType, ShowMessageNotification } from "vscode-languageserver/node.js";
import type { Connection, Diagnostic } from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";

import { toOutputPath } from "../cli/discover.js";
import type { Finding } from "../core/types.js";
import type { AnalysisJob, AnalysisOutcome } from "./analysis.js";
import { findingToDiagnostic, pathToUri, scanErrorToDiagnostic, uriToPath } from "./convert.js";
import { isWithin, RootFinder } from "./roots.js";
import { AnalysisRunner, CancelledError } from "./runner.js";
import type { RunHandle } from "./runner.js";

/** Tunables of a session (tests shorten nothing; the defaults are what editors get). */
export interface SessionOptions {
  /** Quiet time after the last edit before a project is re-analysed. */
  debounceMs?: number;
  /** Run analysis on the server thread instead of a worker. */
  inThread?: boolean;
  /** The job runner to use (tests pass their own; default: a worker-backed `AnalysisRunner`). */
  runner?: JobRunner;
}

/** What the session needs of a job runner. */
export interface JobRunner {
  submit(job: AnalysisJob, expectedMs: number | null): RunHandle;
  dispose(): void;
}

/** What the last completed analysis said about one file. */
export interface FileResult {
  /** The file's URI as published. */
  uri: string;
  /** Absolute root of the project that analysed it. */
  root: string;
  /** Path relative to the project root. */
  path: string;
  /** Version of the open document that was analysed; null when the disk text was analysed. */
  version: number | null;
  /** Findings in this file, in the order of `diagnostics` (the first `findings.length` entries). */
  findings: Finding[];
  diagnostics: Diagnostic[];
  /** Analysed texts (this file and files its fixes edit). */
  texts: Readonly<Record<string, string>>;
}

/** The documents open in the editor, with their unsaved text (kept by the did-open/change/close handlers). */
export class DocumentStore {
  private readonly byUri = new Map<string, TextDocument>();

  /** Every open document. */
  all(): TextDocument[] {
    return [...this.byUri.values()];
  }

  /** The open document with this URI. */
  get(uri: string): TextDocument | undefined {
    return this.byUri.get(uri);
  }

  /** Records an open or updated document. */
  set(document: TextDocument): void {
    this.byUri.set(document.uri, document);
  }

  /** Forgets a closed document. */
  delete(uri: string): void {
    this.byUri.delete(uri);
  }
}

/** The shared state of one server. */
export class Session {
  readonly documents = new DocumentStore();
  readonly roots = new RootFinder();
  readonly projects = new Map<string, Project>();
  readonly runner: JobRunner;
  readonly debounceMs: number;
  /** Client capabilities of interest, set on initialize. */
  clientSupportsWatchedFilesRegistration = false;
  shuttingDown = false;
  private readonly reported = new Set<string>();

  constructor(
    readonly connection: Connection,
    options: SessionOptions = {},
  ) {
    this.debounceMs = options.debounceMs ?? 300;
    this.runner = options.runner ?? new AnalysisRunner({ inThread: options.inThread, log: (m) => this.log(m) });
  }

  /** Writes to the client's log (the output panel). */
  log(message: string): void {
    this.connection.console.log(message);
  }

  /** Shows `message` to the user once per `key` (until {@link Session.forget} is called for it). */
  reportOnce(key: string, type: MessageType, message: string): void {
    if (this.reported.has(key)) return;
    this.reported.add(key);
    void this.connection.sendNotification(ShowMessageNotification.type, { type, message });
  }

  /** Allows the message of `key` to be shown again. */
  forget(key: string): void {
    this.reported.delete(key);
  }

  /** The project that owns `file` (absolute), created on first use. */
  projectFor(file: string): Project {
    return this.projectAt(this.roots.rootOf(file));
  }

  /** The project rooted at `root` (absolute), created on first use. */
  projectAt(root: string): Project {
    let project = this.projects.get(root);
    if (!project) {
      project = new Project(this, root);
      this.projects.set(root, project);
    }
    return project;
  }

  /** Whether `file` (absolute) belongs to the project at `root` (and not to a nested one). */
  owns(root: string, file: string): boolean {
    return this.roots.rootOf(file) === root;
  }

  /**
   * Re-analyses every project that `file` (absolute) may affect: projects containing it, and for a
   * configuration file (`config`), also projects below its directory (it may be their configuration).
   */
  touch(file: string, options: { config?: boolean; delayMs?: number } = {}): void {
    const dir = path.dirname(file);
    for (const project of this.projects.values()) {
      if (isWithin(file, project.root) || (options.config === true && isWithin(project.root, dir))) {
        project.schedule(options.delayMs ?? this.debounceMs);
      }
    }
  }

  /** Re-analyses every project. */
  touchAll(delayMs: number = this.debounceMs): void {
    for (const project of this.projects.values()) project.schedule(delayMs);
  }

  /** Removes a project and clears its diagnostics. */
  dropProject(root: string): void {
    const project = this.projects.get(root);
    if (!project) return;
    this.projects.delete(root);
    project.dispose();
  }

  /** The result of the last analysis for a document URI, if any. */
  resultFor(uri: string): FileResult | undefined {
    const file = uriToPath(uri);
    if (file === null) return undefined;
    return this.projects.get(this.roots.rootOf(file))?.resultFor(uri);
  }

  /** The URI to publish for an absolute path: the open document's own URI when there is one. */
  uriOf(file: string): string {
    const canonical = pathToUri(file);
    for (const document of this.documents.all()) {
      if (document.uri === canonical) return canonical;
      if (uriToPath(document.uri) === file) return document.uri;
    }
    return canonical;
  }

  /** Stops everything (shutdown). */
  dispose(): void {
    this.shuttingDown = true;
    for (const project of this.projects.values()) project.cancel();
    this.runner.dispose();
  }
}

/** One project root: schedules analyses and publishes their diagnostics. */
export class Project {
  private timer: NodeJS.Timeout | null = null;
  private running: { cancel: () => void } | null = null;
  /** Bumped on every schedule; a finished run older than this is stale. */
  private generation = 0;
  private results = new Map<string, FileResult>();
  private configError: string | null = null;
  /** Number of completed runs (for logs and tests). */
  runs = 0;
  /** Duration of the last completed run, which decides whether a stale run is worth stopping. */
  private lastMs: number | null = null;
  /** Set when the project was dropped: nothing is scheduled or published any more. */
  private disposed = false;

  constructor(
    private readonly session: Session,
    readonly root: string,
  ) {}

  /** Analyses again after `delayMs` of quiet (each call restarts the wait and makes older runs stale). */
  schedule(delayMs: number = this.session.debounceMs): void {
    if (this.session.shuttingDown || this.disposed) return;
    this.generation++;
    this.running?.cancel();
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.start();
    }, delayMs);
  }

  /** The last result for a URI. */
  resultFor(uri: string): FileResult | undefined {
    return this.results.get(uri);
  }

  /** Cancels pending and running work (a running job's result is ignored). */
  cancel(): void {
    this.generation++;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.running?.cancel();
    this.running = null;
  }

  /** Cancels work and clears every diagnostic this project published. */
  dispose(): void {
    this.disposed = true;
    this.cancel();
    for (const uri of this.results.keys()) void this.session.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.results.clear();
  }

  private start(): void {
    const generation = this.generation;
    const versions = new Map<string, number>();
    const overrides = [];
    for (const document of this.session.documents.all()) {
      const file = uriToPath(document.uri);
      if (file === null || !isWithin(file, this.root)) continue;
      const relative = toOutputPath(this.root, file);
      overrides.push({ path: relative, text: document.getText() });
      versions.set(relative, document.version);
    }
    const job: AnalysisJob = { root: this.root, overrides };
    if (this.session.roots.isTooWide(this.root)) {
      job.only = overrides.map((o) => o.path).filter((p) => !p.includes("/"));
    }
    const handle = this.session.runner.submit(job, this.lastMs);
    const running = { cancel: handle.cancel };
    this.running = running;
    handle.promise.then(
      (outcome) => {
        if (this.running === running) this.running = null;
        this.lastMs = outcome.ms;
        if (generation !== this.generation || this.session.shuttingDown) return; // stale
        this.runs++;
        this.publish(outcome, versions);
      },
      (error: unknown) => {
        if (this.running === running) this.running = null;
        if (error instanceof CancelledError || this.session.shuttingDown || this.disposed) return;
        const detail = error instanceof Error ? error.message : String(error);
        this.session.connection.console.error(`flaskguard: analysis of ${this.root} failed: ${detail}`);
        this.session.reportOnce(
          `crash:${this.root}`,
          MessageType.Error,
          `flaskguard: the analysis of ${this.root} crashed; diagnostics may be out of date. The details are in the flaskguard output log; please report them.`,
        );
      },
    );
  }

  private publish(outcome: AnalysisOutcome, versions: ReadonlyMap<string, number>): void {
    this.reportConfig(outcome.configError);
    this.session.log(`flaskguard: analysed ${outcome.files} file(s) under ${this.root} (${outcome.fresh} afresh) in ${outcome.ms} ms: ${outcome.findings.length} finding(s), ${outcome.errors.length} error(s)`);
    const next = new Map<string, FileResult>();
    const entry = (relative: string): FileResult | null => {
      const file = path.join(this.root, ...relative.split("/"));
      if (!this.session.owns(this.root, file)) return null; // a nested project publishes it
      const uri = this.session.uriOf(file);
      let result = next.get(uri);
      if (!result) {
        result = { uri, root: this.root, path: relative, version: versions.get(relative) ?? null, findings: [], diagnostics: [], texts: outcome.texts };
        next.set(uri, result);
      }
      return result;
    };
    const uriFor = (relative: string): string => this.session.uriOf(path.join(this.root, ...relative.split("/")));
    for (const finding of outcome.findings) {
      const result = entry(finding.file);
      if (!result) continue;
      result.findings.push(finding);
      result.diagnostics.push(findingToDiagnostic(finding, uriFor));
    }
    for (const error of outcome.errors) {
      if (error.kind === "internal-error") {
        // A rule or parser crash: the log gets the details, the user one message.
        this.session.connection.console.error(`flaskguard: ${error.file}: ${error.message}`);
        this.session.reportOnce(
          `internal:${error.message.split("\n")[0]}`,
          MessageType.Warning,
          `flaskguard: internal error while analysing ${error.file}; some findings may be missing. Details are in the flaskguard output log.`,
        );
        continue;
      }
      const result = entry(error.file);
      if (result) result.diagnostics.push(scanErrorToDiagnostic(error));
    }
    // Open documents of this project without findings get an explicit empty list.
    for (const [relative] of versions) entry(relative);

    for (const [uri, result] of next) {
      void this.session.connection.sendDiagnostics({
        uri,
        ...(result.version !== null ? { version: result.version } : {}),
        diagnostics: result.diagnostics,
      });
    }
    for (const uri of this.results.keys()) {
      if (!next.has(uri)) void this.session.connection.sendDiagnostics({ uri, diagnostics: [] });
    }
    this.results = next;
  }

  private reportConfig(problem: string | null): void {
    const key = `config:${this.root}`;
    if (problem === null) {
      this.configError = null;
      this.session.forget(key);
      return;
    }
    if (problem !== this.configError) this.session.forget(key);
    this.configError = problem;
    this.session.reportOnce(
      key,
      MessageType.Error,
      `flaskguard: configuration error: ${problem}. Using the default settings until it is fixed.`,
    );
  }
}
