/**
 * @fileoverview `workspace/didChangeWorkspaceFolders`: updates the root ceilings, drops the projects
 * of removed folders (clearing their diagnostics) and analyses added folders.
 */

import type { WorkspaceFoldersChangeEvent } from "vscode-languageserver/node.js";

import { uriToPath } from "../convert.js";
import { isWithin } from "../roots.js";
import type { Session } from "../session.js";

/** Handles `workspace/didChangeWorkspaceFolders`. */
export function onDidChangeWorkspaceFolders(session: Session, event: WorkspaceFoldersChangeEvent): void {
  const removed = event.removed.map((f) => uriToPath(f.uri)).filter((f): f is string => f !== null);
  const added = event.added.map((f) => uriToPath(f.uri)).filter((f): f is string => f !== null);
  const folders = session.roots.workspaceFolders.filter((f) => !removed.includes(f));
  session.roots.setFolders([...folders, ...added]);
  for (const root of [...session.projects.keys()]) {
    if (removed.some((folder) => isWithin(root, folder))) session.dropProject(root);
  }
  for (const folder of added) session.projectAt(folder).schedule(0);
}
