/**
 * @fileoverview The probe's own rule catalogue: codes `FGP01`…`FGP15` (a namespace that cannot
 * collide with the static `FG<digit>` codes), with category, severity and a docs page each
 * (`docs/probe/<code>.md`). Findings of `flaskguard probe` carry these codes.
 */

import type { Category, Confidence, RuleMeta, Severity } from "../core/types.js";

/** Short form used to declare the catalogue. */
interface ProbeRuleSpec {
  code: string;
  name: string;
  category: Category;
  severity: Severity;
  confidence: Confidence;
  summary: string;
  cwe: number[];
  references: string[];
}

const OWASP_HEADERS = "https://cheatsheetseries.owasp.org/cheatsheets/HTTP_Headers_Cheat_Sheet.html";
const FLASK_SECURITY = "https://flask.palletsprojects.com/en/stable/web-security/";

const SPECS: readonly ProbeRuleSpec[] = [
  {
    code: "FGP01",
    name: "hsts-missing",
    category: "security-headers",
    severity: "medium",
    confidence: "high",
    summary: "An HTTPS response has no Strict-Transport-Security header, or its max-age is too short",
    cwe: [319],
    references: [OWASP_HEADERS, FLASK_SECURITY],
  },
  {
    code: "FGP02",
    name: "plain-http-target",
    category: "security-headers",
    severity: "low",
    confidence: "medium",
    summary: "The app answered over plain HTTP without redirecting to HTTPS, so HSTS could not be verified",
    cwe: [319],
    references: [OWASP_HEADERS],
  },
  {
    code: "FGP03",
    name: "csp-missing",
    category: "security-headers",
    severity: "medium",
    confidence: "high",
    summary: "An HTML response has no Content-Security-Policy header",
    cwe: [1021, 79],
    references: [OWASP_HEADERS, "https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP"],
  },
  {
    code: "FGP04",
    name: "csp-permissive",
    category: "security-headers",
    severity: "medium",
    confidence: "high",
    summary: "The Content-Security-Policy does not restrict scripts (wildcards, 'unsafe-inline', 'unsafe-eval', broad schemes)",
    cwe: [79],
    references: ["https://developer.mozilla.org/en-US/docs/Web/HTTP/CSP", "https://csp-evaluator.withgoogle.com/"],
  },
  {
    code: "FGP05",
    name: "nosniff-missing",
    category: "security-headers",
    severity: "low",
    confidence: "high",
    summary: "A response lacks `X-Content-Type-Options: nosniff`",
    cwe: [693],
    references: [OWASP_HEADERS],
  },
  {
    code: "FGP06",
    name: "framing-allowed",
    category: "security-headers",
    severity: "medium",
    confidence: "high",
    summary: "An HTML response can be framed by other sites: no X-Frame-Options DENY/SAMEORIGIN and no CSP frame-ancestors",
    cwe: [1021],
    references: [OWASP_HEADERS, "https://owasp.org/www-community/attacks/Clickjacking"],
  },
  {
    code: "FGP07",
    name: "session-cookie-attributes",
    category: "session-cookie",
    severity: "medium",
    confidence: "high",
    summary: "The session or remember-me cookie is set without Secure, HttpOnly or SameSite=Lax/Strict",
    cwe: [614, 1004, 1275],
    references: [FLASK_SECURITY, "https://developer.mozilla.org/en-US/docs/Web/HTTP/Cookies"],
  },
  {
    code: "FGP08",
    name: "session-cookie-lifetime",
    category: "session-cookie",
    severity: "medium",
    confidence: "high",
    summary: "The session or remember-me cookie lives longer than the allowed maximum (24 hours by default)",
    cwe: [613],
    references: [FLASK_SECURITY, "https://cheatsheetseries.owasp.org/cheatsheets/Session_Management_Cheat_Sheet.html"],
  },
  {
    code: "FGP09",
    name: "csrf-not-enforced",
    category: "csrf",
    severity: "high",
    confidence: "high",
    summary: "A state-changing form POST without a CSRF token was not rejected with 400 or 403",
    cwe: [352],
    references: ["https://flask-wtf.readthedocs.io/en/stable/csrf/", "https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html"],
  },
  {
    code: "FGP10",
    name: "csrf-token-rejected",
    category: "csrf",
    severity: "low",
    confidence: "low",
    summary: "A form POST carrying the page's own CSRF token and session cookie was rejected too, so enforcement could not be confirmed",
    cwe: [352],
    references: ["https://flask-wtf.readthedocs.io/en/stable/csrf/"],
  },
  {
    code: "FGP11",
    name: "login-not-rate-limited",
    category: "rate-limiting",
    severity: "high",
    confidence: "high",
    summary: "Repeated wrong login attempts within a minute never received 429 Too Many Requests",
    cwe: [307],
    references: ["https://flask-limiter.readthedocs.io/", "https://cheatsheetseries.owasp.org/cheatsheets/Authentication_Cheat_Sheet.html"],
  },
  {
    code: "FGP12",
    name: "upload-limit-missing",
    category: "file-upload",
    severity: "medium",
    confidence: "medium",
    summary: "An upload larger than the expected maximum was not rejected with 413 Request Entity Too Large",
    cwe: [400, 770],
    references: ["https://flask.palletsprojects.com/en/stable/patterns/fileuploads/"],
  },
  {
    code: "FGP13",
    name: "werkzeug-debugger-exposed",
    category: "debug-mode",
    severity: "critical",
    confidence: "high",
    summary: "The interactive Werkzeug debugger (console, debugger resources or debugger traceback pages) is reachable",
    cwe: [489, 94],
    references: ["https://werkzeug.palletsprojects.com/en/stable/debug/", FLASK_SECURITY],
  },
  {
    code: "FGP14",
    name: "traceback-disclosed",
    category: "debug-mode",
    severity: "medium",
    confidence: "high",
    summary: "An error response shows a Python traceback",
    cwe: [209],
    references: ["https://cwe.mitre.org/data/definitions/209.html"],
  },
  {
    code: "FGP15",
    name: "server-version-disclosed",
    category: "security-headers",
    severity: "low",
    confidence: "high",
    summary: "The Server or X-Powered-By header discloses software versions",
    cwe: [200],
    references: [OWASP_HEADERS],
  },
];

/** Probe rule metadata, in code order. */
export const PROBE_RULES: readonly RuleMeta[] = SPECS.map((spec) => ({
  ...spec,
  fixable: "none",
  status: "stable",
  docs: `docs/probe/${spec.code}.md`,
}));

/** The probe rule codes, for type-safe lookups. */
export type ProbeRuleCode =
  | "FGP01" | "FGP02" | "FGP03" | "FGP04" | "FGP05" | "FGP06" | "FGP07" | "FGP08"
  | "FGP09" | "FGP10" | "FGP11" | "FGP12" | "FGP13" | "FGP14" | "FGP15";

const BY_CODE = new Map(PROBE_RULES.map((meta) => [meta.code, meta]));

/** Metadata of a probe rule by code (throws for an unknown code: a programming error). */
export function probeRule(code: ProbeRuleCode): RuleMeta {
  const meta = BY_CODE.get(code);
  if (meta === undefined) throw new Error(`unknown probe rule ${code}`);
  return meta;
}
