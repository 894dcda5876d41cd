/**
 * @fileoverview `Set-Cookie` parsing (RFC 6265 §5.2, attribute names case-insensitive) and a minimal
 * cookie jar for one probe session: name → value, deletions honoured, no domain/path logic (the
 * probe talks to one origin only).
 */

/** A parsed `Set-Cookie` header. */
export interface SetCookie {
  name: string;
  value: string;
  secure: boolean;
  httpOnly: boolean;
  /** The SameSite attribute as sent (e.g. "Lax"), or null when absent. */
  sameSite: string | null;
  /** Max-Age in seconds, or null when absent or not a number. */
  maxAge: number | null;
  /** Expires as epoch milliseconds, or null when absent or unparsable. */
  expires: number | null;
  path: string | null;
  domain: string | null;
}

/** Parses one `Set-Cookie` header value; null when it has no `name=value` pair. */
export function parseSetCookie(text: string): SetCookie | null {
  const parts = text.split(";");
  const pair = parts.shift() ?? "";
  const eq = pair.indexOf("=");
  if (eq <= 0) return null;
  const cookie: SetCookie = {
    name: pair.slice(0, eq).trim(),
    value: pair.slice(eq + 1).trim().replace(/^"(.*)"$/, "$1"),
    secure: false,
    httpOnly: false,
    sameSite: null,
    maxAge: null,
    expires: null,
    path: null,
    domain: null,
  };
  if (cookie.name === "") return null;
  for (const part of parts) {
    const at = part.indexOf("=");
    const key = (at === -1 ? part : part.slice(0, at)).trim().toLowerCase();
    const value = at === -1 ? "" : part.slice(at + 1).trim();
    switch (key) {
      case "secure":
        cookie.secure = true;
        break;
      case "httponly":
        cookie.httpOnly = true;
        break;
      case "samesite":
        cookie.sameSite = value;
        break;
      case "max-age":
        cookie.maxAge = /^-?\d+$/.test(value) ? Number(value) : null;
        break;
      case "expires": {
        const time = Date.parse(value);
        cookie.expires = Number.isNaN(time) ? null : time;
        break;
      }
      case "path":
        cookie.path = value;
        break;
      case "domain":
        cookie.domain = value;
        break;
      default:
        break;
    }
  }
  return cookie;
}

/**
 * The lifetime of a cookie in seconds at `now` (Max-Age wins over Expires, as in browsers); null
 * for a browser-session cookie (neither attribute).
 */
export function cookieLifetime(cookie: SetCookie, now: number): number | null {
  if (cookie.maxAge !== null) return cookie.maxAge;
  if (cookie.expires !== null) return Math.round((cookie.expires - now) / 1000);
  return null;
}

/** True when the header deletes the cookie (Max-Age ≤ 0 or an Expires in the past). */
export function isDeletion(cookie: SetCookie, now: number): boolean {
  const lifetime = cookieLifetime(cookie, now);
  return lifetime !== null && lifetime <= 0;
}

/** A cookie jar for one origin: stores what the server sets, sends it back. */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  /** Applies the `Set-Cookie` headers of a response. */
  store(setCookieHeaders: readonly string[], now: number = Date.now()): void {
    for (const text of setCookieHeaders) {
      const cookie = parseSetCookie(text);
      if (cookie === null) continue;
      if (isDeletion(cookie, now)) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
  }

  /** The `Cookie` request header value, or undefined when the jar is empty. */
  header(): string | undefined {
    if (this.cookies.size === 0) return undefined;
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ");
  }

  /** Cookie names currently held. */
  names(): string[] {
    return [...this.cookies.keys()];
  }
}
