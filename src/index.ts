/**
 * @fileoverview flaskguard's public API: analyze a set of Python files as a Flask project, apply
 * fixes and baselines, and inspect the rule registry. Everything here is pure (no file system).
 */
export {
  analyzeProject,
  analyzeSource,
  fixProject,
  fixSource,
  moduleNameForPath,
  compareFindings,
  type AnalyzeOptions,
  type AnalyzeResult,
  type FixOptions,
  type FixProjectResult,
  type SourceFileInput,
} from "./core/analyzer.js";
export {
  applyBaseline,
  createBaseline,
  parseBaseline,
  staleBaselineEntries,
  fingerprints,
  BaselineFormatError,
  BASELINE_VERSION,
  type Baseline,
  type FileTexts,
} from "./core/baseline.js";
export { applyFixes, MAX_FIX_PASSES, type FixLevel } from "./core/fix.js";
export {
  AnalyzeOptionsError,
  isKnownSelector,
  selectRules,
  selectorMatches,
  validateOptions,
  validateRuleSettings,
} from "./core/selection.js";
export { LineIndex } from "./core/source-file.js";
export * from "./core/types.js";
export { rules, findRule, CATEGORY_CODE_PREFIX } from "./rules/index.js";
export type { Rule, RuleDefinitionMeta, OptionSpec } from "./rules/types.js";
