/**
 * @fileoverview Constant evaluation with provenance: turns an expression into a {@link Value} —
 * strings, numbers, booleans, None, tuples/lists/sets/dicts, concatenation, f-strings,
 * `timedelta(...)`, `int(...)`/`float(...)`/`str(...)`, string methods, comparisons — following
 * names to their assignments, and, through a resolver the project layer supplies, to constants
 * defined in other modules. Environment reads (`os.environ["X"]`, `os.environ.get("X", d)`,
 * `os.getenv`, `environ.get` via aliases, `decouple.config`) become an `env` value whose
 * `fallback` is itself evaluated, and operations over an env value are applied to its fallback,
 * so `int(os.environ.get("LIFETIME", "3600"))` is "env LIFETIME, else 3600" and
 * `os.environ.get("SECRET_KEY") or "dev"` is "env SECRET_KEY, else 'dev'". Every value records the
 * expression (and file) it came from.
 *
 * Example: given `SECRET = os.getenv("SECRET_KEY", "dev")` and `app.secret_key = SECRET`,
 * `evaluate(<SECRET>, ctx)` →
 * `{ kind: "env", variable: "SECRET_KEY", form: "get", fallback: { kind: "str", value: "dev", … }, … }`.
 */
import { PyFloat, type Call, type ClassDef, type Expr, type Keyword, type Name, type Node } from "../python/ast.js";
import { envRead } from "./env.js";
import type { SemanticModel } from "./model.js";

/** Where a value came from: the file (POSIX path, "" when unknown) and the expression. */
export interface Origin {
  file: string;
  node: Node;
}

interface ValueBase {
  origin: Origin;
}

/** `"abc"` (or `b"abc"`, with `bytes: true`; bytes are latin-1 text). */
export interface StrValue extends ValueBase {
  kind: "str";
  value: string;
  bytes: boolean;
}
/** An int or a float (`float: true`). Big ints are approximated. */
export interface NumberValue extends ValueBase {
  kind: "number";
  value: number;
  float: boolean;
}
/** `True` / `False`. */
export interface BoolValue extends ValueBase {
  kind: "bool";
  value: boolean;
}
/** `None`. */
export interface NoneValue extends ValueBase {
  kind: "none";
}
/** A tuple, list or set display (or `list(...)`/`tuple(...)`/`set(...)` of one). */
export interface SequenceValue extends ValueBase {
  kind: "tuple" | "list" | "set";
  items: Value[];
}
/** A dict display or `dict(...)`; `**spread` entries that cannot be evaluated make the dict unknown. */
export interface DictValue extends ValueBase {
  kind: "dict";
  entries: { key: Value; value: Value }[];
}
/** `timedelta(days=1)` → `{ kind: "timedelta", seconds: 86400 }`. */
export interface TimedeltaValue extends ValueBase {
  kind: "timedelta";
  seconds: number;
}
/**
 * A value read from the environment at run time. `fallback` is what it is when the variable is
 * unset: the evaluated default, `None` for `.get("X")`, or null when the read raises (`os.environ["X"]`).
 * `transforms` lists what was applied on top of the read (`int`, `.lower()`, `==`, ...), for display.
 */
export interface EnvValue extends ValueBase {
  kind: "env";
  variable: string | null;
  form: "subscript" | "get" | "setdefault" | "config";
  fallback: Value | null;
  transforms: string[];
}
/** A fresh random value computed when the code runs: `os.urandom(24)`, `secrets.token_hex()`, `uuid.uuid4()`. */
export interface RandomValue extends ValueBase {
  kind: "random";
  callee: string;
}
/** A reference to a class, function or module (`ProductionConfig`, `config`), by qualified name when known. */
export interface ObjectValue extends ValueBase {
  kind: "object";
  objectKind: "class" | "function" | "module";
  qualifiedName: string;
  /** The defining node (`ClassDef`/`FunctionDef`) and its file, when it is in the project. */
  definition: Origin | null;
}
/** Anything else, with the reason (`call to load_secret()`, `parameter config_name`). */
export interface UnknownValue extends ValueBase {
  kind: "unknown";
  reason: string;
}

/** The result of evaluating an expression. */
export type Value =
  | StrValue
  | NumberValue
  | BoolValue
  | NoneValue
  | SequenceValue
  | DictValue
  | TimedeltaValue
  | EnvValue
  | RandomValue
  | ObjectValue
  | UnknownValue;

/** A name found in another module: its defining expression or node, in that module's model. */
export interface ResolvedDefinition {
  model: SemanticModel;
  file: string;
  /** The assigned value expression, or the `ClassDef`/`FunctionDef` node, or null for a module. */
  node: Node | null;
  /** The qualified name that was resolved (`config.ProductionConfig`). */
  qualifiedName: string;
  /** For a module: true. */
  isModule?: boolean;
}

/** What {@link evaluate} needs: the file's model and path, and optionally a cross-module resolver. */
export interface EvalContext {
  model: SemanticModel;
  file: string;
  /**
   * Resolves a dotted name that is not defined in this file (`config.SECRET`, `settings.BaseConfig`)
   * to its definition in a project module; supplied by the project layer's module graph.
   */
  resolve?: (qualifiedName: string) => ResolvedDefinition | null;
}

const MAX_DEPTH = 24;

const RANDOM_CALLS = new Set([
  "os.urandom", "os.getrandom", "secrets.token_hex", "secrets.token_bytes", "secrets.token_urlsafe",
  "secrets.randbits", "uuid.uuid4", "uuid.uuid1", "random.random", "random.getrandbits", "random.randint",
]);
const TIMEDELTA = ["datetime.timedelta"];
const TIMEDELTA_UNITS: Record<string, number> = {
  weeks: 604800, days: 86400, hours: 3600, minutes: 60, seconds: 1, milliseconds: 0.001, microseconds: 0.000001,
};
const TIMEDELTA_POSITIONAL = ["days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks"];

/**
 * Evaluates `expr` in `ctx`. Never throws; what cannot be evaluated is an `unknown` value with a reason.
 *
 * `evaluate(<"a" + "b">)` → str "ab"; `evaluate(<timedelta(hours=2)>)` → timedelta 7200 s;
 * `evaluate(<os.environ["K"]>)` → env K with no fallback; `evaluate(<load()>)` → unknown "call to load()".
 */
export function evaluate(expr: Expr, ctx: EvalContext): Value {
  return new Evaluator(ctx.resolve ?? null).eval(expr, ctx.model, ctx.file, 0);
}

class Evaluator {
  constructor(private readonly resolver: EvalContext["resolve"] | null) {}

  eval(expr: Expr, model: SemanticModel, file: string, depth: number): Value {
    const origin: Origin = { file, node: expr };
    if (depth > MAX_DEPTH) return unknown(origin, "too deeply nested");
    const ev = (e: Expr): Value => this.eval(e, model, file, depth + 1);
    switch (expr.type) {
      case "Constant":
        return constantValue(expr.value, origin);
      case "JoinedStr": {
        const parts: Value[] = expr.values.map((v) => (v.type === "Constant" ? constantValue(v.value, { file, node: v }) : ev(v.value)));
        return lift(parts, origin, "f-string", (vs) => {
          let s = "";
          for (const v of vs) {
            const str = pyStr(v);
            if (str === null) return unknown(origin, `f-string part ${describeKind(v)}`);
            s += str;
          }
          return { kind: "str", value: s, bytes: false, origin };
        });
      }
      case "Tuple":
      case "List":
      case "Set": {
        if (expr.elts.some((e) => e.type === "Starred")) return unknown(origin, "starred element");
        const kind = expr.type === "Tuple" ? "tuple" : expr.type === "List" ? "list" : "set";
        return { kind, items: expr.elts.map(ev), origin };
      }
      case "Dict": {
        const entries: DictValue["entries"] = [];
        for (let i = 0; i < expr.keys.length; i++) {
          const k = expr.keys[i];
          const v = ev(expr.values[i]!);
          if (k === null || k === undefined) {
            if (v.kind !== "dict") return unknown(origin, "`**` entry that cannot be evaluated");
            entries.push(...v.entries);
          } else {
            entries.push({ key: ev(k), value: v });
          }
        }
        return { kind: "dict", entries, origin };
      }
      case "Name":
        return this.evalName(expr, model, file, depth);
      case "Attribute":
        return this.evalAttribute(expr, model, file, depth);
      case "Subscript": {
        const env = envRead(model, expr);
        if (env) return this.envValue(env, model, file, origin, depth);
        const base = ev(expr.value);
        const key = ev(expr.slice);
        return lift([base, key], origin, "subscript", ([b, k]) => subscript(b!, k!, origin));
      }
      case "BinOp": {
        const l = ev(expr.left);
        const r = ev(expr.right);
        return lift([l, r], origin, opSymbol(expr.op), ([a, b]) => binop(expr.op, a!, b!, origin));
      }
      case "UnaryOp": {
        const v = ev(expr.operand);
        return lift([v], origin, expr.op === "Not" ? "not" : "unary", ([a]) => {
          if (expr.op === "Not") {
            const t = truthy(a!);
            return t === null ? unknown(origin, "truth value unknown") : { kind: "bool", value: !t, origin };
          }
          if (a!.kind === "number") {
            if (expr.op === "USub") return { ...a!, value: -a!.value, origin };
            if (expr.op === "UAdd") return { ...a!, origin };
          }
          return unknown(origin, "unsupported unary operator");
        });
      }
      case "BoolOp":
        return this.evalBoolOp(expr.op, expr.values, model, file, origin, depth);
      case "Compare": {
        if (expr.ops.length !== 1) return unknown(origin, "chained comparison");
        const l = ev(expr.left);
        const r = ev(expr.comparators[0]!);
        const op = expr.ops[0]!;
        return lift([l, r], origin, cmpSymbol(op), ([a, b]) => compare(op, a!, b!, origin));
      }
      case "IfExp": {
        const t = truthy(ev(expr.test));
        if (t === true) return ev(expr.body);
        if (t === false) return ev(expr.orelse);
        return unknown(origin, "conditional expression");
      }
      case "Call":
        return this.evalCall(expr, model, file, depth);
      case "NamedExpr":
        return ev(expr.value);
      default:
        return unknown(origin, `${expr.type} expression`);
    }
  }

  private evalName(expr: Name, model: SemanticModel, file: string, depth: number): Value {
    const origin: Origin = { file, node: expr };
    const binding = model.lookupName(expr);
    if (!binding) {
      if (expr.id === "__name__" && model.moduleName) return { kind: "str", value: model.moduleName, bytes: false, origin };
      return unknown(origin, `unbound name \`${expr.id}\``);
    }
    switch (binding.kind) {
      case "assignment":
        if (binding.value) {
          const v = this.eval(binding.value, model, file, depth + 1);
          // Later augmented assignments or loop rebinding make a name's value uncertain.
          const all = binding.scope.bindings.get(binding.name) ?? [];
          const rebound = all.some((b) => b !== binding && b.kind === "assignment" && !b.value && b.effectiveAt > binding.effectiveAt && b.effectiveAt <= expr.start);
          return rebound ? unknown(origin, `\`${expr.id}\` is reassigned`) : v;
        }
        return unknown(origin, `\`${expr.id}\` is bound without a simple value`);
      case "import":
      case "from-import":
        return this.evalQualified(binding.qualifiedName ?? expr.id, origin, depth);
      case "class":
        return {
          kind: "object",
          objectKind: "class",
          qualifiedName: model.moduleName ? `${model.moduleName}.${expr.id}` : expr.id,
          definition: { file, node: binding.node },
          origin,
        };
      case "function":
        return {
          kind: "object",
          objectKind: "function",
          qualifiedName: model.moduleName ? `${model.moduleName}.${expr.id}` : expr.id,
          definition: { file, node: binding.node },
          origin,
        };
      case "parameter":
        return unknown(origin, `parameter \`${expr.id}\``);
      default:
        return unknown(origin, `\`${expr.id}\` bound by ${binding.kind}`);
    }
  }

  /** A dotted name defined elsewhere: a project module's constant/class, or an external object. */
  private evalQualified(qualifiedName: string, origin: Origin, depth: number): Value {
    const def = this.resolver?.(qualifiedName) ?? null;
    if (!def) {
      return unknown(origin, `\`${qualifiedName}\` is not defined in the project`);
    }
    if (def.isModule) {
      return { kind: "object", objectKind: "module", qualifiedName: def.qualifiedName, definition: { file: def.file, node: def.model.module }, origin };
    }
    const node = def.node;
    if (!node) return unknown(origin, `\`${qualifiedName}\` has no simple value`);
    if (node.type === "ClassDef" || node.type === "FunctionDef" || node.type === "AsyncFunctionDef") {
      return {
        kind: "object",
        objectKind: node.type === "ClassDef" ? "class" : "function",
        qualifiedName: def.qualifiedName,
        definition: { file: def.file, node },
        origin,
      };
    }
    return this.eval(node as Expr, def.model, def.file, depth + 1);
  }

  private evalAttribute(expr: Extract<Expr, { type: "Attribute" }>, model: SemanticModel, file: string, depth: number): Value {
    const origin: Origin = { file, node: expr };
    const q = model.resolveQualifiedName(expr);
    if (q !== null) {
      // `os.environ` itself, `config.SECRET`, `settings.Base.KEY`.
      const v = this.evalQualified(q, origin, depth);
      if (v.kind !== "unknown") return v;
    }
    const base = this.eval(expr.value, model, file, depth + 1);
    if (base.kind === "object" && base.objectKind === "class" && base.definition) {
      const cls = base.definition.node as ClassDef;
      const found = classAttribute(cls, expr.attr);
      if (found) {
        const defModel = base.definition.file === file ? model : this.resolver?.(base.qualifiedName)?.model;
        if (defModel) return this.eval(found, defModel, base.definition.file, depth + 1);
      }
      return unknown(origin, `attribute \`${expr.attr}\` of class \`${base.qualifiedName}\``);
    }
    if (base.kind === "object" && base.objectKind === "module") {
      return this.evalQualified(`${base.qualifiedName}.${expr.attr}`, origin, depth);
    }
    return unknown(origin, q ? `\`${q}\` is not defined in the project` : `attribute \`${expr.attr}\``);
  }

  private evalBoolOp(op: "And" | "Or", values: readonly Expr[], model: SemanticModel, file: string, origin: Origin, depth: number): Value {
    const first = this.eval(values[0]!, model, file, depth + 1);
    if (values.length === 1) return first;
    const restExpr = values.slice(1);
    const rest = (): Value => this.evalBoolOp(op, restExpr, model, file, { file, node: restExpr[0]! }, depth + 1);
    if (first.kind === "env") {
      // `os.environ.get("K") or "dev"`: when K is unset the `or` picks the rest.
      const fb = first.fallback;
      const fbTruthy = fb === null ? null : truthy(fb);
      let fallback: Value | null = fb;
      if (op === "Or" && fb !== null && fbTruthy === false) fallback = rest();
      else if (op === "And" && fb !== null && fbTruthy === true) fallback = rest();
      return { ...first, fallback, transforms: [...first.transforms, op === "Or" ? "or" : "and"], origin };
    }
    const t = truthy(first);
    if (t === null) return unknown(origin, `\`${op.toLowerCase()}\` of a value whose truth is unknown`);
    if (op === "Or") return t ? first : rest();
    return t ? rest() : first;
  }

  private evalCall(expr: Call, model: SemanticModel, file: string, depth: number): Value {
    const origin: Origin = { file, node: expr };
    const env = envRead(model, expr);
    if (env) return this.envValue(env, model, file, origin, depth);
    const callee = model.resolveQualifiedName(expr.func);
    const ev = (e: Expr): Value => this.eval(e, model, file, depth + 1);
    if (callee === "decouple.config" || callee === "decouple.AutoConfig") {
      const name = expr.args[0] ? ev(expr.args[0]) : null;
      const def = kwarg(expr.keywords, "default") ?? expr.args[1] ?? null;
      return {
        kind: "env",
        variable: name?.kind === "str" ? name.value : null,
        form: "config",
        fallback: def ? ev(def) : null,
        transforms: [],
        origin,
      };
    }
    if (callee !== null && RANDOM_CALLS.has(callee)) return { kind: "random", callee, origin };
    if (callee !== null && TIMEDELTA.includes(callee)) {
      const parts: Value[] = [];
      const units: number[] = [];
      expr.args.forEach((a, i) => {
        parts.push(ev(a));
        units.push(TIMEDELTA_UNITS[TIMEDELTA_POSITIONAL[i] ?? ""] ?? NaN);
      });
      for (const k of expr.keywords) {
        if (k.arg === null) return unknown(origin, "timedelta(**kwargs)");
        parts.push(ev(k.value));
        units.push(TIMEDELTA_UNITS[k.arg] ?? NaN);
      }
      return lift(parts, origin, "timedelta", (vs) => {
        let seconds = 0;
        for (let i = 0; i < vs.length; i++) {
          const v = vs[i]!;
          if (v.kind !== "number" || Number.isNaN(units[i]!)) return unknown(origin, "timedelta argument");
          seconds += v.value * units[i]!;
        }
        return { kind: "timedelta", seconds, origin };
      });
    }
    if (callee?.startsWith("builtins.")) {
      const name = callee.slice("builtins.".length);
      const arg = expr.args[0];
      switch (name) {
        case "int":
        case "float":
        case "str":
        case "bool": {
          if (!arg) {
            if (name === "str") return { kind: "str", value: "", bytes: false, origin };
            if (name === "bool") return { kind: "bool", value: false, origin };
            return { kind: "number", value: 0, float: name === "float", origin };
          }
          if (expr.args.length > 1 || expr.keywords.length > 0) return unknown(origin, `${name}() with several arguments`);
          return lift([ev(arg)], origin, `${name}()`, ([v]) => convert(name, v!, origin));
        }
        case "dict": {
          const entries: DictValue["entries"] = [];
          if (arg) {
            const v = ev(arg);
            if (v.kind !== "dict") return unknown(origin, "dict() of a non-literal");
            entries.push(...v.entries);
          }
          for (const k of expr.keywords) {
            if (k.arg === null) return unknown(origin, "dict(**kwargs)");
            entries.push({ key: { kind: "str", value: k.arg, bytes: false, origin: { file, node: k } }, value: ev(k.value) });
          }
          return { kind: "dict", entries, origin };
        }
        case "list":
        case "tuple":
        case "set": {
          if (!arg) return { kind: name, items: [], origin };
          const v = ev(arg);
          if (v.kind === "tuple" || v.kind === "list" || v.kind === "set") return { kind: name, items: v.items, origin };
          return unknown(origin, `${name}() of a non-literal`);
        }
        case "len": {
          if (!arg) break;
          return lift([ev(arg)], origin, "len()", ([v]) => {
            if (v!.kind === "str") return { kind: "number", value: v!.value.length, float: false, origin };
            if (v!.kind === "tuple" || v!.kind === "list" || v!.kind === "set") return { kind: "number", value: v!.items.length, float: false, origin };
            return unknown(origin, "len() of a non-literal");
          });
        }
        default:
          break;
      }
    }
    // String methods: `"x".lower()`, `os.environ.get("D", "0").lower() in (...)`, `"a,b".split(",")`, `s.encode()`.
    if (expr.func.type === "Attribute" && callee === null) {
      const method = expr.func.attr;
      if (STR_METHODS.has(method)) {
        const recv = ev(expr.func.value);
        const args = expr.args.map(ev);
        return lift([recv, ...args], origin, `.${method}()`, ([r, ...as]) => strMethod(method, r!, as, origin));
      }
    }
    const shown = callee ?? (expr.func.type === "Name" ? expr.func.id : expr.func.type === "Attribute" ? `…${expr.func.attr}` : "a call");
    return unknown(origin, `call to ${shown}()`);
  }

  private envValue(env: NonNullable<ReturnType<typeof envRead>>, model: SemanticModel, file: string, origin: Origin, depth: number): Value {
    let fallback: Value | null;
    if (env.form === "subscript") fallback = null;
    else if (env.fallback) fallback = this.eval(env.fallback, model, file, depth + 1);
    else fallback = { kind: "none", origin };
    let variable = env.variable;
    if (variable === null && env.variableExpr) {
      const v = this.eval(env.variableExpr, model, file, depth + 1);
      if (v.kind === "str") variable = v.value;
    }
    return { kind: "env", variable, form: env.form, fallback, transforms: [], origin };
  }
}

// ---------------------------------------------------------------------------------------------
// Operations

const STR_METHODS = new Set(["lower", "upper", "strip", "lstrip", "rstrip", "split", "encode", "decode", "title", "casefold", "replace"]);

/**
 * Applies `fn` to `values`; when one of them is an env value, applies it to that value's fallback
 * instead and returns an env value (the first env operand wins). Unknown operands give unknown.
 */
function lift(values: Value[], origin: Origin, transform: string, fn: (vs: Value[]) => Value): Value {
  const envIndex = values.findIndex((v) => v.kind === "env");
  const bad = values.find((v) => v.kind === "unknown");
  if (bad) return unknown(origin, (bad as UnknownValue).reason);
  if (envIndex === -1) return fn(values);
  const env = values[envIndex] as EnvValue;
  let fallback: Value | null = null;
  if (env.fallback !== null && values.filter((v) => v.kind === "env").length === 1) {
    const substituted = values.map((v, i) => (i === envIndex ? env.fallback! : v));
    fallback = fn(substituted);
  }
  return { ...env, fallback, transforms: [...env.transforms, transform], origin };
}

function constantValue(v: unknown, origin: Origin): Value {
  if (typeof v === "string") return { kind: "str", value: v, bytes: false, origin };
  if (v instanceof Uint8Array) {
    let s = "";
    for (const b of v) s += String.fromCharCode(b);
    return { kind: "str", value: s, bytes: true, origin };
  }
  if (typeof v === "boolean") return { kind: "bool", value: v, origin };
  if (v === null) return { kind: "none", origin };
  if (typeof v === "number") return { kind: "number", value: v, float: false, origin };
  if (typeof v === "bigint") return { kind: "number", value: Number(v), float: false, origin };
  if (v instanceof PyFloat) return { kind: "number", value: v.value, float: true, origin };
  return unknown(origin, "constant of an unsupported type");
}

function unknown(origin: Origin, reason: string): UnknownValue {
  return { kind: "unknown", reason, origin };
}

/** Python truthiness of a known value, or null when unknown (env values, unknown, objects are truthy). */
export function truthy(v: Value): boolean | null {
  switch (v.kind) {
    case "str":
      return v.value.length > 0;
    case "number":
      return v.value !== 0;
    case "bool":
      return v.value;
    case "none":
      return false;
    case "tuple":
    case "list":
    case "set":
      return v.items.length > 0;
    case "dict":
      return v.entries.length > 0;
    case "timedelta":
      return v.seconds !== 0;
    case "object":
    case "random":
      return true;
    default:
      return null;
  }
}

/** Python `str(v)` of a simple value, or null. */
function pyStr(v: Value): string | null {
  switch (v.kind) {
    case "str":
      return v.bytes ? `b'${v.value}'` : v.value;
    case "number":
      return v.float && Number.isInteger(v.value) ? `${v.value}.0` : String(v.value);
    case "bool":
      return v.value ? "True" : "False";
    case "none":
      return "None";
    default:
      return null;
  }
}

function describeKind(v: Value): string {
  return v.kind === "unknown" ? v.reason : `of kind ${v.kind}`;
}

function subscript(base: Value, key: Value, origin: Origin): Value {
  if (base.kind === "dict") {
    for (let i = base.entries.length - 1; i >= 0; i--) {
      const e = base.entries[i]!;
      if (sameKey(e.key, key)) return e.value;
    }
    return unknown(origin, `key ${display(key)} not in dict`);
  }
  if ((base.kind === "tuple" || base.kind === "list" || base.kind === "str") && key.kind === "number") {
    const len = base.kind === "str" ? base.value.length : base.items.length;
    const i = key.value < 0 ? len + key.value : key.value;
    if (base.kind === "str") return i >= 0 && i < len ? { kind: "str", value: base.value[i]!, bytes: false, origin } : unknown(origin, "index out of range");
    return base.items[i] ?? unknown(origin, "index out of range");
  }
  return unknown(origin, "subscript");
}

function sameKey(a: Value, b: Value): boolean {
  if (a.kind === "str" && b.kind === "str") return a.value === b.value && a.bytes === b.bytes;
  if ((a.kind === "number" || a.kind === "bool") && (b.kind === "number" || b.kind === "bool")) return Number(a.value) === Number(b.value);
  if (a.kind === "none" && b.kind === "none") return true;
  return false;
}

function binop(op: string, a: Value, b: Value, origin: Origin): Value {
  const num = (v: Value): number | null => (v.kind === "number" ? v.value : v.kind === "bool" ? Number(v.value) : null);
  if (op === "Add") {
    if (a.kind === "str" && b.kind === "str" && a.bytes === b.bytes) return { kind: "str", value: a.value + b.value, bytes: a.bytes, origin };
    if ((a.kind === "list" && b.kind === "list") || (a.kind === "tuple" && b.kind === "tuple")) return { kind: a.kind, items: [...a.items, ...b.items], origin };
    if (a.kind === "timedelta" && b.kind === "timedelta") return { kind: "timedelta", seconds: a.seconds + b.seconds, origin };
  }
  if (op === "Mult") {
    if (a.kind === "timedelta" && num(b) !== null) return { kind: "timedelta", seconds: a.seconds * num(b)!, origin };
    if (b.kind === "timedelta" && num(a) !== null) return { kind: "timedelta", seconds: b.seconds * num(a)!, origin };
    if (a.kind === "str" && num(b) !== null) return { kind: "str", value: a.value.repeat(Math.max(0, num(b)!)), bytes: a.bytes, origin };
  }
  if (op === "BitOr" && a.kind === "dict" && b.kind === "dict") return { kind: "dict", entries: [...a.entries, ...b.entries], origin };
  const x = num(a);
  const y = num(b);
  if (x === null || y === null) return unknown(origin, `${opSymbol(op)} on ${a.kind} and ${b.kind}`);
  const float = (a.kind === "number" && a.float) || (b.kind === "number" && b.float);
  switch (op) {
    case "Add":
      return { kind: "number", value: x + y, float, origin };
    case "Sub":
      return { kind: "number", value: x - y, float, origin };
    case "Mult":
      return { kind: "number", value: x * y, float, origin };
    case "Div":
      return y === 0 ? unknown(origin, "division by zero") : { kind: "number", value: x / y, float: true, origin };
    case "FloorDiv":
      return y === 0 ? unknown(origin, "division by zero") : { kind: "number", value: Math.floor(x / y), float, origin };
    case "Mod":
      return y === 0 ? unknown(origin, "division by zero") : { kind: "number", value: ((x % y) + y) % y, float, origin };
    case "Pow":
      return { kind: "number", value: x ** y, float, origin };
    default:
      return unknown(origin, `operator ${op}`);
  }
}

function compare(op: string, a: Value, b: Value, origin: Origin): Value {
  const eq = (x: Value, y: Value): boolean | null => {
    if (x.kind === "unknown" || y.kind === "unknown" || x.kind === "env" || y.kind === "env") return null;
    if (sameKey(x, y)) return true;
    const simple = (v: Value) => v.kind === "str" || v.kind === "number" || v.kind === "bool" || v.kind === "none";
    if (simple(x) && simple(y)) return false;
    return null;
  };
  let result: boolean | null = null;
  switch (op) {
    case "Eq":
    case "NotEq": {
      const r = eq(a, b);
      result = r === null ? null : op === "Eq" ? r : !r;
      break;
    }
    case "In":
    case "NotIn": {
      let r: boolean | null = null;
      if (b.kind === "tuple" || b.kind === "list" || b.kind === "set") {
        r = false;
        for (const item of b.items) {
          const e = eq(a, item);
          if (e === null) {
            r = null;
            break;
          }
          if (e) {
            r = true;
            break;
          }
        }
      } else if (b.kind === "str" && a.kind === "str") {
        r = b.value.includes(a.value);
      } else if (b.kind === "dict") {
        r = b.entries.some((e) => eq(a, e.key) === true);
      }
      result = r === null ? null : op === "In" ? r : !r;
      break;
    }
    case "Is":
    case "IsNot":
      if (a.kind === "none" || b.kind === "none") {
        const r = a.kind === "none" && b.kind === "none";
        result = op === "Is" ? r : !r;
      }
      break;
    default: {
      if (a.kind === "number" && b.kind === "number") {
        const x = a.value;
        const y = b.value;
        result = op === "Lt" ? x < y : op === "LtE" ? x <= y : op === "Gt" ? x > y : op === "GtE" ? x >= y : null;
      }
    }
  }
  return result === null ? unknown(origin, "comparison") : { kind: "bool", value: result, origin };
}

function convert(name: string, v: Value, origin: Origin): Value {
  switch (name) {
    case "int": {
      if (v.kind === "number") return { kind: "number", value: Math.trunc(v.value), float: false, origin };
      if (v.kind === "bool") return { kind: "number", value: Number(v.value), float: false, origin };
      if (v.kind === "str" && /^\s*[-+]?\d[\d_]*\s*$/.test(v.value)) return { kind: "number", value: Number(v.value.replace(/_/g, "")), float: false, origin };
      return unknown(origin, `int() of ${describeKind(v)}`);
    }
    case "float": {
      if (v.kind === "number" || v.kind === "bool") return { kind: "number", value: Number(v.value), float: true, origin };
      if (v.kind === "str" && v.value.trim() !== "" && !Number.isNaN(Number(v.value))) return { kind: "number", value: Number(v.value), float: true, origin };
      return unknown(origin, `float() of ${describeKind(v)}`);
    }
    case "str": {
      const s = pyStr(v);
      return s === null ? unknown(origin, `str() of ${describeKind(v)}`) : { kind: "str", value: s, bytes: false, origin };
    }
    case "bool": {
      const t = truthy(v);
      return t === null ? unknown(origin, `bool() of ${describeKind(v)}`) : { kind: "bool", value: t, origin };
    }
    default:
      return unknown(origin, `${name}()`);
  }
}

function strMethod(method: string, r: Value, args: Value[], origin: Origin): Value {
  if (r.kind !== "str") return unknown(origin, `.${method}() on ${describeKind(r)}`);
  const s = r.value;
  const mk = (value: string, bytes = r.bytes): StrValue => ({ kind: "str", value, bytes, origin });
  switch (method) {
    case "lower":
    case "casefold":
      return mk(s.toLowerCase());
    case "upper":
      return mk(s.toUpperCase());
    case "title":
      return mk(s.replace(/\w\S*/g, (w) => w[0]!.toUpperCase() + w.slice(1).toLowerCase()));
    case "strip":
      return args.length === 0 ? mk(s.trim()) : unknown(origin, ".strip(chars)");
    case "lstrip":
      return args.length === 0 ? mk(s.trimStart()) : unknown(origin, ".lstrip(chars)");
    case "rstrip":
      return args.length === 0 ? mk(s.trimEnd()) : unknown(origin, ".rstrip(chars)");
    case "encode":
      return mk(s, true);
    case "decode":
      return mk(s, false);
    case "replace": {
      const [a, b] = args;
      if (a?.kind === "str" && b?.kind === "str") return mk(s.split(a.value).join(b.value));
      return unknown(origin, ".replace() arguments");
    }
    case "split": {
      const sep = args[0];
      const parts = sep === undefined || sep.kind === "none" ? s.trim().split(/\s+/).filter((p) => p) : sep.kind === "str" ? s.split(sep.value) : null;
      if (!parts) return unknown(origin, ".split() separator");
      return { kind: "list", items: parts.map((p) => mk(p)), origin };
    }
    default:
      return unknown(origin, `.${method}()`);
  }
}

function kwarg(keywords: readonly Keyword[], name: string): Expr | null {
  return keywords.find((k) => k.arg === name)?.value ?? null;
}

/** The value assigned to `name` directly in a class body (last assignment wins), or null. */
export function classAttribute(cls: ClassDef, name: string): Expr | null {
  let found: Expr | null = null;
  for (const stmt of cls.body) {
    if (stmt.type === "Assign") {
      for (const t of stmt.targets) if (t.type === "Name" && t.id === name) found = stmt.value;
    } else if (stmt.type === "AnnAssign" && stmt.value && stmt.target.type === "Name" && stmt.target.id === name) {
      found = stmt.value;
    }
  }
  return found;
}

function opSymbol(op: string): string {
  const map: Record<string, string> = { Add: "+", Sub: "-", Mult: "*", Div: "/", FloorDiv: "//", Mod: "%", Pow: "**", BitOr: "|", BitAnd: "&" };
  return map[op] ?? op;
}

function cmpSymbol(op: string): string {
  const map: Record<string, string> = { Eq: "==", NotEq: "!=", Lt: "<", LtE: "<=", Gt: ">", GtE: ">=", In: "in", NotIn: "not in", Is: "is", IsNot: "is not" };
  return map[op] ?? op;
}

/**
 * A short Python-like rendering of a value for messages and the model JSON:
 * `'dev'`, `True`, `timedelta(seconds=3600)`, `env SECRET_KEY (else 'dev')`, `<unknown: call to f()>`.
 */
export function display(v: Value): string {
  switch (v.kind) {
    case "str":
      return (v.bytes ? "b" : "") + pyRepr(v.value);
    case "number":
      return v.float && Number.isInteger(v.value) ? `${v.value}.0` : String(v.value);
    case "bool":
      return v.value ? "True" : "False";
    case "none":
      return "None";
    case "tuple":
      return `(${v.items.map(display).join(", ")}${v.items.length === 1 ? "," : ""})`;
    case "list":
      return `[${v.items.map(display).join(", ")}]`;
    case "set":
      return v.items.length === 0 ? "set()" : `{${v.items.map(display).join(", ")}}`;
    case "dict":
      return `{${v.entries.map((e) => `${display(e.key)}: ${display(e.value)}`).join(", ")}}`;
    case "timedelta":
      return `timedelta(seconds=${v.seconds})`;
    case "env": {
      const name = v.variable ?? "?";
      const fb = v.fallback === null ? "required" : `else ${display(v.fallback)}`;
      return `env ${name} (${fb})`;
    }
    case "random":
      return `${v.callee}(...)`;
    case "object":
      return `<${v.objectKind} ${v.qualifiedName}>`;
    case "unknown":
      return `<unknown: ${v.reason}>`;
  }
}

function pyRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === "\\") out += "\\\\";
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += `\\x${code.toString(16).padStart(2, "0")}`;
    else out += ch;
  }
  return out + quote;
}
