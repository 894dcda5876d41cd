/**
 * @fileoverview FG303 csrf-protection-missing: an app keeps state in the session and has
 * state-changing routes (POST/PUT/PATCH/DELETE, any route style), but no `CSRFProtect(app)` /
 * `csrf.init_app(app)` (or Flask-SeaSurf) reaches it. Routes authenticated by a token (an
 * `Authorization`/API-key header, flask-jwt-extended, Flask-HTTPAuth) and views that validate a
 * Flask-WTF form (which checks its own CSRF token) do not count, nor do unauthenticated routes that
 * read no form data (JSON APIs); an app with a hand-written CSRF check in a `before_request` hook is
 * not reported. Anchored at the `Flask(...)` call, with the unprotected routes as related locations.
 */
import { createRule } from "../create-rule.js";
import { csrfAttachment, csrfExtensions, mayBeAttached } from "../helpers/csrf-protection.js";
import { appRoutes, customCsrfHook, isStateChanging, readsFormData, routeAuth, routeLabel, sessionUse, validatesFlaskForm } from "../helpers/session-auth.js";
import { isTestPath } from "../helpers/test-code.js";
import type { RelatedSpec } from "../types.js";

export default createRule({
  meta: {
    code: "FG303",
    name: "csrf-protection-missing",
    category: "csrf",
    severity: "high",
    confidence: "medium",
    summary: "The app has session-authenticated state-changing routes but no global CSRF protection (`CSRFProtect`)",
    cwe: [352],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://flask-wtf.readthedocs.io/en/stable/csrf/",
      "https://owasp.org/www-community/attacks/csrf",
      "https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html",
      "https://cwe.mitre.org/data/definitions/352.html",
    ],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      missing:
        "This app has {{count}} state-changing route(s) without CSRF protection (e.g. `{{route}}`) and keeps users logged in with the session cookie ({{session}}), but no `CSRFProtect` is attached to it: any website a logged-in user visits can make their browser send these requests",
    },
    help: "Create `csrf = CSRFProtect()` (Flask-WTF) and call `csrf.init_app(app)` in the factory, or `CSRFProtect(app)`; then exempt only token-authenticated API blueprints with `csrf.exempt(bp)` and send `X-CSRFToken` from JavaScript.",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    const project = ctx.project;
    const model = project.flask;
    if (model.apps.length === 0) return;
    const session = sessionUse(project);
    if (!session) return;
    const possiblyAttached = csrfExtensions(project).some((e) => e.attachments.length === 0 && mayBeAttached(project, e));
    if (possiblyAttached) return;
    for (const app of model.apps) {
      if (isTestPath(app.createdAt.file)) continue;
      if (model.productionConfigurations(app).length === 0) continue; // only development/testing configurations
      if (csrfAttachment(app)) continue;
      if (customCsrfHook(project, app)) continue;
      // Session-authenticated routes, and unauthenticated form posts (login CSRF); not token or JSON-only APIs.
      const unprotected = appRoutes(project, app).filter((r) => {
        if (!isStateChanging(r) || validatesFlaskForm(project, r)) return false;
        const auth = routeAuth(project, r).kind;
        return auth === "session" || (auth === "none" && readsFormData(project, r));
      });
      if (unprotected.length === 0) continue;
      const related: RelatedSpec[] = unprotected.slice(0, 5).map((r) => {
        const auth = routeAuth(project, r);
        return {
          file: r.at.file,
          node: r.at.node,
          message: `\`${routeLabel(r)}\` changes state without a CSRF check${auth.kind === "session" ? ` and relies on the session (${auth.why})` : ""}`,
        };
      });
      related.push({ file: session.file, node: session.node, message: `the session is used here (${session.what})` });
      ctx.report(app.createdAt.file, {
        messageId: "missing",
        data: { count: unprotected.length, route: routeLabel(unprotected[0]!), session: session.what },
        node: app.createdAt.node,
        related,
      });
    }
  },
});
