/**
 * @fileoverview FG404 session-lifetime-too-long: in a production (or unknown-role) configuration of
 * an app that uses the session, `PERMANENT_SESSION_LIFETIME` is missing (Flask's default is 31
 * days) or longer than the configured maximum (option `maxHours`, default 24). Accepts
 * `timedelta(...)` and seconds as a number. Flask also uses this lifetime as the maximum age of a
 * signed session cookie it accepts, so it bounds how long a stolen cookie works, permanent
 * session or not.
 */
import { createRule } from "../create-rule.js";
import { definedInUnlinkedSource, durationText, insertSettingFix, knownValue, opaqueNote, productionTargets, targetRelated } from "../helpers/production-settings.js";
import { sessionUse } from "../helpers/session-auth.js";
import { isTestPath } from "../helpers/test-code.js";

const KEY = "PERMANENT_SESSION_LIFETIME";

export default createRule({
  meta: {
    code: "FG404",
    name: "session-lifetime-too-long",
    category: "session-cookie",
    severity: "medium",
    confidence: "high",
    summary: "`PERMANENT_SESSION_LIFETIME` is missing (31-day default) or longer than the allowed maximum in production",
    cwe: [613],
    fixable: "sometimes",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://flask.palletsprojects.com/en/stable/config/#PERMANENT_SESSION_LIFETIME",
      "https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html#session-expiration",
      "https://cwe.mitre.org/data/definitions/613.html",
    ],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      missing:
        "`PERMANENT_SESSION_LIFETIME` is not set in {{where}}; Flask's default is 31 days, so a stolen session cookie stays valid for a month (the maximum allowed is {{max}}){{note}}",
      tooLong:
        "`PERMANENT_SESSION_LIFETIME` is {{value}} in {{where}}, longer than the maximum of {{max}}: a stolen session cookie stays valid that long",
    },
    help: "Set `PERMANENT_SESSION_LIFETIME = timedelta(hours=12)` (or at most the configured maximum) in the production configuration; use Flask-Login's remember-me cookie for long logins.",
    defaultOptions: { maxHours: 24 },
    optionSpecs: {
      maxHours: { type: "number", description: "Longest acceptable session lifetime, in hours (default 24)." },
    },
  },

  check(ctx) {
    const project = ctx.project;
    if (!sessionUse(project)) return;
    const maxSeconds = ctx.options.maxHours * 3600;
    const max = durationText(maxSeconds);
    const reported = new Set<string>();
    for (const target of productionTargets(project)) {
      const v = target.config.get(KEY);
      if (v.status === "default") {
        if (definedInUnlinkedSource(project, target, KEY)) continue;
        const fixHours = Math.min(12, ctx.options.maxHours);
        ctx.report(target.anchor.file, {
          messageId: "missing",
          data: { where: target.where, max, note: opaqueNote(v.mayBeOverriddenBy, project) },
          node: target.anchor.node,
          related: targetRelated(project, target, target.anchor),
          confidence: v.mayBeOverriddenBy.length > 0 ? "low" : target.unknownRole ? "medium" : "high",
          fix: Number.isInteger(fixHours) && fixHours > 0 ? insertSettingFix(project, target.configClass, KEY, `${fixHours * 3600}  # ${fixHours} hours`) : null,
        });
        continue;
      }
      if (v.status !== "set" || !v.write || v.write.conditional || isTestPath(v.write.at.file)) continue;
      const value = knownValue(v);
      const seconds = value?.kind === "timedelta" ? value.seconds : value?.kind === "number" ? value.value : null;
      if (seconds === null || seconds <= maxSeconds) continue;
      const id = `${v.write.at.file}:${v.write.at.node.start}`;
      if (reported.has(id)) continue;
      reported.add(id);
      ctx.report(v.write.at.file, {
        messageId: "tooLong",
        data: { where: target.where, value: durationText(seconds), max },
        node: v.write.at.node,
        related: targetRelated(project, target, v.write.at),
        confidence: target.unknownRole ? "medium" : "high",
      });
    }
  },
});
