/**
 * @fileoverview `initialize`: records the workspace folders (or the legacy root) as project-root
 * ceilings and the client capabilities we rely on, and announces the server's capabilities:
 * incremental text sync, quick-fix code actions and workspace-folder change notifications.
 */

import { CodeActionKind, TextDocumentSyncKind } from "vscode-languageserver/node.js";
import type { InitializeParams, InitializeResult } from "vscode-languageserver/node.js";

import { packageVersion } from "../../cli/package-info.js";
import { uriToPath } from "../convert.js";
import type { Session } from "../session.js";

/** Handles `initialize`. */
export function onInitialize(session: Session, params: InitializeParams): InitializeResult {
  const folders: string[] = [];
  for (const folder of params.workspaceFolders ?? []) {
    const file = uriToPath(folder.uri);
    if (file !== null) folders.push(file);
  }
  if (folders.length === 0 && params.rootUri) {
    const file = uriToPath(params.rootUri);
    if (file !== null) folders.push(file);
  }
  if (folders.length === 0 && params.rootPath) folders.push(params.rootPath);
  session.roots.setFolders(folders);
  session.clientSupportsWatchedFilesRegistration =
    params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;

  return {
    capabilities: {
      textDocumentSync: {
        openClose: true,
        change: TextDocumentSyncKind.Incremental,
        save: false,
      },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: "flaskguard", version: packageVersion() },
  };
}
