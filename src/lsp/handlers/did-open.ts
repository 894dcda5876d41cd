/**
 * @fileoverview `textDocument/didOpen`: keeps the buffer (its text now overrides the disk) and
 * analyses the project it belongs to soon, creating the project when it is the first file of a
 * root (a nested `pyproject.toml`, or a file outside the workspace folders).
 */

import { TextDocument } from "vscode-languageserver-textdocument";
import type { DidOpenTextDocumentParams } from "vscode-languageserver/node.js";

import { uriToPath } from "../convert.js";
import type { Session } from "../session.js";

/** Delay before analysing after an open: short, but lets a burst of opens (session restore) settle. */
const OPEN_DELAY_MS = 50;

/** Handles `textDocument/didOpen`. */
export function onDidOpen(session: Session, params: DidOpenTextDocumentParams): void {
  const { uri, languageId, version, text } = params.textDocument;
  session.documents.set(TextDocument.create(uri, languageId, version, text));
  const file = uriToPath(uri);
  if (file === null) return; // untitled or remote buffers have no project
  session.projectFor(file); // creates the owning project if this is its first file
  session.touch(file, { delayMs: Math.min(OPEN_DELAY_MS, session.debounceMs) });
}
