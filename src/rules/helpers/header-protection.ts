/**
 * @fileoverview What protects an app's responses with security headers, for the security-headers
 * rules: Flask-Talisman attached to it, a header library the model does not track (`secure`,
 * `flask_secure_headers`, ...), or hand-written `after_request` hooks (see `response-headers.ts`);
 * and whether an app serves pages at all (routes, blueprints, a REST API extension).
 */
import type { FlaskModel } from "../../project/model.js";
import type { Extension, FlaskApp } from "../../project/types.js";
import type { ProjectView } from "../types.js";
import { headersOfHooks, responseHooksOf, SECURITY_HEADERS, type HeaderWrites } from "./response-headers.js";

/** Modules that set security headers in ways the project model does not follow. */
const HEADER_MODULES = ["secure", "flask_secure_headers", "secure_headers", "flask_csp", "flask_security_headers", "flask_helmet"];
const API_EXTENSIONS = new Set(["RestfulApi", "RestxApi", "SmorestApi"]);

/** How an app's security headers are set. */
export type HeaderProtection =
  | { kind: "talisman"; talisman: Extension[] }
  | { kind: "unknown"; reason: string }
  | { kind: "hooks"; writes: HeaderWrites }
  | { kind: "none"; writes: HeaderWrites };

/**
 * How `app` sets security headers: Talisman attached to it; `unknown` when a header library the
 * model does not track is imported, a Talisman object is never seen attached, or a hook does
 * something that cannot be followed; `hooks` when `after_request` hooks write at least one
 * security header; `none` otherwise.
 */
export function headerProtection(project: ProjectView, app: FlaskApp): HeaderProtection {
  const model = project.flask;
  const talisman = model.extensionsOfKind("Talisman", app);
  if (talisman.length > 0) return { kind: "talisman", talisman };
  if (model.extensionsOfKind("Talisman").some((e) => e.attachments.length === 0)) return { kind: "unknown", reason: "a Talisman object is created but not seen attached" };
  if (project.files.some((f) => f.semantic.seenModule("flask_talisman")) && model.extensionsOfKind("Talisman").length === 0) {
    return { kind: "unknown", reason: "flask_talisman is imported but no Talisman object was found" };
  }
  const lib = HEADER_MODULES.find((m) => project.files.some((f) => f.semantic.seenModule(m)));
  if (lib) return { kind: "unknown", reason: `the project imports \`${lib}\`` };
  const writes = headersOfHooks(project, responseHooksOf(model, app, true));
  if (writes.opaque) return { kind: "unknown", reason: writes.opaque };
  if (writes.headers.some((h) => SECURITY_HEADERS.has(h.name))) return { kind: "hooks", writes };
  return { kind: "none", writes };
}

/** Whether an app serves requests the model can see: routes, registered blueprints, or a REST API extension. */
export function servesRequests(model: FlaskModel, app: FlaskApp): boolean {
  if (app.routes.length > 0 || app.blueprintRegistrations.length > 0) return true;
  return app.extensions.some((a) => API_EXTENSIONS.has(a.extension.kind));
}
