/**
 * @fileoverview `flaskguard check --fix`: safe fixes by default, unsafe ones with `--unsafe-fixes`,
 * files written back atomically with their encoding, BOM and mode kept, non-UTF-8 files left alone,
 * and the report shows what remains.
 */
import { readFileSync, statSync, chmodSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cleanupProjects, run, tempProject } from "./helpers.js";

afterAll(cleanupProjects);

const APP = ["from flask import Flask", "", "app = Flask(__name__)", 'app.config["SECRET_KEY"] = "changeme"', ""].join("\n");
// An unused suppression (FG002) has a safe fix: removing the directive.
const UNUSED = ["x = 1  # flaskguard: ignore[FG101] -- not needed any more", ""].join("\n");

describe("check --fix", () => {
  it("applies safe fixes only, and reports what remains", () => {
    const dir = tempProject({ "app.py": APP, "util.py": UNUSED });
    const r = run(["check", "--fix", "--format", "json", "."], dir);
    expect(r.stderr).toMatch(/applied 1 fix\(es\) in 1 file/);
    expect(readFileSync(path.join(dir, "util.py"), "utf8")).toBe("x = 1\n");
    // The unsafe FG201 fix was not applied.
    expect(readFileSync(path.join(dir, "app.py"), "utf8")).toBe(APP);
    const report = JSON.parse(r.stdout) as { findings: { rule: string }[] };
    expect(report.findings.map((f) => f.rule)).toEqual(["FG201"]);
    expect(r.status).toBe(1);
  });

  it("applies unsafe fixes with --unsafe-fixes, keeping CRLF, a BOM and the file mode", () => {
    const crlf = "\uFEFF" + APP.replace(/\n/g, "\r\n");
    const dir = tempProject({ "app.py": crlf });
    chmodSync(path.join(dir, "app.py"), 0o640);
    const r = run(["check", "--fix", "--unsafe-fixes", "--select", "FG201", "."], dir);
    const bytes = readFileSync(path.join(dir, "app.py"));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString("utf8");
    expect(text).toContain('app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]');
    expect(text).toContain("import os\r\n");
    expect(/[^\r]\n/.test(text)).toBe(false);
    expect(statSync(path.join(dir, "app.py")).mode & 0o777).toBe(0o640);
    expect(r.status).toBe(0);
    // No temporary files are left behind.
    expect(readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("leaves files that are not UTF-8 alone and says so", () => {
    const latin1 = Buffer.from(`# -*- coding: latin-1 -*-\n# caf\xe9\n${APP}`, "latin1");
    const dir = tempProject({ "app.py": latin1 });
    const r = run(["check", "--fix", "--unsafe-fixes", "--select", "FG201", "."], dir);
    expect(r.stderr).toMatch(/not fixed: app\.py: not UTF-8 encoded/);
    expect(readFileSync(path.join(dir, "app.py")).equals(latin1)).toBe(true);
    expect(r.status).toBe(1);
  });

  it("rejects --unsafe-fixes without --fix", () => {
    const dir = tempProject({ "app.py": APP });
    expect(run(["check", "--unsafe-fixes", "."], dir).status).toBe(2);
  });
});
