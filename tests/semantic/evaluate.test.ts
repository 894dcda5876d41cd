/**
 * @fileoverview Constant evaluation with provenance: literals, containers, operators, f-strings,
 * timedelta, conversions, string methods, environment reads with evaluated fallbacks (through
 * aliases, `or`, `int()`), random values, names and class attributes.
 */
import { describe, expect, it } from "vitest";
import { parse } from "../../src/python/index.js";
import type { Expr } from "../../src/python/ast.js";
import { display, evaluate, type Value } from "../../src/semantic/evaluate.js";
import { SemanticModel } from "../../src/semantic/model.js";

/** Evaluates the value assigned to `result` in `source`. */
function evalResult(source: string): Value {
  const parsed = parse(source);
  const module = parsed.module!;
  const model = SemanticModel.build(module, { moduleName: "m" });
  const stmt = module.body.find((s) => s.type === "Assign" && s.targets[0]?.type === "Name" && s.targets[0].id === "result");
  if (!stmt || stmt.type !== "Assign") throw new Error("no result assignment");
  return evaluate(stmt.value as Expr, { model, file: "m.py" });
}

const show = (source: string): string => display(evalResult(source));

describe("evaluate", () => {
  it("literals and containers", () => {
    expect(show('result = "a" "b"')).toBe("'ab'");
    expect(show("result = b'k'")).toBe("b'k'");
    expect(show("result = (1, 2.5, None, True)")).toBe("(1, 2.5, None, True)");
    expect(show('result = {"a": [1, {2}], **{"b": 3}}')).toBe("{'a': [1, {2}], 'b': 3}");
    expect(show("result = dict(A=1, B='x')")).toBe("{'A': 1, 'B': 'x'}");
  });
  it("operators, f-strings and names", () => {
    expect(show("result = 16 * 1024 * 1024")).toBe("16777216");
    expect(show('p = "sec"\nresult = p + "ret"')).toBe("'secret'");
    expect(show('n = 3\nresult = f"v{n}-{\'x\'}"')).toBe("'v3-x'");
    expect(show('result = "a" if 1 else "b"')).toBe("'a'");
    expect(show("result = not 0")).toBe("True");
  });
  it("timedelta and conversions", () => {
    expect(show("from datetime import timedelta\nresult = timedelta(days=1, hours=2)")).toBe("timedelta(seconds=93600)");
    expect(show("import datetime\nresult = datetime.timedelta(minutes=30) * 2")).toBe("timedelta(seconds=3600)");
    expect(show('result = int("42")')).toBe("42");
    expect(show('result = "A,B".lower().split(",")')).toBe("['a', 'b']");
  });
  it("environment reads keep an evaluated fallback", () => {
    const v = evalResult('import os\nresult = os.environ.get("SECRET_KEY", "dev")');
    expect(v.kind).toBe("env");
    if (v.kind !== "env") return;
    expect(v.variable).toBe("SECRET_KEY");
    expect(v.fallback && display(v.fallback)).toBe("'dev'");
    expect(show('import os\nresult = os.environ["K"]')).toBe("env K (required)");
    expect(show('from os import environ as e\nresult = e.get("K")')).toBe("env K (else None)");
    expect(show('import os as o\nresult = o.getenv("K") or "changeme"')).toBe("env K (else 'changeme')");
    expect(show('import os\nresult = int(os.environ.get("LIFETIME", "3600"))')).toBe("env LIFETIME (else 3600)");
    expect(show('import os\nresult = os.environ.get("D", "False").lower() in ("1", "true")')).toBe("env D (else False)");
    expect(show('import os\nDEFAULT = "x" * 3\nresult = os.getenv("K", DEFAULT)')).toBe("env K (else 'xxx')");
  });
  it("random values, objects and unknowns with reasons", () => {
    expect(show("import os\nresult = os.urandom(24)")).toBe("os.urandom(...)");
    expect(show("import secrets\nresult = secrets.token_hex(32)")).toBe("secrets.token_hex(...)");
    expect(show("class Config:\n    A = 1\nresult = Config.A")).toBe("1");
    expect(show("class Config:\n    pass\nresult = Config")).toBe("<class m.Config>");
    expect(show("result = load_secret()")).toBe("<unknown: call to load_secret()>");
    expect(show("def f(x):\n    return x\nresult = f")).toBe("<function m.f>");
  });
  it("records where a value came from", () => {
    const v = evalResult('S = "abc"\nresult = S');
    expect(v.origin.file).toBe("m.py");
    expect((v.origin.node as { start: number }).start).toBe(4);
  });
});
