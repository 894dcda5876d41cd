/**
 * @fileoverview The fixture projects that whole-engine equivalence tests run on (the split scan
 * against one analysis, the rules' hints against none): the examples and every fixture directory,
 * read as engine inputs.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

import type { SourceFileInput } from "../../src/core/analyzer.js";

const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

/** Every file below `dir` (skipping caches and docs), as engine inputs with POSIX paths relative to `dir`. */
export function inputsOf(dir: string): SourceFileInput[] {
  const out: SourceFileInput[] = [];
  const visit = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      if (name === ".flaskguard_cache" || name === "__pycache__" || name.endsWith(".md") || (name.endsWith(".txt") && !current.includes("templates"))) continue;
      const full = path.join(current, name);
      if (statSync(full).isDirectory()) visit(full);
      else out.push({ path: path.relative(dir, full).split(path.sep).join("/"), bytes: new Uint8Array(readFileSync(full)) });
    }
  };
  visit(dir);
  return out;
}

/** The example apps and every fixture project directory. */
export function projectDirs(): string[] {
  const dirs: string[] = [path.join(REPO_ROOT, "examples", "insecure-app"), path.join(REPO_ROOT, "examples", "secure-app")];
  for (const parent of ["tests/fixtures/projects", "tests/fixtures/model", "tests/fixtures/rules"]) {
    const full = path.join(REPO_ROOT, parent);
    if (!existsSync(full)) continue;
    for (const name of readdirSync(full).sort()) if (statSync(path.join(full, name)).isDirectory()) dirs.push(path.join(full, name));
  }
  return dirs;
}
