/**
 * @fileoverview Data shared by the probe's pure checks and its HTTP client: the recorded response
 * shape, header access helpers, and the builder that turns a check result into a `Finding` whose
 * `file` is the URL path.
 */

import type { Finding, RelatedLocation } from "../core/types.js";
import { probeRule } from "./rules.js";
import type { ProbeRuleCode } from "./rules.js";

/** One HTTP response as the checks see it (no socket, no streams: easy to build in unit tests). */
export interface ProbeResponse {
  /** Request method that produced it. */
  method: string;
  /** Absolute URL that was requested. */
  url: string;
  status: number;
  /** Header values by lower-case name; repeated headers (Set-Cookie) keep every value. */
  headers: Readonly<Record<string, readonly string[]>>;
  /** The body decoded as UTF-8, cut at the client's body limit. */
  body: string;
}

/** The first value of a header (case-insensitive name), or undefined. */
export function header(response: ProbeResponse, name: string): string | undefined {
  return response.headers[name.toLowerCase()]?.[0];
}

/** Every value of a header (case-insensitive name). */
export function headerValues(response: ProbeResponse, name: string): readonly string[] {
  return response.headers[name.toLowerCase()] ?? [];
}

/** The path of a response's URL (what findings report as `file`). */
export function urlPath(url: string): string {
  return new URL(url).pathname;
}

/** True when the response declares an HTML body. */
export function isHtml(response: ProbeResponse): boolean {
  return /^\s*(text\/html|application\/xhtml\+xml)\b/i.test(header(response, "content-type") ?? "");
}

/** What a check reports before it becomes a `Finding`. */
export interface ProbeIssue {
  code: ProbeRuleCode;
  /** URL path where the problem was observed. */
  path: string;
  message: string;
  help: string;
  /** Other URL paths where the same problem was observed. */
  also?: readonly string[];
}

/** Turns a check result into a `Finding` (location: the URL path, line 1, column 1). */
export function toFinding(issue: ProbeIssue): Finding {
  const meta = probeRule(issue.code);
  const related: RelatedLocation[] = (issue.also ?? []).map((path) => ({
    file: path,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    message: "the same problem was observed here",
  }));
  return {
    rule: meta.code,
    name: meta.name,
    category: meta.category,
    severity: meta.severity,
    confidence: meta.confidence,
    file: issue.path,
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    message: issue.message,
    help: issue.help,
    docs: meta.docs,
    related,
    fix: null,
    suppressed: false,
  };
}

/**
 * Merges issues with the same code and message observed on several paths into one issue at the
 * first path (in observation order) with the others in `also`.
 */
export function mergeIssues(issues: readonly ProbeIssue[]): ProbeIssue[] {
  const byKey = new Map<string, { issue: ProbeIssue; also: string[] }>();
  for (const issue of issues) {
    const key = `${issue.code}\0${issue.message}`;
    const seen = byKey.get(key);
    if (seen === undefined) {
      byKey.set(key, { issue, also: [...(issue.also ?? [])] });
    } else {
      for (const path of [issue.path, ...(issue.also ?? [])]) {
        if (path !== seen.issue.path && !seen.also.includes(path)) seen.also.push(path);
      }
    }
  }
  return [...byKey.values()].map(({ issue, also }) => (also.length > 0 ? { ...issue, also } : { ...issue, also: [] }));
}
