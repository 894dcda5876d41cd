/**
 * @fileoverview FG656 legacy-password-hash-rehash: the project pins Werkzeug 3 (directly, or through
 * Flask 3), whose `generate_password_hash` default is scrypt, verifies passwords with
 * `check_password_hash`, the code shows that pbkdf2 hashes may be stored (a `pbkdf2:*` method is passed
 * somewhere, or every call relies on the default, which was pbkdf2 under Werkzeug 2), and no login path
 * rehashes the password after a successful check. Reported once per project, at the first check.
 */
import { eachNode } from "../../dataflow/routes.js";
import type { Call, Expr, Node } from "../../python/ast.js";
import { stringLiteral } from "../../semantic/constants.js";
import { createRule } from "../create-rule.js";
import { werkzeug3Pin, type DependencyText } from "../helpers/dependency-pins.js";
import { isTestPath } from "../helpers/test-code.js";
import type { FileView, ProjectView, RelatedSpec } from "../types.js";

type Ranged = Node & { start: number; end: number };

const GENERATE = new Set(["werkzeug.security.generate_password_hash", "werkzeug.generate_password_hash"]);
const CHECK = new Set(["werkzeug.security.check_password_hash", "werkzeug.check_password_hash"]);

/** Dependency files the engine was given (the engine loads them as text files). */
function dependencyTexts(project: ProjectView): DependencyText[] {
  return [...project.textFiles];
}

/** The source text of a node, whitespace removed (to compare password arguments). */
function textOf(file: FileView, node: Node | undefined): string | null {
  if (!node || !("start" in node)) return null;
  const r = node as Ranged;
  return file.text.slice(r.start, r.end).replace(/\s+/g, "");
}

/** Whether a call passes `arg` (an explicit method or password) — positional index or keyword. */
function argument(call: Call, index: number, keyword: string): Expr | undefined {
  return call.keywords.find((k) => k.arg === keyword)?.value ?? call.args[index];
}

function calleeName(call: Call): string | null {
  if (call.func.type === "Name") return call.func.id;
  if (call.func.type === "Attribute") return call.func.attr;
  return null;
}

interface FunctionCalls {
  file: FileView;
  calls: { call: Call; q: string | null }[];
  /** `user.password = password`: a property setter that hashes (position and assigned text). */
  attributeStores: { start: number; value: string | null }[];
  returnedChecks: boolean;
  name: string;
}

export default createRule({
  meta: {
    code: "FG656",
    name: "legacy-password-hash-rehash",
    category: "password-hashing",
    severity: "low",
    confidence: "low",
    summary: "Werkzeug 3 is pinned but legacy pbkdf2 password hashes are never rehashed on login",
    cwe: [916],
    fixable: "none",
    status: "preview",
    skipsTestFiles: true,
    references: [
      "https://werkzeug.palletsprojects.com/en/stable/changes/#version-3-0-0",
      "https://werkzeug.palletsprojects.com/en/stable/utils/#werkzeug.security.generate_password_hash",
      "https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#upgrading-legacy-hashes",
    ],
    messages: {
      explicit:
        "The project pins {{pin}} (scrypt is the `generate_password_hash` default since Werkzeug 3.0) but also stores `{{method}}` hashes, and no login path rehashes: those users keep the weaker hash for ever. After a successful `check_password_hash`, store `generate_password_hash(password)` (the current default)",
      default:
        "The project pins {{pin}} (scrypt is the `generate_password_hash` default since Werkzeug 3.0), but hashes stored under Werkzeug 2 are pbkdf2 and stay so, because no login path rehashes: after a successful `check_password_hash`, store `generate_password_hash(password)` when the stored hash does not start with `scrypt:`",
    },
    help: "Rehash on login: `check_password_hash` reads every Werkzeug scheme, so verify the password with it and, when it matches and the stored hash does not use the current scheme (`not user.password_hash.startswith(\"scrypt:\")`), store `generate_password_hash(password)` (or call `user.set_password(password)`) and commit. If the database never held hashes made by Werkzeug 2, ignore this finding.",
    defaultOptions: {},
    optionSpecs: {},
  },

  check(ctx) {
    // Cheapest first: a pin, then the Python code.
    const found = werkzeug3Pin(dependencyTexts(ctx.project));
    if (!found) return;

    const functions: FunctionCalls[] = [];
    const checks: { file: FileView; call: Call }[] = [];
    const generates: { file: FileView; call: Call; method: string | null; passed: boolean }[] = [];
    for (const file of ctx.project.files) {
      if (isTestPath(file.path)) continue;
      const resolved = new Map<Call, string | null>();
      eachNode(file.module, (n) => {
        if (n.type !== "Call") return;
        const q = file.semantic.resolveQualifiedName(n.func);
        resolved.set(n, q);
        if (q !== null && CHECK.has(q)) checks.push({ file, call: n });
        if (q !== null && GENERATE.has(q)) {
          const m = argument(n, 1, "method");
          generates.push({ file, call: n, method: stringLiteral(m)?.value ?? null, passed: m !== undefined });
        }
      });
      eachNode(file.module, (n) => {
        if (n.type !== "FunctionDef" && n.type !== "AsyncFunctionDef") return;
        const fn: FunctionCalls = { file, calls: [], attributeStores: [], returnedChecks: false, name: n.name };
        for (const stmt of n.body) {
          eachNode(stmt, (inner) => {
            if (inner.type === "Call") fn.calls.push({ call: inner, q: resolved.get(inner) ?? null });
            if (inner.type === "Assign" && inner.targets.some((t) => t.type === "Attribute" && /^_?password$/i.test(t.attr))) {
              fn.attributeStores.push({ start: inner.start, value: textOf(file, inner.value) });
            }
            if (inner.type === "Return" && inner.value) {
              eachNode(inner.value, (r) => {
                if (r.type === "Call" && CHECK.has(resolved.get(r) ?? "")) fn.returnedChecks = true;
              });
            }
          });
        }
        functions.push(fn);
      });
    }
    if (checks.length === 0) return;

    // Evidence that pbkdf2 hashes may be stored.
    const pbkdf2 = generates.find((g) => g.method?.startsWith("pbkdf2") === true);
    const allDefault = generates.length > 0 && generates.every((g) => !g.passed);
    if (!pbkdf2 && !allDefault) return;

    // Rehash on login: in one function, a check (direct, or through a wrapper such as
    // `User.check_password` that returns the check) followed by `generate_password_hash` or
    // `set_password` on the same password expression, or assigning it to a `password` property
    // (a setter that hashes, as in `user.password = password`).
    const wrappers = new Set(functions.filter((f) => f.returnedChecks).map((f) => f.name));
    const rehashes = functions.some((fn) => {
      const verifies = fn.calls.flatMap(({ call, q }) => {
        if (q !== null && CHECK.has(q)) return [{ call, password: textOf(fn.file, argument(call, 1, "password")) }];
        const name = calleeName(call);
        return name !== null && wrappers.has(name) ? [{ call, password: textOf(fn.file, call.args[0]) }] : [];
      });
      return verifies.some((v) =>
        fn.attributeStores.some((a) => a.start > v.call.start && (v.password === null || a.value === v.password)) ||
        fn.calls.some(({ call, q }) => {
          const stores = (q !== null && GENERATE.has(q)) || calleeName(call) === "set_password";
          if (!stores || call.start <= v.call.start) return false;
          const stored = textOf(fn.file, argument(call, 0, "password"));
          return v.password === null || stored === null || stored === v.password;
        }),
      );
    });
    if (rehashes) return;

    const first = checks[0]!;
    const { pin, via } = found;
    const related: RelatedSpec[] = [
      {
        file: pin.file,
        range: { start: pin.start, end: pin.end },
        message: via === "werkzeug" ? `Werkzeug pinned to \`${pin.written}\` here` : `Flask pinned to \`${pin.written}\` here (Flask 3 requires Werkzeug 3)`,
      },
    ];
    if (pbkdf2) related.push({ file: pbkdf2.file.path, node: pbkdf2.call, message: `\`${pbkdf2.method}\` hashes are made here` });
    ctx.report(first.file.path, {
      messageId: pbkdf2 ? "explicit" : "default",
      node: first.call,
      data: { pin: `${via === "werkzeug" ? "Werkzeug" : "Flask"} \`${pin.written}\``, method: pbkdf2?.method ?? "" },
      related,
    });
  },
});
