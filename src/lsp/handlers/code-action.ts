/**
 * @fileoverview `textDocument/codeAction`: for each finding under the cursor or selection, the
 * rule's fix as a quick fix (safe fixes preferred, unsafe ones titled as such, display-only ones
 * not offered) and "Suppress FGxxx on this line", which adds a
 * `# flaskguard: ignore[FGxxx] -- <reason>` directive whose placeholder reason the user replaces.
 * Nothing is offered while the document has edits the last analysis has not seen.
 */

import path from "node:path";

import { CodeActionKind } from "vscode-languageserver/node.js";
import type { CodeAction, CodeActionParams, Diagnostic, Range } from "vscode-languageserver/node.js";

import type { Finding } from "../../core/types.js";
import { DIAGNOSTIC_SOURCE, fixToWorkspaceEdit, suppressionEdit } from "../convert.js";
import type { Session } from "../session.js";

/** Handles `textDocument/codeAction`. */
export function onCodeAction(session: Session, params: CodeActionParams): CodeAction[] {
  const { uri } = params.textDocument;
  const only = params.context.only;
  if (only && !only.some((kind) => kind === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${kind}.`) || kind === CodeActionKind.Empty)) {
    return [];
  }
  const result = session.resultFor(uri);
  if (!result) return [];
  const document = session.documents.get(uri);
  // Positions would be off when the buffer changed since the analysis: wait for the next one.
  if (document && result.version !== null && document.version !== result.version) return [];
  if (document && result.version === null && document.getText() !== result.texts[result.path]) return [];

  const asked = params.context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE);
  const text = document?.getText() ?? result.texts[result.path];
  const actions: CodeAction[] = [];
  const preferred: CodeAction[] = [];
  result.findings.forEach((finding, index) => {
    const diagnostic = result.diagnostics[index]!;
    if (!overlaps(diagnostic.range, params.range)) return;
    if (asked.length > 0 && !asked.some((d) => sameDiagnostic(d, diagnostic))) return;
    const uriFor = (relative: string): string =>
      relative === result.path ? uri : session.uriOf(path.join(result.root, ...relative.split("/")));

    const fix = finding.fix;
    if (fix && fix.applicability !== "display-only") {
      const edit = fixToWorkspaceEdit(fix, result.texts, uriFor);
      if (edit) {
        const action: CodeAction = {
          title: fix.applicability === "unsafe" ? `${fix.title} (unsafe fix: review the change)` : fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit,
        };
        if (fix.applicability === "safe") {
          action.isPreferred = true;
          preferred.push(action);
        } else actions.push(action);
      }
    }

    if (text !== undefined && canSuppress(finding, result.path)) {
      const edit = suppressionEdit(text, finding.line - 1, finding.rule);
      if (edit) {
        actions.push({
          title: `Suppress ${finding.rule} on this line`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: { changes: { [uri]: [edit] } },
        });
      }
    }
  });
  return [...preferred, ...actions];
}

/** Inline directives exist for Python files; the engine's own FG0xx reports are not suppressible. */
function canSuppress(finding: Finding, path: string): boolean {
  return path.endsWith(".py") && !/^FG0\d\d$/.test(finding.rule);
}

function overlaps(a: Range, b: Range): boolean {
  return !(before(a.end, b.start) || before(b.end, a.start));
}

function before(p: Range["start"], q: Range["start"]): boolean {
  return p.line < q.line || (p.line === q.line && p.character < q.character);
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return (
    a.code === b.code &&
    a.range.start.line === b.range.start.line &&
    a.range.start.character === b.range.start.character &&
    a.range.end.line === b.range.end.line &&
    a.range.end.character === b.range.end.character
  );
}
