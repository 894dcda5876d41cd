/**
 * @fileoverview Conversions between the engine's results and LSP structures: findings and file
 * errors to diagnostics (severity, code, docs link, related locations, 0-based UTF-16 positions),
 * fixes to workspace edits, and the "suppress on this line" edit. Pure: no connection, no I/O
 * except resolving a docs page shipped with the package.
 */

import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { DiagnosticSeverity } from "vscode-languageserver/node.js";
import type { Diagnostic, Position, Range, TextEdit, WorkspaceEdit } from "vscode-languageserver/node.js";
import { TextDocument } from "vscode-languageserver-textdocument";

import { PACKAGE_ROOT } from "../cli/package-info.js";
import type { Finding, Fix, ScanError, Severity } from "../core/types.js";
import { parse } from "../python/index.js";

/** The `source` of every diagnostic this server publishes. */
export const DIAGNOSTIC_SOURCE = "flaskguard";

/** The reason text a new suppression comment carries until the user replaces it. */
export const SUPPRESSION_REASON_PLACEHOLDER = "TODO: explain why this is safe";

/** Maps a POSIX path relative to a project root to the URI the client knows the file by. */
export type UriFor = (relativePath: string) => string;

/** critical/high → Error, medium → Warning, low → Information. */
export function severityToLsp(severity: Severity): DiagnosticSeverity {
  switch (severity) {
    case "critical":
    case "high":
      return DiagnosticSeverity.Error;
    case "medium":
      return DiagnosticSeverity.Warning;
    case "low":
      return DiagnosticSeverity.Information;
  }
}

/** A file URI for an absolute path. */
export function pathToUri(file: string): string {
  return pathToFileURL(file).href;
}

/** The absolute path of a `file:` URI, or null for other schemes (untitled buffers, remote files). */
export function uriToPath(uri: string): string | null {
  if (!uri.startsWith("file:")) return null;
  try {
    return fileURLToPath(uri);
  } catch {
    return null;
  }
}

/** 1-based line/column (UTF-16 columns, as the engine reports) → LSP position. */
function position(line: number, column: number): Position {
  return { line: Math.max(0, line - 1), character: Math.max(0, column - 1) };
}

const docsLinks = new Map<string, string | null>();

/**
 * A link for a rule's `docs`: the URL itself, or a `file:` URL of the page shipped in the package
 * (`docs/rules/FG201.md`), or null when neither exists.
 */
export function docsHref(docs: string): string | null {
  if (/^https?:\/\//i.test(docs)) return docs;
  let href = docsLinks.get(docs);
  if (href === undefined) {
    const file = path.join(PACKAGE_ROOT, ...docs.split("/"));
    href = docs !== "" && existsSync(file) ? pathToFileURL(file).href : null;
    docsLinks.set(docs, href);
  }
  return href;
}

/** The diagnostic of one finding; `data` carries the rule code and fix availability. */
export function findingToDiagnostic(finding: Finding, uriFor: UriFor): Diagnostic {
  const href = docsHref(finding.docs);
  const message = finding.help ? `${finding.message}\nhelp: ${finding.help}` : finding.message;
  const diagnostic: Diagnostic = {
    range: { start: position(finding.line, finding.column), end: position(finding.endLine, finding.endColumn) },
    severity: severityToLsp(finding.severity),
    code: finding.rule,
    source: DIAGNOSTIC_SOURCE,
    message,
    data: { rule: finding.rule, name: finding.name },
  };
  if (href !== null) diagnostic.codeDescription = { href };
  if (finding.related.length > 0) {
    diagnostic.relatedInformation = finding.related.map((r) => ({
      location: { uri: uriFor(r.file), range: { start: position(r.line, r.column), end: position(r.endLine, r.endColumn) } },
      message: r.message,
    }));
  }
  return diagnostic;
}

/**
 * The diagnostic of a file that could not be read, decoded or parsed: one diagnostic at the error's
 * position (the start of the file when it has none). Syntax errors are errors, the rest warnings.
 */
export function scanErrorToDiagnostic(error: ScanError): Diagnostic {
  const at = position(error.line ?? 1, error.column ?? 1);
  const syntax = error.kind === "syntax-error" || error.kind === "template-syntax-error";
  return {
    range: { start: at, end: at },
    severity: syntax ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: error.kind,
    source: DIAGNOSTIC_SOURCE,
    message: syntax || error.kind === "encoding-error" ? error.message : `${error.kind}: ${error.message}`,
  };
}

/**
 * The workspace edit of a fix, with offsets converted against the texts that were analysed, or
 * null when a text is missing (the fix cannot be placed).
 */
export function fixToWorkspaceEdit(fix: Fix, texts: Readonly<Record<string, string>>, uriFor: UriFor): WorkspaceEdit | null {
  const changes: Record<string, TextEdit[]> = {};
  const documents = new Map<string, TextDocument>();
  for (const edit of fix.edits) {
    const text = texts[edit.file];
    if (text === undefined) return null;
    let document = documents.get(edit.file);
    if (!document) {
      document = TextDocument.create(uriFor(edit.file), "python", 0, text);
      documents.set(edit.file, document);
    }
    const uri = uriFor(edit.file);
    (changes[uri] ??= []).push({
      range: { start: document.positionAt(edit.range.start), end: document.positionAt(edit.range.end) },
      newText: edit.text,
    });
  }
  return { changes };
}

const DIRECTIVE = /#\s*flaskguard\s*:\s*ignore\s*\[([^\]]*)\]/i;

/**
 * The edit that suppresses `code` on 0-based `line` of a Python `text`:
 * - a `# flaskguard: ignore[...]` directive already on the line gets `code` added to its list;
 * - otherwise `  # flaskguard: ignore[CODE] -- <placeholder>` is appended to the line;
 * - when that would not be a comment (the line ends inside a string or a backslash continuation),
 *   the directive goes on its own line above, with the line's indentation.
 * Returns null when the code is already listed or no placement parses as a comment.
 *
 * Given `app.run(debug=True)` and `FG101`, the line becomes
 * `app.run(debug=True)  # flaskguard: ignore[FG101] -- TODO: explain why this is safe`.
 */
export function suppressionEdit(text: string, line: number, code: string): TextEdit | null {
  const document = TextDocument.create("file:///suppress.py", "python", 0, text);
  if (line < 0 || line >= document.lineCount) return null;
  const lineStart = document.offsetAt({ line, character: 0 });
  const nextStart = line + 1 < document.lineCount ? document.offsetAt({ line: line + 1, character: 0 }) : text.length;
  const lineText = text.slice(lineStart, nextStart).replace(/\r?\n$|\r$/, "");

  const existing = DIRECTIVE.exec(lineText);
  if (existing) {
    const codes = existing[1]!.split(",").map((c) => c.trim()).filter((c) => c.length > 0);
    if (codes.some((c) => c.toUpperCase() === code.toUpperCase())) return null;
    const closing = lineStart + existing.index + existing[0].length - 1;
    const at = document.positionAt(closing);
    return { range: { start: at, end: at }, newText: codes.length > 0 ? `, ${code}` : code };
  }

  const directive = `# flaskguard: ignore[${code}] -- ${SUPPRESSION_REASON_PLACEHOLDER}`;
  const contentEnd = lineStart + lineText.trimEnd().length;
  const trailing: TextEdit = {
    range: { start: document.positionAt(contentEnd), end: document.positionAt(lineStart + lineText.length) },
    newText: lineText.trim() === "" ? directive : `  ${directive}`,
  };
  if (isCommentAt(applyEdit(document, trailing), line + 1, directive)) return trailing;

  const indent = /^[ \t]*/.exec(lineText)![0];
  const eol = /\r\n/.test(text) ? "\r\n" : "\n";
  const above: TextEdit = {
    range: { start: { line, character: 0 }, end: { line, character: 0 } },
    newText: `${indent}${directive}${eol}`,
  };
  if (isCommentAt(applyEdit(document, above), line + 1, directive)) return above;
  return null;
}

function applyEdit(document: TextDocument, edit: TextEdit): string {
  return TextDocument.applyEdits(document, [edit]);
}

/** Whether `text` parses with a comment holding `directive` on 1-based `line`. */
function isCommentAt(text: string, line: number, directive: string): boolean {
  const result = parse(text);
  return result.comments.some((c) => c.lineno === line && c.text.includes(directive));
}
