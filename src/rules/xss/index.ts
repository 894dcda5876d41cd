/**
 * @fileoverview The `xss` rule family: every rule of this directory, registered once in
 * `src/rules/index.ts` (which sorts all families by code). Keep this list sorted by code.
 */
import templateAutoescapeDisabled from "./template-autoescape-disabled.js";
import unescapedRequestDataInTemplate from "./unescaped-request-data-in-template.js";
import unquotedTemplateAttribute from "./unquoted-template-attribute.js";
import userUrlInTemplateAttribute from "./user-url-in-template-attribute.js";
import unescapedTemplateExtension from "./unescaped-template-extension.js";
import reflectedXss from "./reflected-xss.js";
import type { Rule } from "../types.js";

export const family: readonly Rule[] = [
  templateAutoescapeDisabled, // FG901
  unescapedRequestDataInTemplate, // FG902
  unquotedTemplateAttribute, // FG903
  userUrlInTemplateAttribute, // FG904
  unescapedTemplateExtension, // FG905
  reflectedXss, // FG950
];
