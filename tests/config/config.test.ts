/**
 * @fileoverview Configuration: discovery of flaskguard.toml / pyproject.toml from the scan root
 * upward, validation errors naming key and file, and the mapping onto the engine options.
 */

import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { ConfigError, validateConfig } from "../../src/config/config.js";
import type { RuleLookup } from "../../src/config/config.js";
import { findConfigFile, loadConfigFile, resolveConfig } from "../../src/config/load.js";
import { effectiveSettings } from "../../src/config/options.js";
import type { RuleMeta } from "../../src/core/types.js";

/** A two-rule lookup, so these tests do not depend on the real registry's contents. */
const RULES: RuleMeta[] = [
  { code: "FG101", name: "debug-mode-enabled", category: "debug-mode", severity: "high", confidence: "high", summary: "", cwe: [], fixable: "none", status: "preview", docs: "", references: [] },
  { code: "FG201", name: "hardcoded-secret-key", category: "secret-key", severity: "high", confidence: "high", summary: "", cwe: [], fixable: "none", status: "preview", docs: "", references: [] },
];
const withOptions = { ...RULES[1]!, optionSpecs: { minLength: { type: "number", description: "" }, allow: { type: "string[]", description: "" } } };
const findRule: RuleLookup = (key) => {
  const meta = key.toUpperCase() === "FG201" || key === "hardcoded-secret-key" ? withOptions : RULES.find((r) => r.code === key.toUpperCase() || r.name === key);
  return meta ? { meta } : undefined;
};

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "flaskguard-config-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(relative: string, text: string): string {
  const file = path.join(dir, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("finding the configuration", () => {
  it("finds [tool.flaskguard] in a pyproject.toml above the scan root", () => {
    const file = write("pyproject.toml", '[project]\nname = "x"\n\n[tool.flaskguard]\nfail-on = "high"\n');
    mkdirSync(path.join(dir, "app", "views"), { recursive: true });
    expect(findConfigFile(path.join(dir, "app", "views"))).toBe(file);
    expect(resolveConfig(undefined, path.join(dir, "app"), findRule).failOn).toBe("high");
  });

  it("skips a pyproject.toml without [tool.flaskguard] and keeps looking upward", () => {
    const outer = write("flaskguard.toml", 'fail-on = "critical"\n');
    write("app/pyproject.toml", '[tool.black]\nline-length = 100\n');
    expect(findConfigFile(path.join(dir, "app"))).toBe(outer);
  });

  it("prefers flaskguard.toml over pyproject.toml in the same directory", () => {
    write("pyproject.toml", '[tool.flaskguard]\nfail-on = "high"\n');
    const own = write("flaskguard.toml", 'fail-on = "medium"\n');
    expect(findConfigFile(dir)).toBe(own);
  });

  it("uses the nearest file", () => {
    write("flaskguard.toml", 'fail-on = "critical"\n');
    const inner = write("app/flaskguard.toml", 'fail-on = "low"\n');
    expect(findConfigFile(path.join(dir, "app"))).toBe(inner);
  });

  it("reads an explicit --config file and requires [tool.flaskguard] in a pyproject.toml", () => {
    const file = write("conf/custom.toml", 'select = ["FG101"]\n');
    expect(loadConfigFile(file, findRule).select).toEqual(["FG101"]);
    const pyproject = write("other/pyproject.toml", "[tool.black]\n");
    expect(configError(() => loadConfigFile(pyproject, findRule)).message).toContain("has no [tool.flaskguard] table");
    expect(configError(() => loadConfigFile(path.join(dir, "missing.toml"), findRule)).message).toContain("not found");
  });
});

describe("validation", () => {
  const file = "flaskguard.toml";
  const validate = (raw: Record<string, unknown>) => validateConfig(raw, file, "/base", findRule);

  it("accepts every documented key", () => {
    const config = validate({
      select: ["FG101", "secret-key"],
      ignore: ["hardcoded-secret-key"],
      exclude: ["migrations/", "tests/**"],
      "fail-on": "medium",
      nosec: true,
      "report-unused-suppressions": false,
      "production-configs": ["config.ProductionConfig"],
      "login-routes": ["auth.sign_in", "/sign-in"],
      "password-hash-policy": "argon2",
      rules: { "hardcoded-secret-key": { severity: "critical", minLength: 32n, allow: ["dev"] }, FG101: { severity: "low" } },
    });
    expect(config).toMatchObject({
      select: ["FG101", "secret-key"],
      failOn: "medium",
      nosec: true,
      passwordHashPolicy: "argon2",
      rules: { FG201: { severity: "critical", options: { minLength: 32, allow: ["dev"] } }, FG101: { severity: "low", options: {} } },
    });
  });

  it.each([
    [{ selct: ["FG101"] }, "selct", 'unknown key "selct"'],
    [{ select: "FG101" }, "select", "expected a list of strings"],
    [{ select: ["FG999"] }, "select", 'unknown rule, prefix or category "FG999"'],
    [{ ignore: ["not-a-category"] }, "ignore", "unknown rule, prefix or category"],
    [{ "fail-on": "severe" }, "fail-on", "expected one of low, medium, high, critical"],
    [{ nosec: "yes" }, "nosec", "expected true or false"],
    [{ "production-configs": ["config/prod.py"] }, "production-configs", "dotted Python names"],
    [{ "password-hash-policy": "md5" }, "password-hash-policy", "expected one of scrypt, argon2, pbkdf2:sha256"],
    [{ rules: { FG999: {} } }, "rules.FG999", 'unknown rule "FG999"'],
    [{ rules: { FG101: { severity: "urgent" } } }, "rules.FG101.severity", "expected one of"],
    [{ rules: { FG101: "high" } }, "rules.FG101", "expected a table"],
    [{ rules: { FG201: { minLen: 3 } } }, "rules.FG201.minLen", 'unknown rule option "minLen"'],
    [{ rules: { FG201: { minLength: "long" } } }, "rules.FG201.minLength", "expected a number"],
    [{ rules: { FG201: {}, "hardcoded-secret-key": {} } }, "rules.hardcoded-secret-key", "configured twice"],
  ])("rejects %j naming key %s", (raw, key, message) => {
    const error = configError(() => validate(raw));
    expect(error.file).toBe(file);
    expect(error.key).toBe(key);
    expect(error.message).toContain(message);
    expect(error.message.startsWith(`${file}: ${key}: `)).toBe(true);
  });

  it("reports TOML syntax errors with their position", () => {
    const bad = write("flaskguard.toml", 'select = ["FG101"\n');
    const error = configError(() => loadConfigFile(bad, findRule));
    expect(error.message).toMatch(/invalid TOML at line \d+, column \d+/);
  });

  it("names the pyproject table keys too", () => {
    const bad = write("pyproject.toml", '[tool.flaskguard]\nfailon = "high"\n');
    const error = configError(() => loadConfigFile(bad, findRule));
    expect(error.key).toBe("failon");
    expect(error.message).toContain("pyproject.toml");
  });
});

describe("effective settings", () => {
  it("lets command-line values replace file values and maps rule tables to engine options", () => {
    const config = validateConfig(
      { select: ["FG101"], ignore: ["FG201"], "fail-on": "high", nosec: true, exclude: ["legacy/"], rules: { FG201: { severity: "low", minLength: 16 } } },
      "flaskguard.toml",
      "/base",
      findRule,
    );
    const fromFile = effectiveSettings(config, {});
    expect(fromFile).toEqual({
      analyze: { select: ["FG101"], ignore: ["FG201"], severity: { FG201: "low" }, ruleOptions: { FG201: { minLength: 16 } }, nosec: true, reportUnusedSuppressions: true },
      failOn: "high",
      exclude: ["legacy/"],
      excludeBase: "/base",
    });
    const overridden = effectiveSettings(config, { select: ["secret-key"], failOn: "low" });
    expect(overridden.analyze.select).toEqual(["secret-key"]);
    expect(overridden.analyze.ignore).toEqual(["FG201"]);
    expect(overridden.failOn).toBe("low");
  });

  it("defaults to failing on any finding", () => {
    expect(effectiveSettings(validateConfig({}, "f.toml", "/", findRule), {}).failOn).toBe("low");
  });
});
