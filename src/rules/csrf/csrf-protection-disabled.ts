/**
 * @fileoverview FG304 csrf-protection-disabled: Flask-WTF's CSRF protection switched off where
 * production sees it — `WTF_CSRF_ENABLED = False` in a production (or unknown-role) configuration,
 * `WTF_CSRF_CHECK_DEFAULT = False` when the project never calls `csrf.protect()` itself — and
 * per form: `class Meta: csrf = False` in a FlaskForm, `Form(meta={"csrf": False})`,
 * `csrf_enabled=False`. Development and testing configurations, conditional writes
 * (`if app.testing: ...`) and test files are not reported.
 */
import type { ClassDef, Expr, Node } from "../../python/ast.js";
import { forEachNode } from "../../semantic/walk.js";
import { createRule } from "../create-rule.js";
import { callsManualProtect } from "../helpers/csrf-protection.js";
import { boolOf, knownValue, productionTargets, targetRelated } from "../helpers/production-settings.js";
import { isFlaskFormClass } from "../helpers/session-auth.js";
import { isTestPath } from "../helpers/test-code.js";
import type { FileView } from "../types.js";

export default createRule({
  meta: {
    code: "FG304",
    name: "csrf-protection-disabled",
    category: "csrf",
    severity: "high",
    confidence: "high",
    summary: "Flask-WTF CSRF protection is switched off in a production configuration or on a form",
    cwe: [352],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://flask-wtf.readthedocs.io/en/stable/config/",
      "https://flask-wtf.readthedocs.io/en/stable/csrf/",
      "https://wtforms.readthedocs.io/en/3.1.x/csrf/",
      "https://cwe.mitre.org/data/definitions/352.html",
    ],
    requires: { modules: ["flask", "flask_wtf"], scope: "project" },
    messages: {
      enabled:
        "`WTF_CSRF_ENABLED = False` applies to {{where}}: Flask-WTF then accepts every form and state-changing request without a CSRF token, so any website can submit them in a logged-in user's browser",
      checkDefault:
        "`WTF_CSRF_CHECK_DEFAULT = False` applies to {{where}} and the project never calls `csrf.protect()`: `CSRFProtect` then checks no request at all",
      formMeta:
        "`csrf = False` in the `Meta` of FlaskForm `{{form}}` removes its CSRF token: any website can submit this form in a logged-in user's browser",
      formArgument:
        "`{{text}}` creates the form without a CSRF token: any website can submit it in a logged-in user's browser",
    },
    help: "Leave CSRF protection on in production (`WTF_CSRF_ENABLED` defaults to True; set it to False only in the testing configuration) and keep forms' CSRF tokens; for token-authenticated JSON APIs exempt the API blueprint with `csrf.exempt(bp)` instead.",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    const project = ctx.project;
    const reported = new Set<string>();
    const key = (file: string, node: { start: number }): boolean => {
      const id = `${file}:${node.start}`;
      if (reported.has(id)) return false;
      reported.add(id);
      return true;
    };

    // Configuration.
    let manualProtect: Node | null | undefined;
    for (const target of productionTargets(project)) {
      for (const name of ["WTF_CSRF_ENABLED", "WTF_CSRF_CHECK_DEFAULT"] as const) {
        const v = target.config.get(name);
        if (v.status !== "set" || !v.write || v.write.conditional || boolOf(knownValue(v)) !== false) continue;
        if (isTestPath(v.write.at.file)) continue;
        if (name === "WTF_CSRF_CHECK_DEFAULT") {
          manualProtect ??= callsManualProtect(project);
          if (manualProtect) continue;
        }
        if (!key(v.write.at.file, v.write.at.node)) continue;
        ctx.report(v.write.at.file, {
          messageId: name === "WTF_CSRF_ENABLED" ? "enabled" : "checkDefault",
          data: { where: target.where },
          node: v.write.at.node,
          related: targetRelated(project, target, { file: v.write.at.file, node: v.write.at.node }),
          confidence: target.unknownRole ? "medium" : "high",
        });
      }
    }

    // Forms.
    for (const file of project.files) {
      if (isTestPath(file.path) || !file.text.includes("csrf")) continue;
      checkForms(file);
    }

    function checkForms(file: FileView): void {
      forEachNode(file.module, (n) => {
        if (n.type === "ClassDef" && n.name === "Meta") return false;
        if (n.type === "ClassDef") {
          const meta = n.body.find((s): s is ClassDef => s.type === "ClassDef" && s.name === "Meta");
          if (meta && isFlaskFormClass(project, file, n)) {
            for (const s of meta.body) {
              if (s.type !== "Assign" || !s.targets.some((t) => t.type === "Name" && t.id === "csrf")) continue;
              if (boolOf(project.flask.evaluate(file, s.value)) !== false) continue;
              if (key(file.path, s)) ctx.report(file.path, { messageId: "formMeta", data: { form: n.name }, node: s });
            }
          }
          return undefined;
        }
        if (n.type !== "Call") return undefined;
        for (const kw of n.keywords) {
          let off = false;
          if (kw.arg === "csrf_enabled") off = boolOf(project.flask.evaluate(file, kw.value)) === false;
          if (kw.arg === "meta" && kw.value.type === "Dict") {
            kw.value.keys.forEach((k, i) => {
              const kv = k ? project.flask.evaluate(file, k) : null;
              if (kv?.kind === "str" && kv.value === "csrf") off ||= boolOf(project.flask.evaluate(file, kw.value.type === "Dict" ? kw.value.values[i]! : kw.value)) === false;
            });
          }
          if (!off || !isFormCall(file, n.func)) continue;
          if (key(file.path, kw)) {
            ctx.report(file.path, { messageId: "formArgument", data: { text: file.text.slice(kw.start, kw.end) }, node: kw });
          }
        }
        return undefined;
      });
    }

    /** Whether a callee is a FlaskForm (sub)class (a project class, or Flask-WTF's own). */
    function isFormCall(file: FileView, func: Expr): boolean {
      const q = file.semantic.resolveQualifiedName(func);
      if (q && /^flask_wtf(\.form)?\.(FlaskForm|Form)$/.test(q)) return true;
      if (func.type !== "Name" && func.type !== "Attribute") return false;
      const def = project.flask.resolveExpr(file, func);
      if (def?.kind === "class") return isFlaskFormClass(project, def.file, def.node as ClassDef);
      // An unresolvable class whose name says it is a form.
      return q === null && /Form$/.test(func.type === "Name" ? func.id : func.attr);
    }
  },
});
