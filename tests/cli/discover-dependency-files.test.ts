/**
 * @fileoverview Discovery hands dependency files (requirements, pyproject, lock files) to the engine as
 * text files, not as templates, and only when text files are scanned.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { ALL_SOURCE_KINDS, discoverFiles } from "../../src/cli/discover.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "flaskguard-deps-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(relative: string, text = "x\n"): void {
  const file = path.join(dir, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

describe("dependency files", () => {
  it("are discovered as text files", () => {
    for (const f of ["app.py", "requirements.txt", "requirements/prod.txt", "pyproject.toml", "poetry.lock", "uv.lock", "Pipfile.lock", "notes.txt", "setup.cfg"]) write(f);
    const result = discoverFiles([], dir, { root: dir, kinds: ALL_SOURCE_KINDS });
    const kinds = Object.fromEntries(result.files.map((f) => [f.path, f.kind]));
    expect(kinds).toEqual({
      "app.py": "python",
      "Pipfile.lock": "text",
      "poetry.lock": "text",
      "pyproject.toml": "text",
      "requirements.txt": "text",
      "requirements/prod.txt": "text",
      "uv.lock": "text",
    });
  });

  it("are skipped when only Python is scanned", () => {
    write("app.py");
    write("requirements.txt");
    expect(discoverFiles([], dir, { root: dir }).files.map((f) => f.path)).toEqual(["app.py"]);
  });
});
