/**
 * @fileoverview One parsed template and one parsed static script, as rules see them. A template is
 * lexed and parsed as Jinja (statement tree, expressions), its HTML is parsed after masking the
 * Jinja constructs (exact offsets kept), every `{{ … }}` output is placed in its HTML context
 * (text, quoted or unquoted attribute value, script, style) and inline `<script>` blocks are
 * analysed as JavaScript with offsets mapped back into the template. Pure: text in, model out.
 */
import { walkExpr, type Expr } from "./jinja-expr.js";
import { lexTemplate, type TemplateSyntaxIssue } from "./jinja-lexer.js";
import { buildTree, walkTree, type JinjaNode, type OutputNode, type TagNode } from "./jinja-tree.js";
import { maskJinja, parseHtml, type HtmlAttribute, type HtmlElement } from "./html.js";
import { analyzeScript, type ScriptAnalysis } from "./javascript.js";
import { scriptComments, templateComments, type SourceComment } from "./comments.js";

/** File name endings Flask renders with autoescaping (`Flask.select_jinja_autoescape`). */
export const AUTOESCAPED_EXTENSIONS: readonly string[] = [".html", ".htm", ".xml", ".xhtml", ".svg"];

/** Where an output lands in the HTML. */
export type OutputContext =
  | { kind: "text"; element: HtmlElement | null }
  | { kind: "attribute"; element: HtmlElement; attribute: HtmlAttribute; quoted: boolean; atValueStart: boolean }
  | { kind: "script"; element: HtmlElement }
  | { kind: "style"; element: HtmlElement }
  | { kind: "tag"; element: HtmlElement };

/** An output `{{ … }}` with its HTML context and escaping state. */
export interface TemplateOutput {
  node: OutputNode;
  expr: Expr | null;
  context: OutputContext;
  /** Innermost `{% autoescape … %}` tag around it, if any. */
  autoescapeTag: TagNode | null;
  /** Whether the output is escaped (extension default, `autoescape` blocks, `|safe`/`|e` filters). */
  escaped: boolean;
  /** Why it is not escaped (`safe-filter`, `autoescape-false`, `extension`), or null. */
  unescapedBy: "safe-filter" | "autoescape-false" | "extension" | null;
  /** Enclosing `macro` tag, if any. */
  macro: TagNode | null;
  /** Names bound by the template around the output (`for`/`set`/`with`/macro parameters). */
  localNames: ReadonlySet<string>;
}

/** An inline `<script>` block. */
export interface InlineScript {
  element: HtmlElement;
  start: number;
  end: number;
  analysis: ScriptAnalysis;
}

/** A parsed template file. */
export interface TemplateFile {
  kind: "template";
  /** POSIX path relative to the scan root. */
  path: string;
  text: string;
  /** Whether Flask autoescapes this file by default (by its extension). */
  autoescapeByDefault: boolean;
  nodes: JinjaNode[];
  tags: TagNode[];
  outputs: TemplateOutput[];
  elements: HtmlElement[];
  scripts: InlineScript[];
  /** Jinja syntax problems (unterminated tags, unbalanced blocks, bad expressions). */
  errors: TemplateSyntaxIssue[];
  /** Macros defined in this template by name. */
  macros: Map<string, TagNode>;
  /** Literal template names of `{% extends %}`, `{% include %}`, `{% import %}`, `{% from %}`. */
  extends: string[];
  includes: { name: string; tag: TagNode }[];
  /** `{% import "x" as alias %}` and `{% from "x" import a as b %}`: local name → (template, macro or null). */
  imported: Map<string, { template: string; macro: string | null }>;
  /** Jinja comments and inline-script `//` comments, for suppression directives (empty when the text never says `flaskguard`). */
  comments: SourceComment[];
}

/** A static JavaScript file. */
export interface ScriptFile {
  kind: "script";
  path: string;
  text: string;
  /** Minified or vendored library code (not analysed for requests). */
  vendor: boolean;
  analysis: ScriptAnalysis;
  /** `//` comments, for suppression directives (empty when the text never says `flaskguard`). */
  comments: SourceComment[];
}

/** Whether a path is a template that Flask autoescapes by default. */
export function isAutoescapedPath(path: string): boolean {
  const lower = path.toLowerCase();
  return AUTOESCAPED_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

const RAW_SCRIPT_TYPES = /^(|text\/javascript|application\/javascript|module|text\/ecmascript|application\/ecmascript)$/i;

/**
 * Whether a file under a template folder is written in another template language that shares
 * Jinja's `{{ }}` delimiters: Mustache/Handlebars sections (`{{#rows}}`, `{{/rows}}`) or Go
 * templates (Helm charts: `{{ .Values.x }}`, `{{- include "x" . }}`). Such files are not Jinja.
 */
export function isForeignTemplate(text: string): boolean {
  return /\{\{[#^/!>]\s*[\w.]/.test(text) || /\{\{-?\s*(\.[A-Z]\w*|include\s+"|template\s+"|define\s+")/.test(text);
}

/** Parses one template. Never throws on bad input: problems land in `errors`. */
export function parseTemplate(path: string, text: string): TemplateFile {
  if (isForeignTemplate(text)) {
    return {
      kind: "template", path, text, autoescapeByDefault: isAutoescapedPath(path), nodes: [], tags: [], outputs: [], elements: [], scripts: [],
      errors: [], macros: new Map(), extends: [], includes: [], imported: new Map(), comments: [],
    };
  }
  const lexed = lexTemplate(text);
  const tree = buildTree(text, lexed.segments);
  const errors = [...lexed.errors, ...tree.errors].sort((a, b) => a.start - b.start);
  const masked = maskJinja(text, lexed.segments);
  const elements = parseHtml(masked);
  for (const el of elements) for (const a of el.attributes) if (a.value !== null) a.value = text.slice(a.valueStart, a.valueEnd);

  const tags: TagNode[] = [];
  const outputNodes: OutputNode[] = [];
  walkTree(tree.children, (n) => {
    if (n.type === "tag") tags.push(n);
    else if (n.type === "output") outputNodes.push(n);
  });

  const autoescapeByDefault = isAutoescapedPath(path);
  const outputs = outputNodes.map((node) => describeOutput(node, elements, autoescapeByDefault));

  const scripts: InlineScript[] = [];
  const scriptCode: { start: number; end: number; code: string }[] = [];
  const scriptMasked = maskJinja(text, lexed.segments, "_");
  for (const el of elements) {
    if (el.name !== "script" || el.attributes.some((a) => a.name === "src")) continue;
    const type = el.attributes.find((a) => a.name === "type")?.value?.trim() ?? "";
    if (!RAW_SCRIPT_TYPES.test(type) || el.contentEnd <= el.contentStart) continue;
    const code = scriptMasked.slice(el.contentStart, el.contentEnd);
    if (code.trim() === "") continue;
    scriptCode.push({ start: el.contentStart, end: el.contentEnd, code });
    scripts.push({ element: el, start: el.contentStart, end: el.contentEnd, analysis: analyzeScript(code, el.contentStart) });
  }

  const macros = new Map<string, TagNode>();
  const extendsNames: string[] = [];
  const includes: { name: string; tag: TagNode }[] = [];
  const imported = new Map<string, { template: string; macro: string | null }>();
  for (const tag of tags) {
    const tname = constString(tag.args.template);
    if (tag.name === "macro" && tag.args.name) macros.set(tag.args.name, tag);
    else if (tag.name === "extends" && tag.args.template) extendsNames.push(...stringsOf(tag.args.template));
    else if (tag.name === "include" && tag.args.template) for (const name of stringsOf(tag.args.template)) includes.push({ name, tag });
    else if (tag.name === "import" && tname && tag.args.alias) imported.set(tag.args.alias, { template: tname, macro: null });
    else if (tag.name === "from" && tname) for (const n of tag.args.names ?? []) imported.set(n.alias, { template: tname, macro: n.name });
  }

  return {
    kind: "template",
    path,
    text,
    autoescapeByDefault,
    nodes: tree.children,
    tags,
    outputs,
    elements,
    scripts,
    errors,
    macros,
    extends: extendsNames,
    includes,
    imported,
    comments: templateComments(text, lexed.segments, scriptCode),
  };
}

/** Parses one static JavaScript file. */
export function parseScriptFile(path: string, text: string): ScriptFile {
  const vendor = isVendorScript(path, text);
  const analysis = vendor ? { requests: [], globalSetups: new Set<never>(), syntaxError: null } : analyzeScript(text, 0);
  // Directives are read in vendored-looking files too: the template rules may still analyse a file of
  // the app's own static folder named like a vendor directory (`static_folder="assets"`).
  return { kind: "script", path, text, vendor, analysis, comments: text.length > 512 * 1024 ? [] : scriptComments(text) };
}

/**
 * Minified bundles, build output and vendored libraries: `*.min.js`, content-hashed bundle names
 * (`main-CA4_OjGq.js`, `app.3f2a9c1b.js`), `vendor/`, `lib(s)/`, `dist/`, `assets/`, `build/`,
 * files over 512 KB, very long lines.
 */
export function isVendorScript(path: string, text: string): boolean {
  if (/\.min\.m?js$|[-.]bundle\.m?js$|[-.][A-Za-z0-9_]{8}\.m?js$/i.test(path) && !/[-.](?:function|override|settings)\.m?js$/i.test(path)) return true;
  if (/(^|\/)(vendor|vendors|lib|libs|third[-_]?party|bower_components|dist|build|assets|plugins)\//i.test(path)) return true;
  if (text.length > 512 * 1024) return true;
  const lines = text.split("\n");
  const longest = lines.reduce((m, l) => Math.max(m, l.length), 0);
  return longest > 1000 && lines.length < 50;
}

function constString(e: Expr | undefined): string | null {
  return e && e.type === "Const" && typeof e.value === "string" ? e.value : null;
}

/** Template names of an `extends`/`include` argument: a literal, a list of literals, a conditional. */
function stringsOf(e: Expr): string[] {
  const out: string[] = [];
  const visit = (x: Expr): void => {
    if (x.type === "Const" && typeof x.value === "string") out.push(x.value);
    else if (x.type === "List" || x.type === "Tuple") x.items.forEach(visit);
    else if (x.type === "CondExpr") {
      visit(x.then);
      if (x.else_) visit(x.else_);
    }
  };
  visit(e);
  return out;
}

function describeOutput(node: OutputNode, elements: readonly HtmlElement[], autoescapeByDefault: boolean): TemplateOutput {
  const context = htmlContext(node.start, elements);
  let autoescapeTag: TagNode | null = null;
  let macro: TagNode | null = null;
  const localNames = new Set<string>();
  for (let p = node.parent; p; p = p.parent) {
    if (!autoescapeTag && p.name === "autoescape") autoescapeTag = p;
    if (!macro && p.name === "macro") macro = p;
    for (const n of p.args.targets ?? []) if (p.name !== "set") localNames.add(n);
    for (const n of p.args.params ?? []) localNames.add(n);
    if (p.name === "macro") ["caller", "varargs", "kwargs"].forEach((n) => localNames.add(n));
  }
  // One-line {% set %} before the output in an enclosing body binds a local name too.
  let cursor: JinjaNode | TagNode | null = node;
  while (cursor) {
    const siblings: JinjaNode[] = cursor.parent ? cursor.parent.children : [];
    for (const s of siblings) {
      if (s.start >= cursor.start) break;
      if (s.type === "tag" && s.name === "set") for (const n of s.args.targets ?? []) localNames.add(n);
    }
    cursor = cursor.parent;
  }
  let escaped = autoescapeByDefault;
  let unescapedBy: TemplateOutput["unescapedBy"] = autoescapeByDefault ? null : "extension";
  if (autoescapeTag) {
    const v = autoescapeTag.args.value;
    if (v && v.type === "Const") {
      escaped = v.value === true;
      unescapedBy = escaped ? null : "autoescape-false";
    }
  }
  const outer = outermostFilter(node.expr);
  if (outer === "safe") {
    escaped = false;
    unescapedBy = "safe-filter";
  } else if (outer === "e" || outer === "escape" || outer === "forceescape" || outer === "tojson" || outer === "urlencode" || outer === "int" || outer === "float" || outer === "length" || outer === "count") {
    escaped = true;
    unescapedBy = null;
  }
  return { node, expr: node.expr, context, autoescapeTag, escaped, unescapedBy, macro, localNames };
}

/** The name of the last filter applied to an expression (`x|e|safe` → `safe`), or null. */
export function outermostFilter(e: Expr | null): string | null {
  if (!e) return null;
  if (e.type === "Filter") return e.name;
  return null;
}

/** The HTML context of an offset: innermost element whose start tag or content contains it. */
export function htmlContext(offset: number, elements: readonly HtmlElement[]): OutputContext {
  let inner: HtmlElement | null = null;
  for (const el of elements) {
    if (el.start > offset) break;
    if (offset < el.openEnd) {
      for (const a of el.attributes) {
        if (a.value !== null && offset >= a.valueStart && offset < Math.max(a.valueEnd, a.valueStart + 1)) {
          return { kind: "attribute", element: el, attribute: a, quoted: a.quote !== null, atValueStart: offset === a.valueStart };
        }
      }
      return { kind: "tag", element: el };
    }
    if (offset >= el.openEnd && offset < el.end) inner = el;
  }
  if (inner && inner.name === "script") return { kind: "script", element: inner };
  if (inner && inner.name === "style") return { kind: "style", element: inner };
  return { kind: "text", element: inner };
}

/** Names read by an expression (the base names of attribute chains and calls). */
export function namesRead(e: Expr | null): Set<string> {
  const out = new Set<string>();
  walkExpr(e, (x) => {
    if (x.type === "Name") out.add(x.name);
  });
  return out;
}
