/**
 * @fileoverview FG701 unsanitized-upload-filename: An uploaded file's client-chosen name reaches a file path without `secure_filename()`. A taint rule: it reports the data-flow engine's
 * `path` sink hits that pass its filter, with the flow from the source as related locations.
 */
import { createRule } from "../create-rule.js";
import { DATAFLOW_DEFAULTS, DATAFLOW_OPTION_SPECS, reportHits } from "../../dataflow/rule-check.js";
import { isRawClientFilename } from "../../dataflow/index.js";
import { isTestPath } from "../helpers/test-code.js";

export default createRule({
  meta: {
    code: "FG701",
    name: "unsanitized-upload-filename",
    category: "file-upload",
    severity: "high",
    confidence: "high",
    summary: "An uploaded file's client-chosen name reaches a file path without `secure_filename()`",
    cwe: [22, 434],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://flask.palletsprojects.com/en/stable/patterns/fileuploads/",
      "https://werkzeug.palletsprojects.com/en/stable/utils/#werkzeug.utils.secure_filename",
      "https://cwe.mitre.org/data/definitions/434.html",
    ],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      flow: "The client's file name ({{source}}) reaches the path used by `{{sink}}` without `secure_filename()`: a name like `../../app/__init__.py` writes outside the upload folder",
    },
    help: "Pass the name through `werkzeug.utils.secure_filename()` before it touches a path; better, store the file under a generated name (`uuid.uuid4().hex` plus an allowed extension) and keep the client name only as data.",
    defaultOptions: DATAFLOW_DEFAULTS,
    optionSpecs: DATAFLOW_OPTION_SPECS,
  },

  check(ctx) {
    reportHits(ctx, "path", (hit) => (isTestPath(hit.file) || !(isRawClientFilename(hit)) ? null : { messageId: "flow" }));
  },
});
