/**
 * @fileoverview Walker and position helpers on parsed trees: visitor order on real code, parent maps,
 * nodeAt on decorated definitions, and LineIndex-based locations (1-based UTF-16 columns) of nodes on
 * lines with non-ASCII text.
 */
import { describe, expect, it } from "vitest";
import type { Node } from "../../src/python/ast.js";
import { parse } from "../../src/python/index.js";
import { LineIndex, nodeLocation, nodeLspRange, nodeOffsets, nodeText } from "../../src/python/positions.js";
import { ancestors, findAll, nodeAt, parentMap, visit, walk } from "../../src/python/walker.js";
import { parseOk } from "./_support.js";

const APP = `from flask import Flask, request

app = Flask(__name__)
app.config["SECRET_KEY"] = "dev"  # é


@app.route("/hello/<name>", methods=["GET", "POST"])
def hello(name: str) -> str:
    if request.method == "POST":
        return f"héllo {name!r} 😀 {request.form['x']}"
    return render_template("hello.html", name=name)
`;

describe("walker on a parsed Flask app", () => {
  const mod = parseOk(APP);

  it("visits calls in source order with their callee names", () => {
    const callees: string[] = [];
    visit(mod, {
      Call(node) {
        const f = node.func;
        callees.push(f.type === "Name" ? f.id : f.type === "Attribute" ? `.${f.attr}` : f.type);
      },
    });
    expect(callees).toEqual(["Flask", ".route", "render_template"]);
  });

  it("enter/leave are balanced and every node has a parent in the parent map", () => {
    const parents = parentMap(mod);
    let depth = 0;
    let count = 0;
    walk(mod, {
      enter(node, parent) {
        depth++;
        count++;
        expect(parents.get(node)).toBe(parent);
      },
      leave() {
        depth--;
      },
    });
    expect(depth).toBe(0);
    expect(parents.size).toBe(count);
  });

  it("ancestors of the route decorator's string reach the FunctionDef and Module", () => {
    const parents = parentMap(mod);
    const route = findAll(mod, "Constant").find((c) => c.value === "/hello/<name>")!;
    expect(ancestors(parents, route).map((n) => n.type)).toEqual(["Call", "FunctionDef", "Module"]);
  });

  it("nodeAt finds nodes inside decorators, f-strings and bodies", () => {
    const at = (needle: string, delta = 0): Node | null => nodeAt(mod, APP.indexOf(needle) + delta);
    expect(at('"/hello/<name>"')).toMatchObject({ type: "Constant", value: "/hello/<name>" });
    expect(at("route")).toMatchObject({ type: "Attribute", attr: "route" });
    expect(at("name!r", 0)).toMatchObject({ type: "Name", id: "name" });
    expect(at("form['x']")).toMatchObject({ type: "Attribute", attr: "form" });
    expect(at("return render")).toMatchObject({ type: "Return" });
  });
});

describe("positions of parsed nodes", () => {
  const r = parse(APP);
  const mod = r.module!;
  const index = new LineIndex(r.text);

  it("nodeOffsets/nodeText agree with start/end and with CPython attributes", () => {
    walk(mod, {
      enter(node) {
        if (!("lineno" in node) || !("start" in node)) return;
        const fromAttrs = nodeOffsets(index, {
          lineno: node.lineno,
          col_offset: node.col_offset,
          end_lineno: node.end_lineno,
          end_col_offset: node.end_col_offset,
        });
        expect(fromAttrs).toEqual({ start: node.start, end: node.end });
        expect(nodeText(index, node)).toBe(r.text.slice(node.start, node.end));
      },
    });
  });

  it("nodeLocation gives 1-based UTF-16 columns on non-ASCII lines", () => {
    const fs = findAll(mod, "JoinedStr")[0]!;
    // `        return f"héllo {name!r} 😀 {request.form['x']}"` — the f-string starts at UTF-16 column 15.
    const line = APP.split("\n")[9]!;
    expect(nodeLocation(index, fs)).toEqual({ line: 10, column: 16, endLine: 10, endColumn: line.length + 1 });
    expect(fs.end_col_offset).toBe(Buffer.byteLength(line));
    const sub = findAll(mod, "Subscript").find((s) => s.lineno === 10)!;
    const col16 = line.indexOf("request.form");
    expect(nodeLspRange(index, sub)).toEqual({
      start: { line: 9, character: col16 },
      end: { line: 9, character: col16 + "request.form['x']".length },
    });
    expect(sub.col_offset).toBe(Buffer.byteLength(line.slice(0, col16)));
  });

  it("comment positions convert like node positions", () => {
    const c = r.comments[0]!;
    expect(c.text).toBe("# é");
    expect(nodeLocation(index, c)).toEqual({ line: 4, column: 35, endLine: 4, endColumn: 35 });
    expect(index.offsetOfByteColumn(c.lineno, c.col_offset)).toBe(c.start);
  });
});
