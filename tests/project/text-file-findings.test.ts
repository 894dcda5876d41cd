/**
 * @fileoverview FG101/FG201 in non-Python files the project model reads: `FLASK_DEBUG=1` and
 * `FLASK_ENV=development` in `.flaskenv`/`.env`, `SECRET_KEY=` there, and `SECRET_KEY = "..."` in a
 * `.cfg` file loaded with `from_pyfile` (a `.cfg` nobody loads is not a Flask config).
 */
import { describe, expect, it } from "vitest";
import { analyzeProject, type SourceFileInput } from "../../src/core/analyzer.js";

const APP = 'from flask import Flask\napp = Flask(__name__)\napp.config.from_pyfile("settings.cfg")\n';

function findings(files: SourceFileInput[]): string[] {
  const { findings, errors } = analyzeProject(files, { select: ["FG101", "FG201"] });
  expect(errors).toEqual([]);
  return findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule} ${f.severity}`);
}

describe("findings in .flaskenv, .env and from_pyfile files", () => {
  it("reports FLASK_DEBUG and FLASK_ENV=development in .flaskenv", () => {
    const out = findings([
      { path: "app.py", text: APP },
      { path: ".flaskenv", text: "FLASK_APP=app.py\nFLASK_DEBUG=1\nFLASK_ENV=development\n", kind: "text" },
    ]);
    expect(out).toEqual([".flaskenv:2:1 FG101 high", ".flaskenv:3:1 FG101 high"]);
  });

  it("does not report debug switched off", () => {
    const out = findings([
      { path: "app.py", text: APP },
      { path: ".flaskenv", text: "FLASK_DEBUG=0\nexport FLASK_ENV=production\n", kind: "text" },
    ]);
    expect(out).toEqual([]);
  });

  it("reports secrets committed in env files, critical when weak", () => {
    const out = findings([
      { path: "app.py", text: APP },
      { path: ".env", text: "# local\nSECRET_KEY='changeme'\nFLASK_SECRET_KEY=\"9f8e7d6c5b4a39281706f5e4d3c2b1a0\"\nDATABASE_URL=sqlite://\n", kind: "text" },
    ]);
    expect(out).toEqual([".env:2:1 FG201 critical", ".env:3:1 FG201 high"]);
  });

  it("reports a literal SECRET_KEY in a .cfg file loaded with from_pyfile, not in an unloaded one", () => {
    const out = findings([
      { path: "app.py", text: APP },
      { path: "settings.cfg", text: 'DEBUG = False\nSECRET_KEY = "k-29f8a7d6c5b4e3f2a1b0c9d8e7f6a5b4"\n', kind: "text" },
      { path: "other/tool.cfg", text: 'SECRET_KEY = "not-flask"\n', kind: "text" },
    ]);
    expect(out).toEqual(["settings.cfg:2:1 FG201 high"]);
  });
});
