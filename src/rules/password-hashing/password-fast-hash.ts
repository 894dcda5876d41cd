/**
 * @fileoverview FG650 password-fast-hash: A password is hashed with a fast digest (MD5, SHA-1, SHA-256, ...) instead of a password hash. A taint rule: it reports the data-flow engine's
 * `hash` sink hits, with the flow from the source as related locations.
 */
import { createRule } from "../create-rule.js";
import { DATAFLOW_DEFAULTS, DATAFLOW_OPTION_SPECS, reportHits } from "../../dataflow/rule-check.js";
import { isTestPath } from "../helpers/test-code.js";

export default createRule({
  meta: {
    code: "FG650",
    name: "password-fast-hash",
    category: "password-hashing",
    severity: "high",
    confidence: "high",
    summary: "A password is hashed with a fast digest (MD5, SHA-1, SHA-256, ...) instead of a password hash",
    cwe: [916, 328],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html",
      "https://werkzeug.palletsprojects.com/en/stable/utils/#werkzeug.security.generate_password_hash",
      "https://cwe.mitre.org/data/definitions/916.html",
    ],
    bandit: ["B303", "B324"],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      flow: "A password ({{source}}) is hashed with the fast digest `{{sink}}`: stolen hashes are cracked at billions of guesses per second",
    },
    help: "Hash passwords with `werkzeug.security.generate_password_hash(password)` (scrypt) and verify with `check_password_hash(stored, password)`; argon2 (`argon2-cffi`) and bcrypt are fine too.",
    defaultOptions: DATAFLOW_DEFAULTS,
    optionSpecs: DATAFLOW_OPTION_SPECS,
  },

  check(ctx) {
    reportHits(ctx, "hash", (hit) => (isTestPath(hit.file) ? null : { messageId: "flow" }));
  },
});
