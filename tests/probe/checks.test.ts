/**
 * @fileoverview Unit tests of every pure probe check on canned responses: security headers and CSP
 * analysis, session cookies, CSRF, login rate limit, upload limit, debugger/traceback detection and
 * server banners, plus issue merging and the Finding shape.
 */

import { describe, expect, it } from "vitest";

import { checkServerBanner, disclosesVersion } from "../../src/probe/checks/banner.js";
import { checkSessionCookies } from "../../src/probe/checks/cookies.js";
import { checkCsrf } from "../../src/probe/checks/csrf.js";
import { checkDebugExposure, hasTraceback, isDebuggerPage, isDebuggerScript } from "../../src/probe/checks/debug.js";
import { checkSecurityHeaders, cspWeaknesses, frameAncestorsRestrict, hstsMaxAge, parseCsp } from "../../src/probe/checks/headers.js";
import { checkLoginRateLimit } from "../../src/probe/checks/rate-limit.js";
import { formatBytes, summarizeStatuses } from "../../src/probe/checks/result.js";
import { checkUploadLimit } from "../../src/probe/checks/upload.js";
import { PROBE_RULES } from "../../src/probe/rules.js";
import { mergeIssues, toFinding } from "../../src/probe/types.js";
import type { ProbeResponse } from "../../src/probe/types.js";

const ORIGIN = "https://127.0.0.1:8443";

/** A canned response; header names are given in any case. */
function response(path: string, status: number, headers: Record<string, string | string[]> = {}, body = "", method = "GET"): ProbeResponse {
  const normalized: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(headers)) normalized[name.toLowerCase()] = Array.isArray(value) ? value : [value];
  return { method, url: `${ORIGIN}${path}`, status, headers: normalized, body };
}

const SECURE_HEADERS = {
  "Content-Type": "text/html; charset=utf-8",
  "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
  "Content-Security-Policy": "default-src 'self'; object-src 'none'; frame-ancestors 'none'",
  "X-Content-Type-Options": "nosniff",
  "X-Frame-Options": "DENY",
};

const codes = (result: { issues: { code: string }[] }) => result.issues.map((i) => i.code);

describe("security headers", () => {
  it("accepts a page with every header over HTTPS", () => {
    const result = checkSecurityHeaders([response("/", 200, SECURE_HEADERS)], true);
    expect(result.issues).toEqual([]);
    expect(result.notes).toEqual(["security headers: 1 HTML response(s) checked, all headers in place"]);
  });

  it("reports each missing header once per page", () => {
    const result = checkSecurityHeaders([response("/", 200, { "Content-Type": "text/html" })], true);
    expect(codes(result)).toEqual(["FGP01", "FGP03", "FGP05", "FGP06"]);
    expect(result.issues.every((i) => i.path === "/")).toBe(true);
  });

  it("replaces the HSTS check with one FGP02 over plain HTTP", () => {
    const pages = [response("/", 200, { "Content-Type": "text/html" }), response("/login", 200, { "Content-Type": "text/html" })];
    const result = checkSecurityHeaders(pages, false);
    expect(codes(result).filter((c) => c === "FGP02")).toEqual(["FGP02"]);
    expect(codes(result)).not.toContain("FGP01");
    expect(result.issues[0]!.message).toContain("plain HTTP");
  });

  it("reports a short HSTS max-age and a missing one", () => {
    const short = checkSecurityHeaders([response("/", 200, { ...SECURE_HEADERS, "Strict-Transport-Security": "max-age=300" })], true);
    expect(codes(short)).toEqual(["FGP01"]);
    expect(short.issues[0]!.message).toContain("max-age of 300 s");
    const none = checkSecurityHeaders([response("/", 200, { ...SECURE_HEADERS, "Strict-Transport-Security": "includeSubDomains" })], true);
    expect(none.issues[0]!.message).toContain("no max-age");
  });

  it("only judges successful HTML responses", () => {
    const result = checkSecurityHeaders(
      [response("/api", 200, { "Content-Type": "application/json" }), response("/missing", 404, { "Content-Type": "text/html" })],
      true,
    );
    expect(result.issues).toEqual([]);
    expect(result.notes).toEqual(["security headers: no successful HTML response to check"]);
  });

  it("accepts SAMEORIGIN or a restrictive frame-ancestors instead of DENY", () => {
    const sameOrigin = { ...SECURE_HEADERS, "X-Frame-Options": "SAMEORIGIN" };
    expect(codes(checkSecurityHeaders([response("/", 200, sameOrigin)], true))).toEqual([]);
    const { "X-Frame-Options": _dropped, ...noXfo } = SECURE_HEADERS;
    expect(codes(checkSecurityHeaders([response("/", 200, noXfo)], true))).toEqual([]);
    const wide = { ...noXfo, "Content-Security-Policy": "default-src 'self'; frame-ancestors *" };
    expect(codes(checkSecurityHeaders([response("/", 200, wide)], true))).toEqual(["FGP06"]);
    const allowAll = { ...SECURE_HEADERS, "X-Frame-Options": "ALLOWALL", "Content-Security-Policy": "default-src 'self'" };
    const result = checkSecurityHeaders([response("/", 200, allowAll)], true);
    expect(codes(result)).toEqual(["FGP06"]);
    expect(result.issues[0]!.message).toContain("`X-Frame-Options: allowall`");
  });

  it("mentions a report-only policy when the enforcing one is missing", () => {
    const { "Content-Security-Policy": _csp, ...rest } = SECURE_HEADERS;
    const result = checkSecurityHeaders([response("/", 200, { ...rest, "Content-Security-Policy-Report-Only": "default-src 'self'" })], true);
    expect(codes(result)).toEqual(["FGP03"]);
    expect(result.issues[0]!.message).toContain("Report-Only");
  });

  it("reports nosniff with a wrong value", () => {
    const result = checkSecurityHeaders([response("/", 200, { ...SECURE_HEADERS, "X-Content-Type-Options": "sniff" })], true);
    expect(codes(result)).toEqual(["FGP05"]);
  });
});

describe("CSP analysis", () => {
  it("parses directives case-insensitively, first occurrence wins", () => {
    const csp = parseCsp("Default-Src 'self'; script-src a.example; script-src *;;");
    expect([...csp]).toEqual([["default-src", ["'self'"]], ["script-src", ["a.example"]]]);
  });

  it.each([
    ["default-src 'self'; object-src 'none'", []],
    ["script-src 'self' https://cdn.example; object-src 'none'", []],
    ["script-src 'nonce-abc' 'unsafe-inline'; object-src 'none'", []],
    ["script-src 'strict-dynamic' 'nonce-abc' https:; object-src 'none'", []],
    ["img-src *", ["it has neither script-src nor default-src, so scripts may load from anywhere", "object-src is not restricted (no object-src or default-src)"]],
    ["default-src *", ["default-src allows any host (*)", "object-src allows any host (*)"]],
    ["default-src 'self' 'unsafe-inline'", ["default-src allows 'unsafe-inline' scripts"]],
    ["default-src 'self'; script-src 'self' 'unsafe-eval'", ["script-src allows 'unsafe-eval'"]],
    ["default-src 'self'; script-src https: data:", ["script-src allows whole schemes (https: data:)"]],
    ["script-src 'self'", ["object-src is not restricted (no object-src or default-src)"]],
  ])("%s", (policy, expected) => {
    expect(cspWeaknesses(policy)).toEqual(expected);
  });

  it("reports FGP04 only when every policy header is weak", () => {
    const weak = { ...SECURE_HEADERS, "Content-Security-Policy": ["default-src *"] };
    expect(codes(checkSecurityHeaders([response("/", 200, weak)], true))).toEqual(["FGP04"]);
    const oneStrict = { ...SECURE_HEADERS, "Content-Security-Policy": ["default-src *", "default-src 'self'"] };
    expect(codes(checkSecurityHeaders([response("/", 200, oneStrict)], true))).toEqual([]);
  });

  it("frame-ancestors and HSTS helpers", () => {
    expect(frameAncestorsRestrict("frame-ancestors 'none'")).toBe(true);
    expect(frameAncestorsRestrict("frame-ancestors 'self' https://partner.example")).toBe(true);
    expect(frameAncestorsRestrict("frame-ancestors https:")).toBe(false);
    expect(frameAncestorsRestrict("default-src 'self'")).toBe(false);
    expect(hstsMaxAge("max-age=63072000; includeSubDomains; preload")).toBe(63072000);
    expect(hstsMaxAge('includeSubDomains; max-age="600"')).toBe(600);
    expect(hstsMaxAge("includeSubDomains")).toBeNull();
  });
});

describe("session cookies", () => {
  const now = Date.parse("2026-01-01T00:00:00Z");
  const options = { names: ["session", "remember_token"], maxLifetime: 24 * 3600, now };
  const withCookies = (...cookies: string[]) => [response("/login", 200, { "Set-Cookie": cookies })];

  it("accepts Secure, HttpOnly, SameSite=Lax without lifetime", () => {
    const result = checkSessionCookies(withCookies("session=abc; Secure; HttpOnly; Path=/; SameSite=Lax"), options);
    expect(result.issues).toEqual([]);
    expect(result.notes).toEqual(["session cookies: session set with Secure, HttpOnly and SameSite"]);
  });

  it("lists every missing attribute in one finding", () => {
    const result = checkSessionCookies(withCookies("session=abc; Path=/"), options);
    expect(codes(result)).toEqual(["FGP07"]);
    expect(result.issues[0]!.message).toBe(
      "The cookie `session` is set without Secure (it is sent over plain HTTP), HttpOnly (scripts can read it), SameSite=Lax or Strict (no SameSite attribute).",
    );
    expect(result.issues[0]!.path).toBe("/login");
  });

  it("rejects SameSite=None and accepts Strict in any case", () => {
    expect(checkSessionCookies(withCookies("session=a; Secure; HttpOnly; SameSite=None"), options).issues[0]!.message).toContain(
      "it has SameSite=None",
    );
    expect(checkSessionCookies(withCookies("session=a; secure; httponly; samesite=strict"), options).issues).toEqual([]);
  });

  it("checks the lifetime from Max-Age or Expires", () => {
    const year = checkSessionCookies(withCookies("remember_token=x; Secure; HttpOnly; SameSite=Lax; Max-Age=31536000"), options);
    expect(codes(year)).toEqual(["FGP08"]);
    expect(year.issues[0]!.message).toContain("lives 365 days, longer than the allowed 24 hours");
    expect(year.issues[0]!.help).toContain("REMEMBER_COOKIE_DURATION");
    const expires = new Date(now + 31 * 24 * 3600 * 1000).toUTCString();
    const month = checkSessionCookies(withCookies(`session=x; Secure; HttpOnly; SameSite=Lax; Expires=${expires}`), options);
    expect(month.issues[0]!.message).toContain("lives 31 days");
    const twelveHours = checkSessionCookies(withCookies("session=x; Secure; HttpOnly; SameSite=Lax; Max-Age=43200"), options);
    expect(twelveHours.issues).toEqual([]);
  });

  it("ignores other cookies and deletions, and matches session-like names", () => {
    expect(checkSessionCookies(withCookies("theme=dark"), options).notes[0]).toContain("no session or remember-me cookie");
    expect(checkSessionCookies(withCookies("session=; Max-Age=0"), options).issues).toEqual([]);
    expect(codes(checkSessionCookies(withCookies("my_app_session=1"), options))).toEqual(["FGP07"]);
    expect(codes(checkSessionCookies(withCookies("sid=1"), { ...options, names: ["sid"] }))).toEqual(["FGP07"]);
  });
});

describe("CSRF", () => {
  const post = (status: number) => response("/login", status, {}, "", "POST");

  it("passes when the tokenless POST is rejected and the token is accepted", () => {
    const result = checkCsrf({ formPath: "/login", actionPath: "/login", tokenField: "csrf_token", withoutToken: post(400), withToken: post(401) });
    expect(result.issues).toEqual([]);
    expect(result.notes).toEqual(["csrf: enforced on POST /login (400 without a token, 401 with the form's token)"]);
  });

  it("reports FGP09 when the tokenless POST reaches the view", () => {
    const noField = checkCsrf({ formPath: "/login", actionPath: "/session", tokenField: null, withoutToken: post(302), withToken: null });
    expect(codes(noField)).toEqual(["FGP09"]);
    expect(noField.issues[0]!.message).toMatch(/^The form on \/login has no CSRF token field, and its POST to \/session was answered with 302/);
    expect(noField.issues[0]!.path).toBe("/session");
    const removed = checkCsrf({ formPath: "/p", actionPath: "/p", tokenField: "csrf_token", withoutToken: post(200), withToken: post(200) });
    expect(removed.issues[0]!.message).toContain("with the form's `csrf_token` field left out was answered with 200");
    expect(codes(checkCsrf({ formPath: "/p", actionPath: "/p", tokenField: null, withoutToken: post(500), withToken: null }))).toEqual(["FGP09"]);
  });

  it("reports FGP10 when the token is rejected too", () => {
    const result = checkCsrf({ formPath: "/p", actionPath: "/p", tokenField: "csrf_token", withoutToken: post(403), withToken: post(400) });
    expect(codes(result)).toEqual(["FGP10"]);
  });

  it("is inconclusive on 429", () => {
    const result = checkCsrf({ formPath: "/p", actionPath: "/p", tokenField: "csrf_token", withoutToken: post(429), withToken: null });
    expect(result.issues).toEqual([]);
    expect(result.notes[0]).toContain("inconclusive");
    const limited = checkCsrf({ formPath: "/p", actionPath: "/p", tokenField: "csrf_token", withoutToken: post(400), withToken: post(429) });
    expect(limited.issues).toEqual([]);
  });
});

describe("login rate limit", () => {
  it("passes at the first 429", () => {
    const result = checkLoginRateLimit({ loginPath: "/login", statuses: [401, 401, 429], maxAttempts: 6, seconds: 0.2 });
    expect(result.issues).toEqual([]);
    expect(result.notes).toEqual(["rate limit: POST /login answered 429 after 2 wrong attempt(s) (401 ×2, 429)"]);
    const active = checkLoginRateLimit({ loginPath: "/login", statuses: [429], maxAttempts: 6, seconds: 0 });
    expect(active.notes).toEqual(["rate limit: POST /login answered 429 at once (a limit from earlier attempts is still active) (429)"]);
  });

  it("reports FGP11 without a 429", () => {
    const result = checkLoginRateLimit({ loginPath: "/login", statuses: [200, 200, 200, 200, 200, 200], maxAttempts: 6, seconds: 1.4 });
    expect(codes(result)).toEqual(["FGP11"]);
    expect(result.issues[0]!.message).toBe(
      "6 wrong login attempts to /login within 2 s were answered 200 ×6 and never 429 Too Many Requests: passwords can be guessed at full speed.",
    );
  });

  it("is inconclusive when every attempt was rejected (CSRF not satisfied)", () => {
    const result = checkLoginRateLimit({ loginPath: "/login", statuses: [400, 400, 403], maxAttempts: 3, seconds: 1 });
    expect(result.issues).toEqual([]);
    expect(result.notes[0]).toContain("inconclusive");
  });
});

describe("upload limit", () => {
  const base = { uploadPath: "/upload", sentBytes: 5 * 1024 * 1024 + 65536, expectedMax: 5 * 1024 * 1024 };

  it("passes on 413", () => {
    expect(checkUploadLimit({ ...base, response: response("/upload", 413, {}, "", "POST") }).issues).toEqual([]);
  });

  it("reports FGP12 for any other answer", () => {
    const result = checkUploadLimit({ ...base, response: response("/upload", 200, {}, "", "POST") });
    expect(codes(result)).toEqual(["FGP12"]);
    expect(result.issues[0]!.message).toBe(
      "An upload of 5.1 MiB to /upload, more than the expected maximum of 5 MiB, was answered with 200 instead of 413: the app accepts request bodies of any size there.",
    );
  });

  it("explains an answer that came from a login wall", () => {
    const redirect = checkUploadLimit({ ...base, response: response("/upload", 302, { Location: "/auth/login?next=%2Fupload" }, "", "POST") });
    expect(redirect.issues[0]!.message).toContain("seems to require a login (redirect to /auth/login?next=%2Fupload)");
    const denied = checkUploadLimit({ ...base, response: response("/upload", 401, {}, "", "POST") });
    expect(denied.issues[0]!.message).toContain("seems to require a login (401)");
  });

  it("is inconclusive when the connection closed without an answer", () => {
    const result = checkUploadLimit({ ...base, response: null });
    expect(result.issues).toEqual([]);
    expect(result.notes[0]).toContain("inconclusive");
  });
});

describe("debug exposure", () => {
  const consoleHtml = "<!doctype html><title>Console // Werkzeug Debugger</title><script>var CONSOLE_MODE = true, EVALEX = true;</script>";
  const tracebackHtml =
    "<title>KeyError: 'username' // Werkzeug Debugger</title><h2 class=\"traceback\">Traceback <em>(most recent call last)</em></h2>";
  const plainTraceback = 'Internal error\nTraceback (most recent call last):\n  File "/srv/app/views.py", line 3, in index\nKeyError';

  it("recognises the debugger pages, script and tracebacks", () => {
    expect(isDebuggerPage(consoleHtml)).toBe(true);
    expect(isDebuggerPage("<title>Home</title>")).toBe(false);
    expect(isDebuggerScript("docReady(() => { if (CONSOLE_MODE && EVALEX) {} })")).toBe(true);
    expect(isDebuggerScript("<html>index page</html>")).toBe(false);
    expect(hasTraceback(plainTraceback)).toBe(true);
    expect(hasTraceback("File &#34;/srv/app/views.py&#34;, line 12, in login")).toBe(true);
    expect(hasTraceback("Traceback is a word in this article about debugging")).toBe(false);
  });

  it("collects all evidence into one critical finding", () => {
    const consolePage = response("/console", 200, { "Content-Type": "text/html" }, consoleHtml);
    const resource = response("/", 200, { "Content-Type": "text/javascript" }, "if (CONSOLE_MODE && EVALEX) {}");
    const crash = response("/login", 500, { "Content-Type": "text/html" }, tracebackHtml, "POST");
    const result = checkDebugExposure({ console: consolePage, resource, all: [consolePage, resource, crash] });
    expect(codes(result)).toEqual(["FGP13"]);
    expect(result.issues[0]!.path).toBe("/console");
    expect(result.issues[0]!.also).toEqual(["/", "/login"]);
    expect(result.issues[0]!.message).toContain("GET /console serves the interactive Werkzeug console");
    expect(result.issues[0]!.message).toContain("POST /login answered 500 with a debugger traceback page");
  });

  it("reports a plain traceback as FGP14 and nothing on clean answers", () => {
    const crash = response("/report", 500, { "Content-Type": "text/plain" }, plainTraceback);
    const notFound = response("/console", 404, {}, "<h1>Not Found</h1>");
    const indexPage = response("/", 200, {}, "<h1>Home</h1>");
    const result = checkDebugExposure({ console: notFound, resource: indexPage, all: [notFound, indexPage, crash] });
    expect(codes(result)).toEqual(["FGP14"]);
    expect(result.issues[0]!.path).toBe("/report");
    const clean = checkDebugExposure({ console: notFound, resource: indexPage, all: [notFound, indexPage] });
    expect(clean.issues).toEqual([]);
    expect(clean.notes).toEqual(["debug mode: no Werkzeug debugger or traceback page seen"]);
  });
});

describe("server banner", () => {
  it("reports versions and X-Powered-By once per value", () => {
    const result = checkServerBanner([
      response("/", 200, { Server: "Werkzeug/2.2.2 Python/3.11.2" }),
      response("/login", 200, { Server: "Werkzeug/2.2.2 Python/3.11.2", "X-Powered-By": "Flask" }),
    ]);
    expect(result.issues.map((i) => `${i.code} ${i.path}`)).toEqual(["FGP15 /", "FGP15 /login"]);
    expect(result.issues[0]!.message).toContain("development server");
    expect(result.issues[1]!.message).toContain("X-Powered-By header `Flask`");
  });

  it("accepts product names without versions", () => {
    expect(checkServerBanner([response("/", 200, { Server: "gunicorn" }), response("/x", 200, { Server: "nginx" })]).issues).toEqual([]);
    expect(disclosesVersion("nginx/1.25.3")).toBe(true);
    expect(disclosesVersion("Apache/2")).toBe(true);
    expect(disclosesVersion("cloudflare")).toBe(false);
  });
});

describe("findings", () => {
  it("merges identical issues across paths and builds Findings with the probe rule metadata", () => {
    const merged = mergeIssues([
      { code: "FGP03", path: "/", message: "m", help: "h" },
      { code: "FGP03", path: "/login", message: "m", help: "h" },
      { code: "FGP03", path: "/", message: "m", help: "h" },
      { code: "FGP05", path: "/login", message: "n", help: "h" },
    ]);
    expect(merged.map((i) => [i.code, i.path, i.also])).toEqual([
      ["FGP03", "/", ["/login"]],
      ["FGP05", "/login", []],
    ]);
    const finding = toFinding(merged[0]!);
    expect(finding).toMatchObject({
      rule: "FGP03",
      name: "csp-missing",
      category: "security-headers",
      severity: "medium",
      file: "/",
      line: 1,
      column: 1,
      docs: "docs/probe/FGP03.md",
      fix: null,
      suppressed: false,
    });
    expect(finding.related).toEqual([{ file: "/login", line: 1, column: 1, endLine: 1, endColumn: 1, message: "the same problem was observed here" }]);
  });

  it("probe rule codes are FGP01-FGP15, unique, and never look like static codes", () => {
    expect(PROBE_RULES.map((r) => r.code)).toEqual(Array.from({ length: 15 }, (_, i) => `FGP${String(i + 1).padStart(2, "0")}`));
    expect(new Set(PROBE_RULES.map((r) => r.name)).size).toBe(15);
    for (const rule of PROBE_RULES) expect(rule.code).not.toMatch(/^FG\d/);
  });

  it("helpers format statuses and sizes", () => {
    expect(summarizeStatuses([401, 401, 401, 429])).toBe("401 ×3, 429");
    expect(summarizeStatuses([200])).toBe("200");
    expect(formatBytes(5 * 1024 * 1024)).toBe("5 MiB");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(12)).toBe("12 bytes");
  });
});
