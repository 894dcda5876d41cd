/**
 * @fileoverview Session and remember-me cookie checks on every `Set-Cookie` the probe received:
 * `Secure`, `HttpOnly`, `SameSite=Lax|Strict`, and a lifetime within the allowed maximum. Pure.
 */

import { cookieLifetime, isDeletion, parseSetCookie } from "../cookies.js";
import { headerValues, urlPath } from "../types.js";
import type { ProbeIssue, ProbeResponse } from "../types.js";
import type { CheckResult } from "./result.js";

/** Options of the cookie check. */
export interface CookieCheckOptions {
  /** Cookie names that hold the session (Flask: `session`; Flask-Login: `remember_token`). */
  names: readonly string[];
  /** Longest allowed lifetime in seconds (24 h by default). */
  maxLifetime: number;
  /** "Now" for Expires arithmetic (epoch ms). */
  now: number;
}

/** Default session cookie names: Flask's session cookie and Flask-Login's remember-me cookie. */
export const DEFAULT_SESSION_COOKIES: readonly string[] = ["session", "remember_token"];

/** True when a cookie name is one of `names` or looks like a session/remember-me cookie. */
export function isSessionCookieName(name: string, names: readonly string[]): boolean {
  return names.includes(name) || /session|remember/i.test(name);
}

function describeHours(seconds: number): string {
  const hours = seconds / 3600;
  if (hours >= 48) return `${Math.round(hours / 24)} days`;
  return `${Number.isInteger(hours) ? hours : hours.toFixed(1)} hours`;
}

/** Checks the attributes and lifetime of every session-like cookie set in `responses`. */
export function checkSessionCookies(responses: readonly ProbeResponse[], options: CookieCheckOptions): CheckResult {
  const issues: ProbeIssue[] = [];
  const seen = new Set<string>();
  for (const response of responses) {
    for (const text of headerValues(response, "set-cookie")) {
      const cookie = parseSetCookie(text);
      if (cookie === null || !isSessionCookieName(cookie.name, options.names)) continue;
      if (isDeletion(cookie, options.now)) continue;
      seen.add(cookie.name);
      const path = urlPath(response.url);
      const missing: string[] = [];
      if (!cookie.secure) missing.push("Secure (it is sent over plain HTTP)");
      if (!cookie.httpOnly) missing.push("HttpOnly (scripts can read it)");
      const sameSite = cookie.sameSite?.toLowerCase();
      if (sameSite !== "lax" && sameSite !== "strict") {
        missing.push(cookie.sameSite === null ? "SameSite=Lax or Strict (no SameSite attribute)" : `SameSite=Lax or Strict (it has SameSite=${cookie.sameSite})`);
      }
      if (missing.length > 0) {
        issues.push({
          code: "FGP07",
          path,
          message: `The cookie \`${cookie.name}\` is set without ${missing.join(", ")}.`,
          help: cookie.name.startsWith("remember")
            ? "Set REMEMBER_COOKIE_SECURE = True, REMEMBER_COOKIE_HTTPONLY = True and REMEMBER_COOKIE_SAMESITE = \"Lax\"."
            : "Set SESSION_COOKIE_SECURE = True, SESSION_COOKIE_HTTPONLY = True and SESSION_COOKIE_SAMESITE = \"Lax\" (or \"Strict\").",
        });
      }
      const lifetime = cookieLifetime(cookie, options.now);
      if (lifetime !== null && lifetime > options.maxLifetime + 60) {
        issues.push({
          code: "FGP08",
          path,
          message: `The cookie \`${cookie.name}\` lives ${describeHours(lifetime)}, longer than the allowed ${describeHours(options.maxLifetime)}: a stolen cookie stays valid that long.`,
          help: cookie.name.startsWith("remember")
            ? "Set REMEMBER_COOKIE_DURATION to 24 hours or less (timedelta(hours=12))."
            : "Set PERMANENT_SESSION_LIFETIME to 24 hours or less (timedelta(hours=12)).",
        });
      }
    }
  }
  const notes: string[] = [];
  if (seen.size === 0) notes.push("session cookies: no session or remember-me cookie was set during the probe (the probe never logs in)");
  else if (issues.length === 0) notes.push(`session cookies: ${[...seen].sort().join(", ")} set with Secure, HttpOnly and SameSite`);
  return { issues, notes };
}
