/**
 * @fileoverview What the static Flask project model tells the probe (`--project PATH`): the login
 * endpoint (routes named in `login-routes`, else POST routes whose rule, endpoint or view name is a
 * login word), an upload endpoint, the production `MAX_CONTENT_LENGTH` as the expected upload
 * maximum, and the configured session/remember-me cookie names. Pure: it only reads the model.
 */

import type { FlaskModel } from "../project/model.js";
import type { Route } from "../project/types.js";

/** One discovered value with the reason, for the notes. */
export interface Discovered<T> {
  value: T;
  why: string;
}

/** Everything discovered; null where the model says nothing usable. */
export interface ProjectHints {
  loginPath: Discovered<string> | null;
  uploadPath: Discovered<string> | null;
  uploadMax: Discovered<number> | null;
  sessionCookies: Discovered<string[]> | null;
}

const LOGIN_WORDS = /^(login|log_in|log-in|signin|sign_in|sign-in|logon|authenticate)$/i;

function lastSegment(rule: string): string {
  const parts = rule.split("/").filter((p) => p !== "");
  return parts[parts.length - 1] ?? "";
}

function acceptsPost(route: Route): boolean {
  return route.methods.includes("POST");
}

/** Concrete URL rules of a route (no `<converter:variables>`). */
function concreteRules(route: Route): string[] {
  return route.fullRules.filter((rule) => !rule.includes("<"));
}

function viewName(route: Route): string | null {
  const node = route.view?.node;
  return node && "name" in node ? node.name : null;
}

function describe(route: Route, rule: string): string {
  const where = route.view ? ` in ${route.view.file}` : "";
  return `route ${route.endpoint ?? viewName(route) ?? rule}${where}`;
}

/** Every route of every app, deduplicated (a blueprint registered on two apps appears once). */
function allRoutes(model: FlaskModel): Route[] {
  const seen = new Set<Route>();
  for (const app of model.apps) for (const route of model.routesOf(app)) seen.add(route);
  for (const route of model.routes) seen.add(route);
  return [...seen];
}

/** Reads the probe hints from the model. `loginRoutes` is the `login-routes` setting (endpoints or rules). */
export function projectHints(model: FlaskModel, loginRoutes: readonly string[] = []): ProjectHints {
  const routes = allRoutes(model).filter((r) => acceptsPost(r) && concreteRules(r).length > 0);
  const byShortestRule = (a: Route, b: Route) => concreteRules(a)[0]!.length - concreteRules(b)[0]!.length;

  let loginPath: Discovered<string> | null = null;
  const named = routes.find((r) => loginRoutes.some((name) => name === r.endpoint || concreteRules(r).includes(name)));
  if (named) {
    const rule = concreteRules(named)[0]!;
    loginPath = { value: rule, why: `${describe(named, rule)}, named in login-routes` };
  } else {
    const candidates = routes
      .filter((r) => {
        const endpointTail = (r.endpoint ?? "").split(".").pop() ?? "";
        return [lastSegment(concreteRules(r)[0]!), endpointTail, viewName(r) ?? ""].some((word) => LOGIN_WORDS.test(word));
      })
      .sort(byShortestRule);
    if (candidates[0]) {
      const rule = concreteRules(candidates[0])[0]!;
      loginPath = { value: rule, why: `${describe(candidates[0], rule)} (a POST route named like a login)` };
    }
  }

  let uploadPath: Discovered<string> | null = null;
  const uploads = routes
    .filter((r) => [concreteRules(r)[0]!, r.endpoint ?? "", viewName(r) ?? ""].some((text) => /upload/i.test(text)))
    .sort(byShortestRule);
  if (uploads[0]) {
    const rule = concreteRules(uploads[0])[0]!;
    uploadPath = { value: rule, why: `${describe(uploads[0], rule)} (a POST route named like an upload)` };
  }

  let uploadMax: Discovered<number> | null = null;
  let sessionCookies: Discovered<string[]> | null = null;
  const names = new Set<string>();
  const nameSources: string[] = [];
  for (const config of model.productionConfigurations()) {
    const max = config.get("MAX_CONTENT_LENGTH");
    if (uploadMax === null && max.status === "set" && max.value?.kind === "number" && max.value.value > 0) {
      uploadMax = { value: Math.round(max.value.value), why: `MAX_CONTENT_LENGTH of ${config.label}` };
    }
    for (const key of ["SESSION_COOKIE_NAME", "REMEMBER_COOKIE_NAME"]) {
      const value = config.get(key);
      if (value.status === "set" && value.value?.kind === "str" && value.value.value !== "" && !names.has(value.value.value)) {
        names.add(value.value.value);
        nameSources.push(`${key} of ${config.label}`);
      }
    }
  }
  if (names.size > 0) sessionCookies = { value: [...names], why: nameSources.join(", ") };
  return { loginPath, uploadPath, uploadMax, sessionCookies };
}
