/**
 * @fileoverview FG502 talisman-default-csp: Flask-Talisman attached for production without a
 * `content_security_policy` argument, so the app runs with Talisman's generic default policy
 * (`default-src 'self'`) instead of one written for it. The default blocks every inline script
 * and style and every third-party asset; teams that hit the breakage typically switch CSP off
 * altogether (`content_security_policy=None`). Anchored at the call that configures Talisman.
 */
import { createRule } from "../create-rule.js";
import { productionRelated, roleNote } from "../helpers/deployment-role.js";
import { talismanSetups } from "../helpers/talisman-setup.js";
import type { RelatedSpec } from "../types.js";

export default createRule({
  meta: {
    code: "FG502",
    name: "talisman-default-csp",
    category: "security-headers",
    severity: "low",
    confidence: "medium",
    summary: "Flask-Talisman runs with its default Content-Security-Policy instead of one written for the app",
    cwe: [693],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://github.com/wntrblm/flask-talisman#content-security-policy",
      "https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP",
    ],
    requires: { modules: ["flask_talisman"], scope: "project" },
    messages: {
      defaultCsp:
        "Talisman is configured without `content_security_policy`, so the app gets Talisman's generic default policy (`default-src 'self'`){{role}}: it blocks every inline script, style and third-party asset the app may need, and the usual reaction to that breakage is to switch CSP off entirely",
    },
    help: "Pass a policy written for this app, e.g. `content_security_policy={\"default-src\": \"'self'\", \"script-src\": \"'self'\", \"object-src\": \"'none'\", \"frame-ancestors\": \"'none'\"}` (use `content_security_policy_nonce_in=[\"script-src\"]` for inline scripts you control).",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    for (const setup of talismanSetups(ctx.project)) {
      if (!setup.target || setup.hasSplat) continue;
      if ("content_security_policy" in setup.arguments) continue;
      const related: RelatedSpec[] = productionRelated(ctx.project, setup.target, setup.at);
      const created = setup.extension.createdAt;
      if (created.node.start !== setup.at.node.start || created.file !== setup.at.file) {
        related.unshift({ file: created.file, node: created.node, message: "the Talisman object is created here" });
      }
      ctx.report(setup.at.file, { messageId: "defaultCsp", data: { role: roleNote(setup.target.roleUnknown) }, node: setup.at.node, related });
    }
  },
});
