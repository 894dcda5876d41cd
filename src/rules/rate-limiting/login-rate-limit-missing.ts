/**
 * @fileoverview FG601 login-rate-limit-missing: a login endpoint (URL rule or view name saying
 * login/sign-in/auth/token/password reset/OTP, a view that calls `login_user`,
 * `check_password_hash`, `.check_password(...)`, `verify_password` or issues tokens, or a route
 * named in the `login-routes` setting) that production serves without a rate limit at least as
 * tight as `5 per minute`. Limits come from Flask-Limiter decorators, blueprint limits, default and
 * application limits, or custom rate-limit decorators whose rate can be read; a looser limit is
 * reported at its decorator with both rates, a missing one at the view's `def` line.
 */
import type { FunctionDef, Node } from "../../python/ast.js";
import type { Configuration, FlaskApp, Route } from "../../project/types.js";
import { createRule } from "../create-rule.js";
import { headerRange, productionTarget, roleNote, isRoleUnknown } from "../helpers/deployment-role.js";
import { meetsLimit, parseLimitString, tightest, type LimitItem } from "../helpers/limit-strings.js";
import { loginEvidence } from "../helpers/login-routes.js";
import { appsOfRoute, limitersFor, routeLimits, type AppliedLimit, type RouteLimits } from "../helpers/route-limits.js";
import { isTestPath } from "../helpers/test-code.js";
import type { RelatedSpec } from "../types.js";

const DEFAULT_MAX = "5 per minute";

/** What is wrong with one route in one configuration. */
type Verdict =
  | { kind: "ok" }
  | { kind: "missing" }
  | { kind: "loose"; limit: AppliedLimit; item: LimitItem }
  | { kind: "exempt"; limits: RouteLimits }
  | { kind: "disabled"; limits: RouteLimits };

function judge(limits: RouteLimits, required: LimitItem): Verdict {
  if (limits.disabled) return { kind: "disabled", limits };
  if (limits.exempt) return { kind: "exempt", limits };
  if (limits.limits.length === 0) return { kind: "missing" };
  let best: { limit: AppliedLimit; item: LimitItem } | null = null;
  for (const limit of limits.limits) {
    if (limit.items === null) return { kind: "ok" }; // a limit whose rate is not known: give it the benefit of the doubt
    const item = tightest(limit.items);
    if (!item) continue;
    if (meetsLimit(item, required)) return { kind: "ok" };
    if (!best || item.count / item.seconds < best.item.count / best.item.seconds) best = { limit, item };
  }
  return best ? { kind: "loose", ...best } : { kind: "missing" };
}

function routeLabel(route: Route): string {
  return route.fullRules[0] ?? route.rule ?? route.endpoint ?? "(unnamed route)";
}

export default createRule({
  meta: {
    code: "FG601",
    name: "login-rate-limit-missing",
    category: "rate-limiting",
    severity: "medium",
    confidence: "medium",
    summary: "A login, token or password-reset endpoint has no rate limit as tight as 5 per minute",
    cwe: [307],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://flask-limiter.readthedocs.io/en/stable/recipes.html",
      "https://owasp.org/www-community/controls/Blocking_Brute_Force_Attacks",
      "https://cwe.mitre.org/data/definitions/307.html",
    ],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      missing:
        "Login route `{{route}}` ({{evidence}}) has no rate limit{{role}}: attackers can try passwords or tokens as fast as the server answers, so brute force and credential stuffing go unchecked",
      loose:
        "Login route `{{route}}` ({{evidence}}) is limited to {{limit}}, looser than the required {{required}}{{role}}: that still allows {{perHour}} guesses per hour from one client",
      looseElsewhere:
        "Login route `{{route}}` ({{evidence}}) is only covered by the {{source}} limit {{limit}}, looser than the required {{required}}{{role}}: that still allows {{perHour}} guesses per hour from one client",
      exempt:
        "Login route `{{route}}` ({{evidence}}) is exempt from rate limiting{{role}}: attackers can try passwords or tokens as fast as the server answers",
      disabled:
        "Login route `{{route}}` ({{evidence}}) is not rate limited because rate limiting is switched off in production{{role}}: attackers can try passwords or tokens as fast as the server answers",
    },
    help: "Limit credential endpoints per client, e.g. `@limiter.limit(\"{{required}}\")` from Flask-Limiter (with Redis storage) on the view, or `limiter.limit(\"{{required}}\")(auth_bp)` for the whole blueprint; add a per-account limit too if you can.",
    defaultOptions: { maxLimit: DEFAULT_MAX },
    optionSpecs: {
      maxLimit: {
        type: "string",
        description: "The loosest acceptable limit on login routes, in Flask-Limiter notation (default `5 per minute`).",
      },
    },
  },

  check(ctx) {
    const model = ctx.project.flask;
    if (model.routes.length === 0) return;
    const required = tightest(parseLimitString(ctx.options.maxLimit) ?? parseLimitString(DEFAULT_MAX)!)!;
    const requiredText = ctx.options.maxLimit;
    const done = new Set<Node | string>();

    for (const route of model.routes) {
      if (isTestPath(route.at.file) || (route.view && isTestPath(route.view.file))) continue;
      const key: Node | string = route.view?.node ?? `${route.at.file}:${route.at.node.start}`;
      if (done.has(key)) continue;
      const evidence = loginEvidence(ctx.project, route, ctx.settings.loginRoutes);
      if (!evidence) continue;

      // The production configurations of the apps serving the route (none known: judge without config).
      const apps = appsOfRoute(model, route);
      const cases: { app: FlaskApp | null; config: Configuration | null; roleUnknown: boolean }[] = [];
      for (const app of apps) {
        const target = productionTarget(model, app);
        if (!target) continue;
        for (const config of target.configurations) cases.push({ app, config, roleUnknown: isRoleUnknown(config) });
      }
      if (apps.length > 0 && cases.length === 0) continue; // served only by development/testing apps
      if (cases.length === 0) cases.push({ app: null, config: null, roleUnknown: false });

      let verdict: Verdict = { kind: "ok" };
      let roleUnknown = false;
      for (const c of cases) {
        verdict = judge(routeLimits(ctx.project, route, c.app, c.config), required);
        roleUnknown = c.roleUnknown;
        if (verdict.kind !== "ok") break;
      }
      if (verdict.kind === "ok") continue;
      done.add(key);

      const viewFile = route.view?.file ?? route.at.file;
      const text = ctx.project.file(viewFile)?.text ?? "";
      const defRange = route.view ? headerRange(text, route.view.node as unknown as FunctionDef) : null;
      const anchorFile = route.view ? viewFile : route.at.file;
      const anchor = defRange ?? route.at.node;
      const data = {
        route: routeLabel(route),
        evidence: evidence.reason,
        required: requiredText,
        role: roleNote(roleUnknown),
      };
      const related: RelatedSpec[] = [];
      if (route.view) related.push({ file: route.at.file, node: route.at.node, message: "the route is declared here" });

      switch (verdict.kind) {
        case "missing": {
          const limiter = limitersFor(model, apps[0] ?? null)[0];
          if (limiter) related.push({ file: limiter.createdAt.file, node: limiter.createdAt.node, message: "the Flask-Limiter `Limiter` is created here" });
          ctx.report(anchorFile, { messageId: "missing", data, node: anchor, related });
          break;
        }
        case "loose": {
          const { limit, item } = verdict;
          const perHour = String(Math.round((item.count / item.seconds) * 3600));
          const onView = limit.kind === "decorator" || limit.kind === "custom";
          if (onView && (limit.at.file === anchorFile || !route.view)) {
            ctx.report(limit.at.file, { messageId: "loose", data: { ...data, limit: limit.text, perHour }, node: limit.at.node, related });
          } else {
            related.push({ file: limit.at.file, node: limit.at.node, message: `the ${limit.kind} limit ${limit.text} is set here` });
            ctx.report(anchorFile, {
              messageId: "looseElsewhere",
              data: { ...data, limit: limit.text, perHour, source: limit.kind === "blueprint" ? "blueprint" : limit.kind === "application" ? "application-wide" : limit.kind },
              node: anchor,
              related,
            });
          }
          break;
        }
        case "exempt": {
          const at = verdict.limits.exempt!;
          if (at.file === anchorFile) ctx.report(at.file, { messageId: "exempt", data, node: at.node, related });
          else {
            related.push({ file: at.file, node: at.node, message: "the exemption is declared here" });
            ctx.report(anchorFile, { messageId: "exempt", data, node: anchor, related });
          }
          break;
        }
        case "disabled": {
          const at = verdict.limits.disabled!;
          related.push({ file: at.file, node: at.node, message: "rate limiting is switched off here" });
          ctx.report(anchorFile, { messageId: "disabled", data, node: anchor, related });
          break;
        }
      }
    }
  },
});
