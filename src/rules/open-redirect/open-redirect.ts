/**
 * @fileoverview FG951 open-redirect: A redirect target comes from the request without a host check. A taint rule: it reports the data-flow engine's
 * `redirect` sink hits, with the flow from the source as related locations.
 */
import { createRule } from "../create-rule.js";
import { DATAFLOW_DEFAULTS, DATAFLOW_OPTION_SPECS, reportHits } from "../../dataflow/rule-check.js";
import { isTestPath } from "../helpers/test-code.js";

export default createRule({
  meta: {
    code: "FG951",
    name: "open-redirect",
    category: "open-redirect",
    severity: "medium",
    confidence: "high",
    summary: "A redirect target comes from the request without a host check",
    cwe: [601],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://cheatsheetseries.owasp.org/cheatsheets/Unvalidated_Redirects_and_Forwards_Cheat_Sheet.html",
      "https://cwe.mitre.org/data/definitions/601.html",
    ],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      flow: "Request data ({{source}}) chooses the target of `{{sink}}` without a host check: a link to this site can send users to a phishing page",
    },
    help: "Redirect only to relative paths on this site: check the target with a helper such as `url_has_allowed_host_and_scheme()` / `is_safe_url()` (reject a scheme or host other than yours, and `//` prefixes), or redirect to `url_for(...)` of a known endpoint.",
    defaultOptions: DATAFLOW_DEFAULTS,
    optionSpecs: DATAFLOW_OPTION_SPECS,
  },

  check(ctx) {
    reportHits(ctx, "redirect", (hit) => (isTestPath(hit.file) ? null : { messageId: "flow" }));
  },
});
