/**
 * @fileoverview FG603 health-check-rate-limited: with Flask-Limiter default limits in force
 * (`default_limits=` or `RATELIMIT_DEFAULT`), a health-check route (`/health`, `/healthz`,
 * `/ready`, `/live`, `/ping`, `/status`, ...) that is not `@limiter.exempt`. Load balancers and
 * orchestrators probe from a few addresses every few seconds; once they exceed the default limit
 * the probe gets 429 and the instance is taken out of rotation or restarted.
 */
import type { FunctionDef, Node } from "../../python/ast.js";
import { createRule } from "../create-rule.js";
import { headerRange, productionTarget, roleNote, isRoleUnknown } from "../helpers/deployment-role.js";
import { defaultLimits, limitersFor, routeLimits } from "../helpers/route-limits.js";
import { isTestPath } from "../helpers/test-code.js";
import type { RelatedSpec } from "../types.js";

const HEALTH_SEGMENT = /^(health|healthz|healthcheck|health-check|health_check|healthy|ready|readyz|readiness|live|livez|liveness|alive|ping|status|heartbeat)$/i;

/** Segments that may precede a health-check segment (`/api/v1/health`, `/_internal/ping`). */
const PREFIX_SEGMENT = /^(api|v\d+|internal|_\w*|system|sys|ops|monitoring|meta|management|actuator|health|probe|probes)$/i;

/**
 * Whether a URL rule is a health check: its last static segment names one and anything before it
 * is an API or ops prefix (`/healthz`, `/api/v1/health`); `/orders/<id>/status` is not.
 */
export function isHealthRule(rule: string): boolean {
  const segments = rule.split("/").filter((s) => s.length > 0 && !s.startsWith("<"));
  const last = segments[segments.length - 1];
  if (last === undefined || !HEALTH_SEGMENT.test(last)) return false;
  return segments.slice(0, -1).every((s) => PREFIX_SEGMENT.test(s));
}

export default createRule({
  meta: {
    code: "FG603",
    name: "health-check-rate-limited",
    category: "rate-limiting",
    severity: "low",
    confidence: "medium",
    summary: "A health-check route is subject to Flask-Limiter's default limits",
    cwe: [400],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://flask-limiter.readthedocs.io/en/stable/recipes.html#rate-limiting-all-routes-in-a-blueprint",
      "https://flask-limiter.readthedocs.io/en/stable/api.html#flask_limiter.Limiter.exempt",
    ],
    requires: { modules: ["flask_limiter"], scope: "project" },
    messages: {
      limited:
        "Health-check route `{{route}}` is subject to the default rate limit {{limit}}{{role}}: load-balancer and orchestrator probes come from a few addresses, and once they exceed it the probe gets 429 and a healthy instance is taken out of rotation",
    },
    help: "Exempt health checks from rate limiting: decorate the view with `@limiter.exempt` (or exempt its blueprint with `limiter.exempt(health_bp)`).",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    const model = ctx.project.flask;
    if (model.extensionsOfKind("Limiter").some((e) => e.uses.some((u) => u.method === "request_filter"))) return; // a request filter may exempt them
    const done = new Set<Node>();
    for (const app of model.apps) {
      const target = productionTarget(model, app);
      if (!target) continue;
      const limiters = limitersFor(model, app).filter((e) => e.attachments.some((a) => a.app === app));
      if (limiters.length === 0) continue;
      for (const route of model.routesOf(app)) {
        if (!route.view || route.view.node.type === "ClassDef" || done.has(route.view.node)) continue;
        if (isTestPath(route.view.file)) continue;
        if (!route.methods.includes("GET") && !route.methods.includes("HEAD") && route.methodsKnown) continue;
        const rules = route.fullRules.length > 0 ? route.fullRules : route.rule ? [route.rule] : [];
        const rule = rules.find(isHealthRule);
        if (!rule) continue;
        for (const config of target.configurations) {
          const defaults = defaultLimits(limiters, app, config).filter((d) => d.items !== null && d.items.length > 0);
          if (defaults.length === 0) continue;
          const limits = routeLimits(ctx.project, route, app, config);
          if (limits.exempt || limits.disabled) continue;
          if (!limits.limits.some((l) => l.kind === "default")) continue; // an own limit replaces the defaults: a deliberate choice
          const text = ctx.project.file(route.view.file)?.text ?? "";
          const related: RelatedSpec[] = [
            { file: route.at.file, node: route.at.node, message: "the route is declared here" },
            { file: defaults[0]!.at.file, node: defaults[0]!.at.node, message: "the default limits are set here" },
          ];
          ctx.report(route.view.file, {
            messageId: "limited",
            data: { route: rule, limit: defaults[0]!.text, role: roleNote(isRoleUnknown(config)) },
            node: headerRange(text, route.view.node as FunctionDef),
            related,
          });
          done.add(route.view.node);
          break;
        }
      }
    }
  },
});
