/**
 * @fileoverview The rule registry: every rule, sorted by code, and lookup by code or name.
 *
 * Code scheme (stable; a code is never reused):
 *   FG0xx  engine and meta rules (suppression directives)            category `other`
 *   FG1xx  debug mode and development servers                        `debug-mode`
 *   FG2xx  secrets and signing keys                                  `secret-key`
 *   FG3xx  CSRF protection                                           `csrf`
 *   FG4xx  session cookies and sessions                              `session-cookie`
 *   FG5xx  browser policy: security headers, CORS                    `security-headers`, `cors`
 *   FG6xx  authentication: rate limiting, password hashing           `rate-limiting`, `password-hashing`
 *   FG7xx  files: uploads, path traversal                            `file-upload`, `path-traversal`
 *   FG8xx  injection: SQL, template, command, code, deserialization, SSRF
 *   FG9xx  output and dependencies: XSS, open redirect, dependency   `xss`, `open-redirect`, `dependency`
 * Within a family, codes are assigned in order of creation (`scripts/new-rule.ts` picks the next).
 */
import type { Category } from "../core/types.js";
import debugModeEnabled from "./debug-mode/debug-mode-enabled.js";
import invalidSuppression from "./meta/invalid-suppression.js";
import unusedSuppression from "./meta/unused-suppression.js";
import hardcodedSecretKey from "./secret-key/hardcoded-secret-key.js";
import type { Rule } from "./types.js";

/** Every rule, sorted by code (checked by `tests/meta.test.ts`). */
export const rules: readonly Rule[] = [
  invalidSuppression, // FG001
  unusedSuppression, // FG002
  debugModeEnabled, // FG101
  hardcodedSecretKey, // FG201
];

const byKey = new Map<string, Rule>();
for (const rule of rules) {
  byKey.set(rule.meta.code.toUpperCase(), rule);
  byKey.set(rule.meta.name, rule);
}

/** The rule with this code (`FG201`, case-insensitive) or name (`hardcoded-secret-key`), or undefined. */
export function findRule(codeOrName: string): Rule | undefined {
  return byKey.get(codeOrName) ?? byKey.get(codeOrName.toUpperCase());
}

/** Code of the engine rule reporting malformed suppression directives. */
export const INVALID_SUPPRESSION = "FG001";
/** Code of the engine rule reporting suppressions that suppressed nothing. */
export const UNUSED_SUPPRESSION = "FG002";

/** The code family prefix (`FG2`) of each category, documenting the scheme above for tools. */
export const CATEGORY_CODE_PREFIX: Readonly<Record<Category, string>> = {
  other: "FG0",
  "debug-mode": "FG1",
  "secret-key": "FG2",
  csrf: "FG3",
  "session-cookie": "FG4",
  "security-headers": "FG5",
  cors: "FG5",
  "rate-limiting": "FG6",
  "password-hashing": "FG6",
  "file-upload": "FG7",
  "path-traversal": "FG7",
  "sql-injection": "FG8",
  "template-injection": "FG8",
  "command-injection": "FG8",
  "code-injection": "FG8",
  deserialization: "FG8",
  ssrf: "FG8",
  xss: "FG9",
  "open-redirect": "FG9",
  dependency: "FG9",
};

export type { Rule } from "./types.js";
