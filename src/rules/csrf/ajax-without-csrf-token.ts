/**
 * @fileoverview FG302 ajax-without-csrf-token: front-end code that sends a state-changing request
 * (POST/PUT/PATCH/DELETE) without a CSRF token: `fetch(url, {method: "POST"})`,
 * `XMLHttpRequest.open("POST", …)`, jQuery `$.ajax({type: "POST"})`/`$.post`, axios
 * (`axios.post`, instances from `axios.create`), and htmx `hx-post`/`hx-put`/`hx-patch`/`hx-delete`
 * attributes. Static `.js` files and inline `<script>` blocks of templates are parsed with a real
 * JavaScript parser. A request counts as protected when it sends an `X-CSRFToken`/`X-CSRF-Token`
 * header (any header or body field naming a CSRF token), and every request of a library counts as
 * protected once the project installs a global setup for it (`$.ajaxSetup`, `ajaxSend`,
 * `axios.defaults.headers`, an axios interceptor, a patched `fetch`, an `htmx:configRequest`
 * listener, `hx-headers` on `<body>`/`<html>` or an ancestor). Requests to another origin, and
 * requests whose options cannot be resolved statically, are not reported.
 */
import { createRule } from "../create-rule.js";
import { csrfStatusSentence, frontEndFacts } from "../helpers/front-end.js";
import type { HtmlElement, RequestLibrary, ScriptRequest } from "../../templates/index.js";

const HTMX_METHODS: Record<string, string> = { "hx-post": "POST", "hx-put": "PUT", "hx-patch": "PATCH", "hx-delete": "DELETE" };
const CSRF_TEXT = /csrf|xsrf/i;

export default createRule({
  meta: {
    code: "FG302",
    name: "ajax-without-csrf-token",
    category: "csrf",
    severity: "medium",
    confidence: "medium",
    summary: "A fetch/XHR/jQuery/axios/htmx request that changes state sends no CSRF token header",
    cwe: [352],
    fixable: "none",
    status: "stable",
    reportsIn: ["template", "javascript"],
    references: [
      "https://flask-wtf.readthedocs.io/en/stable/csrf/#javascript-requests",
      "https://htmx.org/docs/#csrf-prevention",
      "https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html",
    ],
    messages: {
      script: "{{call}} sends a {{method}} request without an X-CSRFToken header: {{status}}",
      htmx: "The {{attribute}} request sends no CSRF token (no hx-headers with X-CSRFToken on it or an ancestor, no htmx:configRequest setup): {{status}}",
    },
    help: 'Render the token into the page (`<meta name="csrf-token" content="{{ csrf_token() }}">`) and send it as the `X-CSRFToken` header, on each request or once globally (`$.ajaxSetup`, `axios.defaults.headers.common["X-CSRFToken"]`, `hx-headers` on `<body>`).',
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    const { templates, scripts } = ctx.project;
    if (templates.length === 0 && scripts.length === 0) return;
    const facts = frontEndFacts(ctx.project);
    if (facts.csrf.kind === "seasurf" || facts.csrf.kind === "custom") return;
    const status = csrfStatusSentence(facts.csrf);
    const global = new Set<RequestLibrary>();
    for (const s of scripts) facts.scriptAnalysis(s).globalSetups.forEach((l) => global.add(l));
    for (const t of templates) for (const s of t.scripts) s.analysis.globalSetups.forEach((l) => global.add(l));
    for (const t of templates) {
      for (const el of t.elements) {
        if ((el.name === "body" || el.name === "html") && el.attributes.some((a) => a.name === "hx-headers" && CSRF_TEXT.test(a.value ?? ""))) global.add("htmx");
      }
    }
    const related = facts.csrf.where
      ? [{ file: facts.csrf.where.file, node: facts.csrf.where.node, message: facts.csrf.kind === "disabled" ? "CSRF protection is switched off here" : "CSRF protection is enabled here" }]
      : [];
    const reportRequest = (path: string, r: ScriptRequest): void => {
      if (r.token !== "no" || global.has(r.library)) return;
      ctx.report(path, { messageId: "script", range: { start: r.start, end: r.end }, data: { call: r.call, method: r.method, status }, related });
    };
    for (const s of scripts) for (const r of facts.scriptAnalysis(s).requests) reportRequest(s.path, r);
    for (const t of templates) {
      for (const s of t.scripts) for (const r of s.analysis.requests) reportRequest(t.path, r);
      if (global.has("htmx")) continue;
      for (const el of t.elements) {
        for (const a of el.attributes) {
          if (!(a.name in HTMX_METHODS) && !(a.name.startsWith("data-") && a.name.slice(5) in HTMX_METHODS)) continue;
          if (hasHtmxToken(el, facts.templates.formToken.bind(facts.templates), t)) continue;
          ctx.report(t.path, { messageId: "htmx", range: { start: a.nameStart, end: a.end }, data: { attribute: a.name, status }, related });
        }
      }
    }
  },
});

/** An htmx element carries a token: hx-headers/hx-vals on it or an ancestor, or a form with a token around it. */
function hasHtmxToken(
  el: HtmlElement,
  formToken: (form: { template: never; element: HtmlElement; start: number; end: number; method: string }) => string,
  template: unknown,
): boolean {
  for (let cur: HtmlElement | null = el; cur; cur = cur.parent) {
    if (cur.attributes.some((a) => /^(data-)?hx-(headers|vals)$/.test(a.name) && CSRF_TEXT.test(a.value ?? ""))) return true;
    if (cur.name === "form" && formToken({ template: template as never, element: cur, start: cur.start, end: cur.openEnd, method: "POST" }) !== "no") return true;
  }
  return false;
}
