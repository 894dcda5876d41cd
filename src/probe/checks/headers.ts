/**
 * @fileoverview Security-header checks on HTML responses: HSTS over HTTPS (or a note that the probe
 * ran over plain HTTP), Content-Security-Policy presence and sanity, `X-Content-Type-Options`,
 * and framing protection (X-Frame-Options or CSP `frame-ancestors`). Pure functions.
 */

import { header, headerValues, isHtml, urlPath } from "../types.js";
import type { ProbeIssue, ProbeResponse } from "../types.js";
import type { CheckResult } from "./result.js";

/** HSTS max-age below this (180 days) is reported as too short. */
export const MIN_HSTS_MAX_AGE = 15_552_000;

/** A parsed CSP: directive name (lower case) → source list; the first occurrence of a name wins. */
export type CspDirectives = Map<string, string[]>;

/** Parses a Content-Security-Policy header value. */
export function parseCsp(policy: string): CspDirectives {
  const directives: CspDirectives = new Map();
  for (const part of policy.split(";")) {
    const tokens = part.trim().split(/\s+/).filter((t) => t.length > 0);
    const name = tokens.shift()?.toLowerCase();
    if (name === undefined || directives.has(name)) continue;
    directives.set(name, tokens);
  }
  return directives;
}

/**
 * Why a policy does not restrict scripts; empty when it does. Looks at `script-src` (falling back
 * to `default-src`) and `object-src`: wildcards, scheme-only sources (`http:`, `https:`, `data:`,
 * `blob:`), `'unsafe-inline'` without a nonce, hash or `'strict-dynamic'`, and `'unsafe-eval'`.
 */
export function cspWeaknesses(policy: string): string[] {
  const directives = parseCsp(policy);
  const reasons: string[] = [];
  const scriptDirective = directives.has("script-src") ? "script-src" : directives.has("default-src") ? "default-src" : null;
  if (scriptDirective === null) {
    reasons.push("it has neither script-src nor default-src, so scripts may load from anywhere");
  } else {
    const sources = directives.get(scriptDirective)!.map((s) => s.toLowerCase());
    const nonceOrHash = sources.some((s) => /^'(nonce-|sha256-|sha384-|sha512-)/.test(s));
    const strictDynamic = sources.includes("'strict-dynamic'");
    if (sources.some((s) => s === "*" || s === "'*'")) reasons.push(`${scriptDirective} allows any host (*)`);
    const schemes = sources.filter((s) => /^(https?|data|blob|filesystem):$/.test(s));
    if (schemes.length > 0 && !strictDynamic) reasons.push(`${scriptDirective} allows whole schemes (${schemes.join(" ")})`);
    if (sources.includes("'unsafe-inline'") && !nonceOrHash && !strictDynamic) {
      reasons.push(`${scriptDirective} allows 'unsafe-inline' scripts`);
    }
    if (sources.includes("'unsafe-eval'")) reasons.push(`${scriptDirective} allows 'unsafe-eval'`);
  }
  if (!directives.has("object-src") && !directives.has("default-src")) {
    reasons.push("object-src is not restricted (no object-src or default-src)");
  } else {
    const objects = (directives.get("object-src") ?? directives.get("default-src")!).map((s) => s.toLowerCase());
    if (objects.includes("*")) reasons.push("object-src allows any host (*)");
  }
  return reasons;
}

/** True when a CSP `frame-ancestors` directive forbids framing by other sites. */
export function frameAncestorsRestrict(policy: string): boolean {
  const sources = parseCsp(policy).get("frame-ancestors");
  if (sources === undefined) return false;
  return !sources.some((s) => s === "*" || /^(https?|data|blob):$/i.test(s));
}

/** Parses the max-age of a Strict-Transport-Security value, or null when absent. */
export function hstsMaxAge(value: string): number | null {
  const match = /(?:^|;)\s*max-age\s*=\s*"?(\d+)"?/i.exec(value);
  return match ? Number(match[1]) : null;
}

/**
 * Checks the security headers of every successful HTML response. `https` says whether the probe
 * talked to the app over HTTPS; over plain HTTP one FGP02 note-finding replaces the HSTS check.
 */
export function checkSecurityHeaders(responses: readonly ProbeResponse[], https: boolean): CheckResult {
  const issues: ProbeIssue[] = [];
  const notes: string[] = [];
  const pages = responses.filter((r) => r.status >= 200 && r.status < 300 && isHtml(r));
  if (pages.length === 0) {
    notes.push("security headers: no successful HTML response to check");
    return { issues, notes };
  }
  if (!https) {
    issues.push({
      code: "FGP02",
      path: urlPath(pages[0]!.url),
      message:
        "The probe ran over plain HTTP and the app answered without redirecting to HTTPS. Strict-Transport-Security has no effect on http:// responses (browsers ignore it there), so HSTS was not verified, and cookies and credentials travel unencrypted.",
      help: "Serve the app over HTTPS only: redirect HTTP to HTTPS (Flask-Talisman's force_https, or the reverse proxy) and probe the https:// URL (pass --ca FILE for a self-signed test certificate).",
    });
  }
  for (const page of pages) {
    const path = urlPath(page.url);
    if (https) {
      const hsts = header(page, "strict-transport-security");
      const maxAge = hsts === undefined ? null : hstsMaxAge(hsts);
      if (hsts === undefined) {
        issues.push({
          code: "FGP01",
          path,
          message: "The HTTPS response has no Strict-Transport-Security header: a user who types the address or follows an http:// link can be downgraded to plain HTTP by a network attacker.",
          help: "Send `Strict-Transport-Security: max-age=31536000; includeSubDomains` on every HTTPS response (Flask-Talisman does by default).",
        });
      } else if (maxAge === null || maxAge < MIN_HSTS_MAX_AGE) {
        issues.push({
          code: "FGP01",
          path,
          message: `The Strict-Transport-Security header \`${hsts}\` has ${maxAge === null ? "no max-age" : `a max-age of ${maxAge} s`}, below the 180 days (${MIN_HSTS_MAX_AGE} s) that make it effective.`,
          help: "Use `max-age=31536000` (one year) or more.",
        });
      }
    }
    const policies = headerValues(page, "content-security-policy");
    if (policies.length === 0) {
      const reportOnly = header(page, "content-security-policy-report-only") !== undefined;
      issues.push({
        code: "FGP03",
        path,
        message: `The HTML response has no Content-Security-Policy header${reportOnly ? " (only Content-Security-Policy-Report-Only, which enforces nothing)" : ""}: an injected script runs with the page's full privileges.`,
        help: "Send a Content-Security-Policy such as `default-src 'self'; object-src 'none'; frame-ancestors 'none'` (Flask-Talisman's content_security_policy).",
      });
    } else {
      const weaknesses = policies.map(cspWeaknesses);
      if (weaknesses.every((list) => list.length > 0)) {
        issues.push({
          code: "FGP04",
          path,
          message: `The Content-Security-Policy does not restrict scripts: ${weaknesses[0]!.join("; ")}.`,
          help: "Allow scripts from 'self' (and named hosts) only; replace inline scripts and 'unsafe-inline' with nonces or hashes; drop 'unsafe-eval' and scheme-wide sources; set object-src 'none'.",
        });
      }
    }
    const nosniff = header(page, "x-content-type-options");
    if (nosniff?.trim().toLowerCase() !== "nosniff") {
      issues.push({
        code: "FGP05",
        path,
        message: `The response ${nosniff === undefined ? "has no X-Content-Type-Options header" : `has \`X-Content-Type-Options: ${nosniff}\``}: browsers may sniff uploaded or user-controlled content as HTML or script.`,
        help: "Send `X-Content-Type-Options: nosniff` on every response (Flask-Talisman does by default).",
      });
    }
    const frameOptions = header(page, "x-frame-options")?.trim().toLowerCase();
    const xfoOk = frameOptions === "deny" || frameOptions === "sameorigin";
    if (!xfoOk && !policies.some(frameAncestorsRestrict)) {
      issues.push({
        code: "FGP06",
        path,
        message: `The HTML response ${frameOptions === undefined ? "has no X-Frame-Options header" : `has \`X-Frame-Options: ${frameOptions}\``} and no restrictive CSP frame-ancestors: any site can frame it (clickjacking).`,
        help: "Send `X-Frame-Options: DENY` and/or the CSP directive `frame-ancestors 'none'` (Flask-Talisman's frame_options).",
      });
    }
  }
  if (issues.length === 0) notes.push(`security headers: ${pages.length} HTML response(s) checked, all headers in place`);
  return { issues, notes };
}
