/**
 * @fileoverview FG301 form-without-csrf-token: a `<form method="post">` in a Jinja template that
 * renders no CSRF token. Tokens are recognised wherever they come from: `{{ csrf_token() }}` in a
 * hidden input, `{{ form.hidden_tag() }}`, `{{ form.csrf_token }}`, iterating a WTForm, a macro that
 * renders one (defined in the template, imported from another, or Bootstrap-WTF's
 * `wtf.quick_form`), an included template that renders one, a `{% block %}` that a child template
 * fills with one, or the includer of a form split across includes. GET forms, forms whose method is
 * computed, forms posting to another origin and forms whose submission JavaScript takes over
 * (`onsubmit="…; return false"`, Alpine/Vue `@submit.prevent`) are not reported. Apps protected by
 * Flask-SeaSurf or by a hand-written token check (a request header or form field naming a CSRF
 * token or nonce compared with the session, as CTFd does) are left alone.
 *
 * A form opened in one template and closed in another (split across includes) is reported at its
 * `<form>` opening tag, in the template that holds it, with the `{% include %}` tags that complete
 * it as related locations: the opening tag is where the token input goes and where a suppression
 * comment belongs.
 */
import { createRule } from "../create-rule.js";
import { csrfStatusSentence, frontEndFacts } from "../helpers/front-end.js";
import type { RelatedSpec } from "../types.js";

export default createRule({
  meta: {
    code: "FG301",
    name: "form-without-csrf-token",
    category: "csrf",
    severity: "medium",
    confidence: "high",
    summary: "A POST form in a template does not render a CSRF token",
    cwe: [352],
    fixable: "none",
    status: "stable",
    reportsIn: ["template"],
    references: [
      "https://flask-wtf.readthedocs.io/en/stable/csrf/",
      "https://owasp.org/www-community/attacks/csrf",
      "https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html",
    ],
    messages: {
      missing:
        "This {{method}} form renders no CSRF token ({{ csrf_token() }}, form.hidden_tag() or form.csrf_token): {{status}}",
    },
    help: 'Add `<input type="hidden" name="csrf_token" value="{{ csrf_token() }}">` inside the form (or `{{ form.hidden_tag() }}` for a Flask-WTF form) and enable `CSRFProtect(app)`.',
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    if (ctx.project.templates.length === 0) return;
    const facts = frontEndFacts(ctx.project);
    if (facts.csrf.kind === "seasurf" || facts.csrf.kind === "custom") return;
    const status = csrfStatusSentence(facts.csrf);
    const protection: RelatedSpec[] = facts.csrf.where
      ? [{ file: facts.csrf.where.file, node: facts.csrf.where.node, message: facts.csrf.kind === "disabled" ? "CSRF protection is switched off here" : "CSRF protection is enabled here" }]
      : [];
    for (const template of ctx.project.templates) {
      for (const form of facts.templates.postForms(template)) {
        if (facts.templates.formToken(form) !== "no") continue;
        // A form left open here is completed by the templates that include this one.
        const includes: RelatedSpec[] = form.element.closed
          ? []
          : facts.templates.includers(template).slice(0, 5).map((inc) => ({
              file: inc.template.path,
              node: inc.tag,
              message: "the form continues in this template, which includes it here (it renders no token either)",
            }));
        ctx.report(template.path, {
          messageId: "missing",
          range: { start: form.start, end: form.end },
          data: { method: form.method, status },
          related: [...includes, ...protection],
        });
      }
    }
  },
});
