/**
 * @fileoverview The probe runner: sends the planned requests through the bounded client (the
 * debug requests concurrently with the form/session sequence), scrapes forms and tokens, and feeds
 * the observations to the pure checks. Returns findings in the `Finding` shape of `check`.
 */

import { randomBytes } from "node:crypto";

import type { Finding } from "../core/types.js";
import { checkServerBanner } from "./checks/banner.js";
import { checkSessionCookies } from "./checks/cookies.js";
import { checkCsrf } from "./checks/csrf.js";
import { checkDebugExposure } from "./checks/debug.js";
import { checkSecurityHeaders } from "./checks/headers.js";
import { checkLoginRateLimit } from "./checks/rate-limit.js";
import type { CheckResult } from "./checks/result.js";
import { checkUploadLimit } from "./checks/upload.js";
import { ProbeNetworkError } from "./client.js";
import type { ProbeClient } from "./client.js";
import { CookieJar } from "./cookies.js";
import { csrfField, fillForm, isLoginForm, metaCsrfToken, parseForms } from "./html.js";
import type { HtmlForm } from "./html.js";
import { DEBUGGER_RESOURCE_QUERY, formPage, MISSING_PAGE, UPLOAD_EXCESS } from "./plan.js";
import type { ProbeConfig } from "./plan.js";
import { sameOrigin, targetBase } from "./target.js";
import { header, mergeIssues, toFinding } from "./types.js";
import type { ProbeIssue, ProbeResponse } from "./types.js";

/** The result of a run. */
export interface ProbeOutcome {
  findings: Finding[];
  /** What was verified or could not be decided, one line each. */
  notes: string[];
  /** Requests sent. */
  requests: number;
}

const FORM_TYPE = "application/x-www-form-urlencoded";

/** Runs every check against the target. Throws `ProbeNetworkError` when the target cannot be probed. */
export async function runProbe(config: ProbeConfig, client: ProbeClient, now: () => number = Date.now): Promise<ProbeOutcome> {
  const nonce = randomBytes(6).toString("hex");
  const results: CheckResult[] = [];
  const sessionJar = new CookieJar();

  const start = await client.request({ method: "GET", url: config.target, jar: sessionJar, followRedirects: true });
  refuseOffOriginRedirect(start, config.target);

  const debugGroup = async () => {
    const base = targetBase(config.target);
    const jar = new CookieJar();
    const consolePage = await client.request({ method: "GET", url: new URL("console", base), jar });
    const resource = await client.request({ method: "GET", url: new URL(DEBUGGER_RESOURCE_QUERY, base), jar });
    const missing = await client.request({ method: "GET", url: new URL(MISSING_PAGE, base), jar });
    return { consolePage, resource, missing };
  };
  // Both groups finish (or fail) before the run ends, so no request outlives it.
  const [debugResult, formResult] = await Promise.allSettled([
    debugGroup(),
    formSequence(config, client, start, sessionJar, nonce, results, now),
  ]);
  if (debugResult.status === "rejected") throw debugResult.reason;
  if (formResult.status === "rejected") throw formResult.reason;
  const debug = debugResult.value;

  const all = client.responses;
  // Headers are judged on the app's own pages, not on the debugger or 404 probes.
  const probes = new Set([debug.consolePage, debug.resource, debug.missing]);
  const pages = all.filter((r) => r.method === "GET" && !probes.has(r));
  results.push(checkSecurityHeaders(pages, config.target.protocol === "https:"));
  results.push(checkSessionCookies(all, { names: config.sessionCookies, maxLifetime: config.maxCookieLifetime, now: now() }));
  results.push(checkDebugExposure({ console: debug.consolePage, resource: debug.resource, all }));
  results.push(checkServerBanner(all));

  const issues: ProbeIssue[] = mergeIssues(results.flatMap((r) => r.issues));
  return {
    findings: issues.map(toFinding),
    notes: results.flatMap((r) => r.notes),
    requests: client.sent,
  };
}

/** The start page redirected somewhere the probe will not follow: explain and stop. */
function refuseOffOriginRedirect(start: ProbeResponse, target: URL): void {
  const location = header(start, "location");
  if (start.status < 300 || start.status >= 400 || location === undefined) return;
  let next: URL;
  try {
    next = new URL(location, start.url);
  } catch {
    return;
  }
  if (sameOrigin(next, target)) return;
  if (next.protocol === "https:" && target.protocol === "http:" && next.hostname === target.hostname) {
    throw new ProbeNetworkError(
      `${start.url} redirects to ${next.href}: the app upgrades plain HTTP to HTTPS, and the probe does not follow redirects to another origin. Probe the https:// URL instead (with --ca FILE for a self-signed certificate).`,
    );
  }
  throw new ProbeNetworkError(
    `${start.url} redirects to ${next.href}, another origin; the probe does not follow it. Probe that URL directly if you are allowed to.`,
  );
}

/** Headers a browser sends with a same-origin form POST. */
function postHeaders(config: ProbeConfig, page: URL, contentType: string, extra: Record<string, string> = {}): Record<string, string> {
  return { "content-type": contentType, origin: config.target.origin, referer: page.href, ...extra };
}

function encodeForm(pairs: readonly [string, string][]): string {
  return new URLSearchParams(pairs).toString();
}

/** Picks the form to use on a page: a login form if asked, else the first POST form. */
function pickForm(forms: readonly HtmlForm[], preferLogin: boolean): HtmlForm | null {
  const posts = forms.filter((f) => f.method === "POST");
  if (preferLogin) return posts.find(isLoginForm) ?? posts[0] ?? null;
  return posts[0] ?? null;
}

/** The form page, empty POST, CSRF, login rate limit and upload checks, in one cookie session. */
async function formSequence(
  config: ProbeConfig,
  client: ProbeClient,
  start: ProbeResponse,
  jar: CookieJar,
  nonce: string,
  results: CheckResult[],
  now: () => number,
): Promise<void> {
  const pageUrl = formPage(config);
  const page = pageUrl.href === config.target.href ? start : await client.request({ method: "GET", url: pageUrl, jar, followRedirects: true });
  const isLoginPage = config.loginPath !== null && config.loginPath.href === pageUrl.href;
  const form = pickForm(parseForms(page.body), isLoginPage);
  let token: { field: string; value: string } | null = null;
  const metaToken = metaCsrfToken(page.body);
  const attempts: number[] = [];
  let attemptStart = 0;
  let knownLogin: { form: HtmlForm; action: URL } | null = null;

  if (form === null) {
    results.push({ issues: [], notes: [`csrf: not checked, no POST form on ${pageUrl.pathname} (give --form-path or --login-path)`] });
  } else {
    const action = new URL(form.action || page.url, page.url);
    action.hash = "";
    if (!sameOrigin(action, config.target)) {
      results.push({ issues: [], notes: [`csrf: not checked, the form on ${pageUrl.pathname} posts to another origin (${action.origin})`] });
    } else {
      const field = csrfField(form);
      if (field !== null) token = { field: field.name, value: field.value };
      const isLoginAction = config.loginPath !== null && action.pathname === config.loginPath.pathname && isLoginForm(form);
      if (isLoginAction) knownLogin = { form, action };
      // An empty body: a view that indexes request.form crashes here when debug mode is on.
      await client.request({ method: "POST", url: action, jar, body: "", headers: postHeaders(config, pageUrl, FORM_TYPE) });
      attemptStart = now();
      const withoutToken = await client.request({
        method: "POST",
        url: action,
        jar,
        body: encodeForm(fillForm(form, { includeToken: false, nonce })),
        headers: postHeaders(config, pageUrl, FORM_TYPE),
      });
      // Without a token field the POST is a complete (wrong) login attempt.
      if (isLoginAction && field === null) attempts.push(withoutToken.status);
      let withToken: ProbeResponse | null = null;
      if (field !== null) {
        withToken = await client.request({
          method: "POST",
          url: action,
          jar,
          body: encodeForm(fillForm(form, { includeToken: true, nonce })),
          headers: postHeaders(config, pageUrl, FORM_TYPE),
        });
        if (isLoginAction) attempts.push(withToken.status);
      }
      results.push(
        checkCsrf({ formPath: pageUrl.pathname, actionPath: action.pathname, tokenField: field?.name ?? null, withoutToken, withToken }),
      );
    }
  }

  if (config.loginPath !== null) {
    await loginAttempts(config, client, jar, nonce, attempts, knownLogin, attemptStart || now(), results, now);
  }
  if (config.uploadPath !== null) {
    await uploadCheck(config, client, jar, pageUrl, form, token, metaToken, nonce, results);
  }
}

/** Sends wrong login attempts until a 429 or the configured number, then evaluates. */
async function loginAttempts(
  config: ProbeConfig,
  client: ProbeClient,
  jar: CookieJar,
  nonce: string,
  attempts: number[],
  known: { form: HtmlForm; action: URL } | null,
  startedAt: number,
  results: CheckResult[],
  now: () => number,
): Promise<void> {
  const loginUrl = config.loginPath!;
  let form = known?.form ?? null;
  let action = known?.action ?? loginUrl;
  if (known === null) {
    const page = await client.request({ method: "GET", url: loginUrl, jar, followRedirects: true });
    form = pickForm(parseForms(page.body), true);
    if (form !== null) {
      const resolved = new URL(form.action || page.url, page.url);
      if (sameOrigin(resolved, config.target)) action = resolved;
    }
  }
  const pairs: [string, string][] =
    form !== null
      ? fillForm(form, { includeToken: true, nonce })
      : [["username", `flaskguard-probe-${nonce}`], ["password", `flaskguard-probe-wrong-${nonce}`]];
  const started = attempts.length > 0 ? startedAt : now();
  while (attempts.length < config.loginAttempts && !attempts.includes(429)) {
    const response = await client.request({
      method: "POST",
      url: action,
      jar,
      body: encodeForm(pairs),
      headers: postHeaders(config, loginUrl, FORM_TYPE),
    });
    attempts.push(response.status);
  }
  results.push(
    checkLoginRateLimit({
      loginPath: action.pathname,
      statuses: attempts,
      maxAttempts: config.loginAttempts,
      seconds: (now() - started) / 1000,
    }),
  );
}

/** Sends one multipart upload slightly larger than the expected maximum. */
async function uploadCheck(
  config: ProbeConfig,
  client: ProbeClient,
  jar: CookieJar,
  pageUrl: URL,
  form: HtmlForm | null,
  token: { field: string; value: string } | null,
  metaToken: string | null,
  nonce: string,
  results: CheckResult[],
): Promise<void> {
  const uploadUrl = config.uploadPath!;
  const fileField =
    config.uploadField ??
    form?.fields.find((f) => f.type === "file")?.name ??
    "file";
  const boundary = `----flaskguard-probe-${nonce}`;
  const parts: Buffer[] = [];
  const tokenValue = token?.value ?? metaToken;
  if (token !== null) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${token.field}"\r\n\r\n${token.value}\r\n`));
  }
  const size = config.uploadMax + UPLOAD_EXCESS;
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${fileField}"; filename="flaskguard-probe.txt"\r\nContent-Type: text/plain\r\n\r\n`,
    ),
    Buffer.alloc(size, "flaskguard probe upload-limit check\n"),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  const body = Buffer.concat(parts);
  const extra: Record<string, string> = tokenValue ? { "x-csrftoken": tokenValue } : {};
  let response: ProbeResponse | null = null;
  try {
    response = await client.request({
      method: "POST",
      url: uploadUrl,
      jar,
      body,
      headers: postHeaders(config, pageUrl, `multipart/form-data; boundary=${boundary}`, extra),
      pauseAfterFirstChunkMs: 500,
    });
  } catch (error) {
    // A server that refuses the body may close the connection while it is still being sent.
    if (!(error instanceof ProbeNetworkError) || !["ECONNRESET", "EPIPE"].includes(error.code)) throw error;
  }
  results.push(checkUploadLimit({ uploadPath: uploadUrl.pathname, sentBytes: body.length, expectedMax: config.uploadMax, response }));
}
