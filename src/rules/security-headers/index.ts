/**
 * @fileoverview The `security-headers` rule family: every rule of this directory, registered once in
 * `src/rules/index.ts` (which sorts all families by code). Keep this list sorted by code.
 */
import securityHeadersMissing from "./security-headers-missing.js";
import talismanDefaultCsp from "./talisman-default-csp.js";
import talismanProtectionWeakened from "./talisman-protection-weakened.js";
import securityHeadersIncomplete from "./security-headers-incomplete.js";
import type { Rule } from "../types.js";

export const family: readonly Rule[] = [
  securityHeadersMissing, // FG501
  talismanDefaultCsp, // FG502
  talismanProtectionWeakened, // FG503
  securityHeadersIncomplete, // FG504
];
