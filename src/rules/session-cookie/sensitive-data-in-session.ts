/**
 * @fileoverview FG406 sensitive-data-in-session: a password, token, API key, card number, SSN or
 * similar secret written into Flask's `session` (`session["password"] = ...`,
 * `session.update(token=...)`, `session.setdefault("api_key", ...)`, or any key given a value
 * named like a secret) while the app keeps its session client-side — Flask's default signed cookie,
 * readable by anyone who holds it. Not reported when a server-side session is configured
 * (Flask-Session attached, or a custom `session_interface`).
 */
import type { Expr } from "../../python/ast.js";
import { forEachNode } from "../../semantic/walk.js";
import { createRule } from "../create-rule.js";
import { mayBeAttached } from "../helpers/csrf-protection.js";
import { isTestPath } from "../helpers/test-code.js";
import type { FileView, ProjectView, Ranged } from "../types.js";

const SESSION = ["flask.session", "flask.globals.session"];

/** Words that make a key or variable name sensitive (matched on its words). */
const SENSITIVE_WORDS: readonly [RegExp, string][] = [
  [/^(password|passwd|passwort|pwd|passphrase|pass)$/, "a password"],
  [/^(secret|secrets|privatekey)$/, "a secret"],
  [/^(token|tokens|accesstoken|refreshtoken|bearer|jwt|oauthtoken|idtoken)$/, "a token"],
  [/^(apikey|apisecret|accesskey|secretkey|clientsecret)$/, "an API key"],
  [/^(cardnumber|creditcard|ccnumber|cvv|cvc|cvv2|iban)$/, "payment card data"],
  [/^(ssn|socialsecurity|nationalid|taxid)$/, "a national identity number"],
];
/** Keys that hold data meant to be in the session (Flask-WTF's CSRF token, OAuth state, nonces). */
const HARMLESS = /csrf|xsrf|nonce|state|expir|type|timestamp|count|length|url|next|name|hint|reset_sent|sent|_at$|_id$/i;

/** Words of an identifier: `apiKey` / `api_key` / `API-KEY` → `api`, `key`, plus joined pairs (`apikey`). */
function words(name: string): string[] {
  const parts = name.replace(/([a-z0-9])([A-Z])/g, "$1 $2").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  const out = [...parts];
  for (let i = 0; i + 1 < parts.length; i++) out.push(parts[i]! + parts[i + 1]!);
  return out;
}

/** What kind of secret a name denotes (`"a password"`), or null. */
export function sensitiveKind(name: string): string | null {
  if (HARMLESS.test(name)) return null;
  const ws = words(name);
  for (const [re, what] of SENSITIVE_WORDS) if (ws.some((w) => re.test(w))) return what;
  return null;
}

/** Whether the project keeps sessions on the server (Flask-Session attached, or a custom `session_interface`). */
function serverSideSession(project: ProjectView): boolean {
  if (project.flask.extensions.some((e) => e.kind === "Session" && (e.attachments.length > 0 || mayBeAttached(project, e)))) return true;
  return project.files.some((f) => f.text.includes("session_interface") && /\.session_interface\s*=/.test(f.text));
}

export default createRule({
  meta: {
    code: "FG406",
    name: "sensitive-data-in-session",
    category: "session-cookie",
    severity: "medium",
    confidence: "medium",
    summary: "A password, token, key or card number is stored in Flask's client-side session cookie",
    cwe: [315, 312],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    hints: ["session"],
    references: [
      "https://flask.palletsprojects.com/en/stable/quickstart/#sessions",
      "https://flask.palletsprojects.com/en/stable/api/#flask.sessions.SecureCookieSessionInterface",
      "https://cwe.mitre.org/data/definitions/315.html",
    ],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      stored:
        "`{{text}}` puts {{what}} into Flask's session, which is stored in the browser: the cookie is signed but not encrypted, so anyone who gets hold of it (the user, a browser extension, a proxy log) can read the value",
    },
    help: "Keep secrets on the server: store only an identifier in the session and the data in the database, or configure a server-side session (Flask-Session with Redis) so the cookie holds just a session id.",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    const project = ctx.project;
    if (serverSideSession(project)) return;
    for (const file of project.files) {
      if (isTestPath(file.path) || !file.text.includes("session")) continue;
      scan(file);
    }

    function isSession(file: FileView, expr: Expr): boolean {
      return file.semantic.matchesQualifiedName(expr, SESSION);
    }

    /** The kind of secret a written value or key denotes: the key's words, else the value's name. */
    function classify(file: FileView, key: Expr | null, value: Expr | null): string | null {
      if (key) {
        const k = project.flask.evaluate(file, key);
        if (k.kind === "str") {
          const kind = sensitiveKind(k.value);
          if (kind) return kind;
          if (HARMLESS.test(k.value)) return null;
        }
      }
      // `token`, `form.password.data`, `request.form["password"]`: the names along the value's chain.
      for (let e: Expr | null = value; e; ) {
        if (e.type === "Name") return sensitiveKind(e.id);
        if (e.type === "Attribute") {
          const kind = sensitiveKind(e.attr);
          if (kind) return kind;
          e = e.value;
        } else if (e.type === "Subscript") {
          const k = project.flask.evaluate(file, e.slice);
          const kind = k.kind === "str" ? sensitiveKind(k.value) : null;
          if (kind) return kind;
          e = e.value;
        } else if (e.type === "Call" && e.func.type === "Attribute" && e.func.attr === "get") {
          const k = e.args[0] ? project.flask.evaluate(file, e.args[0]) : null;
          return k?.kind === "str" ? sensitiveKind(k.value) : null;
        } else return null;
      }
      return null;
    }

    function scan(file: FileView): void {
      const report = (node: Ranged, what: string): void => {
        const text = file.text.slice(node.start, node.end).split("\n")[0]!;
        ctx.report(file.path, { messageId: "stored", data: { text: text.length > 80 ? `${text.slice(0, 77)}...` : text, what }, node });
      };
      forEachNode(file.module, (n) => {
        if (n.type === "Assign") {
          for (const t of n.targets) {
            if (t.type === "Subscript" && isSession(file, t.value)) {
              const what = classify(file, t.slice, n.value);
              if (what) report(n, what);
            }
          }
        } else if (n.type === "Call" && n.func.type === "Attribute" && isSession(file, n.func.value)) {
          if (n.func.attr === "update") {
            for (const kw of n.keywords) {
              if (!kw.arg) continue;
              const what = sensitiveKind(kw.arg) ?? classify(file, null, kw.value);
              if (what) report(kw, what);
            }
            const dict = n.args[0];
            if (dict?.type === "Dict") {
              dict.keys.forEach((k, i) => {
                const what = classify(file, k, dict.values[i]!);
                if (what && k) report(k, what);
              });
            }
          } else if (n.func.attr === "setdefault" && n.args.length >= 2) {
            const what = classify(file, n.args[0]!, n.args[1]!);
            if (what) report(n, what);
          }
        }
        return undefined;
      });
    }
  },
});
