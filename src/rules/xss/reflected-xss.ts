/**
 * @fileoverview FG950 reflected-xss: Request data is returned as HTML without escaping (`Markup`, `make_response`, returned strings). A taint rule: it reports the data-flow engine's
 * `xss` sink hits, with the flow from the source as related locations.
 */
import { createRule } from "../create-rule.js";
import { DATAFLOW_DEFAULTS, DATAFLOW_OPTION_SPECS, reportHits } from "../../dataflow/rule-check.js";
import { isTestPath } from "../helpers/test-code.js";

export default createRule({
  meta: {
    code: "FG950",
    name: "reflected-xss",
    category: "xss",
    severity: "high",
    confidence: "high",
    summary: "Request data is returned as HTML without escaping (`Markup`, `make_response`, returned strings)",
    cwe: [79],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://owasp.org/www-community/attacks/xss/",
      "https://flask.palletsprojects.com/en/stable/security/#cross-site-scripting-xss",
      "https://cwe.mitre.org/data/definitions/79.html",
    ],
    bandit: ["B704"],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      flow: "Request data ({{source}}) reaches {{sink}} without escaping: a client can inject scripts that run in other users' browsers",
    },
    help: "Render HTML with a template (`render_template`, which escapes by default) or escape the value with `markupsafe.escape()`; return JSON with `jsonify()`; never wrap client data in `Markup()`.",
    defaultOptions: DATAFLOW_DEFAULTS,
    optionSpecs: DATAFLOW_OPTION_SPECS,
  },

  check(ctx) {
    reportHits(ctx, "xss", (hit) => (isTestPath(hit.file) ? null : { messageId: "flow" }));
  },
});
