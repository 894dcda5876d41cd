/**
 * @fileoverview The data-flow engine's public face: {@link dataflowOf} runs the taint analysis over a
 * project once (per custom configuration) and caches it, so that every taint rule reads the same
 * result; {@link flowPath} turns a hit into the related locations of a finding (source → steps → sink).
 */
import type { ProjectView, RelatedSpec } from "../rules/types.js";
import { DataflowEngine, type SinkHit } from "./engine.js";
import { NO_CONFIG, type DataflowConfig } from "./specs.js";
import { Flag, stepsOf, type SinkKind } from "./taint.js";

export { DataflowEngine, keyOf, type FunctionInfo, type SinkHit, type DataflowStats } from "./engine.js";
export { NO_CONFIG, parseKindEntries, type DataflowConfig } from "./specs.js";
export { Flag, isPasswordName, isStoredPasswordName, stepsOf, unsafeFor, type SinkKind, type Taint, type Step } from "./taint.js";
export { findViews, urlRuleParams, type ViewInfo } from "./routes.js";

const cache = new WeakMap<ProjectView, Map<string, DataflowEngine>>();

/**
 * The analysis of `project` with the given custom sources/sanitizers/sinks, computed on first use.
 *
 * ```ts
 * const flow = dataflowOf(ctx.project, configFromOptions(ctx.options));
 * for (const hit of hitsOf(flow, "sql")) ctx.report(hit.file, { node: hit.node, related: flowPath(hit), ... });
 * ```
 */
export function dataflowOf(project: ProjectView, config: DataflowConfig = NO_CONFIG): DataflowEngine {
  let byConfig = cache.get(project);
  if (!byConfig) cache.set(project, (byConfig = new Map()));
  const key = JSON.stringify([config.sources, config.sanitizers, config.sinks]);
  let engine = byConfig.get(key);
  if (!engine) {
    const holds = sourcesIn(project, config);
    engine = new DataflowEngine(project, config, holds === "password" ? { roots: PASSWORD_HINT } : { inert: holds === "none" }).run();
    byConfig.set(key, engine);
  }
  return engine;
}

/**
 * Words without which no file can hold a built-in source of client data: Flask's request, WTForms
 * data, route parameters, FileStorage names. Checked on the raw text, so it errs on the side of
 * analysing.
 */
const REQUEST_HINT = /flask|werkzeug|wtforms|quart/i;
/** Words without which no function can hold a password source (a password-like name) or a password-hashing call the rules read. */
const PASSWORD_HINT = /passw|passphrase|pwd|passwort|mot_?de_?passe|passlib|bcrypt|argon2/i;

/**
 * What sources `project` may hold: `all` when a file mentions the request (or a custom source is
 * configured); `password` when files only mention passwords, so that only the functions that do
 * (and their callers) need analysing from the top; `none` otherwise, as for the many library modules
 * of a large scan that the Flask part of the project never imports. Measured on the CPython standard
 * library plus the Flask packages (`--jobs 1`): `none` skips the per-function summaries of ~1,700
 * files; `password` cuts the analysis of the ~60 files analysed alone that name a password (`pwd`,
 * `passwd`: `os`, `tarfile`, `imaplib`...) from about 330 ms to about 100 ms.
 */
function sourcesIn(project: ProjectView, config: DataflowConfig): "all" | "password" | "none" {
  if (config.sources.length > 0) return "all";
  let password = false;
  for (const file of project.files) {
    if (REQUEST_HINT.test(file.text)) return "all";
    if (!password && PASSWORD_HINT.test(file.text)) password = true;
  }
  return password ? "password" : "none";
}

/**
 * The hits of one sink kind, one per sink expression (the flow with the longest path is kept, as
 * it shows the most), in a deterministic order.
 */
export function hitsOf(engine: DataflowEngine, kind: SinkKind, filter: (hit: SinkHit) => boolean = () => true): SinkHit[] {
  const best = new Map<string, SinkHit>();
  for (const hit of engine.hits) {
    if (hit.kind !== kind || !filter(hit)) continue;
    const key = `${hit.file}\u0000${hit.node.start}`;
    const prev = best.get(key);
    if (!prev || (hit.taint.steps?.length ?? 0) > (prev.taint.steps?.length ?? 0)) best.set(key, hit);
  }
  return [...best.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.node.start - b.node.start));
}

/** The related locations of a finding: the source, each step, in order (the sink is the finding itself). */
export function flowPath(hit: SinkHit): RelatedSpec[] {
  const steps = stepsOf(hit.taint);
  const out: RelatedSpec[] = [];
  for (const s of steps) {
    if (s.file === hit.file && s.start >= hit.node.start && s.end <= hit.node.end && s !== steps[0]) continue;
    out.push({ file: s.file, range: { start: s.start, end: s.end }, message: s.message });
  }
  return out;
}

/** The label of a hit's source (`` `request.args` ``, `` route parameter `<name>` ``). */
export function sourceLabel(hit: SinkHit): string {
  return hit.taint.origin.kind === "source" ? hit.taint.origin.label : "a parameter";
}

/** Whether a hit's value is the client's file name, not passed through `secure_filename`. */
export function isRawClientFilename(hit: SinkHit): boolean {
  return (hit.taint.flags & Flag.RAW_FILENAME) !== 0 && (hit.taint.safe & (1 << 5)) === 0;
}

/** The custom configuration carried by a taint rule's options (see the README's data-flow section). */
export function configFromOptions(options: { dataflowSources?: string[]; dataflowSanitizers?: string[]; dataflowSinks?: string[] }): DataflowConfig {
  return {
    sources: options.dataflowSources ?? [],
    sanitizers: options.dataflowSanitizers ?? [],
    sinks: options.dataflowSinks ?? [],
  };
}
