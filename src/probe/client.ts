/**
 * @fileoverview The probe's HTTP client on `node:http`/`node:https`: a hard cap on the number of
 * requests, a per-request timeout, a concurrency bound, a capped response body, cookie jars,
 * same-origin redirect following for GET only (never off the target's origin), a DNS guard that
 * refuses non-loopback addresses unless remote targets are allowed, and clear network errors.
 */

import dns from "node:dns";
import http from "node:http";
import https from "node:https";
import type { LookupFunction } from "node:net";

import type { CookieJar } from "./cookies.js";
import { isLoopbackAddress, sameOrigin } from "./target.js";
import type { ProbeResponse } from "./types.js";

/** A network or budget problem: printed as a one-line message, exit status 2. */
export class ProbeNetworkError extends Error {
  /** The underlying error code (`ECONNRESET`, `FG_TIMEOUT`…), or "" for a budget stop. */
  readonly code: string;

  constructor(message: string, code = "") {
    super(message);
    this.name = "ProbeNetworkError";
    this.code = code;
  }
}

/** Settings of a client. */
export interface ClientOptions {
  allowRemote: boolean;
  /** Per-request time limit in milliseconds (connect, send and receive). */
  timeoutMs: number;
  /** Hard cap on requests for the whole run (redirect hops count). */
  maxRequests: number;
  /** Requests in flight at once. */
  concurrency: number;
  /** Extra trusted CA certificates (PEM) for HTTPS. */
  ca?: string;
  /** Accept any TLS certificate. */
  insecureTls?: boolean;
  /** Headers added to every request (e.g. an authenticated Cookie). */
  headers?: Readonly<Record<string, string>>;
  /** Bytes of each response body kept (the rest is discarded). */
  bodyLimit?: number;
  userAgent: string;
}

/** One request. */
export interface RequestSpec {
  method: string;
  url: URL;
  headers?: Readonly<Record<string, string>>;
  body?: Buffer | string;
  /** Cookies to send and to update from the answer. */
  jar?: CookieJar;
  /** Follow same-origin redirects (GET/HEAD only; at most 5 hops). */
  followRedirects?: boolean;
  /** For large bodies: after the first 64 KiB, wait this long for an early answer (see `writeBody`). */
  pauseAfterFirstChunkMs?: number;
}

/** What the client recorded for one request. */
export interface RequestRecord {
  method: string;
  url: string;
  status: number | null;
  /** Network error message, if any. */
  error?: string;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** The bounded client. One instance per probe run. */
export class ProbeClient {
  /** Every response received, in completion order (the checks scan them all). */
  readonly responses: ProbeResponse[] = [];
  /** Every request attempted, in start order. */
  readonly log: RequestRecord[] = [];
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly options: ClientOptions) {}

  /** Requests started so far. */
  get sent(): number {
    return this.log.length;
  }

  /** Sends a request (following same-origin redirects when asked) and returns the final answer. */
  async request(spec: RequestSpec): Promise<ProbeResponse> {
    let current = spec;
    for (let hop = 0; ; hop++) {
      const response = await this.once(current);
      const location = response.headers["location"]?.[0];
      const method = current.method.toUpperCase();
      if (!current.followRedirects || hop >= 5 || !REDIRECTS.has(response.status) || location === undefined) return response;
      if (method !== "GET" && method !== "HEAD") return response;
      let next: URL;
      try {
        next = new URL(location, current.url);
      } catch {
        return response;
      }
      // Never leave the target's origin: the redirect itself is the answer.
      if (!sameOrigin(next, spec.url)) return response;
      current = { ...current, url: next, body: undefined };
    }
  }

  /** Sends exactly one request under the budget and the concurrency bound. */
  private async once(spec: RequestSpec): Promise<ProbeResponse> {
    if (this.log.length >= this.options.maxRequests) {
      throw new ProbeNetworkError(
        `stopped: the run reached --max-requests ${this.options.maxRequests} before ${spec.method} ${spec.url.pathname}; raise --max-requests`,
      );
    }
    const record: RequestRecord = { method: spec.method, url: spec.url.href, status: null };
    this.log.push(record);
    await this.acquire();
    try {
      const response = await this.send(spec);
      record.status = response.status;
      this.responses.push(response);
      spec.jar?.store(response.headers["set-cookie"] ?? []);
      return response;
    } catch (error) {
      const message = describeNetworkError(error, spec.url, this.options.timeoutMs);
      record.error = message;
      throw new ProbeNetworkError(message, (error as NodeJS.ErrnoException | undefined)?.code ?? "");
    } finally {
      this.release();
    }
  }

  private async acquire(): Promise<void> {
    if (this.active < Math.max(1, this.options.concurrency)) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.active++;
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }

  private send(spec: RequestSpec): Promise<ProbeResponse> {
    const { options } = this;
    const headers: Record<string, string> = {
      "user-agent": options.userAgent,
      accept: "text/html,application/xhtml+xml,*/*;q=0.8",
    };
    for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
    for (const [name, value] of Object.entries(spec.headers ?? {})) headers[name.toLowerCase()] = value;
    const jarCookies = spec.jar?.header();
    if (jarCookies !== undefined) headers["cookie"] = headers["cookie"] ? `${headers["cookie"]}; ${jarCookies}` : jarCookies;
    const body = spec.body === undefined ? undefined : Buffer.isBuffer(spec.body) ? spec.body : Buffer.from(spec.body, "utf8");
    if (body !== undefined) headers["content-length"] = String(body.length);
    const isHttps = spec.url.protocol === "https:";
    const lookup: LookupFunction | undefined = options.allowRemote ? undefined : loopbackOnlyLookup;
    const bodyLimit = options.bodyLimit ?? 1024 * 1024;

    return new Promise<ProbeResponse>((resolve, reject) => {
      let settled = false;
      const finish = (error: unknown, response?: ProbeResponse) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        // One connection per request (no agent): close it, unsent body and all.
        setImmediate(() => request.destroy());
        if (error !== null) reject(error);
        else resolve(response!);
      };
      const requestOptions: https.RequestOptions = {
        method: spec.method,
        headers,
        agent: false,
        lookup,
        ...(isHttps ? { ca: options.ca, rejectUnauthorized: options.insecureTls !== true } : {}),
      };
      // Set once the status line and headers arrived: from then on the answer is known, and a
      // socket error (a server that stops reading an upload and closes) only cuts the body.
      let finishWith: (() => void) | null = null;
      const request = (isHttps ? https : http).request(spec.url, requestOptions, (res) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        finishWith = () =>
          finish(null, {
            method: spec.method,
            url: spec.url.href,
            status: res.statusCode ?? 0,
            headers: collectHeaders(res.rawHeaders),
            body: Buffer.concat(chunks).toString("utf8"),
          });
        const done = finishWith;
        res.on("data", (chunk: Buffer) => {
          if (kept >= bodyLimit) return;
          const part = chunk.subarray(0, bodyLimit - kept);
          chunks.push(part);
          kept += part.length;
          if (kept >= bodyLimit) {
            // Enough for every check: stop reading and close this connection.
            done();
            res.destroy();
          }
        });
        res.on("end", done);
        // A connection closed after the headers still gives an answer (the body may be cut).
        res.on("close", done);
        res.on("error", done);
      });
      const timer = setTimeout(() => {
        const error = Object.assign(new Error("timeout"), { code: "FG_TIMEOUT" });
        request.destroy(error);
        finish(error);
      }, options.timeoutMs);
      request.on("error", (error) => {
        if (finishWith !== null) (finishWith as () => void)();
        else finish(error);
      });
      if (body === undefined) {
        request.end();
        return;
      }
      writeBody(request, body, spec.pauseAfterFirstChunkMs ?? 0, () => finishWith !== null);
    });
  }
}

/**
 * Writes a body in chunks, honouring back-pressure, and stops quietly if the socket goes away or an
 * answer arrived. With `pauseMs`, it sends the first 8 KiB and waits up to that long for an early
 * answer before the rest: a server that answers without reading the body (a redirect to the login
 * page, an early 413) and then closes would otherwise reset the connection under a large upload
 * and the answer would be lost.
 */
function writeBody(request: http.ClientRequest, body: Buffer, pauseMs: number, answered: () => boolean): void {
  const chunkSize = 64 * 1024;
  let offset = 0;
  const pump = () => {
    while (offset < body.length) {
      if (request.destroyed || answered()) return;
      const chunk = body.subarray(offset, offset + chunkSize);
      offset += chunk.length;
      if (!request.write(chunk)) {
        request.once("drain", pump);
        return;
      }
    }
    if (!answered()) request.end();
  };
  if (pauseMs > 0 && body.length > FIRST_CHUNK) {
    // Headers plus a first chunk small enough to fit the socket buffers at once.
    request.write(body.subarray(0, FIRST_CHUNK));
    offset = FIRST_CHUNK;
    waitForAnswer(pauseMs, answered, pump);
  } else {
    pump();
  }
}

/** Bytes sent before the pause of a paced upload. */
const FIRST_CHUNK = 8 * 1024;

/** Calls `next` once `answered()` is true or after `ms`, whichever comes first. */
function waitForAnswer(ms: number, answered: () => boolean, next: () => void): void {
  const started = Date.now();
  const tick = () => {
    if (answered() || Date.now() - started >= ms) next();
    else setTimeout(tick, 10);
  };
  setTimeout(tick, 10);
}

/** Groups raw headers by lower-case name, keeping every value. */
function collectHeaders(raw: readonly string[]): Record<string, string[]> {
  const headers: Record<string, string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    (headers[name] ??= []).push(raw[i + 1]!);
  }
  return headers;
}

/** A `dns.lookup` that fails for any address outside the loopback range. */
const loopbackOnlyLookup: LookupFunction = (hostname, options, callback) => {
  dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) {
      callback(error, "", 0);
      return;
    }
    const list = addresses as unknown as dns.LookupAddress[];
    const outside = list.find((entry) => !isLoopbackAddress(entry.address));
    if (outside !== undefined || list.length === 0) {
      const refused = Object.assign(
        new Error(`${hostname} resolves to ${outside?.address ?? "nothing"}, which is not a loopback address`),
        { code: "FG_NOT_LOOPBACK" },
      );
      callback(refused, "", 0);
      return;
    }
    if (options.all) (callback as unknown as (e: null, a: dns.LookupAddress[]) => void)(null, list);
    else callback(null, list[0]!.address, list[0]!.family);
  });
};

/** A one-line explanation of a network error. */
export function describeNetworkError(error: unknown, url: URL, timeoutMs: number): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? "";
  const where = `${url.protocol}//${url.host}`;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case "ECONNREFUSED":
      return `cannot connect to ${where}: connection refused (is the app running and listening on that port?)`;
    case "FG_TIMEOUT":
      return `no complete answer from ${where}${url.pathname} within ${timeoutMs / 1000} s (--timeout)`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `cannot resolve the host name ${url.hostname}`;
    case "FG_NOT_LOOPBACK":
      return `${message}; pass --allow-remote to probe it (only probe servers you are allowed to test)`;
    case "ECONNRESET":
    case "EPIPE":
      return `the connection to ${where} was closed by the server during ${url.pathname} (${code})${url.protocol === "http:" ? "; if the server speaks HTTPS, use https://" : ""}`;
    case "EPROTO":
    case "ERR_SSL_WRONG_VERSION_NUMBER":
      return `TLS handshake with ${where} failed (${message.split("\n")[0]}); if the server speaks plain HTTP, use http://`;
    case "DEPTH_ZERO_SELF_SIGNED_CERT":
    case "SELF_SIGNED_CERT_IN_CHAIN":
    case "UNABLE_TO_VERIFY_LEAF_SIGNATURE":
    case "UNABLE_TO_GET_ISSUER_CERT_LOCALLY":
    case "CERT_HAS_EXPIRED":
    case "ERR_TLS_CERT_ALTNAME_INVALID":
      return `the TLS certificate of ${where} is not trusted (${code}); pass --ca FILE with its certificate or CA, or --insecure for a local test server`;
    default:
      return `request to ${where}${url.pathname} failed: ${message}${code && !message.includes(code) ? ` (${code})` : ""}`;
  }
}
