/**
 * @fileoverview FG655 mixed-password-hash-schemes: the project hashes passwords with more than one
 * scheme (e.g. Werkzeug's default scrypt in one place and `pbkdf2:sha256` or bcrypt in another), or with
 * a scheme other than the configured `password-hash-policy`. Reported once per project.
 */
import { eachNode } from "../../dataflow/routes.js";
import type { Call, Node } from "../../python/ast.js";
import { stringLiteral } from "../../semantic/constants.js";
import { createRule } from "../create-rule.js";
import { isTestPath } from "../helpers/test-code.js";
import type { FileView, RelatedSpec } from "../types.js";

interface SchemeUse {
  scheme: string;
  file: string;
  node: Node & { start: number; end: number };
}

/** The password hashing scheme a call uses, or null when it is not a password hashing call. */
function schemeOf(q: string | null, call: Call): string | null {
  if (q === "werkzeug.security.generate_password_hash" || q === "werkzeug.generate_password_hash") {
    const m = stringLiteral(call.keywords.find((k) => k.arg === "method")?.value ?? call.args[1])?.value;
    if (m === undefined) return call.keywords.some((k) => k.arg === "method") || call.args[1] ? null : "scrypt";
    const head = m.split(":")[0]!;
    return head === "pbkdf2" ? `pbkdf2:${m.split(":")[1] ?? "sha256"}` : head;
  }
  if (q === "bcrypt.hashpw" || q === "flask_bcrypt.generate_password_hash") return "bcrypt";
  if (q === "argon2.PasswordHasher.hash") return "argon2";
  if (q?.startsWith("passlib.hash.") && call.func.type === "Attribute" && (call.func.attr === "hash" || call.func.attr === "encrypt")) {
    const s = q.split(".")[2]!;
    return s.startsWith("pbkdf2_") ? `pbkdf2:${s.slice(7)}` : s.replace(/_crypt$/, "");
  }
  if (call.func.type === "Attribute" && call.func.attr === "generate_password_hash" && !q?.startsWith("werkzeug")) {
    // Flask-Bcrypt's `bcrypt.generate_password_hash(...)` on an extension instance.
    const head = call.func.value;
    if (head.type === "Name" && /bcrypt/i.test(head.id)) return "bcrypt";
  }
  return null;
}

/**
 * Whether `schemeOf` can match a call of `file`: each scheme's function or class is named in the
 * file (in its import, at least), or the file is part of passlib, whose modules import relatively.
 */
function mayHashPasswords(file: FileView): boolean {
  return ["generate_password_hash", "hashpw", "PasswordHasher", "passlib"].some((w) => file.text.includes(w)) || file.moduleName.startsWith("passlib");
}

const POLICY_NAMES: Record<string, string> = { scrypt: "scrypt", argon2: "argon2", "pbkdf2:sha256": "pbkdf2:sha256" };

export default createRule({
  meta: {
    code: "FG655",
    name: "mixed-password-hash-schemes",
    category: "password-hashing",
    severity: "low",
    confidence: "medium",
    summary: "Passwords are hashed with more than one scheme, or with a scheme other than the configured policy",
    cwe: [916],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    hints: ["generate_password_hash", "bcrypt", "argon2", "passlib"],
    references: [
      "https://werkzeug.palletsprojects.com/en/stable/utils/#werkzeug.security.generate_password_hash",
      "https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html#upgrading-legacy-hashes",
    ],
    messages: {
      mixed: "Passwords are hashed with {{count}} schemes ({{schemes}}): pick one, and rehash legacy hashes on the next successful login",
      policy: "Passwords are hashed with `{{scheme}}` but the project policy is `{{policy}}`",
    },
    help: "Hash every password with the one scheme of your policy (`generate_password_hash(password)` is scrypt on Werkzeug 3). To migrate, verify with `check_password_hash` (it reads every Werkzeug scheme) and, when the stored hash uses an old scheme, store `generate_password_hash(password)` right after a successful login.",
    defaultOptions: { policy: "" },
    optionSpecs: {
      policy: {
        type: "string",
        description: "Required scheme: `scrypt`, `argon2` or `pbkdf2:sha256`. The configuration's `password-hash-policy` sets it.",
      },
    },
  },

  check(ctx) {
    const uses: SchemeUse[] = [];
    for (const file of ctx.project.files) {
      if (isTestPath(file.path) || !mayHashPasswords(file)) continue;
      eachNode(file.module, (n) => {
        if (n.type !== "Call") return;
        const scheme = schemeOf(file.semantic.resolveQualifiedName(n.func), n);
        if (scheme) uses.push({ scheme, file: file.path, node: n });
      });
    }
    if (uses.length === 0) return;
    const policy = POLICY_NAMES[ctx.options.policy] ?? null;
    if (policy) {
      for (const u of uses) {
        if (u.scheme !== policy) ctx.report(u.file, { messageId: "policy", node: u.node, data: { scheme: u.scheme, policy } });
      }
      return;
    }
    const schemes = [...new Set(uses.map((u) => u.scheme))];
    if (schemes.length < 2) return;
    const first = uses[0]!;
    const related: RelatedSpec[] = schemes.slice(1).map((s) => {
      const u = uses.find((x) => x.scheme === s)!;
      return { file: u.file, node: u.node, message: `hashed with \`${s}\` here` };
    });
    ctx.report(first.file, {
      messageId: "mixed",
      node: first.node,
      data: { count: schemes.length, schemes: schemes.map((s) => `\`${s}\``).join(", ") },
      related,
    });
  },
});
