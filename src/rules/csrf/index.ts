/**
 * @fileoverview The `csrf` rule family: every rule of this directory, registered once in
 * `src/rules/index.ts` (which sorts all families by code). Keep this list sorted by code.
 */
import formWithoutCsrfToken from "./form-without-csrf-token.js";
import ajaxWithoutCsrfToken from "./ajax-without-csrf-token.js";
import type { Rule } from "../types.js";

export const family: readonly Rule[] = [
  formWithoutCsrfToken, // FG301
  ajaxWithoutCsrfToken, // FG302
];
