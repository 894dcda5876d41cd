/**
 * @fileoverview Single-file Flask app recognition for rules: whether an expression is a
 * `flask.Flask(...)` instance (directly, through a name, through a same-file factory function,
 * `current_app`, or a parameter annotated `Flask`), and whether `x.config` is an app's config.
 * Issue 4's project model replaces this with cross-file answers (`project.appFor(expr)`).
 */
import type { Expr, FunctionDef, AsyncFunctionDef, Stmt } from "../../python/ast.js";
import type { SemanticModel } from "../../semantic/model.js";

/** Qualified names of the Flask application class. */
export const FLASK_CLASSES: readonly string[] = ["flask.Flask", "flask.app.Flask"];
/** Qualified names of the application-context proxy. */
export const CURRENT_APP: readonly string[] = ["flask.current_app", "flask.globals.current_app"];

/** How sure we are that an expression is a Flask application. */
export type AppCertainty = "resolved" | "guessed";

/**
 * Whether `expr` evaluates to a Flask application object in this file:
 * `Flask(__name__)`, `app` after `app = Flask(__name__)`, `create_app()` when `create_app` is a
 * function of this file returning such an app, `current_app`, or a parameter annotated `Flask`.
 */
export function isFlaskApp(model: SemanticModel, expr: Expr, depth = 0): boolean {
  if (depth > 4) return false;
  if (expr.type === "Call") {
    if (model.matchesQualifiedName(expr.func, FLASK_CLASSES)) return true;
    if (expr.func.type === "Name") {
      const binding = model.lookupName(expr.func);
      if (binding?.kind === "function") {
        return returnsFlaskApp(model, binding.node as FunctionDef | AsyncFunctionDef, depth + 1);
      }
    }
    return false;
  }
  if (expr.type === "Name" || expr.type === "Attribute") {
    if (model.matchesQualifiedName(expr, CURRENT_APP)) return true;
  }
  if (expr.type === "Name") {
    const binding = model.lookupName(expr);
    if (!binding) return false;
    if (binding.kind === "parameter" && binding.annotation) {
      return model.matchesQualifiedName(binding.annotation, FLASK_CLASSES);
    }
    if (binding.kind === "assignment") {
      if (binding.annotation && model.matchesQualifiedName(binding.annotation, FLASK_CLASSES)) return true;
      if (binding.value) return isFlaskApp(model, binding.value, depth + 1);
    }
  }
  return false;
}

function returnsFlaskApp(model: SemanticModel, fn: FunctionDef | AsyncFunctionDef, depth: number): boolean {
  for (const ret of returnStatements(fn.body)) {
    if (ret.value && isFlaskApp(model, ret.value, depth)) return true;
  }
  return false;
}

/** The `return` statements of a function body, not descending into nested functions or classes. */
function* returnStatements(body: readonly Stmt[]): Generator<Extract<Stmt, { type: "Return" }>> {
  for (const stmt of body) {
    switch (stmt.type) {
      case "Return":
        yield stmt;
        break;
      case "If":
      case "For":
      case "AsyncFor":
      case "While":
        yield* returnStatements(stmt.body);
        yield* returnStatements(stmt.orelse);
        break;
      case "With":
      case "AsyncWith":
        yield* returnStatements(stmt.body);
        break;
      case "Try":
      case "TryStar":
        yield* returnStatements(stmt.body);
        for (const h of stmt.handlers) yield* returnStatements(h.body);
        yield* returnStatements(stmt.orelse);
        yield* returnStatements(stmt.finalbody);
        break;
      default:
        break;
    }
  }
}

/**
 * If `expr` is `<receiver>.config`, how sure we are that the receiver is a Flask app: `resolved`
 * when {@link isFlaskApp} says so, `guessed` when the file imports flask and the receiver is named
 * like an app (`app`, `self.app`, `application`, `flask_app`), otherwise null.
 */
export function appConfigCertainty(model: SemanticModel, expr: Expr): AppCertainty | null {
  if (expr.type !== "Attribute" || expr.attr !== "config") return null;
  return appCertainty(model, expr.value);
}

/** How sure we are that `receiver` is a Flask app (see {@link appConfigCertainty}). */
export function appCertainty(model: SemanticModel, receiver: Expr): AppCertainty | null {
  if (isFlaskApp(model, receiver)) return "resolved";
  if (!model.seenModule("flask")) return null;
  const last = receiver.type === "Name" ? receiver.id : receiver.type === "Attribute" ? receiver.attr : null;
  if (last !== null && /^(app|application|flask_app|\w+_app)$/i.test(last)) {
    // A name bound to something that is clearly not an app (a Blueprint, a string) is not guessed.
    if (receiver.type === "Name") {
      const value = model.resolveValue(receiver);
      if (value && value.type !== "Call") return null;
      if (value && value.type === "Call" && model.resolveQualifiedName(value.func)?.startsWith("flask.")) return null;
    }
    return "guessed";
  }
  return null;
}
