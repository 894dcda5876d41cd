/**
 * @fileoverview FG803 command-injection: Request data reaches a shell command or chooses the program to run. A taint rule: it reports the data-flow engine's
 * `command` sink hits, with the flow from the source as related locations.
 */
import { createRule } from "../create-rule.js";
import { DATAFLOW_DEFAULTS, DATAFLOW_OPTION_SPECS, reportHits } from "../../dataflow/rule-check.js";
import { isTestPath } from "../helpers/test-code.js";

export default createRule({
  meta: {
    code: "FG803",
    name: "command-injection",
    category: "command-injection",
    severity: "critical",
    confidence: "high",
    summary: "Request data reaches a shell command or chooses the program to run",
    cwe: [78],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://owasp.org/www-community/attacks/Command_Injection",
      "https://docs.python.org/3/library/subprocess.html#security-considerations",
      "https://cwe.mitre.org/data/definitions/78.html",
    ],
    bandit: ["B602", "B605", "B607"],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      flow: "Request data ({{source}}) reaches the command of `{{sink}}`: a client can run any command on the server",
    },
    help: "Run the program without a shell and pass the data as one list element (`subprocess.run([\"ping\", \"-c\", \"1\", host])`), validate it against an allow-list, or quote it with `shlex.quote()` if a shell is unavoidable.",
    defaultOptions: DATAFLOW_DEFAULTS,
    optionSpecs: DATAFLOW_OPTION_SPECS,
  },

  check(ctx) {
    reportHits(ctx, "command", (hit) => (isTestPath(hit.file) ? null : { messageId: "flow" }));
  },
});
