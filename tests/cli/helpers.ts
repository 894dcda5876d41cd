/**
 * @fileoverview Helpers for CLI tests: temporary projects in the OS temp directory, running the
 * CLI in-process with captured output, and running the real executable in a child process.
 */

import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { runCli } from "../../src/cli/program.js";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** A Flask file with one FG201 (line 4) and one FG101 (line 5) finding, both `high`. */
export const INSECURE_APP = [
  "from flask import Flask",
  "",
  "app = Flask(__name__)",
  'app.config["SECRET_KEY"] = "s3cr3t-value"',
  "app.run(debug=True)",
  "",
].join("\n");

/** A Flask file without findings. */
export const CLEAN_APP = ["import os", "", "from flask import Flask", "", "app = Flask(__name__)", 'app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]', ""].join("\n");

const created: string[] = [];

/** Creates a temporary project with the given files (POSIX relative path → content). */
export function tempProject(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "flaskguard-cli-"));
  created.push(dir);
  for (const [relative, content] of Object.entries(files)) writeIn(dir, relative, content);
  return dir;
}

/** Writes one file below `dir`, creating directories. */
export function writeIn(dir: string, relative: string, content: string | Uint8Array): void {
  const file = path.join(dir, ...relative.split("/"));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
}

/** Removes every project created by `tempProject` (call from afterAll). */
export function cleanupProjects(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export interface RunResult {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in-process in `cwd` with captured streams. */
export function run(argv: string[], cwd: string, options: { env?: Record<string, string>; tty?: boolean } = {}): RunResult {
  let stdout = "";
  let stderr = "";
  const status = runCli(argv, {
    cwd,
    env: options.env ?? {},
    stdout: { write: (text: string) => (stdout += text), isTTY: options.tty ?? false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
  });
  return { status, stdout, stderr };
}

/** Runs the real executable (`src/cli/main.ts` through tsx) in a child process. */
export function spawnCli(argv: string[], cwd: string, env: Record<string, string> = {}): RunResult {
  const require = createRequire(import.meta.url);
  const tsxLoader = pathToFileURL(require.resolve("tsx")).href;
  const result = spawnSync(process.execPath, ["--import", tsxLoader, path.join(REPO_ROOT, "src", "cli", "main.ts"), ...argv], {
    cwd,
    encoding: "utf8",
    env: { PATH: process.env["PATH"] ?? "", ...env },
    timeout: 60_000,
  });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

