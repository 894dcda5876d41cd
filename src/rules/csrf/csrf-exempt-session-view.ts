/**
 * @fileoverview FG306 csrf-exempt-session-view: `csrf.exempt(bp)` or `@csrf.exempt` on a blueprint
 * or view whose state-changing routes rely on the session (Flask-Login `login_required` /
 * `current_user`, `session[...]`) rather than a token. Exempting a token-authenticated API
 * blueprint (Authorization header, API keys, flask-jwt-extended, Flask-HTTPAuth) is the recommended
 * pattern and is not reported, nor are unauthenticated webhooks.
 */
import type { Route } from "../../project/types.js";
import { createRule } from "../create-rule.js";
import { csrfExtensions } from "../helpers/csrf-protection.js";
import { isStateChanging, routeAuth, routeLabel, routesOfBlueprint } from "../helpers/session-auth.js";
import { isTestPath } from "../helpers/test-code.js";

export default createRule({
  meta: {
    code: "FG306",
    name: "csrf-exempt-session-view",
    category: "csrf",
    severity: "high",
    confidence: "medium",
    summary: "A blueprint or view that relies on the session cookie is exempted from CSRF protection",
    cwe: [352],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://flask-wtf.readthedocs.io/en/stable/csrf/#exclude-views-from-protection",
      "https://flask-wtf.readthedocs.io/en/stable/csrf/#javascript-requests",
      "https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html",
      "https://cwe.mitre.org/data/definitions/352.html",
    ],
    requires: { modules: ["flask_wtf"], scope: "project" },
    messages: {
      blueprint:
        "`{{text}}` exempts blueprint `{{target}}` from CSRF protection, but its state-changing routes rely on the session cookie (`{{route}}` uses {{why}}): any website can make a logged-in user's browser call them",
      view: "`@{{text}}` exempts view `{{target}}` from CSRF protection, but it relies on the session cookie (`{{route}}` uses {{why}}): any website can make a logged-in user's browser call it",
    },
    help: "Keep CSRF protection on session-authenticated views and send the token from JavaScript in an `X-CSRFToken` header (`{{ csrf_token() }}`); exempt only views that authenticate with a token (Authorization header, API key), not with the session cookie.",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    const project = ctx.project;
    for (const ext of csrfExtensions(project)) {
      for (const use of ext.uses) {
        if (use.method !== "exempt" || !use.target || isTestPath(use.at.file)) continue;
        const file = project.file(use.at.file);
        if (!file) continue;
        let routes: Route[];
        let target: string;
        if (use.target.kind === "blueprint") {
          routes = routesOfBlueprint(project, use.target.blueprint);
          target = use.target.blueprint.name;
        } else if (use.target.kind === "function") {
          const fn = use.target.node;
          routes = project.flask.routes.filter((r) => r.view?.node === fn);
          target = fn.name;
        } else continue;
        const session = routes.filter((r) => isStateChanging(r) && routeAuth(project, r).kind === "session");
        if (session.length === 0) continue;
        const first = session[0]!;
        const text = file.text.slice(use.at.node.start, use.at.node.end).replace(/^@/, "").split("\n")[0]!;
        ctx.report(use.at.file, {
          messageId: use.target.kind === "blueprint" ? "blueprint" : "view",
          data: { text, target, route: routeLabel(first), why: routeAuth(project, first).why ?? "the session" },
          node: use.at.node,
          related: session.slice(0, 5).map((r) => ({ file: r.at.file, node: r.at.node, message: `\`${routeLabel(r)}\` relies on the session (${routeAuth(project, r).why})` })),
        });
      }
    }
  },
});
