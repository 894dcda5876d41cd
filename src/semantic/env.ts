/**
 * @fileoverview Recognises environment-variable reads through any import alias:
 * `os.environ["X"]`, `os.environ.get("X", default)`, `os.getenv("X", default)`,
 * `environ.get(...)` after `from os import environ`, and `os.environ.setdefault("X", default)`.
 */
import type { Expr } from "../python/ast.js";
import { stringLiteral } from "./constants.js";
import type { SemanticModel } from "./model.js";

/** One environment read. */
export interface EnvRead {
  /** `subscript` for `os.environ["X"]`, `get` for `.get`/`getenv`, `setdefault` for `.setdefault`. */
  form: "subscript" | "get" | "setdefault";
  /** The variable name when it is a literal (`"SECRET_KEY"`), else null. */
  variable: string | null;
  /** The expression naming the variable. */
  variableExpr: Expr | null;
  /** The default/fallback expression (`"dev"` in `os.getenv("SECRET_KEY", "dev")`), or null when none. */
  fallback: Expr | null;
}

const GET_FUNCTIONS = ["os.getenv", "os.environ.get", "os.environ.setdefault", "posix.environ.get"];

/**
 * Returns the environment read `expr` performs, or null. Given `import os as o`,
 * `o.environ.get("SECRET_KEY", "dev")` → `{ form: "get", variable: "SECRET_KEY", fallback: "dev" }`.
 */
export function envRead(model: SemanticModel, expr: Expr): EnvRead | null {
  if (expr.type === "Subscript") {
    if (model.resolveQualifiedName(expr.value) !== "os.environ") return null;
    return {
      form: "subscript",
      variable: stringLiteral(expr.slice)?.value ?? null,
      variableExpr: expr.slice,
      fallback: null,
    };
  }
  if (expr.type !== "Call") return null;
  const callee = model.resolveQualifiedName(expr.func);
  if (callee === null || !GET_FUNCTIONS.includes(callee)) return null;
  const nameArg = expr.args[0] ?? expr.keywords.find((k) => k.arg === "key")?.value ?? null;
  const fallback =
    expr.args[1] ?? expr.keywords.find((k) => k.arg === "default" || k.arg === "failobj")?.value ?? null;
  return {
    form: callee.endsWith("setdefault") ? "setdefault" : "get",
    variable: stringLiteral(nameArg)?.value ?? null,
    variableExpr: nameArg,
    fallback,
  };
}
