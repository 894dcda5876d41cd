/**
 * @fileoverview The `session-cookie` rule family: every rule of this directory, registered once in
 * `src/rules/index.ts` (which sorts all families by code). Keep this list sorted by code.
 */
import sessionCookieNotSecure from "./session-cookie-not-secure.js";
import sessionCookieHttponlyDisabled from "./session-cookie-httponly-disabled.js";
import sessionCookieSamesiteMissing from "./session-cookie-samesite-missing.js";
import sessionLifetimeTooLong from "./session-lifetime-too-long.js";
import rememberCookieInsecure from "./remember-cookie-insecure.js";
import sensitiveDataInSession from "./sensitive-data-in-session.js";
import serverSessionMisconfigured from "./server-session-misconfigured.js";
import cookieWithoutSecurityFlags from "./cookie-without-security-flags.js";
import type { Rule } from "../types.js";

export const family: readonly Rule[] = [
  sessionCookieNotSecure, // FG401
  sessionCookieHttponlyDisabled, // FG402
  sessionCookieSamesiteMissing, // FG403
  sessionLifetimeTooLong, // FG404
  rememberCookieInsecure, // FG405
  sensitiveDataInSession, // FG406
  serverSessionMisconfigured, // FG407
  cookieWithoutSecurityFlags, // FG408
];
