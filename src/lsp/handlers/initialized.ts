/**
 * @fileoverview `initialized`: asks the client to watch the files that change findings without
 * being edited in it (Python sources, `pyproject.toml`/`flaskguard.toml`, `.env`/`.flaskenv`,
 * `.gitignore`), then analyses every workspace folder so its diagnostics appear before any file
 * is opened.
 */

import { DidChangeWatchedFilesNotification, WatchKind } from "vscode-languageserver/node.js";

import type { Session } from "../session.js";

/** Glob patterns of the files whose changes trigger a new analysis. */
export const WATCHED_GLOBS = [
  "**/*.py",
  "**/pyproject.toml",
  "**/flaskguard.toml",
  "**/.env",
  "**/.flaskenv",
  "**/*.cfg",
  "**/.gitignore",
  "**/templates/**",
  "**/static/**/*.js",
] as const;

/** Handles `initialized`. */
export function onInitialized(session: Session): void {
  if (session.clientSupportsWatchedFilesRegistration) {
    const watchers = WATCHED_GLOBS.map((globPattern) => ({
      globPattern,
      kind: WatchKind.Create | WatchKind.Change | WatchKind.Delete,
    }));
    session.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch((error: unknown) => {
      session.log(`flaskguard: could not register file watchers: ${String(error)}`);
    });
  }
  for (const folder of session.roots.workspaceFolders) session.projectAt(folder).schedule(0);
}
