/**
 * @fileoverview FG905 unescaped-template-extension: request data rendered in a template whose file
 * extension Flask does not autoescape (anything but `.html`, `.htm`, `.xml`, `.xhtml`, `.svg`: for
 * example `.txt`, `.j2`, `.jinja`). A view that renders such a template with request data and
 * returns it as a page has no escaping at all. Variables the view does not take from the request
 * are not reported.
 */
import { createRule } from "../create-rule.js";
import { requestFlow, requestVariableOf, templateRequestRead } from "../helpers/front-end.js";

export default createRule({
  meta: {
    code: "FG905",
    name: "unescaped-template-extension",
    category: "xss",
    severity: "medium",
    confidence: "medium",
    summary: "Request data is rendered in a template whose extension Flask does not autoescape",
    cwe: [79, 116],
    fixable: "none",
    status: "stable",
    reportsIn: ["template"],
    references: ["https://flask.palletsprojects.com/en/stable/templating/#jinja-setup"],
    messages: {
      extension: "`{{variable}}` ({{origin}}) is rendered without escaping: Flask does not autoescape `{{extension}}` templates",
    },
    help: "Rename the template to `.html` (or `.xml`) so Flask autoescapes it, or escape the value (`|e`) / wrap the block in `{% autoescape true %}`.",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    for (const t of ctx.project.templates) {
      if (t.autoescapeByDefault) continue;
      const extension = /\.[^./]+$/.exec(t.path)?.[0] ?? t.path;
      for (const o of t.outputs) {
        if (o.escaped) continue;
        const range = { start: o.node.start, end: o.node.end };
        const read = templateRequestRead(o);
        if (read) {
          ctx.report(t.path, { messageId: "extension", range, data: { variable: read, origin: "read from the request in the template", extension } });
          continue;
        }
        const linked = requestVariableOf(ctx.project, t, o);
        if (!linked) continue;
        ctx.report(t.path, {
          messageId: "extension",
          range,
          data: { variable: linked.name, origin: `from ${linked.variable.origin.label}`, extension },
          related: requestFlow(linked.name, linked.variable),
        });
      }
    }
  },
});
