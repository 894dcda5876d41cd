/**
 * @fileoverview Where an app's CSRF protection (and, generally, an extension) comes from, for the CSRF rules: a Flask-WTF
 * `CSRFProtect` (or Flask-SeaSurf) attached to the app according to the project model, or an
 * extension object whose attachment the model could not follow (`for ext in (db, csrf):
 * ext.init_app(app)`, `CSRFProtect(make_app())`, an `init_app` on an app the model does not know),
 * which the rules then treat as possibly attached rather than guess.
 */
import type { Expr, Node } from "../../python/ast.js";
import { forEachNode } from "../../semantic/walk.js";
import type { Extension, ExtensionAttachment, FlaskApp } from "../../project/types.js";
import type { ProjectView } from "../types.js";
import { isTestPath } from "./test-code.js";

/** Extension kinds that protect an app against CSRF. */
export const CSRF_EXTENSIONS = new Set(["CSRFProtect", "SeaSurf"]);

/** The CSRF extensions of the project (not in test files). */
export function csrfExtensions(project: ProjectView): Extension[] {
  return project.flask.extensions.filter((e) => CSRF_EXTENSIONS.has(e.kind) && !isTestPath(e.createdAt.file));
}

/** The attachment of a CSRF extension to `app`, if the model saw one. */
export function csrfAttachment(app: FlaskApp): ExtensionAttachment | null {
  return app.extensions.find((a) => CSRF_EXTENSIONS.has(a.extension.kind)) ?? null;
}

const maybeCache = new WeakMap<Extension, boolean>();

/**
 * Whether an extension with no attachment the model could resolve may still be attached: it was
 * constructed with an argument (`CSRFProtect(something)`), or its name is used in the project as
 * an `init_app` receiver, a call argument, or an element of a list/tuple/set (looping over
 * extensions to initialise them).
 */
export function mayBeAttached(project: ProjectView, ext: Extension): boolean {
  const cached = maybeCache.get(ext);
  if (cached !== undefined) return cached;
  let result = ext.createdAt.node.args.length > 0 || ext.createdAt.node.keywords.some((k) => k.arg === "app");
  if (!result && ext.name) {
    const name = ext.name;
    for (const file of project.files) {
      if (result) break;
      if (!file.text.includes(name)) continue;
      forEachNode(file.module, (n) => {
        if (result) return false;
        const candidates: Expr[] = [];
        if (n.type === "Call") {
          if (n.func.type === "Attribute" && n.func.attr === "init_app") candidates.push(n.func.value);
          const isExempt = n.func.type === "Attribute" && (n.func.attr === "exempt" || n.func.attr === "protect");
          if (!isExempt) candidates.push(...n.args, ...n.keywords.map((k) => k.value));
        } else if (n.type === "List" || n.type === "Tuple" || n.type === "Set") {
          candidates.push(...n.elts);
        }
        for (const c of candidates) {
          if ((c.type === "Name" && c.id === name) || (c.type === "Attribute" && c.attr === name)) {
            if (project.flask.extensionsFor(file, c).includes(ext)) {
              result = true;
              return false;
            }
          }
        }
        return undefined;
      });
    }
  }
  maybeCache.set(ext, result);
  return result;
}

/** Whether the project calls `<csrf>.protect()` somewhere (manual protection with `WTF_CSRF_CHECK_DEFAULT = False`). */
export function callsManualProtect(project: ProjectView): Node | null {
  for (const ext of csrfExtensions(project)) {
    const use = ext.uses.find((u) => u.method === "protect");
    if (use) return use.at.node as Node;
  }
  let found: Node | null = null;
  for (const file of project.files) {
    if (found) break;
    if (!file.text.includes(".protect(")) continue;
    forEachNode(file.module, (n) => {
      if (found) return false;
      if (n.type === "Call" && n.func.type === "Attribute" && n.func.attr === "protect") {
        if (project.flask.extensionsFor(file, n.func.value).some((e) => e.kind === "CSRFProtect")) found = n;
      }
      return undefined;
    });
  }
  return found;
}
