/**
 * @fileoverview The Flask-Talisman setups of a project that production runs: one per Talisman
 * object and app it is attached to (constructor `Talisman(app, ...)` or `talisman.init_app(app,
 * ...)`), with the constructor and `init_app` keyword arguments merged (init_app's win, as in
 * Talisman), skipping setups in test files, under development-only branches, or attached only to
 * development/testing apps.
 */
import type { Call } from "../../python/ast.js";
import type { Value } from "../../semantic/evaluate.js";
import type { Extension, SourceRef } from "../../project/types.js";
import type { ProjectView } from "../types.js";
import { inDevelopmentBranch, productionTarget, type ProductionTarget } from "./deployment-role.js";
import { isTestPath } from "./test-code.js";

/** One Talisman setup production runs. */
export interface TalismanSetup {
  extension: Extension;
  /** The production target of the app it protects (null when not seen attached). */
  target: ProductionTarget | null;
  /** Keyword arguments, constructor then `init_app` (which wins). */
  arguments: Record<string, Value>;
  /** Where the arguments are given: the `init_app(...)` call, else the constructor. */
  at: SourceRef;
  /** True when a call passes `**kwargs` (its arguments are not all known). */
  hasSplat: boolean;
}

function splat(node: SourceRef["node"]): boolean {
  const call = node as unknown as Call;
  return call.type === "Call" && call.keywords.some((k) => k.arg === null);
}

/** Every Talisman setup that production runs (see the file overview). */
export function talismanSetups(project: ProjectView): TalismanSetup[] {
  const model = project.flask;
  const out: TalismanSetup[] = [];
  for (const ext of model.extensionsOfKind("Talisman")) {
    const created = ext.createdAt;
    const createdFile = project.file(created.file);
    if (isTestPath(created.file) || (createdFile && inDevelopmentBranch(createdFile, created.node))) continue;
    if (ext.attachments.length === 0) {
      out.push({ extension: ext, target: null, arguments: { ...ext.arguments }, at: created, hasSplat: splat(created.node) });
      continue;
    }
    const seen = new Set<number>();
    for (const att of ext.attachments) {
      const attFile = project.file(att.at.file);
      if (isTestPath(att.at.file) || (attFile && inDevelopmentBranch(attFile, att.at.node))) continue;
      const target = productionTarget(model, att.app);
      if (!target) continue;
      if (seen.has(att.at.node.start)) continue;
      seen.add(att.at.node.start);
      out.push({
        extension: ext,
        target,
        arguments: { ...ext.arguments, ...att.arguments },
        at: att.at,
        hasSplat: splat(created.node) || splat(att.at.node),
      });
    }
  }
  return out;
}
