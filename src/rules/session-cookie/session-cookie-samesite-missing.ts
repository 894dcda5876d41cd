/**
 * @fileoverview FG403 session-cookie-samesite-missing: in a production (or unknown-role)
 * configuration of an app that uses the session, `SESSION_COOKIE_SAMESITE` is not "Lax" or
 * "Strict" — missing counts, Flask's default is None (no attribute) — so browsers attach the session
 * cookie to cross-site requests. Flask-Talisman attached to the app sets "Lax" by default and counts.
 */
import { createRule } from "../create-rule.js";
import { definedInUnlinkedSource, insertSettingFix, knownValue, opaqueNote, productionTargets, pythonOf, talismanProvides, targetRelated } from "../helpers/production-settings.js";
import { sessionUse } from "../helpers/session-auth.js";
import { isTestPath } from "../helpers/test-code.js";

const KEY = "SESSION_COOKIE_SAMESITE";

export default createRule({
  meta: {
    code: "FG403",
    name: "session-cookie-samesite-missing",
    category: "session-cookie",
    severity: "medium",
    confidence: "high",
    summary: "`SESSION_COOKIE_SAMESITE` is not \"Lax\" or \"Strict\" in production",
    cwe: [1275, 352],
    fixable: "sometimes",
    status: "stable",
    references: [
      "https://flask.palletsprojects.com/en/stable/config/#SESSION_COOKIE_SAMESITE",
      "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Set-Cookie#samesitesamesite-value",
      "https://cwe.mitre.org/data/definitions/1275.html",
    ],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      missing:
        "`SESSION_COOKIE_SAMESITE` is not set in {{where}}; Flask's default is None, so the session cookie has no SameSite attribute and some browsers attach it to requests from other sites (CSRF){{note}}",
      weak: "`SESSION_COOKIE_SAMESITE = {{value}}` applies to {{where}}: browsers attach the session cookie to requests from other sites, which enables CSRF",
    },
    help: "Set `SESSION_COOKIE_SAMESITE = \"Lax\"` (or \"Strict\") in the production configuration, or attach Flask-Talisman, which sets \"Lax\".",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    const project = ctx.project;
    if (!sessionUse(project)) return;
    const reported = new Set<string>();
    for (const target of productionTargets(project)) {
      if (talismanProvides(target.app, "session_cookie_samesite")) continue;
      const v = target.config.get(KEY);
      if (v.status === "default") {
        if (definedInUnlinkedSource(project, target, KEY)) continue;
        ctx.report(target.anchor.file, {
          messageId: "missing",
          data: { where: target.where, note: opaqueNote(v.mayBeOverriddenBy, project) },
          node: target.anchor.node,
          related: targetRelated(project, target, target.anchor),
          confidence: v.mayBeOverriddenBy.length > 0 ? "low" : target.unknownRole ? "medium" : "high",
          fix: insertSettingFix(project, target.configClass, KEY, '"Lax"'),
        });
        continue;
      }
      if (v.status !== "set" || !v.write || v.write.conditional || isTestPath(v.write.at.file)) continue;
      const value = knownValue(v);
      if (!value || (value.kind === "str" && /^(lax|strict)$/i.test(value.value))) continue;
      if (value.kind !== "str" && value.kind !== "none" && value.kind !== "bool") continue;
      const id = `${v.write.at.file}:${v.write.at.node.start}`;
      if (reported.has(id)) continue;
      reported.add(id);
      ctx.report(v.write.at.file, {
        messageId: "weak",
        data: { where: target.where, value: pythonOf(value) },
        node: v.write.at.node,
        related: targetRelated(project, target, v.write.at),
        confidence: target.unknownRole ? "medium" : "high",
      });
    }
  },
});
