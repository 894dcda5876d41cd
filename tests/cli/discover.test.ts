/**
 * @fileoverview File discovery and reading: .gitignore (nested, negated), excludes, default
 * skips, virtualenv detection, explicit files, symlink loops, directories named like files,
 * unreadable, vanished and binary files.
 */

import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { commonRoot, discoverFiles } from "../../src/cli/discover.js";
import { readSources } from "../../src/cli/read.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "flaskguard-discover-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(relative: string, text = "x = 1\n"): void {
  const file = path.join(dir, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

function scan(paths: string[] = [], options: { exclude?: string[] } = {}) {
  const root = commonRoot(paths, dir);
  return discoverFiles(paths, dir, { root, exclude: options.exclude });
}

const pathsOf = (result: ReturnType<typeof scan>) => result.files.map((f) => f.path);

describe("discovery", () => {
  it("finds .py files, sorted, with POSIX paths relative to the root", () => {
    write("run.py");
    write("app/__init__.py");
    write("app/views/main.py");
    write("app/templates/index.html", "<p>");
    write("README.md", "#");
    expect(pathsOf(scan())).toEqual(["app/__init__.py", "app/views/main.py", "run.py"]);
  });

  it("skips virtualenvs, tool directories and anything with a pyvenv.cfg", () => {
    write("app.py");
    for (const skipped of [".venv", "venv", "node_modules", "__pycache__", ".git", "site-packages", ".flaskguard_cache"]) {
      write(`${skipped}/mod.py`);
    }
    write("env3/pyvenv.cfg", "home = /usr/bin\n");
    write("env3/lib/python3.11/flask/app.py");
    write("lib/site-packages/pkg/mod.py");
    expect(pathsOf(scan())).toEqual(["app.py"]);
  });

  it("honours .gitignore files, nested ones and negations", () => {
    write(".gitignore", "build/\n*_generated.py\n");
    write("app/.gitignore", "local_settings.py\n!keep_generated.py\n");
    write("build/out.py");
    write("app/views.py");
    write("app/local_settings.py");
    write("app/schema_generated.py");
    write("app/keep_generated.py");
    write("other/local_settings.py");
    expect(pathsOf(scan())).toEqual(["app/keep_generated.py", "app/views.py", "other/local_settings.py"]);
  });

  it("honours the .gitignore of the enclosing repository above the scan root", () => {
    mkdirSync(path.join(dir, ".git"));
    write(".gitignore", "generated/\n");
    write("src/generated/x.py");
    write("src/app.py");
    const result = scan(["src"]);
    expect(pathsOf(result)).toEqual(["app.py"]);
  });

  it("applies configured exclude globs", () => {
    write("app/views.py");
    write("migrations/versions/001.py");
    write("tests/test_app.py");
    write("app/tests/test_views.py");
    expect(pathsOf(scan([], { exclude: ["migrations/", "**/tests/**"] }))).toEqual(["app/views.py"]);
  });

  it("always scans explicit files, even ignored or not ending in .py", () => {
    write(".gitignore", "secret.py\n");
    write("secret.py");
    write("manage");
    const result = scan(["secret.py", "manage"]);
    expect(pathsOf(result)).toEqual(["manage", "secret.py"]);
    expect(result.files.every((f) => f.explicit)).toBe(true);
  });

  it("uses the common directory of the arguments as the root", () => {
    write("proj/app/a.py");
    write("proj/lib/b.py");
    expect(commonRoot(["proj/app/a.py", "proj/lib"], dir)).toBe(path.join(dir, "proj"));
    expect(pathsOf(scan(["proj/app/a.py", "proj/lib"]))).toEqual(["app/a.py", "lib/b.py"]);
    expect(commonRoot([], dir)).toBe(dir);
  });

  it("walks into a directory named x.py instead of reading it", () => {
    write("weird.py/inner.py");
    write("ok.py");
    const result = scan();
    expect(pathsOf(result)).toEqual(["ok.py", "weird.py/inner.py"]);
    expect(result.errors).toEqual([]);
  });

  it("reports a symlink loop and goes on", () => {
    write("pkg/mod.py");
    symlinkSync(path.join(dir, "pkg"), path.join(dir, "pkg", "loop"));
    symlinkSync("self.py", path.join(dir, "self.py"));
    const result = scan();
    expect(pathsOf(result)).toEqual(["pkg/mod.py"]);
    expect(result.errors.map((e) => [e.file, e.kind])).toEqual([
      ["pkg/loop", "symlink-loop"],
      ["self.py", "symlink-loop"],
    ]);
  });

  it("follows a symlinked directory once", () => {
    write("real/mod.py");
    symlinkSync(path.join(dir, "real"), path.join(dir, "alias"));
    expect(pathsOf(scan())).toEqual(["alias/mod.py"]);
  });
});

describe("reading", () => {
  it("turns vanished, binary and directory entries into errors and keeps the rest", () => {
    write("good.py", "x = 'é'\n");
    write("gone.py");
    writeFileSync(path.join(dir, "blob.py"), Buffer.from([0x78, 0x00, 0x01, 0x02]));
    const result = scan();
    rmSync(path.join(dir, "gone.py"));
    // Simulate a file turned into a directory between discovery and reading.
    const swapped = { ...result.files[0]!, path: "swapped.py", absolute: dir };
    const read = readSources([...result.files, swapped]);
    expect(read.inputs.map((i) => i.path)).toEqual(["good.py"]);
    expect(read.texts.get("good.py")).toBe("x = 'é'\n");
    expect(read.errors.map((e) => [e.file, e.kind])).toEqual([
      ["blob.py", "binary-file"],
      ["gone.py", "read-error"],
      ["swapped.py", "read-error"],
    ]);
  });

  it("decodes invalid UTF-8 as Latin-1 for display", () => {
    writeFileSync(path.join(dir, "latin.py"), Buffer.from("# -*- coding: latin-1 -*-\nname = '\xe9'\n", "latin1"));
    const read = readSources(scan().files);
    expect(read.texts.get("latin.py")).toContain("name = 'é'");
    expect(read.inputs[0]!.bytes.length).toBeGreaterThan(0);
  });

  it.skipIf(process.getuid?.() === 0)("reports an unreadable file (skipped as root, where chmod does not stop reads)", () => {
    write("locked.py");
    write("open.py");
    chmodSync(path.join(dir, "locked.py"), 0o000);
    const read = readSources(scan().files);
    expect(read.inputs.map((i) => i.path)).toEqual(["open.py"]);
    expect(read.errors).toMatchObject([{ file: "locked.py", kind: "read-error", message: "permission denied" }]);
  });
});

describe("explicit directories", () => {
  it("are scanned even when ignored or excluded themselves; their own .gitignore files still apply", () => {
    mkdirSync(path.join(dir, ".git"));
    write(".gitignore", "vendor/\n");
    write("vendor/.gitignore", "*.gen.py\n");
    write("vendor/lib/mod.py");
    write("vendor/lib/skip.gen.py");
    const result = discoverFiles(["vendor"], dir, { root: path.join(dir, "vendor"), exclude: ["vendor/"], excludeBase: dir });
    expect(result.files.map((f) => f.path)).toEqual(["lib/mod.py"]);
  });

  it("keep the ignore rules above them when they are not ignored themselves", () => {
    mkdirSync(path.join(dir, ".git"));
    write(".gitignore", "*.gen.py\n");
    write("src/mod.py");
    write("src/skip.gen.py");
    write("src/tests/t.py");
    const result = discoverFiles(["src"], dir, { root: path.join(dir, "src"), exclude: ["**/tests/"], excludeBase: dir });
    expect(result.files.map((f) => f.path)).toEqual(["mod.py"]);
  });
});
