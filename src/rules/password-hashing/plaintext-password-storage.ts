/**
 * @fileoverview FG652 plaintext-password-storage: A password is stored without hashing (model attribute, constructor argument or SQL insert). A taint rule: it reports the data-flow engine's
 * `store` sink hits, with the flow from the source as related locations.
 */
import { createRule } from "../create-rule.js";
import { DATAFLOW_DEFAULTS, DATAFLOW_OPTION_SPECS, reportHits } from "../../dataflow/rule-check.js";
import { isTestPath } from "../helpers/test-code.js";

export default createRule({
  meta: {
    code: "FG652",
    name: "plaintext-password-storage",
    category: "password-hashing",
    severity: "high",
    confidence: "high",
    summary: "A password is stored without hashing (model attribute, constructor argument or SQL insert)",
    cwe: [256],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html",
      "https://cwe.mitre.org/data/definitions/256.html",
    ],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      flow: "A password ({{source}}) is stored as is by {{sink}}: anyone who reads the database (a backup, an SQL injection) gets every password",
    },
    help: "Store `generate_password_hash(password)` instead (ideally in a `User.set_password()` method), and compare with `check_password_hash()`.",
    defaultOptions: DATAFLOW_DEFAULTS,
    optionSpecs: DATAFLOW_OPTION_SPECS,
  },

  check(ctx) {
    reportHits(ctx, "store", (hit) => (isTestPath(hit.file) ? null : { messageId: "flow" }));
  },
});
