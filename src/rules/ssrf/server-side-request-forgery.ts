/**
 * @fileoverview FG806 server-side-request-forgery: The server fetches a URL whose host the client chooses (SSRF). A taint rule: it reports the data-flow engine's
 * `ssrf` sink hits, with the flow from the source as related locations.
 */
import { createRule } from "../create-rule.js";
import { DATAFLOW_DEFAULTS, DATAFLOW_OPTION_SPECS, reportHits } from "../../dataflow/rule-check.js";
import { isTestPath } from "../helpers/test-code.js";

export default createRule({
  meta: {
    code: "FG806",
    name: "server-side-request-forgery",
    category: "ssrf",
    severity: "high",
    confidence: "high",
    summary: "The server fetches a URL whose host the client chooses (SSRF)",
    cwe: [918],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://owasp.org/Top10/A10_2021-Server-Side_Request_Forgery_%28SSRF%29/",
      "https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html",
      "https://cwe.mitre.org/data/definitions/918.html",
    ],
    bandit: ["B310"],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      flow: "Request data ({{source}}) chooses the URL fetched by `{{sink}}`: a client can make the server call internal services or cloud metadata endpoints",
    },
    help: "Fetch only URLs you build from a fixed scheme and host (`f\"https://api.example.com/items/{item_id}\"`), or check the parsed host against an allow-list and refuse private, loopback and link-local addresses before fetching.",
    defaultOptions: DATAFLOW_DEFAULTS,
    optionSpecs: DATAFLOW_OPTION_SPECS,
  },

  check(ctx) {
    reportHits(ctx, "ssrf", (hit) => (isTestPath(hit.file) ? null : { messageId: "flow" }));
  },
});
