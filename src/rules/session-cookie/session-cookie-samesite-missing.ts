/**
 * @fileoverview FG403 session-cookie-samesite-missing: in a production (or unknown-role)
 * configuration of an app that uses the session, `SESSION_COOKIE_SAMESITE` is not "Lax" or
 * "Strict" — missing counts, Flask's default is None (no attribute) — so browsers attach the session
 * cookie to cross-site requests. Flask-Talisman attached to the app sets "Lax" by default and counts.
 */
import { createRule } from "../create-rule.js";
import { checkProductionSetting } from "../helpers/setting-check.js";
import { sessionUse } from "../helpers/session-auth.js";

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
    skipsTestFiles: true,
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
    if (!sessionUse(ctx.project)) return;
    checkProductionSetting(ctx, {
      key: KEY,
      talismanArgument: "session_cookie_samesite",
      missing: { messageId: "missing", fixValue: '"Lax"' },
      insecureMessageId: "weak",
      isInsecure: (value) =>
        !(value.kind === "str" && /^(lax|strict)$/i.test(value.value)) && (value.kind === "str" || value.kind === "none" || value.kind === "bool"),
    });
  },
});
