/**
 * @fileoverview The probe's configuration and its request plan: which requests a run may send, why,
 * and how many at most. `--dry-run` prints the plan; the runner follows it, and the plan's total
 * must fit in `--max-requests` before anything is sent.
 */

import { formatBytes } from "./checks/result.js";
import { targetBase } from "./target.js";

/** Everything a probe run needs to know (validated by the CLI). */
export interface ProbeConfig {
  target: URL;
  /** Login endpoint for the rate-limit check (null: the check is skipped). */
  loginPath: URL | null;
  /** Page holding the form for the CSRF check (null: the login page, else the start page). */
  formPath: URL | null;
  /** Upload endpoint (null: the upload check is skipped). */
  uploadPath: URL | null;
  /** Multipart field name of the file (null: taken from the form, else `file`). */
  uploadField: string | null;
  /** Expected maximum upload size in bytes; the probe sends a little more. */
  uploadMax: number;
  /** Most wrong login attempts the probe may send. */
  loginAttempts: number;
  /** Session and remember-me cookie names. */
  sessionCookies: readonly string[];
  /** Longest allowed session cookie lifetime in seconds. */
  maxCookieLifetime: number;
}

/** One line of the plan. */
export interface PlannedRequest {
  method: string;
  /** URL or a description such as `<action of the POST form on /auth/login>`. */
  target: string;
  /** Most requests of this line (redirect hops of GETs not included). */
  count: number;
  purpose: string;
}

/** Bytes sent beyond the expected maximum in the upload check. */
export const UPLOAD_EXCESS = 64 * 1024;

/** Path of the page that certainly does not exist (error-page check). */
export const MISSING_PAGE = "flaskguard-probe-missing-page";

/** The debugger resource query. */
export const DEBUGGER_RESOURCE_QUERY = "?__debugger__=yes&cmd=resource&f=debugger.js";

/** The page whose form the CSRF check uses. */
export function formPage(config: ProbeConfig): URL {
  return config.formPath ?? config.loginPath ?? config.target;
}

/** Builds the plan of a run. */
export function planProbe(config: ProbeConfig): PlannedRequest[] {
  const base = targetBase(config.target);
  const plan: PlannedRequest[] = [
    { method: "GET", target: config.target.href, count: 1, purpose: "start page: security headers, cookies, server banner (same-origin redirects followed)" },
    { method: "GET", target: new URL("console", base).href, count: 1, purpose: "Werkzeug debugger console" },
    { method: "GET", target: new URL(DEBUGGER_RESOURCE_QUERY, base).href, count: 1, purpose: "Werkzeug debugger resources" },
    { method: "GET", target: new URL(MISSING_PAGE, base).href, count: 1, purpose: "error page (404) for tracebacks" },
  ];
  const page = formPage(config);
  const pageShown = page.pathname + page.search;
  if (page.href !== config.target.href) {
    plan.push({ method: "GET", target: page.href, count: 1, purpose: "form page: CSRF token, session cookie, headers" });
  }
  const action = `<action of the POST form on ${pageShown}>`;
  plan.push(
    { method: "POST", target: action, count: 1, purpose: "empty form body: error page must not show a traceback or the debugger" },
    { method: "POST", target: action, count: 1, purpose: "CSRF: form fields with fake values, token left out (expect 400/403)" },
    { method: "POST", target: action, count: 1, purpose: "CSRF: the same with the scraped token and session cookie (expect no 400/403)" },
  );
  if (config.loginPath !== null) {
    const login = config.loginPath;
    if (login.href !== page.href) {
      plan.push({ method: "GET", target: login.href, count: 1, purpose: "login form: field names and CSRF token" });
    }
    plan.push({
      method: "POST",
      target: `<action of the login form on ${login.pathname}>`,
      count: config.loginAttempts,
      purpose: `login rate limit: up to ${config.loginAttempts} deliberately wrong attempts (fake user, fake password), stopping at the first 429; the CSRF POST with the token counts as one when it goes to the login form`,
    });
  }
  if (config.uploadPath !== null) {
    plan.push({
      method: "POST",
      target: config.uploadPath.href,
      count: 1,
      purpose: `upload limit: multipart file of ${formatBytes(config.uploadMax + UPLOAD_EXCESS)} (expected maximum ${formatBytes(config.uploadMax)} + ${formatBytes(UPLOAD_EXCESS)}; expect 413)`,
    });
  }
  return plan;
}

/** Most requests of a plan. */
export function planTotal(plan: readonly PlannedRequest[]): number {
  return plan.reduce((sum, line) => sum + line.count, 0);
}

/** The plan as text, for `--dry-run`. */
export function formatPlan(plan: readonly PlannedRequest[], config: ProbeConfig): string {
  const lines = [`Planned requests to ${config.target.origin} (nothing was sent):`, ""];
  plan.forEach((line, i) => {
    const times = line.count > 1 ? ` (up to ${line.count}×)` : "";
    lines.push(`${String(i + 1).padStart(2)}. ${line.method} ${line.target}${times}`);
    lines.push(`    ${line.purpose}`);
  });
  lines.push("");
  lines.push(`At most ${planTotal(plan)} requests, plus same-origin redirect hops of GET requests. Redirects to other origins are never followed.`);
  if (config.loginPath === null) lines.push("Login rate limit: not checked (give --login-path).");
  if (config.uploadPath === null) lines.push("Upload limit: not checked (give --upload-path).");
  return `${lines.join("\n")}\n`;
}
