/**
 * @fileoverview Asks the Flask project model which environment a config write belongs to, so
 * configuration rules stay quiet in development and testing configurations: a setting in a config
 * class or module (its own environment, or the environments of every configuration that loads it),
 * or a direct `app.config[...]` write (the environment-check branches it sits in, and the
 * configurations it belongs to). Unknown roles count as production; messages say so.
 */
import type { Node } from "../../python/ast.js";
import type { Environment } from "../../project/types.js";
import type { FileView, ProjectView, Ranged } from "../types.js";

/** The environment of a write and why. */
export interface WriteEnvironment {
  environment: Environment;
  /** Human-readable evidence (`class name ProductionConfig`, `config dict key "production"`). */
  reason: string;
}

/** Whether an environment is exempt from configuration findings (development or testing). */
export function isNonProduction(env: Environment): boolean {
  return env === "development" || env === "testing";
}

/**
 * The environment of a config class body or module (a `ClassDef` node or `file.module`):
 * production/unknown when any configuration that loads it (or a subclass of it) is production-like,
 * otherwise the source's own evidence. Null when the model does not know it as a config source.
 *
 * Given `class Config` (base of `ProductionConfig`) → production; `class DevelopmentConfig` → development.
 */
export function sourceEnvironment(project: ProjectView, node: Node): WriteEnvironment | null {
  const model = project.flask;
  const source = model.configSourceFor(node);
  if (!source) return null;
  const own = source.environment;
  if (isNonProduction(own.environment) || own.reason.includes("production-configs")) return { environment: own.environment, reason: own.reason };
  const configs = model.configurationsLoading(source);
  if (configs.length > 0) {
    const prod = configs.find((c) => c.environment === "production");
    if (prod) return { environment: "production", reason: `loaded by the production configuration ${prod.label}` };
    const unknown = configs.find((c) => c.environment === "unknown");
    if (unknown) return { environment: "unknown", reason: `loaded by configuration ${unknown.label} of unknown role` };
    if (own.environment === "unknown") {
      const first = configs[0]!;
      return { environment: first.environment, reason: `only loaded by the ${first.environment} configuration ${first.label}` };
    }
  }
  // A base class of production configs is production; a base only of dev/test configs is not.
  const subclasses = model.configSources.filter((s) => s !== source && s.bases.includes(source));
  if (own.environment === "unknown" && subclasses.length > 0) {
    if (subclasses.some((s) => s.environment.environment === "production")) return { environment: "production", reason: "base class of a production config" };
    if (subclasses.every((s) => isNonProduction(s.environment.environment))) {
      return { environment: subclasses[0]!.environment.environment, reason: "base class of development/testing configs only" };
    }
  }
  return { environment: own.environment, reason: own.reason };
}

/**
 * The environment of a direct write at `node` in `file` (`app.config["DEBUG"] = True`,
 * `app.config.update(...)`): non-production when every configuration containing it is
 * development/testing (e.g. it sits under `if os.environ.get("FLASK_ENV") == "development":`).
 * Null when the model has no app operation there.
 */
export function directWriteEnvironment(project: ProjectView, file: FileView, node: Ranged): WriteEnvironment | null {
  const model = project.flask;
  for (const app of model.apps) {
    for (const op of app.configOps) {
      if (op.kind !== "write" || op.write.at.file !== file.path) continue;
      const at = op.write.at.node;
      if (!(at.start <= node.start && node.end <= at.end) && !(node.start <= at.start && at.end <= node.end)) continue;
      const containing = app.configurations.filter((c) => c.writes.includes(op.write));
      const branchEnv = op.choices.map((c) => c.evidence?.environment).find((e) => e !== undefined);
      if (containing.length > 0 && containing.every((c) => isNonProduction(c.environment))) {
        return { environment: containing[0]!.environment, reason: `only in ${containing[0]!.environment} configurations` };
      }
      if (branchEnv && isNonProduction(branchEnv)) return { environment: branchEnv, reason: `under a ${branchEnv} environment check` };
      const prod = containing.find((c) => c.environment === "production");
      if (prod) return { environment: "production", reason: `in the production configuration ${prod.label}` };
      return { environment: "unknown", reason: "the app's configuration has no known role" };
    }
  }
  return null;
}
