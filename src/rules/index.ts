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
import { family as metaFamily } from "./meta/index.js";
import { family as passwordHashingFamily } from "./password-hashing/index.js";
import { family as csrfFamily } from "./csrf/index.js";
import { family as sessionCookieFamily } from "./session-cookie/index.js";
import { family as securityHeadersFamily } from "./security-headers/index.js";
import { family as rateLimitingFamily } from "./rate-limiting/index.js";
import { family as fileUploadFamily } from "./file-upload/index.js";
import { family as secretKeyFamily } from "./secret-key/index.js";
import { family as debugModeFamily } from "./debug-mode/index.js";
import { family as sqlInjectionFamily } from "./sql-injection/index.js";
import { family as templateInjectionFamily } from "./template-injection/index.js";
import { family as openRedirectFamily } from "./open-redirect/index.js";
import { family as pathTraversalFamily } from "./path-traversal/index.js";
import { family as commandInjectionFamily } from "./command-injection/index.js";
import { family as codeInjectionFamily } from "./code-injection/index.js";
import { family as xssFamily } from "./xss/index.js";
import { family as deserializationFamily } from "./deserialization/index.js";
import { family as corsFamily } from "./cors/index.js";
import { family as ssrfFamily } from "./ssrf/index.js";
import { family as dependencyFamily } from "./dependency/index.js";
import type { Rule } from "./types.js";

/**
 * Every rule, sorted by code (checked by `tests/meta.test.ts`). Each family directory has an
 * `index.ts` listing its rules; add new rules there (`scripts/new-rule.ts` does it).
 */
export const rules: readonly Rule[] = [
  ...metaFamily,
  ...passwordHashingFamily,
  ...csrfFamily,
  ...sessionCookieFamily,
  ...securityHeadersFamily,
  ...rateLimitingFamily,
  ...fileUploadFamily,
  ...secretKeyFamily,
  ...debugModeFamily,
  ...sqlInjectionFamily,
  ...templateInjectionFamily,
  ...openRedirectFamily,
  ...pathTraversalFamily,
  ...commandInjectionFamily,
  ...codeInjectionFamily,
  ...xssFamily,
  ...deserializationFamily,
  ...corsFamily,
  ...ssrfFamily,
  ...dependencyFamily,
].sort((a, b) => (a.meta.code < b.meta.code ? -1 : a.meta.code > b.meta.code ? 1 : 0));

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
