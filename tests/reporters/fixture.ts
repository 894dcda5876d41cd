/**
 * @fileoverview A fixed scan result for the reporter golden tests: findings in two files with a
 * related location in another file, a fix, a suppressed finding, a finding of a rule missing from
 * the metadata, non-ASCII text, and two scan errors. Built deterministically from literal sources.
 */

import type { Finding, RuleMeta, ScanError } from "../../src/core/types.js";
import type { ReportContext, ReportInput } from "../../src/reporters/types.js";

export const SOURCES: ReadonlyMap<string, string> = new Map([
  [
    "app/config.py",
    [
      "import os",
      "",
      "",
      "class ProductionConfig:",
      "    # Clé secrète — à changer",
      '    SECRET_KEY = "dév-🔑"',
      "    DEBUG = True",
      "",
    ].join("\n"),
  ],
  [
    "app/__init__.py",
    [
      "from flask import Flask",
      "",
      "",
      "def create_app():",
      "    app = Flask(__name__)",
      '    app.config.from_object("config.ProductionConfig")',
      "    return app",
      "",
    ].join("\n"),
  ],
  [
    "run.py",
    [
      "from app import create_app",
      "",
      "app = create_app()",
      "app.run(debug=True)  # flaskguard: ignore[FG102] -- local development only",
      "",
    ].join("\n"),
  ],
  ["tools/seed data.py", "import os  # flaskguard: ignore[FG999] -- typo\n"],
]);

const CONFIG = SOURCES.get("app/config.py")!;
const secretStart = CONFIG.indexOf('"dév-🔑"');
const secretEnd = secretStart + '"dév-🔑"'.length;

function meta(partial: Pick<RuleMeta, "code" | "name" | "category" | "severity" | "summary" | "cwe"> & Partial<RuleMeta>): RuleMeta {
  return {
    confidence: "high",
    fixable: "none",
    status: "preview",
    docs: `docs/rules/${partial.code}.md`,
    references: [],
    ...partial,
  };
}

export const RULES: ReadonlyMap<string, RuleMeta> = new Map(
  [
    meta({
      code: "FG101",
      name: "debug-mode-enabled",
      category: "debug-mode",
      severity: "high",
      summary: "Flask debug mode is enabled in a production configuration",
      cwe: [489],
      references: ["https://flask.palletsprojects.com/en/stable/debugging/"],
    }),
    meta({
      code: "FG102",
      name: "debug-run",
      category: "debug-mode",
      severity: "high",
      summary: "app.run(debug=True) starts the Werkzeug debugger",
      cwe: [489, 94],
    }),
    meta({
      code: "FG201",
      name: "hardcoded-secret-key",
      category: "secret-key",
      severity: "critical",
      summary: "SECRET_KEY is a hard-coded literal",
      cwe: [798],
      fixable: "sometimes",
    }),
  ].map((m) => [m.code, m]),
);

export const RULE_DOCS: ReadonlyMap<string, string> = new Map([
  [
    "FG201",
    [
      "# FG201 hardcoded-secret-key",
      "",
      "## What it does",
      "Flags a `SECRET_KEY` set to a string literal.",
      "",
      "## Why is this bad?",
      "Anyone who reads the code can forge session cookies.",
      "",
      "## Use instead",
      "```python",
      'SECRET_KEY = os.environ["SECRET_KEY"]',
      "```",
      "",
    ].join("\n"),
  ],
]);

const base: Pick<Finding, "confidence" | "related" | "fix" | "suppressed"> = {
  confidence: "high",
  related: [],
  fix: null,
  suppressed: false,
};

export const FINDINGS: readonly Finding[] = [
  {
    ...base,
    rule: "FG001",
    name: "unused-suppression",
    category: "other",
    severity: "low",
    confidence: "medium",
    file: "tools/seed data.py",
    line: 1,
    column: 12,
    endLine: 1,
    endColumn: 47,
    message: "Unused suppression: FG999 matches no finding, so the comment has no effect.\nRemove it (100% safe).",
    help: "Delete the comment.",
    docs: "docs/rules/FG001.md",
  },
  {
    ...base,
    rule: "FG201",
    name: "hardcoded-secret-key",
    category: "secret-key",
    severity: "critical",
    file: "app/config.py",
    line: 6,
    column: 18,
    endLine: 6,
    endColumn: 26,
    message: "SECRET_KEY is set to the literal « dév-🔑 » in ProductionConfig, which is loaded as the production configuration.",
    help: 'Read it from the environment: SECRET_KEY = os.environ["SECRET_KEY"]',
    docs: "docs/rules/FG201.md",
    related: [
      {
        file: "app/__init__.py",
        line: 6,
        column: 5,
        endLine: 6,
        endColumn: 54,
        message: "ProductionConfig is loaded here",
      },
    ],
    fix: {
      title: "Read SECRET_KEY from the environment",
      applicability: "unsafe",
      edits: [{ file: "app/config.py", range: { start: secretStart, end: secretEnd }, text: 'os.environ["SECRET_KEY"]' }],
    },
  },
  {
    ...base,
    rule: "FG101",
    name: "debug-mode-enabled",
    category: "debug-mode",
    severity: "medium",
    file: "app/config.py",
    line: 7,
    column: 5,
    endLine: 7,
    endColumn: 17,
    message: "DEBUG = True in ProductionConfig enables the interactive debugger.",
    help: "Set DEBUG = False in production configurations.",
    docs: "docs/rules/FG101.md",
  },
  {
    ...base,
    rule: "FG102",
    name: "debug-run",
    category: "debug-mode",
    severity: "high",
    file: "run.py",
    line: 4,
    column: 9,
    endLine: 4,
    endColumn: 19,
    message: "app.run(debug=True) starts the Werkzeug debugger.",
    help: "Drop debug=True; use the FLASK_DEBUG environment variable locally.",
    docs: "docs/rules/FG102.md",
    suppressed: { kind: "inline", justification: "local development only" },
  },
];

export const ERRORS: readonly ScanError[] = [
  { file: "broken.py", kind: "syntax-error", message: "invalid syntax", line: 3, column: 7 },
  { file: "blob.py", kind: "binary-file", message: "looks like a binary file (NUL byte at offset 4)", line: null, column: null },
];

export const RESULT: ReportInput = { findings: FINDINGS, errors: ERRORS };

/** The reporter context used by every golden test (fixed version and root URI). */
export function context(overrides: Partial<ReportContext> = {}): ReportContext {
  return {
    toolVersion: "0.1.0-test",
    rules: RULES,
    sources: SOURCES,
    ruleDocs: RULE_DOCS,
    filesScanned: 6,
    rootUri: "file:///project/",
    color: false,
    ...overrides,
  };
}
