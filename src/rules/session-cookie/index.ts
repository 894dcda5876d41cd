/**
 * @fileoverview The `session-cookie` rule family: every rule of this directory, registered once in
 * `src/rules/index.ts` (which sorts all families by code). Keep this list sorted by code.
 */
import type { Rule } from "../types.js";

export const family: readonly Rule[] = [
];
