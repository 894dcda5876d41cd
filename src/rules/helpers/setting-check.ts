/**
 * @fileoverview The shared shape of the "production setting" rules (SESSION_COOKIE_SECURE,
 * SESSION_COOKIE_HTTPONLY, SESSION_COOKIE_SAMESITE, ...): for every production configuration, report
 * a missing key whose Flask default is insecure at the configuration's anchor (with an insert fix),
 * and an explicit insecure value where it is written — once per write, skipping conditional writes,
 * test code and settings Flask-Talisman provides.
 */
import type { Value } from "../../semantic/evaluate.js";
import type { ProjectRuleContext, RuleOptions } from "../types.js";
import {
  definedInUnlinkedSource,
  insertSettingFix,
  knownValue,
  opaqueNote,
  productionTargets,
  pythonOf,
  talismanProvides,
  targetRelated,
} from "./production-settings.js";
import { isTestPath } from "./test-code.js";

/** What one production-setting rule checks. */
export interface SettingCheck<M extends string> {
  /** The config key, e.g. `SESSION_COOKIE_SECURE`. */
  key: string;
  /** The Talisman argument that sets the same thing (then nothing is reported for that app). */
  talismanArgument: Parameters<typeof talismanProvides>[1];
  /** Report a key that is never set (Flask's default is insecure): the message id and the value the fix inserts. */
  missing?: { messageId: M; fixValue: string };
  /** The message id for an explicit insecure value (data: `where`, `value`). */
  insecureMessageId: M;
  /** Whether a known value is insecure. */
  isInsecure(value: Value): boolean;
}

/** Runs a {@link SettingCheck} over every production configuration of the project. */
export function checkProductionSetting<O extends RuleOptions, M extends string>(ctx: ProjectRuleContext<O, M>, check: SettingCheck<M>): void {
  const project = ctx.project;
  const reported = new Set<string>();
  for (const target of productionTargets(project)) {
    if (talismanProvides(target.app, check.talismanArgument)) continue;
    const v = target.config.get(check.key);
    if (v.status === "default") {
      if (!check.missing || definedInUnlinkedSource(project, target, check.key)) continue;
      ctx.report(target.anchor.file, {
        messageId: check.missing.messageId,
        data: { where: target.where, note: opaqueNote(v.mayBeOverriddenBy, project) },
        node: target.anchor.node,
        related: targetRelated(project, target, target.anchor),
        confidence: v.mayBeOverriddenBy.length > 0 ? "low" : target.unknownRole ? "medium" : "high",
        fix: insertSettingFix(project, target.configClass, check.key, check.missing.fixValue),
      });
      continue;
    }
    if (v.status !== "set" || !v.write || v.write.conditional || isTestPath(v.write.at.file)) continue;
    const value = knownValue(v);
    if (!value || !check.isInsecure(value)) continue;
    const id = `${v.write.at.file}:${v.write.at.node.start}`;
    if (reported.has(id)) continue;
    reported.add(id);
    ctx.report(v.write.at.file, {
      messageId: check.insecureMessageId,
      data: { where: target.where, value: pythonOf(value) },
      node: v.write.at.node,
      related: targetRelated(project, target, v.write.at),
      confidence: target.unknownRole ? "medium" : "high",
    });
  }
}
