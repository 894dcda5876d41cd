/**
 * @fileoverview Builds the Flask project model from the project's `FileView`s (never the file
 * system): finds `Flask(...)` constructions and factories, binds apps, blueprints and extensions
 * to the names and parameters that hold them across files, collects every config write and load
 * in execution order, forks configurations on environment checks and multi-candidate
 * `from_object` loads, classifies each configuration's environment, and collects extensions,
 * blueprints, routes, hooks, template/static folders and `.env`/`.flaskenv` files. When no file
 * imports flask, building is a cheap no-op (only the module graph is created).
 */
import type {
  AsyncFunctionDef,
  Call,
  ClassDef,
  Expr,
  FunctionDef,
  Keyword,
  Module,
  Node,
  Stmt,
} from "../python/ast.js";
import { parse } from "../python/index.js";
import { parentMap, walk, type ParentMap } from "../python/walker.js";
import { display, evaluate, truthy, type Origin, type Value } from "../semantic/evaluate.js";
import { SemanticModel } from "../semantic/model.js";
import type { FileView } from "../rules/types.js";
import { defaultValue } from "./defaults.js";
import { environmentFromName } from "./environment.js";
import { dirOf, evaluatePath, joinPath } from "./folders.js";
import { FlaskModel } from "./model.js";
import { ModuleGraph } from "./modules.js";
import { OriginResolver, type OriginSite } from "./resolve.js";
import type {
  AppFactory,
  Blueprint,
  BlueprintRegistration,
  BuildOptions,
  ChoiceTag,
  ConfigLoad,
  ConfigOp,
  ConfigSource,
  ConfigWrite,
  ConfigWriteForm,
  Configuration,
  Decorator,
  EffectiveValue,
  EnvFile,
  EnvFileEntry,
  Environment,
  EnvironmentEvidence,
  Extension,
  ExtensionAttachment,
  ExtensionUse,
  FlaskApp,
  Folder,
  Hook,
  Route,
  RunCall,
  SourceRef,
  TextFileView,
} from "./types.js";

/** Qualified names of the Flask application class. */
export const FLASK_CLASSES: readonly string[] = ["flask.Flask", "flask.app.Flask"];
/** Qualified names of the Blueprint class (Flask's and common API-framework subclasses). */
export const BLUEPRINT_CLASSES: readonly string[] = [
  "flask.Blueprint",
  "flask.blueprints.Blueprint",
  "flask_smorest.Blueprint",
  "apiflask.APIBlueprint",
];

/** Extension constructors by qualified name → kind. */
export const KNOWN_EXTENSIONS: Readonly<Record<string, string>> = {
  "flask_wtf.CSRFProtect": "CSRFProtect",
  "flask_wtf.csrf.CSRFProtect": "CSRFProtect",
  "flask_wtf.CsrfProtect": "CSRFProtect",
  "flask_wtf.csrf.CsrfProtect": "CSRFProtect",
  "flask_talisman.Talisman": "Talisman",
  "flask_talisman.talisman.Talisman": "Talisman",
  "flask_limiter.Limiter": "Limiter",
  "flask_limiter.extension.Limiter": "Limiter",
  "flask_session.Session": "Session",
  "flask_login.LoginManager": "LoginManager",
  "flask_login.login_manager.LoginManager": "LoginManager",
  "flask_cors.CORS": "CORS",
  "flask_cors.extension.CORS": "CORS",
  "flask_sqlalchemy.SQLAlchemy": "SQLAlchemy",
  "flask_bcrypt.Bcrypt": "Bcrypt",
  "flask_seasurf.SeaSurf": "SeaSurf",
  "flask_jwt_extended.JWTManager": "JWTManager",
  "flask_migrate.Migrate": "Migrate",
  "flask_mail.Mail": "Mail",
  "flask_caching.Cache": "Cache",
  "flask_compress.Compress": "Compress",
  "flask_principal.Principal": "Principal",
  "flask_security.Security": "Security",
  "flask_httpauth.HTTPBasicAuth": "HTTPAuth",
  "flask_httpauth.HTTPTokenAuth": "HTTPAuth",
  "flask_httpauth.HTTPDigestAuth": "HTTPAuth",
  "flask_babel.Babel": "Babel",
  "flask_socketio.SocketIO": "SocketIO",
  "flask_restful.Api": "RestfulApi",
  "flask_restx.Api": "RestxApi",
  "flask_smorest.Api": "SmorestApi",
  "flask_marshmallow.Marshmallow": "Marshmallow",
  "flask_debugtoolbar.DebugToolbarExtension": "DebugToolbar",
  "flask_assets.Environment": "Assets",
  "flask_moment.Moment": "Moment",
  "flask_bootstrap.Bootstrap": "Bootstrap",
  "flask_bootstrap.Bootstrap5": "Bootstrap",
  "flask_admin.Admin": "Admin",
  "flask_dance.consumer.OAuth2ConsumerBlueprint": "OAuth",
  "authlib.integrations.flask_client.OAuth": "OAuth",
};

/** App attributes that are config keys (`app.secret_key = ...` writes `SECRET_KEY`). */
const APP_CONFIG_ATTRIBUTES: Readonly<Record<string, string>> = {
  secret_key: "SECRET_KEY",
  debug: "DEBUG",
  testing: "TESTING",
  permanent_session_lifetime: "PERMANENT_SESSION_LIFETIME",
  session_cookie_name: "SESSION_COOKIE_NAME",
  send_file_max_age_default: "SEND_FILE_MAX_AGE_DEFAULT",
  use_x_sendfile: "USE_X_SENDFILE",
};

const HTTP_SHORTCUTS: Readonly<Record<string, string>> = { get: "GET", post: "POST", put: "PUT", patch: "PATCH", delete: "DELETE" };
/** Extension methods that take the app, a blueprint or a view as their argument (`csrf.exempt(bp)`). */
const EXTENSION_USE_METHODS: ReadonlySet<string> = new Set(["exempt", "limit", "shared_limit", "request_filter"]);
const HOOK_METHODS = new Set([
  "before_request", "after_request", "teardown_request", "teardown_appcontext", "before_app_request",
  "after_app_request", "teardown_app_request", "errorhandler", "app_errorhandler", "context_processor",
  "app_context_processor", "before_first_request", "before_app_first_request", "url_value_preprocessor",
  "url_defaults", "app_url_value_preprocessor", "app_url_defaults", "template_filter", "app_template_filter",
  "template_global", "app_template_global", "shell_context_processor",
]);
const VIEW_METHODS = ["get", "post", "put", "patch", "delete", "head", "options"];
const CONFIG_CLASS_NAME = /config|settings/i;
const CONFIG_MODULE_NAME = /^(config|configs|settings|conf|default_?settings|default_?config|(\w+_)?(config|settings)|(config|settings)_\w+)$/i;
const MAX_CONFIGURATIONS = 32;

/**
 * Builds the Flask model of a project. `productionConfigs` is the user's `production-configs`
 * setting; `textFiles` are `.flaskenv`/`.env`/`*.cfg` files.
 *
 * ```ts
 * const model = buildFlaskModel(project, { productionConfigs: ["config.ProductionConfig"] });
 * for (const app of model.apps) for (const c of app.configurations) c.get("SESSION_COOKIE_SECURE");
 * ```
 */
export function buildFlaskModel(project: { files: readonly FileView[] }, options: BuildOptions = {}): FlaskModel {
  return new Builder(project.files, options).build();
}

interface FileIndex {
  file: FileView;
  calls: Call[];
  assigns: { targets: Expr[]; value: Expr | null; stmt: Stmt }[];
  functions: (FunctionDef | AsyncFunctionDef)[];
  classes: ClassDef[];
}

interface Placement {
  order: number[];
  choices: ChoiceTag[];
  conditional: boolean;
}

class Builder {
  private readonly graph: ModuleGraph;
  private readonly resolver: OriginResolver;
  private readonly byPath = new Map<string, FileView>();
  private readonly fileOrder = new Map<string, number>();
  private readonly indexes: FileIndex[] = [];
  private readonly parents = new Map<FileView, ParentMap>();
  private readonly textFiles: readonly TextFileView[];
  private readonly productionConfigs: readonly string[];

  private readonly apps: FlaskApp[] = [];
  private readonly appByNode = new Map<Node, FlaskApp>();
  private readonly factories = new Map<Node, AppFactory>();
  private readonly blueprints: Blueprint[] = [];
  private readonly bpByNode = new Map<Node, Blueprint>();
  private readonly extensions: Extension[] = [];
  private readonly extByNode = new Map<Node, Extension>();
  private readonly sources = new Map<Node, ConfigSource>();
  private readonly fileSources = new Map<string, ConfigSource>();
  private readonly opsByApp = new Map<FlaskApp, { op: ConfigOp; placement: Placement }[]>();
  private readonly routes: Route[] = [];
  private readonly hooks: Hook[] = [];
  private readonly envFiles: EnvFile[] = [];
  private readonly flaskClassNodes = new Set<Node>();

  constructor(
    private readonly files: readonly FileView[],
    options: BuildOptions,
  ) {
    this.graph = new ModuleGraph(files);
    this.resolver = new OriginResolver(this.graph, (o) => this.appByNode.has(o.node) || this.bpByNode.has(o.node) || this.extByNode.has(o.node));
    files.forEach((f, i) => {
      this.byPath.set(f.path, f);
      this.fileOrder.set(f.path, i);
    });
    this.textFiles = options.textFiles ?? [];
    this.productionConfigs = options.productionConfigs ?? [];
  }

  build(): FlaskModel {
    const usesFlask = this.files.some((f) => f.semantic.seenModule("flask"));
    this.readEnvFiles();
    if (!usesFlask) return this.finish();
    for (const f of this.files) this.indexes.push(indexFile(f));
    this.findFlaskSubclasses();
    this.findConstructions();
    this.propagateParameters();
    this.findFactories();
    this.findConfigClasses();
    for (const idx of this.indexes) this.scanFile(idx);
    for (const app of this.apps) this.buildConfigurations(app);
    this.computeFullRules();
    return this.finish();
  }

  private finish(): FlaskModel {
    return new FlaskModel({
      graph: this.graph,
      resolver: this.resolver,
      files: this.files,
      apps: this.apps,
      factories: [...this.factories.values()],
      blueprints: this.blueprints,
      extensions: this.extensions,
      configSources: [...this.sources.values(), ...this.fileSources.values()],
      routes: this.routes,
      hooks: this.hooks,
      envFiles: this.envFiles,
      appsOf: (file, expr) => this.appsOf(file, expr),
      blueprintsOf: (file, expr) => this.blueprintsOf(file, expr),
      extensionsOf: (file, expr) => this.extensionsOf(file, expr),
      sourceByNode: this.sources,
      productionConfigs: this.productionConfigs,
      textFiles: this.textFiles,
    });
  }

  // -------------------------------------------------------------------------------------------
  // Helpers

  private ref(file: FileView | string, node: Node | { start: number; end: number; type?: string }): SourceRef {
    return { file: typeof file === "string" ? file : file.path, node: span(node) };
  }

  private evaluate(file: FileView, expr: Expr): Value {
    return evaluate(expr, { model: file.semantic, file: file.path, resolve: this.graph.evaluationResolver(file) });
  }

  private parentsOf(file: FileView): ParentMap {
    let p = this.parents.get(file);
    if (!p) this.parents.set(file, (p = parentMap(file.module)));
    return p;
  }

  /** The innermost function containing `node`, or null at module/class level. */
  private enclosingFunction(file: FileView, node: Node): FunctionDef | AsyncFunctionDef | null {
    const parents = this.parentsOf(file);
    for (let n = parents.get(node) ?? null; n; n = parents.get(n) ?? null) {
      if (n.type === "FunctionDef" || n.type === "AsyncFunctionDef") return n;
      if (n.type === "Lambda") return null;
    }
    return null;
  }

  private appsOf(file: FileView, expr: Expr): FlaskApp[] {
    if (this.resolver.isCurrentApp(file, expr)) return this.apps;
    const out: FlaskApp[] = [];
    for (const o of this.resolver.originsOf(file, expr)) {
      const app = this.appByNode.get(o.node);
      if (app && !out.includes(app)) out.push(app);
    }
    if (out.length === 0 && expr.type === "Name") {
      const b = file.semantic.lookupName(expr);
      if (b?.annotation && this.flaskAnnotation(file, b.annotation)) return this.apps;
    }
    return out;
  }

  private flaskAnnotation(file: FileView, annotation: Expr): boolean {
    const q = file.semantic.resolveQualifiedName(annotation);
    if (q !== null && FLASK_CLASSES.includes(q)) return true;
    return annotation.type === "Constant" && typeof annotation.value === "string" && /^(flask\.)?Flask$/.test(annotation.value);
  }

  private blueprintsOf(file: FileView, expr: Expr): Blueprint[] {
    const out: Blueprint[] = [];
    for (const o of this.resolver.originsOf(file, expr)) {
      const bp = this.bpByNode.get(o.node);
      if (bp && !out.includes(bp)) out.push(bp);
    }
    return out;
  }

  private extensionsOf(file: FileView, expr: Expr): Extension[] {
    const out: Extension[] = [];
    for (const o of this.resolver.originsOf(file, expr)) {
      const ext = this.extByNode.get(o.node);
      if (ext && !out.includes(ext)) out.push(ext);
    }
    return out;
  }

  private isFlaskClass(file: FileView, func: Expr, q = file.semantic.resolveQualifiedName(func)): boolean {
    if (q !== null && FLASK_CLASSES.includes(q)) return true;
    if (this.flaskClassNodes.size === 0) return false;
    // A name outside the project (`os.path.join`, `builtins.len`) cannot be a project subclass of
    // Flask: only the others are followed across modules, which costs far more.
    if (q !== null && !this.graph.mayBeProjectName(q)) return false;
    return this.resolver.originsOf(file, func).some((o) => this.flaskClassNodes.has(o.node));
  }

  // -------------------------------------------------------------------------------------------
  // Constructions

  private findFlaskSubclasses(): void {
    for (const idx of this.indexes) {
      for (const cls of idx.classes) {
        if (cls.bases.some((b) => FLASK_CLASSES.includes(idx.file.semantic.resolveQualifiedName(b) ?? ""))) {
          this.flaskClassNodes.add(cls);
        }
      }
    }
  }

  private findConstructions(): void {
    for (const idx of this.indexes) {
      const file = idx.file;
      for (const call of idx.calls) {
        const q = file.semantic.resolveQualifiedName(call.func);
        if (this.isFlaskClass(file, call.func, q)) this.addApp(file, call);
        else if (q !== null && BLUEPRINT_CLASSES.includes(q)) this.addBlueprint(file, call);
        else if (q !== null && KNOWN_EXTENSIONS[q] !== undefined) this.addExtension(file, call, KNOWN_EXTENSIONS[q]!, q);
      }
    }
  }

  private boundName(file: FileView, call: Call): { name: string; node: Node } | null {
    const parent = this.parentsOf(file).get(call);
    if (parent && (parent.type === "Assign" || parent.type === "AnnAssign")) {
      const target = parent.type === "Assign" ? parent.targets[0] : parent.target;
      if (target?.type === "Name") return { name: target.id, node: target };
      if (target?.type === "Attribute") return { name: target.attr, node: target };
    }
    return null;
  }

  private addApp(file: FileView, call: Call): void {
    const bound = this.boundName(file, call);
    const pos = lineOf(file.text, call.start);
    const args = callArguments(call, ["import_name", "static_url_path", "static_folder", "static_host", "host_matching", "subdomain_matching", "template_folder", "instance_path", "instance_relative_config", "root_path"]);
    const evaluated: Record<string, Value> = {};
    for (const [k, v] of Object.entries(args)) evaluated[k] = this.evaluate(file, v);
    const rootPath = dirOf(file.path);
    const app: FlaskApp = {
      id: `${file.path}:${pos}:${bound?.name ?? "<anonymous>"}`,
      name: bound?.name ?? "<anonymous>",
      createdAt: { file: file.path, node: call },
      factory: null,
      instances: bound ? [{ name: bound.name, at: this.ref(file, bound.node), via: "creation" }] : [],
      arguments: evaluated,
      rootPath,
      templateFolder: this.folder(file, call, args["template_folder"], rootPath, "templates"),
      staticFolder: this.folder(file, call, args["static_folder"], rootPath, "static"),
      configOps: [],
      configurations: [],
      extensions: [],
      blueprintRegistrations: [],
      routes: [],
      hooks: [],
      runCalls: [],
    };
    if (app.staticFolder) {
      const urlArg = args["static_url_path"];
      const url = urlArg ? this.evaluate(file, urlArg) : null;
      app.staticFolder.urlPath = url === null ? `/${app.staticFolder.path.split("/").pop()}` : url.kind === "str" ? url.value : null;
    }
    this.apps.push(app);
    this.appByNode.set(call, app);
    this.opsByApp.set(app, []);
  }

  private folder(file: FileView, call: Call, arg: Expr | undefined, root: string, fallback: string): Folder | null {
    if (!arg) return { path: joinPath(root, fallback), isDefault: true, declaredAt: this.ref(file, call) };
    if (arg.type === "Constant" && arg.value === null) return null;
    const path = evaluatePath(file, arg, root);
    return path === null ? null : { path, isDefault: false, declaredAt: this.ref(file, arg) };
  }

  private addBlueprint(file: FileView, call: Call): void {
    const bound = this.boundName(file, call);
    const args = callArguments(call, ["name", "import_name", "static_folder", "static_url_path", "template_folder", "url_prefix", "subdomain", "url_defaults", "root_path"]);
    const nameValue = args["name"] ? this.evaluate(file, args["name"]) : null;
    const prefix = args["url_prefix"] ? this.evaluate(file, args["url_prefix"]) : null;
    const root = dirOf(file.path);
    const name = nameValue?.kind === "str" ? nameValue.value : (bound?.name ?? "<blueprint>");
    const bp: Blueprint = {
      name,
      qualifiedName: `${this.graph.moduleName(file)}.${bound?.name ?? name}`,
      variable: bound?.name ?? null,
      createdAt: { file: file.path, node: call },
      urlPrefix: prefix?.kind === "str" ? prefix.value : null,
      templateFolder: args["template_folder"] ? this.folder(file, call, args["template_folder"], root, "templates") : null,
      staticFolder: args["static_folder"] ? this.folder(file, call, args["static_folder"], root, "static") : null,
      registrations: [],
      routes: [],
      hooks: [],
    };
    this.blueprints.push(bp);
    this.bpByNode.set(call, bp);
  }

  private addExtension(file: FileView, call: Call, kind: string, qualifiedName: string): void {
    const bound = this.boundName(file, call);
    const ext: Extension = {
      kind,
      qualifiedName,
      name: bound?.name ?? null,
      createdAt: { file: file.path, node: call },
      arguments: {},
      attachments: [],
      uses: [],
    };
    this.extensions.push(ext);
    this.extByNode.set(call, ext);
  }

  /** Binds constructions passed as arguments to project functions' parameters, to a fixpoint. */
  private propagateParameters(): void {
    // Only calls of project functions with a non-literal argument can bind anything; find them once.
    const calls: { file: FileView; call: Call }[] = [];
    for (const idx of this.indexes) {
      for (const call of idx.calls) {
        if (!call.args.some(isReference) && !call.keywords.some((k) => isReference(k.value))) continue;
        const callees = this.resolver.originsOf(idx.file, call.func);
        if (callees.some((o) => o.node.type === "FunctionDef" || o.node.type === "AsyncFunctionDef")) calls.push({ file: idx.file, call });
      }
    }
    for (let pass = 0; pass < 5; pass++) {
      let changed = false;
      for (const { file, call } of calls) if (this.resolver.bindCallArguments(file, call)) changed = true;
      // A pass that learned nothing leaves answers that hold for the final bindings: keep them for
      // the phases after this one instead of computing them all again.
      if (!changed) break;
      this.resolver.reset();
    }
  }

  private findFactories(): void {
    if (this.apps.length === 0) return;
    for (const idx of this.indexes) {
      for (const fn of idx.functions) {
        const returned: FlaskApp[] = [];
        for (const ret of this.resolver.returnValues(fn)) {
          for (const app of this.appsOf(idx.file, ret)) {
            if (!returned.includes(app) && !this.resolver.isCurrentApp(idx.file, ret)) returned.push(app);
          }
        }
        if (returned.length === 0) continue;
        const factory: AppFactory = {
          name: fn.name,
          qualifiedName: `${this.graph.moduleName(idx.file)}.${fn.name}`,
          file: idx.file.path,
          node: fn,
          callSites: [],
        };
        this.factories.set(fn, factory);
        for (const app of returned) {
          const creator = this.enclosingFunction(this.byPath.get(app.createdAt.file)!, app.createdAt.node);
          if (creator === fn || app.factory === null) app.factory = factory;
        }
      }
    }
    // Call sites and the names holding their results.
    for (const idx of this.indexes) {
      for (const call of idx.calls) {
        const fns = this.resolver.originsOf(idx.file, call.func).filter((o) => this.factories.has(o.node));
        for (const o of fns) {
          const factory = this.factories.get(o.node)!;
          factory.callSites.push(this.ref(idx.file, call));
          const bound = this.boundName(idx.file, call);
          if (bound) {
            for (const app of this.appsOf(idx.file, call)) {
              app.instances.push({ name: bound.name, at: this.ref(idx.file, bound.node), via: "factory-call" });
            }
          }
        }
      }
    }
    for (const [binding, origins] of this.resolver.parameterOrigins) {
      for (const o of origins) {
        const app = this.appByNode.get(o.node);
        if (!app) continue;
        const fn = binding.scope.node;
        const file = this.files.find((f) => f.semantic.scopeOpenedBy(fn) === binding.scope);
        if (file && !isTestPath(file.path)) app.instances.push({ name: binding.name, at: this.ref(file, binding.node), via: "parameter" });
      }
    }
  }

  // -------------------------------------------------------------------------------------------
  // Config sources

  private findConfigClasses(): void {
    for (const idx of this.indexes) {
      for (const cls of idx.classes) {
        if (!isConfigClassName(cls)) continue;
        if (!hasUppercaseAttribute(cls.body)) continue;
        this.classSource(idx.file, cls);
      }
      if (this.isConfigModuleName(idx.file) && hasUppercaseAttribute(idx.file.module.body)) this.moduleSource(idx.file);
    }
  }

  private isConfigModuleName(file: FileView): boolean {
    const parts = this.graph.moduleName(file).split(".");
    const base = parts[parts.length - 1] ?? "";
    if (CONFIG_MODULE_NAME.test(base)) return true;
    return parts.slice(0, -1).some((p) => /^(config|configs|settings)$/i.test(p));
  }

  private declaredProduction(names: readonly string[]): boolean {
    return names.some((n) => this.productionConfigs.includes(n));
  }

  private classSource(file: FileView, cls: ClassDef, depth = 0): ConfigSource {
    const existing = this.sources.get(cls);
    if (existing) return existing;
    const qualifiedName = `${this.graph.moduleName(file)}.${cls.name}`;
    const source: ConfigSource = {
      kind: "class",
      name: cls.name,
      qualifiedName,
      file: file.path,
      node: cls,
      bases: [],
      externalBases: [],
      ownSettings: [],
      environment: { environment: "unknown", reason: "no evidence", at: null },
      loadedBy: [],
    };
    this.sources.set(cls, source);
    for (const base of cls.bases) {
      const def = depth < 8 ? this.graph.resolveExpr(file, base) : null;
      if (def?.kind === "class") source.bases.push(this.classSource(def.file, def.node as ClassDef, depth + 1));
      else source.externalBases.push(file.semantic.resolveQualifiedName(base) ?? file.text.slice(base.start, base.end));
    }
    source.ownSettings = this.settingsOfBody(file, cls.body, "class-attribute", source);
    source.environment = this.sourceEnvironment(source, [qualifiedName, cls.name, `${file.moduleName}.${cls.name}`]);
    return source;
  }

  private moduleSource(file: FileView): ConfigSource {
    const existing = this.sources.get(file.module);
    if (existing) return existing;
    const name = this.graph.moduleName(file);
    const source: ConfigSource = {
      kind: "module",
      name,
      qualifiedName: name,
      file: file.path,
      node: file.module,
      bases: [],
      externalBases: [],
      ownSettings: [],
      environment: { environment: "unknown", reason: "no evidence", at: null },
      loadedBy: [],
    };
    this.sources.set(file.module, source);
    source.ownSettings = this.settingsOfBody(file, file.module.body, "module-attribute", source);
    source.environment = this.sourceEnvironment(source, [name, file.moduleName, file.path]);
    return source;
  }

  /** Uppercase `NAME = value` settings of a class or module body (inside `if`/`try` too, marked conditional). */
  private settingsOfBody(file: FileView, body: readonly Stmt[], form: ConfigWriteForm, source: ConfigSource): ConfigWrite[] {
    const out: ConfigWrite[] = [];
    const visit = (stmts: readonly Stmt[], conditional: boolean): void => {
      for (const s of stmts) {
        if (s.type === "Assign" || s.type === "AnnAssign") {
          const targets = s.type === "Assign" ? s.targets : [s.target];
          const value = s.value;
          if (!value) continue;
          for (const t of targets) {
            if (t.type === "Name" && isSettingName(t.id)) {
              out.push({ key: t.id, value: this.evaluate(file, value), form, at: this.ref(file, s), via: null, source, conditional });
            } else if (t.type === "Tuple" && value.type === "Tuple" && t.elts.length === value.elts.length) {
              t.elts.forEach((e, i) => {
                if (e.type === "Name" && isSettingName(e.id)) {
                  out.push({ key: e.id, value: this.evaluate(file, value.elts[i]!), form, at: this.ref(file, s), via: null, source, conditional });
                }
              });
            }
          }
        } else if (s.type === "If") {
          visit(s.body, true);
          visit(s.orelse, true);
        } else if (s.type === "Try" || s.type === "TryStar") {
          visit(s.body, conditional);
          for (const h of s.handlers) visit(h.body, true);
          visit(s.orelse, conditional);
          visit(s.finalbody, conditional);
        } else if (s.type === "With") {
          visit(s.body, conditional);
        }
      }
    };
    visit(body, false);
    return out;
  }

  private sourceEnvironment(source: ConfigSource, names: readonly string[]): EnvironmentEvidence {
    const at = this.ref(source.file, source.kind === "class" ? source.node : { start: 0, end: 0 });
    if (this.declaredProduction(names)) return { environment: "production", reason: "listed in the production-configs setting", at };
    const all = allSettings(source);
    const last = (key: string) => [...all].reverse().find((w) => w.key === key);
    const testing = last("TESTING");
    if (testing && testing.value.kind === "bool" && testing.value.value) return { environment: "testing", reason: "TESTING = True", at: testing.at };
    for (const key of ["ENV", "FLASK_ENV", "ENVIRONMENT", "APP_ENV"]) {
      const w = last(key);
      if (w && w.value.kind === "str") {
        const env = environmentFromName(w.value.value);
        if (env !== "unknown") return { environment: env, reason: `${key} = ${display(w.value)}`, at: w.at };
      }
    }
    const base = source.kind === "class" ? source.name : (source.name.split(".").pop() ?? source.name);
    const byName = environmentFromName(base);
    if (byName !== "unknown") return { environment: byName, reason: `${source.kind} name ${base}`, at };
    return { environment: "unknown", reason: "no evidence", at: null };
  }

  // -------------------------------------------------------------------------------------------
  // Scanning operations

  private scanFile(idx: FileIndex): void {
    const file = idx.file;
    for (const a of idx.assigns) this.scanAssign(file, a.targets, a.value, a.stmt);
    for (const call of idx.calls) this.scanCall(file, call);
    for (const fn of idx.functions) this.scanDecorators(file, fn);
    for (const cls of idx.classes) this.scanClassDecorators(file, cls);
  }

  private addOp(app: FlaskApp, file: FileView, node: Node, op: { kind: "write"; write: ConfigWrite } | { kind: "load"; load: ConfigLoad }): void {
    // Tests configure their own instances (`app.config["TESTING"] = True` in a fixture): not the app's configurations.
    if (isTestPath(file.path) && !isTestPath(app.createdAt.file)) return;
    const placement = this.placement(app, file, node, 0);
    if (op.kind === "write") op.write.conditional ||= placement.conditional;
    const full: ConfigOp = op.kind === "write" ? { kind: "write", write: op.write, choices: placement.choices } : { kind: "load", load: op.load, choices: placement.choices };
    this.opsByApp.get(app)!.push({ op: full, placement });
  }

  /**
   * Where an operation on `app` runs in the app's timeline: ordered by its position in the
   * creating function (or module), reaching helpers through the call sites that pass the app;
   * with the environment checks (`if` branches) it runs under.
   */
  private placement(app: FlaskApp, file: FileView, node: Node, depth: number): Placement {
    const createdIn = this.byPath.get(app.createdAt.file)!;
    const home = app.factory && app.factory.file === app.createdAt.file ? app.factory.node : this.enclosingFunction(createdIn, app.createdAt.node);
    const fn = this.enclosingFunction(file, node);
    const own = this.guards(file, node, fn);
    const start = span(node).start;
    if ((fn === home && file === createdIn) || (fn !== null && this.factories.has(fn) && this.factories.get(fn)!.file === file.path && app.factory?.node === fn)) {
      return { order: [0, start], choices: own.choices, conditional: own.conditional };
    }
    if (fn && depth < 6) {
      const scope = file.semantic.scopeOpenedBy(fn);
      if (scope) {
        for (const bindings of scope.bindings.values()) {
          for (const b of bindings) {
            if (b.kind !== "parameter") continue;
            const sites = this.resolver.parameterSites.get(b);
            const origins = this.resolver.parameterOrigins.get(b) ?? [];
            if (!sites || !origins.some((o) => o.node === app.createdAt.node)) continue;
            const site = sites[0]!;
            const outer = this.placement(app, site.file, site.call, depth + 1);
            return {
              order: [...outer.order, start],
              choices: [...outer.choices, ...own.choices],
              conditional: outer.conditional || own.conditional,
            };
          }
        }
      }
    }
    // Elsewhere (another module importing the app, a view using current_app): after the factory.
    return { order: [1, this.fileOrder.get(file.path) ?? 0, start], choices: own.choices, conditional: own.conditional || fn !== null };
  }

  /** The environment-check branches and plain conditionals between `node` and its function `fn`. */
  private guards(file: FileView, node: Node, fn: Node | null): { choices: ChoiceTag[]; conditional: boolean } {
    const parents = this.parentsOf(file);
    const choices: ChoiceTag[] = [];
    let conditional = false;
    let child: Node = node;
    for (let n = parents.get(node) ?? null; n && n !== fn; child = n, n = parents.get(n) ?? null) {
      if (n.type === "If") {
        const inBody = n.body.includes(child as Stmt);
        const inElse = n.orelse.includes(child as Stmt);
        if (!inBody && !inElse) continue;
        const check = this.environmentCheck(file, n.test);
        const evidence = inBody ? check.body : check.orelse;
        if (check.body || check.orelse) {
          choices.unshift({
            point: this.ref(file, n),
            branch: inBody ? 0 : 1,
            label: evidence ? evidence.environment : inBody ? "if" : "else",
            evidence,
          });
        } else {
          conditional = true;
        }
      } else if (n.type === "For" || n.type === "While" || n.type === "Try" || n.type === "ExceptHandler") {
        if (n.type === "ExceptHandler" || n.type === "For" || n.type === "While") conditional = true;
      }
    }
    return { choices, conditional };
  }

  /**
   * The environment an `if` test selects: `os.environ.get("FLASK_ENV") == "production"` → body
   * production; `config_name != "testing"` → else testing; `app.debug` → body development;
   * `app.testing` / `app.config["TESTING"]` → body testing.
   */
  private environmentCheck(file: FileView, test: Expr): { body: EnvironmentEvidence | null; orelse: EnvironmentEvidence | null } {
    const none = { body: null, orelse: null };
    const shown = file.text.slice(test.start, test.end);
    const ev = (environment: Environment): EnvironmentEvidence => ({ environment, reason: `branch of \`if ${shown}\``, at: this.ref(file, test) });
    if (test.type === "UnaryOp" && test.op === "Not") {
      const inner = this.environmentCheck(file, test.operand);
      return { body: inner.orelse ? { ...inner.orelse, reason: `branch of \`if ${shown}\`` } : null, orelse: inner.body ? { ...inner.body, reason: `else branch of \`if ${shown}\`` } : null };
    }
    if (test.type === "Compare" && test.ops.length === 1) {
      const op = test.ops[0]!;
      const sides = [test.left, test.comparators[0]!];
      let env: Environment = "unknown";
      for (const side of sides) {
        const values: string[] = [];
        if (side.type === "Constant" && typeof side.value === "string") values.push(side.value);
        if (side.type === "Tuple" || side.type === "List" || side.type === "Set") {
          for (const e of side.elts) if (e.type === "Constant" && typeof e.value === "string") values.push(e.value);
        }
        for (const v of values) {
          const e = environmentFromName(v);
          if (e !== "unknown") env = e;
        }
      }
      if (env === "unknown") return none;
      if (op === "Eq" || op === "In" || op === "Is") return { body: ev(env), orelse: null };
      if (op === "NotEq" || op === "NotIn" || op === "IsNot") return { body: null, orelse: { ...ev(env), reason: `else branch of \`if ${shown}\`` } };
      return none;
    }
    let last: string | null = null;
    if (test.type === "Name") last = test.id;
    else if (test.type === "Attribute") last = test.attr;
    else if (test.type === "Subscript" && test.slice.type === "Constant" && typeof test.slice.value === "string") last = test.slice.value;
    else if (test.type === "Call" && test.func.type === "Attribute" && test.func.attr === "get" && test.args[0]?.type === "Constant" && typeof test.args[0].value === "string") last = test.args[0].value;
    else if (test.type === "Call" && (test.func.type === "Name" || test.func.type === "Attribute")) last = test.func.type === "Name" ? test.func.id : test.func.attr;
    if (last === null) return none;
    const env = environmentFromName(last.replace(/^(is|in|use|running)_?/i, ""));
    return env === "unknown" ? none : { body: ev(env), orelse: null };
  }

  private scanAssign(file: FileView, targets: readonly Expr[], value: Expr | null, stmt: Stmt): void {
    if (!value) return;
    for (const target of targets) {
      if (target.type === "Subscript" && target.value.type === "Attribute" && target.value.attr === "config") {
        const apps = this.appsOf(file, target.value.value);
        if (apps.length === 0) continue;
        const key = this.evaluate(file, target.slice);
        if (key.kind !== "str") continue;
        for (const app of apps) {
          const write: ConfigWrite = { key: key.value, value: this.evaluate(file, value), form: "subscript", at: this.ref(file, stmt), via: null, source: null, conditional: false };
          this.addOp(app, file, stmt, { kind: "write", write });
        }
      } else if (target.type === "Attribute" && APP_CONFIG_ATTRIBUTES[target.attr] !== undefined) {
        const apps = this.appsOf(file, target.value);
        for (const app of apps) {
          const write: ConfigWrite = {
            key: APP_CONFIG_ATTRIBUTES[target.attr]!,
            value: this.evaluate(file, value),
            form: "attribute",
            at: this.ref(file, stmt),
            via: null,
            source: null,
            conditional: false,
          };
          this.addOp(app, file, stmt, { kind: "write", write });
        }
      }
    }
  }

  private scanCall(file: FileView, call: Call): void {
    // Extension constructor arguments and ctor-style attachment.
    const ext = this.extByNode.get(call);
    if (ext) this.scanExtensionCall(file, call, ext);
    const func = call.func;
    // `limiter.limit("5/minute")(bp)` / `csrf.exempt(bp)`-style uses where the target is an argument.
    if (func.type === "Call" && func.func.type === "Attribute") {
      for (const e of this.extensionsOf(file, func.func.value)) this.addExtensionUse(file, e, func, call.args[0] ?? null);
    }
    if (func.type !== "Attribute") return;
    const method = func.attr;
    const receiver = func.value;
    // app.config.<method>(...)
    if (receiver.type === "Attribute" && receiver.attr === "config") {
      const apps = this.appsOf(file, receiver.value);
      if (apps.length > 0) this.scanConfigCall(file, call, method, apps);
      return;
    }
    if (method === "init_app") {
      const exts = this.extensionsOf(file, receiver);
      const appArg = call.args[0] ?? call.keywords.find((k) => k.arg === "app")?.value;
      if (exts.length > 0 && appArg) {
        for (const app of this.appsOf(file, appArg)) {
          for (const e of exts) {
            const args: Record<string, Value> = {};
            for (const k of call.keywords) if (k.arg && k.arg !== "app") args[k.arg] = this.evaluate(file, k.value);
            const att: ExtensionAttachment = { extension: e, app, style: "init_app", at: this.ref(file, call), arguments: args };
            e.attachments.push(att);
            app.extensions.push(att);
          }
        }
      }
      return;
    }
    const apps = this.appsOf(file, receiver);
    const bps = apps.length === 0 ? this.blueprintsOf(file, receiver) : [];
    if (apps.length === 0 && bps.length === 0) {
      // Non-decorator extension method calls: `csrf.exempt(bp)`, `limiter.exempt(view)`. The method
      // name first: the file's parent map is built on first need.
      if (call.args.length > 0 && EXTENSION_USE_METHODS.has(method)) {
        const parent = this.parentsOf(file).get(call);
        const isDecorator = parent && (parent.type === "FunctionDef" || parent.type === "AsyncFunctionDef" || parent.type === "ClassDef");
        if (!isDecorator && parent?.type !== "Call") {
          for (const e of this.extensionsOf(file, receiver)) this.addExtensionUse(file, e, call, call.args[0]!);
        }
      }
      return;
    }
    const owners = [...apps.map((app) => ({ kind: "app" as const, app })), ...bps.map((blueprint) => ({ kind: "blueprint" as const, blueprint }))];
    switch (method) {
      case "run":
        if (apps.length > 0) {
          const keywords: RunCall["keywords"] = {};
          for (const k of call.keywords) if (k.arg) keywords[k.arg] = { value: this.evaluate(file, k.value), at: this.ref(file, k) };
          const run: RunCall = { at: { file: file.path, node: call }, keywords, underMainGuard: this.underMainGuard(file, call) };
          for (const app of apps) app.runCalls.push(run);
        }
        return;
      case "register_blueprint": {
        const bpArg = call.args[0] ?? call.keywords.find((k) => k.arg === "blueprint")?.value;
        if (!bpArg) return;
        const prefixArg = call.keywords.find((k) => k.arg === "url_prefix")?.value;
        const prefix = prefixArg ? this.evaluate(file, prefixArg) : null;
        for (const bp of this.blueprintsOf(file, bpArg)) {
          for (const owner of owners) {
            const reg: BlueprintRegistration = {
              blueprint: bp,
              app: owner.kind === "app" ? owner.app : null,
              parent: owner.kind === "blueprint" ? owner.blueprint : null,
              urlPrefix: prefix?.kind === "str" ? prefix.value : prefix?.kind === "none" ? null : prefixArg ? null : bp.urlPrefix,
              at: this.ref(file, call),
            };
            bp.registrations.push(reg);
            if (owner.kind === "app") owner.app.blueprintRegistrations.push(reg);
          }
        }
        return;
      }
      case "add_url_rule": {
        const args = callArguments(call, ["rule", "endpoint", "view_func", "provide_automatic_options"]);
        for (const owner of owners) this.addRoute(file, owner, call, "add_url_rule", args["rule"] ?? null, call.keywords, args["view_func"] ?? null, args["endpoint"] ?? null, null);
        return;
      }
      case "register_error_handler": {
        const fnArg = call.args[1];
        for (const owner of owners) this.addHook(file, owner, "errorhandler", call, call.args.slice(0, 1), fnArg ?? null);
        return;
      }
      default:
        if (HOOK_METHODS.has(method) && call.args.length === 1 && !this.isDecoratorCall(file, call)) {
          for (const owner of owners) this.addHook(file, owner, method, call, [], call.args[0]!);
        }
    }
  }

  private isDecoratorCall(file: FileView, call: Call): boolean {
    const parent = this.parentsOf(file).get(call);
    return !!parent && (parent.type === "FunctionDef" || parent.type === "AsyncFunctionDef" || parent.type === "ClassDef");
  }

  private underMainGuard(file: FileView, node: Node): boolean {
    const parents = this.parentsOf(file);
    for (let n = parents.get(node) ?? null; n; n = parents.get(n) ?? null) {
      if (n.type === "If" && n.test.type === "Compare" && n.test.ops.length === 1 && n.test.ops[0] === "Eq") {
        const sides = [n.test.left, n.test.comparators[0]!];
        if (sides.some((s) => s.type === "Name" && s.id === "__name__") && sides.some((s) => s.type === "Constant" && s.value === "__main__")) return true;
      }
    }
    return false;
  }

  private scanExtensionCall(file: FileView, call: Call, ext: Extension): void {
    call.args.forEach((a, i) => {
      const apps = this.appsOf(file, a);
      if (apps.length > 0) {
        for (const app of apps) this.attach(ext, app, file, call);
      } else {
        ext.arguments[`$${i}`] = this.evaluate(file, a);
      }
    });
    for (const k of call.keywords) {
      if (k.arg === null) continue;
      if (k.arg === "app") {
        const apps = this.appsOf(file, k.value);
        for (const app of apps) this.attach(ext, app, file, call);
        if (apps.length > 0) continue;
      }
      ext.arguments[k.arg] = this.evaluate(file, k.value);
    }
  }

  private attach(ext: Extension, app: FlaskApp, file: FileView, call: Call): void {
    const att: ExtensionAttachment = { extension: ext, app, style: "ctor", at: this.ref(file, call), arguments: {} };
    ext.attachments.push(att);
    app.extensions.push(att);
  }

  private addExtensionUse(file: FileView, ext: Extension, call: Call, targetExpr: Expr | null): void {
    if (call.func.type !== "Attribute") return;
    let target: ExtensionUse["target"] = null;
    if (targetExpr) {
      const bps = this.blueprintsOf(file, targetExpr);
      if (bps.length > 0) target = { kind: "blueprint", blueprint: bps[0]! };
      else {
        const fnOrigin = this.resolver.originsOf(file, targetExpr).find((o) => o.node.type === "FunctionDef" || o.node.type === "AsyncFunctionDef");
        target = fnOrigin ? { kind: "function", node: fnOrigin.node as FunctionDef, file: fnOrigin.file.path } : { kind: "other", node: targetExpr };
      }
    }
    const keywords: Record<string, Value> = {};
    for (const k of call.keywords) if (k.arg) keywords[k.arg] = this.evaluate(file, k.value);
    ext.uses.push({ method: call.func.attr, at: this.ref(file, call), args: call.args.map((a) => this.evaluate(file, a)), keywords, target });
  }

  private scanConfigCall(file: FileView, call: Call, method: string, apps: FlaskApp[]): void {
    const writes: ConfigWrite[] = [];
    const push = (key: string, value: Value, at: Node, form: ConfigWriteForm) =>
      writes.push({ key, value, form, at: this.ref(file, at), via: null, source: null, conditional: false });
    switch (method) {
      case "update":
      case "from_mapping": {
        const form = method as ConfigWriteForm;
        for (const arg of call.args) {
          const v = this.evaluate(file, arg);
          if (v.kind === "dict") {
            for (const e of v.entries) if (e.key.kind === "str") push(e.key.value, e.value, entryAnchor(arg, e.key.origin.node, e.value.origin.node), form);
          }
        }
        for (const k of call.keywords) if (k.arg) push(k.arg, this.evaluate(file, k.value), k, form);
        break;
      }
      case "setdefault": {
        const key = call.args[0] ? this.evaluate(file, call.args[0]) : null;
        if (key?.kind === "str" && call.args[1]) push(key.value, this.evaluate(file, call.args[1]), call, "setdefault");
        break;
      }
      case "from_object":
      case "from_pyfile":
      case "from_envvar":
      case "from_prefixed_env":
      case "from_file": {
        for (const app of apps) {
          const load = this.configLoad(file, call, method, app);
          this.addOp(app, file, call, { kind: "load", load });
        }
        return;
      }
      default:
        return;
    }
    for (const app of apps) for (const w of writes) this.addOp(app, file, call, { kind: "write", write: { ...w } });
  }

  /** Resolves what a `from_object`/`from_pyfile`/... call loads, one candidate per alternative. */
  private configLoad(file: FileView, call: Call, method: string, app: FlaskApp): ConfigLoad {
    const at = this.ref(file, call);
    const arg = call.args[0] ?? call.keywords[0]?.value ?? null;
    const load: ConfigLoad = { kind: method as ConfigLoad["kind"], at, argument: null, candidates: [], unknownReason: null };
    if (method === "from_prefixed_env") {
      const prefix = call.args[0] ?? call.keywords.find((k) => k.arg === "prefix")?.value;
      const p = prefix ? this.evaluate(file, prefix) : null;
      load.unknownReason = `environment variables prefixed ${p?.kind === "str" ? p.value : "FLASK"}_`;
      return load;
    }
    if (!arg) {
      load.unknownReason = "no argument";
      return load;
    }
    load.argument = this.evaluate(file, arg);
    if (method === "from_envvar") {
      const v = load.argument;
      load.unknownReason = `file named by environment variable ${v.kind === "str" ? v.value : "?"}`;
      return load;
    }
    if (method === "from_pyfile" || method === "from_file") {
      const paths = this.pathCandidates(load.argument);
      if (paths.length === 0) {
        load.unknownReason = `path ${display(load.argument)}`;
        return load;
      }
      for (const p of paths) {
        const instanceRelative = truthy(app.arguments["instance_relative_config"] ?? { kind: "bool", value: false, origin: { file: "", node: call } }) === true;
        const base = instanceRelative ? joinPath(app.rootPath, "../instance") : app.rootPath;
        const source = this.fileSourceFor(p, base, file);
        if (source) source.loadedBy.push(at);
        load.candidates.push({ label: p, source, evidence: null });
        if (!source) load.unknownReason = `\`${p}\` is not in the project`;
      }
      return load;
    }
    // from_object
    for (const c of this.objectCandidates(file, arg, load.argument, 0)) {
      if (c.source && load.candidates.some((o) => o.source === c.source)) continue;
      if (c.source) c.source.loadedBy.push(at);
      load.candidates.push(c);
    }
    const missing = load.candidates.filter((c) => c.source === null);
    if (load.candidates.length === 0) load.unknownReason = load.argument.kind === "unknown" ? load.argument.reason : `cannot resolve ${display(load.argument)}`;
    else if (missing.length > 0) load.unknownReason = missing.map((c) => c.label).join(", ");
    return load;
  }

  private pathCandidates(v: Value): string[] {
    if (v.kind === "str") return [v.value];
    if (v.kind === "env" && v.fallback?.kind === "str") return [v.fallback.value];
    return [];
  }

  private fileSourceFor(path: string, base: string, near: FileView): ConfigSource | null {
    const wanted = [joinPath(base, path), joinPath(".", path), joinPath(dirOf(near.path), path)];
    const suffix = path.replace(/^(\.\/)+/, "");
    const bySuffix = (p: string) => suffix.includes("/") && (p.endsWith(`/${suffix}`) || p === suffix);
    const py = this.files.find((f) => wanted.includes(f.path)) ?? this.files.find((f) => bySuffix(f.path));
    if (py) return this.moduleSource(py);
    const text = this.textFiles.find((f) => wanted.includes(f.path)) ?? this.textFiles.find((f) => bySuffix(f.path));
    if (!text) return null;
    const existing = this.fileSources.get(text.path);
    if (existing) return existing;
    const source: ConfigSource = {
      kind: "file",
      name: text.path,
      qualifiedName: text.path,
      file: text.path,
      node: { type: "File", start: 0, end: text.text.length } as unknown as Node,
      bases: [],
      externalBases: [],
      ownSettings: [],
      environment: { environment: "unknown", reason: "no evidence", at: null },
      loadedBy: [],
    };
    this.fileSources.set(text.path, source);
    const parsed = parse(text.text, { filename: text.path });
    if (parsed.module) {
      const model = SemanticModel.build(parsed.module, { moduleName: text.path.replace(/\W+/g, "_") });
      const view: FileView = { path: text.path, text: parsed.text, module: parsed.module, comments: parsed.comments, semantic: model, moduleName: "", isPackage: false };
      source.ownSettings = this.settingsOfBody(view, parsed.module.body, "env-file", source);
    }
    source.environment = this.sourceEnvironment(source, [text.path]);
    return source;
  }

  /** The config sources a `from_object` argument can name. */
  private objectCandidates(file: FileView, arg: Expr, value: Value, depth: number): ConfigLoad["candidates"] {
    const out: ConfigLoad["candidates"] = [];
    if (depth > 4) return out;
    // `config[name]` / `config.get(name, Default)` over a dict of classes: every entry is an alternative.
    const dictExpr = arg.type === "Subscript" ? arg.value : arg.type === "Call" && arg.func.type === "Attribute" && arg.func.attr === "get" ? arg.func.value : null;
    if (dictExpr) {
      const dict = this.evaluate(file, dictExpr);
      if (dict.kind === "dict") {
        const keyExpr = arg.type === "Subscript" ? arg.slice : (arg as Call).args[0];
        const key = keyExpr ? this.evaluate(file, keyExpr) : null;
        const entries = key?.kind === "str" ? dict.entries.filter((e) => e.key.kind === "str" && e.key.value === key.value) : dict.entries;
        for (const e of entries) {
          const label = e.key.kind === "str" ? e.key.value : display(e.key);
          const inner = this.sourceForValue(e.value);
          const env = environmentFromName(label);
          out.push({
            label: inner ? `${label}: ${inner.name}` : label,
            source: inner,
            evidence: env !== "unknown" ? { environment: env, reason: `config dict key "${label}"`, at: this.ref(file, e.key.origin.node) } : null,
          });
        }
        return out;
      }
    }
    // A parameter: its default plus the arguments passed at project call sites.
    if (arg.type === "Name") {
      const b = file.semantic.lookupName(arg);
      if (b?.kind === "parameter") {
        const fn = b.scope.node;
        if (fn.type === "FunctionDef" || fn.type === "AsyncFunctionDef") {
          const all = [...fn.args.posonlyargs, ...fn.args.args];
          const i = all.findIndex((p) => p.arg === b.name);
          const defaults = fn.args.defaults;
          const di = i - (all.length - defaults.length);
          const def = i >= 0 && di >= 0 ? defaults[di] : fn.args.kwonlyargs.findIndex((p) => p.arg === b.name) >= 0 ? fn.args.kw_defaults[fn.args.kwonlyargs.findIndex((p) => p.arg === b.name)] : null;
          if (def) out.push(...this.objectCandidates(file, def, this.evaluate(file, def), depth + 1));
          const factory = this.factories.get(fn);
          for (const site of factory?.callSites ?? []) {
            const siteFile = this.byPath.get(site.file);
            const c = site.node as Call;
            const passed = (i >= 0 ? c.args[i] : undefined) ?? c.keywords.find((k) => k.arg === b.name)?.value;
            if (siteFile && passed) {
              for (const cand of this.objectCandidates(siteFile, passed, this.evaluate(siteFile, passed), depth + 1)) {
                if (!out.some((o) => o.source !== null && o.source === cand.source)) out.push(cand);
              }
            }
          }
          if (out.length > 0) {
            const outsideTests = out.filter((c) => !c.source || !isTestPath(c.source.file));
            return outsideTests.length > 0 ? outsideTests : out;
          }
        }
      }
    }
    if (value.kind === "env") {
      if (value.fallback) {
        for (const c of this.objectCandidatesOfValue(file, value.fallback)) out.push({ ...c, label: `${c.label} (${value.variable ?? "env"} unset)` });
      }
      out.push({ label: `env ${value.variable ?? "?"}`, source: null, evidence: null });
      return out;
    }
    return this.objectCandidatesOfValue(file, value);
  }

  private objectCandidatesOfValue(file: FileView, value: Value): ConfigLoad["candidates"] {
    const source = this.sourceForValue(value);
    if (source) return [{ label: source.name, source, evidence: null }];
    if (value.kind === "str") return [{ label: value.value, source: null, evidence: null }];
    return [];
  }

  private sourceForValue(value: Value): ConfigSource | null {
    if (value.kind === "object" && value.definition) {
      const f = this.byPath.get(value.definition.file);
      if (!f) return null;
      if (value.objectKind === "class") return this.classSource(f, value.definition.node as ClassDef);
      if (value.objectKind === "module") return this.moduleSource(f);
      return null;
    }
    if (value.kind === "str") {
      const def = this.graph.resolveQualifiedName(value.value);
      if (def?.kind === "class") return this.classSource(def.file, def.node as ClassDef);
      if (def?.kind === "module") return this.moduleSource(def.file);
      // `Config = ServerConfig()`: `from_object` reads the instance's class attributes.
      if (def?.kind === "variable" && def.node.type === "Call") return this.instanceSource(def.file, def.node);
    }
    if (value.kind === "unknown" && value.origin.node.type === "Call") {
      const f = this.byPath.get(value.origin.file);
      if (f) return this.instanceSource(f, value.origin.node);
    }
    return null;
  }

  /** The config class of an instance expression (`ServerConfig()`), if it is a project config class. */
  private instanceSource(file: FileView, call: Call): ConfigSource | null {
    const cls = this.resolver.originsOf(file, call.func).find((o) => o.node.type === "ClassDef");
    return cls ? this.classSource(cls.file, cls.node as ClassDef) : null;
  }

  // -------------------------------------------------------------------------------------------
  // Routes and hooks

  private scanDecorators(file: FileView, fn: FunctionDef | AsyncFunctionDef): void {
    const decorators = fn.decorator_list;
    decorators.forEach((d, i) => {
      const call = d.type === "Call" ? d : null;
      const target = call ? call.func : d;
      if (target.type !== "Attribute") return;
      const method = target.attr;
      const receiver = target.value;
      // Extension decorators: `@csrf.exempt`, `@limiter.limit("5/minute")`, `@login_manager.user_loader`.
      const exts = this.extensionsOf(file, receiver);
      if (exts.length > 0) {
        for (const e of exts) {
          const keywords: Record<string, Value> = {};
          for (const k of call?.keywords ?? []) if (k.arg) keywords[k.arg] = this.evaluate(file, k.value);
          e.uses.push({ method, at: this.ref(file, d), args: (call?.args ?? []).map((a) => this.evaluate(file, a)), keywords, target: { kind: "function", node: fn, file: file.path } });
        }
        return;
      }
      const apps = this.appsOf(file, receiver);
      const bps = apps.length === 0 ? this.blueprintsOf(file, receiver) : [];
      if (apps.length === 0 && bps.length === 0) return;
      const owners = [...apps.map((app) => ({ kind: "app" as const, app })), ...bps.map((blueprint) => ({ kind: "blueprint" as const, blueprint }))];
      const others = decorators.filter((_, j) => j !== i);
      if (method === "route" || HTTP_SHORTCUTS[method] !== undefined) {
        const args = call ? callArguments(call, ["rule"]) : {};
        for (const owner of owners) {
          this.addRoute(file, owner, d, method === "route" ? "route" : "shortcut", args["rule"] ?? null, call?.keywords ?? [], null, null, { fn, decorators: others }, HTTP_SHORTCUTS[method]);
        }
      } else if (HOOK_METHODS.has(method)) {
        for (const owner of owners) this.addHook(file, owner, method, d, call?.args ?? [], null, fn);
      }
    });
  }

  private scanClassDecorators(file: FileView, cls: ClassDef): void {
    for (const d of cls.decorator_list) {
      const target = d.type === "Call" ? d.func : d;
      if (target.type !== "Attribute") continue;
      for (const e of this.extensionsOf(file, target.value)) {
        e.uses.push({ method: target.attr, at: this.ref(file, d), args: d.type === "Call" ? d.args.map((a) => this.evaluate(file, a)) : [], keywords: {}, target: { kind: "other", node: cls as unknown as Expr } });
      }
    }
  }

  private addRoute(
    file: FileView,
    owner: Route["owner"],
    at: Node,
    style: Route["style"],
    ruleExpr: Expr | null,
    keywords: readonly Keyword[],
    viewFunc: Expr | null,
    endpointExpr: Expr | null,
    decorated: { fn: FunctionDef | AsyncFunctionDef; decorators: Expr[] } | null,
    shortcut?: string,
  ): void {
    const rule = ruleExpr ? this.evaluate(file, ruleExpr) : null;
    const methodsKw = keywords.find((k) => k.arg === "methods");
    const endpointKw = keywords.find((k) => k.arg === "endpoint")?.value ?? endpointExpr;
    const endpoint = endpointKw ? this.evaluate(file, endpointKw) : null;
    let methods: string[] = shortcut ? [shortcut] : ["GET"];
    let methodsKnown = true;
    let view: Route["view"] = decorated ? { file: file.path, node: decorated.fn } : null;
    let decorators: Expr[] = decorated?.decorators ?? [];
    let viewFile = file;
    let asViewEndpoint: Value | null = null;
    if (viewFunc) {
      const isAsView = viewFunc.type === "Call" && viewFunc.func.type === "Attribute" && viewFunc.func.attr === "as_view";
      const target = isAsView ? (viewFunc as Call).func : viewFunc;
      const origins = this.resolver.originsOf(file, isAsView ? (target as Extract<Expr, { type: "Attribute" }>).value : target);
      const def = origins.find((o) => o.node.type === "FunctionDef" || o.node.type === "AsyncFunctionDef" || o.node.type === "ClassDef");
      if (isAsView && !endpointKw) {
        const asViewName = (viewFunc as Call).args[0] ?? (viewFunc as Call).keywords.find((k) => k.arg === "name")?.value;
        if (asViewName) asViewEndpoint = this.evaluate(file, asViewName);
      }
      if (def) {
        view = { file: def.file.path, node: def.node as FunctionDef | ClassDef };
        viewFile = def.file;
        if (def.node.type !== "ClassDef") decorators = (def.node as FunctionDef).decorator_list;
        if (def.node.type === "ClassDef") {
          style = "method-view";
          const cls = def.node;
          const declared = classMethodsAttribute(cls);
          if (!methodsKw) {
            if (declared) methods = declared;
            else {
              const defined = this.viewMethods(def.file, cls, 0);
              if (defined.length > 0) methods = defined;
            }
          }
          decorators = [];
        }
      }
    }
    if (methodsKw) {
      const v = this.evaluate(file, methodsKw.value);
      if ((v.kind === "list" || v.kind === "tuple" || v.kind === "set") && v.items.every((x) => x.kind === "str")) {
        methods = v.items.map((x) => (x as { value: string }).value.toUpperCase());
      } else {
        methodsKnown = false;
      }
    }
    const route: Route = {
      rule: rule?.kind === "str" ? rule.value : null,
      fullRules: [],
      methods: [...new Set(methods)],
      methodsKnown,
      endpoint: endpoint?.kind === "str" ? endpoint.value : asViewEndpoint?.kind === "str" ? asViewEndpoint.value : view && view.node.type !== "ClassDef" ? (view.node as FunctionDef).name : null,
      style,
      owner,
      view,
      decorators: decorators.map((d) => this.decorator(viewFile, d)),
      at: this.ref(file, at),
    };
    this.routes.push(route);
    if (owner.kind === "app") owner.app.routes.push(route);
    else owner.blueprint.routes.push(route);
  }

  private viewMethods(file: FileView, cls: ClassDef, depth: number): string[] {
    const out = new Set<string>();
    for (const s of cls.body) {
      if ((s.type === "FunctionDef" || s.type === "AsyncFunctionDef") && VIEW_METHODS.includes(s.name)) out.add(s.name.toUpperCase());
    }
    if (depth < 5) {
      for (const b of cls.bases) {
        const def = this.graph.resolveExpr(file, b);
        if (def?.kind === "class") for (const m of this.viewMethods(def.file, def.node as ClassDef, depth + 1)) out.add(m);
      }
    }
    return [...out];
  }

  private decorator(file: FileView, d: Expr): Decorator {
    const call = d.type === "Call" ? d : null;
    const target = call ? call.func : d;
    let name = file.semantic.resolveQualifiedName(target);
    if (name === null) {
      const def = target.type === "Name" || target.type === "Attribute" ? this.graph.resolveExpr(file, target) : null;
      name = def ? def.qualifiedName : file.text.slice(target.start, target.end);
    } else {
      const def = this.graph.resolveQualifiedName(name, file);
      if (def && def.kind === "function") name = def.qualifiedName;
    }
    const ext = target.type === "Attribute" ? (this.extensionsOf(file, target.value)[0] ?? null) : null;
    const keywords: Record<string, Value> = {};
    for (const k of call?.keywords ?? []) if (k.arg) keywords[k.arg] = this.evaluate(file, k.value);
    return { name, args: (call?.args ?? []).map((a) => this.evaluate(file, a)), keywords, at: this.ref(file, d), extension: ext };
  }

  private addHook(file: FileView, owner: Hook["owner"], kind: string, at: Node, args: readonly Expr[], fnExpr: Expr | null, fn?: FunctionDef | AsyncFunctionDef): void {
    let fnRef: Hook["function"] = fn ? { file: file.path, node: fn } : null;
    if (!fnRef && fnExpr) {
      const o = this.resolver.originsOf(file, fnExpr).find((x) => x.node.type === "FunctionDef" || x.node.type === "AsyncFunctionDef");
      if (o) fnRef = { file: o.file.path, node: o.node as FunctionDef };
    }
    const hook: Hook = { kind, owner, function: fnRef, args: args.map((a) => this.evaluate(file, a)), at: this.ref(file, at) };
    this.hooks.push(hook);
    if (owner.kind === "app") owner.app.hooks.push(hook);
    else owner.blueprint.hooks.push(hook);
  }

  private computeFullRules(): void {
    const prefixesOf = (bp: Blueprint, depth: number): string[] => {
      if (depth > 6) return [];
      const out: string[] = [];
      for (const reg of bp.registrations) {
        const own = reg.urlPrefix ?? "";
        if (reg.app) out.push(own);
        else if (reg.parent) for (const p of prefixesOf(reg.parent, depth + 1)) out.push(joinUrl(p, own));
      }
      return out;
    };
    for (const route of this.routes) {
      if (route.rule === null) continue;
      if (route.owner.kind === "app") route.fullRules = [route.rule];
      else route.fullRules = [...new Set(prefixesOf(route.owner.blueprint, 0).map((p) => joinUrl(p, route.rule!)))];
    }
  }

  // -------------------------------------------------------------------------------------------
  // Configurations

  private buildConfigurations(app: FlaskApp): void {
    const entries = this.opsByApp.get(app)!;
    entries.sort((a, b) => compareOrder(a.placement.order, b.placement.order));
    app.configOps = entries.map((e) => e.op);
    // Choice points: env-check ifs (2 branches) and multi-candidate from_object loads.
    const points: { key: Node; size: number; labels: string[] }[] = [];
    const pointIndex = new Map<Node, number>();
    for (const op of app.configOps) {
      for (const c of op.choices) {
        if (!pointIndex.has(c.point.node as Node)) {
          pointIndex.set(c.point.node as Node, points.length);
          points.push({ key: c.point.node as Node, size: 2, labels: ["", ""] });
        }
        points[pointIndex.get(c.point.node as Node)!]!.labels[c.branch] = c.label;
      }
      if (op.kind === "load" && op.load.candidates.length > 1 && !pointIndex.has(op.load.at.node as Node)) {
        pointIndex.set(op.load.at.node as Node, points.length);
        points.push({ key: op.load.at.node as Node, size: op.load.candidates.length, labels: op.load.candidates.map((c) => c.label) });
      }
    }
    const combos: number[][] = [[]];
    for (const p of points) {
      const next: number[][] = [];
      for (const c of combos) for (let i = 0; i < p.size; i++) if (next.length < MAX_CONFIGURATIONS) next.push([...c, i]);
      combos.splice(0, combos.length, ...next);
    }
    const seen = new Set<string>();
    for (const combo of combos) {
      const choice = (node: Node): number | undefined => {
        const i = pointIndex.get(node);
        return i === undefined ? undefined : combo[i];
      };
      const writes: ConfigWrite[] = [];
      const opaque: ConfigLoad[] = [];
      const sources: ConfigSource[] = [];
      const evidence: EnvironmentEvidence[] = [];
      const labels: string[] = [];
      const signature: string[] = [];
      const chosenSources: ConfigSource[] = [];
      app.configOps.forEach((op, opIndex) => {
        if (!op.choices.every((c) => choice(c.point.node as Node) === c.branch)) return;
        for (const c of op.choices) {
          if (c.evidence && !evidence.includes(c.evidence)) evidence.push(c.evidence);
          if (!labels.includes(c.label) && c.evidence) labels.push(c.label);
        }
        if (op.kind === "write") {
          writes.push(op.write);
          signature.push(`w${opIndex}`);
          return;
        }
        const load = op.load;
        const chosen = load.candidates.length > 1 ? [load.candidates[choice(load.at.node as Node) ?? 0]!] : load.candidates;
        signature.push(`l${opIndex}:${load.candidates.length > 1 ? choice(load.at.node as Node) : ""}`);
        if (chosen.length === 0) opaque.push(load);
        for (const cand of chosen) {
          if (load.candidates.length > 1) labels.push(cand.source?.name ?? cand.label);
          if (cand.evidence) evidence.push(cand.evidence);
          if (!cand.source) {
            opaque.push(load);
            continue;
          }
          sources.push(cand.source);
          if (load.candidates.length > 1) chosenSources.push(cand.source);
          for (const w of allSettings(cand.source)) writes.push({ ...w, via: load.at });
        }
      });
      // Alternatives that contradict each other (a `production` branch with a `DevConfig`) are not real.
      const envs = new Set(evidence.filter((e) => e.environment !== "unknown").map((e) => e.environment));
      for (const src of chosenSources) if (src.environment.environment !== "unknown") envs.add(src.environment.environment);
      const declared = chosenSources.some((src) => this.declaredProduction([src.qualifiedName, src.name]));
      if (!declared && envs.size > 1 && (combo !== combos[combos.length - 1] || app.configurations.length > 0)) continue;
      const sig = signature.join(",");
      if (seen.has(sig)) continue;
      seen.add(sig);
      const label = labels.length > 0 ? labels.join(" + ") : sources.length > 0 ? sources[sources.length - 1]!.name : "default";
      const config = makeConfiguration(app, label, writes, opaque, sources);
      app.configurations.push(config);
      this.classify(config, evidence, points.length > 0);
    }
  }

  /** Sets a configuration's environment from its evidence, strongest first. */
  private classify(config: Configuration, choiceEvidence: EnvironmentEvidence[], alternatives: boolean): void {
    const evidence: EnvironmentEvidence[] = [];
    const declared = config.sources.find((s) => this.declaredProduction([s.qualifiedName, s.name]));
    if (declared) evidence.push({ environment: "production", reason: `${declared.name} is listed in the production-configs setting`, at: this.ref(declared.file, declared.node) });
    const testing = config.get("TESTING");
    if (testing.status === "set" && testing.value?.kind === "bool" && testing.value.value) {
      evidence.push({ environment: "testing", reason: "TESTING = True", at: testing.write!.at });
    }
    for (const key of ["ENV", "FLASK_ENV"]) {
      const v = config.get(key);
      if (v.status === "set" && v.value?.kind === "str") {
        const env = environmentFromName(v.value.value);
        if (env !== "unknown") evidence.push({ environment: env, reason: `${key} = ${display(v.value)}`, at: v.write!.at });
      }
    }
    evidence.push(...choiceEvidence);
    const lastSource = config.sources[config.sources.length - 1];
    if (lastSource && lastSource.environment.environment !== "unknown") evidence.push(lastSource.environment);
    const debug = config.get("DEBUG");
    if (alternatives && debug.status === "set" && debug.value?.kind === "bool" && debug.value.value) {
      evidence.push({ environment: "development", reason: "DEBUG = True in one of several configurations", at: debug.write!.at });
    }
    config.evidence = evidence.filter((e, i) => evidence.findIndex((x) => x.reason === e.reason && x.environment === e.environment) === i);
    config.environment = evidence[0]?.environment ?? "unknown";
  }

  // -------------------------------------------------------------------------------------------
  // .env / .flaskenv

  private readEnvFiles(): void {
    for (const tf of this.textFiles) {
      const base = tf.path.split("/").pop() ?? tf.path;
      const kind: EnvFile["kind"] | null = base === ".flaskenv" ? "flaskenv" : base === ".env" || base.endsWith(".env") || base.startsWith(".env.") ? "dotenv" : null;
      if (!kind) continue;
      this.envFiles.push({ path: tf.path, kind, entries: parseEnvFile(tf) });
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Free helpers

/** A node as a range (a `Module` spans nothing: offset 0). */
function span(node: Node | { start: number; end: number; type?: string }): { start: number; end: number; type?: string } {
  return "start" in node ? (node as { start: number; end: number; type?: string }) : { type: node.type, start: 0, end: 0 };
}

function indexFile(file: FileView): FileIndex {
  const idx: FileIndex = { file, calls: [], assigns: [], functions: [], classes: [] };
  // The iterative walker: safe on arbitrarily deep expressions.
  walk(file.module, { enter: (n) => {
    switch (n.type) {
      case "Call":
        idx.calls.push(n);
        break;
      case "Assign":
        idx.assigns.push({ targets: n.targets, value: n.value, stmt: n });
        break;
      case "AnnAssign":
        idx.assigns.push({ targets: [n.target], value: n.value, stmt: n });
        break;
      case "FunctionDef":
      case "AsyncFunctionDef":
        idx.functions.push(n);
        break;
      case "ClassDef":
        idx.classes.push(n);
        break;
      default:
        break;
    }
  } });
  return idx;
}

/** Positional and keyword arguments of a call by parameter name. */
function callArguments(call: Call, params: readonly string[]): Record<string, Expr> {
  const out: Record<string, Expr> = {};
  call.args.forEach((a, i) => {
    const p = params[i];
    if (p && a.type !== "Starred") out[p] = a;
  });
  for (const k of call.keywords) if (k.arg) out[k.arg] = k.value;
  return out;
}

/** Test files (`tests/`, `test_*.py`, `*_test.py`, `conftest.py`): their app instances are test instances. */
export function isTestPath(path: string): boolean {
  const parts = path.split("/");
  const base = parts[parts.length - 1] ?? "";
  if (parts.slice(0, -1).some((p) => /^(test|tests|testing)$/i.test(p))) return true;
  return /^test_.*\.py$/i.test(base) || /_tests?\.py$/i.test(base) || base === "conftest.py" || base === "tests.py";
}

/** Whether an argument can carry an app, blueprint or extension (a name, attribute or call). */
function isReference(e: Expr): boolean {
  return e.type === "Name" || e.type === "Attribute" || e.type === "Call" || e.type === "Starred";
}

function isSettingName(name: string): boolean {
  return /^[A-Z][A-Z0-9_]*$/.test(name);
}

function hasUppercaseAttribute(body: readonly Stmt[]): boolean {
  return body.some(
    (s) =>
      (s.type === "Assign" && s.targets.some((t) => t.type === "Name" && isSettingName(t.id))) ||
      (s.type === "AnnAssign" && s.target.type === "Name" && isSettingName(s.target.id)),
  );
}

function isConfigClassName(cls: ClassDef): boolean {
  if (CONFIG_CLASS_NAME.test(cls.name)) return true;
  return cls.bases.some((b) => {
    const last = b.type === "Name" ? b.id : b.type === "Attribute" ? b.attr : "";
    return CONFIG_CLASS_NAME.test(last);
  });
}

/** The settings of a source with inheritance applied (bases first, so the class's own win). */
export function allSettings(source: ConfigSource, seen = new Set<ConfigSource>()): ConfigWrite[] {
  if (seen.has(source)) return [];
  seen.add(source);
  const out: ConfigWrite[] = [];
  for (const base of [...source.bases].reverse()) out.push(...allSettings(base, seen));
  out.push(...source.ownSettings);
  return out;
}

function makeConfiguration(app: FlaskApp, label: string, writes: ConfigWrite[], opaqueLoads: ConfigLoad[], sources: ConfigSource[]): Configuration {
  const positions = new Map<ConfigLoad, number>();
  let pos = 0;
  const order: (ConfigWrite | ConfigLoad)[] = [];
  // Opaque loads sit at their position relative to the writes (by `at` order).
  for (const w of writes) order.push(w);
  for (const l of opaqueLoads) {
    positions.set(l, pos++);
    order.push(l);
  }
  const origin: Origin = { file: app.createdAt.file, node: app.createdAt.node };
  const config: Configuration = {
    id: `${app.id}#${label}`,
    label,
    app,
    environment: "unknown",
    evidence: [],
    sources,
    writes,
    opaqueLoads,
    get(key: string): EffectiveValue {
      let write: ConfigWrite | null = null;
      for (const w of writes) if (w.key === key) write = w;
      const overriding = opaqueLoads.filter((l) => !write || refAfter(l.at, write.via ?? write.at));
      if (write) {
        if (write.value.kind === "unknown") {
          return { key, status: "unknown", value: write.value, write, reason: write.value.reason, mayBeOverriddenBy: overriding };
        }
        return { key, status: "set", value: write.value, write, reason: null, mayBeOverriddenBy: overriding };
      }
      const def = defaultValue(key, origin);
      return {
        key,
        status: "default",
        value: def?.value ?? null,
        write: null,
        reason: def ? `not set; the default of ${def.definedBy} is ${display(def.value)}` : "not set; no known default",
        mayBeOverriddenBy: overriding,
      };
    },
  };
  return config;
}

function refAfter(a: SourceRef, b: SourceRef): boolean {
  if (a.file !== b.file) return true;
  return a.node.start > b.node.start;
}

function compareOrder(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function joinUrl(prefix: string, rule: string): string {
  if (!prefix) return rule;
  return `${prefix.replace(/\/+$/, "")}/${rule.replace(/^\/+/, "")}`.replace(/\/$/, rule.endsWith("/") ? "/" : "") || "/";
}

function entryAnchor(arg: Expr, key: Node, value: Node): Node {
  // Anchor dict entries at `key: value` when the dict is a literal in this call.
  if (arg.type === "Dict" || arg.type === "Call") return { type: "DictEntry", start: span(key).start, end: span(value).end } as unknown as Node;
  return arg;
}

function classMethodsAttribute(cls: ClassDef): string[] | null {
  for (const s of cls.body) {
    if (s.type === "Assign" && s.targets.some((t) => t.type === "Name" && t.id === "methods")) {
      const v = s.value;
      if ((v.type === "List" || v.type === "Tuple" || v.type === "Set") && v.elts.every((e) => e.type === "Constant" && typeof e.value === "string")) {
        return v.elts.map((e) => String((e as { value: string }).value).toUpperCase());
      }
    }
  }
  return null;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Parses `KEY=value` lines (`export` prefix, quotes, `#` comments) of a `.env`-style file. */
export function parseEnvFile(tf: TextFileView): EnvFileEntry[] {
  const out: EnvFileEntry[] = [];
  const re = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.]*)[ \t]*=[ \t]*(.*?)[ \t]*$/gm;
  for (const m of tf.text.matchAll(re)) {
    let raw = m[2] ?? "";
    if (/^'[^']*'/.test(raw)) raw = /^'([^']*)'/.exec(raw)![1]!;
    else if (/^"(?:[^"\\]|\\.)*"/.test(raw)) raw = /^"((?:[^"\\]|\\.)*)"/.exec(raw)![1]!.replace(/\\(.)/g, (_, c: string) => (c === "n" ? "\n" : c));
    else raw = raw.replace(/[ \t]+#.*$/, "");
    const start = m.index!;
    const node = { type: "EnvEntry", start, end: start + m[0].length };
    out.push({
      key: m[1]!,
      value: raw,
      evaluated: { kind: "str", value: raw, bytes: false, origin: { file: tf.path, node: node as unknown as Node } },
      at: { file: tf.path, node },
    });
  }
  return out;
}

/** Re-exported for the rules that still need a module-level view. */
export type { Module, OriginSite };
