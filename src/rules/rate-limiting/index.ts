/**
 * @fileoverview The `rate-limiting` rule family: every rule of this directory, registered once in
 * `src/rules/index.ts` (which sorts all families by code). Keep this list sorted by code.
 */
import loginRateLimitMissing from "./login-rate-limit-missing.js";
import rateLimitMemoryStorage from "./rate-limit-memory-storage.js";
import healthCheckRateLimited from "./health-check-rate-limited.js";
import type { Rule } from "../types.js";

export const family: readonly Rule[] = [
  loginRateLimitMissing, // FG601
  rateLimitMemoryStorage, // FG602
  healthCheckRateLimited, // FG603
];
