/**
 * @fileoverview FG201 hardcoded-secret-key: Flask's `SECRET_KEY` (and the keys of extensions that
 * sign data the same way) written as a literal in the source, or read from the environment with a
 * literal fallback. Known placeholder values are critical. Single-file forms; the project model
 * (issue 4) adds cross-file provenance.
 */
import type { Expr, Node } from "../../python/ast.js";
import { stringLiteral } from "../../semantic/constants.js";
import { envRead } from "../../semantic/env.js";
import { createRule } from "../create-rule.js";
import { configPlaceOf } from "../helpers/config-context.js";
import { configCallWrites, configSubscriptKey } from "../helpers/config-writes.js";
import { appCertainty } from "../helpers/flask-app.js";
import { importOsFix } from "../helpers/import-edit.js";
import { isInTestCode, isTestPath } from "../helpers/test-code.js";
import { isWeakSecret } from "../helpers/weak-secrets.js";
import type { FixSpec } from "../types.js";

/** Config keys that hold signing secrets. */
const SECRET_CONFIG_KEYS = ["SECRET_KEY", "WTF_CSRF_SECRET_KEY", "JWT_SECRET_KEY"];

/** What a secret-valued expression turned out to be. */
interface SecretValue {
  kind: "literal" | "fallback";
  /** The string literal holding the secret. */
  literal: Expr;
  value: string;
  /** The expression to replace with an environment read (the literal, or the whole `get(...)`/`or`). */
  replace: Expr;
  /** The environment variable consulted first, for fallbacks. */
  variable: string | null;
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
    const classify = (expr: Expr, depth = 0): SecretValue | null => {
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
          return inner;
        }
      }
      return null;
    };

    const fixFor = (secret: SecretValue, key: string): FixSpec | null => {
      const variable = secret.variable ?? (/^[A-Z_][A-Z0-9_]*$/.test(key) ? key : "SECRET_KEY");
      return importOsFix(model, ctx.file.text, secret.replace, (os) => `${os}.environ[${JSON.stringify(variable)}]`, {
        title: `Read \`${variable}\` from the environment with no fallback`,
        applicability: "unsafe",
      });
    };

    const reportSecret = (secret: SecretValue, key: string, site: Node | null): void => {
      if (reported.has(secret.literal.start)) return;
      if (isInTestCode(ctx.ancestors(), model)) return;
      reported.add(secret.literal.start);
      const weak = isWeakSecret(secret.value, ctx.options.extraWeakValues);
      const messageId = secret.kind === "literal" ? (weak ? "weak" : "literal") : weak ? "weakFallback" : "fallback";
      const related =
        site && (site as { start: number }).start !== secret.literal.start &&
        !(secret.literal.start >= (site as { start: number }).start && secret.literal.end <= (site as { end: number }).end)
          ? [{ node: site as { start: number; end: number }, message: `used as \`${key}\` here` }]
          : [];
      ctx.report({
        messageId,
        data: { key, value: weak ? secret.value : "", variable: secret.variable ?? "the environment variable" },
        node: secret.literal,
        related,
        severity: weak ? "critical" : "high",
        fix: fixFor(secret, key),
      });
    };

    const checkWrite = (key: string, value: Expr | null, site: Node): void => {
      if (!value) return;
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
          const place = configPlaceOf(ctx.ancestors() as Node[], ctx.file, ctx.project, ctx.settings);
          if (!place || place.environment === "development" || place.environment === "testing") continue;
          checkWrite(target.id, value, stmt);
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
});
