/**
 * @fileoverview Server banner: `Server` headers with version numbers and any `X-Powered-By`
 * header. Pure.
 */

import { headerValues, urlPath } from "../types.js";
import type { ProbeIssue, ProbeResponse } from "../types.js";
import type { CheckResult } from "./result.js";

/** True when a banner carries a version number (`Werkzeug/2.2.2`, `nginx/1.25.3`, `PHP 8.1`). */
export function disclosesVersion(value: string): boolean {
  return /\d+\.\d+|\/\s*\d/.test(value);
}

/** Checks every response for version-disclosing banners; one issue per distinct header value. */
export function checkServerBanner(responses: readonly ProbeResponse[]): CheckResult {
  const issues: ProbeIssue[] = [];
  const seen = new Set<string>();
  for (const response of responses) {
    const candidates: [string, string][] = [
      ...headerValues(response, "server").filter(disclosesVersion).map((v): [string, string] => ["Server", v]),
      ...headerValues(response, "x-powered-by").map((v): [string, string] => ["X-Powered-By", v]),
    ];
    for (const [name, value] of candidates) {
      const key = `${name}: ${value}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const devServer = /werkzeug/i.test(value)
        ? " It is also Werkzeug's development server, which is not built for production traffic."
        : "";
      issues.push({
        code: "FGP15",
        path: urlPath(response.url),
        message: `The ${name} header \`${value}\` discloses software versions, which tells attackers which known vulnerabilities to try.${devServer}`,
        help: "Serve the app with a production WSGI server behind a reverse proxy that hides versions (nginx `server_tokens off;`, gunicorn sends no version) and drop X-Powered-By.",
      });
    }
  }
  return { issues, notes: issues.length === 0 ? ["server banner: no version disclosed"] : [] };
}
