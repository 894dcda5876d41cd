/**
 * @fileoverview FG307 csrf-weak-settings: Flask-WTF CSRF settings weakened in a production (or
 * unknown-role) configuration: `WTF_CSRF_SSL_STRICT = False` (no Referer check on HTTPS, the
 * defence against token injection from a sibling HTTP origin) and `WTF_CSRF_TIME_LIMIT = None`
 * (tokens never expire, so a leaked token stays valid for the whole session). Low severity.
 */
import { createRule } from "../create-rule.js";
import { boolOf, knownValue, productionTargets, targetRelated } from "../helpers/production-settings.js";
import { isTestPath } from "../helpers/test-code.js";

export default createRule({
  meta: {
    code: "FG307",
    name: "csrf-weak-settings",
    category: "csrf",
    severity: "low",
    confidence: "high",
    summary: "Flask-WTF CSRF settings are weakened in production (`WTF_CSRF_SSL_STRICT = False`, `WTF_CSRF_TIME_LIMIT = None`)",
    cwe: [352, 613],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://flask-wtf.readthedocs.io/en/stable/config/",
      "https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html",
      "https://cwe.mitre.org/data/definitions/352.html",
    ],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      sslStrict:
        "`WTF_CSRF_SSL_STRICT = False` applies to {{where}}: Flask-WTF no longer checks that HTTPS requests come from the same origin (Referer), the defence against a CSRF token planted from a sibling plain-HTTP site",
      timeLimit:
        "`WTF_CSRF_TIME_LIMIT = None` applies to {{where}}: CSRF tokens never expire, so a token that leaks (logs, referrers, cached pages) stays usable for the whole session",
    },
    help: "Remove the setting from the production configuration: Flask-WTF's defaults are `WTF_CSRF_SSL_STRICT = True` and `WTF_CSRF_TIME_LIMIT = 3600` (one hour).",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    const project = ctx.project;
    const reported = new Set<string>();
    for (const target of productionTargets(project)) {
      for (const name of ["WTF_CSRF_SSL_STRICT", "WTF_CSRF_TIME_LIMIT"] as const) {
        const v = target.config.get(name);
        if (v.status !== "set" || !v.write || v.write.conditional || isTestPath(v.write.at.file)) continue;
        const value = knownValue(v);
        const weak = name === "WTF_CSRF_SSL_STRICT" ? boolOf(value) === false : value?.kind === "none";
        if (!weak) continue;
        const id = `${v.write.at.file}:${v.write.at.node.start}`;
        if (reported.has(id)) continue;
        reported.add(id);
        ctx.report(v.write.at.file, {
          messageId: name === "WTF_CSRF_SSL_STRICT" ? "sslStrict" : "timeLimit",
          data: { where: target.where },
          node: v.write.at.node,
          related: targetRelated(project, target, { file: v.write.at.file, node: v.write.at.node }),
          confidence: target.unknownRole ? "medium" : "high",
        });
      }
    }
  },
});
