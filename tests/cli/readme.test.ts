/**
 * @fileoverview Keeps README.md honest: its rule table is the registry's (as printed by
 * `flaskguard rules --format markdown`), its configuration example is valid configuration, and
 * the commands and files it points newcomers to exist. `UPDATE_README=1` rewrites the table.
 */

import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { allRuleMetas, findRule, knownSelector } from "../../src/cli/engine.js";
import { formatRuleMarkdown } from "../../src/cli/rules-command.js";
import { validateConfig, isTable } from "../../src/config/config.js";
import { parse } from "smol-toml";
import { REPO_ROOT } from "./helpers.js";

const README = path.join(REPO_ROOT, "README.md");
const START = "<!-- rules-table:start -->";
const END = "<!-- rules-table:end -->";

describe("README.md", () => {
  const text = readFileSync(README, "utf8");

  it("has the registry's rule table", () => {
    const start = text.indexOf(START);
    const end = text.indexOf(END);
    expect(start).toBeGreaterThan(-1);
    expect(end).toBeGreaterThan(start);
    const current = text.slice(start + START.length, end).trim();
    const expected = formatRuleMarkdown(allRuleMetas());
    if (process.env["UPDATE_README"] && current !== expected) {
      writeFileSync(README, `${text.slice(0, start + START.length)}\n${expected}\n${text.slice(end)}`);
      return;
    }
    expect(current, "README rule table is stale: run UPDATE_README=1 npx vitest run tests/cli/readme.test.ts").toBe(expected);
  });

  it("links a docs page that exists for every rule in the table", () => {
    for (const meta of allRuleMetas()) expect(existsSync(path.join(REPO_ROOT, meta.docs)), meta.docs).toBe(true);
  });

  it("shows a configuration example that flaskguard accepts", () => {
    const block = /```toml\n([\s\S]*?)```/.exec(text)?.[1];
    expect(block).toBeDefined();
    const document = parse(block!) as Record<string, unknown>;
    const tool = document["tool"];
    expect(isTable(tool) && isTable(tool["flaskguard"])).toBe(true);
    const table = (tool as Record<string, Record<string, unknown>>)["flaskguard"]!;
    expect(() => validateConfig(table, "README.md", REPO_ROOT, findRule, knownSelector)).not.toThrow();
  });

  it("points to scripts, files and examples that exist", () => {
    const manifest = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
      bin: Record<string, string>;
    };
    expect(text).toContain("npm ci && npm run example");
    expect(text).toContain("npm test");
    expect(manifest.scripts["example"]).toBeDefined();
    expect(manifest.scripts["example:scan"]).toContain("examples/insecure-app");
    expect(manifest.bin["flaskguard"]).toBe("dist/cli/main.js");
    for (const file of ["examples/insecure-app", "examples/secure-app", ".pre-commit-hooks.yaml"]) {
      expect(existsSync(path.join(REPO_ROOT, file)), file).toBe(true);
    }
  });
});
