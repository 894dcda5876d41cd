/**
 * @fileoverview End-to-end tests of `flaskguard check` on temporary projects: exit codes, every
 * output format, rule selection, configuration errors, the baseline round trip, and bad input
 * (syntax errors, ignored, unreadable, binary and odd files) that must not stop the scan.
 */

import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readFileSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

import { sarifValidator } from "../reporters/sarif-schema.js";
import { CLEAN_APP, INSECURE_APP, REPO_ROOT, cleanupProjects, run, spawnCli, tempProject, writeIn } from "./helpers.js";

afterAll(cleanupProjects);

interface JsonReport {
  version: string;
  findings: { rule: string; file: string; line: number; suppressed: unknown }[];
  errors: { file: string; kind: string; line: number | null }[];
  summary: { files: number; findings: number; suppressed: number; errors: number };
}

function json(argv: string[], cwd: string): { status: number; report: JsonReport; stderr: string } {
  const result = run([...argv, "--format", "json"], cwd);
  return { status: result.status, report: JSON.parse(result.stdout) as JsonReport, stderr: result.stderr };
}

const rulesOf = (report: JsonReport) => report.findings.filter((f) => f.suppressed === false).map((f) => `${f.file}:${f.line} ${f.rule}`);

describe("exit status", () => {
  it("is 0 without findings and 1 with findings", () => {
    expect(run(["check"], tempProject({ "app.py": CLEAN_APP })).status).toBe(0);
    const dirty = run(["check"], tempProject({ "app.py": INSECURE_APP }));
    expect(dirty.status).toBe(1);
    expect(dirty.stdout).toContain("app.py:4:28 FG201 hardcoded-secret-key");
    expect(dirty.stdout).toContain("app.py:5:9 FG101 debug-mode-enabled");
  });

  it("honours --fail-on and its alias --severity-threshold", () => {
    const dir = tempProject({ "app.py": INSECURE_APP });
    expect(run(["check", "--fail-on", "critical"], dir).status).toBe(0);
    expect(run(["check", "--fail-on", "high"], dir).status).toBe(1);
    expect(run(["check", "--severity-threshold", "critical"], dir).status).toBe(0);
    const clash = run(["check", "--fail-on", "low", "--severity-threshold", "high"], dir);
    expect(clash.status).toBe(2);
    expect(clash.stderr).toContain("disagree");
  });

  it("is 2 for usage errors", () => {
    const dir = tempProject({ "app.py": CLEAN_APP });
    for (const argv of [
      ["check", "--format", "xml"],
      ["check", "--fail-on", "severe"],
      ["check", "--jobs", "0"],
      ["check", "--jobs", "many"],
      ["check", "--bogus"],
      ["check", "missing-dir"],
      ["check", "--select", "FG999"],
      ["check", "--ignore", "not-a-rule"],
      ["explain", "FG999"],
      [],
    ]) {
      expect(run(argv, dir).status, argv.join(" ")).toBe(2);
    }
    expect(run(["check", "missing-dir"], dir).stderr).toContain("path not found: missing-dir");
  });

  it("accepts --jobs N", () => {
    expect(run(["check", "--jobs", "4"], tempProject({ "app.py": CLEAN_APP })).status).toBe(0);
  });

  it("prints --version and --help with status 0", () => {
    const dir = tempProject({});
    const version = run(["--version"], dir);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    const help = run(["check", "--help"], dir);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("--write-baseline");
    expect(help.stdout).toContain("--no-cache");
  });
});

describe("formats", () => {
  const dir = tempProject({ "app.py": INSECURE_APP, "pkg/broken.py": "def f(:\n    pass\n" });

  it("json follows the contract and lists errors", () => {
    const { status, report } = json(["check"], dir);
    expect(status).toBe(1);
    expect(Object.keys(report)).toEqual(["version", "findings", "errors", "summary"]);
    expect(rulesOf(report)).toEqual(["app.py:4 FG201", "app.py:5 FG101"]);
    expect(report.errors).toMatchObject([{ file: "pkg/broken.py", kind: "syntax-error", line: 1 }]);
    expect(report.summary).toMatchObject({ files: 2, findings: 2, errors: 1 });
  });

  it("sarif validates against the SARIF 2.1.0 schema", () => {
    const result = run(["check", "--format", "sarif"], dir);
    expect(result.status).toBe(1);
    const validate = sarifValidator();
    const log = JSON.parse(result.stdout) as { runs: { results: unknown[]; invocations: { toolExecutionNotifications: unknown[] }[] }[] };
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    expect(log.runs[0]!.results).toHaveLength(2);
    expect(log.runs[0]!.invocations[0]!.toolExecutionNotifications).toHaveLength(1);
  });

  it("github prints workflow commands", () => {
    const lines = run(["check", "--format", "github"], dir).stdout.trim().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^::error file=app\.py,line=4,col=28,endLine=4,endColumn=42,title=FG201 hardcoded-secret-key::/);
    expect(lines[2]).toMatch(/^::warning file=pkg\/broken\.py,line=1,/);
  });

  it("text shows the syntax error and still the other file's findings", () => {
    const out = run(["check"], dir).stdout;
    expect(out).toContain("pkg/broken.py:1:");
    expect(out).toContain("syntax-error");
    expect(out).toContain("Found 2 findings");
  });

  it("--output writes the report to a file", () => {
    const target = path.join(dir, "out", "report.json");
    const result = run(["check", "--format", "json", "--output", target], dir);
    expect(result.status).toBe(1);
    expect(result.stdout).toBe("");
    expect((JSON.parse(readFileSync(target, "utf8")) as JsonReport).findings).toHaveLength(2);
  });

  it("--statistics and --quiet shape the text summary", () => {
    expect(run(["check", "--statistics"], dir).stdout).toContain("By category:");
    const quiet = run(["check", "--quiet"], dir).stdout;
    expect(quiet).not.toContain("Found 2 findings");
    expect(quiet).toContain("FG201");
  });

  it("uses colours only on a terminal without --no-color or NO_COLOR", () => {
    const esc = "\u001b[";
    expect(run(["check"], dir, { tty: true }).stdout).toContain(esc);
    expect(run(["check"], dir, { tty: false }).stdout).not.toContain(esc);
    expect(run(["check", "--no-color"], dir, { tty: true }).stdout).not.toContain(esc);
    expect(run(["check"], dir, { tty: true, env: { NO_COLOR: "1" } }).stdout).not.toContain(esc);
    expect(run(["check"], dir, { tty: false, env: { FORCE_COLOR: "1" } }).stdout).toContain(esc);
  });
});

describe("rule selection and configuration", () => {
  it("--select and --ignore take codes, names and categories", () => {
    const dir = tempProject({ "app.py": INSECURE_APP });
    expect(rulesOf(json(["check", "--select", "FG101"], dir).report)).toEqual(["app.py:5 FG101"]);
    expect(rulesOf(json(["check", "--select", "hardcoded-secret-key"], dir).report)).toEqual(["app.py:4 FG201"]);
    expect(rulesOf(json(["check", "--ignore", "secret-key"], dir).report)).toEqual(["app.py:5 FG101"]);
    expect(rulesOf(json(["check", "--select", "FG101,FG201", "--ignore", "debug-mode"], dir).report)).toEqual(["app.py:4 FG201"]);
  });

  it("reads [tool.flaskguard] from pyproject.toml above the scanned directory; flags override it", () => {
    const dir = tempProject({
      "pyproject.toml": '[project]\nname = "demo"\n\n[tool.flaskguard]\nignore = ["FG101"]\nfail-on = "critical"\n\n[tool.flaskguard.rules.FG201]\nseverity = "critical"\n',
      "src/app.py": INSECURE_APP,
    });
    const fromFile = json(["check", "src"], dir);
    expect(rulesOf(fromFile.report)).toEqual(["app.py:4 FG201"]);
    expect(fromFile.status).toBe(1); // FG201 raised to critical meets fail-on = critical
    const overridden = json(["check", "src", "--ignore", "FG201", "--fail-on", "low"], dir);
    expect(rulesOf(overridden.report)).toEqual(["app.py:5 FG101"]);
  });

  it("applies exclude globs from flaskguard.toml", () => {
    const dir = tempProject({ "flaskguard.toml": 'exclude = ["legacy/"]\n', "legacy/old.py": INSECURE_APP, "app.py": CLEAN_APP });
    expect(run(["check"], dir).status).toBe(0);
  });

  it.each([
    ['selct = ["FG101"]\n', 'flaskguard.toml: selct: unknown key "selct"'],
    ['fail-on = "urgent"\n', "flaskguard.toml: fail-on: expected one of low, medium, high, critical"],
    ["[rules.FG999]\nseverity = 'low'\n", 'flaskguard.toml: rules.FG999: unknown rule "FG999"'],
    ["[rules.FG201]\nsevrity = 'low'\n", "flaskguard.toml: rules.FG201.sevrity: unknown rule option"],
    ['select = ["FG101"\n', "flaskguard.toml: invalid TOML at line"],
  ])("rejects a bad configuration (%j) with status 2, naming file and key", (text, message) => {
    const dir = tempProject({ "flaskguard.toml": text, "app.py": CLEAN_APP });
    const result = run(["check"], dir);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it("--config reads an explicit file and fails for a missing one", () => {
    const dir = tempProject({ "conf/strict.toml": 'select = ["FG101"]\n', "app.py": INSECURE_APP });
    expect(rulesOf(json(["check", "--config", "conf/strict.toml"], dir).report)).toEqual(["app.py:5 FG101"]);
    const missing = run(["check", "--config", "nope.toml"], dir);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("nope.toml");
  });

  it("keeps inline-suppressed findings in json, marked, and hides them in text", () => {
    const dir = tempProject({
      "app.py": INSECURE_APP.replace("app.run(debug=True)", "app.run(debug=True)  # flaskguard: ignore[FG101] -- local tool only"),
    });
    const { report } = json(["check"], dir);
    expect(report.findings.find((f) => f.rule === "FG101")?.suppressed).toEqual({ kind: "inline", justification: "local tool only" });
    const text = run(["check"], dir).stdout;
    expect(text).not.toContain("FG101 debug-mode-enabled");
    expect(text).toContain("1 suppressed");
  });
});

describe("baseline", () => {
  it("round trip: write, shift lines, scan again → nothing new; a new finding still fails", () => {
    const dir = tempProject({ "app.py": INSECURE_APP, "other.py": CLEAN_APP });
    const written = run(["check", "--write-baseline", "flaskguard-baseline.json"], dir);
    expect(written.status).toBe(0);
    expect(written.stderr).toContain("wrote baseline with 2 finding(s)");
    expect(existsSync(path.join(dir, "flaskguard-baseline.json"))).toBe(true);

    writeIn(dir, "app.py", `"""Module docstring added later."""\nimport logging\n\n${INSECURE_APP}`);
    const shifted = json(["check", "--baseline", "flaskguard-baseline.json"], dir);
    expect(shifted.status).toBe(0);
    expect(rulesOf(shifted.report)).toEqual([]);
    expect(shifted.report.summary.suppressed).toBe(2);

    writeIn(dir, "other.py", CLEAN_APP + 'app.config["SECRET_KEY"] = "another-literal"\n');
    const fresh = json(["check", "--baseline", "flaskguard-baseline.json"], dir);
    expect(fresh.status).toBe(1);
    expect(rulesOf(fresh.report)).toEqual(["other.py:7 FG201"]);
  });

  it("rejects a missing or malformed baseline with status 2", () => {
    const dir = tempProject({ "app.py": CLEAN_APP, "bad.json": "{", "wrong.json": '{"version": 99}' });
    expect(run(["check", "--baseline", "none.json"], dir).status).toBe(2);
    expect(run(["check", "--baseline", "bad.json"], dir).stderr).toContain("not valid JSON");
    expect(run(["check", "--baseline", "wrong.json"], dir).status).toBe(2);
  });
});

describe("bad input never stops the scan", () => {
  it("honours .gitignore", () => {
    const dir = tempProject({ ".gitignore": "generated/\n", "generated/app.py": INSECURE_APP, "app.py": CLEAN_APP });
    const { status, report } = json(["check"], dir);
    expect(status).toBe(0);
    expect(report.summary.files).toBe(1);
  });

  it("reports binary files, symlink loops and odd names, and scans the rest", () => {
    const dir = tempProject({
      "app.py": INSECURE_APP,
      "blob.py": new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]),
      "weird.py/inner.py": CLEAN_APP,
    });
    mkdirSync(path.join(dir, "pkg"));
    symlinkSync(path.join(dir, "pkg"), path.join(dir, "pkg", "again"));
    const { status, report } = json(["check"], dir);
    expect(status).toBe(1);
    expect(rulesOf(report)).toEqual(["app.py:4 FG201", "app.py:5 FG101"]);
    expect(report.errors.map((e) => `${e.file} ${e.kind}`)).toEqual(["blob.py binary-file", "pkg/again symlink-loop"]);
    expect(report.summary.files).toBe(2);
  });

  it("scans an explicit file argument with paths relative to its directory", () => {
    const dir = tempProject({ "pkg/app.py": INSECURE_APP });
    expect(rulesOf(json(["check", "pkg/app.py"], dir).report)).toEqual(["app.py:4 FG201", "app.py:5 FG101"]);
  });

  it.skipIf(process.getuid?.() === 0)("reports an unreadable file (not as root: chmod does not stop root)", () => {
    const dir = tempProject({ "locked.py": INSECURE_APP, "app.py": CLEAN_APP });
    chmodSync(path.join(dir, "locked.py"), 0o000);
    const { status, report } = json(["check"], dir);
    expect(status).toBe(0);
    expect(report.errors).toMatchObject([{ file: "locked.py", kind: "read-error" }]);
  });
});

describe("the executable", () => {
  it("runs as a process with the documented exit status and output", () => {
    const dir = tempProject({ "app.py": INSECURE_APP });
    const result = spawnCli(["check", ".", "--format", "json"], dir);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(1);
    expect((JSON.parse(result.stdout) as JsonReport).findings).toHaveLength(2);
    expect(spawnCli(["check", "--fail-on", "oops"], dir).status).toBe(2);
  });

  it("stops quietly, with the findings' exit status, when the reader closes the pipe early", () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 200; i++) files[`app${i}.py`] = INSECURE_APP;
    const dir = tempProject(files);
    // `| head -c 1`: the shell closes the pipe after one byte; PIPESTATUS gives flaskguard's status.
    const require = createRequire(import.meta.url);
    const command = [process.execPath, "--import", pathToFileURL(require.resolve("tsx")).href, path.join(REPO_ROOT, "src", "cli", "main.ts"), "check", ".", "--no-cache", "--format", "json"]
      .map((a) => `'${a}'`)
      .join(" ");
    const result = spawnSync("bash", ["-c", `${command} | head -c 1 >/dev/null; echo "status=\${PIPESTATUS[0]}"`], { cwd: dir, encoding: "utf8", timeout: 60_000 });
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe("status=1");
  });
});

describe("rules and explain", () => {
  const dir = tempProject({});

  it("lists every rule as a table and as JSON", () => {
    const table = run(["rules"], dir);
    expect(table.status).toBe(0);
    expect(table.stdout.split("\n")[0]).toMatch(/^CODE\s+NAME\s+CATEGORY\s+SEVERITY\s+FIXABLE\s+SUMMARY$/);
    expect(table.stdout).toMatch(/^FG201\s+hardcoded-secret-key\s+secret-key\s+high\s+sometimes\s+\S/m);
    const list = JSON.parse(run(["rules", "--format", "json"], dir).stdout) as { code: string; cwe: number[] }[];
    expect(list.map((r) => r.code)).toContain("FG101");
    expect(list.map((r) => r.code)).toEqual([...list.map((r) => r.code)].sort());
  });

  it("explains a rule by code or name from its docs page", () => {
    const byCode = run(["explain", "FG201"], dir);
    expect(byCode.status).toBe(0);
    expect(byCode.stdout).toMatch(/^# FG201 hardcoded-secret-key\n/);
    expect(byCode.stdout).toContain("## Why is this bad?");
    expect(run(["explain", "hardcoded-secret-key"], dir).stdout).toBe(byCode.stdout);
  });
});
