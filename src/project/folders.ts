/**
 * @fileoverview Evaluates filesystem-path expressions the way Flask apps spell their template and
 * static folders: plain strings, `os.path.join(...)`, `os.path.dirname(__file__)`,
 * `os.path.abspath(...)`, `pathlib.Path(__file__).parent / "templates"`, `BASE_DIR` constants.
 * Results are project-relative POSIX paths.
 */
import type { Expr } from "../python/ast.js";
import type { FileView } from "../rules/types.js";

const MAX_DEPTH = 8;

/** Normalises a POSIX path: resolves `.` and `..` (a leading `..` stays), drops duplicate slashes. */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else out.push(part);
  }
  return out.join("/") || ".";
}

/** Joins project-relative POSIX paths (an absolute second part replaces the first). */
export function joinPath(base: string, rel: string): string {
  if (rel.startsWith("/")) return rel;
  return normalizePath(base === "." || base === "" ? rel : `${base}/${rel}`);
}

/** The project-relative directory of a file (`app/views.py` → `app`, `app.py` → `.`). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "." : path.slice(0, i);
}

/**
 * Evaluates a path expression in `file` to a project-relative path, or null when it cannot be
 * known. `relativeTo` is where a relative string points (the app's root path).
 *
 * In `app/__init__.py`: `os.path.join(os.path.dirname(__file__), "templates")` → `app/templates`;
 * `"../templates"` with `relativeTo = "app"` → `templates`.
 */
export function evaluatePath(file: FileView, expr: Expr, relativeTo: string, depth = 0): string | null {
  const raw = evalRaw(file, expr, depth);
  if (raw === null) return null;
  if (raw.kind === "abs") return normalizePath(raw.path);
  return joinPath(relativeTo, raw.path);
}

type Raw = { kind: "abs"; path: string } | { kind: "rel"; path: string };

function evalRaw(file: FileView, expr: Expr, depth: number): Raw | null {
  if (depth > MAX_DEPTH) return null;
  const model = file.semantic;
  switch (expr.type) {
    case "Constant":
      return typeof expr.value === "string" ? (expr.value.startsWith("/") ? null : { kind: "rel", path: expr.value }) : null;
    case "Name": {
      if (expr.id === "__file__" && !model.lookupName(expr)) return { kind: "abs", path: file.path };
      const value = model.resolveValue(expr);
      return value && value !== expr ? evalRaw(file, value, depth + 1) : null;
    }
    case "BinOp": {
      if (expr.op !== "Div") return null;
      const left = evalRaw(file, expr.left, depth + 1);
      const right = evalRaw(file, expr.right, depth + 1);
      if (!left || !right || right.kind !== "rel") return null;
      return { kind: left.kind, path: joinPath(left.path, right.path) };
    }
    case "Attribute": {
      if (expr.attr === "parent") {
        const base = evalRaw(file, expr.value, depth + 1);
        return base ? { kind: base.kind, path: dirOf(base.path) } : null;
      }
      return null;
    }
    case "Call": {
      const callee = model.resolveQualifiedName(expr.func);
      const args = expr.args;
      if (callee === "os.path.join" || callee === "posixpath.join") {
        let acc: Raw | null = null;
        for (const a of args) {
          const part = evalRaw(file, a, depth + 1);
          if (!part) return null;
          acc = acc === null || part.kind === "abs" ? part : { kind: acc.kind, path: joinPath(acc.path, part.path) };
        }
        return acc;
      }
      if (callee === "os.path.dirname") {
        const base = args[0] ? evalRaw(file, args[0], depth + 1) : null;
        return base ? { kind: base.kind, path: dirOf(base.path) } : null;
      }
      if (callee === "os.path.abspath" || callee === "os.path.realpath" || callee === "os.path.normpath") {
        return args[0] ? evalRaw(file, args[0], depth + 1) : null;
      }
      if (callee === "pathlib.Path" || callee === "pathlib.PurePath") {
        return args[0] ? evalRaw(file, args[0], depth + 1) : null;
      }
      if (expr.func.type === "Attribute" && (expr.func.attr === "resolve" || expr.func.attr === "absolute")) {
        return evalRaw(file, expr.func.value, depth + 1);
      }
      if (expr.func.type === "Attribute" && expr.func.attr === "joinpath") {
        let acc = evalRaw(file, expr.func.value, depth + 1);
        for (const a of args) {
          const part = evalRaw(file, a, depth + 1);
          if (!acc || !part || part.kind !== "rel") return null;
          acc = { kind: acc.kind, path: joinPath(acc.path, part.path) };
        }
        return acc;
      }
      return null;
    }
    default:
      return null;
  }
}
