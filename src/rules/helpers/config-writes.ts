/**
 * @fileoverview Finds single-file writes of a Flask config key, in every syntactic form a rule cares
 * about, so each config rule does not re-implement them:
 * `app.config["K"] = v`, `app.config.update(K=v)`, `app.config.update({"K": v})`,
 * `app.config.update(dict(K=v))`, `app.config.from_mapping(K=v)`, `app.config.setdefault("K", v)`,
 * and `K = v` in a config class body or config module.
 */
import type { Call, Expr, Keyword, Node } from "../../python/ast.js";
import type { SemanticModel } from "../../semantic/model.js";
import { stringLiteral } from "../../semantic/constants.js";
import { appConfigCertainty, type AppCertainty } from "./flask-app.js";

/** One write found in a call such as `app.config.update(...)`. */
export interface ConfigCallWrite {
  key: string;
  value: Expr;
  /** The node to report: the keyword (`DEBUG=True`), the dict entry key, or the call argument. */
  reportStart: number;
  reportEnd: number;
  certainty: AppCertainty;
  form: "update" | "from_mapping" | "setdefault";
}

const MAPPING_METHODS = new Set(["update", "from_mapping"]);

/**
 * The config keys written by a call on an app's config:
 * `app.config.update(DEBUG=True, SECRET_KEY="x")` → two writes. Returns [] for other calls.
 */
export function configCallWrites(model: SemanticModel, call: Call): ConfigCallWrite[] {
  if (call.func.type !== "Attribute") return [];
  const method = call.func.attr;
  if (!MAPPING_METHODS.has(method) && method !== "setdefault") return [];
  const certainty = appConfigCertainty(model, call.func.value);
  if (certainty === null) return [];
  const writes: ConfigCallWrite[] = [];
  if (method === "setdefault") {
    const key = stringLiteral(call.args[0]);
    const value = call.args[1];
    if (key && value) {
      writes.push({ key: key.value, value, reportStart: call.args[0]!.start, reportEnd: value.end, certainty, form: "setdefault" });
    }
    return writes;
  }
  const form = method as "update" | "from_mapping";
  const fromKeywords = (keywords: readonly Keyword[]): void => {
    for (const kw of keywords) {
      if (kw.arg !== null) {
        writes.push({ key: kw.arg, value: kw.value, reportStart: kw.start, reportEnd: kw.end, certainty, form });
      }
    }
  };
  const fromMapping = (arg: Expr): void => {
    if (arg.type === "Dict") {
      arg.keys.forEach((k, i) => {
        const key = stringLiteral(k);
        const value = arg.values[i]!;
        if (k && key) writes.push({ key: key.value, value, reportStart: k.start, reportEnd: value.end, certainty, form });
      });
    } else if (arg.type === "Call" && model.resolveQualifiedName(arg.func) === "builtins.dict") {
      fromKeywords(arg.keywords);
      for (const inner of arg.args) fromMapping(inner);
    }
  };
  for (const arg of call.args) fromMapping(arg);
  fromKeywords(call.keywords);
  return writes;
}

/**
 * If `target` is `app.config["K"]` (an assignment target), returns the key and certainty.
 * `app.config["SECRET_KEY"] = ...` → `{ key: "SECRET_KEY", certainty: "resolved" }`.
 */
export function configSubscriptKey(
  model: SemanticModel,
  target: Node,
): { key: string; certainty: AppCertainty } | null {
  if (target.type !== "Subscript") return null;
  const key = stringLiteral(target.slice);
  if (!key) return null;
  const certainty = appConfigCertainty(model, target.value);
  return certainty === null ? null : { key: key.value, certainty };
}
