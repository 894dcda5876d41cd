/**
 * @fileoverview FG902 unescaped-request-data-in-template: request data rendered without escaping
 * in an HTML template: `{{ name|safe }}` (or a `{% autoescape false %}` block) where a view passes
 * `name` from the request (`render_template("t.html", name=request.args["n"])`, a local assigned
 * from the request, a route parameter), or `{{ request.args.q|safe }}` read in the template itself.
 * The link follows `extends` and `include` from the rendered template. `|safe` on values the server
 * builds itself is not reported. `Markup(...)` of request data in the view is reported there, by
 * the data-flow XSS rule (one root cause, one finding).
 */
import { createRule } from "../create-rule.js";
import { requestFlow, requestVariableOf, templateRequestRead } from "../helpers/front-end.js";

export default createRule({
  meta: {
    code: "FG902",
    name: "unescaped-request-data-in-template",
    category: "xss",
    severity: "high",
    confidence: "high",
    summary: "Request data is rendered in a template without escaping (`|safe`, autoescape off)",
    cwe: [79],
    fixable: "none",
    status: "stable",
    reportsIn: ["template"],
    references: [
      "https://flask.palletsprojects.com/en/stable/templating/#controlling-autoescaping",
      "https://owasp.org/www-community/attacks/xss/",
    ],
    messages: {
      view: "`{{variable}}` comes from {{origin}} in the view and is rendered unescaped here ({{how}}): reflected XSS",
      template: "{{origin}} is rendered unescaped here ({{how}}): reflected XSS",
    },
    help: "Drop `|safe` (and `Markup(...)` of user input) and let Jinja escape the value; if the value must contain markup, sanitise it with `bleach.clean`/`nh3.clean` and an allow-list first.",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    for (const t of ctx.project.templates) {
      if (!t.autoescapeByDefault) continue; // non-HTML extensions: FG905
      for (const o of t.outputs) {
        const how = o.unescapedBy === "safe-filter" ? "|safe" : o.unescapedBy === "autoescape-false" ? "inside {% autoescape false %}" : null;
        const linked = requestVariableOf(ctx.project, t, o);
        const range = { start: o.node.start, end: o.node.end };
        if (!how) continue;
        if (linked) {
          ctx.report(t.path, {
            messageId: "view",
            range,
            data: { variable: linked.name, origin: linked.variable.origin.label, how },
            related: requestFlow(linked.name, linked.variable),
          });
          continue;
        }
        const read = templateRequestRead(o);
        if (read) ctx.report(t.path, { messageId: "template", range, data: { origin: `\`${read}\``, how } });
      }
    }
  },
});
