/**
 * @fileoverview `workspace/didChangeWatchedFiles`: a Python file, template, `.env` file or
 * configuration changed on disk (a branch switch, a formatter, another editor). Configuration and
 * `.git` changes may move project roots, so the root cache is cleared and open documents are
 * re-homed; then the affected projects are re-analysed.
 */

import path from "node:path";

import type { DidChangeWatchedFilesParams } from "vscode-languageserver/node.js";

import { uriToPath } from "../convert.js";
import { ROOT_MARKERS } from "../roots.js";
import type { Session } from "../session.js";

const CONFIG_NAMES = new Set<string>(["pyproject.toml", "flaskguard.toml", ".gitignore"]);

/** Handles `workspace/didChangeWatchedFiles`. */
export function onDidChangeWatchedFiles(session: Session, params: DidChangeWatchedFilesParams): void {
  let markersChanged = false;
  for (const change of params.changes) {
    const file = uriToPath(change.uri);
    if (file === null) continue;
    const name = path.basename(file);
    if ((ROOT_MARKERS as readonly string[]).includes(name)) markersChanged = true;
    session.touch(file, { config: CONFIG_NAMES.has(name) });
  }
  if (!markersChanged) return;
  session.roots.invalidate();
  for (const document of session.documents.all()) {
    const file = uriToPath(document.uri);
    if (file !== null) session.projectFor(file).schedule();
  }
}
