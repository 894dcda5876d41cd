/**
 * @fileoverview FG401 session-cookie-not-secure: in a production (or unknown-role) configuration of
 * an app that uses the session, `SESSION_COOKIE_SECURE` is not True — missing counts, Flask's
 * default is False — so browsers also send the session cookie over plain HTTP. Flask-Talisman
 * attached to the app sets the flag itself (`session_cookie_secure=True` is its default) and
 * counts. Absence is reported at the production config class (with an unsafe fix inserting the
 * setting), else at the `Flask(...)` call.
 */
import { createRule } from "../create-rule.js";
import { boolOf } from "../helpers/production-settings.js";
import { checkProductionSetting } from "../helpers/setting-check.js";
import { sessionUse } from "../helpers/session-auth.js";

const KEY = "SESSION_COOKIE_SECURE";

export default createRule({
  meta: {
    code: "FG401",
    name: "session-cookie-not-secure",
    category: "session-cookie",
    severity: "medium",
    confidence: "high",
    summary: "`SESSION_COOKIE_SECURE` is not True in production: the session cookie is also sent over plain HTTP",
    cwe: [614],
    fixable: "sometimes",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://flask.palletsprojects.com/en/stable/config/#SESSION_COOKIE_SECURE",
      "https://flask.palletsprojects.com/en/stable/web-security/#set-cookie-options",
      "https://cwe.mitre.org/data/definitions/614.html",
    ],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      missing:
        "`SESSION_COOKIE_SECURE` is not set in {{where}}; Flask's default is False, so browsers also send the session cookie over plain HTTP, where anyone on the network can steal the session{{note}}",
      insecure:
        "`SESSION_COOKIE_SECURE = {{value}}` applies to {{where}}: browsers also send the session cookie over plain HTTP, where anyone on the network can steal the session",
    },
    help: "Set `SESSION_COOKIE_SECURE = True` in the production configuration (and serve the app over HTTPS), or attach Flask-Talisman, which sets it.",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    if (!sessionUse(ctx.project)) return;
    checkProductionSetting(ctx, {
      key: KEY,
      talismanArgument: "session_cookie_secure",
      missing: { messageId: "missing", fixValue: "True" },
      insecureMessageId: "insecure",
      isInsecure: (value) => boolOf(value) === false,
    });
  },
});
