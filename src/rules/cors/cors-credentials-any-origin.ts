/**
 * @fileoverview FG550 cors-credentials-any-origin: cross-origin requests with credentials allowed for
 * any origin — Flask-CORS `CORS(app, supports_credentials=True)` with `origins="*"` (the default) or in
 * `resources`, `@cross_origin(supports_credentials=True)`, or hand-written
 * `Access-Control-Allow-Origin: *` / the reflected `Origin` header together with
 * `Access-Control-Allow-Credentials: true`.
 */
import { eachNode } from "../../dataflow/routes.js";
import type { Call, Expr, Node } from "../../python/ast.js";
import { isTrueLiteral, stringLiteral } from "../../semantic/constants.js";
import { createRule } from "../create-rule.js";
import { isTestPath } from "../helpers/test-code.js";

const CORS_CALLS = ["flask_cors.CORS", "flask_cors.cross_origin", "flask_cors.extension.CORS", "flask_cors.decorator.cross_origin"];

/** Whether an `origins` value allows every origin (`"*"`, `[".*"]`, `r".*"`). */
function anyOrigin(e: Expr | undefined): boolean {
  if (!e) return true; // Flask-CORS defaults to "*"
  const s = stringLiteral(e)?.value;
  if (s !== undefined) return s === "*" || s === ".*" || s === "^.*$";
  if (e.type === "List" || e.type === "Tuple" || e.type === "Set") return e.elts.some((x) => anyOrigin(x) && stringLiteral(x) !== null);
  return false;
}

function kw(call: Call, name: string): Expr | undefined {
  return call.keywords.find((k) => k.arg === name)?.value;
}

/** The header name and value written by `resp.headers["X"] = v` / `headers.add("X", v)` / `headers.set(...)`. */
function headerWrite(n: Node): { name: string; value: Expr; node: Node } | null {
  if (n.type === "Assign" && n.targets.length === 1) {
    const t = n.targets[0]!;
    if (t.type === "Subscript" && t.value.type === "Attribute" && t.value.attr === "headers") {
      const name = stringLiteral(t.slice)?.value;
      if (name) return { name: name.toLowerCase(), value: n.value, node: n };
    }
  }
  if (n.type === "Call" && n.func.type === "Attribute" && ["add", "set", "setdefault", "add_header"].includes(n.func.attr)) {
    const base = n.func.value;
    if (base.type === "Attribute" && base.attr === "headers") {
      const name = stringLiteral(n.args[0])?.value;
      if (name && n.args[1]) return { name: name.toLowerCase(), value: n.args[1], node: n };
    }
  }
  return null;
}

export default createRule({
  meta: {
    code: "FG550",
    name: "cors-credentials-any-origin",
    category: "cors",
    severity: "high",
    confidence: "high",
    summary: "CORS allows credentialed requests from any origin (wildcard or reflected origin with credentials)",
    cwe: [942, 346],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    references: [
      "https://flask-cors.readthedocs.io/en/latest/api.html",
      "https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS#requests_with_credentials",
      "https://cwe.mitre.org/data/definitions/942.html",
    ],
    requires: { modules: ["flask"], scope: "file" },
    messages: {
      extension: "`{{call}}` allows credentialed requests from any origin: Flask-CORS then echoes the caller's origin, so any website can make requests with the user's cookies and read the responses",
      header: "`Access-Control-Allow-Origin` is {{value}} while `Access-Control-Allow-Credentials` is `true`: any website can make requests with the user's cookies{{reads}}",
    },
    help: "List the exact origins that may call the API (`CORS(app, origins=[\"https://app.example.com\"], supports_credentials=True)`), or drop `supports_credentials` for public endpoints.",
    defaultOptions: {},
    optionSpecs: {},
  },

  create(ctx) {
    if (isTestPath(ctx.file.path)) return {};
    const model = ctx.semantic;
    return {
      Call(node) {
        const q = model.resolveQualifiedName(node.func);
        if (!q || !CORS_CALLS.includes(q)) return;
        const creds = isTrueLiteral(kw(node, "supports_credentials"));
        const resources = kw(node, "resources");
        const name = q.split(".").pop()!;
        if (resources && resources.type === "Dict") {
          for (const v of resources.values) {
            if (v.type !== "Dict") continue;
            const get = (k: string): Expr | undefined => v.values[v.keys.findIndex((x) => stringLiteral(x)?.value === k)];
            const rCreds = get("supports_credentials");
            if ((creds || isTrueLiteral(rCreds)) && anyOrigin(get("origins") ?? kw(node, "origins"))) {
              ctx.report({ messageId: "extension", node: v, data: { call: `${name}(resources=...)` } });
              return;
            }
          }
          return;
        }
        if (creds && anyOrigin(kw(node, "origins"))) ctx.report({ messageId: "extension", node, data: { call: `${name}(...)` } });
      },
      FunctionDef(node) {
        const writes: { name: string; value: Expr; node: Node }[] = [];
        eachNode(node, (n) => {
          if (n !== node && (n.type === "FunctionDef" || n.type === "AsyncFunctionDef")) return false;
          const w = headerWrite(n);
          if (w) writes.push(w);
          return undefined;
        });
        const creds = writes.some((w) => w.name === "access-control-allow-credentials" && /^true$/i.test(stringLiteral(w.value)?.value ?? (isTrueLiteral(w.value) ? "true" : "")));
        if (!creds) return;
        for (const w of writes) {
          if (w.name !== "access-control-allow-origin") continue;
          const lit = stringLiteral(w.value)?.value;
          const text = ctx.sourceText(w.value);
          const reflected = lit === undefined && /origin/i.test(text) && /request|headers/.test(text);
          if (lit === "*" || reflected) {
            ctx.report({
              messageId: "header",
              node: w.node as unknown as { start: number; end: number },
              data: { value: reflected ? "the request's own `Origin`" : "`*`", reads: reflected ? " and read the responses" : " (browsers refuse `*` with credentials, so the intent is unclear: list the origins)" },
            });
          }
        }
      },
    };
  },
});
