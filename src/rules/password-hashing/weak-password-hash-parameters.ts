/**
 * @fileoverview FG651 weak-password-hash-parameters: password hashers configured below the OWASP
 * minimums — Werkzeug `generate_password_hash(method=...)` with a plain digest, `pbkdf2:sha1` or too few
 * iterations, bcrypt with fewer than 12 rounds (`gensalt`, Flask-Bcrypt, `BCRYPT_LOG_ROUNDS`), argon2
 * `PasswordHasher` below the OWASP memory/time table, passlib weak schemes and low rounds.
 */
import type { Call, Expr } from "../../python/ast.js";
import { stringLiteral } from "../../semantic/constants.js";
import { createRule } from "../create-rule.js";
import { isTestPath } from "../helpers/test-code.js";

const WERKZEUG_HASH = ["werkzeug.security.generate_password_hash", "werkzeug.generate_password_hash"];
const BCRYPT_HASH = ["flask_bcrypt.generate_password_hash", "flask_bcrypt.Bcrypt.generate_password_hash"];
const PASSLIB_WEAK = new Set([
  "md5_crypt", "des_crypt", "bsdi_crypt", "bigcrypt", "crypt16", "apr_md5_crypt", "ldap_md5", "ldap_sha1", "ldap_salted_md5",
  "ldap_salted_sha1", "ldap_plaintext", "plaintext", "hex_md5", "hex_sha1", "hex_sha256", "hex_sha512", "mysql323", "mysql41",
  "postgres_md5", "oracle10", "oracle11", "msdcc", "msdcc2", "nthash", "lmhash", "sun_md5_crypt", "django_salted_md5",
  "django_salted_sha1", "django_des_crypt", "roundup_plaintext", "htdigest", "cisco_pix", "cisco_asa", "cisco_type7",
]);
/** OWASP minimum iterations of PBKDF2 per digest. */
const PBKDF2_MIN: Record<string, number> = { sha256: 600_000, sha512: 210_000, sha1: 1_300_000 };
/** OWASP argon2id configurations (memory KiB, iterations); any one of them is acceptable. */
const ARGON2_MIN: readonly [number, number][] = [[47104, 1], [19456, 2], [12288, 3], [9216, 4], [7168, 5]];

function numberValue(e: Expr | null | undefined): number | null {
  if (!e) return null;
  if (e.type === "Constant" && typeof e.value === "number") return e.value;
  if (e.type === "BinOp" && e.op === "Pow") {
    const a = numberValue(e.left);
    const b = numberValue(e.right);
    return a !== null && b !== null ? a ** b : null;
  }
  if (e.type === "BinOp" && e.op === "Mult") {
    const a = numberValue(e.left);
    const b = numberValue(e.right);
    return a !== null && b !== null ? a * b : null;
  }
  return null;
}

function kw(call: Call, name: string): Expr | undefined {
  return call.keywords.find((k) => k.arg === name)?.value;
}

/** Why a Werkzeug `method` string is weak, or null. */
export function weakWerkzeugMethod(method: string): { id: "weak" | "cost"; detail: string } | null {
  const parts = method.split(":");
  const head = parts[0]!.toLowerCase();
  if (head === "scrypt") {
    const n = parts[1] ? Number(parts[1]) : 32768;
    return Number.isFinite(n) && n < 16384 ? { id: "cost", detail: `scrypt with N=${n} (use at least 32768, Werkzeug's default)` } : null;
  }
  if (head === "pbkdf2") {
    const digest = (parts[1] ?? "sha256").toLowerCase();
    if (digest === "sha1" || digest === "md5") return { id: "weak", detail: `PBKDF2 over ${digest}` };
    const iterations = parts[2] ? Number(parts[2]) : null;
    const min = PBKDF2_MIN[digest] ?? 600_000;
    if (iterations !== null && Number.isFinite(iterations) && iterations < min) {
      return { id: "cost", detail: `pbkdf2:${digest} with ${iterations} iterations (OWASP: at least ${min})` };
    }
    return null;
  }
  if (head === "argon2") return null;
  return { id: "weak", detail: head === "plain" ? "no hashing at all (`plain`)" : `a single fast \`${head}\` digest` };
}

export default createRule({
  meta: {
    code: "FG651",
    name: "weak-password-hash-parameters",
    category: "password-hashing",
    severity: "high",
    confidence: "high",
    summary: "A password hasher is configured with a weak method or too little work (iterations, rounds, memory)",
    cwe: [916],
    fixable: "none",
    status: "stable",
    skipsTestFiles: true,
    hints: ["generate_password_hash", "bcrypt", "argon2", "passlib"],
    references: [
      "https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html",
      "https://werkzeug.palletsprojects.com/en/stable/utils/#werkzeug.security.generate_password_hash",
      "https://cwe.mitre.org/data/definitions/916.html",
    ],
    messages: {
      weak: "`{{call}}` hashes passwords with {{detail}}: this is not a password hash, stolen hashes are cracked quickly",
      cost: "`{{call}}` uses {{detail}}: below the OWASP minimum work factor, stolen hashes are cracked faster than necessary",
    },
    help: "Use Werkzeug's default (`generate_password_hash(password)`, scrypt), argon2 with its defaults, bcrypt with at least 12 rounds, or PBKDF2-SHA256 with at least 600,000 iterations.",
    defaultOptions: {},
    optionSpecs: {},
  },

  create(ctx) {
    if (isTestPath(ctx.file.path)) return {};
    const model = ctx.semantic;
    const report = (node: { start: number; end: number }, id: "weak" | "cost", call: string, detail: string): void => {
      ctx.report({ messageId: id, node, data: { call, detail } });
    };
    return {
      Call(node) {
        const q = model.resolveQualifiedName(node.func);
        const method = node.func.type === "Attribute" ? node.func.attr : null;
        if (q && WERKZEUG_HASH.includes(q)) {
          const m = kw(node, "method") ?? node.args[1];
          const value = stringLiteral(m)?.value;
          const weak = value !== undefined && m ? weakWerkzeugMethod(value) : null;
          if (weak && m) report(m, weak.id, "generate_password_hash", weak.detail);
          return;
        }
        if ((q && BCRYPT_HASH.includes(q)) || (method === "generate_password_hash" && !q?.startsWith("werkzeug"))) {
          const r = kw(node, "rounds") ?? node.args[1];
          const n = numberValue(r);
          if (r && n !== null && n < 12) report(r, "cost", "generate_password_hash", `bcrypt with ${n} rounds (use at least 12)`);
          return;
        }
        if (q === "bcrypt.gensalt") {
          const r = kw(node, "rounds") ?? node.args[0];
          const n = numberValue(r);
          if (r && n !== null && n < 12) report(r, "cost", "bcrypt.gensalt", `${n} rounds (use at least 12)`);
          return;
        }
        if (q === "argon2.PasswordHasher" || q === "argon2.low_level.hash_secret") {
          const t = numberValue(kw(node, "time_cost")) ?? 3;
          const m = numberValue(kw(node, "memory_cost")) ?? 65536;
          if (!ARGON2_MIN.some(([mm, tt]) => m >= mm && t >= tt)) {
            report(node, "cost", "PasswordHasher", `argon2 with memory_cost=${m} KiB and time_cost=${t} (OWASP: e.g. 19456 KiB and 2 iterations)`);
          }
          return;
        }
        if (q === "passlib.context.CryptContext" || q === "passlib.apps.CryptContext") {
          const schemes = kw(node, "schemes") ?? node.args[0];
          if (schemes && (schemes.type === "List" || schemes.type === "Tuple")) {
            const deprecated = kw(node, "deprecated");
            const first = stringLiteral(schemes.elts[0])?.value;
            // Weak schemes listed after a strong default and deprecated are the legacy-migration pattern.
            if (first && PASSLIB_WEAK.has(first)) report(schemes.elts[0]!, "weak", "CryptContext", `the \`${first}\` scheme`);
            else if (!deprecated) {
              for (const e of schemes.elts.slice(1)) {
                const s = stringLiteral(e)?.value;
                if (s && PASSLIB_WEAK.has(s)) report(e, "weak", "CryptContext", `the \`${s}\` scheme (not deprecated)`);
              }
            }
          }
          return;
        }
        if (q?.startsWith("passlib.hash.")) {
          const scheme = q.split(".")[2]!;
          if (PASSLIB_WEAK.has(scheme) && (method === "hash" || method === "encrypt")) {
            report(node.func, "weak", `${scheme}.${method}`, `the \`${scheme}\` scheme`);
          } else if (method === "using") {
            const r = numberValue(kw(node, "rounds"));
            const min = scheme === "bcrypt" ? 12 : scheme === "pbkdf2_sha256" ? 600_000 : scheme === "pbkdf2_sha512" ? 210_000 : 0;
            if (r !== null && r < min) report(kw(node, "rounds")!, "cost", `${scheme}.using`, `${r} rounds (OWASP: at least ${min})`);
          }
        }
      },
      Assign(node) {
        // BCRYPT_LOG_ROUNDS = 4 in a config class / module, or app.config["BCRYPT_LOG_ROUNDS"] = 4.
        for (const t of node.targets) {
          const key = t.type === "Name" ? t.id : t.type === "Subscript" ? stringLiteral(t.slice)?.value : undefined;
          if (key !== "BCRYPT_LOG_ROUNDS") continue;
          const n = numberValue(node.value);
          const inTest = ctx.ancestors().some((a) => a.type === "ClassDef" && /test/i.test(a.name));
          if (n !== null && n < 12 && !inTest) report(node.value, "cost", "BCRYPT_LOG_ROUNDS", `${n} bcrypt rounds (use at least 12)`);
        }
      },
    };
  },
});
