/**
 * @fileoverview The modules a file imports, found from its import statements alone (no scopes, no
 * bindings): the cheap answer to "does this file import `flask`?" that the engine asks of every file
 * before deciding which rules run, so that the binder only runs for files a rule looks into. Gives the
 * same set as the binder's `seenModules` (`tests/semantic/imports.test.ts` compares the two).
 */
import type { Module, Stmt } from "../python/ast.js";
import { resolveRelativeModule, type BindOptions } from "./binder.js";

/**
 * Every module `module` imports (at any depth: in functions, classes, `if`/`try` blocks...), with
 * its parent packages: `from flask_wtf.csrf import CSRFProtect` gives `flask_wtf` and
 * `flask_wtf.csrf`. Relative imports are resolved against `options.moduleName`.
 */
export function importedModules(module: Module, options: BindOptions = {}): Set<string> {
  const out = new Set<string>();
  const note = (name: string): void => {
    let at = name.indexOf(".");
    while (at !== -1) {
      if (at > 0) out.add(name.slice(0, at));
      at = name.indexOf(".", at + 1);
    }
    if (name !== "") out.add(name);
  };
  const stack: (readonly Stmt[])[] = [module.body];
  while (stack.length > 0) {
    const body = stack.pop()!;
    for (const s of body) {
      switch (s.type) {
        case "Import":
          for (const alias of s.names) note(alias.name);
          break;
        case "ImportFrom": {
          const name = resolveRelativeModule(s.module, s.level, options.moduleName, options.isPackage ?? false);
          if (s.level === 0 || !name.startsWith(".")) note(name);
          break;
        }
        case "FunctionDef":
        case "AsyncFunctionDef":
        case "ClassDef":
        case "With":
        case "AsyncWith":
          stack.push(s.body);
          break;
        case "If":
        case "For":
        case "AsyncFor":
        case "While":
          stack.push(s.body, s.orelse);
          break;
        case "Try":
        case "TryStar":
          stack.push(s.body, s.orelse, s.finalbody);
          for (const h of s.handlers) stack.push(h.body);
          break;
        case "Match":
          for (const c of s.cases) stack.push(c.body);
          break;
        default:
          break;
      }
    }
  }
  return out;
}
