/**
 * @fileoverview The taint engine: an abstract interpretation of every function of the project over
 * {@link TaintSet}s. Each function is analyzed once, with its parameters seeded by placeholders; the
 * analysis yields sink hits from real sources (request data, route parameters, form fields, password
 * values) and a summary (which parameters reach the return value, which reach sinks, under which
 * branch conditions on its own parameters) that call sites anywhere in the project apply, across
 * modules through the project's module graph. Branches are joined, loops run twice, guards
 * (`if not is_safe_url(x): abort()`, `if ext not in ALLOWED: ...`, `check_access_permission(base, p)`)
 * sanitize where they hold, and values returned by unknown library functions are kept but marked
 * opaque (never reported).
 */
import type {
  Arg,
  AsyncFunctionDef,
  Call,
  ClassDef,
  Compare,
  Expr,
  FunctionDef,
  Node,
  Stmt,
} from "../python/ast.js";
import { stringLiteral } from "../semantic/constants.js";
import type { FileView, ProjectView, Ranged } from "../rules/types.js";
import { ModuleGraph } from "../project/modules.js";
import { eachNode, findViews, forEachStatement, SAFE_CONVERTERS, urlRuleParams, type ViewInfo } from "./routes.js";
import {
  CLEAN_METHODS,
  FORM_BASES,
  GUARD_FUNCTION,
  HASHING_FUNCTION,
  parseKindEntries,
  REQUEST_ATTRIBUTES,
  REQUEST_METHODS,
  REQUEST_NAMES,
  SANITIZERS,
  VALIDATING_FUNCTIONS,
  VALIDATING_METHODS,
  type DataflowConfig,
} from "./specs.js";
import {
  ALL_KINDS,
  CLEAN,
  Flag,
  isPasswordName,
  isStoredPasswordName,
  kindBit,
  mapTaints,
  reflag,
  sanitize,
  step,
  unsafeFor,
  union,
  withStep,
  type Cond,
  type SinkKind,
  type Taint,
  type TaintSet,
} from "./taint.js";

type Fn = FunctionDef | AsyncFunctionDef;

/** A function of the project as the engine knows it. */
export interface FunctionInfo {
  node: Fn;
  file: FileView;
  /** The class whose body defines it, if any. */
  cls: ClassDef | null;
  /** Positional parameters then keyword-only ones. */
  params: Arg[];
  /** Default value per parameter name. */
  defaults: Map<string, Expr>;
  /** Set when the function is a Flask view. */
  view: ViewInfo | null;
  isStatic: boolean;
  isClassMethod: boolean;
}

/** A value that reached a sink. */
export interface SinkHit {
  kind: SinkKind;
  /** Path of the file holding the sink. */
  file: string;
  /** The expression that carries the tainted value into the sink (an argument, usually). */
  node: Ranged;
  /** The sink call (or comparison / assignment). */
  site: Ranged;
  /** How the sink is shown in messages (`cursor.execute`, `open`, `redirect`). */
  sink: string;
  taint: Taint;
  /** For path sinks: whether the sink writes (saves) the file. */
  write?: boolean;
}

/** What the rest of the project needs to know about a function. */
interface Summary {
  /** Taints of the return value (parameter placeholders are substituted at call sites). */
  returns: TaintSet;
  /** Sinks reached by a parameter placeholder. */
  sinks: ParamSink[];
}

interface Frame {
  fn: FunctionInfo;
  env: Map<string, TaintSet>;
  /** Set once a guard recorded a verdict on a call or subscript expression (`is_safe_url(request.args.get("next"))`). */
  exprKeys: boolean;
  /** Local variables known to hold an instance of a project class (`user = User()`). */
  types: Map<string, ClassDef>;
  returns: TaintSet;
  sinks: ParamSink[];
  depth: number;
  /** Branch conditions on the function's own parameters around the current statement (`if from_setup:`). */
  conds: Cond[];
}

/** A sink reached by a parameter placeholder, with the parameter conditions on the way. */
interface ParamSink {
  index: number;
  hit: SinkHit;
  conds: readonly Cond[];
}

/** A guard: when the test evaluates to `when`, the value under `key` is safe for `bits`. */
interface Guard {
  key: string;
  expr: Expr;
  bits: number;
  when: boolean;
}

/** Statistics for the benchmark. */
export interface DataflowStats {
  functions: number;
  analyzed: number;
  callsResolved: number;
  hits: number;
  /** Functions given up on (expressions too deep to evaluate recursively). */
  skipped: number;
}

const MAX_CALL_DEPTH = 40;
/** Names of functions that raise unless a path or URL is safe (used as statements). */
const ASSERTION_GUARD = /^(check|validate|verify|ensure|assert|raise_if_not|abort_if_not)_?[a-z0-9_]*(path|access|permission|file|dir|directory|filename|traversal|url|redirect|host)[a-z0-9_]*$/i;
const ABORT_NAMES = ["flask.abort", "werkzeug.exceptions.abort", "sys.exit", "builtins.exit"];
const FAST_HASHES = new Set(["md5", "sha1", "sha224", "sha256", "sha384", "sha512", "sha3_224", "sha3_256", "sha3_384", "sha3_512", "blake2b", "blake2s"]);
const SHELL_ALWAYS = new Set(["os.system", "os.popen", "os.popen2", "os.popen3", "os.popen4", "commands.getoutput", "commands.getstatusoutput", "subprocess.getoutput", "subprocess.getstatusoutput"]);
const SUBPROCESS = new Set(["subprocess.run", "subprocess.call", "subprocess.check_call", "subprocess.check_output", "subprocess.Popen", "asyncio.create_subprocess_shell", "asyncio.create_subprocess_exec"]);
const EXEC_PROGRAM = new Set(["os.execl", "os.execle", "os.execlp", "os.execlpe", "os.execv", "os.execve", "os.execvp", "os.execvpe"]);
const PATH_READ = new Set([
  "builtins.open", "io.open", "codecs.open", "os.open", "flask.send_file", "flask.helpers.send_file",
  "os.listdir", "os.scandir", "os.stat", "os.remove", "os.unlink", "os.rmdir", "os.removedirs", "os.chmod",
  "os.makedirs", "os.mkdir", "shutil.rmtree", "tarfile.open", "zipfile.ZipFile",
]);
const PATH_WRITE = new Set(["shutil.copy", "shutil.copyfile", "shutil.copy2", "shutil.move", "shutil.copytree", "os.rename", "os.replace"]);
const PATH_METHODS = new Set(["read_text", "read_bytes", "write_text", "write_bytes", "unlink", "rmdir", "touch", "mkdir"]);
const SEND_FROM_DIRECTORY = new Set(["flask.send_from_directory", "flask.helpers.send_from_directory"]);
const TEMPLATE_SINKS = new Set(["flask.render_template_string", "flask.templating.render_template_string", "jinja2.Template", "jinja2.environment.Template", "mako.template.Template"]);
const RENDER_TEMPLATE = new Set(["flask.render_template", "flask.templating.render_template"]);
const CODE_SINKS = new Set(["builtins.eval", "builtins.exec", "builtins.compile"]);
const REDIRECT_SINKS = new Set(["flask.redirect", "flask.helpers.redirect", "werkzeug.utils.redirect"]);
const DESERIALIZE = new Set([
  "pickle.loads", "pickle.load", "_pickle.loads", "_pickle.load", "cPickle.loads", "cPickle.load", "dill.loads", "dill.load",
  "marshal.loads", "marshal.load", "jsonpickle.decode", "jsonpickle.loads", "yaml.unsafe_load", "yaml.unsafe_load_all",
  "pandas.read_pickle", "shelve.open", "torch.load", "joblib.load",
]);
const YAML_LOAD = new Set(["yaml.load", "yaml.load_all"]);
const SAFE_YAML_LOADERS = /(^|\.)(SafeLoader|CSafeLoader|BaseLoader|CBaseLoader)$/;
const SSRF_SINKS = new Set([
  "requests.get", "requests.post", "requests.put", "requests.patch", "requests.delete", "requests.head", "requests.options",
  "requests.api.get", "requests.api.post", "httpx.get", "httpx.post", "httpx.put", "httpx.patch", "httpx.delete", "httpx.head",
  "httpx.stream", "urllib.request.urlopen", "urllib.request.urlretrieve", "urllib.urlopen", "urllib2.urlopen", "pycurl.Curl",
]);
const SSRF_METHOD_URL1 = new Set(["requests.request", "requests.api.request", "httpx.request"]);
const XSS_SINKS = new Set(["markupsafe.Markup", "flask.Markup", "jinja2.Markup", "jinja2.utils.Markup"]);
const RESPONSE_SINKS = new Set(["flask.make_response", "flask.helpers.make_response", "flask.Response", "flask.wrappers.Response", "werkzeug.wrappers.Response", "werkzeug.Response"]);
const SQL_TEXT = new Set(["sqlalchemy.text", "sqlalchemy.sql.text", "sqlalchemy.sql.expression.text", "pandas.read_sql", "pandas.read_sql_query"]);
const SQL_METHODS = new Set(["execute", "executemany", "executescript", "raw", "mogrify"]);
/** Methods whose arguments flow into their result (string building, container reads with defaults). */
const ARG_METHODS = new Set(["format", "format_map", "join", "replace", "get", "setdefault", "pop", "union", "__add__", "ljust", "rjust", "center", "zfill", "translate", "expandtabs", "encode", "decode"]);
/** Methods that store their arguments in the receiver. */
const MUTATORS = new Set(["append", "extend", "insert", "add", "update", "appendleft", "extendleft"]);
const STR_BUILTINS = new Set(["builtins.str", "builtins.repr", "builtins.format", "builtins.ascii"]);

/** Runs the data-flow analysis over a project. Build once per project; read {@link hits}. */
export class DataflowEngine {
  /** Every sink reached by a real source, in analysis order. */
  readonly hits: SinkHit[] = [];
  /** Every `.save()` of an uploaded file (a `FileStorage` from the request), with the function that saves it. */
  get uploads(): { file: FileView; call: Call; fn: Fn; taint: Taint }[] {
    const out: { file: FileView; call: Call; fn: Fn; taint: Taint }[] = [];
    for (const h of this.hits) {
      if (h.kind !== "upload") continue;
      const file = this.project.file(h.file);
      const fn = this.enclosingFunction(h.file, h.site.start);
      if (file && fn) out.push({ file, call: h.site as Call, fn: fn.node, taint: h.taint });
    }
    return out;
  }
  readonly stats: DataflowStats = { functions: 0, analyzed: 0, callsResolved: 0, hits: 0, skipped: 0 };
  /** View functions by `def` node. */
  readonly views: Map<Node, ViewInfo>;
  private readonly functions = new Map<Node, FunctionInfo>();
  private readonly graph: ModuleGraph;
  private readonly byFile = new Map<string, FunctionInfo[]>();
  private readonly summaries = new Map<FunctionInfo, Summary | "pending">();
  private readonly formClasses = new Map<ClassDef, Map<string, string>>();
  private readonly classFile = new Map<ClassDef, FileView>();
  /** Property setters by attribute name, with the classes defining them. */
  private readonly propertySetters = new Map<string, Set<ClassDef | null>>();
  private readonly customSources: Set<string>;
  private readonly customSanitizers = new Map<string, number>();
  private readonly customSinks = new Map<string, SinkKind>();
  /** Problems in the custom configuration (unknown kinds). */
  readonly configErrors: string[] = [];
  /** When set, only functions matching it (and their callers) are analysed from the top; see {@link run}. */
  private readonly roots: RegExp | null;

  /**
   * `inert`: index nothing and analyse nothing (the project cannot hold a source; see
   * `dataflowOf`), so every query answers "no flow" at no cost.
   */
  constructor(
    private readonly project: ProjectView,
    config: DataflowConfig,
    options: { inert?: boolean; roots?: RegExp } = {},
  ) {
    this.roots = options.roots ?? null;
    this.customSources = new Set(config.sources);
    const san = parseKindEntries(config.sanitizers, "all");
    for (const e of san.entries) this.customSanitizers.set(e.name, (this.customSanitizers.get(e.name) ?? 0) | (e.kind === "all" ? ALL_KINDS : kindBit(e.kind)));
    const sinks = parseKindEntries(config.sinks, null);
    for (const e of sinks.entries) if (e.kind !== "all") this.customSinks.set(e.name, e.kind);
    this.configErrors.push(...san.errors, ...sinks.errors);
    if (options.inert) {
      this.graph = new ModuleGraph([]);
      this.views = new Map();
      return;
    }
    this.graph = new ModuleGraph(project.files);
    this.views = findViews(project);
    this.addModelRoutes();
    this.index();
  }

  /** Adds the routes the Flask project model found (blueprints registered across files, MethodViews). */
  private addModelRoutes(): void {
    let routes: readonly { rule: string | null; view: { node: Node } | null }[];
    try {
      routes = (this.project as { flask?: { routes: readonly { rule: string | null; view: { node: Node } | null }[] } }).flask?.routes ?? [];
    } catch {
      return; // A project view without the Flask model (unit tests): the decorator scan is enough.
    }
    for (const r of routes) {
      if (!r.view) continue;
      const nodes = r.view.node.type === "ClassDef" ? r.view.node.body.filter((s) => s.type === "FunctionDef" || s.type === "AsyncFunctionDef") : [r.view.node];
      for (const node of nodes) {
        let info = this.views.get(node);
        if (!info) this.views.set(node, (info = { rules: [], params: new Map() }));
        if (r.rule === null || info.rules.includes(r.rule)) continue;
        info.rules.push(r.rule);
        for (const [name, conv] of urlRuleParams(r.rule)) {
          const prev = info.params.get(name);
          if (prev === undefined || SAFE_CONVERTERS.has(prev)) info.params.set(name, conv);
        }
      }
    }
  }

  /**
   * Analyzes every function (each exactly once) and returns the hits. With `roots` (a project that
   * can only hold sources whose words the pattern finds, such as password parameters), only the
   * functions whose text matches, and those that name one of them, are analysed from the top; the
   * others are analysed when a call reaches them, as their summaries are needed.
   */
  run(): this {
    const all = [...this.functions.values()];
    for (const info of this.roots ? rootFunctions(all, this.roots) : all) this.summary(info, 0);
    this.stats.hits = this.hits.length;
    return this;
  }

  /** The innermost project function whose body contains `offset` in file `path`, if any. */
  enclosingFunction(path: string, offset: number): FunctionInfo | null {
    let best: FunctionInfo | null = null;
    for (const fn of this.byFile.get(path) ?? []) {
      if (fn.node.start <= offset && offset < fn.node.end && (!best || fn.node.start >= best.node.start)) best = fn;
    }
    return best;
  }

  /** The functions the engine indexed (for rules that need them). */
  functionInfo(node: Node): FunctionInfo | undefined {
    return this.functions.get(node);
  }

  // -------------------------------------------------------------------------------------------
  // Indexing

  private index(): void {
    for (const file of this.project.files) {
      forEachStatement(file.module, (node, cls) => {
        if (node.type === "ClassDef") {
          this.classFile.set(node, file);
          // `password = property(get, set)`, `synonym("_password", descriptor=property(...))`, `hybrid_property(...)`.
          for (const stmt of node.body) {
            if (stmt.type !== "Assign" || stmt.value.type !== "Call") continue;
            const fn = stmt.value.func;
            const name = fn.type === "Name" ? fn.id : fn.type === "Attribute" ? fn.attr : "";
            const isSetter =
              (name === "property" && (stmt.value.args.length >= 2 || stmt.value.keywords.some((k) => k.arg === "fset"))) ||
              (name === "synonym" && stmt.value.keywords.some((k) => k.arg === "descriptor")) ||
              name === "hybrid_property";
            // `password = Column(PasswordType(...))`, `Column(Vault)`, `EncryptedType`: the column hashes or encrypts.
            const hashingColumn = /PasswordType|Encrypted|Vault|Hashed|Argon2|Bcrypt/.test(file.text.slice(stmt.value.start, stmt.value.end));
            if (isSetter || hashingColumn) for (const t of stmt.targets) if (t.type === "Name") this.addSetter(t.id, node);
          }
          // `def hash_password(self): self.password = bcrypt...(self.password)`: the model hashes the attribute itself.
          for (const stmt of node.body) {
            if ((stmt.type !== "FunctionDef" && stmt.type !== "AsyncFunctionDef") || !/hash|encrypt|crypt/i.test(stmt.name)) continue;
            eachNode(stmt, (n) => {
              if (n.type !== "Assign") return;
              for (const t of n.targets) {
                if (t.type === "Attribute" && t.value.type === "Name" && t.value.id === "self") this.addSetter(t.attr, node);
              }
            });
          }
          return;
        }
        if (node.type !== "FunctionDef" && node.type !== "AsyncFunctionDef") return;
        const a = node.args;
        const params = [...a.posonlyargs, ...a.args, ...a.kwonlyargs];
        const defaults = new Map<string, Expr>();
        const positional = [...a.posonlyargs, ...a.args];
        a.defaults.forEach((d, i) => {
          const p = positional[positional.length - a.defaults.length + i];
          if (p) defaults.set(p.arg, d);
        });
        a.kwonlyargs.forEach((p, i) => {
          const d = a.kw_defaults[i];
          if (d) defaults.set(p.arg, d);
        });
        const decoNames = node.decorator_list.map((d) => (d.type === "Name" ? d.id : d.type === "Attribute" ? d.attr : ""));
        if (decoNames.includes("setter")) this.addSetter(node.name, cls);
        // SQLAlchemy `@validates("password")` runs on every assignment (and constructor keyword).
        for (const d of node.decorator_list) {
          if (d.type === "Call" && (d.func.type === "Name" ? d.func.id : d.func.type === "Attribute" ? d.func.attr : "") === "validates") {
            for (const a of d.args) {
              const name = stringLiteral(a)?.value;
              if (name) this.addSetter(name, cls);
            }
          }
        }
        let list = this.byFile.get(file.path);
        if (!list) this.byFile.set(file.path, (list = []));
        this.functions.set(node, {
          node,
          file,
          cls,
          params,
          defaults,
          view: this.views.get(node) ?? null,
          isStatic: decoNames.includes("staticmethod"),
          isClassMethod: decoNames.includes("classmethod"),
        });
        list.push(this.functions.get(node)!);
      });
    }
    this.stats.functions = this.functions.size;
    // Form classes (after every class is known, so bases in other modules resolve).
    for (const [cls, file] of this.classFile) {
      if (this.isFormClass(cls, file, 0)) {
        const fields = new Map<string, string>();
        this.collectFormFields(cls, file, fields, 0);
        this.formClasses.set(cls, fields);
      }
    }
  }

  private isFormClass(cls: ClassDef, file: FileView, depth: number): boolean {
    if (depth > 6) return false;
    for (const base of cls.bases) {
      const q = file.semantic.resolveQualifiedName(base);
      if (q && FORM_BASES.includes(q)) return true;
      const target = this.resolveClassExpr(file, base);
      if (target && this.isFormClass(target.cls, target.file, depth + 1)) return true;
    }
    return false;
  }

  private collectFormFields(cls: ClassDef, file: FileView, fields: Map<string, string>, depth: number): void {
    if (depth > 6) return;
    for (const base of cls.bases) {
      const target = this.resolveClassExpr(file, base);
      if (target) this.collectFormFields(target.cls, target.file, fields, depth + 1);
    }
    for (const stmt of cls.body) {
      if (stmt.type !== "Assign" || stmt.value.type !== "Call") continue;
      const f = stmt.value.func;
      const typeName = f.type === "Name" ? f.id : f.type === "Attribute" ? f.attr : "";
      for (const t of stmt.targets) if (t.type === "Name") fields.set(t.id, typeName);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Resolution of project symbols

  /** A project function, method or class a dotted name refers to (module graph: packages, src layouts, re-exports). */
  private resolveSymbol(q: string, near: FileView): { fn: FunctionInfo } | { cls: ClassDef; file: FileView } | null {
    const def = this.graph.resolveQualifiedName(q, near);
    if (def) {
      if (def.kind === "function") {
        const fn = this.functions.get(def.node);
        return fn ? { fn } : null;
      }
      if (def.kind === "class") return { cls: def.node as ClassDef, file: def.file };
      return null;
    }
    // `pkg.models.User.hash_password`: a method of a project class.
    const dot = q.lastIndexOf(".");
    if (dot <= 0) return null;
    const owner = this.graph.resolveQualifiedName(q.slice(0, dot), near);
    if (owner?.kind !== "class") return null;
    const fn = this.method(owner.node as ClassDef, q.slice(dot + 1));
    return fn ? { fn } : null;
  }

  private method(cls: ClassDef, name: string): FunctionInfo | null {
    for (const stmt of cls.body) {
      if ((stmt.type === "FunctionDef" || stmt.type === "AsyncFunctionDef") && stmt.name === name) return this.functions.get(stmt) ?? null;
    }
    return null;
  }

  private resolveClassExpr(file: FileView, expr: Expr): { cls: ClassDef; file: FileView } | null {
    if (expr.type === "Name") {
      const b = file.semantic.lookupName(expr);
      if (b?.kind === "class") return { cls: b.node as ClassDef, file };
    }
    if (expr.type !== "Name" && expr.type !== "Attribute") return null;
    const def = this.graph.resolveExpr(file, expr);
    return def?.kind === "class" ? { cls: def.node as ClassDef, file: def.file } : null;
  }

  /** The project function or class a call's callee refers to. */
  private resolveCallee(frame: Frame, func: Expr): { fn: FunctionInfo; viaInstance: boolean } | { cls: ClassDef; file: FileView } | null {
    const file = frame.fn.file;
    if (func.type === "Name") {
      const b = file.semantic.lookupName(func);
      if (!b) return null;
      if (b.kind === "function") {
        const fn = this.functions.get(b.node);
        return fn ? { fn, viaInstance: false } : null;
      }
      if (b.kind === "class") return { cls: b.node as ClassDef, file };
      if ((b.kind === "import" || b.kind === "from-import") && b.qualifiedName) {
        const r = this.resolveSymbol(b.qualifiedName, file);
        return r && "fn" in r ? { fn: r.fn, viaInstance: false } : r;
      }
      return null;
    }
    if (func.type === "Attribute") {
      const base = func.value;
      if (base.type === "Name" && (base.id === "self" || base.id === "cls") && frame.fn.cls) {
        const fn = this.method(frame.fn.cls, func.attr);
        return fn ? { fn, viaInstance: true } : null;
      }
      if (base.type === "Name") {
        const b = file.semantic.lookupName(base);
        if (b?.kind === "class") {
          const fn = this.method(b.node as ClassDef, func.attr);
          return fn ? { fn, viaInstance: false } : null;
        }
      }
      const q = file.semantic.resolveQualifiedName(func);
      if (!q) return null;
      const r = this.resolveSymbol(q, file);
      return r && "fn" in r ? { fn: r.fn, viaInstance: false } : r;
    }
    return null;
  }

  // -------------------------------------------------------------------------------------------
  // Function analysis

  private summary(fn: FunctionInfo, depth: number): Summary | null {
    const known = this.summaries.get(fn);
    if (known === "pending") return null;
    if (known) return known;
    if (depth > MAX_CALL_DEPTH) return null;
    this.summaries.set(fn, "pending");
    this.stats.analyzed++;
    const frame: Frame = { fn, env: new Map(), exprKeys: false, types: new Map(), returns: CLEAN, sinks: [], depth, conds: [] };
    fn.params.forEach((p, index) => {
      let t: TaintSet = [{ origin: { kind: "param", fn, index, name: p.arg }, flags: Flag.PARAM, safe: 0, steps: null }];
      const conv = fn.view?.params.get(p.arg);
      if (conv !== undefined) {
        if (!SAFE_CONVERTERS.has(conv)) {
          t = union(t, [this.source(fn.file, p, `route parameter \`<${conv === "default" ? "" : `${conv}:`}${p.arg}>\``, Flag.USER | Flag.STR)]);
        }
      } else if (isPasswordName(p.arg) && !(index === 0 && fn.cls && !fn.isStatic)) {
        t = union(t, [this.source(fn.file, p, `password parameter \`${p.arg}\``, Flag.PASSWORD | Flag.STR)]);
      }
      if (p.annotation && /FileStorage$/.test(fn.file.semantic.resolveQualifiedName(p.annotation) ?? "")) {
        t = union(t, [this.source(fn.file, p, `uploaded file parameter \`${p.arg}\``, Flag.USER | Flag.FILE)]);
      }
      const def = fn.defaults.get(p.arg);
      if (def) t = union(t, this.eval(frame, def));
      frame.env.set(p.arg, t);
    });
    try {
      this.block(frame, fn.node.body);
    } catch (error) {
      // Expressions nested thousands deep overflow the recursive evaluator: give up on this function.
      if (!(error instanceof RangeError)) throw error;
      this.stats.skipped++;
      frame.returns = CLEAN;
      frame.sinks = [];
    }
    const summary: Summary = { returns: frame.returns, sinks: frame.sinks };
    this.summaries.set(fn, summary);
    return summary;
  }

  private source(file: FileView, node: Ranged, label: string, flags: number): Taint {
    return withStep(
      { origin: { kind: "source", file: file.path, start: node.start, end: node.end, label }, flags, safe: 0, steps: null },
      file,
      node,
      `source: ${label}`,
    );
  }

  /** Executes statements; returns true when the block always leaves (return, raise, abort, continue, break). */
  private block(f: Frame, stmts: readonly Stmt[]): boolean {
    for (const s of stmts) {
      if (this.stmt(f, s)) return true;
    }
    return false;
  }

  private stmt(f: Frame, s: Stmt): boolean {
    switch (s.type) {
      case "Expr": {
        this.eval(f, s.value);
        if (s.value.type === "Call") this.assertionGuard(f, s.value);
        return s.value.type === "Call" && f.fn.file.semantic.matchesQualifiedName(s.value.func, ABORT_NAMES);
      }
      case "Assign": {
        const value = this.eval(f, s.value);
        if (s.value.type === "Call") {
          const callee = this.resolveCallee(f, s.value.func);
          for (const t of s.targets) {
            if (t.type !== "Name") continue;
            if (callee && "cls" in callee) f.types.set(t.id, callee.cls);
            else f.types.delete(t.id);
          }
        }
        for (const target of s.targets) this.assignTo(f, target, s.value, value, s);
        return false;
      }
      case "AnnAssign":
        if (s.value) this.assignTo(f, s.target, s.value, this.eval(f, s.value), s);
        return false;
      case "AugAssign": {
        const value = union(this.eval(f, s.target), this.eval(f, s.value));
        this.assignTo(f, s.target, s.value, value, s);
        return false;
      }
      case "Return": {
        if (s.value) {
          const t = this.eval(f, s.value);
          if (f.fn.view) this.checkViewReturn(f, s.value);
          f.returns = union(f.returns, step(t, f.fn.file, s.value, `returned from \`${f.fn.node.name}()\``));
        }
        return true;
      }
      case "Raise":
        if (s.exc) this.eval(f, s.exc);
        return true;
      case "Continue":
      case "Break":
        return true;
      case "If":
        return this.ifStmt(f, s.test, s.body, s.orelse);
      case "For":
      case "AsyncFor": {
        const iter = this.eval(f, s.iter);
        const before = new Map(f.env);
        for (let pass = 0; pass < 2; pass++) {
          this.assignTo(f, s.target, s.iter, reflag(iter, 0, Flag.STR), s);
          this.block(f, s.body);
          f.env = joinEnv(before, f.env);
        }
        this.block(f, s.orelse);
        return false;
      }
      case "While": {
        this.eval(f, s.test);
        const before = new Map(f.env);
        for (let pass = 0; pass < 2; pass++) {
          this.block(f, s.body);
          f.env = joinEnv(before, f.env);
        }
        this.block(f, s.orelse);
        return false;
      }
      case "With":
      case "AsyncWith": {
        for (const item of s.items) {
          const t = this.eval(f, item.context_expr);
          if (item.optional_vars) this.assignTo(f, item.optional_vars, item.context_expr, t, item.context_expr);
        }
        return this.block(f, s.body);
      }
      case "Try":
      case "TryStar": {
        const before = new Map(f.env);
        const bodyLeaves = this.block(f, s.body);
        const afterBody = f.env;
        let joined = bodyLeaves ? null : afterBody;
        for (const h of s.handlers) {
          f.env = joinEnv(before, afterBody);
          if (h.name) f.env.set(h.name, CLEAN);
          const leaves = this.block(f, h.body);
          if (!leaves) joined = joined ? joinEnv(joined, f.env) : f.env;
        }
        if (!bodyLeaves) {
          f.env = afterBody;
          this.block(f, s.orelse);
          joined = joined ? joinEnv(joined, f.env) : f.env;
        }
        f.env = joined ?? joinEnv(before, afterBody);
        const finalLeaves = this.block(f, s.finalbody);
        return finalLeaves || joined === null;
      }
      case "Match": {
        const subject = this.eval(f, s.subject);
        const before = f.env;
        let joined: Map<string, TaintSet> | null = null;
        for (const c of s.cases) {
          f.env = new Map(before);
          eachNode(c.pattern, (n) => {
            const name = (n as { name?: unknown }).name;
            if ((n.type === "MatchAs" || n.type === "MatchStar") && typeof name === "string") f.env.set(name, subject);
          });
          if (c.guard) this.eval(f, c.guard);
          if (!this.block(f, c.body)) joined = joined ? joinEnv(joined, f.env) : f.env;
        }
        f.env = joined ? joinEnv(before, joined) : before;
        return false;
      }
      case "Delete":
        for (const t of s.targets) {
          const key = keyOf(t);
          if (key) f.env.delete(key);
        }
        return false;
      case "Assert":
        this.eval(f, s.test);
        this.applyGuards(f, this.guards(f, s.test), true);
        return false;
      default:
        // Nested functions and classes are analyzed on their own; imports, pass, global: nothing flows.
        return false;
    }
  }

  private ifStmt(f: Frame, test: Expr, body: readonly Stmt[], orelse: readonly Stmt[]): boolean {
    this.eval(f, test);
    const guards = this.guards(f, test);
    const before = f.env;
    const cond = this.paramCond(f, test);
    f.env = new Map(before);
    this.applyGuards(f, guards, true);
    if (cond) f.conds.push(cond);
    const thenLeaves = this.block(f, body);
    if (cond) f.conds.pop();
    const thenEnv = f.env;
    f.env = new Map(before);
    this.applyGuards(f, guards, false);
    if (cond) f.conds.push({ index: cond.index, truthy: !cond.truthy });
    const elseLeaves = this.block(f, orelse);
    if (cond) f.conds.pop();
    const elseEnv = f.env;
    if (cond) {
      // Values that differ between the branches exist only under their branch's condition.
      const keys = new Set([...thenEnv.keys(), ...elseEnv.keys()]);
      for (const k of keys) {
        const tv = thenEnv.get(k) ?? before.get(k);
        const ev = elseEnv.get(k) ?? before.get(k);
        if (tv === ev) continue;
        if (tv) thenEnv.set(k, withCond(tv, f.fn, cond));
        if (ev) elseEnv.set(k, withCond(ev, f.fn, { index: cond.index, truthy: !cond.truthy }));
      }
    }
    if (thenLeaves && elseLeaves) {
      f.env = joinEnv(thenEnv, elseEnv);
      return true;
    }
    f.env = thenLeaves ? elseEnv : elseLeaves ? thenEnv : joinEnv(thenEnv, elseEnv);
    return false;
  }

  /** `if param:` / `if not param:` on a parameter of the function (for context at call sites). */
  private paramCond(f: Frame, test: Expr): Cond | null {
    let truthy = true;
    let e = test;
    while (e.type === "UnaryOp" && e.op === "Not") {
      truthy = !truthy;
      e = e.operand;
    }
    if (e.type !== "Name") return null;
    const b = f.fn.file.semantic.lookupName(e);
    if (b?.kind !== "parameter") return null;
    const index = f.fn.params.findIndex((p) => p.arg === e.id);
    return index >= 0 ? { index, truthy } : null;
  }

  /**
   * A call statement that raises unless its arguments are safe (`check_access_permission(base, path)`,
   * `validate_path(p)`, `ensure_safe_url(u)`): after it, its name and attribute arguments are safe.
   */
  private assertionGuard(f: Frame, call: Call): void {
    const func = call.func;
    const name = func.type === "Name" ? func.id : func.type === "Attribute" ? func.attr : "";
    const m = ASSERTION_GUARD.exec(name);
    if (!m) return;
    const bits = /url|redirect|host/i.test(name) ? kindBit("redirect") | kindBit("ssrf") : kindBit("path");
    for (const a of call.args) {
      const key = keyOf(a);
      if (key) f.env.set(key, sanitize(this.eval(f, a), bits));
    }
  }

  private applyGuards(f: Frame, guards: Guard[], outcome: boolean): void {
    for (const g of guards) {
      if (g.when !== outcome) continue;
      f.env.set(g.key, sanitize(this.eval(f, g.expr), g.bits));
    }
  }

  /** What a test proves about which values when it is true or false. */
  private guards(f: Frame, test: Expr, top = true): Guard[] {
    const model = f.fn.file.semantic;
    if (top) {
      // `urlparse(x).netloc` / `.hostname` checks anywhere in the test guard `x` for redirects and fetches either way.
      const out = this.guards(f, test, false);
      eachNode(test, (n) => {
        if (n.type === "Attribute" && (n.attr === "netloc" || n.attr === "hostname" || n.attr === "host" || n.attr === "scheme") && n.value.type === "Call") {
          const q = model.resolveQualifiedName(n.value.func) ?? "";
          const arg = n.value.args[0];
          const key = arg ? this.guardKey(f, arg) : null;
          if (/urlparse|urlsplit|url_parse/.test(q) && arg && key) {
            for (const when of [true, false]) out.push({ key, expr: arg, bits: kindBit("redirect") | kindBit("ssrf"), when });
          }
        }
      });
      return out;
    }
    switch (test.type) {
      case "UnaryOp":
        return test.op === "Not" ? this.guards(f, test.operand, false).map((g) => ({ ...g, when: !g.when })) : [];
      case "BoolOp": {
        // `a and b` true: what a or b proves when true; false: what every operand proves when false
        // (¬a ∨ ¬b holds, so only what each alternative proves). `or` is the dual.
        const parts = test.values.map((v) => this.guards(f, v, false));
        const all = test.op === "And" ? true : false;
        const out: Guard[] = parts.flat().filter((g) => g.when === all);
        const common = intersectGuards(parts.map((gs) => gs.filter((g) => g.when === !all)));
        return [...out, ...common.map((g) => ({ ...g, when: !all }))];
      }
      case "Compare": {
        if (test.ops.length !== 1) return [];
        const op = test.ops[0]!;
        const right = test.comparators[0]!;
        const out: Guard[] = [];
        const pushKey = (e: Expr, bits: number, when: boolean): void => {
          const key = this.guardKey(f, e);
          if (key) out.push({ key, expr: e, bits, when });
        };
        if ((op === "In" || op === "NotIn") && this.eval(f, right).length === 0 && right.type !== "Constant") {
          pushKey(test.left, ALL_KINDS, op === "In");
        }
        if ((op === "Eq" || op === "NotEq") && stringLiteral(right)) pushKey(test.left, ALL_KINDS, op === "Eq");
        return out;
      }
      case "Call": {
        const out: Guard[] = [];
        const func = test.func;
        const q = model.resolveQualifiedName(func);
        const name = q ?? (func.type === "Attribute" ? func.attr : func.type === "Name" ? func.id : "");
        const last = name.split(".").pop() ?? "";
        const arg = test.args[0] ?? test.keywords.find((k) => k.arg === "url" || k.arg === "target" || k.arg === "path")?.value;
        if (func.type === "Attribute" && VALIDATING_METHODS.has(func.attr)) {
          const key = this.guardKey(f, func.value);
          if (key) out.push({ key, expr: func.value, bits: ALL_KINDS, when: true });
          return out;
        }
        if (func.type === "Attribute" && (func.attr === "startswith" || func.attr === "is_relative_to") && func.value.type !== "Call") {
          // `normalized.startswith(base)` where the value went through realpath/abspath/normpath/resolve().
          const key = this.guardKey(f, func.value);
          if (key && this.eval(f, func.value).every((t) => t.flags & Flag.NORMALIZED)) {
            out.push({ key, expr: func.value, bits: kindBit("path"), when: true });
            return out;
          }
        }
        if (func.type === "Attribute" && func.attr === "startswith" && func.value.type === "Call") {
          // `os.path.realpath(p).startswith(base)` / `abspath(...)`: a containment check of `p`.
          const inner = model.resolveQualifiedName(func.value.func) ?? "";
          const p = func.value.args[0];
          if (/os\.path\.(realpath|abspath|normpath)/.test(inner) && p) {
            const key = this.guardKey(f, p);
            if (key) out.push({ key, expr: p, bits: kindBit("path"), when: true });
          }
          return out;
        }
        if (q && VALIDATING_FUNCTIONS.has(q)) {
          const target = q === "uuid.UUID" ? test.args[0] : test.args[1];
          const key = target ? this.guardKey(f, target) : null;
          if (key && target) out.push({ key, expr: target, bits: ALL_KINDS, when: true });
          return out;
        }
        if (!arg) return out;
        for (const g of GUARD_FUNCTION) {
          if (g.pattern.test(last)) {
            const key = this.guardKey(f, arg);
            if (key) out.push({ key, expr: arg, bits: g.bits, when: true });
          }
        }
        return out;
      }
      default:
        return [];
    }
  }

  /** The env key a guard records its verdict under: a name or attribute chain, or the text of a call/subscript. */
  private guardKey(f: Frame, e: Expr): string | null {
    const key = keyOf(e);
    if (key) return key;
    if (e.type !== "Call" && e.type !== "Subscript") return null;
    f.exprKeys = true;
    return exprKey(f.fn.file, e);
  }

  private assignTo(f: Frame, target: Expr, valueExpr: Expr, value: TaintSet, site: Ranged): void {
    const file = f.fn.file;
    switch (target.type) {
      case "Name": {
        let t = value;
        if (t.length > 0 && isPasswordName(target.id)) t = mapTaints(t, (x) => (x.flags & Flag.USER ? { ...x, flags: x.flags | Flag.PASSWORD } : x));
        f.env.set(target.id, step(t, file, target, `assigned to \`${target.id}\``));
        return;
      }
      case "Tuple":
      case "List": {
        const elts = target.elts;
        const parts = (valueExpr.type === "Tuple" || valueExpr.type === "List") && valueExpr.elts.length === elts.length ? valueExpr.elts : null;
        elts.forEach((e, i) => {
          const inner = e.type === "Starred" ? e.value : e;
          const v = parts ? this.eval(f, parts[i]!) : value;
          this.assignTo(f, inner, parts ? parts[i]! : valueExpr, v, site);
        });
        return;
      }
      case "Starred":
        this.assignTo(f, target.value, valueExpr, value, site);
        return;
      case "Attribute": {
        this.eval(f, target.value);
        const key = keyOf(target);
        if (key) f.env.set(key, step(value, file, target, `assigned to \`${key}\``));
        if (isStoredPasswordName(target.attr) && this.mayBeModel(f, target.value) && !this.hasSetter(f, target.value, target.attr)) {
          for (const t of value) this.hit(f, { kind: "store", file: file.path, node: valueExpr, site, sink: `\`${key ?? target.attr}\``, taint: t });
        }
        return;
      }
      case "Subscript": {
        this.eval(f, target.slice);
        const key = keyOf(target.value);
        if (key && value.length > 0) f.env.set(key, union(this.eval(f, target.value), reflag(step(value, file, target, `stored in \`${key}\``), Flag.BUILT)));
        return;
      }
      default:
        return;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Expressions

  private eval(f: Frame, e: Expr): TaintSet {
    const file = f.fn.file;
    switch (e.type) {
      case "Constant":
        return CLEAN;
      case "Name":
        return f.env.get(e.id) ?? CLEAN;
      case "Attribute":
        return this.attribute(f, e);
      case "Subscript": {
        if (f.exprKeys) {
          const known = f.env.get(exprKey(file, e));
          if (known) return known;
        }
        this.eval(f, e.slice);
        const base = this.eval(f, e.value);
        if (base.length === 0) return CLEAN;
        const key = stringLiteral(e.slice)?.value;
        if (isExtensionPart(e)) return reflag(base, 0, Flag.FILENAME | Flag.RAW_FILENAME);
        return this.member(base, key);
      }
      case "Call": {
        if (f.exprKeys) {
          const known = f.env.get(exprKey(file, e));
          if (known) {
            this.call(f, e);
            return known;
          }
        }
        return this.call(f, e);
      }
      case "BinOp": {
        const l = this.eval(f, e.left);
        const r = this.eval(f, e.right);
        const t = union(l, r);
        if (t.length === 0) return t;
        const stringy = e.op === "Mod" || (e.op === "Add" && (isStringExpr(e.left) || isStringExpr(e.right)));
        return stringy ? reflag(step(t, file, e, "string built here"), Flag.STR) : t;
      }
      case "JoinedStr": {
        const t = union(...e.values.map((v) => (v.type === "FormattedValue" ? this.eval(f, v.value) : CLEAN)));
        return t.length === 0 ? t : reflag(step(t, file, e, "formatted into a string"), Flag.STR);
      }
      case "FormattedValue":
        return this.eval(f, e.value);
      case "BoolOp":
        return union(...e.values.map((v) => this.eval(f, v)));
      case "IfExp":
        this.eval(f, e.test);
        return union(this.eval(f, e.body), this.eval(f, e.orelse));
      case "UnaryOp":
        this.eval(f, e.operand);
        return CLEAN;
      case "Compare":
        return this.compare(f, e);
      case "List":
      case "Tuple":
      case "Set":
        return reflag(union(...e.elts.map((x) => this.eval(f, x))), 0, Flag.STR);
      case "Dict":
        // Built by the code: its `"password"` key is not a password just because another value is client data.
        return reflag(union(...e.values.map((x) => this.eval(f, x)), ...e.keys.map((k) => (k ? this.eval(f, k) : CLEAN))), Flag.BUILT, Flag.STR);
      case "Starred":
      case "Await":
        return this.eval(f, e.value);
      case "NamedExpr": {
        const v = this.eval(f, e.value);
        this.assignTo(f, e.target, e.value, v, e);
        return v;
      }
      case "ListComp":
      case "SetComp":
      case "GeneratorExp":
      case "DictComp": {
        const saved = f.env;
        f.env = new Map(saved);
        for (const g of e.generators) {
          this.assignTo(f, g.target, g.iter, reflag(this.eval(f, g.iter), 0, Flag.STR), g.iter);
          for (const cond of g.ifs) {
            this.eval(f, cond);
            this.applyGuards(f, this.guards(f, cond), true);
          }
        }
        const t = e.type === "DictComp" ? union(this.eval(f, e.key), this.eval(f, e.value)) : this.eval(f, e.elt);
        f.env = saved;
        return reflag(t, 0, Flag.STR);
      }
      case "Lambda":
        return CLEAN;
      case "Yield":
      case "YieldFrom":
        if (e.value) f.returns = union(f.returns, this.eval(f, e.value));
        return CLEAN;
      case "Slice":
        if (e.lower) this.eval(f, e.lower);
        if (e.upper) this.eval(f, e.upper);
        return CLEAN;
      default:
        return CLEAN;
    }
  }

  /** A key or attribute of a tainted container (`data["password"]` becomes a password). */
  private member(base: TaintSet, key: string | undefined): TaintSet {
    const out = reflag(base, 0, Flag.BUILT);
    if (key !== undefined && isPasswordName(key)) {
      return mapTaints(out, (t, i) => {
        const b = base[i]!.flags;
        if (b & Flag.BUILT) return t;
        // On a parameter placeholder, whether the key names a password depends on the argument (substitute()).
        return { ...t, flags: t.flags | (b & Flag.PARAM ? Flag.KEYED_PASSWORD : Flag.PASSWORD) };
      });
    }
    return out;
  }

  private isRequest(f: Frame, e: Expr): boolean {
    return e.type === "Name" && f.fn.file.semantic.matchesQualifiedName(e, REQUEST_NAMES);
  }

  private attribute(f: Frame, e: Expr & { type: "Attribute" }): TaintSet {
    const file = f.fn.file;
    const key = keyOf(e);
    if (key && f.env.has(key)) return f.env.get(key)!;
    if (this.isRequest(f, e.value)) {
      const spec = REQUEST_ATTRIBUTES.get(e.attr);
      if (!spec) return CLEAN;
      const t = this.source(file, e, `\`request.${e.attr}\``, Flag.USER | (spec.str ? Flag.STR : 0) | (spec.file ? Flag.FILE : 0));
      return [spec.safe ? { ...t, safe: spec.safe.reduce((b, k) => b | kindBit(k), 0) } : t];
    }
    const base = this.eval(f, e.value);
    if (base.length === 0) return CLEAN;
    return mapTaints(base, (t) => {
      if (t.flags & Flag.FORM) {
        const fieldType = t.formFields?.get(e.attr) ?? "";
        let flags = Flag.USER | Flag.STR;
        if (/FileField$/.test(fieldType)) flags = Flag.USER | Flag.FILE;
        else if (fieldType === "PasswordField" || isPasswordName(e.attr)) flags |= Flag.PASSWORD;
        if (!t.formFields?.has(e.attr) && (e.attr === "data" || e.attr === "errors" || !/^[a-z_][a-z0-9_]*$/.test(e.attr))) flags = Flag.USER;
        return withStep({ ...t, flags, formFields: undefined }, file, e, `form field \`${e.attr}\``);
      }
      if (t.flags & Flag.FILE && e.attr === "filename") {
        return withStep(
          { ...t, flags: (t.flags & ~Flag.FILE) | Flag.USER | Flag.FILENAME | Flag.RAW_FILENAME | Flag.STR },
          file,
          e,
          "the client's file name",
        );
      }
      if (t.flags & Flag.PARAM && e.attr === "filename") {
        // If the argument turns out to be an upload, this is its client file name (see substitute()).
        return withStep({ ...t, flags: t.flags | Flag.FILENAME | Flag.RAW_FILENAME | Flag.STR }, file, e, "the client's file name");
      }
      if (t.flags & Flag.FILE && (e.attr === "stream" || e.attr === "content_type" || e.attr === "mimetype")) {
        return { ...t, flags: (t.flags & ~Flag.FILE) | Flag.USER };
      }
      if (isPasswordName(e.attr) && t.flags & Flag.USER) return { ...t, flags: t.flags | Flag.PASSWORD };
      if (e.attr === "suffix" || e.attr === "suffixes") return { ...t, flags: t.flags & ~(Flag.FILENAME | Flag.RAW_FILENAME) };
      return t;
    });
  }

  private compare(f: Frame, e: Compare): TaintSet {
    const operands = [e.left, ...e.comparators];
    const taints = operands.map((o) => this.eval(f, o));
    e.ops.forEach((op, i) => {
      if (op !== "Eq" && op !== "NotEq") return;
      for (const [a, b] of [[i, i + 1], [i + 1, i]] as const) {
        const pw = taints[a]!.filter((t) => t.flags & Flag.PASSWORD && unsafeFor(t, "compare"));
        if (pw.length === 0) continue;
        const other = operands[b]!;
        if (taints[b]!.some((t) => t.flags & (Flag.USER | Flag.PASSWORD))) continue;
        if (!isStoredPasswordRef(other)) continue;
        for (const t of pw) this.hit(f, { kind: "compare", file: f.fn.file.path, node: e, site: e, sink: "`==`", taint: t });
        return;
      }
    });
    return CLEAN;
  }

  private call(f: Frame, call: Call): TaintSet {
    const file = f.fn.file;
    const model = file.semantic;
    const func = call.func;
    const method = func.type === "Attribute" ? func.attr : null;
    const receiver = method && func.type === "Attribute" ? this.eval(f, func.value) : CLEAN;
    const args = call.args.map((a) => this.eval(f, a));
    const kwargs = new Map<string, TaintSet>();
    let kwAll: TaintSet = CLEAN;
    for (const k of call.keywords) {
      const t = this.eval(f, k.value);
      if (k.arg) kwargs.set(k.arg, t);
      kwAll = union(kwAll, t);
    }
    const q = model.resolveQualifiedName(func);
    const allArgs = union(...args, kwAll);

    // Sinks (their results are not request data any more: one root cause, one finding).
    if (this.sinks(f, call, q, method, receiver, args, kwargs)) return CLEAN;

    // Sources.
    if (method && func.type === "Attribute" && this.isRequest(f, func.value) && REQUEST_METHODS.has(method)) {
      return [this.source(file, call, `\`request.${method}()\``, Flag.USER)];
    }
    if (q && this.customSources.has(q)) return [this.source(file, call, `\`${q}()\``, Flag.USER | Flag.STR)];

    // Sanitizers.
    if (q) {
      const bits = (SANITIZERS.get(q) ?? 0) | (this.customSanitizers.get(q) ?? 0);
      if (bits) {
        const t = sanitize(allArgs, bits);
        return step(t, file, call, `passed through \`${q.split(".").pop()}()\``);
      }
    }
    if ((q && /^(os\.path|posixpath|ntpath)\.(realpath|abspath|normpath)$/.test(q)) || (method === "resolve" && receiver.length > 0)) {
      return reflag(step(union(receiver, allArgs), file, call, `normalized by \`${q ?? method}()\``), Flag.NORMALIZED, Flag.STR);
    }
    const lastName = (q ?? method ?? (func.type === "Name" ? func.id : "")).split(".").pop() ?? "";
    if (HASHING_FUNCTION.test(lastName) || (method && method === "hexdigest")) return CLEAN;

    // Project functions and classes.
    const callee = this.resolveCallee(f, func);
    if (callee && "cls" in callee) {
      const fields = this.formClasses.get(callee.cls);
      if (fields) {
        const t = this.source(file, call, `form \`${callee.cls.name}\``, Flag.FORM);
        return [{ ...t, formFields: fields }];
      }
      // The class's own `__init__` (through its project bases): apply its summary for what it stores.
      const init = this.classChain(callee.cls).map((c) => this.method(c, "__init__")).find((m) => m !== null);
      if (init) this.applySummary(f, call, init, true, args, kwargs);
      else if (this.isModelClass(callee.cls)) this.constructorStore(f, call, callee.cls);
      return CLEAN;
    }
    if (callee) {
      this.stats.callsResolved++;
      return this.applySummary(f, call, callee.fn, callee.viaInstance, args, kwargs);
    }

    if (method) {
      if (CLEAN_METHODS.has(method)) return CLEAN;
      if (receiver.length > 0 && receiver.every((t) => t.flags & Flag.FORM)) {
        // `form.save()`, `form.populate_obj(user)`: what a form's own methods return is not a field value.
        return CLEAN;
      }
      if (receiver.length > 0) {
        if (receiver.some((t) => t.flags & Flag.FILE) && (method === "read" || method === "getvalue" || method === "readlines")) {
          return reflag(receiver, Flag.USER, Flag.FILE | Flag.STR);
        }
        if (method === "get" || method === "getlist" || method === "pop" || method === "setdefault") {
          // `request.args.get("page", type=int)`: Werkzeug converts (or drops) the value.
          const type = call.keywords.find((k) => k.arg === "type")?.value;
          if (type && type.type === "Name" && ["int", "float", "bool"].includes(type.id)) return CLEAN;
          const key = stringLiteral(call.args[0])?.value;
          return this.member(receiver, key);
        }
        const viaArgs = ARG_METHODS.has(method) ? allArgs : CLEAN;
        return step(union(receiver, viaArgs), file, call, `through \`.${method}()\``);
      }
      if (MUTATORS.has(method) && allArgs.length > 0 && func.type === "Attribute") {
        // `parts.append(x)`: the container now holds client data.
        const key = keyOf(func.value);
        if (key) f.env.set(key, union(f.env.get(key) ?? CLEAN, step(allArgs, file, call, `added to \`${key}\``)));
        return CLEAN;
      }
      if (func.type === "Attribute" && isStringExpr(func.value) && allArgs.length > 0) {
        return reflag(step(allArgs, file, call, `formatted with \`.${method}()\``), Flag.STR);
      }
      if (q && allArgs.length > 0 && !this.isProjectName(q, file)) return reflag(step(allArgs, file, call, `through \`${q}()\``), opaque(q), Flag.STR);
      return CLEAN;
    }
    if (allArgs.length === 0) return CLEAN;
    if (q && STR_BUILTINS.has(q)) return reflag(allArgs, Flag.STR);
    if (q && /^builtins\.(list|tuple|set|dict|sorted|reversed|iter|next|enumerate|zip|filter|map|min|max)$/.test(q)) return reflag(allArgs, 0, Flag.STR);
    if (q && q.startsWith("builtins.")) return CLEAN;
    return reflag(step(allArgs, file, call, `through \`${q ?? (func.type === "Name" ? func.id : "call")}()\``), q ? opaque(q) : Flag.OPAQUE, Flag.STR);
  }

  private addSetter(attr: string, cls: ClassDef | null): void {
    let owners = this.propertySetters.get(attr);
    if (!owners) this.propertySetters.set(attr, (owners = new Set()));
    owners.add(cls);
  }

  /** Whether a project class is a persisted model (SQLAlchemy/ODM base, `__tablename__`), through its bases. */
  private isModelClass(cls: ClassDef): boolean {
    return this.classChain(cls).some((c) => {
      const file = this.classFile.get(c);
      if (c.body.some((st) => st.type === "Assign" && st.targets.some((t) => t.type === "Name" && (t.id === "__tablename__" || t.id === "__table__")))) return true;
      return c.bases.some((b) => /(^|\.)(Model|Base|DeclarativeBase|Document|SQLModel|DynamicDocument|Entity)$/.test(file ? file.text.slice(b.start, b.end) : ""));
    });
  }

  /**
   * Whether `obj` may be a persisted model instance: a local known to hold a model, `self` in a model
   * class, or a variable named like a user record (`user`, `account`, `new_admin`) whose class is unknown.
   */
  private mayBeModel(f: Frame, obj: Expr): boolean {
    if (obj.type !== "Name") return false;
    if (obj.id === "self") return f.fn.cls !== null && this.isModelClass(f.fn.cls);
    const known = f.types.get(obj.id);
    if (known) return this.isModelClass(known);
    return /(^|_)(user|users|account|member|admin|customer|client|person|profile|staff|player|owner|team|employee|student|u)s?($|_|\d)/i.test(obj.id);
  }

  /** Whether `obj.attr = v` runs a property setter (which may hash): per class when `obj`'s class is known. */
  private hasSetter(f: Frame, obj: Expr, attr: string): boolean {
    const owners = this.propertySetters.get(attr);
    if (!owners) return false;
    const cls = obj.type === "Name" && obj.id === "self" ? f.fn.cls ?? undefined : obj.type === "Name" ? f.types.get(obj.id) : undefined;
    if (!cls) return true;
    return this.classChain(cls).some((c) => owners.has(c));
  }

  private classChain(cls: ClassDef, depth = 0): ClassDef[] {
    const file = this.classFile.get(cls);
    if (!file || depth > 6) return [cls];
    const out = [cls];
    for (const b of cls.bases) {
      const target = this.resolveClassExpr(file, b);
      if (target) out.push(...this.classChain(target.cls, depth + 1));
    }
    return out;
  }

  private isProjectName(q: string, near: FileView): boolean {
    const parts = q.split(".");
    for (let i = parts.length - 1; i >= 1; i--) if (this.graph.fileForModule(parts.slice(0, i).join("."), near)) return true;
    return false;
  }


  /** `User(password=form.password.data)`: a password passed to a model constructor as is. */
  private constructorStore(f: Frame, call: Call, cls: ClassDef): void {
    const className = cls.name;
    for (const k of call.keywords) {
      if (!k.arg || !isStoredPasswordName(k.arg)) continue;
      const owners = this.propertySetters.get(k.arg);
      if (owners && this.classChain(cls).some((c) => owners.has(c))) continue;
      for (const t of this.eval(f, k.value)) {
        this.hit(f, { kind: "store", file: f.fn.file.path, node: k.value, site: call, sink: `\`${className}(${k.arg}=...)\``, taint: t });
      }
    }
  }

  private applySummary(f: Frame, call: Call, fn: FunctionInfo, viaInstance: boolean, args: TaintSet[], kwargs: Map<string, TaintSet>): TaintSet {
    const summary = this.summary(fn, f.depth + 1);
    const file = f.fn.file;
    const bound = new Map<number, TaintSet>();
    const skip = fn.cls && !fn.isStatic && (viaInstance || fn.isClassMethod) ? 1 : 0;
    args.forEach((t, i) => {
      if (call.args[i]?.type === "Starred") return;
      const idx = i + skip;
      if (idx < fn.params.length) bound.set(idx, t);
    });
    for (const [name, t] of kwargs) {
      const idx = fn.params.findIndex((p) => p.arg === name);
      if (idx >= 0) bound.set(idx, t);
    }
    const name = fn.node.name;
    if (!summary) return union(...bound.values());
    let result: TaintSet = CLEAN;
    for (const t of summary.returns) {
      if (t.conds?.some((c) => literalTruthiness(fn, call, c.index, skip) === !c.truthy)) continue;
      if (t.origin.kind === "param" && t.origin.fn === fn) {
        const arg = bound.get(t.origin.index) ?? CLEAN;
        result = union(result, mapTaints(arg, (a) => substitute(a, t, file, call, name)));
      } else {
        result = union(result, [withStep(t, file, call, `returned by \`${name}()\``)]);
      }
    }
    for (const s of summary.sinks) {
      const t = s.hit.taint;
      if (t.origin.kind !== "param") continue;
      // A branch this call cannot take (`dump(path)` where the sink sits under `if from_setup:` and
      // `from_setup` defaults to False) is skipped: a little context at the call site.
      if (s.conds.some((c) => literalTruthiness(fn, call, c.index, skip) === !c.truthy)) continue;
      const arg = bound.get(s.index) ?? CLEAN;
      for (const a of arg) this.hit(f, { ...s.hit, taint: substitute(a, t, file, call, name) });
    }
    return result;
  }

  /** Records a hit: a real source is a finding candidate; a parameter placeholder goes into the summary. */
  private hit(f: Frame, h: SinkHit): void {
    const t = h.taint;
    // Sanitized client file names still count for the storage-name rule (FG704), which filters them itself.
    if (!unsafeFor(t, h.kind) && !(h.kind === "path" && t.flags & Flag.FILENAME && h.write)) return;
    if (t.origin.kind === "param") {
      if (t.origin.fn === f.fn) f.sinks.push({ index: t.origin.index, hit: h, conds: [...f.conds, ...(t.conds ?? [])] });
      return;
    }
    // A value returned by a library function we know nothing about (`GridFS(get_db(name))`) is not
    // reported: it may be anything derived from the input. Known transparent functions keep the taint plain.
    if (t.flags & Flag.OPAQUE) return;
    if (h.kind === "upload") {
      if (t.flags & Flag.FILE) this.hits.push(h);
      return;
    }
    // A parameter named `password` may well receive a hash (`User(email, password=hashpw(...))`): storing
    // it is reported only through call sites that pass a real password (summaries).
    if (h.kind === "store" && t.origin.kind === "source" && t.origin.label.startsWith("password parameter")) return;
    const password = h.kind === "hash" || h.kind === "store" || h.kind === "compare";
    if (password ? !(t.flags & Flag.PASSWORD) : !(t.flags & Flag.USER)) return;
    this.hits.push(h);
  }

  private report(f: Frame, kind: SinkKind, [node, taints]: [Expr | undefined, TaintSet | undefined], site: Ranged, sink: string, extra: Partial<SinkHit> = {}): boolean {
    if (!node || !taints) return false;
    for (const t of taints) this.hit(f, { kind, file: f.fn.file.path, node, site, sink, taint: t, ...extra });
    return true;
  }

  /** Checks a call against the sink catalogue; returns true when it is a sink (of any kind). */
  private sinks(f: Frame, call: Call, q: string | null, method: string | null, receiver: TaintSet, args: TaintSet[], kwargs: Map<string, TaintSet>): boolean {
    const arg = (i: number, ...names: string[]): [Expr | undefined, TaintSet | undefined] => {
      if (call.args[i] && call.args[i]!.type !== "Starred") return [call.args[i], args[i]];
      for (const n of names) {
        const k = call.keywords.find((kw) => kw.arg === n);
        if (k) return [k.value, kwargs.get(n)];
      }
      return [undefined, undefined];
    };
    const display = q ?? (method ? `.${method}` : "call");
    const short = q ? q.replace(/^builtins\./, "") : method && call.func.type === "Attribute" ? `${sourceHead(call.func.value)}.${method}` : display;
    if (q && RENDER_TEMPLATE.has(q)) {
      // Observed, not consumed: each keyword argument becomes a `render` hit (its `sink` names the
      // keyword) for the template rules, and the call's result stays clean (sanitizer table).
      for (const k of call.keywords) {
        if (k.arg) this.report(f, "render", [k.value, kwargs.get(k.arg)], call, k.arg);
      }
      return false;
    }
    if (q) {
      const custom = this.customSinks.get(q);
      if (custom) return this.report(f, custom, arg(0), call, `${short}()`), true;
      if (SQL_TEXT.has(q)) return this.report(f, "sql", arg(0, "sql", "text"), call, `${short}()`), true;
      if (TEMPLATE_SINKS.has(q)) return this.report(f, "template", arg(0, "source", "text"), call, `${short}()`), true;
      if (CODE_SINKS.has(q)) return this.report(f, "code", arg(0, "source", "expression"), call, `${short}()`), true;
      if (SHELL_ALWAYS.has(q)) return this.report(f, "command", arg(0, "cmd", "command"), call, `${short}()`), true;
      if (SUBPROCESS.has(q)) {
        const [a0, t0] = arg(0, "args");
        const shell = call.keywords.find((k) => k.arg === "shell");
        const shellOn = q === "asyncio.create_subprocess_shell" || (shell !== undefined && !(shell.value.type === "Constant" && (shell.value.value === false || shell.value.value === null)));
        if (shellOn) return this.report(f, "command", [a0, t0], call, `${short}(..., shell=True)`), true;
        if (a0 && (a0.type === "List" || a0.type === "Tuple")) {
          const prog = a0.elts[0];
          if (prog && prog.type !== "Starred") this.report(f, "command", [prog, this.eval(f, prog)], call, `${short}()`);
        } else if (q === "asyncio.create_subprocess_exec") {
          this.report(f, "command", [a0, t0], call, `${short}()`);
        } else if (a0 && t0 && t0.some((t) => t.flags & Flag.STR)) {
          this.report(f, "command", [a0, t0], call, `${short}()`);
        }
        return true;
      }
      if (EXEC_PROGRAM.has(q)) return this.report(f, "command", arg(0, "path", "file"), call, `${short}()`), true;
      if (REDIRECT_SINKS.has(q)) {
        const [a0, t0] = arg(0, "location");
        if (a0 && t0 && !hasFixedPrefix(a0, "redirect")) this.report(f, "redirect", [a0, t0], call, `${short}()`);
        return true;
      }
      if (PATH_READ.has(q)) return this.report(f, "path", arg(0, "file", "path", "path_or_file", "filename_or_fp", "name"), call, `${short}()`), true;
      if (PATH_WRITE.has(q)) {
        this.report(f, "path", arg(0, "src"), call, `${short}()`);
        this.report(f, "path", arg(1, "dst"), call, `${short}()`, { write: true });
        return true;
      }
      if (SEND_FROM_DIRECTORY.has(q)) return this.report(f, "path", arg(0, "directory"), call, `${short}()`), true;
      if (DESERIALIZE.has(q)) return this.report(f, "deserialization", arg(0, "data", "file", "s", "string", "value"), call, `${short}()`), true;
      if (YAML_LOAD.has(q)) {
        const loader = call.args[1] ?? call.keywords.find((k) => k.arg === "Loader")?.value;
        const lq = loader ? f.fn.file.semantic.resolveQualifiedName(loader) ?? (loader.type === "Attribute" ? loader.attr : loader.type === "Name" ? loader.id : "") : "";
        if (!SAFE_YAML_LOADERS.test(lq)) this.report(f, "deserialization", arg(0, "stream"), call, `${short}()`);
        return true;
      }
      if (SSRF_SINKS.has(q) || SSRF_METHOD_URL1.has(q)) {
        const [a, t] = SSRF_METHOD_URL1.has(q) ? arg(1, "url") : arg(0, "url");
        if (a && t && !hasFixedPrefix(a, "ssrf")) this.report(f, "ssrf", [a, t], call, `${short}()`);
        return true;
      }
      if (XSS_SINKS.has(q)) return this.report(f, "xss", arg(0, "base", "object"), call, `${short}()`), true;
      if (RESPONSE_SINKS.has(q)) {
        const [a0, t0] = arg(0, "response", "rv");
        const type = call.keywords.find((k) => k.arg === "mimetype" || k.arg === "content_type");
        const typeValue = type ? stringLiteral(type.value)?.value ?? "" : "text/html";
        if (/html/.test(typeValue) && a0 && t0 && !setsNonHtmlType(f.fn.node)) this.report(f, "xss", [a0, t0.filter((t) => t.flags & Flag.STR)], call, `${short}()`);
        return false;
      }
      if (q.startsWith("hashlib.") && FAST_HASHES.has(q.slice(8))) return this.report(f, "hash", arg(0, "data", "string"), call, `${short}()`), true;
      if (q === "hashlib.new") return this.report(f, "hash", arg(1, "data", "string"), call, `${short}()`), true;
      if (q === "hmac.new" || q === "hmac.digest") {
        this.report(f, "hash", arg(0, "key"), call, `${short}()`);
        this.report(f, "hash", arg(1, "msg"), call, `${short}()`);
        return true;
      }
    }
    if (!method) return false;
    if (SQL_METHODS.has(method) && !q?.startsWith("builtins.")) {
      const [a0, t0] = arg(0, "sql", "statement", "query", "operation");
      this.report(f, "sql", [a0, t0], call, `${short}()`);
      // Parameters of a statement that writes a password column: plaintext storage.
      const sql = stringLiteral(a0)?.value ?? "";
      if (/\b(insert|update)\b/i.test(sql) && /pass|pwd/i.test(sql) && args[1]) {
        for (const t of args[1]) this.hit(f, { kind: "store", file: f.fn.file.path, node: call.args[1]!, site: call, sink: `\`${short}()\``, taint: t });
      }
      return true;
    }
    if (method === "from_string") return this.report(f, "template", arg(0, "source"), call, `${short}()`), true;
    if (method === "save" && call.func.type === "Attribute" && receiver.length > 0) {
      this.report(f, "upload", [call.func.value, receiver], call, `${short}()`);
    }
    if (method === "save") {
      // `FileStorage.save(dst)`, `image.save(path)`: not `preferences.save(data)` or ORM saves.
      const receiverText = call.func.type === "Attribute" ? sourceHead(call.func.value) : "";
      const isFileLike = receiver.some((t) => t.flags & Flag.FILE) || /(^|[._])(file|files|f|fs|image|img|im|photo|picture|avatar|upload|uploaded|attachment|storage|thumb|thumbnail|doc|document|pdf|wb|workbook|fig|figure|plot)s?($|[._\d])/i.test(receiverText);
      return isFileLike ? (this.report(f, "path", arg(0, "dst", "fp", "path", "filename"), call, `${short}()`, { write: true }), true) : false;
    }
    if (method === "update" && receiver.length === 0 && args[0]?.some((t) => t.flags & Flag.PASSWORD)) {
      return this.report(f, "hash", arg(0), call, `${short}()`), true;
    }
    if (PATH_METHODS.has(method) || (method === "open" && receiver.length > 0)) {
      if (receiver.length > 0 && call.func.type === "Attribute") this.report(f, "path", [call.func.value, receiver], call, `${short}()`, { write: method.startsWith("write") });
      return receiver.length > 0;
    }
    return false;
  }

  /** The XSS check of a view's return value: request text returned as an HTML response. */
  private checkViewReturn(f: Frame, value: Expr): void {
    let body = value;
    if (value.type === "Tuple" && value.elts.length > 0) {
      body = value.elts[0]!;
      for (const extra of value.elts.slice(1)) {
        if (extra.type === "Dict" || extra.type === "List") {
          const text = f.fn.file.text.slice(extra.start, extra.end);
          if (/content-type/i.test(text) && !/html/i.test(text)) return;
        }
      }
    }
    if (body.type === "Call" || body.type === "Dict" || body.type === "List") {
      // Calls were checked as sinks (Markup, make_response); dicts and lists become JSON.
      if (body.type !== "Call" || !(body.func.type === "Attribute" && body.func.attr === "format" && isStringExpr(body.func.value))) return;
    }
    const t = this.eval(f, body).filter((x) => x.flags & Flag.STR && x.flags & Flag.USER);
    this.report(f, "xss", [body, t], value, `the response of view \`${f.fn.node.name}()\``);
  }
}

/** Tags the parameter placeholders of `fn` in a set with a branch condition. */
function withCond(set: TaintSet, fn: FunctionInfo, cond: Cond): TaintSet {
  return mapTaints(set, (t) => {
    if (t.origin.kind !== "param" || t.origin.fn !== fn) return t;
    if (t.conds?.some((c) => c.index === cond.index)) return t;
    return { ...t, conds: [...(t.conds ?? []), cond] };
  });
}

/**
 * The truthiness of parameter `index` of `fn` at `call` when it is a literal there (or the parameter
 * is not passed and its default is a literal); null when unknown.
 */
function literalTruthiness(fn: FunctionInfo, call: Call, index: number, skip: number): boolean | null {
  const param = fn.params[index];
  if (!param) return null;
  let value: Expr | undefined;
  const pos = index - skip;
  if (pos >= 0 && pos < call.args.length) {
    if (call.args.slice(0, pos + 1).some((a) => a.type === "Starred")) return null;
    value = call.args[pos];
  } else {
    const kw = call.keywords.find((k) => k.arg === param.arg);
    if (kw) value = kw.value;
    else if (call.keywords.some((k) => k.arg === null)) return null;
    else value = fn.defaults.get(param.arg);
  }
  if (!value || value.type !== "Constant") return null;
  const v = value.value;
  if (v === null || v === false || v === 0 || v === "") return false;
  if (typeof v === "bigint") return v !== 0n;
  return true;
}

/** Replaces a callee's parameter placeholder by the caller's argument taint, joining the paths. */
function substitute(arg: Taint, calleeTaint: Taint, file: FileView, call: Call, name: string): Taint {
  let flags = arg.flags | (calleeTaint.flags & ~Flag.PARAM);
  if (calleeTaint.flags & Flag.FILENAME && !(calleeTaint.flags & Flag.FILE)) {
    if (arg.flags & Flag.FILE) flags &= ~Flag.FILE;
    else if (!(arg.flags & Flag.FILENAME)) flags &= ~(Flag.FILENAME | Flag.RAW_FILENAME);
  }
  if (!(arg.flags & Flag.STR) && !(calleeTaint.flags & Flag.STR)) flags &= ~Flag.STR;
  if (calleeTaint.flags & Flag.KEYED_PASSWORD) {
    flags &= ~Flag.KEYED_PASSWORD;
    if (!(arg.flags & Flag.BUILT)) flags |= arg.flags & Flag.PARAM ? Flag.KEYED_PASSWORD : Flag.PASSWORD;
  }
  let out: Taint = withStep({ ...arg, flags, safe: arg.safe | calleeTaint.safe }, file, call, `passed to \`${name}()\``);
  const steps: { file: string; start: number; end: number; message: string }[] = [];
  for (let s = calleeTaint.steps; s; s = s.prev) steps.push(s.step);
  for (const s of steps.reverse()) out = withStep(out, s.file, s, s.message);
  return out;
}

/** The env key of a call or subscript expression: its text without whitespace. */
function exprKey(file: FileView, e: Expr): string {
  return `~${file.text.slice(e.start, e.end).replace(/\s+/g, "")}`;
}

/** The env key of a name or dotted attribute chain (`x`, `self.path`), null otherwise. */
export function keyOf(e: Expr): string | null {
  if (e.type === "Name") return e.id;
  if (e.type === "Attribute") {
    const base = keyOf(e.value);
    return base === null ? null : `${base}.${e.attr}`;
  }
  return null;
}

/** The guards every list proves (same key), with the bits they all share. */
function intersectGuards(lists: Guard[][]): Guard[] {
  if (lists.length === 0) return [];
  const out: Guard[] = [];
  for (const g of lists[0]!) {
    let bits = g.bits;
    for (const other of lists.slice(1)) {
      const same = other.filter((o) => o.key === g.key).reduce((b, o) => b | o.bits, 0);
      bits &= same;
    }
    if (bits !== 0 && !out.some((o) => o.key === g.key)) out.push({ ...g, bits });
  }
  return out;
}

function joinEnv(a: Map<string, TaintSet>, b: Map<string, TaintSet>): Map<string, TaintSet> {
  if (a === b) return new Map(a);
  const out = new Map(a);
  for (const [k, v] of b) {
    const prev = out.get(k);
    out.set(k, prev ? union(prev, v) : v);
  }
  return out;
}

/** Library functions whose result carries their input as is (decoding, parsing, path and URL building). */
const TRANSPARENT = /^(os\.path|posixpath|ntpath|pathlib|base64|binascii|codecs|urllib\.parse|html|zlib|gzip|bz2|lzma|shlex|textwrap|string|copy|collections|itertools|functools|operator|io|unicodedata|typing|werkzeug\.urls|werkzeug\.datastructures|re)\.|^(json|simplejson|ujson|orjson|flask\.json)\.loads?$|^(yaml\.safe_load|xmltodict\.parse|os\.fspath|os\.fsencode|os\.fsdecode)$/;

/** {@link Flag.OPAQUE} unless `q` is a known transparent library function. */
function opaque(q: string): number {
  return TRANSPARENT.test(q) ? 0 : Flag.OPAQUE;
}

/** `name.rsplit(".", 1)[1]`, `os.path.splitext(name)[1]`, `name.split(".")[-1]`: only the extension of a file name. */
function isExtensionPart(e: Expr & { type: "Subscript" }): boolean {
  const idx = e.slice.type === "Constant" ? e.slice.value : e.slice.type === "UnaryOp" && e.slice.op === "USub" && e.slice.operand.type === "Constant" ? -Number(e.slice.operand.value) : null;
  if (idx !== 1 && idx !== -1) return false;
  const v = e.value;
  if (v.type !== "Call") return false;
  const name = v.func.type === "Attribute" ? v.func.attr : v.func.type === "Name" ? v.func.id : "";
  if (name === "splitext") return true;
  return (name === "rsplit" || name === "split" || name === "rpartition" || name === "partition") && stringLiteral(v.args[0])?.value === ".";
}

/** Whether a function sets a non-HTML type on a response (`r.mimetype = "text/plain"`, `r.headers["Content-Type"] = ...`). */
function setsNonHtmlType(fn: Fn): boolean {
  let found = false;
  eachNode(fn, (n) => {
    if (found || n.type !== "Assign") return;
    const value = stringLiteral(n.value)?.value;
    if (value === undefined || /html/i.test(value)) return;
    for (const t of n.targets) {
      if (t.type === "Attribute" && (t.attr === "mimetype" || t.attr === "content_type")) found = true;
      if (t.type === "Subscript" && /^content-type$/i.test(stringLiteral(t.slice)?.value ?? "")) found = true;
    }
  });
  return found;
}

/** Whether an expression is visibly a string (a literal or an f-string). */
function isStringExpr(e: Expr): boolean {
  return (e.type === "Constant" && typeof e.value === "string") || e.type === "JoinedStr";
}

/** Whether an expression names a stored password or its hash (`user.password`, `row["pw_hash"]`, `config["ADMIN_PASSWORD"]`). */
function isStoredPasswordRef(e: Expr): boolean {
  if (e.type === "Attribute") return isStoredPasswordName(e.attr);
  if (e.type === "Name") return isStoredPasswordName(e.id);
  if (e.type === "Subscript") {
    const key = stringLiteral(e.slice)?.value;
    return key !== undefined && isStoredPasswordName(key);
  }
  if (e.type === "Call" && e.func.type === "Attribute" && e.func.attr === "get") {
    const key = stringLiteral(e.args[0])?.value;
    return key !== undefined && isStoredPasswordName(key) && /config|settings|environ/i.test(sourceHead(e.func.value));
  }
  return false;
}

/** A short text for the receiver of a method call (`cursor`, `db.session`). */
function sourceHead(e: Expr): string {
  if (e.type === "Name") return e.id;
  if (e.type === "Attribute") return `${sourceHead(e.value)}.${e.attr}`;
  if (e.type === "Call") return `${sourceHead(e.func)}()`;
  return "…";
}

/**
 * Whether the start of a URL is fixed by the code, so the client cannot choose the host:
 * `"https://api.example.com/users/" + name`, `f"/profile/{name}"` (for redirects), `url_for(...) + q`.
 */
function hasFixedPrefix(e: Expr, kind: "redirect" | "ssrf"): boolean {
  const prefix = leadingText(e);
  if (prefix === null) return false;
  if (prefix === "") return true; // a clean non-literal head such as url_for(...) or a config value
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]+[/?#]/i.test(prefix)) return true;
  return kind === "redirect" && /^\/[^/\\]/.test(prefix);
}

/** The literal text a string-building expression starts with; "" for a clean non-literal head; null when the head is variable. */
function leadingText(e: Expr): string | null {
  switch (e.type) {
    case "JoinedStr": {
      let text = "";
      for (const v of e.values) {
        if (v.type === "Constant") text += String(v.value);
        else return text.length > 0 ? text : null;
      }
      return text;
    }
    case "BinOp":
      if (e.op === "Add") {
        const l = leadingText(e.left);
        if (l !== null) return l;
        return e.left.type === "Call" && isUrlFor(e.left) ? "" : null;
      }
      if (e.op === "Mod") {
        const s = stringLiteral(e.left)?.value;
        return s === undefined ? null : (s.split("%")[0] ?? "") || null;
      }
      return null;
    case "Call":
      if (e.func.type === "Attribute" && e.func.attr === "format") {
        const s = stringLiteral(e.func.value)?.value;
        return s === undefined ? null : (s.split("{")[0] ?? "") || null;
      }
      return isUrlFor(e) ? "" : null;
    case "Constant":
      return typeof e.value === "string" ? e.value : null;
    default:
      return null;
  }
}

function isUrlFor(e: Call): boolean {
  return (e.func.type === "Name" && e.func.id === "url_for") || (e.func.type === "Attribute" && e.func.attr === "url_for");
}


/**
 * The functions whose text matches `pattern` (where a source can be) and, transitively, every
 * function whose text names one of them: a caller may receive a source through a return value, and
 * only a caller's analysis reports a sink it reaches there. In source order.
 */
function rootFunctions(functions: readonly FunctionInfo[], pattern: RegExp): FunctionInfo[] {
  const textOf = (fn: FunctionInfo): string => fn.file.text.slice(fn.node.start, fn.node.end);
  const chosen = new Set<FunctionInfo>();
  let names = new Set<string>();
  for (const fn of functions) {
    if (pattern.test(textOf(fn))) {
      chosen.add(fn);
      names.add(fn.node.name);
    }
  }
  while (names.size > 0) {
    const wanted = [...names];
    names = new Set();
    for (const fn of functions) {
      if (chosen.has(fn)) continue;
      const text = textOf(fn);
      if (!wanted.some((name) => namesIdentifier(text, name))) continue;
      chosen.add(fn);
      names.add(fn.node.name);
    }
  }
  return functions.filter((fn) => chosen.has(fn));
}

const IDENTIFIER_CHAR = /[\p{L}\p{N}_]/u;

/** Whether `name` occurs in `text` as a whole identifier (`get` in `x.get(`, not in `target`). */
function namesIdentifier(text: string, name: string): boolean {
  for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) {
    const before = at > 0 ? text[at - 1]! : " ";
    const after = text[at + name.length] ?? " ";
    if (!IDENTIFIER_CHAR.test(before) && !IDENTIFIER_CHAR.test(after)) return true;
  }
  return false;
}
