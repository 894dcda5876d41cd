/**
 * @fileoverview FG703 upload-size-unlimited: the app accepts uploads (an uploaded `FileStorage` is
 * saved somewhere) but `MAX_CONTENT_LENGTH` is never set, so a client can send request bodies of any
 * size. Reported once per project, on the first upload.
 */
import { stringLiteral } from "../../semantic/constants.js";
import { forEachNode } from "../../semantic/walk.js";
import { dataflowOf } from "../../dataflow/index.js";
import { createRule } from "../create-rule.js";
import { isTestPath } from "../helpers/test-code.js";
import type { FileView } from "../types.js";

/** Whether a file sets `MAX_CONTENT_LENGTH` in any form (config key, class attribute, keyword, `max_content_length`). */
function setsMaxContentLength(file: FileView): boolean {
  if (!file.text.includes("MAX_CONTENT_LENGTH") && !file.text.includes("max_content_length")) return false;
  let found = false;
  forEachNode(file.module, (n) => {
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
    status: "preview",
    references: [
      "https://flask.palletsprojects.com/en/stable/config/#MAX_CONTENT_LENGTH",
      "https://flask.palletsprojects.com/en/stable/patterns/fileuploads/#improving-uploads",
      "https://cwe.mitre.org/data/definitions/770.html",
    ],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      unlimited: "The app saves uploaded files here but never sets `MAX_CONTENT_LENGTH`: a client can send bodies of any size and fill the disk or memory",
    },
    help: "Set a limit in the production configuration, e.g. `MAX_CONTENT_LENGTH = 16 * 1024 * 1024`; Flask then answers larger requests with 413.",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    const engine = dataflowOf(ctx.project);
    const uploads = engine.uploads.filter((u) => !isTestPath(u.file.path));
    if (uploads.length === 0) return;
    if (ctx.project.files.some((f) => setsMaxContentLength(f))) return;
    const first = uploads[0]!;
    ctx.report(first.file.path, { messageId: "unlimited", node: first.call });
  },
});
