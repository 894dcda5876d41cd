/**
 * @fileoverview FG801 sql-injection: Request data is formatted into the text of an SQL statement. A taint rule: it reports the data-flow engine's
 * `sql` sink hits, with the flow from the source as related locations.
 */
import { createRule } from "../create-rule.js";
import { DATAFLOW_DEFAULTS, DATAFLOW_OPTION_SPECS, reportHits } from "../../dataflow/rule-check.js";
import { isTestPath } from "../helpers/test-code.js";

export default createRule({
  meta: {
    code: "FG801",
    name: "sql-injection",
    category: "sql-injection",
    severity: "critical",
    confidence: "high",
    summary: "Request data is formatted into the text of an SQL statement",
    cwe: [89],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://owasp.org/www-community/attacks/SQL_Injection",
      "https://cheatsheetseries.owasp.org/cheatsheets/Query_Parameterization_Cheat_Sheet.html",
      "https://cwe.mitre.org/data/definitions/89.html",
    ],
    bandit: ["B608"],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      flow: "Request data ({{source}}) is built into the SQL text passed to `{{sink}}`: a client can rewrite the query and read or change any data",
    },
    help: "Keep the SQL text constant and pass values as parameters: `cursor.execute(\"SELECT * FROM user WHERE name = ?\", (name,))`, SQLAlchemy `text(\"... WHERE name = :name\")` with `{\"name\": name}`, or the ORM.",
    defaultOptions: DATAFLOW_DEFAULTS,
    optionSpecs: DATAFLOW_OPTION_SPECS,
  },

  check(ctx) {
    reportHits(ctx, "sql", (hit) => (isTestPath(hit.file) ? null : { messageId: "flow" }));
  },
});
