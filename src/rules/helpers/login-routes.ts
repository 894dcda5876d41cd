/**
 * @fileoverview Which routes are credential endpoints (login, sign-in, token issuance, password
 * reset, one-time codes) that brute-force protection must cover: by the route's own URL rule or
 * the view's name and endpoint, by what the view calls (`login_user`, `check_password_hash`,
 * `.check_password(...)`, `verify_password`, `create_access_token`, `jwt.encode`, … directly or
 * through project functions), or because the user listed it in the `login-routes` setting.
 * Only routes that accept a request body (POST/PUT/PATCH, or methods not known) count, except
 * those the user named.
 */
import type { AsyncFunctionDef, ClassDef, FunctionDef, Node } from "../../python/ast.js";
import { forEachNode } from "../../semantic/walk.js";
import type { FlaskModel } from "../../project/model.js";
import type { Route } from "../../project/types.js";
import type { FileView, ProjectView } from "../types.js";

/** Why a route is a login route (for the message). */
export interface LoginEvidence {
  /** `its URL rule \`/login\``, `its view calls \`login_user\``, `the login-routes setting`. */
  reason: string;
}

const BODY_METHODS = ["POST", "PUT", "PATCH"];
/** Calls that check credentials or issue credentials, by the callee's last name. */
const CREDENTIAL_CALLS = new Set([
  "login_user",
  "check_password_hash",
  "check_password",
  "verify_password",
  "create_access_token",
  "create_refresh_token",
  "encode_auth_token",
  "generate_auth_token",
  "issue_token",
]);
/** Qualified calls that issue tokens (`jwt.encode`). */
const TOKEN_ISSUERS = new Set(["jwt.encode", "jose.jwt.encode"]);
const MAX_FOLLOW = 2;

/** Words of a URL rule or a name: `/api/v1/sign-in/<token>` → `api v1 sign in`; `resetPassword` → `reset password`. */
export function wordsOf(text: string): string[] {
  return text
    .replace(/<[^>]*>/g, " ")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Za-z])(\d)/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.toLowerCase())
    .filter((w) => w.length > 0);
}

/** The credential word a list of words contains (`login`, `sign in`, `password reset`...), or null. */
export function credentialWord(words: readonly string[]): string | null {
  if (words.some((w) => /^(logout|signout|logoff|callback|revoke|refresh)$/.test(w))) return null;
  if (words.includes("sign") && words.includes("out")) return null;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const next = words[i + 1];
    if (/^(login|signin|logon|auth|authenticate|authentication|token|otp|totp|2fa|mfa)$/.test(w)) return w;
    if ((w === "sign" || w === "log") && next === "in") return `${w} in`;
    if (w === "two" && next === "factor") return "two factor";
  }
  const password = words.some((w) => /^(password|passwd|pwd|pw)$/.test(w));
  if (password && words.some((w) => /^(reset|forgot|forgotten|recover|recovery|lost)$/.test(w))) return "password reset";
  if (words.includes("forgot")) return "forgot";
  return null;
}

const NOT_PASSWORD_LOGIN = /^(register|registration|signup|setup|install|invite|invitation|confirm|confirmation|activate|activation|verify|saml|oauth|oauth2|sso|callback|acs|idp|impersonate|authorized|oidc)$/;

/** Whether a route's rule or view name says it is a sign-up, setup, invitation or single-sign-on step. */
function notPasswordLogin(route: Route): boolean {
  const words = [...(route.rule ? wordsOf(route.rule) : []), ...endpointNames(route).flatMap((n) => wordsOf(n))];
  if (words.some((w) => NOT_PASSWORD_LOGIN.test(w))) return true;
  return words.includes("sign") && words.includes("up");
}

/** Whether a route takes a request body (credentials are posted), or its methods are not known. */
export function acceptsBody(route: Route): boolean {
  return !route.methodsKnown || route.methods.some((m) => BODY_METHODS.includes(m));
}

/** The endpoint names a route answers to: `login`, `auth.login` (blueprint-qualified), the view name. */
export function endpointNames(route: Route): string[] {
  const names = new Set<string>();
  const view = route.view && route.view.node.type !== "ClassDef" ? (route.view.node as FunctionDef).name : route.view?.node.type === "ClassDef" ? (route.view.node as ClassDef).name : null;
  for (const n of [route.endpoint, view]) {
    if (!n) continue;
    names.add(n);
    if (route.owner.kind === "blueprint") names.add(`${route.owner.blueprint.name}.${n}`);
  }
  return [...names];
}

function normalizeRule(rule: string): string {
  return rule.length > 1 ? rule.replace(/\/+$/, "") : rule;
}

/** Whether the user's `login-routes` setting names this route (an endpoint, view name or URL rule). */
export function namedInSetting(route: Route, loginRoutes: readonly string[]): string | null {
  for (const entry of loginRoutes) {
    if (entry.startsWith("/")) {
      const want = normalizeRule(entry);
      if ([route.rule, ...route.fullRules].some((r) => r !== null && normalizeRule(r) === want)) return entry;
    } else if (endpointNames(route).includes(entry)) {
      return entry;
    }
  }
  return null;
}

/** The function bodies that handle a route's requests: the view function, or a MethodView's post/put/patch. */
export function handlerFunctions(route: Route): (FunctionDef | AsyncFunctionDef)[] {
  const view = route.view;
  if (!view) return [];
  if (view.node.type !== "ClassDef") return [view.node as FunctionDef];
  const cls = view.node as ClassDef;
  return cls.body.filter((s): s is FunctionDef | AsyncFunctionDef => (s.type === "FunctionDef" || s.type === "AsyncFunctionDef") && ["post", "put", "patch", "dispatch_request"].includes(s.name));
}

/**
 * The credential call a function makes (directly or through project functions up to two calls
 * deep): `login_user`, `check_password_hash`, `create_access_token`, `jwt.encode`…, or null.
 */
export function credentialCall(model: FlaskModel, file: FileView, fn: FunctionDef | AsyncFunctionDef, depth = 0, seen = new Set<Node>()): string | null {
  if (seen.has(fn)) return null;
  seen.add(fn);
  let found: string | null = null;
  const follow: { file: FileView; node: FunctionDef | AsyncFunctionDef }[] = [];
  forEachNode(fn, (node) => {
    if (found) return false;
    if (node !== fn && (node.type === "FunctionDef" || node.type === "AsyncFunctionDef" || node.type === "ClassDef" || node.type === "Lambda")) return false;
    if (node.type !== "Call") return;
    const func = node.func;
    const last = func.type === "Name" ? func.id : func.type === "Attribute" ? func.attr : null;
    if (last && CREDENTIAL_CALLS.has(last)) {
      found = last;
      return false;
    }
    const q = file.semantic.resolveQualifiedName(func);
    if (q && TOKEN_ISSUERS.has(q)) {
      found = q;
      return false;
    }
    if (depth < MAX_FOLLOW && (func.type === "Name" || func.type === "Attribute")) {
      const def = model.resolveExpr(file, func);
      if (def && def.kind === "function" && (def.node.type === "FunctionDef" || def.node.type === "AsyncFunctionDef")) follow.push({ file: def.file, node: def.node });
    }
  });
  if (found) return found;
  for (const f of follow) {
    const inner = credentialCall(model, f.file, f.node, depth + 1, seen);
    if (inner) return inner;
  }
  return null;
}

/**
 * Why a route is a login route, or null. Given `@bp.route("/login", methods=["GET", "POST"])`,
 * the reason is "its URL rule `/login`"; given a view `def session_create()` calling
 * `login_user(user)`, it is "its view calls `login_user`".
 */
export function loginEvidence(project: ProjectView, route: Route, loginRoutes: readonly string[]): LoginEvidence | null {
  const named = namedInSetting(route, loginRoutes);
  if (named) return { reason: `the login-routes setting lists \`${named}\`` };
  if (!acceptsBody(route)) return null;
  if (route.rule !== null) {
    const word = credentialWord(wordsOf(route.rule));
    if (word) return { reason: `its URL rule \`${route.rule}\` says "${word}"` };
  }
  for (const name of endpointNames(route)) {
    if (name.includes(".")) continue;
    const word = credentialWord(wordsOf(name));
    if (word) return { reason: `its view \`${name}\` says "${word}"` };
  }
  const view = route.view;
  if (!view) return null;
  const file = project.file(view.file);
  if (!file) return null;
  for (const fn of handlerFunctions(route)) {
    const call = credentialCall(project.flask, file, fn);
    if (!call) continue;
    // `login_user` alone also ends sign-up, setup wizards, invitations and SSO callbacks, where
    // no password is guessed: those are not login routes unless something else says so.
    if (call === "login_user" && notPasswordLogin(route)) continue;
    return { reason: `its view calls \`${call}\`` };
  }
  return null;
}
