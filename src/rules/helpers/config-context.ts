/**
 * @fileoverview Where Flask configuration lives in a single file or a simple project: config class
 * bodies (`class ProductionConfig: DEBUG = False`), config modules (`config.py`, `settings.py`, a
 * module passed to `app.config.from_object("config")` / `from_pyfile("settings.py")` anywhere in the
 * project, or a module doing `app.config.from_object(__name__)`), and the environment a class or
 * module name suggests (development / testing / production). Rules combine this with the project
 * model's inferred environments (`config-environment.ts`).
 */
import type { ClassDef, Expr, Node } from "../../python/ast.js";
import { stringLiteral } from "../../semantic/constants.js";
import { forEachNode } from "../../semantic/walk.js";
import type { FileView, ProjectView, RuleSettings } from "../types.js";
import { environmentFromName } from "../../project/environment.js";
import type { Environment } from "../../project/types.js";
import { appConfigCertainty } from "./flask-app.js";

/** The environment a configuration appears to target. */
export type ConfigEnvironment = Environment;

/**
 * Classifies a class or module name by its words (re-exported from the project model):
 * `DevelopmentConfig` → development, `TestConfig` → testing, `ProdConfig` → production.
 */
export { environmentFromName };

/** Whether a class looks like a configuration class: its name or a base's name contains Config/Settings. */
export function isConfigClass(cls: ClassDef): boolean {
  if (/config|settings/i.test(cls.name)) return true;
  return cls.bases.some((b) => {
    const last = b.type === "Name" ? b.id : b.type === "Attribute" ? b.attr : "";
    return /config|settings/i.test(last);
  });
}

/** Where a module-level or class-level assignment sits, for config rules. */
export interface ConfigPlace {
  kind: "class" | "module";
  /** The class or module name shown in messages (`ProductionConfig`, `config`). */
  name: string;
  environment: ConfigEnvironment;
  /** True when the user listed this class/module in `production-configs`. */
  declaredProduction: boolean;
}

/**
 * If an assignment statement whose ancestors are `ancestors` is a setting of a config class body or
 * a config module, describes where; otherwise null. Only direct class-body or module-level
 * statements count (possibly inside `if`/`try` blocks), not function bodies.
 */
export function configPlaceOf(
  ancestors: readonly Node[],
  file: FileView,
  project: ProjectView,
  settings: RuleSettings,
): ConfigPlace | null {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const node = ancestors[i]!;
    if (node.type === "FunctionDef" || node.type === "AsyncFunctionDef" || node.type === "Lambda") return null;
    if (node.type === "ClassDef") {
      if (!isConfigClass(node)) return null;
      const qualified = `${file.moduleName}.${node.name}`;
      const declaredProduction = settings.productionConfigs.includes(qualified) ||
        settings.productionConfigs.includes(node.name);
      return {
        kind: "class",
        name: node.name,
        environment: declaredProduction ? "production" : environmentFromName(node.name),
        declaredProduction,
      };
    }
    if (node.type === "Module") break;
  }
  if (!isConfigModule(file, project)) return null;
  const declaredProduction = settings.productionConfigs.includes(file.moduleName);
  const base = file.moduleName.split(".").pop() ?? file.moduleName;
  return {
    kind: "module",
    name: file.moduleName,
    environment: declaredProduction ? "production" : environmentFromName(base),
    declaredProduction,
  };
}

const CONFIG_MODULE_NAME = /^(config|configs|settings|conf|default_?settings|default_?config|(\w+_)?(config|settings)|(config|settings)_\w+)$/i;

const cache = new WeakMap<ProjectView, Set<string>>();

/**
 * Whether `file` is a config module: named like one (`config.py`, `settings.py`,
 * `prod_config.py`, any module of a `config/` package), read with `from_object`/`from_pyfile`
 * by some project file, or loading itself with `app.config.from_object(__name__)`.
 */
export function isConfigModule(file: FileView, project: ProjectView): boolean {
  const parts = file.moduleName.split(".");
  const base = file.isPackage ? parts[parts.length - 1]! : parts[parts.length - 1]!;
  if (CONFIG_MODULE_NAME.test(base)) return true;
  if (parts.slice(0, -1).some((p) => /^(config|configs|settings)$/i.test(p))) return true;
  return configModulesReferenced(project).has(file.path);
}

/** Paths of project files loaded as configuration by `from_object`/`from_pyfile` calls (cached per project). */
function configModulesReferenced(project: ProjectView): Set<string> {
  let paths = cache.get(project);
  if (paths) return paths;
  paths = new Set();
  for (const f of project.files) {
    for (const call of configLoadCalls(f)) {
      const arg = call.args[0];
      if (!arg) continue;
      if (call.method === "from_object") {
        if (arg.type === "Name" && arg.id === "__name__") {
          paths.add(f.path);
          continue;
        }
        const lit = stringLiteral(arg);
        let dotted: string | null = lit?.value ?? null;
        if (dotted === null) dotted = f.semantic.resolveQualifiedName(arg);
        if (dotted === null) continue;
        // "config.ProductionConfig" names a class in module "config": add the longest module prefix found.
        const segs = dotted.split(".");
        for (let n = segs.length; n > 0; n--) {
          const target = project.fileForModule(segs.slice(0, n).join("."));
          if (target) {
            paths.add(target.path);
            break;
          }
        }
      } else {
        const lit = stringLiteral(arg);
        if (!lit) continue;
        const wanted = lit.value.replace(/^\.?\//, "");
        for (const candidate of project.files) {
          if (candidate.path === wanted || candidate.path.endsWith(`/${wanted}`)) paths.add(candidate.path);
        }
      }
    }
  }
  cache.set(project, paths);
  return paths;
}

interface ConfigLoadCall {
  method: "from_object" | "from_pyfile";
  args: Expr[];
}

function configLoadCalls(file: FileView): ConfigLoadCall[] {
  const calls: ConfigLoadCall[] = [];
  forEachNode(file.module, (node) => {
    if (
      node.type === "Call" &&
      node.func.type === "Attribute" &&
      (node.func.attr === "from_object" || node.func.attr === "from_pyfile") &&
      appConfigCertainty(file.semantic, node.func.value) !== null
    ) {
      calls.push({ method: node.func.attr, args: node.args });
    }
  });
  return calls;
}
