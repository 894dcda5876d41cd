/**
 * @fileoverview FG405 remember-cookie-insecure: the app issues Flask-Login remember-me cookies
 * (`login_user(user, remember=...)` with anything but False) and a production (or unknown-role)
 * configuration leaves `REMEMBER_COOKIE_SECURE` not True (Flask-Login's default is False) or sets
 * `REMEMBER_COOKIE_HTTPONLY = False`. The remember-me cookie logs the user back in for a year by
 * default, so it needs the same protection as the session cookie.
 */
import type { Call } from "../../python/ast.js";
import { forEachNode } from "../../semantic/walk.js";
import { createRule } from "../create-rule.js";
import { boolOf, definedInUnlinkedSource, insertSettingFix, knownValue, opaqueNote, productionTargets, pythonOf, targetRelated } from "../helpers/production-settings.js";
import { isTestPath } from "../helpers/test-code.js";
import type { ProjectView } from "../types.js";

const LOGIN_USER = ["flask_login.login_user", "flask_login.utils.login_user"];

/** The first `login_user(..., remember=<not False>)` call of the project (non-test files), or null. */
function rememberCall(project: ProjectView): { file: string; node: Call } | null {
  for (const file of project.files) {
    if (isTestPath(file.path) || !file.text.includes("login_user")) continue;
    let found: Call | null = null;
    forEachNode(file.module, (n) => {
      if (found) return false;
      if (n.type !== "Call" || !file.semantic.matchesQualifiedName(n.func, LOGIN_USER)) return undefined;
      const arg = n.keywords.find((k) => k.arg === "remember")?.value ?? n.args[1];
      if (arg && boolOf(project.flask.evaluate(file, arg)) !== false) found = n;
      return undefined;
    });
    if (found) return { file: file.path, node: found };
  }
  return null;
}

export default createRule({
  meta: {
    code: "FG405",
    name: "remember-cookie-insecure",
    category: "session-cookie",
    severity: "medium",
    confidence: "high",
    summary: "Flask-Login remember-me cookies are issued without `REMEMBER_COOKIE_SECURE` (or with `REMEMBER_COOKIE_HTTPONLY = False`) in production",
    cwe: [614, 1004],
    fixable: "sometimes",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://flask-login.readthedocs.io/en/latest/#cookie-settings",
      "https://flask-login.readthedocs.io/en/latest/#remember-me",
      "https://cwe.mitre.org/data/definitions/614.html",
    ],
    requires: { modules: ["flask_login"], scope: "project" },
    messages: {
      secureMissing:
        "The app issues remember-me cookies but `REMEMBER_COOKIE_SECURE` is not set in {{where}}; Flask-Login's default is False, so browsers also send the long-lived login cookie over plain HTTP{{note}}",
      secureOff:
        "`REMEMBER_COOKIE_SECURE = {{value}}` applies to {{where}} and the app issues remember-me cookies: browsers also send the long-lived login cookie over plain HTTP",
      httpOnlyOff:
        "`REMEMBER_COOKIE_HTTPONLY = {{value}}` applies to {{where}} and the app issues remember-me cookies: JavaScript can read the long-lived login cookie, so any XSS bug steals the login",
    },
    help: "Set `REMEMBER_COOKIE_SECURE = True` in the production configuration and leave `REMEMBER_COOKIE_HTTPONLY` at its default (True); consider `REMEMBER_COOKIE_DURATION = timedelta(days=14)` too.",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    const project = ctx.project;
    const remember = rememberCall(project);
    if (!remember) return;
    const reported = new Set<string>();
    const rememberRelated = { file: remember.file, node: remember.node, message: "remember-me cookies are issued here" };
    for (const target of productionTargets(project)) {
      const secure = target.config.get("REMEMBER_COOKIE_SECURE");
      if (secure.status === "default" && !definedInUnlinkedSource(project, target, "REMEMBER_COOKIE_SECURE")) {
        ctx.report(target.anchor.file, {
          messageId: "secureMissing",
          data: { where: target.where, note: opaqueNote(secure.mayBeOverriddenBy, project) },
          node: target.anchor.node,
          related: [...targetRelated(project, target, target.anchor), rememberRelated],
          confidence: secure.mayBeOverriddenBy.length > 0 ? "low" : target.unknownRole ? "medium" : "high",
          fix: insertSettingFix(project, target.configClass, "REMEMBER_COOKIE_SECURE", "True"),
        });
      }
      for (const [key, messageId] of [["REMEMBER_COOKIE_SECURE", "secureOff"], ["REMEMBER_COOKIE_HTTPONLY", "httpOnlyOff"]] as const) {
        const v = key === "REMEMBER_COOKIE_SECURE" ? secure : target.config.get(key);
        if (v.status !== "set" || !v.write || v.write.conditional || isTestPath(v.write.at.file)) continue;
        const value = knownValue(v);
        if (boolOf(value) !== false) continue;
        const id = `${v.write.at.file}:${v.write.at.node.start}`;
        if (reported.has(id)) continue;
        reported.add(id);
        ctx.report(v.write.at.file, {
          messageId,
          data: { where: target.where, value: pythonOf(value) },
          node: v.write.at.node,
          related: [...targetRelated(project, target, v.write.at), rememberRelated],
          confidence: target.unknownRole ? "medium" : "high",
        });
      }
    }
  },
});
