/**
 * @fileoverview How a Flask project authenticates requests, for the CSRF and session-cookie rules:
 * whether it keeps state in the cookie session at all (Flask's `session`, Flask-Login,
 * Flask-WTF, Flask-Session, Flask-Security), which routes change state (POST/PUT/PATCH/DELETE),
 * whether a route relies on the session (`login_required`, `current_user`, `session[...]`) or on a
 * token (an `Authorization`/API-key header, `request.authorization`, flask-jwt-extended, a
 * Flask-HTTPAuth `login_required`, a custom `token_required`-style decorator), looking at the view's
 * decorators (following project decorators one level into their bodies), its body, and the
 * `before_request` hooks of its blueprint or app; and whether a view validates a Flask-WTF form
 * (`form.validate_on_submit()`), which checks a CSRF token even without `CSRFProtect`.
 */
import type { AsyncFunctionDef, ClassDef, Expr, FunctionDef, Node } from "../../python/ast.js";
import { stringLiteral } from "../../semantic/constants.js";
import { forEachNode } from "../../semantic/walk.js";
import type { Blueprint, FlaskApp, Hook, Route } from "../../project/types.js";
import type { FileView, ProjectView, Ranged } from "../types.js";
import { isTestPath } from "./test-code.js";

/** A piece of evidence: where and what. */
export interface Evidence {
  file: string;
  node: Ranged;
  what: string;
}

/** Modules whose use means the app keeps state in the (cookie) session. */
const SESSION_MODULES: readonly [string, string][] = [
  ["flask.session", "Flask's `session`"],
  ["flask.globals.session", "Flask's `session`"],
  ["flask_login", "Flask-Login"],
  ["flask_security", "Flask-Security"],
  ["flask_wtf", "Flask-WTF (its CSRF token lives in the session)"],
  ["flask_session", "Flask-Session"],
];

const SESSION_TOPS = [...new Set(SESSION_MODULES.map(([m]) => m.split(".")[0]!))];

const sessionUseCache = new WeakMap<ProjectView, Evidence | null>();

/**
 * The first evidence that the project keeps state in the session (an import of `flask.session`,
 * Flask-Login, Flask-Security, Flask-WTF or Flask-Session in a non-test file), or null. An app
 * that never uses the session issues no session cookie.
 */
export function sessionUse(project: ProjectView): Evidence | null {
  if (sessionUseCache.has(project)) return sessionUseCache.get(project)!;
  let found: Evidence | null = null;
  for (const file of project.files) {
    if (found) break;
    // The import scan first: the import table needs the binder, and most files import none of these.
    if (isTestPath(file.path) || !SESSION_TOPS.some((m) => file.semantic.seenModule(m))) continue;
    for (const entry of file.semantic.imports) {
      const hit = SESSION_MODULES.find(([m]) => entry.qualifiedName === m || entry.qualifiedName.startsWith(`${m}.`));
      if (hit) {
        found = { file: file.path, node: entry.alias, what: hit[1] };
        break;
      }
    }
  }
  sessionUseCache.set(project, found);
  return found;
}

/** Methods that change state. */
export const STATE_CHANGING = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Whether a route accepts a state-changing method (routes whose methods are unknown are not). */
export function isStateChanging(route: Route): boolean {
  return route.methodsKnown && route.methods.some((m) => STATE_CHANGING.has(m));
}

/** How a route authenticates. */
export interface RouteAuth {
  kind: "token" | "session" | "none";
  /** What decided it (`@jwt_required`, `current_user`, `Authorization header`). */
  why: string | null;
}

type Fn = FunctionDef | AsyncFunctionDef;

/** Qualified names (prefixes) that mean token authentication. */
const TOKEN_QUALIFIED = ["flask_jwt_extended.", "flask_httpauth.", "flask_jwt.", "authlib.integrations.flask_oauth2.", "flask_oauthlib.provider."];
/** Decorator or function names that say token authentication. */
const TOKEN_NAME = /(^|_)(jwt|token|api_?key|apikey|bearer|hmac|signature|signed|oauth2?|basic_auth|http_auth)(_|$)|(token|jwt|apikey|api_key)_(auth|required)|require_(token|api_?key|oauth)/i;
/** Header names of token credentials. */
const TOKEN_HEADER = /^(authorization|x-api-key|api-key|apikey|x-auth-token|x-access-token|x-api-token|x-token)$/i;
/** Qualified names that mean the session. */
const SESSION_QUALIFIED = new Set([
  "flask.session",
  "flask.globals.session",
  "flask_login.current_user",
  "flask_login.login_user",
  "flask_login.logout_user",
  "flask_login.login_required",
  "flask_login.fresh_login_required",
  "flask_login.utils.login_required",
  "flask_login.utils.current_user",
  "flask_security.login_required",
  "flask_security.current_user",
  "flask_security.roles_required",
  "flask_security.roles_accepted",
  "flask_security.auth_required",
]);

/** Token and session signals found in a function body (not following calls). */
function bodySignals(file: FileView, fn: Node): { token: string | null; session: string | null } {
  let token: string | null = null;
  let session: string | null = null;
  const model = file.semantic;
  forEachNode(fn, (n) => {
    if (token && session) return false;
    if (n.type === "Name" || n.type === "Attribute") {
      const q = model.resolveQualifiedName(n as Expr);
      if (q === null) return undefined;
      if (!session && SESSION_QUALIFIED.has(q)) session = `\`${q.split(".").pop()}\``;
      if (!token && TOKEN_QUALIFIED.some((p) => q.startsWith(p))) token = `\`${q.split(".").pop()}\``;
      if (!token && (q === "flask.request.authorization" || q === "flask.globals.request.authorization")) token = "`request.authorization`";
      if (q === "flask.request.headers" || q === "flask.globals.request.headers") return false;
    } else if (n.type === "Call" || n.type === "Subscript") {
      // request.headers.get("Authorization") / request.headers["X-API-Key"]
      const target = n.type === "Call" ? (n.func.type === "Attribute" ? n.func.value : null) : n.value;
      const arg = n.type === "Call" ? n.args[0] : n.slice;
      if (target && arg) {
        const q = model.resolveQualifiedName(target);
        const lit = stringLiteral(arg);
        if ((q === "flask.request.headers" || q === "flask.globals.request.headers") && lit && TOKEN_HEADER.test(lit.value)) {
          token ??= `the \`${lit.value}\` header`;
        }
      }
    }
    return undefined;
  });
  return { token, session };
}

const decoratorCache = new WeakMap<Node, { token: string | null; session: string | null }>();

/** Signals of one decorator expression of `file`: its name, its extension, and (one level) its body. */
function decoratorSignals(project: ProjectView, file: FileView, decorator: Expr): { token: string | null; session: string | null } {
  const cached = decoratorCache.get(decorator);
  if (cached) return cached;
  const callee = decorator.type === "Call" ? decorator.func : decorator;
  const text = file.text.slice(callee.start, callee.end);
  const label = `\`@${text}\``;
  let out: { token: string | null; session: string | null } = { token: null, session: null };
  const q = file.semantic.resolveQualifiedName(callee);
  if (q !== null && SESSION_QUALIFIED.has(q)) out = { token: null, session: label };
  else if (q !== null && TOKEN_QUALIFIED.some((p) => q.startsWith(p))) out = { token: label, session: null };
  else {
    const model = project.flask;
    if (callee.type === "Attribute") {
      const exts = model.extensionsFor(file, callee.value);
      if (exts.some((e) => e.kind === "HTTPAuth" || e.kind === "JWTManager")) out = { token: label, session: null };
      else if (exts.some((e) => e.kind === "LoginManager" || e.kind === "Security")) out = { token: null, session: label };
    }
    if (!out.token && !out.session) {
      const def = callee.type === "Name" || callee.type === "Attribute" ? model.resolveExpr(file, callee) : null;
      if (def && def.kind === "function") {
        const inner = bodySignals(def.file, def.node);
        out = { token: inner.token ? label : null, session: inner.session && !inner.token ? label : null };
        // A project decorator that wraps another one (`@wraps(f)` + `@login_required`): its decorators count too.
        const fn = def.node as Fn;
        for (const d of fn.decorator_list ?? []) {
          const s = decoratorSignals(project, def.file, d);
          out.token ??= s.token ? label : null;
          if (!out.token) out.session ??= s.session ? label : null;
        }
      }
    }
    if (!out.token && !out.session && TOKEN_NAME.test(text.split(".").pop() ?? "")) out = { token: label, session: null };
    if (!out.token && !out.session && /(^|\.)(login_required|admin_required|roles?_required|permission_required)$/.test(text)) out = { token: null, session: label };
  }
  decoratorCache.set(decorator, out);
  return out;
}

/** The view function(s) of a route: the function, or the HTTP-method functions of a `MethodView` class. */
function viewFunctions(route: Route): Fn[] {
  const v = route.view?.node;
  if (!v) return [];
  if (v.type === "ClassDef") {
    return (v as ClassDef).body.filter((s): s is Fn => (s.type === "FunctionDef" || s.type === "AsyncFunctionDef") && /^(get|post|put|patch|delete)$/.test(s.name));
  }
  return [v as Fn];
}

/** `before_request` hooks that apply to a route: its blueprint's (and `before_app_request` ones) or its app's. */
function hooksFor(project: ProjectView, route: Route): Hook[] {
  const model = project.flask;
  const owner = route.owner;
  return model.hooks.filter((h) => {
    if (h.kind !== "before_request") return false;
    if (owner.kind === "blueprint") return h.owner.kind === "blueprint" && h.owner.blueprint === owner.blueprint;
    return h.owner.kind === "app" && h.owner.app === owner.app;
  });
}

const authCache = new WeakMap<Route, RouteAuth>();

/**
 * How a route authenticates: `token` when its decorators, body or `before_request` hooks read a
 * token credential (token wins when both are seen: such views are API views that also look at
 * `current_user`), else `session` when they use the session, else `none`.
 */
export function routeAuth(project: ProjectView, route: Route): RouteAuth {
  const cached = authCache.get(route);
  if (cached) return cached;
  let token: string | null = null;
  let session: string | null = null;
  const file = route.view ? project.file(route.view.file) : undefined;
  if (file) {
    const viewNode = route.view!.node;
    const decorators = [...((viewNode as Fn | ClassDef).decorator_list ?? [])];
    if (viewNode.type === "ClassDef") {
      // MethodView `decorators = [login_required]`
      for (const s of (viewNode as ClassDef).body) {
        if (s.type === "Assign" && s.targets.some((t) => t.type === "Name" && t.id === "decorators") && (s.value.type === "List" || s.value.type === "Tuple")) {
          decorators.push(...s.value.elts);
        }
      }
    }
    for (const d of decorators) {
      const s = decoratorSignals(project, file, d);
      token ??= s.token;
      session ??= s.session;
    }
    for (const fn of viewFunctions(route)) {
      const s = bodySignals(file, fn);
      token ??= s.token;
      session ??= s.session;
      for (const d of fn === viewNode ? [] : fn.decorator_list) {
        const ds = decoratorSignals(project, file, d);
        token ??= ds.token;
        session ??= ds.session;
      }
    }
  }
  for (const hook of hooksFor(project, route)) {
    if (!hook.function) continue;
    const hf = project.file(hook.function.file);
    if (!hf) continue;
    const s = bodySignals(hf, hook.function.node);
    if (s.token) token ??= `${s.token} (in \`${hook.function.node.name}\`)`;
    if (s.session) session ??= `${s.session} (in \`${hook.function.node.name}\`)`;
  }
  const out: RouteAuth = token ? { kind: "token", why: token } : session ? { kind: "session", why: session } : { kind: "none", why: null };
  authCache.set(route, out);
  return out;
}

/** Qualified names of Flask-WTF's form base classes. */
const FLASK_FORM = new Set(["flask_wtf.FlaskForm", "flask_wtf.form.FlaskForm", "flask_wtf.Form", "flask_wtf.form.Form"]);

/**
 * Whether a class is a Flask-WTF form: a `ClassDef` whose bases resolve (across project modules,
 * up to a few levels) to `flask_wtf.FlaskForm`.
 */
export function isFlaskFormClass(project: ProjectView, file: FileView, cls: ClassDef, depth = 0): boolean {
  if (depth > 6) return false;
  for (const base of cls.bases) {
    if (file.semantic.matchesQualifiedName(base, [...FLASK_FORM])) return true;
    if (base.type !== "Name" && base.type !== "Attribute") continue;
    const def = project.flask.resolveExpr(file, base);
    if (def && def.kind === "class" && isFlaskFormClass(project, def.file, def.node as ClassDef, depth + 1)) return true;
  }
  return false;
}

/**
 * Whether a route's view validates a Flask-WTF form, which checks the form's CSRF token even
 * without `CSRFProtect`: `form.validate_on_submit()` (a FlaskForm-only method), or `.validate()` on
 * an instance of a project FlaskForm class.
 */
export function validatesFlaskForm(project: ProjectView, route: Route): boolean {
  const file = route.view ? project.file(route.view.file) : undefined;
  if (!file) return false;
  let found = false;
  for (const fn of viewFunctions(route)) {
    forEachNode(fn, (n) => {
      if (found) return false;
      if (n.type !== "Call" || n.func.type !== "Attribute") return undefined;
      if (n.func.attr === "validate_on_submit") found = true;
      else if (n.func.attr === "validate" && n.func.value.type === "Name") {
        const value = file.semantic.resolveValue(n.func.value);
        if (value?.type === "Call" && (value.func.type === "Name" || value.func.type === "Attribute")) {
          const def = project.flask.resolveExpr(file, value.func);
          if (def?.kind === "class" && isFlaskFormClass(project, def.file, def.node as ClassDef)) found = true;
        }
      }
      return undefined;
    });
  }
  return found;
}

/** Routes of a blueprint (its own, not nested children). */
export function routesOfBlueprint(project: ProjectView, bp: Blueprint): Route[] {
  return project.flask.routes.filter((r) => r.owner.kind === "blueprint" && r.owner.blueprint === bp);
}

/** The app routes and registered blueprint routes of an app that live in non-test files. */
export function appRoutes(project: ProjectView, app: FlaskApp): Route[] {
  return project.flask.routesOf(app).filter((r) => !isTestPath(r.at.file));
}

/** `POST /auth/login` for messages. */
export function routeLabel(route: Route): string {
  const methods = route.methods.filter((m) => STATE_CHANGING.has(m));
  return `${(methods.length ? methods : route.methods).join("/")} ${route.fullRules[0] ?? route.rule ?? route.endpoint ?? "?"}`;
}

/** Whether a route's view reads form data (`request.form`, `request.files`, `request.values`): a browser form post. */
export function readsFormData(project: ProjectView, route: Route): boolean {
  const file = route.view ? project.file(route.view.file) : undefined;
  if (!file) return false;
  let found = false;
  for (const fn of viewFunctions(route)) {
    forEachNode(fn, (n) => {
      if (found) return false;
      if (n.type === "Attribute" && /^(form|files|values)$/.test(n.attr)) {
        const q = file.semantic.resolveQualifiedName(n);
        if (q && /^flask(\.globals)?\.request\.(form|files|values)$/.test(q)) found = true;
      }
      return undefined;
    });
  }
  return found;
}

/**
 * A hand-written CSRF check of an app: a `before_request` hook on the app whose function's name or
 * body mentions CSRF/XSRF (e.g. comparing a session nonce with a `CSRF-Token` header), or null.
 */
export function customCsrfHook(project: ProjectView, app: FlaskApp): Hook | null {
  for (const hook of project.flask.hooks) {
    if (hook.kind !== "before_request" || hook.owner.kind !== "app" || hook.owner.app !== app || !hook.function) continue;
    const file = project.file(hook.function.file);
    const text = file ? file.text.slice(hook.function.node.start, hook.function.node.end) : hook.function.node.name;
    if (/csrf|xsrf/i.test(text)) return hook;
  }
  return null;
}
