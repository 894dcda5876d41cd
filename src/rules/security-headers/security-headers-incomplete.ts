/**
 * @fileoverview FG504 security-headers-incomplete: an app without Flask-Talisman whose
 * hand-written `after_request` hooks set some security headers but not both
 * `X-Content-Type-Options: nosniff` and frame protection (`X-Frame-Options: DENY` or
 * `SAMEORIGIN`, or a Content-Security-Policy with `frame-ancestors`). Anchored at the hook.
 */
import type { FunctionDef } from "../../python/ast.js";
import type { Value } from "../../semantic/evaluate.js";
import { createRule } from "../create-rule.js";
import { headerRange, productionTarget, roleNote } from "../helpers/deployment-role.js";
import { headerProtection, servesRequests } from "../helpers/header-protection.js";
import { parseCsp, responseHooksOf, SECURITY_HEADERS, type HeaderWrite } from "../helpers/response-headers.js";
import type { RelatedSpec } from "../types.js";

/** Whether a written value satisfies `test`; values that are not constants get the benefit of the doubt. */
function valueOk(value: Value | null, test: (s: string) => boolean): boolean {
  if (!value || value.kind !== "str") return true;
  return test(value.value.trim());
}

function hasNosniff(headers: readonly HeaderWrite[]): boolean {
  return headers.some((h) => h.name === "x-content-type-options" && valueOk(h.value, (s) => /^nosniff$/i.test(s)));
}

function hasFrameProtection(headers: readonly HeaderWrite[]): boolean {
  if (headers.some((h) => h.name === "x-frame-options" && valueOk(h.value, (s) => /^(deny|sameorigin)$/i.test(s)))) return true;
  return headers.some((h) => {
    if (h.name !== "content-security-policy") return false;
    if (!h.value) return true;
    const csp = parseCsp(h.value);
    return csp === null || csp.has("frame-ancestors");
  });
}

export default createRule({
  meta: {
    code: "FG504",
    name: "security-headers-incomplete",
    category: "security-headers",
    severity: "low",
    confidence: "medium",
    summary: "A hand-written after_request hook sets some security headers but not nosniff and frame protection",
    cwe: [1021, 693],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Content-Type-Options",
      "https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/X-Frame-Options",
      "https://cheatsheetseries.owasp.org/cheatsheets/Clickjacking_Defense_Cheat_Sheet.html",
    ],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      noNosniff:
        "This `{{hook}}` hook sets {{present}} but not `X-Content-Type-Options: nosniff`{{role}}: browsers may MIME-sniff responses and uploaded files into executable HTML or script",
      noFrame:
        "This `{{hook}}` hook sets {{present}} but no frame protection (`X-Frame-Options: DENY` or a CSP `frame-ancestors`){{role}}: any site can load the pages in a frame and trick users into clicking (clickjacking)",
      neither:
        "This `{{hook}}` hook sets {{present}} but neither `X-Content-Type-Options: nosniff` nor frame protection (`X-Frame-Options: DENY` or a CSP `frame-ancestors`){{role}}: browsers may MIME-sniff responses into script, and any site can frame the pages (clickjacking)",
    },
    help: "Set both in the hook: `response.headers[\"X-Content-Type-Options\"] = \"nosniff\"` and `response.headers[\"X-Frame-Options\"] = \"DENY\"` (or `frame-ancestors 'none'` in the Content-Security-Policy), or use Flask-Talisman, which sets them for you.",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    const model = ctx.project.flask;
    for (const app of model.apps) {
      const target = productionTarget(model, app);
      if (!target || !servesRequests(model, app)) continue;
      const protection = headerProtection(ctx.project, app);
      if (protection.kind !== "hooks") continue;
      const headers = protection.writes.headers;
      const nosniff = hasNosniff(headers);
      const frame = hasFrameProtection(headers);
      if (nosniff && frame) continue;
      const security = headers.filter((h) => SECURITY_HEADERS.has(h.name));
      const first = security[0]!;
      const hook = responseHooksOf(model, app, true).find((h) => h.function && h.function.file === first.at.file && h.function.node.start <= first.at.node.start && first.at.node.end <= h.function.node.end)
        ?? responseHooksOf(model, app, true).find((h) => h.function !== null)!;
      const fn = hook.function!;
      const text = ctx.project.file(fn.file)?.text ?? "";
      const present = [...new Set(security.map((h) => `\`${h.written}\``))].join(", ");
      const related: RelatedSpec[] = security.slice(0, 3).map((h) => ({ file: h.at.file, node: h.at.node, message: `\`${h.written}\` is set here` }));
      ctx.report(fn.file, {
        messageId: !nosniff && !frame ? "neither" : !nosniff ? "noNosniff" : "noFrame",
        data: { hook: hook.kind, present, role: roleNote(target.roleUnknown) },
        node: headerRange(text, fn.node as FunctionDef),
        related,
      });
    }
  },
});
