/**
 * @fileoverview The `password-hashing` rule family: every rule of this directory, registered once in
 * `src/rules/index.ts` (which sorts all families by code). Keep this list sorted by code.
 */
import passwordFastHash from "./password-fast-hash.js";
import weakPasswordHashParameters from "./weak-password-hash-parameters.js";
import plaintextPasswordStorage from "./plaintext-password-storage.js";
import plaintextPasswordComparison from "./plaintext-password-comparison.js";
import passwordHashEncapsulation from "./password-hash-encapsulation.js";
import mixedPasswordHashSchemes from "./mixed-password-hash-schemes.js";
import legacyPasswordHashRehash from "./legacy-password-hash-rehash.js";
import type { Rule } from "../types.js";

export const family: readonly Rule[] = [
  passwordFastHash, // FG650
  weakPasswordHashParameters, // FG651
  plaintextPasswordStorage, // FG652
  plaintextPasswordComparison, // FG653
  passwordHashEncapsulation, // FG654
  mixedPasswordHashSchemes, // FG655
  legacyPasswordHashRehash, // FG656
];
