/**
 * @fileoverview FG503 talisman-protection-weakened: Flask-Talisman set up for production with a
 * protection switched off — `force_https=False`, `strict_transport_security=False`,
 * `session_cookie_secure=False`, `session_cookie_http_only=False`, `content_security_policy=None`
 * / `{}` / `""`, or a policy whose script sources (`script-src`, else `default-src`) allow
 * `'unsafe-inline'` (without a nonce or hash), `'unsafe-eval'` or `*`. Only literal values
 * count; each finding is anchored at the value (which may sit in another module, e.g. a policy
 * dict in `extensions.py`).
 */
import type { Value } from "../../semantic/evaluate.js";
import type { SourceRef } from "../../project/types.js";
import { createRule } from "../create-rule.js";
import { inDevelopmentBranch, roleNote } from "../helpers/deployment-role.js";
import { cspEntry, parseCsp } from "../helpers/response-headers.js";
import { valueRef } from "../helpers/route-limits.js";
import { talismanSetups } from "../helpers/talisman-setup.js";
import type { RelatedSpec } from "../types.js";

/** Boolean switches and what turning them off costs. */
const SWITCHES: Readonly<Record<string, string>> = {
  force_https: "plain-HTTP requests are no longer redirected to HTTPS, so credentials and session cookies can travel in clear text",
  strict_transport_security:
    "no Strict-Transport-Security header is sent, so browsers keep trying plain HTTP first and an attacker on the network can strip TLS",
  session_cookie_secure: "Talisman stops marking the session cookie `Secure`, so browsers send it over plain HTTP too",
  session_cookie_http_only: "Talisman stops marking the session cookie `HttpOnly`, so any injected script can read it",
};

function isFalse(v: Value | undefined): boolean {
  return !!v && v.kind === "bool" && !v.value;
}

export default createRule({
  meta: {
    code: "FG503",
    name: "talisman-protection-weakened",
    category: "security-headers",
    severity: "medium",
    confidence: "high",
    summary: "Flask-Talisman has HTTPS, HSTS, secure cookies or its Content-Security-Policy switched off or weakened in production",
    cwe: [693, 319, 79],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://github.com/wntrblm/flask-talisman#options",
      "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/Content-Security-Policy/script-src",
      "https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html",
    ],
    requires: { modules: ["flask_talisman"], scope: "project" },
    messages: {
      switchOff: "Talisman is set up with `{{option}}=False`{{role}}: {{effect}}",
      cspOff:
        "Talisman is set up with `content_security_policy={{value}}`, which sends no Content-Security-Policy{{role}}: nothing limits where scripts load from, so any HTML injection becomes script execution (XSS)",
      cspUnsafe:
        "The Content-Security-Policy allows {{source}} in `{{directive}}`{{role}}: {{effect}}, so the policy no longer stops injected scripts (XSS)",
    },
    help: "Keep Talisman's protections on in production (`force_https`, `strict_transport_security`, `session_cookie_secure` default to True) and give it a real policy: move inline scripts to files or allow them with `content_security_policy_nonce_in=[\"script-src\"]`, and list script hosts instead of `*`. Switch options off only in development configuration.",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    const reported = new Set<string>();
    for (const setup of talismanSetups(ctx.project)) {
      if (setup.target === null && setup.extension.attachments.length > 0) continue;
      const role = roleNote(setup.target?.roleUnknown ?? false);
      const related: RelatedSpec[] = [{ file: setup.at.file, node: setup.at.node, message: "Talisman is configured here" }];
      const report = (at: SourceRef, messageId: "switchOff" | "cspOff" | "cspUnsafe", data: Record<string, string>): void => {
        const key = `${at.file}:${at.node.start}:${data["source"] ?? ""}`;
        if (reported.has(key)) return;
        const file = ctx.project.file(at.file);
        if (file && inDevelopmentBranch(file, at.node)) return;
        reported.add(key);
        const rel = at.file === setup.at.file && at.node.start >= setup.at.node.start && at.node.end <= setup.at.node.end ? [] : related;
        ctx.report(at.file, { messageId, data: { role, ...data }, node: at.node, related: rel });
      };
      for (const [option, effect] of Object.entries(SWITCHES)) {
        const v = setup.arguments[option];
        if (isFalse(v)) report(valueRef(v!, setup.at), "switchOff", { option, effect });
      }
      const csp = setup.arguments["content_security_policy"];
      if (!csp) continue;
      const empty = csp.kind === "none" || (csp.kind === "dict" && csp.entries.length === 0) || (csp.kind === "str" && csp.value.trim() === "");
      if (empty) {
        report(valueRef(csp, setup.at), "cspOff", { value: csp.kind === "none" ? "None" : csp.kind === "dict" ? "{}" : '""' });
        continue;
      }
      const directives = parseCsp(csp);
      if (!directives) continue;
      const directive = directives.has("script-src") ? "script-src" : directives.has("default-src") ? "default-src" : null;
      if (!directive) continue;
      const sources = directives.get(directive)!.map((s) => s.toLowerCase());
      const nonceIn = setup.arguments["content_security_policy_nonce_in"];
      const nonced =
        sources.some((s) => /^'(nonce-|sha256-|sha384-|sha512-|strict-dynamic')/.test(s)) ||
        (!!nonceIn && (nonceIn.kind === "list" || nonceIn.kind === "tuple") && nonceIn.items.some((i) => i.kind === "str" && (i.value === directive || i.value === "script-src")));
      const entry = cspEntry(csp, directive);
      /** The string holding `source` (a list item of the directive when it is a list). */
      const anchorOf = (source: string): SourceRef => {
        if (entry && (entry.kind === "list" || entry.kind === "tuple")) {
          const item = entry.items.find((i) => i.kind === "str" && i.value.toLowerCase().split(/\s+/).includes(source));
          if (item) return valueRef(item, setup.at);
        }
        return valueRef(entry ?? csp, setup.at);
      };
      if (sources.includes("'unsafe-inline'") && !nonced) {
        report(anchorOf("'unsafe-inline'"), "cspUnsafe", { source: "`'unsafe-inline'`", directive, effect: "inline `<script>` blocks and `on*=` event handlers run" });
      }
      if (sources.includes("'unsafe-eval'")) {
        report(anchorOf("'unsafe-eval'"), "cspUnsafe", { source: "`'unsafe-eval'`", directive, effect: "strings reach `eval()`, `new Function()` and `setTimeout(string)`" });
      }
      if (sources.includes("*")) {
        report(anchorOf("*"), "cspUnsafe", { source: "`*`", directive, effect: "scripts load from any host" });
      }
    }
  },
});
