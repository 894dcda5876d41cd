/**
 * @fileoverview Tests of the analysis runner: a job in the real worker thread gives the same
 * result as on the calling thread, queued jobs can be cancelled, and a job that throws rejects
 * with the crash while the runner keeps serving later jobs. Also the project-root rules.
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { afterAll, describe, expect, it } from "vitest";

import { runAnalysis, type AnalysisJob } from "../../src/lsp/analysis.js";
import { RootFinder } from "../../src/lsp/roots.js";
import { AnalysisRunner, CancelledError } from "../../src/lsp/runner.js";

const dir = mkdtempSync(path.join(os.tmpdir(), "flaskguard-lsp-runner-"));
const write = (relative: string, text: string): void => {
  const file = path.join(dir, ...relative.split("/"));
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
};
write("app.py", 'from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n');
write("flaskguard.toml", 'select = ["FG101"]\n');

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const job: AnalysisJob = { root: dir, overrides: [] };

describe("AnalysisRunner", () => {
  it("runs jobs in a worker thread with the same result as on this thread, unsaved text first", async () => {
    const worker = new AnalysisRunner();
    const inThread = new AnalysisRunner({ inThread: true });
    try {
      const [a, b] = await Promise.all([worker.submit(job).promise, inThread.submit(job).promise]);
      expect(a.findings.map((f) => `${f.rule}@${f.line}:${f.column}`)).toEqual(["FG101@3:9"]);
      expect(b.findings).toEqual(a.findings);
      expect(a.texts["app.py"]).toContain("debug=True");

      const edited = await worker.submit({ root: dir, overrides: [{ path: "app.py", text: "from flask import Flask\napp = Flask(__name__)\n\napp.run(debug=True)\n" }] }).promise;
      expect(edited.findings.map((f) => `${f.rule}@${f.line}:${f.column}`)).toEqual(["FG101@4:9"]);
      const added = await worker.submit({ root: dir, overrides: [{ path: "new.py", text: "from flask import Flask\nFlask(__name__).run(debug=True)\n" }] }).promise;
      expect(added.findings.map((f) => f.file)).toEqual(["app.py", "new.py"]);
    } finally {
      worker.dispose();
      inThread.dispose();
    }
  });

  it("drops cancelled queued jobs and survives a job that throws", async () => {
    const runner = new AnalysisRunner();
    try {
      const first = runner.submit(job);
      const second = runner.submit(job);
      second.cancel();
      await expect(second.promise).rejects.toBeInstanceOf(CancelledError);
      const broken = runner.submit({ root: dir, overrides: null as unknown as [] });
      await expect(first.promise).resolves.toMatchObject({ configError: null });
      await expect(broken.promise).rejects.toThrow(/TypeError/);
      await expect(runner.submit(job).promise).resolves.toMatchObject({ files: 1 });
    } finally {
      runner.dispose();
    }
  });

  it("analyses only the listed files when asked (a directory too wide to scan)", async () => {
    write("other.py", "from flask import Flask\nFlask(__name__).run(debug=True)\n");
    const runner = new AnalysisRunner({ inThread: true });
    try {
      const only = await runner.submit({ root: dir, overrides: [], only: ["other.py"] }).promise;
      expect(only.findings.map((f) => f.file)).toEqual(["other.py"]);
      expect(only.files).toBe(1);
      const unsaved = await runner.submit({ root: dir, overrides: [{ path: "scratch.py", text: "x = 1\n" }], only: ["scratch.py"] }).promise;
      expect(unsaved).toMatchObject({ files: 1, findings: [] });
    } finally {
      runner.dispose();
      rmSync(path.join(dir, "other.py"));
    }
  });

  it("reports a bad configuration and falls back to the defaults", async () => {
    const bad = mkdtempSync(path.join(os.tmpdir(), "flaskguard-lsp-badcfg-"));
    try {
      writeFileSync(path.join(bad, "flaskguard.toml"), "select = [\n");
      writeFileSync(path.join(bad, "app.py"), 'from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n');
      const runner = new AnalysisRunner({ inThread: true });
      const outcome = await runner.submit({ root: bad, overrides: [] }).promise;
      runner.dispose();
      expect(outcome.configError).toMatch(/flaskguard\.toml: invalid TOML at line 2/);
      expect(outcome.findings.map((f) => f.rule)).toContain("FG101");
    } finally {
      rmSync(bad, { recursive: true, force: true });
    }
  });
});

describe("RootFinder", () => {
  it("stops at the nearest marker, never above the workspace folder", () => {
    write("ws/api/pyproject.toml", "[project]\nname = 'api'\n");
    write("ws/api/app/views.py", "");
    write("ws/tools/x.py", "");
    const roots = new RootFinder();
    const ws = path.join(dir, "ws");
    roots.setFolders([ws]);
    expect(roots.rootOf(path.join(ws, "api", "app", "views.py"))).toBe(path.join(ws, "api"));
    // `dir` above the folder has a flaskguard.toml, but the folder is the ceiling.
    expect(roots.rootOf(path.join(ws, "tools", "x.py"))).toBe(ws);
    // Outside every folder: the nearest marker upward.
    expect(new RootFinder().rootOf(path.join(ws, "tools", "x.py"))).toBe(dir);
  });

  it("never treats the home directory or the file system root as a project tree, unless it is a workspace folder", () => {
    const roots = new RootFinder();
    expect(roots.isTooWide(os.homedir())).toBe(true);
    expect(roots.isTooWide(path.parse(dir).root)).toBe(true);
    expect(roots.isTooWide(dir)).toBe(false);
    roots.setFolders([os.homedir()]);
    expect(roots.isTooWide(os.homedir())).toBe(false);
  });
});

describe("runAnalysis keeps results between runs of a root", () => {
  it("analyses afresh only the edited file, and the project part when the file belongs to it", () => {
    const root = mkdtempSync(path.join(os.tmpdir(), "flaskguard-lsp-memory-"));
    try {
      const put = (relative: string, text: string): void => {
        const file = path.join(root, ...relative.split("/"));
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, text);
      };
      put("app.py", "from flask import Flask\napp = Flask(__name__)\napp.run(debug=True)\n");
      for (let i = 0; i < 5; i++) put(`lib/helper${i}.py`, `def helper${i}(x):\n    return x\n`);
      const first = runAnalysis({ root, overrides: [] });
      expect(first.files).toBe(6);
      expect(first.fresh).toBe(6);
      const again = runAnalysis({ root, overrides: [] });
      expect(again.fresh).toBe(0);
      expect(again.findings).toEqual(first.findings);
      // An unsaved edit of a helper (analysed alone): that file only.
      const edited = { path: "lib/helper2.py", text: "import os\n\ndef helper2(x):\n    return os.getcwd()\n" };
      const helper = runAnalysis({ root, overrides: [edited] });
      expect(helper.fresh).toBe(1);
      // Then an edit of the Flask app (the helper still open, unsaved): the project part (one file here) only.
      const app = runAnalysis({ root, overrides: [edited, { path: "app.py", text: "from flask import Flask\napp = Flask(__name__)\n\n\napp.run(debug=True)\n" }] });
      expect(app.fresh).toBe(1);
      expect(app.findings.map((f) => `${f.rule}@${f.line}`)).toContain("FG101@5");
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
