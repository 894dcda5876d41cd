/**
 * @fileoverview The per-file semantic model: import table and aliases, qualified-name resolution,
 * Python scoping (function locals, class scopes invisible to methods, comprehensions, global,
 * flow order at module level), bound values, relative imports and environment reads.
 */
import { describe, expect, it } from "vitest";
import type { Expr, Module, Node } from "../../src/python/ast.js";
import { parse } from "../../src/python/index.js";
import { envRead } from "../../src/semantic/env.js";
import { resolveRelativeModule } from "../../src/semantic/binder.js";
import { SemanticModel } from "../../src/semantic/model.js";
import { forEachNode } from "../../src/semantic/walk.js";

function model(text: string, options = {}): { m: SemanticModel; module: Module; text: string } {
  const r = parse(text);
  if (!r.module) throw new Error(r.error?.message);
  return { m: SemanticModel.build(r.module, options), module: r.module, text };
}

/** The n-th expression (0-based) whose source text is exactly `src`. */
function expr(module: Module, text: string, src: string, n = 0): Expr {
  const hits: Node[] = [];
  forEachNode(module, (node) => {
    const s = node as { start?: number; end?: number };
    if (s.start !== undefined && text.slice(s.start, s.end) === src && node.type !== "Expr") hits.push(node);
  });
  if (!hits[n]) throw new Error(`no expression ${src}`);
  return hits[n] as Expr;
}

describe("qualified names", () => {
  it("follow import forms and aliases", () => {
    const text = [
      "import flask",
      "import flask_wtf.csrf as c",
      "import os.path",
      "from flask import Flask as F",
      "from werkzeug.utils import secure_filename as sf",
      "flask.Flask",
      "c.CSRFProtect",
      "os.path.join",
      "F",
      "sf",
      "open",
      "unknown_name",
      "",
    ].join("\n");
    const { m, module } = model(text);
    const q = (s: string) => m.resolveQualifiedName(expr(module, text, s));
    expect(q("flask.Flask")).toBe("flask.Flask");
    expect(q("c.CSRFProtect")).toBe("flask_wtf.csrf.CSRFProtect");
    expect(q("os.path.join")).toBe("os.path.join");
    expect(q("F")).toBe("flask.Flask");
    expect(q("sf")).toBe("werkzeug.utils.secure_filename");
    expect(q("open")).toBe("builtins.open");
    expect(q("unknown_name")).toBeNull();
  });

  it("follow single-assignment aliases but not reassigned names", () => {
    const text = "import flask\nF = flask.Flask\nG = F\nG\nH = flask.Flask\nH = None\nH\n";
    const { m, module } = model(text);
    expect(m.resolveQualifiedName(expr(module, text, "G", 1))).toBe("flask.Flask");
    expect(m.resolveQualifiedName(expr(module, text, "H", 2))).toBeNull();
  });

  it("record the import table and seen modules", () => {
    const { m } = model("from flask_wtf.csrf import CSRFProtect as P\nimport a.b.c\n");
    expect(m.imports.map((i) => [i.local, i.qualifiedName, i.member])).toEqual([
      ["P", "flask_wtf.csrf.CSRFProtect", "CSRFProtect"],
      ["a", "a", null],
    ]);
    expect(m.seenModule("flask_wtf")).toBe(true);
    expect(m.seenModule("flask_wtf.csrf")).toBe(true);
    expect(m.seenModule("a.b")).toBe(true);
    expect(m.seenModule("flask")).toBe(false);
  });

  it("resolve relative imports when the module name is known", () => {
    expect(resolveRelativeModule("views", 1, "app.main", false)).toBe("app.views");
    expect(resolveRelativeModule(null, 1, "app", true)).toBe("app");
    expect(resolveRelativeModule("x", 2, "a.b.c", false)).toBe("a.x");
    expect(resolveRelativeModule("x", 1, undefined, false)).toBe(".x");
    const text = "from .extensions import csrf\ncsrf\n";
    const { m, module } = model(text, { moduleName: "app", isPackage: true });
    expect(m.resolveQualifiedName(expr(module, text, "csrf", 1))).toBe("app.extensions.csrf");
  });
});

describe("scopes and bindings", () => {
  it("resolve a name to the binding in effect at module level (flow order)", () => {
    const text = "from flask import Flask\napp = None\napp\napp = Flask(__name__)\napp\n";
    const { m, module } = model(text);
    expect(m.resolveValue(expr(module, text, "app", 1))).toMatchObject({ type: "Constant" });
    expect(m.resolveValue(expr(module, text, "app", 3))).toMatchObject({ type: "Call" });
  });

  it("let function bodies see the last module binding and their own locals first", () => {
    const text = "app = 1\ndef f():\n    return app\ndef g():\n    app = 2\n    return app\napp = 3\n";
    const { m, module } = model(text);
    const inF = expr(module, text, "app", 1);
    const inG = expr(module, text, "app", 3);
    expect(text.slice(m.resolveValue(inF)!.start, m.resolveValue(inF)!.end)).toBe("3");
    expect(text.slice(m.resolveValue(inG)!.start, m.resolveValue(inG)!.end)).toBe("2");
  });

  it("hide class scopes from methods but not from the class body", () => {
    const text = "x = 'module'\nclass C:\n    x = 'class'\n    y = x\n    def m(self):\n        return x\n";
    const { m, module } = model(text);
    const inBody = expr(module, text, "x", 2);
    const inMethod = expr(module, text, "x", 3);
    expect(m.lookupName(inBody as never)!.scope.kind).toBe("class");
    expect(m.lookupName(inMethod as never)!.scope.kind).toBe("module");
  });

  it("bind comprehension targets in their own scope and walrus targets outside it", () => {
    const text = "[i for i in range(3)]\ni\n[(j := k) for k in range(3)]\nj\n";
    const { m, module } = model(text);
    expect(m.lookupName(expr(module, text, "i", 2) as never)).toBeNull();
    expect(m.lookupName(expr(module, text, "j", 1) as never)!.scope.kind).toBe("module");
  });

  it("send `global` assignments to the module scope", () => {
    const text = "def setup():\n    global app\n    app = make()\napp\n";
    const { m, module } = model(text);
    const binding = m.lookupName(expr(module, text, "app", 1) as never);
    expect(binding?.scope.kind).toBe("module");
    expect(binding?.value?.type).toBe("Call");
  });

  it("pair tuple targets with tuple values and record parameter annotations", () => {
    const text = "a, b = 1, 'two'\nb\ndef f(app: Flask):\n    app\n";
    const { m, module } = model(text);
    expect(m.resolveValue(expr(module, text, "b", 1))).toMatchObject({ type: "Constant", value: "two" });
    const param = m.lookupName(expr(module, text, "app", 0) as never)!;
    expect(param.kind).toBe("parameter");
    expect(param.annotation).toMatchObject({ type: "Name", id: "Flask" });
  });

  it("finds the scope of arbitrary nodes by position", () => {
    const text = "def f():\n    x = call()\n";
    const { m, module } = model(text);
    expect(m.scopeOf(expr(module, text, "call()")).kind).toBe("function");
  });
});

describe("environment reads", () => {
  it("recognise os.environ / getenv / environ aliases with their fallbacks", () => {
    const text = [
      "import os",
      "from os import environ as env, getenv",
      "os.environ['A']",
      "os.environ.get('B', 'dev')",
      "getenv('C')",
      "env.get('D', default='x')",
      "os.environ.setdefault('E', 'y')",
      "other.get('F', 'z')",
      "",
    ].join("\n");
    const { m, module } = model(text);
    const read = (s: string) => {
      const r = envRead(m, expr(module, text, s));
      return r && { form: r.form, variable: r.variable, fallback: r.fallback && text.slice(r.fallback.start, r.fallback.end) };
    };
    expect(read("os.environ['A']")).toEqual({ form: "subscript", variable: "A", fallback: null });
    expect(read("os.environ.get('B', 'dev')")).toEqual({ form: "get", variable: "B", fallback: "'dev'" });
    expect(read("getenv('C')")).toEqual({ form: "get", variable: "C", fallback: null });
    expect(read("env.get('D', default='x')")).toEqual({ form: "get", variable: "D", fallback: "'x'" });
    expect(read("os.environ.setdefault('E', 'y')")).toEqual({ form: "setdefault", variable: "E", fallback: "'y'" });
    expect(read("other.get('F', 'z')")).toBeNull();
  });
});
