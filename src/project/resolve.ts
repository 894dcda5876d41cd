/**
 * @fileoverview Value origins across files: which construction sites an expression can hold
 * (`app` → the `Flask(__name__)` call in `app/__init__.py`, `create_app()` → the app the factory
 * returns, `csrf` imported from `extensions.py` → its `CSRFProtect()` call), following assignments,
 * imports, module attributes, returns of project functions and arguments bound to parameters at
 * project call sites. The Flask model classifies origins into apps, blueprints and extensions.
 */
import type { Call, Expr, FunctionDef, AsyncFunctionDef, Node, Stmt } from "../python/ast.js";
import type { Binding } from "../semantic/scopes.js";
import { SKIP, walk } from "../python/walker.js";
import type { FileView } from "../rules/types.js";
import type { ModuleGraph } from "./modules.js";

/** An expression that produces a value (a construction call, a class, a function...) and its file. */
export interface OriginSite {
  file: FileView;
  node: Node;
}

/** `flask.current_app` and friends resolve to this marker: "whichever app is running". */
export const CURRENT_APP_NAMES: readonly string[] = ["flask.current_app", "flask.globals.current_app"];

const MAX_DEPTH = 10;

/** Origin resolution with parameter bindings learned from project call sites. */
export class OriginResolver {
  /** Parameter binding → origins of the arguments passed to it. */
  readonly parameterOrigins = new Map<Binding, OriginSite[]>();
  /** Parameter binding → the call sites that bound it (for ordering config writes in helpers). */
  readonly parameterSites = new Map<Binding, { file: FileView; call: Call }[]>();
  private readonly memo = new Map<Node, OriginSite[]>();
  private readonly inProgress = new Set<Node>();
  private readonly returnsMemo = new Map<Node, Expr[]>();

  /**
   * @param interesting which origins are worth binding to parameters (apps, blueprints, extensions);
   *   everything else is dropped at call sites to keep the propagation small.
   */
  constructor(
    readonly graph: ModuleGraph,
    private readonly interesting: (o: OriginSite) => boolean = () => true,
  ) {}

  /** Clears memoised answers (after parameter bindings changed). */
  reset(): void {
    this.memo.clear();
  }

  /**
   * The origins of `expr` in `file`: given `from app.extensions import csrf` then `csrf`, the
   * `CSRFProtect()` call in `app/extensions.py`; given `app = create_app()`, the `Flask(...)` call
   * inside `create_app`. Expressions that are not names, attributes or calls of project functions
   * are their own origin. `current_app` yields no origin (see {@link isCurrentApp}).
   */
  originsOf(file: FileView, expr: Expr, depth = 0): OriginSite[] {
    if (depth > MAX_DEPTH) return [];
    const cached = this.memo.get(expr);
    if (cached) return cached;
    if (this.inProgress.has(expr)) return [];
    this.inProgress.add(expr);
    let result: OriginSite[];
    try {
      result = this.compute(file, expr, depth);
    } finally {
      this.inProgress.delete(expr);
    }
    this.memo.set(expr, result);
    return result;
  }

  /** Whether `expr` is `current_app` (any import style) or `current_app._get_current_object()`. */
  isCurrentApp(file: FileView, expr: Expr): boolean {
    if (expr.type === "Call" && expr.func.type === "Attribute" && expr.func.attr === "_get_current_object") {
      return this.isCurrentApp(file, expr.func.value);
    }
    return file.semantic.matchesQualifiedName(expr, CURRENT_APP_NAMES);
  }

  private compute(file: FileView, expr: Expr, depth: number): OriginSite[] {
    switch (expr.type) {
      case "Name": {
        const binding = file.semantic.lookupName(expr);
        if (!binding) return [];
        return this.originsOfBinding(file, binding, depth);
      }
      case "Attribute": {
        if (this.isCurrentApp(file, expr)) return [];
        const q = file.semantic.resolveQualifiedName(expr);
        const def = q !== null ? this.graph.resolveQualifiedName(q, file) : this.graph.resolveExpr(file, expr);
        if (def) {
          if (def.kind === "variable") return this.originsOf(def.file, def.node as Expr, depth + 1);
          if (def.kind === "class" || def.kind === "function" || def.kind === "module") return [{ file: def.file, node: def.node }];
        }
        return [{ file, node: expr }];
      }
      case "Call": {
        const callees = this.originsOf(file, expr.func, depth + 1);
        const fns = callees.filter((o) => o.node.type === "FunctionDef" || o.node.type === "AsyncFunctionDef");
        if (fns.length === 0) return [{ file, node: expr }];
        const out: OriginSite[] = [];
        for (const fn of fns) {
          for (const ret of this.returnValues(fn.node as FunctionDef)) {
            for (const o of this.originsOf(fn.file, ret, depth + 1)) pushUnique(out, o);
          }
        }
        return out;
      }
      case "NamedExpr":
        return this.originsOf(file, expr.value, depth + 1);
      case "BoolOp": {
        const out: OriginSite[] = [];
        for (const v of expr.values) for (const o of this.originsOf(file, v, depth + 1)) pushUnique(out, o);
        return out;
      }
      case "IfExp": {
        const out: OriginSite[] = [];
        for (const v of [expr.body, expr.orelse]) for (const o of this.originsOf(file, v, depth + 1)) pushUnique(out, o);
        return out;
      }
      default:
        return [{ file, node: expr }];
    }
  }

  /** Origins of what a binding holds. */
  originsOfBinding(file: FileView, binding: Binding, depth: number): OriginSite[] {
    switch (binding.kind) {
      case "assignment": {
        if (binding.value) return this.originsOf(file, binding.value, depth + 1);
        // `with app.app_context()` etc. bind nothing we follow.
        return [];
      }
      case "import":
      case "from-import": {
        if (!binding.qualifiedName) return [];
        const def = this.graph.resolveQualifiedName(binding.qualifiedName, file);
        if (!def) return [{ file, node: binding.node }];
        if (def.kind === "variable") return this.originsOf(def.file, def.node as Expr, depth + 1);
        if (def.kind === "parameter" && def.binding) return this.originsOfBinding(def.file, def.binding, depth + 1);
        return [{ file: def.file, node: def.node }];
      }
      case "parameter":
        return this.parameterOrigins.get(binding) ?? [];
      case "function":
      case "class":
        return [{ file, node: binding.node }];
      default:
        return [];
    }
  }

  /** The values a function returns (`return x` statements outside nested defs). */
  returnValues(fn: FunctionDef | AsyncFunctionDef): Expr[] {
    const cached = this.returnsMemo.get(fn);
    if (cached) return cached;
    const out: Expr[] = [];
    // `return` is a statement: only statement bodies need visiting, not expressions.
    const visit = (stmts: readonly Stmt[]): void => {
      for (const s of stmts) {
        switch (s.type) {
          case "Return":
            if (s.value) out.push(s.value);
            break;
          case "If":
          case "For":
          case "AsyncFor":
          case "While":
            visit(s.body);
            visit(s.orelse);
            break;
          case "With":
          case "AsyncWith":
            visit(s.body);
            break;
          case "Try":
          case "TryStar":
            visit(s.body);
            for (const h of s.handlers) visit(h.body);
            visit(s.orelse);
            visit(s.finalbody);
            break;
          case "Match":
            for (const c of s.cases) visit(c.body);
            break;
          default:
            break;
        }
      }
    };
    visit(fn.body);
    this.returnsMemo.set(fn, out);
    return out;
  }

  /**
   * Binds the arguments of every call of a project function to its parameters (positional and
   * keyword), so `register_extensions(app)` makes `app` inside `register_extensions` hold the app.
   * Returns whether anything new was learned.
   */
  bindCallArguments(file: FileView, call: Call): boolean {
    const callees = this.originsOf(file, call.func);
    let changed = false;
    for (const callee of callees) {
      const fn = callee.node;
      if (fn.type !== "FunctionDef" && fn.type !== "AsyncFunctionDef") continue;
      const scope = callee.file.semantic.scopeOpenedBy(fn);
      if (!scope) continue;
      const params = [...fn.args.posonlyargs, ...fn.args.args];
      // A method called through an instance skips `self`; we only follow plain functions.
      const paramBinding = (name: string): Binding | null =>
        (scope.bindings.get(name) ?? []).find((b) => b.kind === "parameter") ?? null;
      const pairs: [Binding, Expr][] = [];
      call.args.forEach((arg, i) => {
        if (arg.type === "Starred") return;
        const p = params[i];
        const b = p ? paramBinding(p.arg) : null;
        if (b) pairs.push([b, arg]);
      });
      for (const kw of call.keywords) {
        if (kw.arg === null) continue;
        const b = paramBinding(kw.arg);
        if (b) pairs.push([b, kw.value]);
      }
      for (const [b, arg] of pairs) {
        const origins = this.originsOf(file, arg);
        const currentApp = this.isCurrentApp(file, arg);
        let list = this.parameterOrigins.get(b);
        if (!list) this.parameterOrigins.set(b, (list = []));
        for (const o of origins) {
          if (this.interesting(o) && pushUnique(list, o)) changed = true;
        }
        if (origins.length > 0 || currentApp) {
          let sites = this.parameterSites.get(b);
          if (!sites) this.parameterSites.set(b, (sites = []));
          if (!sites.some((s) => s.call === call)) sites.push({ file, call });
        }
      }
    }
    return changed;
  }
}

function pushUnique(list: OriginSite[], o: OriginSite): boolean {
  if (list.some((x) => x.node === o.node)) return false;
  list.push(o);
  return true;
}
