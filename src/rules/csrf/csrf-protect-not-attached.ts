/**
 * @fileoverview FG305 csrf-protect-not-attached: a `CSRFProtect()` object is created but never
 * attached to an app — no `CSRFProtect(app)`, no `csrf.init_app(app)` anywhere in the project — so
 * it protects nothing while the code looks protected. Objects whose name is passed around in ways
 * the model cannot follow (`for ext in (db, csrf): ext.init_app(app)`) are not reported.
 */
import { createRule } from "../create-rule.js";
import { csrfExtensions, mayBeAttached } from "../helpers/csrf-protection.js";
import { isTestPath } from "../helpers/test-code.js";
import type { RelatedSpec } from "../types.js";

export default createRule({
  meta: {
    code: "FG305",
    name: "csrf-protect-not-attached",
    category: "csrf",
    severity: "high",
    confidence: "medium",
    summary: "A `CSRFProtect()` is created but never attached to the app with `init_app(app)`",
    cwe: [352],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://flask-wtf.readthedocs.io/en/stable/csrf/#setup",
      "https://flask.palletsprojects.com/en/stable/extensiondev/#the-extension-class-and-initialization",
      "https://cwe.mitre.org/data/definitions/352.html",
    ],
    requires: { modules: ["flask_wtf"], scope: "project" },
    messages: {
      notAttached:
        "`{{name}}` is created here but never attached to an app (no `{{name}}.init_app(app)` and no `CSRFProtect(app)`): no request is checked for a CSRF token, although the code looks protected",
    },
    help: "Call `{{name}}.init_app(app)` in the app factory (or create it as `CSRFProtect(app)`), next to the other extensions.",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    const project = ctx.project;
    const model = project.flask;
    const apps = model.apps.filter((a) => !isTestPath(a.createdAt.file));
    if (apps.length === 0) return; // a library or an incomplete project: the app may live elsewhere
    for (const ext of csrfExtensions(project)) {
      if (ext.kind !== "CSRFProtect" || ext.attachments.length > 0 || mayBeAttached(project, ext)) continue;
      const related: RelatedSpec[] = [];
      const app = apps[0]!;
      related.push({
        file: app.createdAt.file,
        node: app.createdAt.node,
        message: app.factory ? `the app is created here, in \`${app.factory.name}\`, which does not attach it` : "the app is created here and never gets it",
      });
      for (const use of ext.uses.slice(0, 3)) related.push({ file: use.at.file, node: use.at.node, message: `\`${use.method}\` is used here, to no effect` });
      const name = ext.name ?? "csrf";
      ctx.report(ext.createdAt.file, { messageId: "notAttached", data: { name }, node: ext.createdAt.node, related });
    }
  },
});
