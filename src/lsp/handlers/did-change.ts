/**
 * @fileoverview `textDocument/didChange`: applies the (incremental) edits to the buffer and
 * re-analyses the projects that contain the file once typing pauses (debounced; a newer edit makes
 * a running analysis stale, so its results are never published).
 */

import { TextDocument } from "vscode-languageserver-textdocument";
import type { DidChangeTextDocumentParams } from "vscode-languageserver/node.js";

import { uriToPath } from "../convert.js";
import type { Session } from "../session.js";

/** Handles `textDocument/didChange`. */
export function onDidChange(session: Session, params: DidChangeTextDocumentParams): void {
  const { uri, version } = params.textDocument;
  const document = session.documents.get(uri);
  if (!document) return; // a change for a document never opened: nothing to apply it to
  session.documents.set(TextDocument.update(document, params.contentChanges, version));
  const file = uriToPath(uri);
  if (file !== null) session.touch(file);
}
