/**
 * @fileoverview Front-end JavaScript as the CSRF rules need it: parses a script with `acorn`
 * (script, then module goal; `acorn-loose` as the tolerant fallback) and extracts the
 * state-changing requests it sends (`fetch`, `XMLHttpRequest.open`, jQuery `$.ajax`/`$.post`,
 * axios and axios instances) with whether each provably lacks a CSRF header or token, and the
 * global setups that add one to every request of a library (`$.ajaxSetup`, `ajaxSend`,
 * `axios.defaults.headers`, axios interceptors, a patched `fetch`/`XMLHttpRequest`, htmx
 * `htmx:configRequest` listeners). Offsets are relative to the parsed text plus `offset`.
 */
import type { Options } from "acorn";
import { acornLooseModule, acornModule, acornWalkModule } from "./acorn-lazy.js";

/** A loosely typed ESTree node (acorn output). */
export interface JsNode {
  type: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

/** Which client library sends a request (global setups are per library). */
export type RequestLibrary = "fetch" | "xhr" | "jquery" | "axios" | "htmx";

/** A state-changing request found in a script. */
export interface ScriptRequest {
  library: RequestLibrary;
  /** Upper-case HTTP method (`POST`, `PUT`, `PATCH`, `DELETE`). */
  method: string;
  /** The callee's range (`fetch`, `$.ajax`, `xhr.open`), absolute. */
  start: number;
  end: number;
  /** `yes`: sends a CSRF header or token; `no`: provably does not; `unknown`: cannot tell. */
  token: "yes" | "no" | "unknown";
  /** Short description of the call for messages (`fetch()`, `$.ajax()`, `XMLHttpRequest.open("POST")`). */
  call: string;
}

/** Result of {@link analyzeScript}. */
export interface ScriptAnalysis {
  requests: ScriptRequest[];
  /** Libraries for which this script installs a global CSRF header setup. */
  globalSetups: Set<RequestLibrary>;
  /** A syntax error of the strict parse (the loose parser was used instead), absolute offset. */
  syntaxError: { message: string; start: number } | null;
}

/** State-changing HTTP methods. */
export const UNSAFE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

const CSRF_TEXT = /csrf|xsrf/i;

/** Parses a script (strict, then module goal, then tolerant) into an ESTree program. */
export function parseScript(text: string): { program: JsNode; error: { message: string; pos: number } | null } {
  const options: Options = { ecmaVersion: "latest", allowHashBang: true, allowReturnOutsideFunction: true, allowAwaitOutsideFunction: true };
  try {
    return { program: acornModule().parse(text, { ...options, sourceType: "script" }) as unknown as JsNode, error: null };
  } catch (first) {
    try {
      return { program: acornModule().parse(text, { ...options, sourceType: "module" }) as unknown as JsNode, error: null };
    } catch (second) {
      // Report the module goal's error when the script goal only tripped over import/export.
      const e = (/'import' and 'export' may appear only/.test(String((first as Error).message)) ? second : first) as { message?: string; pos?: number };
      const program = acornLooseModule().parse(text, { ...options, sourceType: "module" }) as unknown as JsNode;
      return { program, error: { message: String(e.message ?? "syntax error").replace(/\s*\(\d+:\d+\)$/, ""), pos: e.pos ?? 0 } };
    }
  }
}

/**
 * Finds the state-changing requests and global CSRF setups of a script. `offset` is added to every
 * reported position (the script's start inside a template).
 */
export function analyzeScript(text: string, offset = 0): ScriptAnalysis {
  const { program, error } = parseScript(text);
  const requests: ScriptRequest[] = [];
  const globalSetups = new Set<RequestLibrary>();
  const src = (n: JsNode | null | undefined): string => (n ? text.slice(n.start, n.end) : "");
  const mentionsCsrf = (n: JsNode | null | undefined): boolean => CSRF_TEXT.test(src(n));

  // Declarations by name (file-wide, flow-insensitive): used to resolve option objects and axios instances.
  const declarations = new Map<string, JsNode[]>();
  const axiosInstances = new Map<string, boolean>();
  acornWalkModule().fullAncestor(program as never, (node: unknown) => {
    const n = node as JsNode;
    if (n.type === "VariableDeclarator" && (n.id as JsNode).type === "Identifier" && n.init) {
      const name = (n.id as JsNode).name as string;
      declarations.set(name, [...(declarations.get(name) ?? []), n.init as JsNode]);
      const init = n.init as JsNode;
      if (init.type === "CallExpression" && memberPath(init.callee as JsNode) === "axios.create") {
        axiosInstances.set(name, mentionsCsrf(init));
      }
    }
  });

  const resolveObject = (n: JsNode | undefined): JsNode | null | "unknown" => {
    if (!n) return null;
    if (n.type === "ObjectExpression") return n;
    if (n.type === "Identifier") {
      const decls = declarations.get(n.name as string) ?? [];
      if (decls.length === 1 && decls[0]!.type === "ObjectExpression") return decls[0]!;
    }
    return "unknown";
  };

  /** Token status of an options object's headers/body/beforeSend parts. */
  const optionsToken = (opts: JsNode | null, keys: { headers: string[]; body: string[]; hooks: string[] }): "yes" | "no" | "unknown" => {
    if (opts === null) return "no";
    let status: "yes" | "no" | "unknown" = "no";
    for (const prop of (opts.properties as JsNode[]) ?? []) {
      if (prop.type !== "Property") {
        if (mentionsCsrf(prop)) return "yes";
        status = "unknown"; // a spread: anything may come in
        continue;
      }
      const key = propertyKey(prop);
      const value = prop.value as JsNode;
      if (key === null) {
        if (mentionsCsrf(prop)) return "yes";
        continue;
      }
      if (keys.headers.includes(key)) {
        const headers = value.type === "NewExpression" && (value.callee as JsNode).type === "Identifier" && (value.callee as JsNode).name === "Headers"
          ? resolveObject((value.arguments as JsNode[])[0])
          : resolveObject(value);
        if (headers === "unknown") {
          if (mentionsCsrf(value) || mentionsDeclaration(value)) return "yes";
          status = "unknown";
        } else if (headers && mentionsCsrf(headers)) return "yes";
        else if (headers && (headers.properties as JsNode[]).some((p) => p.type !== "Property")) status = "unknown";
      } else if (keys.body.includes(key)) {
        const body = bodyToken(value);
        if (body === "yes") return "yes";
        if (body === "unknown") status = "unknown";
      } else if (keys.hooks.includes(key)) {
        if (mentionsCsrf(value)) return "yes";
      }
    }
    return status;
  };

  const mentionsDeclaration = (n: JsNode): boolean =>
    n.type === "Identifier" && (declarations.get(n.name as string) ?? []).some((d) => mentionsCsrf(d));

  const bodyToken = (body: JsNode): "yes" | "no" | "unknown" => {
    if (mentionsCsrf(body)) return "yes";
    if (body.type === "Literal" || body.type === "TemplateLiteral") return "no";
    if (body.type === "CallExpression" && memberPath(body.callee as JsNode) === "JSON.stringify") return "no";
    if (body.type === "ObjectExpression") return "no";
    if (body.type === "Identifier") {
      const decls = declarations.get(body.name as string) ?? [];
      if (decls.some((d) => mentionsCsrf(d))) return "yes";
      const name = body.name as string;
      if (new RegExp(`\\b${escapeRegex(name)}\\s*\\.\\s*(?:append|set)\\s*\\([^)]*(?:csrf|xsrf)`, "i").test(text)) return "yes";
      if (decls.length === 1 && decls[0]!.type === "CallExpression" && memberPath(decls[0]!.callee as JsNode) === "JSON.stringify") return "no";
      if (decls.length === 1 && decls[0]!.type === "ObjectExpression") return "no";
      return "unknown";
    }
    return "unknown";
  };

  const enclosingFunction = (ancestors: readonly JsNode[]): JsNode => {
    for (let i = ancestors.length - 2; i >= 0; i--) {
      const a = ancestors[i]!;
      if (a.type === "FunctionDeclaration" || a.type === "FunctionExpression" || a.type === "ArrowFunctionExpression") return a;
    }
    return program;
  };

  acornWalkModule().fullAncestor(program as never, (node: unknown, _state: unknown, ancestorsRaw: unknown) => {
    const n = node as JsNode;
    const ancestors = ancestorsRaw as JsNode[];
    // Global setups.
    if (n.type === "AssignmentExpression") {
      const left = memberPath(n.left as JsNode) ?? "";
      if (/^axios\.defaults\.(headers|xsrfHeaderName)/.test(left) && (CSRF_TEXT.test(left) || mentionsCsrf(n))) globalSetups.add("axios");
      if (/^(window\.)?fetch$/.test(left) && mentionsCsrf(n.right as JsNode)) globalSetups.add("fetch");
      if (/^(window\.)?XMLHttpRequest\.prototype\.(open|send)$/.test(left) && mentionsCsrf(n.right as JsNode)) globalSetups.add("xhr");
      return;
    }
    if (n.type !== "CallExpression") return;
    const callee = n.callee as JsNode;
    const args = (n.arguments as JsNode[]) ?? [];
    const path = memberPath(callee);
    const calleeRange = { start: callee.start + offset, end: callee.end + offset };

    if (path && /^(\$|jQuery)\.(ajaxSetup|ajaxPrefilter)$/.test(path)) {
      if (mentionsCsrf(n)) globalSetups.add("jquery");
      return;
    }
    if (callee.type === "MemberExpression" && propertyName(callee) === "ajaxSend" && mentionsCsrf(n)) {
      globalSetups.add("jquery");
      return;
    }
    if (path && /^axios\.interceptors\.request\.use$/.test(path)) {
      if (mentionsCsrf(n)) globalSetups.add("axios");
      return;
    }
    if (callee.type === "MemberExpression" && /^(addEventListener|on)$/.test(propertyName(callee) ?? "") && args[0]?.type === "Literal" && /^htmx:configRequest$/i.test(String(args[0].value)) && mentionsCsrf(n)) {
      globalSetups.add("htmx");
      return;
    }

    // fetch(url, init)
    if (path === "fetch" || path === "window.fetch" || path === "globalThis.fetch" || path === "self.fetch") {
      if (isOtherOrigin(args[0])) return;
      const init = resolveObject(args[1]);
      if (init === "unknown") return;
      const method = init ? methodOf(init, ["method"]) : "GET";
      if (method === null || !UNSAFE_METHODS.has(method)) return;
      const token = optionsToken(init, { headers: ["headers"], body: ["body"], hooks: [] });
      requests.push({ library: "fetch", method, ...calleeRange, token, call: "fetch()" });
      return;
    }

    // jQuery
    const jq = path ? /^(?:\$|jQuery)\.(ajax|post)$/.exec(path) : null;
    if (jq) {
      if (jq[1] === "post") {
        if (isOtherOrigin(args[0])) return;
        const data = args[0]?.type === "ObjectExpression" ? args[0] : args[1];
        let token: ScriptRequest["token"] = "no";
        if (args[0]?.type === "ObjectExpression") token = optionsToken(args[0], { headers: ["headers"], body: ["data"], hooks: ["beforeSend"] });
        else if (data && typeof data === "object" && data.type !== "FunctionExpression" && data.type !== "ArrowFunctionExpression") token = bodyToken(data);
        requests.push({ library: "jquery", method: "POST", ...calleeRange, token, call: `${path}()` });
        return;
      }
      const optsNode = args[0]?.type === "ObjectExpression" || args[0]?.type === "Identifier" && args.length === 1 ? args[0] : args[1];
      if (args.length >= 2 && isOtherOrigin(args[0])) return;
      const opts = resolveObject(optsNode);
      if (opts === "unknown" || opts === null) return;
      if (isOtherOrigin(propertyValue(opts, "url"))) return;
      const method = methodOf(opts, ["type", "method"]) ?? (hasProperty(opts, "type") || hasProperty(opts, "method") ? null : "GET");
      if (method === null || !UNSAFE_METHODS.has(method)) return;
      const token = optionsToken(opts, { headers: ["headers"], body: ["data"], hooks: ["beforeSend"] });
      requests.push({ library: "jquery", method, ...calleeRange, token, call: `${path}()` });
      return;
    }

    // axios
    const ax = path ? /^(axios|[A-Za-z_$][\w$]*)\.(post|put|patch|delete|request)$/.exec(path) : null;
    if ((ax && (ax[1] === "axios" || axiosInstances.has(ax[1]!))) || path === "axios") {
      const instanceHasToken = ax && ax[1] !== "axios" ? axiosInstances.get(ax[1]!) === true : false;
      let method: string | null;
      let config: JsNode | null | "unknown";
      let data: JsNode | undefined;
      if (path === "axios" || ax![2] === "request") {
        config = resolveObject(args[0]?.type === "ObjectExpression" || args.length === 1 ? args[0] : args[1]);
        if (config === "unknown" || config === null) return;
        if (isOtherOrigin(propertyValue(config, "url"))) return;
        method = methodOf(config, ["method"]) ?? (hasProperty(config, "method") ? null : "GET");
      } else {
        method = ax![2]!.toUpperCase();
        if (isOtherOrigin(args[0])) return;
        if (method === "DELETE") config = resolveObject(args[1]);
        else {
          data = args[1];
          config = resolveObject(args[2]);
        }
      }
      if (method === null || !UNSAFE_METHODS.has(method)) return;
      let token: ScriptRequest["token"] = instanceHasToken ? "yes" : "no";
      if (token === "no") {
        if (config === "unknown") token = "unknown";
        else if (config) token = optionsToken(config, { headers: ["headers"], body: ["data"], hooks: ["transformRequest"] });
        if (token !== "yes" && data) {
          const b = bodyToken(data);
          if (b === "yes") token = "yes";
          else if (b === "unknown" && token === "no") token = "unknown";
        }
      }
      requests.push({ library: "axios", method, ...calleeRange, token, call: `${path}()` });
      return;
    }

    // XMLHttpRequest: x.open("POST", url)
    if (callee.type === "MemberExpression" && propertyName(callee) === "open" && args.length >= 2 && args[0]?.type === "Literal" && typeof args[0].value === "string") {
      const method = args[0].value.toUpperCase();
      if (!UNSAFE_METHODS.has(method)) return;
      if (isOtherOrigin(args[1])) return;
      const receiver = src(callee.object as JsNode);
      const fn = enclosingFunction(ancestors);
      const body = text.slice(fn.start, fn.end);
      const setsHeader = new RegExp(`${escapeRegex(receiver)}\\s*\\.\\s*setRequestHeader\\s*\\(\\s*[^,]*(?:csrf|xsrf)`, "i").test(body);
      const sendsToken = new RegExp(`${escapeRegex(receiver)}\\s*\\.\\s*send\\s*\\([^)]*(?:csrf|xsrf)`, "i").test(body);
      const token = setsHeader || sendsToken ? "yes" : /setRequestHeader|\.send\s*\(\s*[A-Za-z_$]/.test(body) && CSRF_TEXT.test(body) ? "unknown" : "no";
      requests.push({ library: "xhr", method, ...calleeRange, token, call: `XMLHttpRequest.open("${method}")` });
    }
  });

  return {
    requests,
    globalSetups,
    // JSX in a .js file is not JavaScript we can parse, but it is not a broken file either.
    syntaxError: error && !looksLikeJsx(text) ? { message: error.message, start: error.pos + offset } : null,
  };
}

/** `a.b.c` for an identifier/member chain (computed string keys included), else null. */
export function memberPath(n: JsNode | undefined | null): string | null {
  if (!n) return null;
  if (n.type === "Identifier") return n.name as string;
  if (n.type === "ThisExpression") return "this";
  if (n.type === "MemberExpression") {
    const obj = memberPath(n.object as JsNode);
    const prop = propertyName(n);
    return obj !== null && prop !== null ? `${obj}.${prop}` : null;
  }
  return null;
}

function propertyName(n: JsNode): string | null {
  const p = n.property as JsNode;
  if (!n.computed && p.type === "Identifier") return p.name as string;
  if (p.type === "Literal" && typeof p.value === "string") return p.value;
  return null;
}

function propertyKey(prop: JsNode): string | null {
  const k = prop.key as JsNode;
  if (!prop.computed && k.type === "Identifier") return k.name as string;
  if (k.type === "Literal") return String(k.value);
  return null;
}

function propertyValue(obj: JsNode, key: string): JsNode | undefined {
  for (const p of (obj.properties as JsNode[]) ?? []) if (p.type === "Property" && propertyKey(p) === key) return p.value as JsNode;
  return undefined;
}

function hasProperty(obj: JsNode, key: string): boolean {
  return propertyValue(obj, key) !== undefined;
}

/** The upper-cased literal method of an options object; null when set but not a literal, GET when absent. */
function methodOf(obj: JsNode, keys: string[]): string | null {
  for (const key of keys) {
    const v = propertyValue(obj, key);
    if (!v) continue;
    if (v.type === "Literal" && typeof v.value === "string") return v.value.toUpperCase();
    if (v.type === "TemplateLiteral" && (v.expressions as JsNode[]).length === 0) {
      const q = (v.quasis as JsNode[])[0]!.value as { cooked: string };
      return q.cooked.toUpperCase();
    }
    return null;
  }
  return "GET";
}

/** A URL literal on another origin (`https://…`, `//host/…`): no CSRF token is expected there. */
function isOtherOrigin(n: JsNode | undefined): boolean {
  if (!n) return false;
  let s: string | null = null;
  if (n.type === "Literal" && typeof n.value === "string") s = n.value;
  else if (n.type === "TemplateLiteral") s = ((n.quasis as JsNode[])[0]!.value as { cooked: string }).cooked;
  return s !== null && /^(?:[a-z][a-z0-9+.-]*:)?\/\//i.test(s.trim());
}

/** JSX markup in a script (`return (<div …`, `<Component />`, `</div>`). */
function looksLikeJsx(text: string): boolean {
  return /(return|=>|=|\()\s*<[A-Za-z][\w.]*[\s>/]/.test(text) || /<\/[A-Za-z][\w.]*>/.test(text) || /<[A-Z][\w.]*\s*\/>/.test(text);
}

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
