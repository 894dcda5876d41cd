/**
 * @fileoverview The `meta` rule family: every rule of this directory, registered once in
 * `src/rules/index.ts` (which sorts all families by code). Keep this list sorted by code.
 */
import invalidSuppression from "./invalid-suppression.js";
import unusedSuppression from "./unused-suppression.js";
import type { Rule } from "../types.js";

export const family: readonly Rule[] = [
  invalidSuppression, // FG001
  unusedSuppression, // FG002
];
