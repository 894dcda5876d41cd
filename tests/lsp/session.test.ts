/**
 * @fileoverview In-process tests of the server's scheduling and publishing with a scripted job
 * runner, over the library's stream connection: edits are debounced into one run with the latest
 * unsaved text, stale results are never published, diagnostics of files whose findings went away
 * are cleared, nested project roots own their files, and a crashing analysis is reported once
 * while the server keeps answering.
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { pathToFileURL } from "node:url";

import { afterAll, afterEach, describe, expect, it } from "vitest";
import {
  createConnection,
  createMessageConnection,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver/node.js";
import type { MessageConnection, PublishDiagnosticsParams, ShowMessageParams } from "vscode-languageserver/node.js";

import type { Finding } from "../../src/core/types.js";
import type { AnalysisJob, AnalysisOutcome } from "../../src/lsp/analysis.js";
import type { RunHandle } from "../../src/lsp/runner.js";
import { createServer } from "../../src/lsp/server.js";
import type { JobRunner } from "../../src/lsp/session.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "flaskguard-lsp-session-"));
for (const [relative, text] of Object.entries({ "ws/app.py": "x = 1\n", "ws/api/pyproject.toml": "[project]\n", "ws/api/views.py": "y = 2\n" })) {
  const file = path.join(dir, ...relative.split("/"));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}
const ws = path.join(dir, "ws");
const uri = (relative: string): string => pathToFileURL(path.join(ws, ...relative.split("/"))).href;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A runner whose jobs the test settles by hand. */
class ScriptedRunner implements JobRunner {
  readonly jobs: { job: AnalysisJob; resolve: (o: AnalysisOutcome) => void; reject: (e: Error) => void; cancelled: boolean }[] = [];
  private waiting: (() => void)[] = [];
  submit(job: AnalysisJob): RunHandle {
    let entry!: ScriptedRunner["jobs"][number];
    const promise = new Promise<AnalysisOutcome>((resolve, reject) => {
      entry = { job, resolve, reject, cancelled: false };
    });
    this.jobs.push(entry);
    for (const w of this.waiting.splice(0)) w();
    return { promise, cancel: () => (entry.cancelled = true) };
  }
  dispose(): void {}
  /** Waits until `count` jobs were submitted. */
  async until(count: number): Promise<void> {
    while (this.jobs.length < count) await new Promise<void>((r) => this.waiting.push(r));
  }
}

function finding(file: string, line: number, rule = "FG101"): Finding {
  return {
    rule, name: "debug-mode-enabled", category: "debug-mode", severity: "high", confidence: "high", message: "m", help: "",
    docs: "", file, line, column: 1, endLine: line, endColumn: 2, related: [], fix: null, suppressed: false,
  };
}

function outcome(findings: Finding[], extra: Partial<AnalysisOutcome> = {}): AnalysisOutcome {
  return { findings, errors: [], texts: {}, configError: null, files: 1, fresh: 1, ms: 5, ...extra };
}

interface Harness {
  client: MessageConnection;
  runner: ScriptedRunner;
  publishes: PublishDiagnosticsParams[];
  messages: ShowMessageParams[];
  logs: string[];
  next: () => Promise<PublishDiagnosticsParams>;
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

async function start(): Promise<Harness> {
  const toServer = new PassThrough();
  const toClient = new PassThrough();
  const runner = new ScriptedRunner();
  const server = createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
  createServer(server, { runner, debounceMs: 40 });
  server.listen();
  const client = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
  const publishes: PublishDiagnosticsParams[] = [];
  const messages: ShowMessageParams[] = [];
  const logs: string[] = [];
  let waiters: (() => void)[] = [];
  client.onNotification("textDocument/publishDiagnostics", (p: PublishDiagnosticsParams) => {
    publishes.push(p);
    for (const w of waiters.splice(0)) w();
  });
  client.onNotification("window/showMessage", (p: ShowMessageParams) => messages.push(p));
  client.onNotification("window/logMessage", (p: { message: string }) => logs.push(p.message));
  client.listen();
  cleanups.push(() => {
    client.dispose();
    server.dispose();
  });
  await client.sendRequest("initialize", { processId: null, rootUri: null, workspaceFolders: [{ uri: pathToFileURL(ws).href, name: "ws" }], capabilities: {} });
  await client.sendNotification("initialized", {});
  let seen = 0;
  const next = async (): Promise<PublishDiagnosticsParams> => {
    while (publishes.length <= seen) await new Promise<void>((r) => waiters.push(r));
    return publishes[seen++]!;
  };
  return { client, runner, publishes, messages, logs, next };
}

describe("language server session", () => {
  it("debounces edits into one run with the latest text and never publishes stale results", async () => {
    const h = await start();
    await h.runner.until(1); // the workspace folder's first analysis
    h.runner.jobs[0]!.resolve(outcome([finding("app.py", 1)]));
    expect((await h.next()).uri).toBe(uri("app.py"));

    await h.client.sendNotification("textDocument/didOpen", { textDocument: { uri: uri("app.py"), languageId: "python", version: 1, text: "x = 1\n" } });
    await h.runner.until(2);
    for (let v = 2; v <= 4; v++) {
      await h.client.sendNotification("textDocument/didChange", {
        textDocument: { uri: uri("app.py"), version: v },
        contentChanges: [{ range: { start: { line: 0, character: 4 }, end: { line: 0, character: 5 } }, text: String(v) }],
      });
    }
    await h.runner.until(3);
    await new Promise((r) => setTimeout(r, 120)); // longer than the debounce: no further run
    expect(h.runner.jobs).toHaveLength(3);
    expect(h.runner.jobs[1]!.cancelled).toBe(true); // the run started on open went stale
    expect(h.runner.jobs[2]!.job.overrides).toEqual([{ path: "app.py", text: "x = 4\n" }]);

    h.runner.jobs[1]!.resolve(outcome([finding("app.py", 9)])); // stale: must not be published
    h.runner.jobs[2]!.resolve(outcome([]));
    const latest = await h.next();
    expect(latest).toEqual({ uri: uri("app.py"), version: 4, diagnostics: [] }); // cleared
    expect(h.publishes).toHaveLength(2);
  });

  it("lets a nested project root own its files", async () => {
    const h = await start();
    await h.runner.until(1);
    await h.client.sendNotification("textDocument/didOpen", { textDocument: { uri: uri("api/views.py"), languageId: "python", version: 1, text: "y = 2\n" } });
    await h.runner.until(3);
    const byRoot = new Map(h.runner.jobs.map((j) => [j.job.root, j]));
    expect([...byRoot.keys()].sort()).toEqual([ws, path.join(ws, "api")]);
    // The folder's run sees api/views.py as part of its tree, but does not publish it.
    const folderRun = h.runner.jobs.filter((j) => j.job.root === ws);
    for (const j of folderRun) j.resolve(outcome([finding("api/views.py", 1), finding("app.py", 1)]));
    byRoot.get(path.join(ws, "api"))!.resolve(outcome([finding("views.py", 1, "FG201")]));
    await h.next();
    await h.next();
    await new Promise((r) => setTimeout(r, 50));
    const published = new Map(h.publishes.map((p) => [p.uri, p.diagnostics.map((d) => d.code)]));
    expect(published.get(uri("app.py"))).toEqual(["FG101"]);
    expect(published.get(uri("api/views.py"))).toEqual(["FG201"]);
  });

  it("goes back to the disk text on close and clears diagnostics of a removed workspace folder", async () => {
    const h = await start();
    await h.runner.until(1);
    h.runner.jobs[0]!.resolve(outcome([finding("app.py", 1)]));
    await h.next();
    await h.client.sendNotification("textDocument/didOpen", { textDocument: { uri: uri("app.py"), languageId: "python", version: 1, text: "unsaved\n" } });
    await h.runner.until(2);
    expect(h.runner.jobs[1]!.job.overrides).toEqual([{ path: "app.py", text: "unsaved\n" }]);
    await h.client.sendNotification("textDocument/didClose", { textDocument: { uri: uri("app.py") } });
    await h.runner.until(3);
    expect(h.runner.jobs[2]!.job).toEqual({ root: ws, overrides: [] });

    await h.client.sendNotification("workspace/didChangeWorkspaceFolders", { event: { added: [], removed: [{ uri: pathToFileURL(ws).href, name: "ws" }] } });
    expect(await h.next()).toEqual({ uri: uri("app.py"), diagnostics: [] });
    h.runner.jobs[2]!.resolve(outcome([finding("app.py", 1)])); // the dropped project's run: ignored
    await new Promise((r) => setTimeout(r, 30));
    expect(h.publishes).toHaveLength(2);
  });

  it("reports a crashing analysis once and keeps serving", async () => {
    const h = await start();
    await h.runner.until(1);
    h.runner.jobs[0]!.reject(new Error("boom in a rule"));
    await h.client.sendNotification("textDocument/didOpen", { textDocument: { uri: uri("app.py"), languageId: "python", version: 1, text: "x = 1\n" } });
    await h.runner.until(2);
    h.runner.jobs[1]!.reject(new Error("boom in a rule"));
    const actions = await h.client.sendRequest("textDocument/codeAction", {
      textDocument: { uri: uri("app.py") }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [] },
    });
    expect(actions).toEqual([]);
    expect(h.messages.filter((m) => m.type === 1)).toHaveLength(1);
    expect(h.messages[0]!.message).toMatch(/crashed/);
    // A rule that crashed inside an otherwise finished analysis: one warning, details in the log.
    const ruleCrash = { file: "app.py", kind: "internal-error", message: "rule FG101 (debug-mode-enabled) crashed: TypeError", line: null, column: null };
    for (let n = 3; n <= 4; n++) {
      await h.client.sendNotification("textDocument/didChange", {
        textDocument: { uri: uri("app.py"), version: n },
        contentChanges: [{ text: `x = ${n}\n` }],
      });
      await h.runner.until(n);
      h.runner.jobs[n - 1]!.resolve(outcome([finding("app.py", 1)], { errors: [ruleCrash] }));
      await h.next();
    }
    expect(h.messages.filter((m) => m.type === 2)).toHaveLength(1);
    expect(h.messages.find((m) => m.type === 2)!.message).toMatch(/internal error while analysing app\.py/);
    expect(h.publishes.at(-1)!.diagnostics.map((d) => d.code)).toEqual(["FG101"]);
    // Every crash is logged with its details; the user is told once.
    await new Promise((r) => setTimeout(r, 20));
    expect(h.logs.filter((l) => l.includes("boom in a rule"))).toHaveLength(2);
    expect(h.logs.filter((l) => l.includes("crashed: TypeError"))).toHaveLength(2);
  });
});
