/**
 * @fileoverview The Flask-Limiter limits that apply to one route in one configuration, the way
 * Flask-Limiter combines them: limits decorated on the view (`@limiter.limit(...)`,
 * `@limiter.shared_limit(...)`, `limiter.limit(...)(view)`, a MethodView's `decorators = [...]`),
 * limits put on its blueprint (`limiter.limit("5/minute")(bp)`), the limiter's default limits
 * (`default_limits=` or `RATELIMIT_DEFAULT`, used only when the route has no limit of its own
 * unless `override_defaults=False`), application limits (`application_limits=` or
 * `RATELIMIT_APPLICATION`), exemptions (`@limiter.exempt`, `limiter.exempt(bp)`) and the
 * `RATELIMIT_ENABLED` / `enabled=` switch. Custom rate-limit decorators (`@ratelimit(limit=10,
 * interval=5)`, `@limits(calls=5, period=60)`) count with their rate when it can be read, else as a
 * limit of unknown rate.
 */
import type { ClassDef, Expr, FunctionDef, Node } from "../../python/ast.js";
import { classAttribute, type Value } from "../../semantic/evaluate.js";
import type { FlaskModel } from "../../project/model.js";
import type { Blueprint, Configuration, Extension, FlaskApp, Route, SourceRef } from "../../project/types.js";
import type { FileView, ProjectView } from "../types.js";
import { handlerFunctions } from "./login-routes.js";
import { limitItemsOf, parseLimitString, type LimitItem } from "./limit-strings.js";

/** One limit that applies to a route. */
export interface AppliedLimit {
  /** `decorator` (on the view), `blueprint`, `default`, `application`, `custom` (a non-Flask-Limiter decorator). */
  kind: "decorator" | "blueprint" | "default" | "application" | "custom";
  /** Parsed items, or null when the rate is not known (a callable, an unknown decorator). */
  items: LimitItem[] | null;
  /** How it is written, for messages (`"10 per minute"`, `@ratelimit(limit=10, interval=5)`). */
  text: string;
  at: SourceRef;
}

/** The rate limiting of one route in one configuration. */
export interface RouteLimits {
  /** Every limit that applies (Flask-Limiter enforces all of them). */
  limits: AppliedLimit[];
  /** `@limiter.exempt` (or an exempt blueprint): no limit applies. */
  exempt: SourceRef | null;
  /** Rate limiting is switched off (`RATELIMIT_ENABLED = False`, `Limiter(enabled=False)`). */
  disabled: SourceRef | null;
}

const LIMIT_METHODS = new Set(["limit", "shared_limit"]);
const CUSTOM_LIMIT_NAME = /rate_?limit|throttl|^limits$|^limit$|ratelimit/i;
const COUNT_KEYWORDS = ["limit", "calls", "max_requests", "requests", "count", "max_calls", "rate"];
const PERIOD_KEYWORDS = ["interval", "period", "per", "seconds", "window", "time_window"];

/** A decorator-like expression's reading. */
interface DecoratorReading {
  kind: "limit" | "exempt" | "custom";
  limit?: AppliedLimit;
  /** `override_defaults=False` keeps the default limits in addition. */
  keepsDefaults?: boolean;
  at: SourceRef;
}

function keyword(call: Expr | null, name: string): Expr | null {
  if (!call || call.type !== "Call") return null;
  return call.keywords.find((k) => k.arg === name)?.value ?? null;
}

/**
 * Reads one decorator expression (or an element of a MethodView's `decorators` list) of `file`:
 * a Flask-Limiter limit or exemption, a custom rate-limit decorator, or null.
 */
function readDecorator(model: FlaskModel, file: FileView, d: Expr, bodyMethods: readonly string[]): DecoratorReading | null {
  const call = d.type === "Call" ? d : null;
  const target = call ? call.func : d;
  const at: SourceRef = { file: file.path, node: d };
  if (target.type === "Attribute") {
    const method = target.attr;
    const limiters = model.extensionsFor(file, target.value).filter((e) => e.kind === "Limiter");
    const receiverText = file.text.slice(target.value.start, target.value.end);
    const isLimiter = limiters.length > 0 || /limiter/i.test(receiverText);
    if (isLimiter && method === "exempt") return { kind: "exempt", at };
    if (isLimiter && LIMIT_METHODS.has(method)) {
      const arg = call?.args[0] ?? keyword(call, "limit_value");
      const value = arg ? model.evaluate(file, arg) : null;
      const methodsExpr = keyword(call, "methods");
      if (methodsExpr) {
        const m = model.evaluate(file, methodsExpr);
        if ((m.kind === "list" || m.kind === "tuple" || m.kind === "set") && m.items.every((i) => i.kind === "str")) {
          const limited = m.items.map((i) => (i as { value: string }).value.toUpperCase());
          if (bodyMethods.length > 0 && !bodyMethods.some((x) => limited.includes(x))) return null;
        }
      }
      const override = keyword(call, "override_defaults");
      const keepsDefaults = override !== null && override.type === "Constant" && override.value === false;
      const text = value?.kind === "str" ? `"${value.value}"` : arg ? file.text.slice(arg.start, arg.end) : "(no limit)";
      return { kind: "limit", keepsDefaults, at, limit: { kind: "decorator", items: limitItemsOf(value), text, at } };
    }
    if (isLimiter) return null;
  }
  const name = target.type === "Name" ? target.id : target.type === "Attribute" ? target.attr : null;
  if (!name || !CUSTOM_LIMIT_NAME.test(name)) return null;
  const items = customItems(model, file, call);
  const text = `\`@${file.text.slice(d.start, d.end)}\`${items ? ` (${items.map((i) => i.text).join(", ")})` : ""}`;
  return { kind: "custom", at, limit: { kind: "custom", items, text, at } };
}

/** The rate of a custom decorator: `ratelimit(limit=10, interval=5)`, `limits(calls=5, period=60)`, `rate_limit("5/minute")`. */
function customItems(model: FlaskModel, file: FileView, call: Expr | null): LimitItem[] | null {
  if (!call || call.type !== "Call") return null;
  const first = call.args[0] ? model.evaluate(file, call.args[0]) : null;
  if (first?.kind === "str") return parseLimitString(first.value);
  const num = (names: string[]): number | null => {
    for (const n of names) {
      const e = keyword(call, n);
      if (!e) continue;
      const v = model.evaluate(file, e);
      if (v.kind === "number") return v.value;
      if (v.kind === "timedelta") return v.seconds;
      return null;
    }
    return null;
  };
  const count = num(COUNT_KEYWORDS);
  const seconds = num(PERIOD_KEYWORDS);
  if (count === null || seconds === null || seconds <= 0) return null;
  const text = `${count} per ${seconds} second${seconds === 1 ? "" : "s"}`;
  return [{ count, seconds, text }];
}

/** The decorator expressions of a route's handler: the view's decorators, or a MethodView's `decorators` list and method decorators. */
function decoratorExprs(route: Route): Expr[] {
  const view = route.view;
  if (!view) return [];
  if (view.node.type !== "ClassDef") return [...(view.node as FunctionDef).decorator_list];
  const cls = view.node as ClassDef;
  const out: Expr[] = [];
  const list = classAttribute(cls, "decorators");
  if (list && (list.type === "List" || list.type === "Tuple")) out.push(...list.elts);
  for (const fn of handlerFunctions(route)) out.push(...fn.decorator_list);
  out.push(...cls.decorator_list);
  return out;
}

/** Blueprints a route belongs to: its own and every parent it is nested in. */
function blueprintChain(route: Route): Blueprint[] {
  if (route.owner.kind !== "blueprint") return [];
  const out: Blueprint[] = [];
  const add = (bp: Blueprint, depth: number): void => {
    if (out.includes(bp) || depth > 6) return;
    out.push(bp);
    for (const reg of bp.registrations) if (reg.parent) add(reg.parent, depth + 1);
  };
  add(route.owner.blueprint, 0);
  return out;
}

/** The apps a route is served by (its app, or the apps its blueprint is registered on). */
export function appsOfRoute(model: FlaskModel, route: Route): FlaskApp[] {
  if (route.owner.kind === "app") return [route.owner.app];
  return model.apps.filter((a) => model.routesOf(a).includes(route));
}

/** The Limiter objects that act for an app: those attached to it, else (attachment not seen) every Limiter. */
export function limitersFor(model: FlaskModel, app: FlaskApp | null): Extension[] {
  const all = model.extensionsOfKind("Limiter");
  if (!app) return all;
  const attached = all.filter((e) => e.attachments.some((a) => a.app === app));
  return attached.length > 0 ? attached : all.filter((e) => e.attachments.length === 0);
}

/** A constructor or `init_app` argument of an extension (init_app wins), for the given app. */
export function extensionArgument(ext: Extension, name: string, app: FlaskApp | null): Value | null {
  for (const a of ext.attachments) if ((!app || a.app === app) && a.arguments[name]) return a.arguments[name]!;
  return ext.arguments[name] ?? null;
}

/** Where an evaluated value came from, as a reference (falls back to `fallback` when it has no file). */
export function valueRef(value: Value, fallback: SourceRef): SourceRef {
  const o = value.origin;
  return o.file ? { file: o.file, node: o.node as SourceRef["node"] } : fallback;
}

/** Whether the value is a literal False (`enabled=False`, `RATELIMIT_ENABLED = False`). */
function isFalse(v: Value | null | undefined): boolean {
  return !!v && v.kind === "bool" && v.value === false;
}

/**
 * The limits of `route` when served by `app` in `config` (null config: no config knowledge).
 *
 * Given `@bp.route("/login", methods=["POST"])` with `@limiter.limit("10/minute")` and
 * `Limiter(default_limits=["200 per day"])`, the result has one decorator limit (10 per minute):
 * decorated limits replace the defaults.
 */
export function routeLimits(project: ProjectView, route: Route, app: FlaskApp | null, config: Configuration | null): RouteLimits {
  const model = project.flask;
  const result: RouteLimits = { limits: [], exempt: null, disabled: null };
  const viewFile = route.view ? project.file(route.view.file) : undefined;
  const bodyMethods = route.methodsKnown ? route.methods.filter((m) => ["POST", "PUT", "PATCH"].includes(m)) : [];
  // Limits on the view itself, and on its blueprints; each with whether it keeps the defaults.
  const onView: { limit: AppliedLimit; keepsDefaults: boolean }[] = [];
  const onBlueprint: { limit: AppliedLimit; keepsDefaults: boolean }[] = [];
  const seen = new Set<Node>();
  if (viewFile) {
    for (const d of decoratorExprs(route)) {
      const r = readDecorator(model, viewFile, d, bodyMethods);
      seen.add(d); // read here, with its `methods=`: the model's copy of the same decorator is skipped below
      if (!r) continue;
      if (r.kind === "exempt") result.exempt ??= r.at;
      else if (r.limit) onView.push({ limit: r.limit, keepsDefaults: r.keepsDefaults === true });
    }
  }
  // `limiter.limit("5/minute")(view)` and blueprint-wide limits and exemptions.
  const chain = blueprintChain(route);
  const viewNodes = new Set<Node>([...(route.view ? [route.view.node as Node] : []), ...handlerFunctions(route)]);
  for (const ext of model.extensionsOfKind("Limiter")) {
    for (const use of ext.uses) {
      if (!use.target) continue;
      const isView = use.target.kind === "function" && viewNodes.has(use.target.node);
      const isBlueprint = use.target.kind === "blueprint" && chain.includes(use.target.blueprint);
      if ((!isView && !isBlueprint) || seen.has(use.at.node as Node)) continue;
      seen.add(use.at.node as Node);
      if (use.method === "exempt") {
        result.exempt ??= use.at;
      } else if (LIMIT_METHODS.has(use.method)) {
        const value = use.args[0] ?? use.keywords["limit_value"] ?? null;
        const text = value?.kind === "str" ? `"${value.value}"` : "(a limit that is not a constant)";
        const entry = { limit: { kind: isBlueprint ? ("blueprint" as const) : ("decorator" as const), items: limitItemsOf(value), text, at: use.at }, keepsDefaults: isFalse(use.keywords["override_defaults"]) };
        (isBlueprint ? onBlueprint : onView).push(entry);
      }
    }
  }
  // As Flask-Limiter resolves them: view limits replace blueprint limits, which replace the
  // defaults, unless every limit declared `override_defaults=False`.
  const decorated = [...onView];
  if (onView.length === 0 || onView.every((l) => l.keepsDefaults)) decorated.push(...onBlueprint);
  result.limits.push(...decorated.map((l) => l.limit));
  const limiters = limitersFor(model, app);
  for (const ext of limiters) {
    const enabled = extensionArgument(ext, "enabled", app);
    if (isFalse(enabled)) result.disabled ??= valueRef(enabled!, ext.createdAt);
  }
  if (config && limiters.length > 0) {
    const enabled = config.get("RATELIMIT_ENABLED");
    if (enabled.status === "set" && isFalse(enabled.value) && enabled.write) result.disabled ??= enabled.write.at;
  }
  if (decorated.every((l) => l.keepsDefaults)) result.limits.push(...defaultLimits(limiters, app, config));
  result.limits.push(...applicationLimits(limiters, app, config));
  return result;
}

/** The default limits of the limiters (`default_limits=`, else `RATELIMIT_DEFAULT` of the configuration). */
export function defaultLimits(limiters: readonly Extension[], app: FlaskApp | null, config: Configuration | null): AppliedLimit[] {
  return configurableLimits(limiters, app, config, "default_limits", "RATELIMIT_DEFAULT", "default");
}

/** The application-wide limits (`application_limits=`, else `RATELIMIT_APPLICATION`). */
export function applicationLimits(limiters: readonly Extension[], app: FlaskApp | null, config: Configuration | null): AppliedLimit[] {
  return configurableLimits(limiters, app, config, "application_limits", "RATELIMIT_APPLICATION", "application");
}

function configurableLimits(
  limiters: readonly Extension[],
  app: FlaskApp | null,
  config: Configuration | null,
  argument: string,
  key: string,
  kind: "default" | "application",
): AppliedLimit[] {
  const out: AppliedLimit[] = [];
  for (const ext of limiters) {
    const v = extensionArgument(ext, argument, app);
    const empty = !v || v.kind === "none" || ((v.kind === "list" || v.kind === "tuple") && v.items.length === 0);
    if (!empty) {
      out.push({ kind, items: limitItemsOf(v), text: describeLimits(v), at: valueRef(v, ext.createdAt) });
      continue;
    }
    if (!config) continue;
    const c = config.get(key);
    if (c.status === "unknown" || (c.status === "default" && c.mayBeOverriddenBy.length > 0)) {
      out.push({ kind, items: null, text: `${key} (${c.reason ?? "not known"})`, at: ext.createdAt });
    } else if (c.status === "set" && c.value && c.write && c.value.kind !== "none") {
      out.push({ kind, items: limitItemsOf(c.value), text: describeLimits(c.value), at: c.write.at });
    }
  }
  return out;
}

/** `"200 per day", "50 per hour"` for a list, `"5/minute"` for a string. */
function describeLimits(v: Value): string {
  if (v.kind === "str") return `"${v.value}"`;
  if ((v.kind === "list" || v.kind === "tuple") && v.items.every((i) => i.kind === "str")) return v.items.map((i) => `"${(i as { value: string }).value}"`).join(", ");
  return "(limits that are not constants)";
}

