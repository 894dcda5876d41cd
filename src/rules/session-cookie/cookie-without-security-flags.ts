/**
 * @fileoverview FG408 cookie-without-security-flags: `response.set_cookie(...)` for a session-like
 * or sensitive cookie (its name says session, token, auth, JWT, remember, API key, user id...)
 * without `secure=True`, `httponly=True` and `samesite=`. CSRF double-submit cookies (`csrf`,
 * `xsrf`) must be readable by JavaScript, so only `secure` and `samesite` are required for them.
 * Flags whose value is not a constant (`secure=request.is_secure`) count as set. Offers an unsafe
 * fix adding the missing keywords.
 */
import type { Call, Expr } from "../../python/ast.js";
import { forEachNode } from "../../semantic/walk.js";
import { createRule } from "../create-rule.js";
import { boolOf } from "../helpers/production-settings.js";
import { isTestPath } from "../helpers/test-code.js";
import type { FileView, FixSpec } from "../types.js";

/** Cookie names that carry a session or credential. */
const SENSITIVE_COOKIE = /sess|token|auth|jwt|remember|login|api[-_]?key|apikey|access|refresh|credential|passw|secret|(^|[-_])(uid|sid|user[-_]?id)($|[-_])|csrf|xsrf/i;
const CSRF_COOKIE = /csrf|xsrf/i;

export default createRule({
  meta: {
    code: "FG408",
    name: "cookie-without-security-flags",
    category: "session-cookie",
    severity: "medium",
    confidence: "medium",
    summary: "`set_cookie` sets a session or credential cookie without `secure`, `httponly` or `samesite`",
    cwe: [614, 1004, 1275],
    fixable: "sometimes",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://flask.palletsprojects.com/en/stable/api/#flask.Response.set_cookie",
      "https://flask.palletsprojects.com/en/stable/web-security/#set-cookie-options",
      "https://developer.mozilla.org/en-US/docs/Web/HTTP/Cookies#security",
    ],
    requires: { modules: ["flask", "werkzeug"], scope: "project" },
    messages: {
      flags:
        "Cookie `{{name}}` is set without {{missing}}: {{why}}",
    },
    help: "Pass `secure=True, httponly=True, samesite=\"Lax\"` to `set_cookie` for cookies that carry a session or credential (`httponly` stays off only for a CSRF double-submit cookie that JavaScript must read).",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    const project = ctx.project;
    for (const file of project.files) {
      if (isTestPath(file.path) || !file.text.includes("set_cookie")) continue;
      if (!file.semantic.imports.some((i) => /^(flask|werkzeug)(\.|$)/.test(i.qualifiedName))) continue;
      forEachNode(file.module, (n) => {
        if (n.type === "Call" && n.func.type === "Attribute" && n.func.attr === "set_cookie") check(file, n);
        return undefined;
      });
    }

    function check(file: FileView, call: Call): void {
      if (call.keywords.some((k) => k.arg === null) || call.args.some((a) => a.type === "Starred")) return;
      const nameExpr = call.args[0] ?? call.keywords.find((k) => k.arg === "key")?.value;
      if (!nameExpr) return;
      const nameValue = project.flask.evaluate(file, nameExpr);
      if (nameValue.kind !== "str" || !SENSITIVE_COOKIE.test(nameValue.value)) return;
      const name = nameValue.value;
      // set_cookie(key, value, max_age, expires, path, domain, secure, httponly, samesite)
      const flag = (kw: string, index: number): Expr | null => call.keywords.find((k) => k.arg === kw)?.value ?? call.args[index] ?? null;
      const isCsrf = CSRF_COOKIE.test(name);
      const missing: string[] = [];
      const reasons: string[] = [];
      const secure = flag("secure", 6);
      if (!secure || boolOf(project.flask.evaluate(file, secure)) === false) {
        missing.push("`secure=True`");
        reasons.push("it is also sent over plain HTTP");
      }
      const httponly = flag("httponly", 7);
      if (!isCsrf && (!httponly || boolOf(project.flask.evaluate(file, httponly)) === false)) {
        missing.push("`httponly=True`");
        reasons.push("JavaScript (and so any XSS) can read it");
      }
      const samesite = flag("samesite", 8);
      const sv = samesite ? project.flask.evaluate(file, samesite) : null;
      if (!samesite || sv?.kind === "none" || (sv?.kind === "str" && sv.value.toLowerCase() === "none")) {
        missing.push("`samesite=\"Lax\"`");
        reasons.push("browsers may attach it to requests from other sites");
      }
      if (missing.length === 0) return;
      ctx.report(file.path, {
        messageId: "flags",
        data: { name, missing: missing.join(", "), why: reasons.join("; ") },
        node: call,
        fix: addFlagsFix(file, call, { secure: !!secure, httponly: isCsrf || !!httponly, samesite: !!samesite }),
      });
    }

    /** Adds the keywords that are absent (an explicit `secure=False` is left for a human). */
    function addFlagsFix(file: FileView, call: Call, present: { secure: boolean; httponly: boolean; samesite: boolean }): FixSpec | null {
      const add: string[] = [];
      if (!present.secure) add.push("secure=True");
      if (!present.httponly) add.push("httponly=True");
      if (!present.samesite) add.push('samesite="Lax"');
      if (add.length === 0 || call.args.length > 6) return null;
      const close = call.end - 1;
      if (file.text[close] !== ")") return null;
      const before = file.text.slice(call.func.end, close).trimEnd();
      const sep = before.endsWith("(") || before.endsWith(",") ? (before.endsWith(",") ? " " : "") : ", ";
      const insertAt = call.func.end + file.text.slice(call.func.end, close).trimEnd().length;
      return {
        title: `Add ${add.map((a) => `\`${a}\``).join(", ")}`,
        applicability: "unsafe",
        edits: [{ range: { start: insertAt, end: insertAt }, text: `${sep}${add.join(", ")}` }],
      };
    }
  },
});
