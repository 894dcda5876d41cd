/**
 * @fileoverview The CSRF (FG303–FG307) and session-cookie (FG401–FG408) rules on the Flask ecosystem
 * sources installed for the system Python (Flask, Werkzeug, Flask-WTF, Flask-Limiter, Flask-Talisman,
 * Flask-Session): they are libraries, not apps, so every finding there is a false positive. Each
 * package is analysed as one project. Skipped when the system Python or a package is missing.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeProject } from "../../src/core/analyzer.js";

const PYTHON = "/usr/bin/python3";
const PACKAGES = ["flask", "werkzeug", "flask_wtf", "flask_limiter", "flask_talisman", "flask_session"];
const RULES = ["FG303", "FG304", "FG305", "FG306", "FG307", "FG401", "FG402", "FG403", "FG404", "FG405", "FG406", "FG407", "FG408"];

/** Directory of each importable package, asked from the system Python (null when it cannot import it). */
function packageDirs(): Map<string, string | null> {
  const out = new Map<string, string | null>();
  if (!existsSync(PYTHON)) return out;
  const script = [
    "import importlib, os",
    `for name in ${JSON.stringify(PACKAGES)}:`,
    "    try:",
    "        print(name, os.path.dirname(importlib.import_module(name).__file__))",
    "    except Exception:",
    "        print(name, '-')",
  ].join("\n");
  const result = spawnSync(PYTHON, ["-c", script], { encoding: "utf8", timeout: 60_000 });
  for (const line of result.stdout.split("\n")) {
    const [name, dir] = line.trim().split(" ", 2);
    if (name) out.set(name, dir && dir !== "-" ? dir : null);
  }
  return out;
}

function pythonFiles(root: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const p = path.join(dir, name);
      if (statSync(p).isDirectory()) {
        if (name !== "__pycache__") walk(p);
      } else if (name.endsWith(".py")) {
        out.push({ path: path.relative(path.dirname(root), p).split(path.sep).join("/"), text: readFileSync(p, "utf8") });
      }
    }
  };
  walk(root);
  return out;
}

const dirs = packageDirs();

describe("CSRF and session-cookie rules on the Flask ecosystem sources", () => {
  for (const name of PACKAGES) {
    const dir = dirs.get(name) ?? null;
    it.skipIf(dir === null)(`${name}: no findings`, () => {
      const files = pythonFiles(dir!);
      expect(files.length).toBeGreaterThan(0);
      const result = analyzeProject(files, { select: RULES, preview: true });
      expect(result.findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.message}`)).toEqual([]);
    });
  }
});

describe("the same selection on an app", () => {
  it("reports (so the library scans above can fail)", () => {
    const app = [
      "from flask import Flask, session",
      "app = Flask(__name__)",
      "@app.post('/x')",
      "def x():",
      "    session['password'] = 'p'",
      "    return ''",
    ].join("\n");
    const result = analyzeProject([{ path: "app.py", text: app }], { select: RULES, preview: true });
    expect(new Set(result.findings.map((f) => f.rule))).toEqual(new Set(["FG303", "FG401", "FG403", "FG404", "FG406"]));
  });
});
