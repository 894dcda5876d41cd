/**
 * @fileoverview Builds the Flask model of a fixture project directory for the model tests: `.py`
 * files are parsed into `FileView`s exactly as the engine does, `.flaskenv`/`.env`/`.cfg` files are
 * passed as text files.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { moduleNameForPath } from "../../src/core/analyzer.js";
import { parse } from "../../src/python/index.js";
import { buildFlaskModel } from "../../src/project/build.js";
import type { FlaskModel } from "../../src/project/model.js";
import type { TextFileView } from "../../src/project/types.js";
import type { FileView } from "../../src/rules/types.js";
import { SemanticModel } from "../../src/semantic/model.js";

/** A file given as path and text. */
export interface ProjectInput {
  path: string;
  text: string;
}

/** Reads every `.py`, `.flaskenv`, `.env` and `.cfg` file under `dir` (paths relative to it). */
export function readProject(dir: string): ProjectInput[] {
  const out: ProjectInput[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const abs = join(d, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else if (/(\.py|\.flaskenv|\.env|\.cfg)$/.test(name)) out.push({ path: relative(dir, abs).split(sep).join("/"), text: readFileSync(abs, "utf8") });
    }
  };
  walk(dir);
  return out;
}

/** Builds the model of in-memory files (Python files parsed, the rest passed as text files). */
export function modelOf(inputs: readonly ProjectInput[], productionConfigs: string[] = []): FlaskModel {
  const files: FileView[] = [];
  const textFiles: TextFileView[] = [];
  for (const input of inputs) {
    if (!input.path.endsWith(".py")) {
      textFiles.push(input);
      continue;
    }
    const parsed = parse(input.text, { filename: input.path });
    if (!parsed.module) throw new Error(`${input.path}: ${parsed.error?.message}`);
    const { moduleName, isPackage } = moduleNameForPath(input.path);
    files.push({
      path: input.path,
      text: parsed.text,
      module: parsed.module,
      comments: parsed.comments,
      semantic: SemanticModel.build(parsed.module, { moduleName, isPackage }),
      moduleName,
      isPackage,
    });
  }
  return buildFlaskModel({ files }, { productionConfigs, textFiles });
}
