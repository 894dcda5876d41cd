/**
 * @fileoverview The project's templates as one set: template names (paths below a `templates/`
 * folder or a configured template folder), resolution of `extends`/`include`/`import` names,
 * inheritance and inclusion relations, and the queries the rules ask across templates: whether a
 * range of a template renders a CSRF token (directly, through a macro defined anywhere, an include,
 * a block overridden by a child, Bootstrap-WTF helpers), which `<form>` elements post, and which
 * template variables are rendered unescaped or in URL/unquoted attributes.
 */
import { dottedName, walkExpr, type Expr } from "./jinja-expr.js";
import { walkTree, type JinjaNode, type TagNode } from "./jinja-tree.js";
import type { HtmlElement } from "./html.js";
import { namesRead, type TemplateFile, type TemplateOutput } from "./template.js";

/** Tri-state answer of the token queries. */
export type TokenStatus = "yes" | "no" | "unknown";

/** A `<form>` that submits with a state-changing method. */
export interface PostForm {
  template: TemplateFile;
  element: HtmlElement;
  /** Range to report: the start tag. */
  start: number;
  end: number;
  method: string;
}

/** Names of token-rendering helpers from libraries outside the project (Bootstrap-WTF, Bootstrap-Flask). */
const LIBRARY_TOKEN_MACROS: { template: RegExp; macros: readonly string[] }[] = [
  { template: /^bootstrap\/wtf\.html$/, macros: ["quick_form"] },
  { template: /^bootstrap\d?\/form\.html$|^bootstrap\d?\/wtf\.html$/, macros: ["render_form", "quick_form", "render_hidden_errors"] },
];

const TOKEN_NAME = /csrf|xsrf|authenticity_token/i;
/** Custom token schemes (CTFd's `form.nonce`), not CSP nonces. */
const NONCE_NAME = /nonce/i;
const CSP_NAME = /csp|script|style/i;

function isTokenName(name: string): boolean {
  return TOKEN_NAME.test(name) || (NONCE_NAME.test(name) && !CSP_NAME.test(name));
}
const TOKEN_INPUT_NAME = /csrf|xsrf|nonce|authenticity_token|^_token$/i;

/** The project's templates with name resolution and cross-template queries. */
export class TemplateSet {
  private readonly byName = new Map<string, TemplateFile[]>();
  private readonly namesOf = new Map<TemplateFile, string[]>();
  private readonly macroMemo = new Map<TagNode, TokenStatus>();
  private readonly templateMemo = new Map<TemplateFile, TokenStatus>();

  /**
   * @param templates every parsed template
   * @param folders extra template folder names (from `template_folder=` in code), besides `templates`
   */
  constructor(
    readonly templates: readonly TemplateFile[],
    folders: readonly string[] = [],
  ) {
    const roots = new Set(["templates", ...folders.map((f) => f.replace(/^\.?\/+|\/+$/g, "")).filter((f) => f.length > 0)]);
    for (const t of templates) {
      const names = templateNames(t.path, roots);
      this.namesOf.set(t, names);
      for (const n of names) this.byName.set(n, [...(this.byName.get(n) ?? []), t]);
    }
  }

  /** The names a template can be loaded by (`auth/login.html` for `app/templates/auth/login.html`). */
  names(t: TemplateFile): readonly string[] {
    return this.namesOf.get(t) ?? [];
  }

  /** Resolves a template name, preferring the template nearest to `from` in the tree. */
  resolve(name: string, from?: TemplateFile | string): TemplateFile | undefined {
    const list = this.byName.get(name.replace(/^\/+/, ""));
    if (!list || list.length === 0) return undefined;
    if (list.length === 1 || !from) return list[0];
    const fromPath = typeof from === "string" ? from : from.path;
    return [...list].sort((a, b) => commonPrefix(b.path, fromPath) - commonPrefix(a.path, fromPath))[0];
  }

  /** Templates that `{% extends %}` this one directly. */
  children(t: TemplateFile): TemplateFile[] {
    return this.templates.filter((c) => c.extends.some((n) => this.resolve(n, c) === t));
  }

  /** Templates that `{% include %}` this one, with the include tags. */
  includers(t: TemplateFile): { template: TemplateFile; tag: TagNode }[] {
    const out: { template: TemplateFile; tag: TagNode }[] = [];
    for (const c of this.templates) for (const inc of c.includes) if (this.resolve(inc.name, c) === t) out.push({ template: c, tag: inc.tag });
    return out;
  }

  /**
   * The templates whose context a render of `t` reaches: `t`, its parents (`extends`, transitively)
   * and the templates they include (transitively). Imports do not get the context.
   */
  renderClosure(t: TemplateFile): TemplateFile[] {
    const seen = new Set<TemplateFile>();
    const stack = [t];
    while (stack.length > 0) {
      const cur = stack.pop()!;
      if (seen.has(cur)) continue;
      seen.add(cur);
      for (const n of [...cur.extends, ...cur.includes.map((i) => i.name)]) {
        const r = this.resolve(n, cur);
        if (r) stack.push(r);
      }
    }
    return [...seen];
  }

  // -------------------------------------------------------------------------------------------
  // Forms and tokens

  /** The `<form>` elements of a template that submit with POST (or another non-GET method). */
  postForms(t: TemplateFile): PostForm[] {
    const out: PostForm[] = [];
    for (const el of t.elements) {
      if (el.name !== "form") continue;
      const method = literalAttribute(el, "method");
      let effective = method === undefined ? "get" : method;
      if (effective === null) continue; // method computed by Jinja: unknown
      effective = effective.trim().toLowerCase();
      if (effective !== "post") {
        const overridden = t.elements.some(
          (c) => c.start > el.start && c.start < el.end && (c.name === "button" || c.name === "input") && literalAttribute(c, "formmethod")?.trim().toLowerCase() === "post",
        );
        if (!overridden) continue;
        effective = "post";
      }
      if (submitHandledByScript(el)) continue; // the request JavaScript sends is checked by FG302
      const action = literalAttribute(el, "action");
      if (action && /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(action.trim())) continue; // another origin
      out.push({ template: t, element: el, start: el.start, end: el.openEnd, method: effective.toUpperCase() });
    }
    return out;
  }

  /** Whether a `<form>` renders a CSRF token: in its body, or (split forms) around its includes. */
  formToken(form: PostForm): TokenStatus {
    const t = form.template;
    const el = form.element;
    const status = this.rangeToken(t, el.openEnd, el.end, new Set());
    if (status !== "no") return status;
    if (hasTokenAttribute(el)) return "yes";
    if (!el.closed) {
      // A form opened here and closed elsewhere (split across includes): look at the includers.
      const includers = this.includers(t);
      if (includers.length === 0) return "unknown";
      for (const inc of includers) {
        const s = this.rangeToken(inc.template, inc.tag.end, inc.template.text.length, new Set([t]));
        if (s !== "no") return s;
      }
    }
    return "no";
  }

  /** Whether anything rendered by `t` (anywhere in it) renders a token. */
  templateToken(t: TemplateFile, seen: Set<TemplateFile> = new Set()): TokenStatus {
    const memo = this.templateMemo.get(t);
    if (memo) return memo;
    if (seen.has(t)) return "no";
    seen.add(t);
    const s = this.rangeToken(t, 0, t.text.length, seen);
    this.templateMemo.set(t, s);
    return s;
  }

  /** Whether the part `[start, end)` of `t` renders a CSRF token. */
  rangeToken(t: TemplateFile, start: number, end: number, seen: Set<TemplateFile>): TokenStatus {
    let result: TokenStatus = "no";
    const merge = (s: TokenStatus): void => {
      if (s === "yes") result = "yes";
      else if (s === "unknown" && result === "no") result = "unknown";
    };
    for (const el of t.elements) {
      if (el.start < start || el.start >= end) continue;
      if (el.name === "input" && isTokenInput(el)) return "yes";
    }
    const visit = (nodes: readonly JinjaNode[]): void => {
      walkTree(nodes, (n) => {
        if (result === "yes" || n.start >= end || n.end <= start) return;
        if (n.type === "output") {
          if (n.start >= start) merge(this.exprToken(t, n.expr, seen));
        } else if (n.type === "tag" && n.start >= start) {
          if (n.name === "include") {
            const names = t.includes.filter((i) => i.tag === n).map((i) => i.name);
            if (names.length === 0) merge("unknown");
            for (const name of names) {
              const r = this.resolve(name, t);
              merge(r ? this.templateToken(r, seen) : n.args.ignoreMissing ? "no" : "unknown");
            }
          } else if (n.name === "call" && n.args.call) {
            merge(this.exprToken(t, n.args.call, seen));
          } else if (n.name === "for" && n.args.value) {
            const iter = dottedName(n.args.value);
            if (iter && /(^|\.)\w*form$/i.test(iter)) merge("yes"); // iterating a WTForm renders its csrf_token field
          } else if (n.name === "block" && n.args.name) {
            for (const child of this.descendants(t)) {
              const override = child.tags.find((x) => x.name === "block" && x.args.name === n.args.name);
              if (override) merge(this.rangeToken(child, override.start, override.end, seen));
            }
          } else if (n.name === "set" || n.name === "with" || n.name === "if") {
            // expressions evaluated but not rendered
          }
        }
      });
    };
    visit(t.nodes);
    return result;
  }

  private descendants(t: TemplateFile): TemplateFile[] {
    const out: TemplateFile[] = [];
    const stack = this.children(t);
    const seen = new Set<TemplateFile>([t]);
    while (stack.length > 0) {
      const c = stack.pop()!;
      if (seen.has(c)) continue;
      seen.add(c);
      out.push(c);
      stack.push(...this.children(c));
    }
    return out;
  }

  /** Whether rendering an expression renders a CSRF token. */
  exprToken(t: TemplateFile, e: Expr | null, seen: Set<TemplateFile>): TokenStatus {
    if (!e) return "no";
    let result: TokenStatus = "no";
    walkExpr(e, (x) => {
      if (result === "yes") return;
      if (x.type === "Name" && isTokenName(x.name)) result = "yes";
      else if (x.type === "Getattr" && (isTokenName(x.attr) || x.attr === "hidden_tag")) result = "yes";
      else if (x.type === "Call") {
        const s = this.callToken(t, x.node, seen);
        if (s === "yes") result = "yes";
        else if (s === "unknown") result = "unknown";
      }
    });
    return result;
  }

  /** Whether calling `callee` (a macro, imported macro or library helper) renders a token. */
  private callToken(t: TemplateFile, callee: Expr, seen: Set<TemplateFile>): TokenStatus {
    if (callee.type === "Name") {
      if (callee.name === "caller") return "unknown";
      const local = t.macros.get(callee.name);
      if (local) return this.macroToken(t, local, seen);
      const imp = t.imported.get(callee.name);
      if (imp && imp.macro) return this.importedMacroToken(t, imp.template, imp.macro, seen);
      return "no";
    }
    if (callee.type === "Getattr" && callee.node.type === "Name") {
      const imp = t.imported.get(callee.node.name);
      if (imp && imp.macro === null) return this.importedMacroToken(t, imp.template, callee.attr, seen);
      if (callee.node.name === "wtf" && callee.attr === "quick_form") return "yes";
    }
    return "no";
  }

  private importedMacroToken(t: TemplateFile, templateName: string, macro: string, seen: Set<TemplateFile>): TokenStatus {
    const target = this.resolve(templateName, t);
    if (!target) {
      for (const lib of LIBRARY_TOKEN_MACROS) if (lib.template.test(templateName) && lib.macros.includes(macro)) return "yes";
      return "unknown";
    }
    const def = target.macros.get(macro);
    if (!def) return "unknown";
    return this.macroToken(target, def, seen);
  }

  private macroToken(t: TemplateFile, macro: TagNode, seen: Set<TemplateFile>): TokenStatus {
    const memo = this.macroMemo.get(macro);
    if (memo) return memo;
    this.macroMemo.set(macro, "no"); // recursion guard
    const s = this.rangeToken(t, macro.segment.end, macro.endSegment?.start ?? macro.end, seen);
    this.macroMemo.set(macro, s);
    return s;
  }

  // -------------------------------------------------------------------------------------------
  // Escaping queries

  /**
   * Outputs of `t` that render a context variable (a name not bound inside the template) without
   * escaping, with the variable names they read. This is the template half of the link from
   * `render_template("t.html", name=request.args["n"])` to `{{ name|safe }}`.
   */
  unescapedVariables(t: TemplateFile): { output: TemplateOutput; names: Set<string> }[] {
    const out: { output: TemplateOutput; names: Set<string> }[] = [];
    for (const o of t.outputs) {
      if (o.escaped || !o.expr) continue;
      const names = contextNames(o);
      if (names.size > 0) out.push({ output: o, names });
    }
    return out;
  }
}

/** Context variable names an output reads (bound names and Jinja globals excluded). */
export function contextNames(o: TemplateOutput): Set<string> {
  const names = new Set<string>();
  for (const n of namesRead(o.expr)) {
    if (o.localNames.has(n) || JINJA_GLOBALS.has(n)) continue;
    names.add(n);
  }
  return names;
}

/** Names Flask and Jinja provide in every template (not view variables). */
export const JINJA_GLOBALS: ReadonlySet<string> = new Set([
  "range", "dict", "lipsum", "cycler", "joiner", "namespace", "loop", "self", "super", "caller", "varargs", "kwargs",
  "url_for", "get_flashed_messages", "config", "request", "session", "g", "current_user", "csrf_token",
]);

/** The value of an attribute when it is a literal (no Jinja); null when it contains Jinja; undefined when absent. */
export function literalAttribute(el: HtmlElement, name: string): string | null | undefined {
  const a = el.attributes.find((x) => x.name === name);
  if (!a) return undefined;
  if (a.value === null) return "";
  if (/\{[{%]/.test(a.value)) return null;
  return a.value;
}

/** A form whose submission JavaScript takes over: `onsubmit="…; return false"`, `@submit.prevent`, … */
export function submitHandledByScript(el: HtmlElement): boolean {
  return el.attributes.some(
    (a) =>
      /^(@submit|x-on:submit|v-on:submit)\.prevent/.test(a.name) ||
      (a.name === "onsubmit" && /return\s+false|preventDefault/.test(a.value ?? "")) ||
      /^(data-)?hx-(post|put|patch|delete)$/.test(a.name),
  );
}

function isTokenInput(el: HtmlElement): boolean {
  const name = el.attributes.find((a) => a.name === "name")?.value ?? "";
  return TOKEN_INPUT_NAME.test(name);
}

function hasTokenAttribute(el: HtmlElement): boolean {
  return el.attributes.some((a) => (a.name === "hx-headers" || a.name === "hx-vals") && a.value !== null && /csrf|xsrf/i.test(a.value));
}

/** Names under each template root in the path: `app/templates/auth/x.html` → `auth/x.html`. */
export function templateNames(path: string, roots: ReadonlySet<string>): string[] {
  const parts = path.split("/");
  const names: string[] = [];
  for (let i = 0; i < parts.length - 1; i++) {
    for (const root of roots) {
      const rparts = root.split("/");
      if (i + rparts.length <= parts.length - 1 && rparts.every((r, k) => parts[i + k] === r)) {
        names.push(parts.slice(i + rparts.length).join("/"));
      }
    }
  }
  return [...new Set(names)];
}

function commonPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
