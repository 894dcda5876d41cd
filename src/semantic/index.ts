/**
 * @fileoverview Public entry of the per-file semantic layer: scopes, bindings, the import table,
 * qualified-name resolution, constant reading and environment reads.
 */
export { SemanticModel } from "./model.js";
export { bind, resolveRelativeModule, type BindOptions, type BindResult } from "./binder.js";
export type { Binding, BindingKind, ImportEntry, Scope, ScopeKind } from "./scopes.js";
export { stringLiteral, isTrueLiteral, isNoneLiteral, type StringLiteral } from "./constants.js";
export { envRead, type EnvRead } from "./env.js";
export { BUILTIN_NAMES } from "./builtins.js";
export { forEachNode, isNode } from "./walk.js";
export { evaluate, display, truthy, classAttribute, type Value, type EvalContext, type Origin, type ResolvedDefinition } from "./evaluate.js";
