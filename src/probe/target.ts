/**
 * @fileoverview The probe target: URL validation, the loopback-only rule (127.0.0.0/8, ::1,
 * `localhost` and `*.localhost`; anything else needs `--allow-remote`), same-origin tests and the
 * resolution of option paths (`--login-path /auth/login`) against the target.
 */

import { isIP } from "node:net";

/** A problem with the target or a path option (the CLI turns it into a usage error). */
export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TargetError";
  }
}

/** True for an IP address in 127.0.0.0/8, `::1`, or an IPv4-mapped loopback (`::ffff:127.0.0.1`). */
export function isLoopbackAddress(address: string): boolean {
  const bare = address.replace(/^\[|\]$/g, "").toLowerCase();
  if (isIP(bare) === 4) return bare.startsWith("127.");
  if (isIP(bare) === 6) {
    if (bare === "::1" || bare === "0:0:0:0:0:0:0:1") return true;
    const mapped = /^(?:0{0,4}:){0,5}:?ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare) ?? /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(bare);
    return mapped !== null && mapped[1]!.startsWith("127.");
  }
  return false;
}

/** True for a host name or address that is loopback by definition (no DNS needed). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase().replace(/\.$/, "");
  return host === "localhost" || host.endsWith(".localhost") || isLoopbackAddress(host);
}

/** Parses and validates the target URL. */
export function parseTarget(text: string, allowRemote: boolean): URL {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`);
  } catch {
    throw new TargetError(`not a valid URL: ${text}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw new TargetError(`unsupported URL scheme ${url.protocol} in ${text}: use http:// or https://`);
  }
  if (url.username !== "" || url.password !== "") {
    throw new TargetError("credentials in the URL are not accepted: the probe never uses real credentials");
  }
  if (!allowRemote && !isLoopbackHost(url.hostname)) {
    throw new TargetError(
      `${url.hostname} is not a loopback address; the probe only talks to 127.0.0.0/8, ::1 and localhost unless you pass --allow-remote (only probe servers you are allowed to test)`,
    );
  }
  url.hash = "";
  return url;
}

/** True when two URLs have the same scheme, host and port. */
export function sameOrigin(a: URL, b: URL): boolean {
  return a.origin === b.origin;
}

/**
 * Resolves a path option against the target: `/auth/login` is absolute on the target's origin,
 * `auth/login` is relative to the target URL. Full URLs must have the target's origin.
 */
export function resolvePath(target: URL, value: string, option: string): URL {
  let url: URL;
  try {
    url = new URL(value, targetBase(target));
  } catch {
    throw new TargetError(`${option}: not a valid path: ${value}`);
  }
  if (!sameOrigin(url, target)) {
    throw new TargetError(`${option}: ${value} is not on the target's origin ${target.origin}`);
  }
  url.hash = "";
  return url;
}

/** The target URL as a directory base (`http://h/app` → `http://h/app/`), without query. */
export function targetBase(target: URL): URL {
  const base = new URL(target.href);
  base.search = "";
  if (!base.pathname.endsWith("/")) base.pathname += "/";
  return base;
}
