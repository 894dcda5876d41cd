/**
 * @fileoverview `flaskguard model [PATH]`: prints the Flask project model as JSON — apps and
 * factories, configurations with their environment, effective values and provenance, config
 * sources, extensions, blueprints, routes, hooks and `.env`/`.flaskenv` files — so a user can see
 * what flaskguard understood when a finding looks wrong. Also `modelOfInputs`, the same model for
 * in-memory inputs (snapshot tests).
 */
import { existsSync, writeFileSync } from "node:fs";
import path from "node:path";

import { resolveConfig } from "../config/load.js";
import { effectiveSettings } from "../config/options.js";
import { analyzeProject, type RuleSet, type SourceFileInput } from "../core/analyzer.js";
import type { FlaskModel } from "../project/model.js";
import { serializeModel } from "../project/serialize.js";
import type { Rule } from "../rules/types.js";
import { commonRoot, discoverFiles } from "./discover.js";
import { findRule, knownSelector } from "./engine.js";
import { EXIT, UsageError, type CliIo } from "./io.js";
import { readSources } from "./read.js";

/** Options of `flaskguard model`. */
export interface ModelOptions {
  config?: string;
  output?: string;
}

/**
 * Builds the Flask model of in-memory inputs through the engine (which parses them and builds the
 * semantic models), returning it with the decoded texts and the files that could not be parsed.
 */
export function modelOfInputs(
  inputs: readonly SourceFileInput[],
  productionConfigs: readonly string[] = [],
): { model: FlaskModel; texts: Map<string, string>; errors: string[] } {
  let model: FlaskModel | null = null;
  const capture: Rule = {
    meta: {
      code: "FG000",
      name: "model-capture",
      category: "other",
      severity: "low",
      confidence: "low",
      summary: "captures the project model",
      cwe: [],
      fixable: "none",
      status: "stable",
      docs: "",
      references: [],
      messages: {},
      help: "",
      defaultOptions: {},
      optionSpecs: {},
    },
    check(ctx) {
      model = ctx.project.flask;
    },
  };
  const ruleSet: RuleSet = { rules: [capture], findRule: (c) => (c === "FG000" || c === "model-capture" ? capture : undefined) };
  const result = analyzeProject(inputs, { productionConfigs: [...productionConfigs] }, ruleSet);
  if (model === null) throw new Error("the project model was not built");
  return { model, texts: result.texts, errors: result.errors.map((e) => `${e.file}:${e.line ?? 0}: ${e.message}`) };
}

/** Runs `flaskguard model`; returns the exit status. */
export function runModel(paths: readonly string[], options: ModelOptions, io: CliIo): number {
  const given = paths.length > 0 ? paths : ["."];
  for (const p of given) if (!existsSync(path.resolve(io.cwd, p))) throw new UsageError(`path not found: ${p}`);
  const root = commonRoot(given, io.cwd);
  const config = resolveConfig(options.config, root, findRule, knownSelector, io.cwd);
  const settings = effectiveSettings(config, {});
  const discovery = discoverFiles(given, io.cwd, { root, exclude: settings.exclude, excludeBase: settings.excludeBase, kinds: ["python", "text"] });
  const read = readSources(discovery.files.filter((f) => f.kind === "python" || f.kind === "text"));
  const { model, texts, errors } = modelOfInputs(read.inputs, settings.analyze.productionConfigs ?? []);
  const document = {
    ...(serializeModel(model, texts) as Record<string, unknown>),
    errors: [...discovery.errors, ...read.errors].map((e) => `${e.file}: ${e.message}`).concat(errors),
  };
  const json = `${JSON.stringify(document, null, 2)}\n`;
  if (options.output) writeFileSync(path.resolve(io.cwd, options.output), json);
  else io.stdout.write(json);
  return EXIT.ok;
}
