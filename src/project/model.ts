/**
 * @fileoverview The `FlaskModel` object rules query: the entity lists (apps, factories, config
 * sources, extensions, blueprints, routes, hooks, env files) plus questions over them — which apps
 * or blueprints an expression denotes, which configurations are production, the effective value
 * of a key, constant evaluation with cross-module resolution, import resolution.
 */
import type { ClassDef, Expr, Node } from "../python/ast.js";
import { evaluate, type Value } from "../semantic/evaluate.js";
import type { FileView } from "../rules/types.js";
import type { Definition, ModuleGraph } from "./modules.js";
import type { OriginResolver } from "./resolve.js";
import type {
  AppFactory,
  Blueprint,
  ConfigSource,
  Configuration,
  EnvFile,
  Environment,
  Extension,
  ExtensionKind,
  FlaskApp,
  Folder,
  Hook,
  Route,
  TextFileView,
} from "./types.js";

/** What the builder hands to the model. */
export interface FlaskModelData {
  graph: ModuleGraph;
  resolver: OriginResolver;
  files: readonly FileView[];
  apps: FlaskApp[];
  factories: AppFactory[];
  blueprints: Blueprint[];
  extensions: Extension[];
  configSources: ConfigSource[];
  routes: Route[];
  hooks: Hook[];
  envFiles: EnvFile[];
  appsOf: (file: FileView, expr: Expr) => FlaskApp[];
  blueprintsOf: (file: FileView, expr: Expr) => Blueprint[];
  extensionsOf: (file: FileView, expr: Expr) => Extension[];
  sourceByNode: ReadonlyMap<Node, ConfigSource>;
  productionConfigs: readonly string[];
  textFiles: readonly TextFileView[];
}

/** The Flask project model. Build it with `buildFlaskModel(project)` or read `project.flask`. */
export class FlaskModel {
  /** Module graph: file ↔ dotted module, import resolution. */
  readonly modules: ModuleGraph;
  /** Every `Flask(...)` construction in the project. */
  readonly apps: readonly FlaskApp[];
  /** Functions that create and return an app (`create_app`, whatever their name). */
  readonly factories: readonly AppFactory[];
  /** Every `Blueprint(...)`. */
  readonly blueprints: readonly Blueprint[];
  /** Every known extension object (`CSRFProtect()`, `Limiter(...)`, ...), attached or not. */
  readonly extensions: readonly Extension[];
  /** Config classes, config modules and loaded config files, whether or not an app loads them. */
  readonly configSources: readonly ConfigSource[];
  /** Every route, of apps and blueprints. */
  readonly routes: readonly Route[];
  /** Every hook (`before_request`, `after_request`, `errorhandler`, ...). */
  readonly hooks: readonly Hook[];
  /** `.flaskenv` / `.env` files. */
  readonly envFiles: readonly EnvFile[];
  /** The `production-configs` setting the model was built with. */
  readonly productionConfigs: readonly string[];
  /** The non-Python files the model was given (`.flaskenv`, `.env`, `*.cfg`). */
  readonly textFiles: readonly TextFileView[];

  constructor(private readonly data: FlaskModelData) {
    this.modules = data.graph;
    this.apps = data.apps;
    this.factories = data.factories;
    this.blueprints = data.blueprints;
    this.extensions = data.extensions;
    this.configSources = data.configSources;
    this.routes = data.routes;
    this.hooks = data.hooks;
    this.envFiles = data.envFiles;
    this.productionConfigs = data.productionConfigs;
    this.textFiles = data.textFiles;
  }

  /** Whether the project uses Flask at all (some `Flask(...)` or `Blueprint(...)` was found). */
  get isFlaskProject(): boolean {
    return this.apps.length > 0 || this.blueprints.length > 0;
  }

  /**
   * The apps an expression denotes: given `from app import create_app; app = create_app()` in
   * `wsgi.py`, `appsFor(wsgi, <app>)` is the app created inside `create_app`; `current_app`
   * denotes every app; a parameter annotated `Flask` with no known argument, every app.
   */
  appsFor(file: FileView, expr: Expr): FlaskApp[] {
    return this.data.appsOf(file, expr);
  }

  /** The blueprints an expression denotes (`bp` imported from `auth/views.py` → that `Blueprint(...)`). */
  blueprintsFor(file: FileView, expr: Expr): Blueprint[] {
    return this.data.blueprintsOf(file, expr);
  }

  /** The extension objects an expression denotes (`csrf` imported from `extensions.py` → its `CSRFProtect()`). */
  extensionsFor(file: FileView, expr: Expr): Extension[] {
    return this.data.extensionsOf(file, expr);
  }

  /** Extensions of one kind (`"CSRFProtect"`), optionally only those attached to `app`. */
  extensionsOfKind(kind: ExtensionKind, app?: FlaskApp): Extension[] {
    return this.extensions.filter((e) => e.kind === kind && (!app || e.attachments.some((a) => a.app === app)));
  }

  /** Every configuration of every app. */
  get configurations(): Configuration[] {
    return this.apps.flatMap((a) => a.configurations);
  }

  /**
   * Configurations that security rules must treat as production: environment `production` or
   * `unknown` (a config of unknown role is treated as production; say so in the finding).
   */
  productionConfigurations(app?: FlaskApp): Configuration[] {
    return (app ? app.configurations : this.configurations).filter((c) => c.environment === "production" || c.environment === "unknown");
  }

  /** Whether an environment counts as production for security findings (production or unknown). */
  static isProductionLike(env: Environment): boolean {
    return env === "production" || env === "unknown";
  }

  /** The config source for a class node or a module (`file.module`), if it is one. */
  configSourceFor(node: ClassDef | Node): ConfigSource | null {
    return this.data.sourceByNode.get(node) ?? null;
  }

  /** Configurations (of any app) that load `source` (directly or as a base class). */
  configurationsLoading(source: ConfigSource): Configuration[] {
    const inherits = (s: ConfigSource, seen = new Set<ConfigSource>()): boolean => {
      if (s === source) return true;
      if (seen.has(s)) return false;
      seen.add(s);
      return s.bases.some((b) => inherits(b, seen));
    };
    return this.configurations.filter((c) => c.sources.some((s) => inherits(s)));
  }

  /** Routes of an app, including those of the blueprints registered on it (directly or nested). */
  routesOf(app: FlaskApp): Route[] {
    const bps = new Set<Blueprint>();
    const add = (bp: Blueprint, depth: number): void => {
      if (bps.has(bp) || depth > 6) return;
      bps.add(bp);
      for (const child of this.blueprints) if (child.registrations.some((r) => r.parent === bp)) add(child, depth + 1);
    };
    for (const reg of app.blueprintRegistrations) add(reg.blueprint, 0);
    return this.routes.filter((r) => (r.owner.kind === "app" ? r.owner.app === app : bps.has(r.owner.blueprint)));
  }

  /** Every template folder: apps' (default `templates/` next to the creating module) and blueprints'. */
  templateFolders(): { folder: Folder; owner: { kind: "app"; app: FlaskApp } | { kind: "blueprint"; blueprint: Blueprint } }[] {
    const out: ReturnType<FlaskModel["templateFolders"]> = [];
    for (const app of this.apps) if (app.templateFolder) out.push({ folder: app.templateFolder, owner: { kind: "app", app } });
    for (const blueprint of this.blueprints) if (blueprint.templateFolder) out.push({ folder: blueprint.templateFolder, owner: { kind: "blueprint", blueprint } });
    return out;
  }

  /** Every static folder (apps' default `static/`, blueprints' `static_folder=`). */
  staticFolders(): { folder: Folder; owner: { kind: "app"; app: FlaskApp } | { kind: "blueprint"; blueprint: Blueprint } }[] {
    const out: ReturnType<FlaskModel["staticFolders"]> = [];
    for (const app of this.apps) if (app.staticFolder) out.push({ folder: app.staticFolder, owner: { kind: "app", app } });
    for (const blueprint of this.blueprints) if (blueprint.staticFolder) out.push({ folder: blueprint.staticFolder, owner: { kind: "blueprint", blueprint } });
    return out;
  }

  /**
   * Evaluates an expression of `file` with cross-module constants resolved through the module
   * graph: given `from settings import SECRET` where `SECRET = os.getenv("K", "dev")`,
   * `evaluate(file, <SECRET>)` is env `K` with fallback `'dev'`.
   */
  evaluate(file: FileView, expr: Expr): Value {
    return evaluate(expr, { model: file.semantic, file: file.path, resolve: this.modules.evaluationResolver(file) });
  }

  /** Resolves a local name of `file` (an import or a definition) to its definition in the project. */
  resolveImport(file: FileView, name: string): Definition | null {
    return this.modules.resolveImport(file, name);
  }

  /** Resolves a `Name`/`Attribute` expression of `file` to its project definition. */
  resolveExpr(file: FileView, expr: Expr): Definition | null {
    return this.modules.resolveExpr(file, expr);
  }

  /** Resolves a dotted name (`config.ProductionConfig`, `app.extensions.csrf`) to its project definition. */
  resolveQualifiedName(name: string, near?: FileView): Definition | null {
    return this.modules.resolveQualifiedName(name, near);
  }

  /**
   * The construction sites an expression can hold, across files (assignments, imports, returns of
   * project functions, parameters bound at project call sites); for the data-flow engine.
   */
  originsOf(file: FileView, expr: Expr): { file: FileView; node: Node }[] {
    return this.data.resolver.originsOf(file, expr);
  }
}
