/**
 * @fileoverview FG704 upload-name-from-client: An upload is stored under a name derived from the client's file name (even after `secure_filename`). A taint rule: it reports the data-flow engine's
 * `path` sink hits that pass its filter, with the flow from the source as related locations.
 */
import { createRule } from "../create-rule.js";
import { DATAFLOW_DEFAULTS, DATAFLOW_OPTION_SPECS, reportHits } from "../../dataflow/rule-check.js";
import { Flag, isRawClientFilename } from "../../dataflow/index.js";
import { isTestPath } from "../helpers/test-code.js";

export default createRule({
  meta: {
    code: "FG704",
    name: "upload-name-from-client",
    category: "file-upload",
    severity: "low",
    confidence: "high",
    summary: "An upload is stored under a name derived from the client's file name (even after `secure_filename`)",
    cwe: [73],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://cheatsheetseries.owasp.org/cheatsheets/File_Upload_Cheat_Sheet.html",
      "https://cwe.mitre.org/data/definitions/73.html",
    ],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      flow: "The upload is stored under a name derived from the client's file name ({{source}}) by `{{sink}}`: uploads with the same name overwrite each other and stored names can be guessed",
    },
    help: "Store the file under a server-generated name (`f\"{uuid.uuid4().hex}.{ext}\"` with an allow-listed extension, or a hash of the content) and keep the sanitized client name in the database for display.",
    defaultOptions: DATAFLOW_DEFAULTS,
    optionSpecs: DATAFLOW_OPTION_SPECS,
  },

  check(ctx) {
    reportHits(ctx, "path", (hit) => (isTestPath(hit.file) || !(!isRawClientFilename(hit) && (hit.taint.flags & Flag.FILENAME) !== 0 && hit.write === true) ? null : { messageId: "flow" }));
  },
});
