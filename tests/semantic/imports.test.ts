/**
 * @fileoverview The import scan (`importedModules`) against the binder's `seenModules`: the engine
 * decides which rules run from the scan, so the two must agree on every file — the fixture projects,
 * the examples, and real code (the Flask packages and part of the standard library when present).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "../../src/python/index.js";
import { bind } from "../../src/semantic/binder.js";
import { importedModules } from "../../src/semantic/imports.js";
import { SemanticModel } from "../../src/semantic/model.js";
import { moduleNameForPath } from "../../src/core/analyzer.js";
import { collectPyFiles, defaultCorpusRoots } from "../../scripts/oracle/corpus.js";

const REPO = path.resolve(import.meta.dirname, "../..");

function compare(file: string, root: string): void {
  const parsed = parse(fs.readFileSync(file, "utf8"));
  if (!parsed.module) return;
  const options = moduleNameForPath(path.relative(root, file).split(path.sep).join("/"));
  const expected = [...bind(parsed.module, options).seenModules].sort();
  expect([...importedModules(parsed.module, options)].sort(), file).toEqual(expected);
}

describe("importedModules", () => {
  it("finds imports at every depth, with parent packages and relative imports resolved", () => {
    const source = [
      "import os.path, flask as f",
      "from . import sibling",
      "from ..pkg.sub import x",
      "def f():",
      "    import json",
      "    class C:",
      "        from flask_wtf.csrf import CSRFProtect",
      "try:",
      "    import ujson",
      "except ImportError:",
      "    import simplejson",
      "else:",
      "    import a",
      "finally:",
      "    import b",
      "with x:",
      "    import c",
      "match y:",
      "    case 1:",
      "        import d",
      "while 1:",
      "    import e",
      "else:",
      "    import g",
      "",
    ].join("\n");
    const module = parse(source).module!;
    const got = [...importedModules(module, { moduleName: "app.views.main", isPackage: false })].sort();
    expect(got).toEqual(
      ["a", "app", "app.pkg", "app.pkg.sub", "app.views", "b", "c", "d", "e", "flask", "flask_wtf", "flask_wtf.csrf", "g", "json", "os", "os.path", "simplejson", "ujson"].sort(),
    );
    expect([...bind(module, { moduleName: "app.views.main", isPackage: false }).seenModules].sort()).toEqual(got);
  });

  it("agrees with the binder on the fixtures and examples", () => {
    for (const dir of ["tests/fixtures", "examples"]) {
      const root = path.join(REPO, dir);
      for (const file of collectPyFiles([root])) compare(file, root);
    }
  });

  it("agrees with the binder on the Flask packages and the standard library (when installed)", () => {
    let roots: string[] = [];
    try {
      roots = defaultCorpusRoots().filter((r) => fs.existsSync(r));
    } catch {
      // No Python or no Flask packages on this machine: the fixtures above still run.
    }
    let n = 0;
    for (const root of roots) {
      for (const file of collectPyFiles([root]).filter((_, i) => i % 7 === 0)) {
        compare(file, root);
        n++;
      }
    }
    if (roots.length > 0) expect(n).toBeGreaterThan(0);
  });

  it("the model answers import questions without binding, and binds on the first other question", () => {
    const module = parse("from flask import Flask\napp = Flask(__name__)\n").module!;
    const model = SemanticModel.build(module, { moduleName: "app" });
    expect(model.seenModule("flask")).toBe(true);
    expect((model as unknown as { bound: unknown }).bound).toBeNull();
    const call = (module.body[1] as unknown as { value: { func: never } }).value.func;
    expect(model.resolveQualifiedName(call)).toBe("flask.Flask");
    expect((model as unknown as { bound: unknown }).bound).not.toBeNull();
  });
});
