/**
 * @fileoverview The typed rule factory (after typescript-eslint's `RuleCreator`): checks message ids
 * and option types at compile time, derives the docs path from the code, and erases the generics
 * for the registry.
 */
import type {
  FileRuleContext,
  ProjectRuleContext,
  Rule,
  RuleDefinitionMeta,
  RuleOptions,
  Visitors,
} from "./types.js";

/** What a rule module passes to {@link createRule}. */
export interface RuleDefinition<O extends RuleOptions, M extends string> {
  /** Metadata; `docs` is derived from `code` (`docs/rules/<code>.md`) when omitted. */
  meta: Omit<RuleDefinitionMeta<O, M>, "docs"> & { docs?: string };
  /** Per-file listeners for the single traversal. */
  create?(ctx: FileRuleContext<O, M>): Visitors;
  /** Project-level check run once after all files were traversed (cross-file rules). */
  check?(ctx: ProjectRuleContext<O, M>): void;
}

/** Path of a rule's documentation page, relative to the repository / package root. */
export function docsPathFor(code: string): string {
  return `docs/rules/${code}.md`;
}

/**
 * Defines a rule. `messageId`s passed to `ctx.report` are checked against `meta.messages`, and
 * `ctx.options` has the type of `meta.defaultOptions`:
 *
 * ```ts
 * export default createRule({
 *   meta: { code: "FG101", name: "debug-mode-enabled", messages: { run: "..." }, defaultOptions: {}, ... },
 *   create(ctx) { return { Call(node) { ctx.report({ messageId: "run", node }); } }; },
 * });
 * ```
 */
export function createRule<O extends RuleOptions, M extends string>(definition: RuleDefinition<O, M>): Rule {
  if (!definition.create && !definition.check && !definition.meta.engine) {
    throw new Error(`rule ${definition.meta.code} (${definition.meta.name}) defines neither create() nor check()`);
  }
  const meta = { ...definition.meta, docs: definition.meta.docs ?? docsPathFor(definition.meta.code) };
  return {
    meta: meta as unknown as RuleDefinitionMeta<RuleOptions, string>,
    create: definition.create as Rule["create"],
    check: definition.check as Rule["check"],
  };
}
