/**
 * @fileoverview FG901 template-autoescape-disabled: a `{% autoescape false %}` block in a Jinja
 * template that renders at least one variable. Inside it every `{{ … }}` is emitted as raw HTML,
 * so any value that can carry user text becomes stored or reflected XSS. Blocks that render only
 * constants are not reported.
 */
import { createRule } from "../create-rule.js";

export default createRule({
  meta: {
    code: "FG901",
    name: "template-autoescape-disabled",
    category: "xss",
    severity: "medium",
    confidence: "medium",
    summary: "A `{% autoescape false %}` block renders variables without HTML escaping",
    cwe: [79, 116],
    fixable: "none",
    status: "stable",
    reportsIn: ["template"],
    references: [
      "https://jinja.palletsprojects.com/en/stable/templates/#autoescape-overrides",
      "https://flask.palletsprojects.com/en/stable/templating/#controlling-autoescaping",
    ],
    messages: {
      block: "Autoescaping is switched off for this block, which renders {{count}} variable(s) as raw HTML (first: {{first}})",
    },
    help: "Remove `{% autoescape false %}`; mark only values you built from trusted HTML as safe (`Markup` in the view, after `escape`/`bleach.clean` of user parts).",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    for (const t of ctx.project.templates) {
      for (const tag of t.tags) {
        if (tag.name !== "autoescape") continue;
        const v = tag.args.value;
        if (!v || v.type !== "Const" || v.value !== false) continue;
        const rendered = t.outputs.filter((o) => o.autoescapeTag === tag && o.expr && o.expr.type !== "Const");
        if (rendered.length === 0) continue;
        const first = rendered[0]!;
        ctx.report(t.path, {
          messageId: "block",
          range: { start: tag.segment.start, end: tag.segment.end },
          data: { count: rendered.length, first: t.text.slice(first.node.start, first.node.end) },
        });
      }
    }
  },
});
