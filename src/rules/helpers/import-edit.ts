/**
 * @fileoverview Builds fixes that need a module imported: finds the name under which `os` is
 * visible at the edit (`os`, or an alias from `import os as o`) or adds `import os` after the module
 * docstring and `from __future__` imports.
 */
import type { Expr, Module } from "../../python/ast.js";
import type { SemanticModel } from "../../semantic/model.js";
import type { EditSpec, FixSpec } from "../types.js";
import { lineEnding } from "./line-ending.js";

/**
 * A fix replacing `target` with `makeText(osName)`, plus an `import os` edit when `os` is not
 * imported. Returns null when the name `os` is bound to something else at the edit.
 */
export function importOsFix(
  model: SemanticModel,
  text: string,
  target: Expr,
  makeText: (osName: string) => string,
  fix: Pick<FixSpec, "title" | "applicability">,
): FixSpec | null {
  const scope = model.scopeOf(target);
  const edits: EditSpec[] = [];
  let osName: string | null = null;
  const direct = model.lookup("os", scope, target.start);
  if (direct) {
    if ((direct.kind === "import" || direct.kind === "from-import") && direct.qualifiedName === "os") osName = "os";
    else return null;
  } else {
    for (const entry of model.imports) {
      if (entry.qualifiedName === "os" && entry.scope === model.moduleScope) {
        const binding = model.lookup(entry.local, scope, target.start);
        if (binding && binding.qualifiedName === "os") {
          osName = entry.local;
          break;
        }
      }
    }
  }
  if (osName === null) {
    osName = "os";
    edits.push(importInsertion(model.module, text, "import os"));
  }
  edits.push({ range: { start: target.start, end: target.end }, text: makeText(osName) });
  return { ...fix, edits };
}

/** An edit inserting `statement` on its own line after the docstring and `__future__` imports. */
export function importInsertion(module: Module, text: string, statement: string): EditSpec {
  const eol = lineEnding(text);
  const body = module.body;
  let i = 0;
  if (body[0]?.type === "Expr" && body[0].value.type === "Constant" && typeof body[0].value.value === "string") i++;
  while (i < body.length && body[i]!.type === "ImportFrom" && (body[i] as { module: string | null }).module === "__future__") i++;
  const next = body[i];
  if (next) {
    let lineStart = next.start;
    while (lineStart > 0 && text[lineStart - 1] !== "\n" && text[lineStart - 1] !== "\r") lineStart--;
    return { range: { start: lineStart, end: lineStart }, text: `${statement}${eol}` };
  }
  const prev = body[i - 1];
  if (prev) return { range: { start: prev.end, end: prev.end }, text: `${eol}${statement}` };
  return { range: { start: 0, end: 0 }, text: `${statement}${eol}` };
}
