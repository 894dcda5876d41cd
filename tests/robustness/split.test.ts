/**
 * @fileoverview The split scan (project part together, every other file alone; `core/split.ts`)
 * gives exactly the findings and errors of one `analyzeProject` over the whole project: on every
 * fixture project, the rule fixtures, the examples and synthetic projects. Then the cache
 * (`.flaskguard_cache/`): a warm run reuses every result, a one-file edit re-analyses that file
 * (plus the project part when the file belongs to it), `--no-cache` writes nothing, and the
 * parallel scan (worker pool) gives the same results as the single-threaded one.
 */

import { existsSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

import { analyzeProject } from "../../src/core/analyzer.js";
import type { AnalyzeResult, SourceFileInput } from "../../src/core/analyzer.js";
import { analyzeSplit, moduleReferences, planSplit } from "../../src/core/split.js";
import { scanParallel, scanSync } from "../../src/cli/scan.js";
import type { ScanStats } from "../../src/cli/scan.js";
import { CLEAN_APP, INSECURE_APP, REPO_ROOT, cleanupProjects, run, tempProject, writeIn } from "../cli/helpers.js";
import { inputsOf, projectDirs } from "./fixture-projects.js";

afterAll(cleanupProjects);

const OPTIONS = { select: ["ALL"], reportUnusedSuppressions: true };

function comparable(result: AnalyzeResult) {
  return { findings: result.findings, errors: result.errors, enabledRules: result.enabledRules };
}

describe("the split scan equals one analyzeProject", () => {
  it.each(projectDirs().map((d) => [path.relative(REPO_ROOT, d), d]))("%s", (_name, dir) => {
    const inputs = inputsOf(dir);
    expect(comparable(analyzeSplit(inputs, OPTIONS))).toEqual(comparable(analyzeProject(inputs, OPTIONS)));
  });

  it("on a mixed project: Flask files together, helpers alone, a config module named in a string", () => {
    const inputs: SourceFileInput[] = [
      { path: "app/__init__.py", text: 'from flask import Flask\nfrom . import views\napp = Flask(__name__)\napp.config.from_object("settings.Prod")\n' },
      { path: "app/views.py", text: "from app.helpers import run_cmd\n\ndef index():\n    return run_cmd('ls')\n" },
      { path: "app/helpers.py", text: "import subprocess\n\ndef run_cmd(c):\n    return subprocess.run(c, shell=True)\n" },
      { path: "settings.py", text: 'class Prod:\n    SECRET_KEY = "hard-coded-secret-value"\n    DEBUG = True\n' },
      { path: "tools/report.py", text: "import pickle\n\ndef load(b):\n    return pickle.loads(b)  # flaskguard: ignore[FG999] -- bogus rule\n" },
      { path: "tools/uses_app.py", text: "from app.views import index\nprint(index())\n" },
      { path: "notes.py", text: "# this mentions flask_wtf and flask_limiter but imports nothing\nx = 1\n" },
    ];
    const plan = planSplit(inputs);
    expect(plan.project.map((i) => i.path)).toEqual(["app/__init__.py", "app/views.py", "app/helpers.py", "settings.py", "tools/uses_app.py", "notes.py"]);
    expect(plan.alone.map((i) => i.path)).toEqual(["tools/report.py"]);
    expect(comparable(analyzeSplit(inputs, OPTIONS))).toEqual(comparable(analyzeProject(inputs, OPTIONS)));
  });

  it("when no file imports Flask, project-scope rules stay off for files analysed alone", () => {
    const inputs: SourceFileInput[] = [
      { path: "lib/a.py", text: "import pickle\npickle.loads(b'')\n" },
      { path: "lib/b.py", text: "import os\nos.system(input())\n" },
    ];
    expect(planSplit(inputs).alone).toHaveLength(2);
    expect(comparable(analyzeSplit(inputs, OPTIONS))).toEqual(comparable(analyzeProject(inputs, OPTIONS)));
  });

  it("finds imported and named modules textually", () => {
    const refs = moduleReferences(
      "import os.path, json as j\nfrom . import views, models\nfrom ..core import (\n  a,\n  b as c,\n)\nx = 'config.Prod'\n",
      "pkg.sub.mod",
      false,
    );
    for (const name of ["os", "os.path", "json", "pkg.sub", "pkg.sub.views", "pkg.sub.models", "pkg.core", "pkg.core.a", "pkg.core.b", "config", "config.Prod"]) {
      expect(refs, name).toContain(name);
    }
  });
});

describe("the result cache", () => {
  const PROJECT = {
    "app.py": INSECURE_APP,
    "clean.py": CLEAN_APP,
    ...Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`lib/helper${i}.py`, `import os\n\ndef f${i}(x):\n    return os.path.join(x, "${i}")\n`])),
    "lib/bad.py": "def broken(:\n",
  };

  it("reuses every result when nothing changed, and re-analyses only an edited file", () => {
    const dir = tempProject(PROJECT);
    const scan = (): { result: AnalyzeResult; stats: ScanStats } => {
      const stats = {} as ScanStats;
      const result = scanSync(inputsOf(dir), OPTIONS, { jobs: 1, cacheRoot: dir, stats });
      return { result, stats };
    };
    const cold = scan();
    expect(cold.stats).toMatchObject({ projectCached: false, aloneCached: 0 });
    expect(cold.stats.aloneAnalysed).toBeGreaterThan(0);
    expect(existsSync(path.join(dir, ".flaskguard_cache", ".gitignore"))).toBe(true);
    const warm = scan();
    expect(warm.stats).toMatchObject({ projectCached: true, aloneAnalysed: 0, aloneCached: cold.stats.aloneAnalysed });
    expect(comparable(warm.result)).toEqual(comparable(cold.result));

    // A helper edited: that file alone is analysed again.
    writeIn(dir, "lib/helper3.py", "import os\nos.system(input())\n");
    const edited = scan();
    expect(edited.stats).toMatchObject({ projectCached: true, aloneAnalysed: 1 });
    expect(comparable(edited.result)).toEqual(comparable(analyzeProject(inputsOf(dir), OPTIONS)));

    // A Flask file edited: the project part is analysed again, the helpers come from the cache.
    writeIn(dir, "app.py", INSECURE_APP.replace("debug=True", "debug=False"));
    const flaskEdit = scan();
    expect(flaskEdit.stats).toMatchObject({ projectCached: false, aloneAnalysed: 0 });
    expect(comparable(flaskEdit.result)).toEqual(comparable(analyzeProject(inputsOf(dir), OPTIONS)));
  });

  it("is ignored when damaged, and a different configuration does not reuse it", () => {
    const dir = tempProject(PROJECT);
    scanSync(inputsOf(dir), OPTIONS, { jobs: 1, cacheRoot: dir });
    const other = {} as ScanStats;
    scanSync(inputsOf(dir), { ...OPTIONS, nosec: true }, { jobs: 1, cacheRoot: dir, stats: other });
    expect(other).toMatchObject({ projectCached: false, aloneCached: 0 });
    writeIn(dir, ".flaskguard_cache/results-v1.json", "{ not json");
    const damaged = {} as ScanStats;
    const result = scanSync(inputsOf(dir), OPTIONS, { jobs: 1, cacheRoot: dir, stats: damaged });
    expect(damaged).toMatchObject({ projectCached: false, aloneCached: 0 });
    expect(comparable(result)).toEqual(comparable(analyzeProject(inputsOf(dir), OPTIONS)));
  });

  it("the CLI caches by default and --no-cache leaves no cache behind", () => {
    const dir = tempProject(PROJECT);
    const first = run(["check", "--format", "json", "--no-cache"], dir);
    expect(existsSync(path.join(dir, ".flaskguard_cache"))).toBe(false);
    const cached = run(["check", "--format", "json"], dir);
    expect(existsSync(path.join(dir, ".flaskguard_cache", "results-v1.json"))).toBe(true);
    expect(run(["check", "--format", "json"], dir).stdout).toBe(cached.stdout);
    expect(cached.stdout).toBe(first.stdout);
  });
});

describe("the files analysed alone first, with the modules the texts suggest", () => {
  it("are analysed again when the project part switches other rules on", () => {
    // `flask_login` is named in a string but never imported: the guess switches FG405 on, the project part does not.
    const files = { "app.py": `${INSECURE_APP}\nNOTE = "flask_login is not used here"\n`, "lib/util.py": "def f(x):\n    return x\n" };
    const inputs = inputsOf(tempProject(files));
    const stats = {} as ScanStats;
    const result = scanSync(inputs, OPTIONS, { jobs: 1, cacheRoot: null, stats });
    expect(stats.aloneRedone).toBe(1);
    expect(comparable(result)).toEqual(comparable(analyzeProject(inputs, OPTIONS)));
  });

  it("are kept when the guess switches the same rules on", () => {
    const inputs = inputsOf(tempProject({ "app.py": INSECURE_APP, "lib/util.py": "def f(x):\n    return x\n" }));
    const stats = {} as ScanStats;
    const result = scanSync(inputs, OPTIONS, { jobs: 1, cacheRoot: null, stats });
    expect(stats.aloneRedone ?? 0).toBe(0);
    expect(stats.aloneAnalysed).toBe(1);
    expect(comparable(result)).toEqual(comparable(analyzeProject(inputs, OPTIONS)));
  });
});

describe("the parallel scan", () => {
  it("gives the single-threaded results with workers", async () => {
    const files: Record<string, string> = { "app.py": INSECURE_APP, "lib/bad.py": "def broken(:\n" };
    for (let i = 0; i < 12; i++) files[`lib/mod${i}.py`] = `import os\nimport pickle\n\ndef f(x):\n    return x\n\nos.system(input())\npickle.loads(b"")  # flaskguard: ignore[FG999] -- unknown\n`;
    const dir = tempProject(files);
    const inputs = inputsOf(dir);
    const stats = {} as ScanStats;
    const parallel = await scanParallel(inputs, OPTIONS, { jobs: 2, cacheRoot: null, stats, poolMin: { files: 1, bytes: 0 } });
    expect(stats.workers).toBeGreaterThan(0);
    expect(stats.aloneAnalysed).toBe(13);
    expect(comparable(parallel)).toEqual(comparable(scanSync(inputs, OPTIONS, { jobs: 1, cacheRoot: null })));
    expect(comparable(parallel)).toEqual(comparable(analyzeProject(inputs, OPTIONS)));
  });
});
