/**
 * @fileoverview FG802 template-injection: Request data is compiled as a Jinja template (server-side template injection). A taint rule: it reports the data-flow engine's
 * `template` sink hits, with the flow from the source as related locations.
 */
import { createRule } from "../create-rule.js";
import { DATAFLOW_DEFAULTS, DATAFLOW_OPTION_SPECS, reportHits } from "../../dataflow/rule-check.js";
import { isTestPath } from "../helpers/test-code.js";

export default createRule({
  meta: {
    code: "FG802",
    name: "template-injection",
    category: "template-injection",
    severity: "critical",
    confidence: "high",
    summary: "Request data is compiled as a Jinja template (server-side template injection)",
    cwe: [1336, 94],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://portswigger.net/web-security/server-side-template-injection",
      "https://flask.palletsprojects.com/en/stable/api/#flask.render_template_string",
      "https://cwe.mitre.org/data/definitions/1336.html",
    ],
    bandit: ["B701", "B702"],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      flow: "Request data ({{source}}) is compiled as template source by `{{sink}}`: a client can run code on the server through template expressions",
    },
    help: "Keep template source constant (a file rendered with `render_template`) and pass the data as a context variable: `render_template_string(\"<h1>Hello {{ name }}</h1>\", name=name)`.",
    defaultOptions: DATAFLOW_DEFAULTS,
    optionSpecs: DATAFLOW_OPTION_SPECS,
  },

  check(ctx) {
    reportHits(ctx, "template", (hit) => (isTestPath(hit.file) ? null : { messageId: "flow" }));
  },
});
