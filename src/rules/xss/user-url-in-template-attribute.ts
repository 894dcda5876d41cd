/**
 * @fileoverview FG904 user-url-in-template-attribute: a URL attribute (`href`, `src`, `action`,
 * `formaction`, …) whose value starts with request data: `<a href="{{ next }}">` where the view
 * passes `next=request.args["next"]`, or `href="{{ request.args.url }}"` in the template.
 * Autoescaping does not stop `javascript:alert(1)`, so the link runs script when clicked. Values
 * with a fixed prefix (`href="/users/{{ name }}"`), `url_for(...)`, URL builders that take request
 * data as arguments, and values the view computes from request data are not reported.
 */
import { createRule } from "../create-rule.js";
import { isHarmlessOutput, requestFlow, requestVariableOf, templateRequestRead } from "../helpers/front-end.js";

const URL_ATTRIBUTES = new Set(["href", "src", "action", "formaction", "data", "poster", "xlink:href", "srcdoc", "background", "cite", "ping"]);

export default createRule({
  meta: {
    code: "FG904",
    name: "user-url-in-template-attribute",
    category: "xss",
    severity: "medium",
    confidence: "medium",
    summary: "A URL attribute starts with request data (`javascript:` URLs survive escaping)",
    cwe: [79, 601],
    fixable: "none",
    status: "stable",
    reportsIn: ["template"],
    references: [
      "https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html",
      "https://flask.palletsprojects.com/en/stable/web-security/#cross-site-scripting-xss",
    ],
    messages: {
      url: "The `{{attribute}}` URL is {{origin}}, which can be a `javascript:` URL: escaping does not help, clicking it runs script",
    },
    help: "Build the URL on the server (`url_for`), or check its scheme (only `http`/`https`, or a same-site path) before rendering it.",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    for (const t of ctx.project.templates) {
      for (const o of t.outputs) {
        if (o.context.kind !== "attribute" || !o.context.atValueStart || !URL_ATTRIBUTES.has(o.context.attribute.name)) continue;
        if (isHarmlessOutput(o)) continue;
        const range = { start: o.node.start, end: o.node.end };
        const read = templateRequestRead(o, true);
        if (read) {
          ctx.report(t.path, { messageId: "url", range, data: { attribute: o.context.attribute.name, origin: `\`${read}\` from the request` } });
          continue;
        }
        const linked = requestVariableOf(ctx.project, t, o, true);
        if (!linked) continue;
        ctx.report(t.path, {
          messageId: "url",
          range,
          data: { attribute: o.context.attribute.name, origin: `\`${linked.name}\`, which the view takes from ${linked.variable.origin.label}` },
          related: requestFlow(linked.name, linked.variable),
        });
      }
    }
  },
});
