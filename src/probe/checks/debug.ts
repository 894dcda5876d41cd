/**
 * @fileoverview Debug-mode exposure: the Werkzeug console (`/console`), the debugger's own
 * resources (`?__debugger__=yes&cmd=resource`), and debugger or plain traceback pages in any
 * response the probe received. Pure.
 */

import { urlPath } from "../types.js";
import type { ProbeIssue, ProbeResponse } from "../types.js";
import type { CheckResult } from "./result.js";

/** The debug-specific requests the probe sends. */
export interface DebugObservation {
  /** Answer to GET /console. */
  console: ProbeResponse | null;
  /** Answer to GET /?__debugger__=yes&cmd=resource&f=debugger.js. */
  resource: ProbeResponse | null;
  /** Every response of the run (error pages included). */
  all: readonly ProbeResponse[];
}

/** True when a body is a Werkzeug debugger page (traceback or console). */
export function isDebuggerPage(body: string): boolean {
  return /\/\/ Werkzeug Debugger<\/title>/i.test(body) || /The debugger caught an exception in your WSGI application/i.test(body);
}

/** True when a body is the Werkzeug debugger's JavaScript. */
export function isDebuggerScript(body: string): boolean {
  return /\bCONSOLE_MODE\b/.test(body) && /\bEVALEX\b/.test(body);
}

/** True when a body shows a Python traceback. */
export function hasTraceback(body: string): boolean {
  return /Traceback (\(most recent call last\)|<em>\(most recent call last\)<\/em>)/.test(body) ||
    /File (?:"|&#34;|&quot;)[^"&<>]+\.py(?:"|&#34;|&quot;), line \d+, in /.test(body);
}

/** Evaluates the debug observation. */
export function checkDebugExposure(observation: DebugObservation): CheckResult {
  const evidence: { path: string; what: string }[] = [];
  const { console: consolePage, resource } = observation;
  if (consolePage !== null && consolePage.status === 200 && isDebuggerPage(consolePage.body)) {
    evidence.push({ path: urlPath(consolePage.url), what: "GET /console serves the interactive Werkzeug console" });
  }
  if (resource !== null && resource.status === 200 && isDebuggerScript(resource.body)) {
    evidence.push({ path: urlPath(resource.url), what: "the debugger's script is served at ?__debugger__=yes&cmd=resource&f=debugger.js" });
  }
  const tracebackPaths: string[] = [];
  for (const response of observation.all) {
    if (response === consolePage || response === resource) continue;
    const path = urlPath(response.url);
    if (isDebuggerPage(response.body)) {
      if (!evidence.some((e) => e.path === path)) {
        evidence.push({ path, what: `${response.method} ${path} answered ${response.status} with a debugger traceback page` });
      }
    } else if (hasTraceback(response.body) && !tracebackPaths.includes(path)) {
      tracebackPaths.push(path);
    }
  }
  const issues: ProbeIssue[] = [];
  if (evidence.length > 0) {
    issues.push({
      code: "FGP13",
      path: evidence[0]!.path,
      also: [...new Set(evidence.slice(1).map((e) => e.path))].filter((p) => p !== evidence[0]!.path),
      message: `The Werkzeug debugger is reachable: ${evidence.map((e) => e.what).join("; ")}. Its console runs Python code in the server process (the PIN is guessable from machine data).`,
      help: "Never run with debug=True or FLASK_DEBUG=1 outside your own machine; serve with a production WSGI server (gunicorn, waitress) and DEBUG = False.",
    });
  }
  if (tracebackPaths.length > 0) {
    issues.push({
      code: "FGP14",
      path: tracebackPaths[0]!,
      also: tracebackPaths.slice(1),
      message: "An error response shows a Python traceback: file paths, source lines and sometimes configuration values leak to the client.",
      help: "Turn off debug and PROPAGATE_EXCEPTIONS in production and register error handlers (@app.errorhandler(500)) that render a generic page.",
    });
  }
  const notes = issues.length === 0 ? ["debug mode: no Werkzeug debugger or traceback page seen"] : [];
  return { issues, notes };
}
