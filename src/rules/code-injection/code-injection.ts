/**
 * @fileoverview FG804 code-injection: Request data is evaluated as Python code (`eval`, `exec`, `compile`). A taint rule: it reports the data-flow engine's
 * `code` sink hits, with the flow from the source as related locations.
 */
import { createRule } from "../create-rule.js";
import { DATAFLOW_DEFAULTS, DATAFLOW_OPTION_SPECS, reportHits } from "../../dataflow/rule-check.js";
import { isTestPath } from "../helpers/test-code.js";

export default createRule({
  meta: {
    code: "FG804",
    name: "code-injection",
    category: "code-injection",
    severity: "critical",
    confidence: "high",
    summary: "Request data is evaluated as Python code (`eval`, `exec`, `compile`)",
    cwe: [94, 95],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://owasp.org/www-community/attacks/Code_Injection",
      "https://docs.python.org/3/library/functions.html#eval",
      "https://cwe.mitre.org/data/definitions/95.html",
    ],
    bandit: ["B307", "B102"],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      flow: "Request data ({{source}}) is evaluated as Python code by `{{sink}}`: a client can run any code on the server",
    },
    help: "Never evaluate client text. Parse the data instead (`int()`, `json.loads()`, `ast.literal_eval()` for literals), or map allowed names to functions with a dictionary.",
    defaultOptions: DATAFLOW_DEFAULTS,
    optionSpecs: DATAFLOW_OPTION_SPECS,
  },

  check(ctx) {
    reportHits(ctx, "code", (hit) => (isTestPath(hit.file) ? null : { messageId: "flow" }));
  },
});
