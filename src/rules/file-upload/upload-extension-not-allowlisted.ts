/**
 * @fileoverview FG702 upload-extension-not-allowlisted: an uploaded file (`request.files[...]`, a
 * WTForms `FileField`) is saved by a function that checks its extension against a deny-list
 * (`if ext in BLOCKED_EXTENSIONS`, `filename.endswith(".php")`) or does not check it at all. Only an
 * allow-list (`ALLOWED_EXTENSIONS`, an `allowed_file()` helper, WTForms `FileAllowed`) is accepted.
 */
import { eachNode } from "../../dataflow/routes.js";
import type { Expr, Node } from "../../python/ast.js";
import { stringLiteral } from "../../semantic/constants.js";
import { dataflowOf, stepsOf } from "../../dataflow/index.js";
import { createRule } from "../create-rule.js";
import { isTestPath } from "../helpers/test-code.js";
import type { FileView } from "../types.js";

const DENY_NAME = /block|deny|denied|black|forbid|banned|danger|disallow|exclude|reject|bad|unsafe|executable/i;
const ALLOW_CALL = /allowed|allow_|is_?valid|valid_?(file|ext|image|upload|type)|permitted|check_?(ext|file|type|upload|image)|whitelist|allowlist|imghdr|filetype|magic|what|verify_?(file|image|upload)|is_?image|image_?(type|format)|guess_type|splitext_?allowed/i;
const EXTENSION_TEXT = /filename|ext|suffix|mimetype|content_type|name/i;
const DANGEROUS = /^\.?(php\d?|phtml|exe|sh|bat|cmd|js|html?|py|jsp|aspx?|cgi|pl|svg|dll|so|jar|war|htaccess)$/i;

type Verdict = "allow" | "deny" | null;

/** Classifies one membership test or suffix check found in the saving function. */
function classify(text: (n: { start: number; end: number }) => string, n: Node): Verdict {
  if (n.type === "Compare" && n.ops.length === 1 && (n.ops[0] === "In" || n.ops[0] === "NotIn")) {
    const left = text(n.left);
    const right = n.comparators[0]!;
    if (!EXTENSION_TEXT.test(left) && !/\[-?1\]|rsplit|splitext|suffix|lower/.test(left)) return null;
    const rightText = text(right);
    if (DENY_NAME.test(rightText)) return "deny";
    const values = literalStrings(right);
    if (values.length > 0 && values.every((v) => DANGEROUS.test(v))) return "deny";
    return "allow";
  }
  if (n.type === "Call" && n.func.type === "Attribute" && n.func.attr === "endswith") {
    const values = literalStrings(n.args[0]);
    if (values.length > 0 && values.every((v) => DANGEROUS.test(v))) return "deny";
    return values.length > 0 ? "allow" : null;
  }
  if (n.type === "Call") {
    const f = n.func;
    const name = f.type === "Name" ? f.id : f.type === "Attribute" ? f.attr : "";
    if (DENY_NAME.test(name) && /ext|file|type/i.test(name)) return "deny";
    if (ALLOW_CALL.test(name)) return "allow";
  }
  return null;
}

function literalStrings(e: Expr | undefined): string[] {
  if (!e) return [];
  const s = stringLiteral(e);
  if (s) return [s.value];
  if (e.type === "Tuple" || e.type === "List" || e.type === "Set") return e.elts.flatMap((x) => literalStrings(x));
  return [];
}

/** `tmp_path`, `io.BytesIO()`, or `f.name` where `f = tempfile.NamedTemporaryFile(...)`. */
function isTemporaryDestination(file: FileView, dst: Expr): boolean {
  if (/temp|tmp|buffer|bytesio|stringio/i.test(file.text.slice(dst.start, dst.end))) return true;
  let base: Expr = dst;
  while (base.type === "Attribute") base = base.value;
  if (base.type !== "Name") return false;
  const value = file.semantic.resolveValue(base);
  if (!value || value.type !== "Call") return false;
  const q = file.semantic.resolveQualifiedName(value.func) ?? "";
  return /^(tempfile|io)\./.test(q);
}

export default createRule({
  meta: {
    code: "FG702",
    name: "upload-extension-not-allowlisted",
    category: "file-upload",
    severity: "medium",
    confidence: "medium",
    summary: "An uploaded file is saved without an allow-list check of its extension (none, or a deny-list)",
    cwe: [434],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://flask.palletsprojects.com/en/stable/patterns/fileuploads/",
      "https://cheatsheetseries.owasp.org/cheatsheets/File_Upload_Cheat_Sheet.html",
      "https://cwe.mitre.org/data/definitions/434.html",
    ],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      missing: "The uploaded file is saved by `{{function}}()` without checking its extension against an allow-list: clients can store HTML, SVG or scripts that are later served or executed",
      deny: "The uploaded file's extension is checked against a deny-list in `{{function}}()`: deny-lists miss variants (`.pHp`, `.phtml`, `.svg`, `.html`), accept only the extensions you expect instead",
    },
    help: "Accept only expected extensions: `ALLOWED_EXTENSIONS = {\"png\", \"jpg\"}` and `if ext.lower() not in ALLOWED_EXTENSIONS: abort(400)`, or WTForms `FileAllowed([...])`; also check the content (e.g. with Pillow) when it matters.",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    const engine = dataflowOf(ctx.project);
    if (engine.uploads.length === 0) return;
    const fileAllowedInProject = ctx.project.files.some((f) => f.semantic.imports.some((i) => i.member === "FileAllowed"));
    const seen = new Set<Node>();
    for (const up of engine.uploads) {
      if (isTestPath(up.file.path) || seen.has(up.call)) continue;
      // Saved to a temporary file or a buffer (an import to process, not a file to serve).
      const dst = up.call.args[0];
      if (dst && isTemporaryDestination(up.file, dst)) continue;
      seen.add(up.call);
      const origin = up.taint.origin;
      // A `FileStorage`-annotated parameter: the callers (unknown here) are where a check would be.
      if (origin.kind === "source" && origin.label.startsWith("uploaded file parameter")) continue;
      const fromForm = origin.kind === "source" && origin.label.startsWith("form ");
      if (fromForm && fileAllowedInProject) continue;
      // Where a check may live: the saving function, the other methods of its class (a field's
      // `pre_validate`), and every function the upload passed through on its way (the view).
      const places = new Map<Node, FileView>([[up.fn, up.file]]);
      const info = engine.functionInfo(up.fn);
      if (info?.cls) for (const st of info.cls.body) if (st.type === "FunctionDef" || st.type === "AsyncFunctionDef") places.set(st, up.file);
      for (const s of stepsOf(up.taint)) {
        const fn = engine.enclosingFunction(s.file, s.start);
        const file = ctx.project.file(s.file);
        if (fn && file) places.set(fn.node, file);
      }
      let allow = false;
      let deny = false;
      for (const [node, file] of places) {
        const text = (n: { start: number; end: number }): string => file.text.slice(n.start, n.end);
        eachNode(node, (n) => {
          const v = classify(text, n);
          if (v === "allow") allow = true;
          if (v === "deny") deny = true;
        });
      }
      if (allow) continue;
      ctx.report(up.file.path, { messageId: deny ? "deny" : "missing", node: up.call, data: { function: up.fn.name } });
    }
  },
});
