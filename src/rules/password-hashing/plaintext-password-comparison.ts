/**
 * @fileoverview FG653 plaintext-password-comparison: A password is compared with `==` against a stored password or configuration value. A taint rule: it reports the data-flow engine's
 * `compare` sink hits, with the flow from the source as related locations.
 */
import { createRule } from "../create-rule.js";
import { DATAFLOW_DEFAULTS, DATAFLOW_OPTION_SPECS, reportHits } from "../../dataflow/rule-check.js";
import { isTestPath } from "../helpers/test-code.js";

export default createRule({
  meta: {
    code: "FG653",
    name: "plaintext-password-comparison",
    category: "password-hashing",
    severity: "high",
    confidence: "high",
    summary: "A password is compared with `==` against a stored password or configuration value",
    cwe: [256, 208],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html",
      "https://docs.python.org/3/library/hmac.html#hmac.compare_digest",
      "https://cwe.mitre.org/data/definitions/208.html",
    ],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      flow: "A password ({{source}}) is compared with `==` against a stored password: the stored value is plaintext, and `==` leaks timing",
    },
    help: "Store a hash and verify with `check_password_hash(stored_hash, password)`; for a shared secret, compare with `hmac.compare_digest()`.",
    defaultOptions: DATAFLOW_DEFAULTS,
    optionSpecs: DATAFLOW_OPTION_SPECS,
  },

  check(ctx) {
    reportHits(ctx, "compare", (hit) => (isTestPath(hit.file) ? null : { messageId: "flow" }));
  },
});
