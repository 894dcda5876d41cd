/**
 * @fileoverview `textDocument/didClose`: forgets the buffer, so the file on disk counts again (an
 * unsaved edit is thrown away), and re-analyses. Diagnostics stay: they cover the whole project,
 * not only open files.
 */

import type { DidCloseTextDocumentParams } from "vscode-languageserver/node.js";

import { uriToPath } from "../convert.js";
import type { Session } from "../session.js";

/** Handles `textDocument/didClose`. */
export function onDidClose(session: Session, params: DidCloseTextDocumentParams): void {
  const { uri } = params.textDocument;
  session.documents.delete(uri);
  const file = uriToPath(uri);
  if (file !== null) session.touch(file);
}
