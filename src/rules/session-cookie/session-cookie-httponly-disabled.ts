/**
 * @fileoverview FG402 session-cookie-httponly-disabled: `SESSION_COOKIE_HTTPONLY` set to False in a
 * production (or unknown-role) configuration, so scripts in the page can read the session cookie
 * and any XSS becomes session theft. Flask's default (True) is fine and not reported; Flask-Talisman
 * attached with its default `session_cookie_http_only=True` turns the flag back on and counts.
 */
import { createRule } from "../create-rule.js";
import { boolOf } from "../helpers/production-settings.js";
import { checkProductionSetting } from "../helpers/setting-check.js";

const KEY = "SESSION_COOKIE_HTTPONLY";

export default createRule({
  meta: {
    code: "FG402",
    name: "session-cookie-httponly-disabled",
    category: "session-cookie",
    severity: "medium",
    confidence: "high",
    summary: "`SESSION_COOKIE_HTTPONLY` is False in production: scripts can read the session cookie",
    cwe: [1004],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://flask.palletsprojects.com/en/stable/config/#SESSION_COOKIE_HTTPONLY",
      "https://owasp.org/www-community/HttpOnly",
      "https://cwe.mitre.org/data/definitions/1004.html",
    ],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      disabled:
        "`SESSION_COOKIE_HTTPONLY = {{value}}` applies to {{where}}: JavaScript in the page can read the session cookie, so any XSS bug lets an attacker steal the session (Flask's default is True)",
    },
    help: "Remove the setting (Flask's default is `SESSION_COOKIE_HTTPONLY = True`) or set it to True in the production configuration.",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    checkProductionSetting(ctx, {
      key: KEY,
      talismanArgument: "session_cookie_http_only",
      insecureMessageId: "disabled",
      isInsecure: (value) => boolOf(value) === false,
    });
  },
});
