/**
 * @fileoverview FG903 unquoted-template-attribute: a Jinja expression in an unquoted HTML attribute
 * value (`<a href={{ url }}>`, `<div class={{ cls }}>`). Autoescaping escapes `<>&'"` but not
 * spaces, so a value with a space adds attributes of the attacker's choice (`x onmouseover=alert(1)`).
 * Constants, numbers (`|int`, `loop.index`) and `url_for(...)` are not reported.
 */
import { createRule } from "../create-rule.js";
import { isHarmlessOutput } from "../helpers/front-end.js";

export default createRule({
  meta: {
    code: "FG903",
    name: "unquoted-template-attribute",
    category: "xss",
    severity: "medium",
    confidence: "high",
    summary: "A template expression is rendered into an unquoted HTML attribute value",
    cwe: [79, 83],
    fixable: "none",
    status: "stable",
    reportsIn: ["template"],
    references: [
      "https://flask.palletsprojects.com/en/stable/web-security/#cross-site-scripting-xss",
      "https://cheatsheetseries.owasp.org/cheatsheets/Cross_Site_Scripting_Prevention_Cheat_Sheet.html",
    ],
    messages: {
      unquoted: "`{{expression}}` is rendered into the unquoted `{{attribute}}` attribute: escaping does not stop a space from starting a new attribute (e.g. an event handler)",
    },
    help: 'Always quote attribute values that contain expressions: `<a href="{{ url }}">`.',
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    for (const t of ctx.project.templates) {
      for (const o of t.outputs) {
        if (o.context.kind !== "attribute" || o.context.quoted || isHarmlessOutput(o)) continue;
        ctx.report(t.path, {
          messageId: "unquoted",
          range: { start: o.node.start, end: o.node.end },
          data: { expression: t.text.slice(o.node.segment.innerStart, o.node.segment.innerEnd).trim(), attribute: o.context.attribute.name },
        });
      }
    }
  },
});
