/**
 * @fileoverview The template and front-end layer: Jinja templates (lexer, statement tree,
 * expressions, HTML structure, inline scripts) and static JavaScript, parsed without touching the
 * file system, plus the cross-template queries (`TemplateSet`) the CSRF and XSS rules use.
 */
export { lexTemplate, type Segment, type SegmentKind, type TemplateSyntaxIssue } from "./jinja-lexer.js";
export { parseExpression, walkExpr, dottedName, type Expr } from "./jinja-expr.js";
export { buildTree, walkTree, tagExpressions, type JinjaNode, type TagNode, type OutputNode } from "./jinja-tree.js";
export { maskJinja, parseHtml, type HtmlElement, type HtmlAttribute } from "./html.js";
export { analyzeScript, parseScript, UNSAFE_METHODS, type ScriptAnalysis, type ScriptRequest, type RequestLibrary } from "./javascript.js";
export {
  parseTemplate,
  parseScriptFile,
  isAutoescapedPath,
  isVendorScript,
  htmlContext,
  namesRead,
  AUTOESCAPED_EXTENSIONS,
  type TemplateFile,
  type ScriptFile,
  type TemplateOutput,
  type OutputContext,
  type InlineScript,
} from "./template.js";
export { scriptComments, templateComments, mayHoldDirectives, type SourceComment } from "./comments.js";
export { TemplateSet, contextNames, literalAttribute, templateNames, JINJA_GLOBALS, type PostForm, type TokenStatus } from "./index-set.js";

/** File name endings read as templates. */
export const TEMPLATE_EXTENSIONS: readonly string[] = [".html", ".htm", ".jinja", ".jinja2", ".j2", ".txt", ".xml", ".svg"];
/** File name endings read as JavaScript. */
export const SCRIPT_EXTENSIONS: readonly string[] = [".js", ".mjs"];

/** What kind of front-end file a path is (by extension), or null for Python and anything else. */
export function frontEndKind(path: string): "template" | "script" | null {
  const lower = path.toLowerCase();
  if (SCRIPT_EXTENSIONS.some((e) => lower.endsWith(e))) return "script";
  if (TEMPLATE_EXTENSIONS.some((e) => lower.endsWith(e))) return "template";
  return null;
}
