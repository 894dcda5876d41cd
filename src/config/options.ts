/**
 * @fileoverview Merges the configuration file with command-line overrides and maps the result
 * onto the engine's `AnalyzeOptions`. Command-line values replace file values (they do not extend
 * them), like Ruff's `--select`.
 */

import type { Severity } from "../core/types.js";
import type { FlaskguardConfig, PasswordHashPolicy } from "./config.js";

/** The taint rules, which take the `[dataflow]` table as their `dataflow*` options. */
export const DATAFLOW_RULES = ["FG650", "FG652", "FG653", "FG701", "FG704", "FG705", "FG801", "FG802", "FG803", "FG804", "FG805", "FG806", "FG950", "FG951"];

/**
 * The options the CLI passes to `analyzeProject`. Structurally this is the engine's
 * `AnalyzeOptions` plus the project-knowledge keys (`loginRoutes`, `passwordHashPolicy`) that
 * later rule families read; the engine ignores keys it does not know.
 */
export interface ScanOptions {
  select?: string[];
  ignore?: string[];
  severity?: Record<string, Severity>;
  ruleOptions?: Record<string, Record<string, unknown>>;
  nosec?: boolean;
  productionConfigs?: string[];
  reportUnusedSuppressions?: boolean;
  preview?: boolean;
  loginRoutes?: string[];
  passwordHashPolicy?: PasswordHashPolicy;
}

/** Values given on the command line; undefined means "not given". */
export interface CliOverrides {
  select?: string[];
  ignore?: string[];
  failOn?: Severity;
  preview?: boolean;
}

/** The effective settings of one scan. */
export interface EffectiveSettings {
  analyze: ScanOptions;
  /** Exit with 1 when an unsuppressed finding has at least this severity. */
  failOn: Severity;
  /** gitignore-style exclude patterns and the directory they are relative to. */
  exclude: string[];
  excludeBase: string | null;
}

/**
 * Combines a validated configuration with command-line overrides.
 *
 * Given a file with `select = ["FG201"]`, `fail-on = "high"` and the flag `--fail-on low`, the
 * result selects `["FG201"]` and fails on `low`.
 */
export function effectiveSettings(config: FlaskguardConfig, cli: CliOverrides): EffectiveSettings {
  const analyze: ScanOptions = {};
  const select = cli.select ?? config.select;
  const ignore = cli.ignore ?? config.ignore;
  if (select !== undefined) analyze.select = select;
  if (ignore !== undefined) analyze.ignore = ignore;
  const severity: Record<string, Severity> = {};
  const ruleOptions: Record<string, Record<string, unknown>> = {};
  for (const [code, rule] of Object.entries(config.rules)) {
    if (rule.severity !== undefined) severity[code] = rule.severity;
    if (Object.keys(rule.options).length > 0) ruleOptions[code] = rule.options;
  }
  if (Object.keys(severity).length > 0) analyze.severity = severity;
  if (Object.keys(ruleOptions).length > 0) analyze.ruleOptions = ruleOptions;
  if (config.nosec !== undefined) analyze.nosec = config.nosec;
  if (config.productionConfigs !== undefined) analyze.productionConfigs = config.productionConfigs;
  // The CLI reports suppressions that suppress nothing unless the configuration turns it off.
  analyze.reportUnusedSuppressions = config.reportUnusedSuppressions ?? true;
  const preview = cli.preview ?? config.preview;
  if (preview !== undefined) analyze.preview = preview;
  if (config.loginRoutes !== undefined) analyze.loginRoutes = config.loginRoutes;
  if (config.passwordHashPolicy !== undefined) analyze.passwordHashPolicy = config.passwordHashPolicy;
  // Project-wide settings that rules read as options: the password policy (FG655) and the custom
  // data-flow sources/sanitizers/sinks (every taint rule), under per-rule values the user set.
  const shared: [string[], Record<string, unknown>][] = [];
  if (config.passwordHashPolicy !== undefined) shared.push([["FG655"], { policy: config.passwordHashPolicy }]);
  if (config.dataflow !== undefined) {
    shared.push([
      DATAFLOW_RULES,
      { dataflowSources: config.dataflow.sources, dataflowSanitizers: config.dataflow.sanitizers, dataflowSinks: config.dataflow.sinks },
    ]);
  }
  for (const [codes, values] of shared) {
    for (const code of codes) ruleOptions[code] = { ...values, ...(ruleOptions[code] ?? {}) };
  }
  if (Object.keys(ruleOptions).length > 0) analyze.ruleOptions = ruleOptions;
  return {
    analyze,
    failOn: cli.failOn ?? config.failOn ?? "low",
    exclude: config.exclude,
    excludeBase: config.baseDir,
  };
}
