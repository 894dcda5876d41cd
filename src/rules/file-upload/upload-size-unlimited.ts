/**
 * @fileoverview FG703 upload-size-unlimited: the app accepts uploads (an uploaded `FileStorage` is
 * saved somewhere, also through helpers) but `MAX_CONTENT_LENGTH` is not set: nowhere in the code, and
 * the project model's effective production configuration leaves it at Flask's default (None), so a
 * client can send request bodies of any size. Reported once per project, on the first upload.
 */
import { eachNode } from "../../dataflow/routes.js";
import { stringLiteral } from "../../semantic/constants.js";
import { dataflowOf } from "../../dataflow/index.js";
import { createRule } from "../create-rule.js";
import { isTestPath } from "../helpers/test-code.js";
import type { FileView } from "../types.js";

/** Whether a file sets `MAX_CONTENT_LENGTH` in any form (config key, class attribute, keyword, `max_content_length`). */
function setsMaxContentLength(file: FileView): boolean {
  if (!file.text.includes("MAX_CONTENT_LENGTH") && !file.text.includes("max_content_length")) return false;
  let found = false;
  eachNode(file.module, (n) => {
    if (found) return false;
    if (n.type === "Assign" || n.type === "AnnAssign") {
      const targets = n.type === "Assign" ? n.targets : [n.target];
      for (const t of targets) {
        if (t.type === "Name" && t.id === "MAX_CONTENT_LENGTH") found = true;
        if (t.type === "Subscript" && stringLiteral(t.slice)?.value === "MAX_CONTENT_LENGTH") found = true;
        if (t.type === "Attribute" && t.attr === "max_content_length") found = true;
      }
    } else if (n.type === "keyword" && n.arg === "MAX_CONTENT_LENGTH") {
      found = true;
    } else if (n.type === "Call" && stringLiteral(n.args[0])?.value === "MAX_CONTENT_LENGTH" && n.func.type === "Attribute" && n.func.attr === "setdefault") {
      found = true;
    } else if (n.type === "Dict" && n.keys.some((k) => stringLiteral(k)?.value === "MAX_CONTENT_LENGTH")) {
      found = true;
    }
    return undefined;
  });
  return found;
}

export default createRule({
  meta: {
    code: "FG703",
    name: "upload-size-unlimited",
    category: "file-upload",
    severity: "medium",
    confidence: "medium",
    summary: "The app accepts file uploads but never sets `MAX_CONTENT_LENGTH`",
    cwe: [400, 770],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://flask.palletsprojects.com/en/stable/config/#MAX_CONTENT_LENGTH",
      "https://flask.palletsprojects.com/en/stable/patterns/fileuploads/#improving-uploads",
      "https://cwe.mitre.org/data/definitions/770.html",
    ],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      unlimited: "The app saves uploaded files here but `MAX_CONTENT_LENGTH` is not set{{where}}: a client can send bodies of any size and fill the disk or memory",
    },
    help: "Set a limit in the production configuration, e.g. `MAX_CONTENT_LENGTH = 16 * 1024 * 1024`; Flask then answers larger requests with 413.",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    const engine = dataflowOf(ctx.project);
    const uploads = engine.uploads.filter((u) => !isTestPath(u.file.path));
    if (uploads.length === 0) return;
    // Ask the project model which production configuration leaves it unset (for the message); when
    // the model finds a production configuration where the key is set or unknown, say nothing.
    const model = ctx.project.flask;
    const configs = model.productionConfigurations();
    let where = "";
    if (configs.length > 0) {
      const unset = configs.filter((c) => {
        const v = c.get("MAX_CONTENT_LENGTH");
        return v.status === "default" || (v.status === "set" && v.value?.kind === "none");
      });
      if (unset.length === 0) return;
      const c = unset[0]!;
      // `app.max_content_length = ...` is not a config write: the model does not see it.
      if (ctx.project.files.some((f) => f.text.includes("max_content_length") && setsMaxContentLength(f))) return;
      where = ` in the production configuration \`${c.label}\`${c.environment === "unknown" ? " (role unknown, treated as production)" : ""}`;
    }
    // Without configurations in the model (a bare script), any write anywhere counts.
    else if (ctx.project.files.some((f) => setsMaxContentLength(f))) return;
    const first = uploads[0]!;
    ctx.report(first.file.path, { messageId: "unlimited", node: first.call, data: { where } });
  },
});
