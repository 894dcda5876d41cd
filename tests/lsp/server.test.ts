/**
 * @fileoverview End-to-end tests of `flaskguard lsp`: the real server over stdio, on a temporary
 * copy of `examples/insecure-app` limited to the debug-mode and secret-key rules (FG101, FG201) by
 * its own `flaskguard.toml`. Covers whole-project diagnostics before any file is opened, unsaved
 * edits overriding the disk, UTF-16 ranges on non-ASCII lines, syntax errors, quick fixes and the
 * suppression action, configuration errors and file-watcher re-analysis, and a clean shutdown.
 */

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Diagnostic, TextEdit } from "vscode-languageserver/node.js";

import { LspClient, REPO_ROOT } from "./client.js";

let dir: string;
let client: LspClient;
const uri = (relative: string): string => pathToFileURL(path.join(dir, ...relative.split("/"))).href;

/**
 * Where the findings of today's FG101/FG201 rules are, located by their text so that unrelated
 * edits of the example app do not shift them: 0-based line and UTF-16 character, as on the wire.
 */
function locate(relative: string, needle: string, after = ""): { line: number; start: number; end: number } {
  const lines = readFileSync(path.join(REPO_ROOT, "examples", "insecure-app", ...relative.split("/")), "utf8").split("\n");
  const from = after === "" ? 0 : lines.findIndex((l) => l.startsWith(after));
  const line = lines.findIndex((l, i) => i >= from && l.includes(needle));
  expect(line, `${needle} in ${relative}`).toBeGreaterThanOrEqual(0);
  const start = lines[line]!.indexOf(needle);
  return { line, start, end: start + needle.length };
}
const span = (code: string, at: { line: number; start: number; end: number }): string => `${code}@${at.line}:${at.start}-${at.line}:${at.end}`;
const BASE_SECRET = locate("config.py", '"dev"', "class Config:");
const PROD_SECRET = locate("config.py", '"dev"', "class ProductionConfig");
const PROD_DEBUG = locate("config.py", "DEBUG = True", "class ProductionConfig");
const RUN_DEBUG = locate("run.py", "debug=True");

/** `code@line:char-line:char` (0-based, as on the wire) for compact comparisons. */
function brief(diagnostics: readonly Diagnostic[]): string[] {
  return diagnostics.map((d) => `${String(d.code)}@${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character}`);
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "flaskguard-lsp-"));
  cpSync(path.join(REPO_ROOT, "examples", "insecure-app"), dir, { recursive: true });
  writeFileSync(path.join(dir, "flaskguard.toml"), 'select = ["FG101", "FG201"]\n');
  client = LspClient.start(dir);
  const init = await client.initialize(dir);
  expect(init.serverInfo?.name).toBe("flaskguard");
  expect(init.capabilities.codeActionProvider).toBeTruthy();
});

afterAll(() => {
  client?.kill();
  rmSync(dir, { recursive: true, force: true });
});

describe("flaskguard lsp", () => {
  it("publishes the whole project's findings before any file is opened", async () => {
    const config = await client.waitForDiagnostics(uri("config.py"), (d) => d.length > 0, "config.py diagnostics");
    expect(brief(config)).toEqual([span("FG201", BASE_SECRET), span("FG201", PROD_SECRET), span("FG101", PROD_DEBUG)]);
    const run = await client.waitForDiagnostics(uri("run.py"), (d) => d.length > 0, "run.py diagnostics");
    expect(brief(run)).toEqual([span("FG101", RUN_DEBUG)]);

    const secret = config[0]!;
    expect(secret.source).toBe("flaskguard");
    expect(secret.severity).toBe(1); // critical → Error
    expect(secret.codeDescription?.href).toMatch(/^file:.*docs\/rules\/FG201\.md$/);
    expect(secret.message).toContain('"dev"');
    // Only files with findings were published.
    expect([...client.diagnostics.keys()].sort()).toEqual([uri("config.py"), uri("run.py")]);
    // The server asked to be told about configuration and source changes on disk.
    expect(JSON.stringify(client.registrations)).toContain("**/flaskguard.toml");
  });

  it("analyses unsaved text: fixing one finding removes only that diagnostic", async () => {
    const text = readFileSync(path.join(dir, "config.py"), "utf8");
    await client.open(uri("config.py"), text);
    const line = text.split("\n")[BASE_SECRET.line]!;
    expect(line).toBe('    SECRET_KEY = "dev"');
    const version = await client.change(uri("config.py"), [
      { range: { start: { line: BASE_SECRET.line, character: BASE_SECRET.start }, end: { line: BASE_SECRET.line, character: BASE_SECRET.end } }, text: 'os.environ["SECRET_KEY"]' },
    ]);
    const after = await client.waitForDiagnostics(uri("config.py"), (_, p) => p.version === version, "diagnostics of the edited buffer");
    expect(brief(after)).toEqual([span("FG201", PROD_SECRET), span("FG101", PROD_DEBUG)]);
    // The file on disk still has the finding: the buffer, not the disk, was analysed.
    expect(readFileSync(path.join(dir, "config.py"), "utf8")).toContain(line);
  });

  it("reports UTF-16 ranges on lines with non-ASCII text", async () => {
    const edited = '    TITLE = "Café 🍰"; SECRET_KEY = "dev"';
    const version = await client.change(uri("config.py"), [
      { range: { start: { line: PROD_SECRET.line, character: 0 }, end: { line: PROD_SECRET.line, character: PROD_SECRET.end } }, text: edited },
    ]);
    const after = await client.waitForDiagnostics(uri("config.py"), (_, p) => p.version === version, "diagnostics after the non-ASCII edit");
    const start = edited.indexOf('"dev"'); // UTF-16 index: 🍰 counts two
    expect(start).toBe(36);
    const moved = { line: PROD_SECRET.line, start, end: start + 5 };
    expect(brief(after)).toEqual([span("FG201", moved), span("FG101", PROD_DEBUG)]);
  });

  it("offers the rule's fix (marked unsafe) and a suppression, and the suppression works", async () => {
    const current = client.diagnostics.get(uri("config.py"))!.diagnostics;
    const debug = current.find((d) => d.code === "FG101")!;
    const secret = current.find((d) => d.code === "FG201")!;

    const secretActions = await client.codeActions(uri("config.py"), secret.range, [secret]);
    const fix = secretActions.find((a) => a.title.startsWith("Read `SECRET_KEY` from the environment"));
    expect(fix?.title).toMatch(/\(unsafe fix/);
    expect(fix?.isPreferred).toBeFalsy();
    const fixEdit = fix!.edit!.changes![uri("config.py")]!;
    expect(fixEdit).toEqual([{ range: secret.range, newText: 'os.environ["SECRET_KEY"]' }]);

    const actions = await client.codeActions(uri("config.py"), debug.range, [debug]);
    const suppress = actions.find((a) => a.title === "Suppress FG101 on this line");
    expect(suppress).toBeDefined();
    const edits: TextEdit[] = suppress!.edit!.changes![uri("config.py")]!;
    expect(edits).toEqual([
      {
        range: { start: { line: PROD_DEBUG.line, character: PROD_DEBUG.end }, end: { line: PROD_DEBUG.line, character: PROD_DEBUG.end } },
        newText: "  # flaskguard: ignore[FG101] -- TODO: explain why this is safe",
      },
    ]);
    const version = await client.applyEdits(uri("config.py"), edits);
    const after = await client.waitForDiagnostics(uri("config.py"), (_, p) => p.version === version, "diagnostics after the suppression");
    expect(brief(after)).toEqual([span("FG201", { line: PROD_SECRET.line, start: 36, end: 41 })]);
  });

  it("shows a syntax error as one diagnostic and recovers when it is fixed", async () => {
    const text = readFileSync(path.join(dir, "run.py"), "utf8");
    await client.open(uri("run.py"), text);
    const broken = await client.change(uri("run.py"), [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: "def (\n" }]);
    const errors = await client.waitForDiagnostics(uri("run.py"), (_, p) => p.version === broken, "the syntax error");
    expect(errors).toHaveLength(1);
    expect(errors[0]!.code).toBe("syntax-error");
    expect(errors[0]!.severity).toBe(1);
    expect(errors[0]!.range.start.line).toBe(0);
    const fixed = await client.change(uri("run.py"), [{ range: { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, text: "" }]);
    const again = await client.waitForDiagnostics(uri("run.py"), (_, p) => p.version === fixed, "run.py after the fix");
    expect(brief(again)).toEqual([span("FG101", RUN_DEBUG)]);
  });

  it("re-analyses on configuration changes and reports a bad configuration without dying", async () => {
    const settled = client.publishes.length;
    writeFileSync(path.join(dir, "flaskguard.toml"), 'select = ["FG101", "FG201"\n'); // unclosed array
    await client.watchedFilesChanged([{ uri: uri("flaskguard.toml"), type: 2 }]);
    await client.waitUntil(() => client.messages.some((m) => m.type === 1), "a configuration error message");
    const message = client.messages.find((m) => m.type === 1)!.message;
    expect(message).toContain("flaskguard.toml");
    expect(message).toMatch(/invalid TOML/);
    // Still alive, analysing with the defaults until the file is fixed.
    await client.waitUntil(() => client.publishes.length > settled, "diagnostics with the default settings");

    writeFileSync(path.join(dir, "flaskguard.toml"), 'select = ["FG101"]\n');
    await client.watchedFilesChanged([{ uri: uri("flaskguard.toml"), type: 2 }]);
    const config = await client.waitForDiagnostics(uri("config.py"), (d) => d.every((x) => x.code === "FG101"), "FG201 gone after select changed");
    expect(brief(config)).toEqual([]); // the only FG101 there is suppressed in the buffer
    const run = await client.waitForDiagnostics(uri("run.py"), (d) => d.length === 1, "run.py with the new configuration");
    expect(brief(run)).toEqual([span("FG101", RUN_DEBUG)]);
  });

  it("shuts down cleanly", async () => {
    expect(await client.stop()).toBe(0);
    expect(client.stderr).toBe("");
  });
});
