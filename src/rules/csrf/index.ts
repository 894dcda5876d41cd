/**
 * @fileoverview The `csrf` rule family: every rule of this directory, registered once in
 * `src/rules/index.ts` (which sorts all families by code). Keep this list sorted by code.
 */
import formWithoutCsrfToken from "./form-without-csrf-token.js";
import ajaxWithoutCsrfToken from "./ajax-without-csrf-token.js";
import csrfProtectionMissing from "./csrf-protection-missing.js";
import csrfProtectionDisabled from "./csrf-protection-disabled.js";
import csrfProtectNotAttached from "./csrf-protect-not-attached.js";
import csrfExemptSessionView from "./csrf-exempt-session-view.js";
import csrfWeakSettings from "./csrf-weak-settings.js";
import type { Rule } from "../types.js";

export const family: readonly Rule[] = [
  formWithoutCsrfToken, // FG301
  ajaxWithoutCsrfToken, // FG302
  csrfProtectionMissing, // FG303
  csrfProtectionDisabled, // FG304
  csrfProtectNotAttached, // FG305
  csrfExemptSessionView, // FG306
  csrfWeakSettings, // FG307
];
