/**
 * @fileoverview FG501 security-headers-missing: a production app that sets no security headers at
 * all — Flask-Talisman is not attached to it and no `after_request` hook (of the app or of a
 * blueprint registered on it) writes Content-Security-Policy, X-Frame-Options,
 * X-Content-Type-Options, Strict-Transport-Security or another browser-policy header. Anchored at
 * the `Flask(...)` call, with the production config class as related location.
 */
import { createRule } from "../create-rule.js";
import { productionRelated, productionTarget, roleNote } from "../helpers/deployment-role.js";
import { headerProtection, servesRequests } from "../helpers/header-protection.js";

export default createRule({
  meta: {
    code: "FG501",
    name: "security-headers-missing",
    category: "security-headers",
    severity: "medium",
    confidence: "medium",
    summary: "The app sets no security headers (no Flask-Talisman, no after_request hook setting them)",
    cwe: [693, 1021],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://github.com/wntrblm/flask-talisman",
      "https://owasp.org/www-project-secure-headers/",
      "https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html",
    ],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      missing:
        "App `{{app}}`{{factory}} sends no security headers{{role}}: neither Flask-Talisman nor an `after_request` hook sets Content-Security-Policy, X-Frame-Options, X-Content-Type-Options or Strict-Transport-Security, so browsers allow framing (clickjacking), MIME sniffing and injected inline scripts, and never pin HTTPS",
    },
    help: "Attach Flask-Talisman with a policy for this app (`Talisman(app, content_security_policy={...})`, or `talisman.init_app(app, ...)` in the factory), or add an `@app.after_request` hook that sets at least `X-Content-Type-Options: nosniff`, `X-Frame-Options: DENY` and a Content-Security-Policy. If your reverse proxy adds these headers, suppress this finding with that reason.",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    const model = ctx.project.flask;
    for (const app of model.apps) {
      const target = productionTarget(model, app);
      if (!target || !servesRequests(model, app)) continue;
      const protection = headerProtection(ctx.project, app);
      if (protection.kind !== "none") continue;
      ctx.report(app.createdAt.file, {
        messageId: "missing",
        data: { app: app.name, factory: app.factory ? ` (created in \`${app.factory.name}\`)` : "", role: roleNote(target.roleUnknown) },
        node: app.createdAt.node,
        related: productionRelated(ctx.project, target, app.createdAt),
      });
    }
  },
});
