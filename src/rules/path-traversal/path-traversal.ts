/**
 * @fileoverview FG705 path-traversal: Request data chooses a file system path (`open`, `send_file`, `os.remove`, ...). A taint rule: it reports the data-flow engine's
 * `path` sink hits that pass its filter, with the flow from the source as related locations.
 */
import { createRule } from "../create-rule.js";
import { DATAFLOW_DEFAULTS, DATAFLOW_OPTION_SPECS, reportHits } from "../../dataflow/rule-check.js";
import { Flag } from "../../dataflow/index.js";
import { isTestPath } from "../helpers/test-code.js";

export default createRule({
  meta: {
    code: "FG705",
    name: "path-traversal",
    category: "path-traversal",
    severity: "high",
    confidence: "high",
    summary: "Request data chooses a file system path (`open`, `send_file`, `os.remove`, ...)",
    cwe: [22],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://owasp.org/www-community/attacks/Path_Traversal",
      "https://flask.palletsprojects.com/en/stable/api/#flask.send_from_directory",
      "https://cwe.mitre.org/data/definitions/22.html",
    ],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      flow: "Request data ({{source}}) chooses the path used by `{{sink}}`: `../` lets a client read or change any file the server can access",
    },
    help: "Serve files with `send_from_directory(directory, name)` (which refuses paths outside the directory), pass names through `werkzeug.utils.secure_filename()`, or check `os.path.realpath(path).startswith(base)` before using the path.",
    defaultOptions: DATAFLOW_DEFAULTS,
    optionSpecs: DATAFLOW_OPTION_SPECS,
  },

  check(ctx) {
    reportHits(ctx, "path", (hit) => (isTestPath(hit.file) || !(!(hit.taint.flags & Flag.FILENAME)) ? null : { messageId: "flow" }));
  },
});
