/**
 * @fileoverview Finds and reads configuration files: `flaskguard.toml` (top-level keys) or
 * `[tool.flaskguard]` in `pyproject.toml`, searched from the scan root upward, or an explicit
 * `--config FILE`. Parsing errors become `ConfigError`s naming the file and position.
 */

import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse, TomlError } from "smol-toml";

import { ConfigError, emptyConfig, isTable, validateConfig } from "./config.js";
import type { FlaskguardConfig, RuleLookup, SelectorCheck } from "./config.js";

/** Config file names in priority order within one directory. */
export const CONFIG_FILE_NAMES = ["flaskguard.toml", "pyproject.toml"] as const;

/**
 * Searches `startDir` and its ancestors for the nearest configuration: a `flaskguard.toml`, or a
 * `pyproject.toml` that has a `[tool.flaskguard]` table (a pyproject.toml without one is skipped,
 * as Ruff does). Returns the file's absolute path, or null.
 */
export function findConfigFile(startDir: string): string | null {
  let dir = path.resolve(startDir);
  for (;;) {
    const own = path.join(dir, "flaskguard.toml");
    if (isFile(own)) return own;
    const pyproject = path.join(dir, "pyproject.toml");
    if (isFile(pyproject) && pyprojectHasSection(pyproject)) return pyproject;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/**
 * Reads and validates one configuration file. For a file named `pyproject.toml` the
 * `[tool.flaskguard]` table is used (and must exist); any other file uses its top-level keys.
 */
export function loadConfigFile(
  file: string,
  findRule: RuleLookup,
  shown: string = file,
  known?: SelectorCheck,
): FlaskguardConfig {
  const absolute = path.resolve(file);
  if (!existsSync(absolute)) throw new ConfigError("configuration file not found", shown);
  let text: string;
  try {
    if (statSync(absolute).isDirectory()) throw new ConfigError("is a directory, expected a TOML file", shown);
    text = readFileSync(absolute, "utf8");
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    throw new ConfigError(`cannot read: ${(error as Error).message}`, shown);
  }
  const document = parseToml(text, shown);
  let table: Record<string, unknown> = document;
  if (path.basename(absolute) === "pyproject.toml") {
    const tool = document["tool"];
    const section = isTable(tool) ? tool["flaskguard"] : undefined;
    if (section === undefined) throw new ConfigError("has no [tool.flaskguard] table", shown);
    if (!isTable(section)) throw new ConfigError("expected a table", shown, "tool.flaskguard");
    table = section;
  }
  return validateConfig(table, shown, path.dirname(absolute), findRule, known);
}

/**
 * Resolves the configuration for a scan: the explicit file if given, else the nearest one above
 * `scanRoot`, else the empty configuration. Relative paths are resolved against `cwd`, and a file
 * found by the search is named relative to it in messages when it lies below it.
 */
export function resolveConfig(
  explicitFile: string | undefined,
  scanRoot: string,
  findRule: RuleLookup,
  known?: SelectorCheck,
  cwd: string = process.cwd(),
): FlaskguardConfig {
  if (explicitFile !== undefined) return loadConfigFile(path.resolve(cwd, explicitFile), findRule, explicitFile, known);
  const found = findConfigFile(scanRoot);
  if (found === null) return emptyConfig();
  const relative = path.relative(cwd, found);
  const shown = (relative && !relative.startsWith("..") ? relative : found).split(path.sep).join("/");
  return loadConfigFile(found, findRule, shown, known);
}

function parseToml(text: string, file: string): Record<string, unknown> {
  try {
    return parse(text) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof TomlError) {
      const first = error.message.split("\n")[0] ?? "invalid TOML";
      throw new ConfigError(`invalid TOML at line ${error.line}, column ${error.column}: ${first}`, file);
    }
    throw new ConfigError(`invalid TOML: ${(error as Error).message}`, file);
  }
}

function pyprojectHasSection(file: string): boolean {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch {
    return false;
  }
  // Cheap pre-check before a full parse; a malformed pyproject.toml that mentions the section is
  // still selected so that its error is reported rather than silently skipped.
  if (!/tool\.flaskguard|\[tool\][^[]*flaskguard/s.test(text)) return false;
  try {
    const document = parse(text) as Record<string, unknown>;
    const tool = document["tool"];
    return isTable(tool) && tool["flaskguard"] !== undefined;
  } catch {
    return true;
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}
