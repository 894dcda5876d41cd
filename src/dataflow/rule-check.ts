/**
 * @fileoverview Shared plumbing of the taint rules: the options every taint rule takes (custom
 * sources, sanitizers and sinks), and the project check that turns the engine's hits of one sink
 * kind into findings whose related locations show the flow (source → steps → sink).
 */
import type { OptionSpec, ProjectRuleContext, RelatedSpec } from "../rules/types.js";
import type { SinkHit } from "./engine.js";
import { configFromOptions, dataflowOf, flowPath, hitsOf, sourceLabel } from "./index.js";
import type { SinkKind } from "./taint.js";

/** Options shared by every taint rule (the configuration's `[tool.flaskguard.dataflow]` fills them). */
export type DataflowOptions = {
  dataflowSources: string[];
  dataflowSanitizers: string[];
  dataflowSinks: string[];
};

/** Default values of {@link DataflowOptions}. */
export const DATAFLOW_DEFAULTS: DataflowOptions = { dataflowSources: [], dataflowSanitizers: [], dataflowSinks: [] };

/** Declarations of {@link DataflowOptions}. */
export const DATAFLOW_OPTION_SPECS: { [K in keyof DataflowOptions]-?: OptionSpec } = {
  dataflowSources: {
    type: "string[]",
    description: "Qualified names of functions whose return value is client data, e.g. `[\"myapp.http.param\"]`.",
  },
  dataflowSanitizers: {
    type: "string[]",
    description: "Functions whose return value is safe: `name` (for every sink) or `kind:name`, e.g. `[\"sql:myapp.db.quote\"]`.",
  },
  dataflowSinks: {
    type: "string[]",
    description: "Functions whose first argument is a sink, as `kind:name`, e.g. `[\"sql:myapp.db.raw_query\"]`.",
  },
};

/** What a taint rule reports for one hit. */
export interface HitReport<M extends string> {
  messageId: M;
  data?: Record<string, string | number>;
  severity?: "low" | "medium" | "high" | "critical";
  confidence?: "low" | "medium" | "high";
}

/**
 * Reports every hit of `kind` that `accept` keeps, once per sink expression, with the flow as related
 * locations and `{{source}}`/`{{sink}}` in the message data.
 */
export function reportHits<M extends string>(
  ctx: ProjectRuleContext<DataflowOptions, M>,
  kind: SinkKind,
  accept: (hit: SinkHit) => HitReport<M> | null,
): void {
  const engine = dataflowOf(ctx.project, configFromOptions(ctx.options));
  for (const hit of hitsOf(engine, kind, (h) => accept(h) !== null)) {
    const r = accept(hit)!;
    const related: RelatedSpec[] = flowPath(hit);
    ctx.report(hit.file, {
      messageId: r.messageId,
      data: { source: sourceLabel(hit), sink: hit.sink, ...r.data },
      node: hit.node,
      related,
      ...(r.severity ? { severity: r.severity } : {}),
      ...(r.confidence ? { confidence: r.confidence } : {}),
    });
  }
}
