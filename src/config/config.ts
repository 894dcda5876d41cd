/**
 * @fileoverview The user configuration model (`[tool.flaskguard]` in pyproject.toml or a
 * flaskguard.toml) and its validation. Validation is strict: an unknown key or a bad value is a
 * `ConfigError` that names the key and the file. No file system access here (see `load.ts`).
 */

import { CATEGORIES, SEVERITIES } from "../core/types.js";
import type { RuleMeta, Severity } from "../core/types.js";

/** Password hash methods a project may require (Werkzeug method names). */
export const PASSWORD_HASH_POLICIES = ["scrypt", "argon2", "pbkdf2:sha256"] as const;
export type PasswordHashPolicy = (typeof PASSWORD_HASH_POLICIES)[number];

/** Per-rule configuration from a `[rules.<code-or-name>]` table. */
export interface RuleConfig {
  /** Severity override, if given. */
  severity?: Severity;
  /** Every other key of the table, passed to the rule as its options. */
  options: Record<string, unknown>;
}

/** A validated configuration. Absent keys stay undefined so that defaults live in one place. */
export interface FlaskguardConfig {
  /** The file this came from, or null for the built-in defaults. */
  file: string | null;
  /** Directory that relative `exclude` globs are resolved against (the config file's directory). */
  baseDir: string | null;
  select?: string[];
  ignore?: string[];
  /** gitignore-style glob patterns, relative to `baseDir`. */
  exclude: string[];
  failOn?: Severity;
  /** Also run rules still in preview (when `select` is not given). */
  preview?: boolean;
  nosec?: boolean;
  reportUnusedSuppressions?: boolean;
  /** Dotted names of production config classes/modules, e.g. `config.ProductionConfig`. */
  productionConfigs?: string[];
  /** Extra login view or route names, e.g. `auth.sign_in` or `/sign-in`. */
  loginRoutes?: string[];
  passwordHashPolicy?: PasswordHashPolicy;
  /** Custom data-flow sources, sanitizers and sinks (`[tool.flaskguard.dataflow]`). */
  dataflow?: { sources: string[]; sanitizers: string[]; sinks: string[] };
  /** Keyed by rule code (names are normalised to codes). */
  rules: Record<string, RuleConfig>;
}

/** A configuration problem; the CLI prints it and exits with status 2. */
export class ConfigError extends Error {
  /** The file the problem is in, or null for command-line options. */
  readonly file: string | null;
  /** Dotted key path, e.g. `rules.FG201.severity`, or null when the whole file is at fault. */
  readonly key: string | null;

  constructor(message: string, file: string | null, key: string | null = null) {
    const where = [file, key].filter((part) => part !== null).join(": ");
    super(where ? `${where}: ${message}` : message);
    this.name = "ConfigError";
    this.file = file;
    this.key = key;
  }
}

/** Looks up a rule by code or kebab-case name (the registry's `findRule`). */
export type RuleLookup = (codeOrName: string) => { meta: RuleMeta } | undefined;

/** An empty configuration (no file found). */
export function emptyConfig(): FlaskguardConfig {
  return { file: null, baseDir: null, exclude: [], rules: {} };
}

const TOP_LEVEL_KEYS = [
  "select",
  "ignore",
  "exclude",
  "fail-on",
  "preview",
  "nosec",
  "report-unused-suppressions",
  "production-configs",
  "login-routes",
  "password-hash-policy",
  "dataflow",
  "rules",
] as const;

/** Decides whether a `--select`/`--ignore` selector is known (the engine's `isKnownSelector`). */
export type SelectorCheck = (selector: string) => boolean;

/**
 * Checks that `selector` names a rule (code or name), a category, or whatever else `known`
 * accepts (the engine also takes code prefixes such as `FG2` and `ALL`). Returns an error
 * message, or null when it is valid.
 */
export function checkSelector(selector: string, findRule: RuleLookup, known?: SelectorCheck): string | null {
  if (selector.length === 0) return "empty rule selector";
  if (known ? known(selector) : (CATEGORIES as readonly string[]).includes(selector) || findRule(selector)) return null;
  return `unknown rule, prefix or category "${selector}" (run \`flaskguard rules\` for the list)`;
}

/** Validates a list of rule selectors; throws a `ConfigError` naming `key` and `file`. */
export function validateSelectors(
  value: unknown,
  key: string,
  file: string | null,
  findRule: RuleLookup,
  known?: SelectorCheck,
): string[] {
  const list = stringList(value, key, file);
  for (const selector of list) {
    const problem = checkSelector(selector, findRule, known);
    if (problem) throw new ConfigError(problem, file, key);
  }
  return list;
}

/** Parses a severity name; throws a `ConfigError` naming `key` and `file`. */
export function parseSeverity(value: unknown, key: string, file: string | null): Severity {
  if (typeof value === "string" && (SEVERITIES as readonly string[]).includes(value)) {
    return value as Severity;
  }
  throw new ConfigError(`expected one of ${SEVERITIES.join(", ")}, got ${describe(value)}`, file, key);
}

/**
 * Validates a raw configuration table (top-level keys of flaskguard.toml, or the
 * `[tool.flaskguard]` table of pyproject.toml) and returns the typed configuration.
 *
 * Given `{"fail-on": "high", rules: {"hardcoded-secret-key": {severity: "critical"}}}`, returns a
 * config with `failOn: "high"` and `rules: {FG201: {severity: "critical", options: {}}}`.
 */
export function validateConfig(
  raw: Record<string, unknown>,
  file: string,
  baseDir: string,
  findRule: RuleLookup,
  known?: SelectorCheck,
): FlaskguardConfig {
  const config: FlaskguardConfig = { file, baseDir, exclude: [], rules: {} };
  for (const [key, value] of Object.entries(raw)) {
    switch (key) {
      case "select":
        config.select = validateSelectors(value, key, file, findRule, known);
        break;
      case "ignore":
        config.ignore = validateSelectors(value, key, file, findRule, known);
        break;
      case "exclude":
        config.exclude = stringList(value, key, file);
        break;
      case "fail-on":
        config.failOn = parseSeverity(value, key, file);
        break;
      case "preview":
        config.preview = bool(value, key, file);
        break;
      case "nosec":
        config.nosec = bool(value, key, file);
        break;
      case "report-unused-suppressions":
        config.reportUnusedSuppressions = bool(value, key, file);
        break;
      case "production-configs":
        config.productionConfigs = stringList(value, key, file);
        for (const name of config.productionConfigs) {
          if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(name)) {
            throw new ConfigError(
              `expected dotted Python names such as "config.ProductionConfig", got "${name}"`,
              file,
              key,
            );
          }
        }
        break;
      case "login-routes":
        config.loginRoutes = stringList(value, key, file);
        break;
      case "password-hash-policy":
        if (typeof value !== "string" || !(PASSWORD_HASH_POLICIES as readonly string[]).includes(value)) {
          throw new ConfigError(
            `expected one of ${PASSWORD_HASH_POLICIES.join(", ")}, got ${describe(value)}`,
            file,
            key,
          );
        }
        config.passwordHashPolicy = value as PasswordHashPolicy;
        break;
      case "dataflow":
        config.dataflow = validateDataflow(value, file);
        break;
      case "rules":
        config.rules = validateRules(value, file, findRule);
        break;
      default:
        throw new ConfigError(
          `unknown key "${key}" (known keys: ${TOP_LEVEL_KEYS.join(", ")})`,
          file,
          key,
        );
    }
  }
  return config;
}

const DATAFLOW_KEYS = ["sources", "sanitizers", "sinks"] as const;
const SINK_KINDS = ["sql", "template", "command", "code", "redirect", "path", "xss", "deserialization", "ssrf", "hash"];

/** `[dataflow]`: `sources`, `sanitizers` (`name` or `kind:name`) and `sinks` (`kind:name`), dotted names. */
function validateDataflow(value: unknown, file: string | null): { sources: string[]; sanitizers: string[]; sinks: string[] } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw new ConfigError(`expected a table, got ${describe(value)}`, file, "dataflow");
  }
  const out = { sources: [] as string[], sanitizers: [] as string[], sinks: [] as string[] };
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const key = `dataflow.${k}`;
    if (!(DATAFLOW_KEYS as readonly string[]).includes(k)) {
      throw new ConfigError(`unknown key "${k}" (known keys: ${DATAFLOW_KEYS.join(", ")})`, file, key);
    }
    const list = stringList(v, key, file);
    for (const entry of list) {
      const i = entry.indexOf(":");
      const kind = i >= 0 ? entry.slice(0, i) : null;
      const name = i >= 0 ? entry.slice(i + 1) : entry;
      if (k === "sinks" && kind === null) throw new ConfigError(`"${entry}" needs a sink kind prefix, e.g. "sql:${entry}"`, file, key);
      if (k === "sources" && kind !== null) throw new ConfigError(`"${entry}": sources take no kind prefix`, file, key);
      if (kind !== null && !SINK_KINDS.includes(kind)) {
        throw new ConfigError(`"${entry}": unknown kind "${kind}" (one of ${SINK_KINDS.join(", ")})`, file, key);
      }
      if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(name)) {
        throw new ConfigError(`expected a dotted Python name such as "myapp.db.raw_query", got "${name}"`, file, key);
      }
    }
    out[k as (typeof DATAFLOW_KEYS)[number]] = list;
  }
  return out;
}

function validateRules(
  value: unknown,
  file: string,
  findRule: RuleLookup,
): Record<string, RuleConfig> {
  if (!isTable(value)) throw new ConfigError(`expected a table, got ${describe(value)}`, file, "rules");
  const rules: Record<string, RuleConfig> = {};
  for (const [ruleKey, table] of Object.entries(value)) {
    const key = `rules.${ruleKey}`;
    const rule = findRule(ruleKey);
    if (!rule) {
      throw new ConfigError(`unknown rule "${ruleKey}" (run \`flaskguard rules\` for the list)`, file, key);
    }
    const code = rule.meta.code;
    if (rules[code]) {
      throw new ConfigError(`rule ${code} is configured twice (by code and by name)`, file, key);
    }
    if (!isTable(table)) throw new ConfigError(`expected a table, got ${describe(table)}`, file, key);
    const ruleConfig: RuleConfig = { options: {} };
    for (const [optionKey, optionValue] of Object.entries(table)) {
      if (optionKey === "severity") {
        ruleConfig.severity = parseSeverity(optionValue, `${key}.severity`, file);
      } else {
        const specs = (rule.meta as RuleMeta & { optionSpecs?: Record<string, { type: string }> }).optionSpecs;
        if (specs !== undefined) checkRuleOption(specs, optionKey, optionValue, file, `${key}.${optionKey}`);
        ruleConfig.options[optionKey] = toPlain(optionValue);
      }
    }
    rules[code] = ruleConfig;
  }
  return rules;
}

/** Checks one rule option against the rule's declared option types (`boolean`, `string`, `number`, `string[]`). */
function checkRuleOption(
  specs: Record<string, { type: string }>,
  name: string,
  value: unknown,
  file: string,
  key: string,
): void {
  const spec = Object.hasOwn(specs, name) ? specs[name] : undefined;
  if (spec === undefined) {
    const known = Object.keys(specs);
    const list = known.length > 0 ? `options of this rule: severity, ${known.join(", ")}` : "this rule only accepts severity";
    throw new ConfigError(`unknown rule option "${name}" (${list})`, file, key);
  }
  const ok =
    spec.type === "boolean"
      ? typeof value === "boolean"
      : spec.type === "string"
        ? typeof value === "string"
        : spec.type === "number"
          ? typeof value === "number" || typeof value === "bigint"
          : spec.type === "string[]"
            ? Array.isArray(value) && value.every((item) => typeof item === "string")
            : true;
  if (!ok) throw new ConfigError(`expected ${spec.type === "string[]" ? "a list of strings" : `a ${spec.type}`}, got ${describe(value)}`, file, key);
}

/** True for a plain (TOML) table. */
export function isTable(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function stringList(value: unknown, key: string, file: string | null): string[] {
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw new ConfigError(`expected a list of strings, got ${describe(value)}`, file, key);
  }
  return [...value];
}

function bool(value: unknown, key: string, file: string | null): boolean {
  if (typeof value !== "boolean") throw new ConfigError(`expected true or false, got ${describe(value)}`, file, key);
  return value;
}

/** Converts TOML values (bigint, dates) into JSON-friendly ones for rule options. */
function toPlain(value: unknown): unknown {
  if (typeof value === "bigint") {
    return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
  }
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toPlain);
  if (isTable(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toPlain(v)]));
  return value;
}

/** Short human description of a TOML value for error messages. */
export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "bigint" || typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return "a list";
  if (value instanceof Date) return "a date";
  if (value === null || value === undefined) return "nothing";
  return "a table";
}
