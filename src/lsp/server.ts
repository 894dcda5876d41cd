/**
 * @fileoverview The flaskguard language server: wires each LSP method to its handler in
 * `handlers/` (one file per method) around a shared `Session`. Every handler runs inside a guard so
 * that an exception is logged and answered with an error instead of ending the server; analysis
 * itself runs in a worker thread (see `runner.ts`), so the connection stays responsive.
 */

import {
  CodeActionRequest,
  createConnection,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidChangeWorkspaceFoldersNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ProposedFeatures,
  StreamMessageReader,
  StreamMessageWriter,
} from "vscode-languageserver/node.js";
import type { Connection } from "vscode-languageserver/node.js";

import { onCodeAction } from "./handlers/code-action.js";
import { onDidChangeWatchedFiles } from "./handlers/did-change-watched-files.js";
import { onDidChangeWorkspaceFolders } from "./handlers/did-change-workspace-folders.js";
import { onDidChange } from "./handlers/did-change.js";
import { onDidClose } from "./handlers/did-close.js";
import { onDidOpen } from "./handlers/did-open.js";
import { onInitialize } from "./handlers/initialize.js";
import { onInitialized } from "./handlers/initialized.js";
import { onShutdown } from "./handlers/shutdown.js";
import { Session } from "./session.js";
import type { SessionOptions } from "./session.js";

/**
 * Registers every handler on `connection` and returns the session (not yet listening: call
 * `connection.listen()`).
 */
export function createServer(connection: Connection, options: SessionOptions = {}): Session {
  const session = new Session(connection, options);
  const guard =
    <P, R>(method: string, handler: (params: P) => R, fallback: R) =>
    (params: P): R => {
      try {
        return handler(params);
      } catch (error) {
        connection.console.error(`flaskguard: ${method} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        return fallback;
      }
    };

  connection.onInitialize((params) => onInitialize(session, params));
  connection.onInitialized(guard("initialized", () => onInitialized(session), undefined));
  connection.onNotification(DidOpenTextDocumentNotification.type, guard("didOpen", (p) => onDidOpen(session, p), undefined));
  connection.onNotification(DidChangeTextDocumentNotification.type, guard("didChange", (p) => onDidChange(session, p), undefined));
  connection.onNotification(DidCloseTextDocumentNotification.type, guard("didClose", (p) => onDidClose(session, p), undefined));
  connection.onNotification(
    DidChangeWatchedFilesNotification.type,
    guard("didChangeWatchedFiles", (p) => onDidChangeWatchedFiles(session, p), undefined),
  );
  connection.onNotification(
    DidChangeWorkspaceFoldersNotification.type,
    guard("didChangeWorkspaceFolders", (p) => onDidChangeWorkspaceFolders(session, p.event), undefined),
  );
  connection.onRequest(CodeActionRequest.type, guard("codeAction", (p) => onCodeAction(session, p), []));
  connection.onShutdown(guard("shutdown", () => onShutdown(session), undefined));
  return session;
}

/**
 * Runs the server on standard input/output until the client sends `exit` (the library then ends
 * the process) or closes the stream. Console output goes to the client's log, never to stdout,
 * which carries the protocol. Uncaught exceptions are logged and the server keeps running.
 */
export function startStdioServer(options: SessionOptions = {}): Promise<number> {
  const connection = createConnection(ProposedFeatures.all, new StreamMessageReader(process.stdin), new StreamMessageWriter(process.stdout));
  const toLog = (...args: unknown[]): void => connection.console.log(args.map(String).join(" "));
  console.log = toLog;
  console.info = toLog;
  console.warn = (...args: unknown[]) => connection.console.warn(args.map(String).join(" "));
  console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(" "));
  process.on("uncaughtException", (error) => {
    connection.console.error(`flaskguard: uncaught exception: ${error.stack ?? error.message}`);
  });
  process.on("unhandledRejection", (reason) => {
    connection.console.error(`flaskguard: unhandled rejection: ${reason instanceof Error ? (reason.stack ?? reason.message) : String(reason)}`);
  });
  createServer(connection, options);
  return new Promise((resolve) => {
    process.stdin.on("end", () => resolve(0));
    connection.listen();
  });
}
