/**
 * @fileoverview Which apps and statements a production-only rule looks at (headers and rate
 * limiting): an app's production-like configurations (production, or unknown role — treated as
 * production and said so in the message), statements under a branch that only runs in
 * development or testing (`if app.debug:`, `if app.config["TESTING"]:`, `if not production:` …),
 * test files, and the `related` locations that explain a finding (the config class, the
 * `Flask(...)` call).
 */
import type { Expr, Node, If } from "../../python/ast.js";
import { parentMap, type ParentMap } from "../../python/walker.js";
import type { FlaskModel } from "../../project/model.js";
import type { Configuration, FlaskApp, SourceRef } from "../../project/types.js";
import type { FileView, ProjectView, RelatedSpec } from "../types.js";
import { environmentFromName } from "../../project/environment.js";
import { isTestPath } from "./test-code.js";

/** What a rule needs to know about an app it checks for production. */
export interface ProductionTarget {
  app: FlaskApp;
  /** Configurations with environment production or unknown (≥ 1). */
  configurations: Configuration[];
  /** True when none of them is known to be production (all unknown). */
  roleUnknown: boolean;
}

/**
 * The app as deployed to production, or null when the rule must stay silent: the app is created
 * in a test file, or every configuration of it is development or testing.
 *
 * Given `config = {"development": Dev, "production": Prod}` loaded with `from_object(config[name])`,
 * the target's configurations are `[Prod]` (roleUnknown false).
 */
export function productionTarget(model: FlaskModel, app: FlaskApp): ProductionTarget | null {
  if (isTestPath(app.createdAt.file)) return null;
  const configurations = app.configurations.filter((c) => MODEL_PRODUCTION_LIKE(c.environment) || onlyTestEvidence(c));
  if (configurations.length === 0) return null;
  return { app, configurations, roleUnknown: configurations.every(isRoleUnknown) };
}

function MODEL_PRODUCTION_LIKE(env: Configuration["environment"]): boolean {
  return env === "production" || env === "unknown";
}

/**
 * Whether a configuration is development/testing only because of code in test files (e.g. a
 * pytest fixture calling `create_app({"TESTING": True})`): the app's own code says nothing, so
 * its role is unknown for production rules.
 */
/** Whether a production-like configuration's role is unknown (treated as production; say so in the message). */
export function isRoleUnknown(c: Configuration): boolean {
  return c.environment === "unknown" || onlyTestEvidence(c);
}

function onlyTestEvidence(c: Configuration): boolean {
  if (c.environment !== "testing" && c.environment !== "development") return false;
  return c.evidence.length > 0 && c.evidence.every((e) => e.at !== null && isTestPath(e.at.file));
}

/**
 * The sentence a message appends for a configuration of unknown role: empty when the role is
 * known, else ` (the configuration's role is unknown, so it is treated as production)`.
 */
export function roleNote(roleUnknown: boolean): string {
  return roleUnknown ? " (the app's configuration has no known role and is treated as production)" : "";
}

/** Range of a `def name` / `class Name` header: from the keyword to the end of the name. */
export function headerRange(text: string, node: { start: number; end: number; name: string }): { start: number; end: number } {
  const at = text.indexOf(node.name, node.start);
  return { start: node.start, end: at >= 0 && at < node.end ? at + node.name.length : node.start + 3 };
}

/**
 * Related locations that explain a production finding: the production config class (or module)
 * the configuration loads, and the app's `Flask(...)` call.
 */
export function productionRelated(project: ProjectView, target: ProductionTarget, exclude?: SourceRef): RelatedSpec[] {
  const out: RelatedSpec[] = [];
  const seen = new Set<string>();
  const push = (file: string, range: { start: number; end: number }, message: string): void => {
    const key = `${file}:${range.start}`;
    if (seen.has(key) || (exclude && exclude.file === file && exclude.node.start === range.start)) return;
    seen.add(key);
    out.push({ file, node: range, message });
  };
  for (const config of target.configurations) {
    const source = config.sources[config.sources.length - 1];
    if (!source) continue;
    const role = isRoleUnknown(config) ? "configuration of unknown role (treated as production)" : "production configuration";
    const text = project.file(source.file)?.text;
    if (source.kind === "class" && text && source.node.type === "ClassDef") {
      push(source.file, headerRange(text, source.node as unknown as { start: number; end: number; name: string }), `${role} \`${source.name}\``);
    }
    if (out.length >= 2) break;
  }
  const created = target.app.createdAt;
  push(created.file, created.node, "the Flask app is created here");
  return out;
}

const parentCache = new WeakMap<Node, ParentMap>();

function parentsOf(file: FileView): ParentMap {
  let map = parentCache.get(file.module);
  if (!map) {
    map = parentMap(file.module);
    parentCache.set(file.module, map);
  }
  return map;
}

/** The role an `if` test selects when true: `app.debug` → development, `ENV == "production"` → production. */
function roleOfTest(test: Expr, text: string): "dev" | "prod" | null {
  if (test.type === "UnaryOp" && test.op === "Not") {
    const inner = roleOfTest(test.operand, text);
    return inner === "dev" ? "prod" : inner === "prod" ? "dev" : null;
  }
  if (test.type === "Compare" && test.ops.length === 1 && (test.ops[0] === "NotEq" || test.ops[0] === "IsNot")) {
    const inner = roleOfTest({ ...test, ops: ["Eq"] } as Expr, text);
    return inner === "dev" ? "prod" : inner === "prod" ? "dev" : null;
  }
  const source = text.slice(test.start, test.end);
  const words = source.match(/[A-Za-z_][A-Za-z0-9_]*|"[^"]*"|'[^']*'/g) ?? [];
  let dev = false;
  let prod = false;
  for (const w of words) {
    const bare = w.replace(/^["']|["']$/g, "");
    if (/^(debug|testing|is_?dev(elopment)?|is_?test(ing)?|is_?local)$/i.test(bare)) dev = true;
    const env = environmentFromName(bare);
    if (env === "development" || env === "testing") dev = true;
    else if (env === "production" || /^is_?prod(uction)?$/i.test(bare)) prod = true;
  }
  if (dev === prod) return null;
  return dev ? "dev" : "prod";
}

/**
 * Whether `node` only runs in development or testing: it sits in the branch of an `if` whose test
 * selects development/testing (`if app.debug:` body, `if not app.testing:` else-branch,
 * `if os.environ.get("FLASK_ENV") == "development":` body). Ternaries count the same way.
 */
export function inDevelopmentBranch(file: FileView, at: Node | { start: number; end: number }): boolean {
  const parents = parentsOf(file);
  const node = at as Node;
  let child: Node = node;
  for (let p = parents.get(node) ?? null; p; child = p, p = parents.get(p) ?? null) {
    if (p.type === "If" || p.type === "IfExp") {
      const test = (p as If).test;
      if (child === test) continue;
      const role = roleOfTest(test, file.text);
      if (role === null) continue;
      const inBody = p.type === "If" ? (p as If).body.includes(child as never) : (p as { body: Node }).body === child;
      const branchRole = inBody ? role : role === "dev" ? "prod" : "dev";
      if (branchRole === "dev") return true;
    }
  }
  return false;
}

/** Whether the model's project has a production-like app at all (cheap gate for project rules). */
export function productionTargets(model: FlaskModel): ProductionTarget[] {
  const out: ProductionTarget[] = [];
  for (const app of model.apps) {
    const t = productionTarget(model, app);
    if (t) out.push(t);
  }
  return out;
}
