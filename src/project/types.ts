/**
 * @fileoverview The entities of the Flask project model (what the app really is, across files):
 * apps and factories, configuration sources and writes with provenance, configurations with their
 * environment and effective values, extensions, blueprints, routes, hooks, template and static
 * folders, and `.env`/`.flaskenv` files. Every entity carries the file and node it comes from
 * (`SourceRef`), so rules can anchor findings and give `related` locations. Pure types; the builder
 * is `build.ts`, the entry and query guide `index.ts`.
 */
import type { Call, ClassDef, Expr, FunctionDef, AsyncFunctionDef, Node } from "../python/ast.js";
import type { Value } from "../semantic/evaluate.js";
import type { FileView } from "../rules/types.js";

/** A place in a project file: report with `{ file: ref.file, node: ref.node }`. */
export interface SourceRef {
  /** POSIX path relative to the scan root. */
  file: string;
  /** The node (for text files such as `.flaskenv`: a synthetic `{start, end}` range of the line). */
  node: { start: number; end: number; type?: string };
}

/** The role a configuration plays. Unknown is treated as production by security rules. */
export type Environment = "production" | "development" | "testing" | "unknown";

/** Why a configuration has its environment (one piece of evidence). */
export interface EnvironmentEvidence {
  environment: Environment;
  /**
   * What was seen: `production-configs setting`, `config dict key "production"`,
   * `class name ProductionConfig`, `TESTING = True`, `branch of if os.environ.get("FLASK_ENV") == "production"`,
   * `DEBUG = True in one of several configurations`, `create_app("testing") call`.
   */
  reason: string;
  at: SourceRef | null;
}

/** A function that creates and returns a Flask app, whatever its name (`create_app`, `make_app`, `build`). */
export interface AppFactory {
  name: string;
  /** `app.create_app`. */
  qualifiedName: string;
  file: string;
  node: FunctionDef | AsyncFunctionDef;
  /** Calls of the factory anywhere in the project (`app = create_app()` in `wsgi.py`, tests...). */
  callSites: SourceRef[];
}

/** A name that holds an app: the creating assignment, a factory call's result, or a module importing it. */
export interface AppInstance {
  /** The bound name (`app`, `application`). */
  name: string;
  at: SourceRef;
  /** `creation` (`app = Flask(...)`), `factory-call` (`app = create_app()`), `parameter` (`def init(app)`). */
  via: "creation" | "factory-call" | "parameter";
}

/** A Flask application: one `Flask(...)` construction site. */
export interface FlaskApp {
  /** Stable id for JSON and messages: `app/__init__.py:7:app`. */
  id: string;
  /** The variable the app is bound to at creation (`app`), or `<anonymous>`. */
  name: string;
  /** The `Flask(...)` call. */
  createdAt: SourceRef & { node: Call };
  /** The factory creating it, when created inside a function that returns it. */
  factory: AppFactory | null;
  /** Where the app is held: creation binding, factory-call results, parameters it is passed to. */
  instances: AppInstance[];
  /** Evaluated `Flask(...)` arguments by name (`import_name`, `template_folder`, `static_folder`, `instance_relative_config`...). */
  arguments: Record<string, Value>;
  /** Project-relative directory the app resolves relative paths against (the creating module's directory). */
  rootPath: string;
  /** The app's template folder (default `templates/` next to the creating module), or null when disabled. */
  templateFolder: Folder | null;
  /** The app's static folder (default `static/`), or null when disabled. */
  staticFolder: Folder | null;
  /** Every operation on `app.config` and config-like attributes, in execution order (all branches). */
  configOps: ConfigOp[];
  /** One entry per alternative the app can be configured as (≥ 1). */
  configurations: Configuration[];
  /** Extensions attached to this app (`CSRFProtect(app)`, `csrf.init_app(app)`). */
  extensions: ExtensionAttachment[];
  /** `app.register_blueprint(...)` calls (nested blueprint registrations are on the parent blueprint). */
  blueprintRegistrations: BlueprintRegistration[];
  /** Routes declared on the app itself (blueprint routes: see `FlaskModel.routesOf(app)`). */
  routes: Route[];
  /** Hooks declared on the app itself. */
  hooks: Hook[];
  /** `app.run(...)` calls, with evaluated keywords (`debug`, `host`, ...). */
  runCalls: RunCall[];
}

/** A folder used for templates or static files. */
export interface Folder {
  /** Project-relative POSIX path (`app/templates`, `templates`); may point outside the scanned files. */
  path: string;
  /** True when it is Flask's default (`templates` / `static` next to the module). */
  isDefault: boolean;
  /** The `template_folder=`/`static_folder=` argument, or the `Flask(...)`/`Blueprint(...)` call for defaults. */
  declaredAt: SourceRef;
  /** For static folders: the URL path (`/static` by default). */
  urlPath?: string | null;
}

/** `app.run(debug=True, host="0.0.0.0")`. */
export interface RunCall {
  at: SourceRef & { node: Call };
  /** Evaluated keyword arguments (`debug`, `host`, `port`, `ssl_context`, `use_reloader`...). */
  keywords: Record<string, { value: Value; at: SourceRef }>;
  /** Under `if __name__ == "__main__":`. */
  underMainGuard: boolean;
}

/** How a config value was written. */
export type ConfigWriteForm =
  | "subscript" // app.config["K"] = v
  | "attribute" // app.secret_key = v, app.debug = v, app.testing = v
  | "update" // app.config.update(K=v) / update({"K": v}) / update(dict(K=v))
  | "from_mapping" // app.config.from_mapping(K=v) / from_mapping({...})
  | "setdefault" // app.config.setdefault("K", v)
  | "class-attribute" // K = v in a config class (loaded with from_object)
  | "module-attribute" // K = v in a config module / from_pyfile file
  | "env-file" // K=v in a file loaded with from_pyfile/from_file (non-Python), or FLASK_* in .flaskenv/.env
  | "from_prefixed_env"; // FLASK_K from the environment at run time

/** One write of a config key, with its evaluated value and where it came from. */
export interface ConfigWrite {
  key: string;
  value: Value;
  form: ConfigWriteForm;
  /** Where to anchor a finding: the keyword, dict entry, subscript assignment or class attribute. */
  at: SourceRef;
  /** The load that brought it in (`from_object(...)` / `from_pyfile(...)` call), for class/module/file writes. */
  via: SourceRef | null;
  /** The config source it belongs to (class/module/file), or null for direct writes. */
  source: ConfigSource | null;
  /** True when the write sits under an `if`/`try` the model did not fork on. */
  conditional: boolean;
}

/** A place settings are read from: a config class, module, mapping, or non-Python file. */
export interface ConfigSource {
  /** `class` (a config class), `module` (a `.py` module or `from_pyfile` file), `file` (`.cfg`/`.env`), `mapping`. */
  kind: "class" | "module" | "file" | "mapping";
  /** Short name shown in messages: `ProductionConfig`, `config`, `instance/settings.cfg`. */
  name: string;
  /** Dotted name (`config.ProductionConfig`) or path for files. */
  qualifiedName: string;
  file: string;
  /** The `ClassDef`, the `Module`, or the mapping expression. */
  node: Node;
  /** Base config classes (resolved project classes) in MRO order, nearest first; names of external bases. */
  bases: ConfigSource[];
  externalBases: string[];
  /** Settings defined by this source itself (uppercase attributes/keys), in source order. */
  ownSettings: ConfigWrite[];
  /** Environment suggested by the source alone (its name, the setting, its `TESTING`/`ENV` values). */
  environment: EnvironmentEvidence;
  /** Loads (`from_object`/`from_pyfile`) that bring this source into an app. */
  loadedBy: SourceRef[];
}

/** An operation on an app's config in the app's timeline. */
export type ConfigOp =
  | { kind: "write"; write: ConfigWrite; choices: ChoiceTag[] }
  | { kind: "load"; load: ConfigLoad; choices: ChoiceTag[] };

/** The alternative a config op belongs to (a branch of an `if` that tests the environment). */
export interface ChoiceTag {
  /** The choice point (the `if` statement). */
  point: SourceRef;
  /** 0 for the `if` body, 1 for the `else` branch. */
  branch: number;
  /** The alternative's label (`production`, `else`). */
  label: string;
  /** The environment this branch implies, with the test as evidence. */
  evidence: EnvironmentEvidence | null;
}

/** A load of settings from somewhere else. */
export interface ConfigLoad {
  kind: "from_object" | "from_pyfile" | "from_envvar" | "from_prefixed_env" | "from_file" | "env-file";
  at: SourceRef;
  /** The evaluated argument (`'config.ProductionConfig'`, `<class config.ProductionConfig>`, env value...). */
  argument: Value | null;
  /** What it loads, one per alternative (several when e.g. `config[name]` picks from a dict). */
  candidates: { label: string; source: ConfigSource | null; evidence: EnvironmentEvidence | null }[];
  /** Why the content is not known, when it is not (`file not in the project`, `environment variable APP_SETTINGS`). */
  unknownReason: string | null;
}

/** One alternative configuration of an app (e.g. the app as configured for production). */
export interface Configuration {
  /** `app/__init__.py:7:app#ProductionConfig`. */
  id: string;
  /** Human label: the config class/choice (`ProductionConfig`, `production`, `default`). */
  label: string;
  app: FlaskApp;
  environment: Environment;
  /** Evidence for the environment, strongest first; empty when unknown. */
  evidence: EnvironmentEvidence[];
  /** The config sources this configuration loads, in load order. */
  sources: ConfigSource[];
  /** Every write that applies, in order (later wins). */
  writes: ConfigWrite[];
  /** Loads whose content is unknown (may override anything before them). */
  opaqueLoads: ConfigLoad[];
  /** The effective value of `key` (see {@link EffectiveValue}). */
  get(key: string): EffectiveValue;
}

/** The effective value of one key in one configuration. */
export interface EffectiveValue {
  key: string;
  /**
   * `set`: written (see `write`); `default`: never written, Flask's (or the extension's) default
   * applies (`value` holds it when known); `unknown`: it depends on something not in the project (`reason`).
   */
  status: "set" | "default" | "unknown";
  value: Value | null;
  write: ConfigWrite | null;
  /** For `default`/`unknown`: why (e.g. `not set; Flask's default is False`). */
  reason: string | null;
  /** Opaque loads after the write that may override it (e.g. `from_envvar("APP_SETTINGS")`). */
  mayBeOverriddenBy: ConfigLoad[];
}

/** Known extension kinds; others keep their class name. */
export type ExtensionKind =
  | "CSRFProtect"
  | "Talisman"
  | "Limiter"
  | "Session"
  | "LoginManager"
  | "CORS"
  | "SQLAlchemy"
  | "Bcrypt"
  | "SeaSurf"
  | "JWTManager"
  | "Migrate"
  | "Mail"
  | "Cache"
  | "Compress"
  | "Principal"
  | "Security"
  | "HTTPAuth"
  | (string & {});

/** An extension object: `csrf = CSRFProtect()` in `extensions.py`, or `Talisman(app, ...)`. */
export interface Extension {
  kind: ExtensionKind;
  /** Constructor qualified name (`flask_wtf.csrf.CSRFProtect`). */
  qualifiedName: string;
  /** The variable it is bound to (`csrf`), or null for `Talisman(app)` used as a statement. */
  name: string | null;
  createdAt: SourceRef & { node: Call };
  /** Evaluated constructor arguments (the app argument excluded): keywords by name, positionals as `$0`, `$1`... */
  arguments: Record<string, Value>;
  /** Where it is attached to apps. */
  attachments: ExtensionAttachment[];
  /** Decorator and method uses: `@csrf.exempt`, `csrf.exempt(bp)`, `@limiter.limit("5/minute")`, `limiter.exempt`. */
  uses: ExtensionUse[];
}

/** `Ext(app)` or `ext.init_app(app, ...)`. */
export interface ExtensionAttachment {
  extension: Extension;
  app: FlaskApp;
  style: "ctor" | "init_app";
  at: SourceRef;
  /** Evaluated `init_app` keyword arguments (empty for ctor style). */
  arguments: Record<string, Value>;
}

/** A use of an extension object's method as a decorator or call (`limiter.limit("5/minute")`). */
export interface ExtensionUse {
  /** Method name: `exempt`, `limit`, `shared_limit`, `user_loader`, ... */
  method: string;
  at: SourceRef;
  /** Evaluated positional arguments. */
  args: Value[];
  /** Evaluated keyword arguments. */
  keywords: Record<string, Value>;
  /** What it applies to: a decorated view function, or a blueprint/view passed as argument. */
  target: { kind: "function"; node: FunctionDef | AsyncFunctionDef; file: string } | { kind: "blueprint"; blueprint: Blueprint } | { kind: "other"; node: Expr } | null;
}

/** `bp = Blueprint("auth", __name__, url_prefix="/auth", template_folder="templates")`. */
export interface Blueprint {
  /** `auth` (the first argument), or the variable name when not a literal. */
  name: string;
  /** `auth.views.bp`. */
  qualifiedName: string;
  variable: string | null;
  createdAt: SourceRef & { node: Call };
  /** `url_prefix=` of the constructor, when given. */
  urlPrefix: string | null;
  templateFolder: Folder | null;
  staticFolder: Folder | null;
  registrations: BlueprintRegistration[];
  routes: Route[];
  hooks: Hook[];
}

/** `app.register_blueprint(bp, url_prefix="/auth")` or `parent.register_blueprint(child)`. */
export interface BlueprintRegistration {
  blueprint: Blueprint;
  /** The app (or null when registered on a parent blueprint). */
  app: FlaskApp | null;
  parent: Blueprint | null;
  /** The effective prefix of this registration (`url_prefix=` argument, else the blueprint's own). */
  urlPrefix: string | null;
  at: SourceRef;
}

/** A decorator on a view, with its qualified name when resolvable. */
export interface Decorator {
  /** `flask_login.login_required`, `app.auth.admin_required`, or the source text (`limiter.limit`). */
  name: string;
  /** For `@x.limit(...)`: the call's evaluated positional args. */
  args: Value[];
  keywords: Record<string, Value>;
  at: SourceRef;
  /** The extension this decorator is a method of (`@csrf.exempt` → CSRFProtect), if any. */
  extension: Extension | null;
}

/** A URL route. */
export interface Route {
  /** The URL rule as declared (`/login`), without blueprint prefixes. */
  rule: string | null;
  /** Full URL rules, one per registration (`/auth/login`); `[rule]` for app routes. */
  fullRules: string[];
  /** Upper-case HTTP methods (`["GET"]` by default; MethodView: from its methods). */
  methods: string[];
  /** False when `methods=` could not be evaluated. */
  methodsKnown: boolean;
  endpoint: string | null;
  /** `route` (`@app.route`), `shortcut` (`@bp.post`), `add_url_rule`, `method-view` (class-based). */
  style: "route" | "shortcut" | "add_url_rule" | "method-view";
  owner: { kind: "app"; app: FlaskApp } | { kind: "blueprint"; blueprint: Blueprint };
  /** The view function (or the `MethodView` class), when found in the project. */
  view: { file: string; node: FunctionDef | AsyncFunctionDef | ClassDef } | null;
  /** Decorators of the view function other than the route decorator itself, outermost first. */
  decorators: Decorator[];
  /** The route decorator or `add_url_rule` call. */
  at: SourceRef;
}

/** `@app.before_request`, `@bp.after_app_request`, `@app.errorhandler(404)`, `app.teardown_appcontext(f)`. */
export interface Hook {
  kind: string;
  owner: { kind: "app"; app: FlaskApp } | { kind: "blueprint"; blueprint: Blueprint };
  /** The hook function, when it is a project function. */
  function: { file: string; node: FunctionDef | AsyncFunctionDef } | null;
  /** Evaluated decorator arguments (`404`, `Exception`). */
  args: Value[];
  at: SourceRef;
}

/** A `.flaskenv` / `.env` file (or a non-Python config file) read as `KEY=value` lines. */
export interface EnvFile {
  path: string;
  /** `flaskenv` (loaded by `flask run` when python-dotenv is installed), `dotenv`, or `config` (`*.cfg`). */
  kind: "flaskenv" | "dotenv" | "config";
  entries: EnvFileEntry[];
}

/** One `KEY=value` line. */
export interface EnvFileEntry {
  key: string;
  /** Raw value with quotes removed. */
  value: string;
  /** Evaluated value (Python literal for `config` files, string for env files). */
  evaluated: Value;
  at: SourceRef;
}

/** A non-Python file the project model reads (`.flaskenv`, `.env`, `*.cfg`). */
export interface TextFileView {
  path: string;
  text: string;
}

/** Options for building the model. */
export interface BuildOptions {
  /** Config classes or modules declared production (`config.ProductionConfig`), from the `production-configs` setting. */
  productionConfigs?: readonly string[];
  /** Non-Python files (`.flaskenv`, `.env`, `*.cfg`). */
  textFiles?: readonly TextFileView[];
}

/** Re-export for convenience of rule authors. */
export type { FileView };
