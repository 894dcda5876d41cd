/**
 * @fileoverview The bad-input matrix of `flaskguard check`: each kind of hostile or broken input
 * gives a clear entry in `errors` (or is analysed correctly) and the rest of the project is still
 * scanned. Cases already covered elsewhere: binary files, symlink loops and a directory named
 * `x.py` (tests/cli/check.test.ts and tests/cli/discover.test.ts), files vanishing between
 * discovery and reading (tests/cli/discover.test.ts). Also: the scanner writes nothing inside the
 * scanned tree, and crafted file names cannot inject output (workflow commands, terminal escapes,
 * paths outside the root).
 */

import { spawnSync } from "node:child_process";
import { chmodSync, lstatSync, readdirSync, readFileSync, symlinkSync } from "node:fs";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

import { CLEAN_APP, INSECURE_APP, REPO_ROOT, cleanupProjects, run, tempProject } from "../cli/helpers.js";

afterAll(cleanupProjects);

interface JsonReport {
  findings: { rule: string; file: string; line: number; column: number; suppressed: unknown }[];
  errors: { file: string; kind: string; message: string; line: number | null; column: number | null }[];
  summary: { files: number; findings: number; errors: number };
}

function scanJson(dir: string, ...extra: string[]): { status: number; report: JsonReport; stderr: string } {
  const result = run(["check", "--select", "ALL", "--format", "json", ...extra], dir);
  expect(result.stderr).not.toContain("internal error");
  return { status: result.status, report: JSON.parse(result.stdout) as JsonReport, stderr: result.stderr };
}

const found = (report: JsonReport) => report.findings.filter((f) => f.suppressed === false).map((f) => `${f.file}:${f.line} ${f.rule}`);
/** The control project every case carries: it must still be scanned. */
const CONTROL = { "app.py": INSECURE_APP };
const CONTROL_FINDINGS = ["app.py:4 FG201", "app.py:5 FG101"];

describe("bad-input matrix", () => {
  it("empty file: analysed, no error", () => {
    const { report } = scanJson(tempProject({ ...CONTROL, "empty.py": "", "pkg/__init__.py": "" }));
    expect(report.errors).toEqual([]);
    expect(report.summary.files).toBe(3);
    expect(found(report)).toEqual(CONTROL_FINDINGS);
  });

  it("invalid UTF-8: an encoding error naming the line, the rest scanned", () => {
    const bytes = Buffer.concat([Buffer.from("x = 1\ny = '"), Buffer.from([0xc3, 0x28, 0xff]), Buffer.from("'\n")]);
    const { report } = scanJson(tempProject({ ...CONTROL, "bad_utf8.py": bytes }));
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatchObject({ file: "bad_utf8.py", kind: "encoding-error", line: 2 });
    expect(report.errors[0]!.message).toMatch(/utf-8/i);
    expect(found(report)).toEqual(CONTROL_FINDINGS);
  });

  it("UTF-16 with a byte order mark: reported as UTF-16, not as a generic binary file", () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("import os\nprint(os.name)\n", "utf16le")]);
    const utf16be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from("x = 1\n", "utf16le").swap16()]);
    const { report } = scanJson(tempProject({ ...CONTROL, "wide.py": utf16, "wide_be.py": utf16be }));
    expect(report.errors.map((e) => [e.file, e.kind])).toEqual([
      ["wide.py", "encoding-error"],
      ["wide_be.py", "encoding-error"],
    ]);
    for (const e of report.errors) expect(e.message).toMatch(/UTF-16.*re-save it as UTF-8/);
    expect(found(report)).toEqual(CONTROL_FINDINGS);
  });

  it("a 20 MB generated file is analysed, with a finding at its last line", () => {
    const line = "value_{i} = compute({i}, 'some string constant', [1, 2, 3], key=None)  # a comment\n";
    const parts: string[] = ["from flask import Flask\napp = Flask(__name__)\n"];
    let size = 0;
    for (let i = 0; size < 20_000_000; i++) {
      const l = line.replaceAll("{i}", String(i));
      parts.push(l);
      size += l.length;
    }
    parts.push("app.run(debug=True)\n");
    const lines = parts.join("").split("\n").length - 1;
    const { report } = scanJson(tempProject({ ...CONTROL, "generated.py": parts.join("") }));
    expect(report.errors).toEqual([]);
    expect(found(report)).toEqual([...CONTROL_FINDINGS, `generated.py:${lines} FG101`]);
  });

  it("10,000-deep nesting (brackets, blocks, operator chains) never crashes and never stops the scan", () => {
    const depth = 10_000;
    const { report } = scanJson(
      tempProject({
        ...CONTROL,
        "parens.py": `x = ${"(".repeat(depth)}1${")".repeat(depth)}\n`,
        "lists.py": `x = ${"[".repeat(depth)}${"]".repeat(depth)}\n`,
        "blocks.py": Array.from({ length: depth }, (_, i) => `${" ".repeat(i)}if x:\n`).join("") + `${" ".repeat(depth)}pass\n`,
        "chain.py": `x = ${Array.from({ length: depth }, () => "a").join(" + ")}\n`,
        "calls.py": `x = f${"(f".repeat(depth / 2)}${")".repeat(depth / 2)}()\n`,
      }),
    );
    // CPython rejects the bracket and block nesting (parser limits) but compiles the chain.
    const kinds = Object.fromEntries(report.errors.map((e) => [e.file, e]));
    for (const file of ["parens.py", "lists.py", "blocks.py"]) {
      expect(kinds[file], file).toMatchObject({ kind: "syntax-error" });
      expect(kinds[file]!.message).toMatch(/too many|nest/i);
    }
    expect(kinds["chain.py"]).toBeUndefined();
    for (const e of report.errors) expect(e.kind).not.toBe("internal-error");
    expect(found(report)).toEqual(CONTROL_FINDINGS);
  });

  it("CRLF and CR-only line endings: findings on the right lines and columns", () => {
    const { report } = scanJson(
      tempProject({
        "crlf.py": INSECURE_APP.replace(/\n/g, "\r\n"),
        "cr.py": INSECURE_APP.replace(/\n/g, "\r"),
        "mixed.py": INSECURE_APP.replace(/\n/, "\r\n").replace(/\n/, "\r"),
      }),
    );
    expect(report.errors).toEqual([]);
    const positions = report.findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`);
    for (const file of ["cr.py", "crlf.py", "mixed.py"]) {
      expect(positions).toContain(`${file}:4:28 FG201`);
      expect(positions).toContain(`${file}:5:9 FG101`);
    }
  });

  it.skipIf(process.platform === "win32")("a FIFO named .py is skipped while walking and rejected when named (never read, never blocks)", () => {
    const dir = tempProject(CONTROL);
    expect(spawnSync("mkfifo", [path.join(dir, "pipe.py")]).status).toBe(0);
    expect(found(scanJson(dir).report)).toEqual(CONTROL_FINDINGS);
    const named = scanJson(dir, "pipe.py", "app.py");
    expect(named.report.errors).toMatchObject([{ file: "pipe.py", kind: "read-error", message: "not a regular file or directory" }]);
    expect(found(named.report)).toEqual(CONTROL_FINDINGS);
  });

  it("a dangling symlink named .py is reported; the rest is scanned", () => {
    const dir = tempProject(CONTROL);
    symlinkSync(path.join(dir, "missing-target.py"), path.join(dir, "dangling.py"));
    const { report } = scanJson(dir);
    expect(report.errors).toMatchObject([{ file: "dangling.py", kind: "read-error" }]);
    expect(report.errors[0]!.message).toMatch(/no such file/);
    expect(found(report)).toEqual(CONTROL_FINDINGS);
  });

  it("paths with spaces and non-ASCII characters keep their names in every format", () => {
    const dir = tempProject({ "my app/vüe ü 日本.py": INSECURE_APP });
    const { report } = scanJson(dir);
    expect(found(report)).toEqual(["my app/vüe ü 日本.py:4 FG201", "my app/vüe ü 日本.py:5 FG101"]);
    const sarif = JSON.parse(run(["check", "--format", "sarif"], dir).stdout) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    const uri = sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri;
    expect(decodeURIComponent(uri)).toBe("my app/vüe ü 日本.py");
    expect(uri).not.toContain(" ");
    expect(run(["check"], dir).stdout).toContain("my app/vüe ü 日本.py:4:28 FG201");
  });
});

describe.skipIf(process.platform !== "linux" || process.getuid?.() !== 0 || !hasSetpriv())("unreadable files (run as an unprivileged user)", () => {
  it("a file without read permission is a read error; the rest is scanned", () => {
    const dir = tempProject({ ...CONTROL, "locked.py": INSECURE_APP, "sub/locked_dir/inner.py": INSECURE_APP });
    chmodSync(dir, 0o755);
    chmodSync(path.join(dir, "sub"), 0o755);
    chmodSync(path.join(dir, "app.py"), 0o644);
    chmodSync(path.join(dir, "locked.py"), 0o600);
    chmodSync(path.join(dir, "sub", "locked_dir"), 0o700);
    const require = createRequire(import.meta.url);
    const tsx = require.resolve("tsx");
    const result = spawnSync(
      "setpriv",
      ["--reuid=65534", "--regid=65534", "--clear-groups", process.execPath, "--import", `file://${tsx}`, path.join(REPO_ROOT, "src", "cli", "main.ts"), "check", "--format", "json", "--no-color", "--no-cache"],
      { cwd: dir, encoding: "utf8", env: { PATH: process.env["PATH"] ?? "", HOME: "/tmp" }, timeout: 60_000 },
    );
    expect(result.stderr).toBe("");
    const report = JSON.parse(result.stdout) as JsonReport;
    expect(report.errors.map((e) => [e.file, e.kind, e.message])).toEqual([
      ["locked.py", "read-error", "permission denied"],
      ["sub/locked_dir", "read-error", "permission denied"],
    ]);
    expect(found(report)).toEqual(CONTROL_FINDINGS);
  });
});

function hasSetpriv(): boolean {
  return spawnSync("setpriv", ["--version"]).status === 0;
}

describe("the scanned tree is left alone", () => {
  it("no format, baseline check or statistics run writes inside the scanned tree", () => {
    const dir = tempProject({ ...CONTROL, "pkg/mod.py": CLEAN_APP, "bad.py": "def (:\n", "pyproject.toml": "[tool.flaskguard]\nignore = []\n" });
    const outside = tempProject({});
    const baseline = path.join(outside, "baseline.json");
    const before = snapshot(dir);
    for (const format of ["text", "json", "sarif", "github"]) run(["check", "--format", format, "--statistics"], dir);
    run(["check", "--format", "sarif", "--output", path.join(outside, "report.sarif")], dir);
    run(["check", "--write-baseline", baseline], dir);
    run(["check", "--baseline", baseline], dir);
    // The cache directory is the one thing a scan may create inside the tree.
    const after = snapshot(dir, (name) => name === ".flaskguard_cache");
    expect(after).toEqual(before);
  });
});

describe("crafted file names cannot inject output", () => {
  const names = [
    "evil\n::error file=injected.py,line=1::pwned.py",
    "esc\u001b[2J\u001b]0;title\u0007.py",
    "..%2f..%2fescape.py",
    "per%cent,comma:colon.py",
    "back\\slash.py",
  ];

  it("every name is reported as itself, inside the root, and no format lets it inject anything", () => {
    const files: Record<string, string> = {};
    for (const name of names) files[name] = INSECURE_APP;
    const dir = tempProject(files);
    const { report } = scanJson(dir);
    expect(new Set(report.findings.map((f) => f.file))).toEqual(new Set(names));
    for (const f of report.findings) expect(path.resolve(dir, f.file).startsWith(dir + path.sep)).toBe(true);

    const github = run(["check", "--format", "github"], dir).stdout.trimEnd().split("\n");
    expect(github).toHaveLength(report.findings.length);
    for (const line of github) expect(line).toMatch(/^::(error|warning|notice) file=[^\n]*::[^\n]*$/);
    expect(github.some((l) => l.startsWith("::error file=injected.py"))).toBe(false);

    const text = run(["check", "--no-color"], dir).stdout;
    expect(text).not.toContain("\u001b");
    expect(text).not.toContain("\u0007");
    expect(text.split("\n").some((l) => l.startsWith("::error file=injected.py"))).toBe(false);

    const sarif = JSON.parse(run(["check", "--format", "sarif"], dir).stdout) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[] }[];
    };
    for (const result of sarif.runs[0]!.results) {
      const location = result.locations[0]!.physicalLocation.artifactLocation;
      expect(location.uri).not.toMatch(/^\/|^[a-z]+:|(^|\/)\.\.(\/|$)/i);
      expect(names).toContain(decodeURIComponent(location.uri));
    }
  });
});

/** Every entry below `dir` with its type, mode, size and content hash, skipping names for which `skip` is true. */
function snapshot(dir: string, skip: (name: string) => boolean = () => false): Record<string, string> {
  const out: Record<string, string> = {};
  const visit = (current: string): void => {
    for (const name of readdirSync(current).sort()) {
      if (skip(name)) continue;
      const full = path.join(current, name);
      const stats = lstatSync(full);
      const rel = path.relative(dir, full);
      if (stats.isDirectory()) {
        out[rel] = `dir ${stats.mode}`;
        visit(full);
      } else {
        out[rel] = `file ${stats.mode} ${stats.size} ${createHash("sha256").update(readFileSync(full)).digest("hex")} ${stats.mtimeMs}`;
      }
    }
  };
  visit(dir);
  return out;
}
