/**
 * @fileoverview What the template and front-end rules need from the Python side of a project,
 * computed once per project: the template set (with the template folders of the Flask project
 * model: apps' and blueprints' `template_folder=`, evaluated), the app's CSRF defence (a Flask-WTF
 * `CSRFProtect` or Flask-SeaSurf the model sees attached, switched off in production, a
 * hand-written check, or none), and the `render_template("t.html", name=value)` calls whose values
 * are request data or `Markup` of it.
 *
 * When the project model sees no Flask app or blueprint (a template folder scanned on its own, an
 * app built in a way the model cannot follow), a local scan of the Python files stands in for it.
 *
 * Request data in `render_template` arguments is recognised locally (a `flask.request` attribute
 * read in the argument, a local assigned from one, or a route parameter of the view, with the
 * data-flow engine's route list). The data-flow engine (`src/dataflow/`) has no query for the
 * taint of a call's keyword arguments yet; once it reports `render_template` arguments, its flows
 * replace {@link requestDataIn}.
 */
import type { Call, Expr, FunctionDef, AsyncFunctionDef, Node } from "../../python/ast.js";
import { dataflowOf, findViews, flowPath, hitsOf, sourceLabel, stepsOf, unsafeFor, urlRuleParams, type SinkHit } from "../../dataflow/index.js";
import { SAFE_CONVERTERS } from "../../dataflow/routes.js";
import { findAll } from "../../python/walker.js";
import {
  analyzeScript,
  contextNames,
  isVendorScript,
  TemplateSet,
  walkExpr,
  type Expr as JinjaExpr,
  type ScriptAnalysis,
  type ScriptFile,
  type TemplateFile,
  type TemplateOutput,
} from "../../templates/index.js";
import type { FileView, ProjectView, Ranged, RelatedSpec } from "../types.js";
import { csrfExtensions, mayBeAttached } from "./csrf-protection.js";
import { boolOf, knownValue, productionTargets } from "./production-settings.js";
import { customCsrfHook } from "./session-auth.js";
import { isTestPath } from "./test-code.js";

/** The CSRF defence of a project as the template rules describe it. */
export interface CsrfDefence {
  kind: "csrfprotect" | "disabled" | "seasurf" | "custom" | "none";
  /** Where it is enabled (file and node), for related locations. */
  where: { file: string; node: Ranged } | null;
}

/** A `render_template` call with a literal template name. */
export interface RenderCall {
  file: FileView;
  call: Call;
  /** Template names (a literal, or each literal of a list). */
  templates: string[];
  /** Keyword arguments: name, value and, when the value is request data, a description of it. */
  kwargs: { name: string; value: Expr; request: RequestOrigin | null; markup: boolean }[];
}

/** Where request data comes from. */
export interface RequestOrigin {
  /** Whether the value *is* the request value (possibly indexed or stripped), not something computed from it. */
  direct: boolean;
  label: string;
  file: string;
  node: Ranged;
  /** Assignments the value went through, oldest first (for the flow shown as related locations). */
  steps: { file: string; node: Ranged; message: string }[];
}

interface FrontEndFacts {
  templates: TemplateSet;
  csrf: CsrfDefence;
  renders: RenderCall[];
  /** Whether the CSRF defence and template folders come from the project model (else the local scan). */
  fromModel: boolean;
  /**
   * The requests a static script sends. A script that looked vendored only because of a directory
   * name (`assets/`, `lib/`) that is the app's own static folder (`static_folder="assets"`) is
   * analysed after all.
   */
  scriptAnalysis(script: ScriptFile): ScriptAnalysis;
}

const cache = new WeakMap<ProjectView, FrontEndFacts>();

const FLASK_OR_BLUEPRINT = ["flask.Flask", "flask.app.Flask", "flask.Blueprint", "flask.blueprints.Blueprint"];
const CSRF_PROTECT = ["flask_wtf.CSRFProtect", "flask_wtf.csrf.CSRFProtect"];
const SEASURF = ["flask_seasurf.SeaSurf"];
const RENDER_TEMPLATE = ["flask.render_template", "flask.templating.render_template"];
const REQUEST = ["flask.request", "flask.globals.request"];
const MARKUP = ["markupsafe.Markup", "flask.Markup", "jinja2.Markup", "jinja2.utils.Markup"];
const REQUEST_ATTRS = new Set(["args", "form", "values", "json", "get_json", "data", "cookies", "headers", "view_args", "files", "get_data", "path", "full_path", "url", "query_string"]);

/** The project's front-end facts (computed on first use, cached per project). */
export function frontEndFacts(project: ProjectView): FrontEndFacts {
  let facts = cache.get(project);
  if (!facts) cache.set(project, (facts = compute(project)));
  return facts;
}

function compute(project: ProjectView): FrontEndFacts {
  const model = modelFacts(project);
  const local = localScan(project, model === null);
  const folders = model ? model.folders : local.folders;
  const csrf = model ? model.csrf : local.csrf;
  const staticFolders = model ? project.flask.staticFolders().map((f) => f.folder.path).filter((p) => p !== "." && !p.startsWith("..")) : [];
  const reanalysed = new Map<ScriptFile, ScriptAnalysis>();
  const scriptAnalysis = (script: ScriptFile): ScriptAnalysis => {
    if (!script.vendor) return script.analysis;
    let a = reanalysed.get(script);
    if (!a) {
      const folder = staticFolders.find((f) => script.path.startsWith(`${f}/`));
      const inside = folder ? `static/${script.path.slice(folder.length + 1)}` : null;
      a = inside !== null && !isVendorScript(inside, script.text) ? analyzeScript(script.text, 0) : script.analysis;
      reanalysed.set(script, a);
    }
    return a;
  };
  return { templates: new TemplateSet(project.templates, folders), csrf, renders: local.renders, fromModel: model !== null, scriptAnalysis };
}

/**
 * The template folders and CSRF defence according to the Flask project model, or null when the
 * model sees no app or blueprint (then {@link localScan} stands in).
 */
function modelFacts(project: ProjectView): { folders: string[]; csrf: CsrfDefence } | null {
  const model = project.flask;
  if (!model.isFlaskProject) return null;
  const folders = model.templateFolders().map((f) => f.folder.path).filter((p) => p !== "." && !p.startsWith(".."));
  return { folders, csrf: modelCsrfDefence(project) };
}

/** The project's CSRF defence from the model's extensions, configurations and hooks. */
function modelCsrfDefence(project: ProjectView): CsrfDefence {
  const model = project.flask;
  const extensions = csrfExtensions(project);
  const live = (kind: string) =>
    extensions.filter((e) => e.kind === kind && (e.attachments.length > 0 || mayBeAttached(project, e)));
  const seasurf = live("SeaSurf")[0];
  if (seasurf) return { kind: "seasurf", where: seasurf.attachments[0]?.at ?? seasurf.createdAt };
  const protect = live("CSRFProtect")[0];
  if (protect) {
    for (const target of productionTargets(project)) {
      const v = target.config.get("WTF_CSRF_ENABLED");
      if (v.status !== "set" || !v.write || v.write.conditional || isTestPath(v.write.at.file)) continue;
      if (boolOf(knownValue(v)) === false) return { kind: "disabled", where: { file: v.write.at.file, node: v.write.at.node } };
    }
    return { kind: "csrfprotect", where: protect.attachments[0]?.at ?? protect.createdAt };
  }
  for (const app of model.apps) {
    const hook = customCsrfHook(project, app);
    if (hook) return { kind: "custom", where: hook.function ? { file: hook.function.file, node: hook.function.node } : hook.at };
  }
  const custom = customCsrfCheck(project);
  if (custom) return { kind: "custom", where: custom };
  return { kind: "none", where: null };
}

/**
 * The local stand-in for the project model (template folders from literal `template_folder=`
 * arguments, `CSRFProtect`/`SeaSurf` constructions and `init_app` calls by name,
 * `WTF_CSRF_ENABLED = False` outside test and development classes), plus the `render_template`
 * calls, which the model does not list.
 */
function localScan(project: ProjectView, needCsrf: boolean): { folders: string[]; csrf: CsrfDefence; renders: RenderCall[] } {
  const folders: string[] = [];
  let csrf: CsrfDefence = { kind: "none", where: null };
  const csrfNames = new Set<string>();
  const csrfCalls: { file: string; node: Ranged; bound: boolean }[] = [];
  const renders: RenderCall[] = [];
  let views: ViewParams | undefined;
  let flows: RenderFlows | undefined;
  for (const file of project.files) {
    const model = file.semantic;
    const interesting =
      model.seenModule("flask") || model.seenModule("flask_wtf") || model.seenModule("flask_seasurf");
    if (!interesting) continue;
    const dir = file.path.includes("/") ? file.path.slice(0, file.path.lastIndexOf("/")) : "";
    for (const call of findAll(file.module, "Call")) {
      const q = model.resolveQualifiedName(call.func);
      if (q && FLASK_OR_BLUEPRINT.includes(q)) {
        const kw = call.keywords.find((k) => k.arg === "template_folder");
        if (kw && kw.value.type === "Constant" && typeof kw.value.value === "string") {
          folders.push(normalize(dir ? `${dir}/${kw.value.value}` : kw.value.value));
          folders.push(normalize(kw.value.value));
        }
      } else if (q && CSRF_PROTECT.includes(q)) {
        csrfCalls.push({ file: file.path, node: call, bound: call.args.length > 0 || call.keywords.some((k) => k.arg === "app") });
      } else if (q && SEASURF.includes(q)) {
        csrf = { kind: "seasurf", where: { file: file.path, node: call } };
      } else if (q && RENDER_TEMPLATE.includes(q)) {
        views ??= viewParameters(project);
        flows ??= renderFlows(project);
        const r = renderCall(file, call, views, flows);
        if (r) renders.push(r);
      }
    }
    for (const assign of findAll(file.module, "Assign")) {
      if (assign.value.type === "Call" && model.matchesQualifiedName(assign.value.func, CSRF_PROTECT)) {
        for (const t of assign.targets) if (t.type === "Name") csrfNames.add(t.id);
      }
    }
  }
  if (!needCsrf) return { folders, csrf, renders };
  const disabled = csrf.kind === "seasurf" ? null : csrfDisabledAt(project);
  if (csrf.kind !== "seasurf") {
    const bound = csrfCalls.find((c) => c.bound);
    if (bound) csrf = { kind: "csrfprotect", where: { file: bound.file, node: bound.node } };
    else if (csrfNames.size > 0) {
      for (const file of project.files) {
        for (const call of findAll(file.module, "Call")) {
          if (call.func.type === "Attribute" && call.func.attr === "init_app") {
            const recv = call.func.value;
            const name = recv.type === "Name" ? recv.id : recv.type === "Attribute" ? recv.attr : null;
            if (name && csrfNames.has(name)) {
              csrf = { kind: "csrfprotect", where: { file: file.path, node: call } };
              break;
            }
          }
        }
        if (csrf.kind !== "none") break;
      }
    }
  }
  if (disabled && csrf.kind === "csrfprotect") csrf = { kind: "disabled", where: disabled };
  if (csrf.kind === "none") {
    const custom = customCsrfCheck(project);
    if (custom) csrf = { kind: "custom", where: custom };
  }
  return { folders, csrf, renders };
}

/**
 * A hand-written CSRF check (CTFd's nonce): a comparison of a request header naming a CSRF token,
 * or of a form field naming a CSRF token or nonce, with something from the session.
 */
function customCsrfCheck(project: ProjectView): { file: string; node: Ranged } | null {
  for (const file of project.files) {
    if (!file.semantic.seenModule("flask")) continue;
    for (const cmp of findAll(file.module, "Compare")) {
      const text = file.text.slice(cmp.start, cmp.end);
      if (!/\bsession\b/.test(text)) continue;
      if (/request\.headers(\.get\(|\[)\s*["'][^"']*(csrf|xsrf)/i.test(text) || /request\.(form|values)(\.get\(|\[)\s*["'][^"']*(csrf|xsrf|nonce)/i.test(text)) {
        return { file: file.path, node: cmp };
      }
    }
  }
  return null;
}

/** `WTF_CSRF_ENABLED = False` outside test/development configuration classes, if any. */
function csrfDisabledAt(project: ProjectView): { file: string; node: Ranged } | null {
  for (const file of project.files) {
    if (/(^|\/)(tests?|testing)(\/|_|\.py$)|conftest\.py$/.test(file.path)) continue;
    for (const cls of findAll(file.module, "ClassDef")) {
      if (/test|dev|local/i.test(cls.name)) continue;
      for (const stmt of cls.body) {
        if (stmt.type === "Assign" && stmt.targets.some((t) => t.type === "Name" && t.id === "WTF_CSRF_ENABLED") && stmt.value.type === "Constant" && stmt.value.value === false) {
          return { file: file.path, node: stmt };
        }
      }
    }
    for (const stmt of file.module.body) {
      if (stmt.type === "Assign" && stmt.targets.some((t) => t.type === "Name" && t.id === "WTF_CSRF_ENABLED") && stmt.value.type === "Constant" && stmt.value.value === false) {
        return { file: file.path, node: stmt };
      }
    }
  }
  return null;
}

function normalize(path: string): string {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === ".." && out.length > 0 && out[out.length - 1] !== "..") out.pop();
    else out.push(part);
  }
  return out.join("/");
}

/** Converters of URL parameters per view function (decorators, `add_url_rule`, MethodViews). */
type ViewParams = ReadonlyMap<Node, ReadonlyMap<string, string>>;

/**
 * The URL parameters of every view, as the data-flow engine sees them: its decorator scan
 * ({@link findViews}) plus the routes of the project model (blueprints registered across files,
 * `add_url_rule`, `MethodView` methods).
 */
function viewParameters(project: ProjectView): ViewParams {
  const out = new Map<Node, Map<string, string>>();
  const add = (node: Node, params: Iterable<[string, string]>): void => {
    let m = out.get(node);
    if (!m) out.set(node, (m = new Map()));
    for (const [name, conv] of params) {
      const prev = m.get(name);
      if (prev === undefined || SAFE_CONVERTERS.has(prev)) m.set(name, conv);
    }
  };
  for (const [node, info] of findViews(project)) add(node, info.params);
  for (const route of project.flask.routes) {
    if (!route.view || route.rule === null) continue;
    const params = urlRuleParams(route.rule);
    const node = route.view.node;
    if (node.type === "ClassDef") {
      for (const stmt of node.body) if (stmt.type === "FunctionDef" || stmt.type === "AsyncFunctionDef") add(stmt, params);
    } else add(node, params);
  }
  return out;
}

/** The data-flow engine's `render` hits by file, call offset and keyword name. */
type RenderFlows = ReadonlyMap<string, SinkHit>;

/**
 * Request data the data-flow engine sees reaching a `render_template` keyword argument, not escaped
 * on the way (`escape`, `bleach.clean` make it safe for HTML): flows within the view, through
 * helpers' return values and parameters, across modules. `Markup(...)` of request data is consumed
 * by the engine's XSS sink (FG950), so it never shows up here.
 */
function renderFlows(project: ProjectView): RenderFlows {
  const out = new Map<string, SinkHit>();
  for (const hit of hitsOf(dataflowOf(project), "render", (h) => unsafeFor(h.taint, "xss"))) {
    out.set(`${hit.file}\u0000${hit.site.start}\u0000${hit.sink}`, hit);
  }
  return out;
}

/** A request origin from an engine hit: the source, the steps in between, direct when nothing computed a new value. */
function originOfHit(hit: SinkHit): RequestOrigin {
  const steps = stepsOf(hit.taint);
  const source = steps[0];
  const origin = hit.taint.origin;
  const at = origin.kind === "source" ? origin : source ?? { file: hit.file, start: hit.node.start, end: hit.node.end };
  const computed = steps.some((s) => /string built|formatted|through `|returned by|passed to `/.test(s.message));
  return {
    direct: !computed,
    label: sourceLabel(hit).replace(/`/g, ""),
    file: at.file,
    node: { start: at.start, end: at.end },
    steps: flowPath(hit).slice(1).map((r) => ({ file: r.file!, node: r.range!, message: r.message })),
  };
}

function renderCall(file: FileView, call: Call, views: ViewParams, flows: RenderFlows = new Map()): RenderCall | null {
  const first = call.args[0] ?? call.keywords.find((k) => k.arg === "template_name_or_list")?.value;
  if (!first) return null;
  const templates: string[] = [];
  const value = first.type === "Name" ? file.semantic.resolveValue(first) ?? first : first;
  if (value.type === "Constant" && typeof value.value === "string") templates.push(value.value);
  else if (value.type === "List" || value.type === "Tuple") {
    for (const e of value.elts) if (e.type === "Constant" && typeof e.value === "string") templates.push(e.value);
  }
  if (templates.length === 0) return null;
  const fn = enclosingFunction(file, call);
  const kwargs: RenderCall["kwargs"] = [];
  const add = (name: string, valueExpr: Expr, via?: { name: string; node: Ranged }, keyword = false): void => {
    const resolved = valueExpr.type === "Name" ? file.semantic.resolveValue(valueExpr) ?? valueExpr : valueExpr;
    const markup = resolved.type === "Call" && file.semantic.matchesQualifiedName(resolved.func, MARKUP);
    // Keyword arguments: the data-flow engine's flows; entries of `**context`: the local check.
    const hit = keyword ? flows.get(`${file.path}\u0000${call.start}\u0000${name}`) : undefined;
    let request = keyword ? (hit ? originOfHit(hit) : null) : requestDataIn(file, valueExpr, fn, 0, views);
    if (request && via) request = { ...request, steps: [...request.steps, { file: file.path, node: via.node, message: `assigned to \`${via.name}\`` }] };
    kwargs.push({ name, value: valueExpr, request, markup });
  };
  for (const k of call.keywords) {
    if (k.arg !== null) add(k.arg, k.value, undefined, true);
    else {
      for (const entry of unpackedContext(file, k.value, fn)) {
        if ("value" in entry) add(entry.name, entry.value, k.value.type === "Name" && entry.container ? { name: k.value.id, node: entry.container } : undefined);
        else {
          // A view parameter passed by `**locals()`: request data when the URL rule supplies it.
          const conv = fn ? views.get(fn)?.get(entry.name) : undefined;
          const request: RequestOrigin | null =
            conv !== undefined && !SAFE_CONVERTERS.has(conv) ? { direct: true, label: `route parameter <${entry.name}>`, file: file.path, node: entry.param, steps: [] } : null;
          kwargs.push({ name: entry.name, value: k.value, request, markup: false });
        }
      }
    }
  }
  return { file, call, templates, kwargs };
}

/**
 * The names and values a `**context` argument passes: a dict literal or `dict(...)` call (directly
 * or through a local assigned once), or `**locals()` (the view's parameters and the values assigned
 * to its locals).
 */
function unpackedContext(
  file: FileView,
  expr: Expr,
  fn: FunctionDef | AsyncFunctionDef | null,
): ({ name: string; value: Expr; container?: Ranged } | { name: string; param: Ranged })[] {
  const value = expr.type === "Name" ? file.semantic.resolveValue(expr) ?? expr : expr;
  const out: ({ name: string; value: Expr; container?: Ranged } | { name: string; param: Ranged })[] = [];
  if (value.type === "Dict") {
    value.keys.forEach((k, i) => {
      if (k && k.type === "Constant" && typeof k.value === "string") out.push({ name: k.value, value: value.values[i]!, container: value });
    });
  } else if (value.type === "Call" && value.func.type === "Name" && !file.semantic.lookupName(value.func)) {
    if (value.func.id === "dict") for (const kw of value.keywords) if (kw.arg) out.push({ name: kw.arg, value: kw.value, container: value });
    if (value.func.id === "locals" && fn) {
      for (const a of [...fn.args.posonlyargs, ...fn.args.args, ...fn.args.kwonlyargs]) out.push({ name: a.arg, param: a });
      for (const assign of findAll(fn, "Assign")) {
        for (const t of assign.targets) if (t.type === "Name") out.push({ name: t.id, value: assign.value });
      }
    }
  }
  return out;
}

function enclosingFunction(file: FileView, node: Ranged): FunctionDef | AsyncFunctionDef | null {
  let best: FunctionDef | AsyncFunctionDef | null = null;
  for (const fn of [...findAll(file.module, "FunctionDef"), ...findAll(file.module, "AsyncFunctionDef")]) {
    if (fn.start <= node.start && node.end <= fn.end && (!best || fn.start >= best.start)) best = fn;
  }
  return best;
}

/**
 * Where the value of `expr` comes from request data, if it does: a `flask.request` attribute read
 * anywhere inside it (not under a sanitizer such as `escape`/`int`), a name assigned once from such
 * an expression, or a route parameter of the enclosing view (`<name>` in its URL rule, a converter
 * other than `int`/`float`/`uuid`). The origin's `steps` are the assignments it went through.
 */
export function requestDataIn(
  file: FileView,
  expr: Expr,
  fn: FunctionDef | AsyncFunctionDef | null,
  depth = 0,
  views: ViewParams = new Map(),
): RequestOrigin | null {
  if (depth > 4) return null;
  const model = file.semantic;
  if (expr.type === "Call") {
    const q = model.resolveQualifiedName(expr.func);
    if (q && /(^|\.)(escape|int|float|bool|len|url_for|clean|secure_filename|quote|quote_plus|jsonify|dumps)$/.test(q)) return null;
    if (!q && expr.func.type === "Name" && ["int", "float", "bool", "len"].includes(expr.func.id)) return null;
    // `Markup(request data)` is reported where it is built, by the data-flow XSS rule (one root cause, one finding).
    if (q && MARKUP.includes(q)) return null;
  }
  if (expr.type === "Attribute" && model.matchesQualifiedName(expr.value, REQUEST) && REQUEST_ATTRS.has(expr.attr)) {
    return { direct: true, label: `request.${expr.attr}`, file: file.path, node: expr, steps: [] };
  }
  if (expr.type === "Name") {
    const value = model.resolveValue(expr);
    if (value && value !== expr) {
      const inner = requestDataIn(file, value, fn, depth + 1, views);
      return inner ? { ...inner, steps: [...inner.steps, { file: file.path, node: value, message: `assigned to \`${expr.id}\`` }] } : null;
    }
    const conv = fn ? views.get(fn)?.get(expr.id) : undefined;
    if (fn && conv !== undefined && !SAFE_CONVERTERS.has(conv) && [...fn.args.posonlyargs, ...fn.args.args, ...fn.args.kwonlyargs].some((a) => a.arg === expr.id)) {
      return { direct: true, label: `route parameter <${expr.id}>`, file: file.path, node: expr, steps: [] };
    }
    return null;
  }
  // Indexing, `.get(...)` and string methods keep the value the request's; anything else computes a new one.
  const keeps =
    expr.type === "Subscript" ||
    expr.type === "Attribute" ||
    (expr.type === "Call" && expr.func.type === "Attribute" && /^(get|getlist|strip|lstrip|rstrip|lower|upper|title|capitalize|casefold)$/.test(expr.func.attr));
  for (const child of childExprs(expr)) {
    const hit = requestDataIn(file, child, fn, depth, views);
    if (hit) return keeps && (child === (expr as { value?: Expr }).value || (expr.type === "Call" && expr.func.type === "Attribute" && child === expr.func)) ? hit : { ...hit, direct: false };
  }
  return null;
}

function childExprs(e: Expr): Expr[] {
  switch (e.type) {
    case "Attribute":
      return [e.value];
    case "Subscript":
      return [e.value];
    case "Call":
      return [e.func, ...e.args, ...e.keywords.map((k) => k.value)];
    case "BinOp":
      return [e.left, e.right];
    case "JoinedStr":
      return e.values;
    case "FormattedValue":
      return [e.value];
    case "IfExp":
      return [e.body, e.orelse];
    case "BoolOp":
      return e.values;
    case "List":
    case "Tuple":
    case "Set":
      return e.elts;
    default:
      return [];
  }
}

/** The sentence the CSRF template rules add about the app's CSRF protection. */
export function csrfStatusSentence(defence: CsrfDefence): string {
  if (defence.kind === "csrfprotect") return "CSRFProtect is enabled, so this request is rejected with 400 (The CSRF token is missing)";
  if (defence.kind === "disabled") return "CSRFProtect is set up but WTF_CSRF_ENABLED = False switches it off, so this request is forgeable; once it is switched on, it fails with 400";
  if (defence.kind === "seasurf") return "Flask-SeaSurf checks CSRF tokens in this app";
  return "CSRFProtect is not enabled in this project; this is a place to fix once it is, or it stays forgeable";
}

/** A template variable that a view fills with request data. */
export interface RequestVariable {
  render: RenderCall;
  kwarg: RenderCall["kwargs"][number];
  origin: RequestOrigin;
}

/**
 * The flow of a request variable as related locations: the request read, the assignments it went
 * through, then the `render_template` call that passes it (the template line is the finding).
 */
export function requestFlow(name: string, variable: RequestVariable): RelatedSpec[] {
  const { origin, render } = variable;
  const template = render.templates.length === 1 ? `\`${render.templates[0]}\`` : "the template";
  return [
    { file: origin.file, node: origin.node, message: `source: ${origin.label}` },
    ...origin.steps.map((s) => ({ file: s.file, node: s.node, message: s.message })),
    { file: render.file.path, node: render.call, message: `passed to ${template} as \`${name}\`` },
  ];
}

const linkCache = new WeakMap<ProjectView, Map<TemplateFile, Map<string, RequestVariable>>>();

/**
 * For each template, the context variables that some `render_template` call fills with request
 * data (directly or as `Markup(...)` of it), including templates reached through `extends` and
 * `include` from the rendered one.
 */
export function requestVariables(project: ProjectView, template: TemplateFile): ReadonlyMap<string, RequestVariable> {
  let byTemplate = linkCache.get(project);
  if (!byTemplate) {
    byTemplate = new Map();
    linkCache.set(project, byTemplate);
    const facts = frontEndFacts(project);
    for (const render of facts.renders) {
      for (const kwarg of render.kwargs) {
        if (!kwarg.request) continue;
        for (const name of render.templates) {
          const root = facts.templates.resolve(name, render.file.path);
          if (!root) continue;
          for (const t of facts.templates.renderClosure(root)) {
            let vars = byTemplate.get(t);
            if (!vars) byTemplate.set(t, (vars = new Map()));
            if (!vars.has(kwarg.name)) vars.set(kwarg.name, { render, kwarg, origin: kwarg.request });
          }
        }
      }
    }
  }
  return byTemplate.get(template) ?? new Map();
}

/**
 * A template-local read of request data (`request.args.q`, `request.form["x"]`) inside an output;
 * with `direct`, only when the output's value is that read itself (filters, indexing and `.get()`
 * aside), not an argument of a call such as a URL builder.
 */
export function templateRequestRead(output: TemplateOutput, direct = false): string | null {
  if (direct) return directRequestRead(output.expr, output.localNames);
  let found: string | null = null;
  walkExpr(output.expr, (e) => {
    if (found) return;
    if (e.type === "Getattr" && e.node.type === "Name" && e.node.name === "request" && !output.localNames.has("request") && REQUEST_ATTRS.has(e.attr)) {
      found = `request.${e.attr}`;
    }
  });
  return found;
}

function directRequestRead(e: JinjaExpr | null, locals: ReadonlySet<string>): string | null {
  let cur = e;
  let attr: string | null = null;
  while (cur) {
    if (cur.type === "Filter") cur = cur.node;
    else if (cur.type === "Getitem") cur = cur.node;
    else if (cur.type === "Call" && cur.node.type === "Getattr" && cur.node.attr === "get") cur = cur.node.node;
    else if (cur.type === "Getattr") {
      if (cur.node.type === "Name" && cur.node.name === "request" && !locals.has("request")) {
        attr = cur.attr;
        break;
      }
      cur = cur.node;
    } else break;
  }
  return attr && REQUEST_ATTRS.has(attr) ? `request.${attr}` : null;
}

/** The base variable of an output's value (filters, indexing, attributes and `.get()` aside). */
function baseName(e: JinjaExpr | null): string | null {
  let cur = e;
  while (cur) {
    if (cur.type === "Name") return cur.name;
    if (cur.type === "Filter" || cur.type === "Getitem" || cur.type === "Getattr") cur = cur.node;
    else if (cur.type === "Call" && cur.node.type === "Getattr" && cur.node.attr === "get") cur = cur.node.node;
    else return null;
  }
  return null;
}

/**
 * The first request-data variable an output reads, if any. With `direct`, the output's value must
 * be that variable itself (not an argument of a call) and the view must pass the request value as
 * is (not something computed from it).
 */
export function requestVariableOf(
  project: ProjectView,
  template: TemplateFile,
  output: TemplateOutput,
  direct = false,
): { name: string; variable: RequestVariable } | null {
  const vars = requestVariables(project, template);
  if (vars.size === 0) return null;
  if (direct) {
    const name = baseName(output.expr);
    const v = name && !output.localNames.has(name) ? vars.get(name) : undefined;
    return v && v.origin.direct ? { name: name!, variable: v } : null;
  }
  for (const name of contextNames(output)) {
    const v = vars.get(name);
    if (v) return { name, variable: v };
  }
  return null;
}

/** Whether an output's expression is harmless in any context (constants, numbers, `url_for`). */
export function isHarmlessOutput(output: TemplateOutput): boolean {
  const e = output.expr;
  if (!e) return true;
  if (e.type === "Const") return true;
  if (e.type === "Call" && e.node.type === "Name" && ["url_for", "csrf_token"].includes(e.node.name)) return true;
  if (e.type === "Filter" && ["int", "float", "length", "count", "urlencode", "round", "filesizeformat"].includes(e.name)) return true;
  if (e.type === "Getattr" && e.node.type === "Name" && e.node.name === "loop") return true;
  // Database ids and counters: numbers, whatever the attribute quoting.
  if (e.type === "Getattr" && /^(id|pk|\w+_id|count|\w+_count|index)$/.test(e.attr)) return true;
  if (e.type === "Name" && /^(\w+_id|\w+_count)$/.test(e.name)) return true;
  return false;
}
