/**
 * @fileoverview Tests for `src/python/walker.ts`: traversal order, enter/leave, skipping, stopping,
 * the typed visitor form, child iteration, parent maps, nodeAt, and deep trees (no stack overflow).
 * Trees are built by hand here so these tests do not depend on the parser; `walker-parse.test.ts`
 * checks the walker against parsed trees.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  CHILD_FIELDS,
  type Call,
  type Constant,
  type Expr,
  type ExprStmt,
  type FunctionDef,
  type Keyword,
  type Module,
  type Name,
  type Node,
  type NodeType,
  type UnaryOp,
} from "../../src/python/ast.js";
import {
  SKIP,
  STOP,
  ancestors,
  findAll,
  forEachChild,
  getChildren,
  iterChildren,
  mergeVisitors,
  nodeAt,
  parentMap,
  visit,
  walk,
} from "../../src/python/walker.js";

// --- tiny builders (positions are UTF-16 offsets; CPython attributes mirror them on one line) ---

function at(start: number, end: number) {
  return { lineno: 1, col_offset: start, end_lineno: 1, end_col_offset: end, start, end };
}
function name(id: string, start = 0): Name {
  return { type: "Name", id, ctx: "Load", ...at(start, start + id.length) };
}
function num(value: number, start = 0): Constant {
  return { type: "Constant", value, kind: null, ...at(start, start + String(value).length) };
}
function module(body: Module["body"]): Module {
  return { type: "Module", body, type_ignores: [] };
}
function exprStmt(value: Expr): ExprStmt {
  return { type: "Expr", value, ...at(value.start, value.end) };
}

/** `f(1, k=v)` at offset 0: Call(func=Name f, args=[Constant 1], keywords=[keyword k=Name v]). */
function sampleCall(): Call {
  const kw: Keyword = { type: "keyword", arg: "k", value: name("v", 7), ...at(5, 8) };
  return { type: "Call", func: name("f", 0), args: [num(1, 2)], keywords: [kw], ...at(0, 9) };
}

function label(n: Node): string {
  if (n.type === "Name") return `Name:${n.id}`;
  if (n.type === "Constant") return `Constant:${String(n.value)}`;
  return n.type;
}

describe("walk", () => {
  it("visits depth-first in CHILD_FIELDS order with enter/leave bracketing and parents", () => {
    const tree = module([exprStmt(sampleCall())]);
    const events: string[] = [];
    walk(tree, {
      enter(node, parent) {
        events.push(`enter ${label(node)} <${parent === null ? "-" : label(parent)}>`);
      },
      leave(node) {
        events.push(`leave ${label(node)}`);
      },
    });
    expect(events).toEqual([
      "enter Module <->",
      "enter Expr <Module>",
      "enter Call <Expr>",
      "enter Name:f <Call>",
      "leave Name:f",
      "enter Constant:1 <Call>",
      "leave Constant:1",
      "enter keyword <Call>",
      "enter Name:v <keyword>",
      "leave Name:v",
      "leave keyword",
      "leave Call",
      "leave Expr",
      "leave Module",
    ]);
  });

  it("works with only a leave hook (post-order)", () => {
    const order: string[] = [];
    walk(sampleCall(), { leave: (n) => void order.push(label(n)) });
    expect(order).toEqual(["Name:f", "Constant:1", "Name:v", "keyword", "Call"]);
  });

  it("skips children when enter returns false or SKIP, and still calls leave", () => {
    for (const skipValue of [false, SKIP] as const) {
      const seen: string[] = [];
      walk(module([exprStmt(sampleCall())]), {
        enter(node) {
          seen.push(label(node));
          return node.type === "Call" ? skipValue : undefined;
        },
        leave(node) {
          seen.push(`/${label(node)}`);
        },
      });
      expect(seen).toEqual(["Module", "Expr", "Call", "/Call", "/Expr", "/Module"]);
    }
  });

  it("returning true from enter does not skip", () => {
    let count = 0;
    walk(sampleCall(), {
      enter() {
        count++;
        return true;
      },
    });
    expect(count).toBe(5);
  });

  it("stops the whole traversal on STOP from enter or leave", () => {
    const seen: string[] = [];
    walk(module([exprStmt(sampleCall()), exprStmt(name("after"))]), {
      enter(node) {
        seen.push(label(node));
        if (node.type === "Constant") return STOP;
      },
      leave(node) {
        seen.push(`/${label(node)}`);
      },
    });
    expect(seen).toEqual(["Module", "Expr", "Call", "Name:f", "/Name:f", "Constant:1"]);

    const left: string[] = [];
    walk(module([exprStmt(sampleCall()), exprStmt(name("after"))]), {
      leave(node) {
        left.push(label(node));
        if (node.type === "Name") return STOP;
      },
    });
    expect(left).toEqual(["Name:f"]);
  });

  it("skips null entries of arrays (Dict ** keys, missing kw-only defaults) and null fields", () => {
    const dict: Node = {
      type: "Dict",
      keys: [name("a"), null],
      values: [num(1), name("rest")],
      ...at(0, 10),
    };
    expect(getChildren(dict).map(label)).toEqual(["Name:a", "Constant:1", "Name:rest"]);
    const args: Node = {
      type: "arguments",
      posonlyargs: [],
      args: [],
      vararg: null,
      kwonlyargs: [
        { type: "arg", arg: "a", annotation: null, type_comment: null, ...at(0, 1) },
        { type: "arg", arg: "b", annotation: null, type_comment: null, ...at(3, 4) },
      ],
      kw_defaults: [null, num(2)],
      kwarg: null,
      defaults: [],
    };
    const seen: string[] = [];
    walk(args, { enter: (n) => void seen.push(n.type === "arg" ? `arg:${n.arg}` : label(n)) });
    expect(seen).toEqual(["arguments", "arg:a", "arg:b", "Constant:2"]);
  });

  it("walks every CHILD_FIELDS field of every node type, single and array-valued", () => {
    // For each node type, fill each child field with a distinct marker (single or array form).
    for (const type of Object.keys(CHILD_FIELDS) as NodeType[]) {
      const fields = CHILD_FIELDS[type];
      for (const asArray of [false, true]) {
        const node: Record<string, unknown> = { type };
        const expected: string[] = [];
        fields.forEach((field, i) => {
          const a = name(`${field}${i}a`);
          const b = name(`${field}${i}b`);
          node[field] = asArray ? [a, null, b] : a;
          expected.push(`Name:${a.id}`);
          if (asArray) expected.push(`Name:${b.id}`);
        });
        const seen: string[] = [];
        walk(node as unknown as Node, { enter: (n, parent) => void (parent !== null && seen.push(label(n))) });
        expect(seen, `${type} (${asArray ? "arrays" : "single"})`).toEqual(expected);
        expect(getChildren(node as unknown as Node).map(label)).toEqual(expected);
        expect([...iterChildren(node as unknown as Node)].map(label)).toEqual(expected);
      }
    }
  });
});

describe("visit (typed visitor)", () => {
  it("dispatches per node type with exit handlers and typed nodes", () => {
    const tree = module([exprStmt(sampleCall())]);
    const log: string[] = [];
    visit(tree, {
      Call(node, parent) {
        expectTypeOf(node).toEqualTypeOf<Call>();
        log.push(`Call func=${(node.func as Name).id} parent=${parent?.type}`);
      },
      "Call:exit"(node) {
        expectTypeOf(node).toEqualTypeOf<Call>();
        log.push(`Call:exit args=${node.args.length}`);
      },
      Name(node) {
        log.push(`Name ${node.id}`);
      },
      keyword(node) {
        log.push(`keyword ${node.arg}`);
      },
    });
    expect(log).toEqual(["Call func=f parent=Expr", "Name f", "keyword k", "Name v", "Call:exit args=1"]);
  });

  it("runs * before typed enter handlers and after typed exit handlers", () => {
    const log: string[] = [];
    visit(sampleCall(), {
      "*"(node) {
        log.push(`* ${label(node)}`);
      },
      "*:exit"(node) {
        log.push(`*:exit ${label(node)}`);
      },
      Call() {
        log.push("Call");
      },
      "Call:exit"() {
        log.push("Call:exit");
      },
    });
    expect(log[0]).toBe("* Call");
    expect(log[1]).toBe("Call");
    expect(log.slice(-2)).toEqual(["Call:exit", "*:exit Call"]);
    expect(log.filter((l) => l.startsWith("* ")).length).toBe(5);
  });

  it("supports SKIP from typed handlers and from *", () => {
    const names: string[] = [];
    visit(module([exprStmt(sampleCall()), exprStmt(name("top"))]), {
      Call: () => SKIP,
      Name: (n) => void names.push(n.id),
    });
    expect(names).toEqual(["top"]);
    const names2: string[] = [];
    visit(sampleCall(), {
      "*": (n) => (n.type === "keyword" ? false : undefined),
      Name: (n) => void names2.push(n.id),
    });
    expect(names2).toEqual(["f"]);
  });

  it("supports STOP from exit handlers", () => {
    const names: string[] = [];
    visit(sampleCall(), {
      Name: (n) => void names.push(n.id),
      "Constant:exit": () => STOP,
    });
    expect(names).toEqual(["f"]);
  });

  it("mergeVisitors runs all visitors in one traversal, in order, ignoring SKIP", () => {
    const log: string[] = [];
    const merged = mergeVisitors([
      { Name: (n) => void log.push(`A ${n.id}`), Call: () => SKIP },
      { Name: (n) => void log.push(`B ${n.id}`), "Call:exit": () => void log.push("B exit") },
    ]);
    visit(sampleCall(), merged);
    expect(log).toEqual(["A f", "B f", "A v", "B v", "B exit"]);
  });

  it("mergeVisitors honours STOP", () => {
    const log: string[] = [];
    visit(
      sampleCall(),
      mergeVisitors([{ Name: () => STOP }, { Name: (n) => void log.push(n.id), Constant: () => void log.push("c") }]),
    );
    expect(log).toEqual([]);
  });
});

describe("child iteration and parents", () => {
  it("forEachChild reports field names and indexes and can stop early", () => {
    const seen: string[] = [];
    forEachChild(sampleCall(), (child, field, index) => {
      seen.push(`${field}[${index}] ${label(child)}`);
    });
    expect(seen).toEqual(["func[-1] Name:f", "args[0] Constant:1", "keywords[0] keyword"]);
    let count = 0;
    forEachChild(sampleCall(), () => {
      count++;
      return false;
    });
    expect(count).toBe(1);
  });

  it("parentMap maps every node to its parent and the root to null", () => {
    const call = sampleCall();
    const stmt = exprStmt(call);
    const tree = module([stmt]);
    const parents = parentMap(tree);
    expect(parents.get(tree)).toBeNull();
    expect(parents.get(stmt)).toBe(tree);
    expect(parents.get(call)).toBe(stmt);
    expect(parents.get(call.func)).toBe(call);
    const kwValue = call.keywords[0]!.value;
    expect(parents.get(kwValue)).toBe(call.keywords[0]);
    expect(parents.size).toBe(7);
    expect(ancestors(parents, kwValue).map(label)).toEqual(["keyword", "Call", "Expr", "Module"]);
    expect(ancestors(parents, tree)).toEqual([]);
  });

  it("findAll collects nodes of one type in traversal order", () => {
    const tree = module([exprStmt(sampleCall()), exprStmt(name("z"))]);
    const found = findAll(tree, "Name");
    expectTypeOf(found).toEqualTypeOf<Name[]>();
    expect(found.map((n) => n.id)).toEqual(["f", "v", "z"]);
  });
});

describe("nodeAt", () => {
  it("finds the innermost node containing an offset", () => {
    const tree = module([exprStmt(sampleCall())]);
    expect(label(nodeAt(tree, 0)!)).toBe("Name:f");
    expect(label(nodeAt(tree, 2)!)).toBe("Constant:1");
    expect(label(nodeAt(tree, 7)!)).toBe("Name:v");
    expect(label(nodeAt(tree, 5)!)).toBe("keyword");
    expect(label(nodeAt(tree, 1)!)).toBe("Call");
    expect(nodeAt(tree, 50)).toBeNull();
  });

  it("finds decorators, which lie outside their definition's range", () => {
    // @deco\ndef f(): pass   — FunctionDef starts at `def` (offset 6), the decorator at 1.
    const fn: FunctionDef = {
      type: "FunctionDef",
      name: "f",
      args: { type: "arguments", posonlyargs: [], args: [], vararg: null, kwonlyargs: [], kw_defaults: [], kwarg: null, defaults: [] },
      body: [{ type: "Pass", ...at(15, 19) }],
      decorator_list: [name("deco", 1)],
      returns: null,
      type_comment: null,
      type_params: [],
      ...at(6, 19),
    };
    const tree = module([fn]);
    expect(label(nodeAt(tree, 2)!)).toBe("Name:deco");
    expect(nodeAt(tree, 16)!.type).toBe("Pass");
    expect(nodeAt(tree, 8)!.type).toBe("FunctionDef");
  });
});

describe("deep trees (explicit stack, no recursion)", () => {
  function deepUnary(depth: number): Expr {
    let e: Expr = name("x", depth);
    for (let i = depth - 1; i >= 0; i--) {
      const u: UnaryOp = { type: "UnaryOp", op: "USub", operand: e, ...at(i, depth + 1) };
      e = u;
    }
    return e;
  }

  it("walk, visit, parentMap, findAll and nodeAt handle 100,000-deep nesting", () => {
    const depth = 100_000;
    const tree = module([exprStmt(deepUnary(depth))]);
    let enters = 0;
    let leaves = 0;
    let maxDepth = 0;
    let d = 0;
    walk(tree, {
      enter() {
        enters++;
        d++;
        if (d > maxDepth) maxDepth = d;
      },
      leave() {
        leaves++;
        d--;
      },
    });
    expect(enters).toBe(depth + 3);
    expect(leaves).toBe(depth + 3);
    expect(maxDepth).toBe(depth + 3);

    let unaries = 0;
    visit(tree, { UnaryOp: () => void unaries++, "Name:exit": () => undefined });
    expect(unaries).toBe(depth);

    const parents = parentMap(tree);
    expect(parents.size).toBe(depth + 3);
    const leaf = findAll(tree, "Name")[0]!;
    expect(ancestors(parents, leaf).length).toBe(depth + 2);
    expect(nodeAt(tree, depth)).toBe(leaf);
  });

  it("handles very wide trees (100,000 siblings)", () => {
    const body = Array.from({ length: 100_000 }, (_, i) => exprStmt(num(i)));
    let last = -1;
    let ordered = true;
    visit(module(body), {
      Constant(node) {
        if ((node.value as number) !== last + 1) ordered = false;
        last = node.value as number;
      },
    });
    expect(ordered).toBe(true);
    expect(last).toBe(99_999);
  });
});
