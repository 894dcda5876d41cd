/**
 * @fileoverview The shipped examples: the insecure app triggers every rule family that exists in
 * the registry and the secure twin triggers none (with every rule enabled, preview included).
 * Both apps must also be real Flask code: a smoke test imports each factory and serves a page
 * with the system's Flask packages (skipped when those are not installed).
 */

import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { rules } from "../../src/rules/index.js";
import { REPO_ROOT, run } from "./helpers.js";

interface Report {
  findings: { rule: string; category: string; file: string; line: number; suppressed: unknown }[];
  errors: { file: string; kind: string; message: string }[];
}

function scan(example: string): { status: number; report: Report } {
  const result = run(["check", path.join("examples", example), "--select", "ALL", "--format", "json"], REPO_ROOT);
  return { status: result.status, report: JSON.parse(result.stdout) as Report };
}

describe("examples", () => {
  it("insecure-app has findings of every rule family in the registry", () => {
    const { status, report } = scan("insecure-app");
    expect(status).toBe(1);
    expect(report.errors).toEqual([]);
    const found = new Set(report.findings.filter((f) => f.suppressed === false).map((f) => f.category));
    const families = new Set(rules.map((r) => r.meta.category).filter((c) => c !== "other"));
    expect(families.size).toBeGreaterThan(0);
    for (const family of families) expect(found, `no ${family} finding in examples/insecure-app`).toContain(family);
  });

  it("secure-app has no findings at all", () => {
    const { status, report } = scan("secure-app");
    expect(report.errors).toEqual([]);
    expect(report.findings.map((f) => `${f.file}:${f.line} ${f.rule}`)).toEqual([]);
    expect(status).toBe(0);
  });
});

const PYTHON = "/usr/bin/python3";
const hasFlask =
  existsSync(PYTHON) &&
  spawnSync(PYTHON, ["-c", "import flask, flask_wtf, flask_login, flask_limiter, flask_talisman"], { encoding: "utf8" }).status === 0;

/** Copies an example to a temporary directory (the apps create instance/ and upload folders) and runs a script in it. */
function runPython(example: string, script: string): { status: number | null; stdout: string; stderr: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "flaskguard-example-"));
  try {
    cpSync(path.join(REPO_ROOT, "examples", example), dir, { recursive: true });
    const result = spawnSync(PYTHON, ["-c", script], {
      cwd: dir,
      encoding: "utf8",
      env: { PATH: process.env["PATH"] ?? "", PYTHONDONTWRITEBYTECODE: "1", SECRET_KEY: "test-only-" + "x".repeat(32) },
      timeout: 60_000,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!hasFlask)("examples import and serve with the system Flask", () => {
  it("insecure-app", () => {
    const result = runPython(
      "insecure-app",
      [
        "from app import create_app",
        "from app.db import SCHEMA, get_db",
        "app = create_app('testing')",
        "with app.app_context():",
        "    get_db().executescript(SCHEMA)",
        "client = app.test_client()",
        "print(client.get('/').status_code)",
        "print(client.post('/auth/register', data={'username': 'u', 'password': 'p'}).status_code)",
      ].join("\n"),
    );
    expect(result.stderr).toBe("");
    expect(result.stdout.split("\n")).toEqual(["200", "302", ""]);
  });

  it("secure-app (CSRF, rate limit and security headers active)", () => {
    const result = runPython(
      "secure-app",
      [
        "import re",
        "from app import create_app",
        "from app.db import init_db",
        "app = create_app('testing')",
        "with app.app_context():",
        "    init_db()",
        "client = app.test_client()",
        "base = 'https://localhost'",
        "page = client.get(base + '/auth/login')",
        "print(page.status_code, 'Content-Security-Policy' in page.headers)",
        "token = re.search(r'name=\"csrf_token\" value=\"([^\"]+)\"', page.get_data(as_text=True)).group(1)",
        "headers = {'Referer': base + '/'}",
        "print(client.post(base + '/auth/login', data={'username': 'u', 'password': 'p'}, headers=headers).status_code)",
        "codes = [client.post(base + '/auth/login', data={'username': 'u', 'password': 'p', 'csrf_token': token}, headers=headers).status_code for _ in range(6)]",
        "print(codes)",
      ].join("\n"),
    );
    expect(result.stderr).toBe("");
    expect(result.stdout.split("\n")).toEqual(["200 True", "400", "[401, 401, 401, 401, 401, 429]", ""]);
  });
});
