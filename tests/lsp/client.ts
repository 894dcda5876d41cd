/**
 * @fileoverview A minimal LSP client for tests: spawns `flaskguard lsp --stdio` (the real
 * executable, `src/cli/main.ts` through tsx) and talks JSON-RPC to it over its standard streams.
 * Records published diagnostics, shown messages and log lines, and answers the server's
 * `client/registerCapability` requests.
 */

import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import {
  createMessageConnection,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver/node.js";
import type {
  CodeAction,
  Diagnostic,
  InitializeResult,
  MessageConnection,
  PublishDiagnosticsParams,
  Range,
  ShowMessageParams,
  TextDocumentContentChangeEvent,
  TextEdit,
} from "vscode-languageserver/node.js";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** How long a test waits for an expected notification before failing. */
const WAIT_MS = 15_000;

type Waiter = { check: () => boolean; resolve: () => void };

/** A running server and the client side of its connection. */
export class LspClient {
  readonly diagnostics = new Map<string, PublishDiagnosticsParams>();
  /** Every publish, in order. */
  readonly publishes: PublishDiagnosticsParams[] = [];
  readonly messages: ShowMessageParams[] = [];
  readonly logs: string[] = [];
  readonly registrations: unknown[] = [];
  stderr = "";
  private readonly waiters: Waiter[] = [];
  private readonly versions = new Map<string, number>();
  private exitCode: number | null = null;
  private readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly connection: MessageConnection,
  ) {
    this.exited = new Promise((resolve) => {
      child.on("exit", (code) => {
        this.exitCode = code;
        this.notify();
        resolve(code);
      });
    });
    child.stderr!.on("data", (chunk: Buffer) => (this.stderr += chunk.toString()));
    connection.onNotification("textDocument/publishDiagnostics", (params: PublishDiagnosticsParams) => {
      this.diagnostics.set(params.uri, params);
      this.publishes.push(params);
      this.notify();
    });
    connection.onNotification("window/showMessage", (params: ShowMessageParams) => {
      this.messages.push(params);
      this.notify();
    });
    connection.onNotification("window/logMessage", (params: { message: string }) => {
      this.logs.push(params.message);
    });
    connection.onRequest("client/registerCapability", (params: unknown) => {
      this.registrations.push(params);
      return null;
    });
    connection.listen();
  }

  /** Spawns the server in `cwd`. */
  static start(cwd: string): LspClient {
    const require = createRequire(import.meta.url);
    const tsxLoader = pathToFileURL(require.resolve("tsx")).href;
    const child = spawn(process.execPath, ["--import", tsxLoader, path.join(REPO_ROOT, "src", "cli", "main.ts"), "lsp", "--stdio"], {
      cwd,
      env: { PATH: process.env["PATH"] ?? "" },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    return new LspClient(child, connection);
  }

  /** `initialize` + `initialized` with one workspace folder. */
  async initialize(folder: string): Promise<InitializeResult> {
    const uri = pathToFileURL(folder).href;
    const result = await this.connection.sendRequest<InitializeResult>("initialize", {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: path.basename(folder) }],
      capabilities: {
        workspace: { didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true },
        textDocument: {
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, versionSupport: true },
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix"] } } },
        },
      },
    });
    await this.connection.sendNotification("initialized", {});
    return result;
  }

  /** Opens a document (version 1). */
  async open(uri: string, text: string): Promise<void> {
    this.versions.set(uri, 1);
    await this.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId: "python", version: 1, text } });
  }

  /** Sends changes; returns the new version. */
  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<number> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    await this.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version }, contentChanges: changes });
    return version;
  }

  /** Applies text edits as incremental changes (from last to first, so positions stay valid). */
  async applyEdits(uri: string, edits: readonly TextEdit[]): Promise<number> {
    const sorted = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
    return this.change(uri, sorted.map((e) => ({ range: e.range, text: e.newText })));
  }

  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    return this.connection.sendRequest<CodeAction[]>("textDocument/codeAction", { textDocument: { uri }, range, context: { diagnostics } });
  }

  async watchedFilesChanged(changes: { uri: string; type: 1 | 2 | 3 }[]): Promise<void> {
    await this.connection.sendNotification("workspace/didChangeWatchedFiles", { changes });
  }

  /** Waits until the latest diagnostics of `uri` satisfy `predicate`; returns them. */
  async waitForDiagnostics(uri: string, predicate: (d: Diagnostic[], params: PublishDiagnosticsParams) => boolean, what: string): Promise<Diagnostic[]> {
    await this.waitUntil(() => {
      const latest = this.diagnostics.get(uri);
      return latest !== undefined && predicate(latest.diagnostics, latest);
    }, what);
    return this.diagnostics.get(uri)!.diagnostics;
  }

  /** Waits until `check` holds, re-checking on every notification; fails after a while. */
  waitUntil(check: () => boolean, what: string): Promise<void> {
    if (check()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        reject(new Error(`timed out waiting for ${what}; server stderr: ${this.stderr}; log: ${this.logs.slice(-5).join(" | ")}`));
      }, WAIT_MS);
      const waiter: Waiter = {
        check,
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** `shutdown` + `exit`; resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.exitCode === null) {
      await this.connection.sendRequest("shutdown");
      await this.connection.sendNotification("exit");
    }
    const code = await this.exited;
    this.connection.dispose();
    return code;
  }

  /** Kills the server (cleanup after a failure). */
  kill(): void {
    if (this.exitCode === null) this.child.kill();
  }

  private notify(): void {
    for (const waiter of [...this.waiters]) {
      if (waiter.check()) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  }
}
