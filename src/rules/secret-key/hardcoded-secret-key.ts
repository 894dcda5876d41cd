/**
 * @fileoverview FG201 hardcoded-secret-key: Flask's `SECRET_KEY` (and the keys of extensions that
 * sign data the same way) written as a literal in the source, or read from the environment with a
 * literal fallback (also through f-strings, concatenation and constants imported from other
 * modules, evaluated by the project model), a key generated at import (`os.urandom(...)`, which
 * breaks sessions across workers), and `SECRET_KEY=` in `.flaskenv`/`.env`/`from_pyfile` files.
 * Known placeholder values are critical, keys shorter than 32 characters say so. Development and
 * testing configurations (inferred by the project model, or per `production-configs`) are not reported.
 */
import type { ClassDef, Expr, Node } from "../../python/ast.js";
import { stringLiteral } from "../../semantic/constants.js";
import { envRead } from "../../semantic/env.js";
import { createRule } from "../create-rule.js";
import { configPlaceOf } from "../helpers/config-context.js";
import { configCallWrites, configSubscriptKey } from "../helpers/config-writes.js";
import { appCertainty } from "../helpers/flask-app.js";
import { importOsFix } from "../helpers/import-edit.js";
import { isInTestCode, isTestPath } from "../helpers/test-code.js";
import { isWeakSecret } from "../helpers/weak-secrets.js";
import type { FixSpec, RelatedSpec } from "../types.js";
import { directWriteEnvironment, isNonProduction, sourceEnvironment } from "../helpers/config-environment.js";

/** Config keys that hold signing secrets. */
const SECRET_CONFIG_KEYS = ["SECRET_KEY", "WTF_CSRF_SECRET_KEY", "JWT_SECRET_KEY"];

/** What a secret-valued expression turned out to be. */
interface SecretValue {
  kind: "literal" | "fallback" | "random";
  /** The string literal holding the secret. */
  literal: Expr;
  value: string;
  /** The expression to replace with an environment read (the literal, or the whole `get(...)`/`or`). */
  replace: Expr;
  /** The environment variable consulted first, for fallbacks. */
  variable: string | null;
  /** Where the value is defined when that is another file (no fix then). */
  definedAt?: { file: string; node: { start: number; end: number } } | null;
  /** For random keys: the generating call (`os.urandom`). */
  callee?: string;
}

export default createRule({
  meta: {
    code: "FG201",
    name: "hardcoded-secret-key",
    category: "secret-key",
    severity: "high",
    confidence: "high",
    summary: "Flask SECRET_KEY is a literal in the source code (or a literal fallback of an environment read)",
    cwe: [798, 321],
    fixable: "sometimes",
    status: "stable",
    skipsTestFiles: true,
    hints: (options) => ["secret", ...options.extraConfigKeys],
    references: [
      "https://flask.palletsprojects.com/en/stable/config/#SECRET_KEY",
      "https://owasp.org/Top10/A07_2021-Identification_and_Authentication_Failures/",
      "https://cwe.mitre.org/data/definitions/798.html",
    ],
    bandit: ["B105"],
    requires: { modules: ["flask"], scope: "project" },
    messages: {
      literal:
        "`{{key}}` is a hardcoded string: anyone who can read this code can forge session cookies and other data Flask signs with it",
      weak: "`{{key}}` is the well-known placeholder \"{{value}}\": anyone can forge session cookies and other data Flask signs with it",
      fallback:
        "`{{key}}` falls back to a hardcoded string when `{{variable}}` is not set, so a misconfigured deployment silently signs sessions with a key from the source code",
      weakFallback:
        "`{{key}}` falls back to the well-known placeholder \"{{value}}\" when `{{variable}}` is not set, so a misconfigured deployment signs sessions with a public key",
      short:
        "`{{key}}` is a hardcoded string of only {{length}} characters: anyone who can read this code can forge session cookies, and a key this short is also guessable",
      random:
        "`{{key}}` is generated with `{{callee}}(...)` when the module is imported: every worker process and every restart gets a different key, so sessions and CSRF tokens randomly fail",
      envFile:
        "`{{key}}` is set to a literal in `{{file}}`: a committed key is public, and anyone who can read the repository can forge session cookies",
    },
    help: "Read the key from the environment or a secrets manager without a default (e.g. `os.environ[\"SECRET_KEY\"]`), generate it with `python -c \"import secrets; print(secrets.token_hex(32))\"`, and rotate any key that was committed.",
    defaultOptions: { extraConfigKeys: [] as string[], extraWeakValues: [] as string[] },
    optionSpecs: {
      extraConfigKeys: {
        type: "string[]",
        description: "More config keys holding signing secrets, e.g. `[\"SECURITY_PASSWORD_SALT\"]`.",
      },
      extraWeakValues: {
        type: "string[]",
        description: "More values to treat as known-weak (critical), e.g. a placeholder used in your templates.",
      },
    },
  },

  create(ctx) {
    const model = ctx.semantic;
    if (isTestPath(ctx.file.path)) return {};
    const secretKeys = new Set([...SECRET_CONFIG_KEYS, ...ctx.options.extraConfigKeys]);
    const reported = new Set<number>();

    /** Classifies the value written to a secret key (following one name to its assignment). */
    const classify = (expr: Expr, depth = 0): SecretValue | null =>
      classifySyntax(expr, depth) ?? (depth === 0 ? classifyByModel(expr) : null);

    const classifySyntax = (expr: Expr, depth: number): SecretValue | null => {
      const lit = stringLiteral(expr);
      if (lit) {
        return lit.value.length === 0 ? null : { kind: "literal", literal: expr, value: lit.value, replace: expr, variable: null };
      }
      const env = envRead(model, expr);
      if (env) {
        const fb = stringLiteral(env.fallback);
        if (!env.fallback || !fb || fb.value.length === 0) return null;
        return { kind: "fallback", literal: env.fallback, value: fb.value, replace: expr, variable: env.variable };
      }
      if (expr.type === "BoolOp" && expr.op === "Or") {
        const last = expr.values[expr.values.length - 1]!;
        const fb = stringLiteral(last);
        if (!fb || fb.value.length === 0) return null;
        const first = envRead(model, expr.values[0]!);
        return { kind: "fallback", literal: last, value: fb.value, replace: expr, variable: first?.variable ?? null };
      }
      if (expr.type === "Name" && depth === 0) {
        const value = model.resolveValue(expr);
        if (value && value !== expr) {
          const inner = classify(value, depth + 1);
          // Only report literals bound to a plain name at their definition; the fix edits it there.
          if (inner) return inner;
        }
      }
      return null;
    };

    /** Evaluates with the project model: f-strings, concatenation, imported constants, `os.urandom(...)`. */
    const classifyByModel = (expr: Expr): SecretValue | null => {
      const v = ctx.project.flask.evaluate(ctx.file, expr);
      const place = (origin: { file: string; node: object }) => {
        const here = origin.file === ctx.file.path && "start" in origin.node;
        return {
          literal: here ? (origin.node as Expr) : expr,
          definedAt: here ? null : { file: origin.file, node: origin.node as { start: number; end: number } },
        };
      };
      if (v.kind === "random") return { kind: "random", literal: expr, value: "", replace: expr, variable: null, callee: v.callee };
      if (v.kind === "str" && v.value.length > 0) {
        const p = place(v.origin);
        return { kind: "literal", literal: p.literal, value: v.value, replace: p.literal, variable: null, definedAt: p.definedAt };
      }
      if (v.kind === "env" && v.fallback?.kind === "str" && v.fallback.value.length > 0) {
        const p = place(v.fallback.origin);
        return { kind: "fallback", literal: p.literal, value: v.fallback.value, replace: expr, variable: v.variable, definedAt: p.definedAt };
      }
      return null;
    };

    const fixFor = (secret: SecretValue, key: string): FixSpec | null => {
      if (secret.kind === "random" || secret.definedAt) return null;
      const variable = secret.variable ?? (/^[A-Z_][A-Z0-9_]*$/.test(key) ? key : "SECRET_KEY");
      return importOsFix(model, ctx.file.text, secret.replace, (os) => `${os}.environ[${JSON.stringify(variable)}]`, {
        title: `Read \`${variable}\` from the environment with no fallback`,
        applicability: "unsafe",
      });
    };

    const reportedRanges: { start: number; end: number }[] = [];
    const reportSecret = (secret: SecretValue, key: string, site: Node | null): void => {
      if (reported.has(secret.literal.start)) return;
      // An environment read inside an already reported value (`f"{os.getenv('P', 'x')}-key"`) is the same finding.
      if (site === null && reportedRanges.some((r) => r.start <= secret.replace.start && secret.replace.end <= r.end)) return;
      reportedRanges.push({ start: Math.min(secret.replace.start, secret.literal.start), end: Math.max(secret.replace.end, secret.literal.end) });
      if (isInTestCode(ctx.ancestors(), model)) return;
      reported.add(secret.literal.start);
      const weak = secret.kind !== "random" && isWeakSecret(secret.value, ctx.options.extraWeakValues);
      const short = secret.kind === "literal" && !weak && secret.value.length < 32;
      const messageId =
        secret.kind === "random" ? "random" : secret.kind === "literal" ? (weak ? "weak" : short ? "short" : "literal") : weak ? "weakFallback" : "fallback";
      const related: RelatedSpec[] =
        site && (site as { start: number }).start !== secret.literal.start &&
        !(secret.literal.start >= (site as { start: number }).start && secret.literal.end <= (site as { end: number }).end)
          ? [{ node: site as { start: number; end: number }, message: `used as \`${key}\` here` }]
          : [];
      if (secret.definedAt) related.push({ file: secret.definedAt.file, node: secret.definedAt.node, message: "the value is defined here" });
      ctx.report({
        messageId,
        data: {
          key,
          value: weak ? secret.value : "",
          variable: secret.variable ?? "the environment variable",
          length: secret.value.length,
          callee: secret.callee ?? "",
        },
        node: secret.literal,
        related,
        severity: weak ? "critical" : secret.kind === "random" ? "medium" : "high",
        fix: fixFor(secret, key),
      });
    };

    const checkWrite = (key: string, value: Expr | null, site: Node, direct = true): void => {
      if (!value) return;
      if (direct) {
        const env = directWriteEnvironment(ctx.project, ctx.file, site as { start: number; end: number });
        if (env && isNonProduction(env.environment)) return;
      }
      const secret = classify(value);
      if (secret) reportSecret(secret, key, site);
    };

    const checkTargets = (targets: readonly Expr[], value: Expr | null, stmt: Node): void => {
      for (const target of targets) {
        if (target.type === "Attribute" && target.attr === "secret_key") {
          if (appCertainty(model, target.value) !== null) checkWrite(ctx.sourceText(target), value, stmt);
        } else if (target.type === "Subscript") {
          const k = configSubscriptKey(model, target);
          if (k && secretKeys.has(k.key)) checkWrite(k.key, value, stmt);
        } else if (target.type === "Name" && secretKeys.has(target.id)) {
          const ancestors = ctx.ancestors() as Node[];
          const place = configPlaceOf(ancestors, ctx.file, ctx.project, ctx.settings);
          if (!place) continue;
          const cls = [...ancestors].reverse().find((n): n is ClassDef => n.type === "ClassDef");
          const env = sourceEnvironment(ctx.project, cls ?? ctx.file.module)?.environment ?? place.environment;
          if (isNonProduction(env)) continue;
          checkWrite(target.id, value, stmt, false);
        }
      }
    };

    return {
      Assign(node) {
        checkTargets(node.targets, node.value, node);
      },
      AnnAssign(node) {
        checkTargets([node.target], node.value, node);
      },
      Call(node) {
        for (const write of configCallWrites(model, node)) {
          if (secretKeys.has(write.key)) checkWrite(write.key, write.value, node);
        }
        // An environment read of a secret with a literal fallback, wherever it is.
        const env = envRead(model, node);
        if (!env || env.variable === null || !/SECRET/i.test(env.variable)) return;
        const secret = classify(node);
        if (secret) reportSecret(secret, env.variable, null);
      },
    };
  },

  check(ctx) {
    const keys = new Set([...SECRET_CONFIG_KEYS, ...ctx.options.extraConfigKeys]);
    const report = (file: string, key: string, node: { start: number; end: number }, value: string): void => {
      const weak = isWeakSecret(value, ctx.options.extraWeakValues);
      ctx.report(file, {
        messageId: weak ? "weak" : "envFile",
        data: { key, value, file: file.split("/").pop() ?? file },
        node,
        severity: weak ? "critical" : "high",
      });
    };
    // `.flaskenv` / `.env`: `SECRET_KEY=...` or `FLASK_SECRET_KEY=...` (read by `from_prefixed_env`).
    for (const envFile of ctx.project.flask.envFiles) {
      for (const entry of envFile.entries) {
        const key = entry.key.replace(/^FLASK_/, "");
        if (!keys.has(key) || entry.value.trim().length === 0) continue;
        report(envFile.path, entry.key, entry.at.node, entry.value);
      }
    }
    // Files loaded with `from_pyfile` that are not Python modules (`settings.cfg`).
    for (const source of ctx.project.flask.configSources) {
      if (source.kind !== "file" || isNonProduction(source.environment.environment)) continue;
      for (const w of source.ownSettings) {
        if (keys.has(w.key) && w.value.kind === "str" && w.value.value.length > 0) report(source.file, w.key, w.at.node, w.value.value);
      }
    }
  },
});
