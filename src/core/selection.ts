/**
 * @fileoverview Which rules run, with which severity and options: `select`/`ignore` selectors
 * (rule code, code prefix such as `FG2`, rule name, category, or `ALL`), per-rule severity
 * overrides and typed rule options merged over the defaults. Problems are collected as messages so
 * the CLI can report them as configuration errors.
 */
import type { Rule, RuleOptions } from "../rules/types.js";
import { CATEGORIES, SEVERITIES, type Severity } from "./types.js";

/** Thrown by the analyzer when its options name unknown rules or have ill-typed rule options. */
export class AnalyzeOptionsError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid analyzer options: ${problems.join("; ")}`);
    this.name = "AnalyzeOptionsError";
  }
}

/**
 * Whether `selector` selects `rule`: `ALL`, its code (`FG201`, case-insensitive), a code prefix
 * (`FG2`, `FG20`), its name (`hardcoded-secret-key`) or its category (`secret-key`).
 */
export function selectorMatches(selector: string, rule: Rule): boolean {
  const s = selector.trim();
  if (s.toUpperCase() === "ALL") return true;
  if (/^FG\d{1,3}$/i.test(s)) return rule.meta.code.startsWith(s.toUpperCase());
  return s === rule.meta.name || s === rule.meta.category;
}

/** Whether `selector` matches at least one rule, or is `ALL` or a category. */
export function isKnownSelector(selector: string, rules: readonly Rule[]): boolean {
  const s = selector.trim();
  return (
    s.toUpperCase() === "ALL" ||
    (CATEGORIES as readonly string[]).includes(s) ||
    rules.some((r) => selectorMatches(s, r))
  );
}

/** Selection inputs (a subset of `AnalyzeOptions`). */
export interface SelectionOptions {
  select?: string[];
  ignore?: string[];
  /** Also enable `preview` rules when `select` is not given. */
  preview?: boolean;
}

/**
 * The enabled rules, in registry order. Without `select`, every stable rule (and preview rules
 * when `preview` is set) is enabled; with it, exactly the selected ones (explicitly selecting a
 * preview rule enables it). `ignore` then removes rules. Deprecated rules run only when selected by
 * code or name.
 */
export function selectRules(rules: readonly Rule[], options: SelectionOptions): Rule[] {
  return rules.filter((rule) => {
    const explicit = (options.select ?? []).some((s) => s === rule.meta.code || s === rule.meta.name);
    let on: boolean;
    if (options.select) {
      on = options.select.some((s) => selectorMatches(s, rule));
      if (rule.meta.status === "deprecated" && !explicit) on = false;
    } else {
      on = rule.meta.status === "stable" || (rule.meta.status === "preview" && options.preview === true);
    }
    if (on && (options.ignore ?? []).some((s) => selectorMatches(s, rule))) on = false;
    return on;
  });
}

/** Looks a rule up by code or name for override maps. */
export type RuleLookup = (codeOrName: string) => Rule | undefined;

/**
 * Validates selectors, severity overrides and rule options; returns one message per problem
 * (empty when everything is fine). Messages name the offending key.
 */
export function validateRuleSettings(
  rules: readonly Rule[],
  findRule: RuleLookup,
  options: SelectionOptions & {
    severity?: Record<string, Severity>;
    ruleOptions?: Record<string, Record<string, unknown>>;
  },
): string[] {
  const problems: string[] = [];
  for (const key of ["select", "ignore"] as const) {
    for (const s of options[key] ?? []) {
      if (!isKnownSelector(s, rules)) problems.push(`${key}: unknown rule, prefix or category "${s}"`);
    }
  }
  for (const [key, sev] of Object.entries(options.severity ?? {})) {
    if (!findRule(key)) problems.push(`severity: unknown rule "${key}"`);
    if (!(SEVERITIES as readonly string[]).includes(sev)) {
      problems.push(`severity.${key}: "${String(sev)}" is not one of ${SEVERITIES.join(", ")}`);
    }
  }
  for (const [key, opts] of Object.entries(options.ruleOptions ?? {})) {
    const rule = findRule(key);
    if (!rule) {
      problems.push(`options: unknown rule "${key}"`);
      continue;
    }
    problems.push(...validateOptions(rule, opts).map((p) => `options.${key}.${p}`));
  }
  return problems;
}

/** Checks user options against a rule's option declarations; returns problems as `name: message`. */
export function validateOptions(rule: Rule, options: Record<string, unknown>): string[] {
  const problems: string[] = [];
  const specs = rule.meta.optionSpecs as Record<string, { type: string }>;
  for (const [name, value] of Object.entries(options)) {
    const spec = specs[name];
    if (!spec) {
      const known = Object.keys(specs);
      problems.push(`${name}: unknown option of ${rule.meta.code}${known.length ? ` (known: ${known.join(", ")})` : " (it has none)"}`);
      continue;
    }
    const ok =
      spec.type === "string[]"
        ? Array.isArray(value) && value.every((v) => typeof v === "string")
        : typeof value === spec.type;
    if (!ok) problems.push(`${name}: expected ${spec.type}, got ${Array.isArray(value) ? "array" : typeof value}`);
  }
  return problems;
}

/** The effective options of `rule`: its defaults, overridden by user options given by code or name. */
export function effectiveOptions(rule: Rule, userOptions: Record<string, Record<string, unknown>> | undefined): RuleOptions {
  const merged: Record<string, unknown> = { ...rule.meta.defaultOptions };
  for (const key of [rule.meta.code, rule.meta.name]) {
    const given = userOptions?.[key];
    if (given) Object.assign(merged, given);
  }
  return merged as RuleOptions;
}

/** The severity override for `rule` (by code, then name), if any. */
export function severityOverride(rule: Rule, severity: Record<string, Severity> | undefined): Severity | undefined {
  return severity?.[rule.meta.code] ?? severity?.[rule.meta.name];
}
