/**
 * @fileoverview FG805 unsafe-deserialization: Request data is deserialized with pickle, marshal, jsonpickle or an unsafe YAML loader. A taint rule: it reports the data-flow engine's
 * `deserialization` sink hits, with the flow from the source as related locations.
 */
import { createRule } from "../create-rule.js";
import { DATAFLOW_DEFAULTS, DATAFLOW_OPTION_SPECS, reportHits } from "../../dataflow/rule-check.js";
import { isTestPath } from "../helpers/test-code.js";

export default createRule({
  meta: {
    code: "FG805",
    name: "unsafe-deserialization",
    category: "deserialization",
    severity: "critical",
    confidence: "high",
    summary: "Request data is deserialized with pickle, marshal, jsonpickle or an unsafe YAML loader",
    cwe: [502],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://docs.python.org/3/library/pickle.html#module-pickle",
      "https://cheatsheetseries.owasp.org/cheatsheets/Deserialization_Cheat_Sheet.html",
      "https://cwe.mitre.org/data/definitions/502.html",
    ],
    bandit: ["B301", "B506"],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      flow: "Request data ({{source}}) is deserialized by `{{sink}}`: crafted input runs code on the server",
    },
    help: "Exchange data as JSON (`json.loads`) or load YAML with `yaml.safe_load`; if you must round-trip objects through the client, sign them (`itsdangerous`) and still avoid pickle.",
    defaultOptions: DATAFLOW_DEFAULTS,
    optionSpecs: DATAFLOW_OPTION_SPECS,
  },

  check(ctx) {
    reportHits(ctx, "deserialization", (hit) => (isTestPath(hit.file) ? null : { messageId: "flow" }));
  },
});
