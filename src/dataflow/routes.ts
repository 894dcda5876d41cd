/**
 * @fileoverview Which functions are Flask views and which of their parameters come from the URL rule:
 * `@app.route("/u/<name>")`, `@bp.get("/f/<path:p>")`, `add_url_rule("/x/<id>", view_func=f)` and
 * `MethodView`/`View` subclasses. A `<name>` without converter, or with `string`/`path`/`any` or a
 * custom converter, is client data; `int`, `float` and `uuid` values are not.
 */
import type { AsyncFunctionDef, Call, ClassDef, Expr, FunctionDef, Module, Node, Stmt } from "../python/ast.js";
import { walk } from "../python/walker.js";
import { stringLiteral } from "../semantic/constants.js";
import type { FileView, ProjectView } from "../rules/types.js";

/** A view function's routes and the converter of each URL parameter. */
export interface ViewInfo {
  rules: string[];
  /** URL parameter name → converter (`default` when none is given). */
  params: Map<string, string>;
}

const ROUTE_METHODS = new Set(["route", "get", "post", "put", "patch", "delete"]);
const VIEW_BASES = ["flask.views.MethodView", "flask.views.View", "flask_restful.Resource", "flask_restx.Resource", "flask.MethodView"];
const HTTP_METHODS = new Set(["get", "post", "put", "patch", "delete", "head", "options", "dispatch_request"]);
/** Converters whose values cannot carry text. */
export const SAFE_CONVERTERS = new Set(["int", "float", "uuid"]);

/** `<int:id>` → [["id", "int"]]; `<name>` → [["name", "default"]]. */
export function urlRuleParams(rule: string): [string, string][] {
  const out: [string, string][] = [];
  for (const m of rule.matchAll(/<(?:([A-Za-z_][A-Za-z0-9_]*)(?:\([^)]*\))?:)?([A-Za-z_][A-Za-z0-9_]*)>/g)) {
    out.push([m[2]!, m[1] ?? "default"]);
  }
  return out;
}

type Fn = FunctionDef | AsyncFunctionDef;

/** Finds every view function of the project (keyed by its `def` node). */
export function findViews(project: ProjectView): Map<Node, ViewInfo> {
  const views = new Map<Node, ViewInfo>();
  const add = (fn: Node, rule: string | null): void => {
    let info = views.get(fn);
    if (!info) views.set(fn, (info = { rules: [], params: new Map() }));
    if (rule === null) return;
    info.rules.push(rule);
    for (const [name, conv] of urlRuleParams(rule)) {
      const prev = info.params.get(name);
      // The weakest converter wins when several rules name the same parameter.
      if (prev === undefined || SAFE_CONVERTERS.has(prev)) info.params.set(name, conv);
    }
  };
  for (const file of project.files) {
    // A base resolving to one of VIEW_BASES names its last part somewhere in the file (import or attribute).
    const mayHaveViewClass = file.text.includes("View") || file.text.includes("Resource");
    forEachStatement(file.module, (node) => {
      if (node.type === "FunctionDef" || node.type === "AsyncFunctionDef") {
        for (const dec of node.decorator_list) {
          const rule = routeDecoratorRule(dec);
          if (rule !== undefined) add(node, rule);
        }
      } else if (node.type === "ClassDef" && mayHaveViewClass && node.bases.length > 0 && isViewClass(file, node)) {
        for (const stmt of node.body) {
          if ((stmt.type === "FunctionDef" || stmt.type === "AsyncFunctionDef") && HTTP_METHODS.has(stmt.name)) add(stmt, null);
        }
      } else if (node.type === "Expr" && node.value.type === "Call") {
        addUrlRule(file, node.value, add);
      }
    });
  }
  return views;
}

/** The URL rule of a route decorator (`@bp.route("/x")` → "/x"), null for a route without a literal rule, undefined otherwise. */
function routeDecoratorRule(dec: Expr): string | null | undefined {
  if (dec.type !== "Call" || dec.func.type !== "Attribute" || !ROUTE_METHODS.has(dec.func.attr)) return undefined;
  const ruleExpr = dec.args[0] ?? dec.keywords.find((k) => k.arg === "rule")?.value;
  const rule = stringLiteral(ruleExpr);
  if (rule) return rule.value.startsWith("/") || rule.value === "" ? rule.value : undefined;
  // `get`/`post`... are also dict/requests methods: require a literal rule for those.
  return dec.func.attr === "route" && ruleExpr ? null : undefined;
}

function isViewClass(file: FileView, cls: ClassDef): boolean {
  return cls.bases.some((b) => {
    const q = file.semantic.resolveQualifiedName(b);
    return q !== null && VIEW_BASES.includes(q);
  });
}

function addUrlRule(file: FileView, call: Call, add: (fn: Node, rule: string | null) => void): void {
  if (call.func.type !== "Attribute" || call.func.attr !== "add_url_rule") return;
  const rule = stringLiteral(call.args[0] ?? call.keywords.find((k) => k.arg === "rule")?.value);
  const viewFunc = call.args[2] ?? call.keywords.find((k) => k.arg === "view_func")?.value;
  if (!viewFunc || viewFunc.type !== "Name") return;
  const binding = file.semantic.lookupName(viewFunc);
  if (binding?.kind === "function") add(binding.node as Fn, rule?.value ?? null);
}

/**
 * Calls `fn` for every statement of a module, nested ones included (function and class bodies, `if`,
 * loops, `with`, `try`, `match`), with the class whose body directly holds the statement. Statements
 * only: much cheaper than a full node walk, and functions and classes are always statements.
 */
export function forEachStatement(module: Module, fn: (stmt: Stmt, cls: ClassDef | null) => void): void {
  const stack: { body: readonly Stmt[]; cls: ClassDef | null }[] = [{ body: module.body, cls: null }];
  while (stack.length > 0) {
    const { body, cls } = stack.pop()!;
    for (let i = body.length - 1; i >= 0; i--) {
      const s = body[i]!;
      fn(s, cls);
      switch (s.type) {
        case "FunctionDef":
        case "AsyncFunctionDef":
          stack.push({ body: s.body, cls: null });
          break;
        case "ClassDef":
          stack.push({ body: s.body, cls: s });
          break;
        case "If":
        case "For":
        case "AsyncFor":
        case "While":
          stack.push({ body: s.orelse, cls }, { body: s.body, cls });
          break;
        case "With":
        case "AsyncWith":
          stack.push({ body: s.body, cls });
          break;
        case "Try":
        case "TryStar":
          stack.push({ body: s.finalbody, cls }, { body: s.orelse, cls });
          for (const h of s.handlers) stack.push({ body: h.body, cls });
          stack.push({ body: s.body, cls });
          break;
        case "Match":
          for (const c of s.cases) stack.push({ body: c.body, cls });
          break;
        default:
          break;
      }
    }
  }
}

/**
 * Calls `fn` for `root` and every descendant in source order (return `false` to skip a subtree), like
 * `forEachNode` but on the iterative walker: safe for expressions nested thousands deep.
 */
export function eachNode(root: Node, fn: (node: Node) => boolean | void): void {
  walk(root, { enter: (n) => (fn(n) === false ? false : undefined) });
}
