/**
 * @fileoverview Parser unit tests for PEP 695 type parameters and `type` statements (3.12) and PEP 696
 * type parameter defaults (3.13), including `type` as a soft keyword. Expected dumps come from
 * CPython 3.13 and are hard-coded.
 */
import { describe, expect, it } from "vitest";
import { type Case, first, parseOk, render } from "./_support.js";

const CASES: Case[] = [
  // <TP>
  ["generic function", "def f[T](x: T) -> T:\n    return x\n", "FunctionDef(name=\"f\", args=arguments(args=[arg(arg=\"x\", annotation=Name(id=\"T\", ctx=Load)@1:12-1:13)@1:9-1:13]), body=[Return(value=Name(id=\"x\", ctx=Load)@2:11-2:12)@2:4-2:12], returns=Name(id=\"T\", ctx=Load)@1:18-1:19, type_params=[TypeVar(name=\"T\")@1:6-1:7])@1:0-2:12", true],
  ["generic function with bound, constraints, TypeVarTuple and ParamSpec", "def f[T: int, U: (str, bytes), *Ts, **P]():\n    pass\n", "FunctionDef(name=\"f\", args=arguments(), body=[Pass()@2:4-2:8], type_params=[TypeVar(name=\"T\", bound=Name(id=\"int\", ctx=Load)@1:9-1:12)@1:6-1:12, TypeVar(name=\"U\", bound=Tuple(elts=[Name(id=\"str\", ctx=Load)@1:18-1:21, Name(id=\"bytes\", ctx=Load)@1:23-1:28], ctx=Load)@1:17-1:29)@1:14-1:29, TypeVarTuple(name=\"Ts\")@1:31-1:34, ParamSpec(name=\"P\")@1:36-1:39])@1:0-2:8", true],
  ["generic async function", "async def f[T]():\n    pass\n", "AsyncFunctionDef(name=\"f\", args=arguments(), body=[Pass()@2:4-2:8], type_params=[TypeVar(name=\"T\")@1:12-1:13])@1:0-2:8", true],
  ["generic class", "class C[T](Base[T]):\n    pass\n", "ClassDef(name=\"C\", bases=[Subscript(value=Name(id=\"Base\", ctx=Load)@1:11-1:15, slice=Name(id=\"T\", ctx=Load)@1:16-1:17, ctx=Load)@1:11-1:18], body=[Pass()@2:4-2:8], type_params=[TypeVar(name=\"T\")@1:8-1:9])@1:0-2:8", true],
  ["generic class without bases", "class C[K, V]:\n    pass\n", "ClassDef(name=\"C\", body=[Pass()@2:4-2:8], type_params=[TypeVar(name=\"K\")@1:8-1:9, TypeVar(name=\"V\")@1:11-1:12])@1:0-2:8", true],
  ["decorated generic class", "@dec\nclass C[T]:\n    pass\n", "ClassDef(name=\"C\", body=[Pass()@3:4-3:8], decorator_list=[Name(id=\"dec\", ctx=Load)@1:1-1:4], type_params=[TypeVar(name=\"T\")@2:8-2:9])@2:0-3:8", true],
  ["type statement", "type Point = tuple[float, float]\n", "TypeAlias(name=Name(id=\"Point\", ctx=Store)@1:5-1:10, value=Subscript(value=Name(id=\"tuple\", ctx=Load)@1:13-1:18, slice=Tuple(elts=[Name(id=\"float\", ctx=Load)@1:19-1:24, Name(id=\"float\", ctx=Load)@1:26-1:31], ctx=Load)@1:19-1:31, ctx=Load)@1:13-1:32)@1:0-1:32", true],
  ["generic type alias", "type ListOrSet[T] = list[T] | set[T]\n", "TypeAlias(name=Name(id=\"ListOrSet\", ctx=Store)@1:5-1:14, type_params=[TypeVar(name=\"T\")@1:15-1:16], value=BinOp(left=Subscript(value=Name(id=\"list\", ctx=Load)@1:20-1:24, slice=Name(id=\"T\", ctx=Load)@1:25-1:26, ctx=Load)@1:20-1:27, op=BitOr, right=Subscript(value=Name(id=\"set\", ctx=Load)@1:30-1:33, slice=Name(id=\"T\", ctx=Load)@1:34-1:35, ctx=Load)@1:30-1:36)@1:20-1:36)@1:0-1:36", true],
  ["type alias with all param kinds", "type A[T: int, *Ts, **P] = Callable[P, tuple[T, *Ts]]\n", "TypeAlias(name=Name(id=\"A\", ctx=Store)@1:5-1:6, type_params=[TypeVar(name=\"T\", bound=Name(id=\"int\", ctx=Load)@1:10-1:13)@1:7-1:13, TypeVarTuple(name=\"Ts\")@1:15-1:18, ParamSpec(name=\"P\")@1:20-1:23], value=Subscript(value=Name(id=\"Callable\", ctx=Load)@1:27-1:35, slice=Tuple(elts=[Name(id=\"P\", ctx=Load)@1:36-1:37, Subscript(value=Name(id=\"tuple\", ctx=Load)@1:39-1:44, slice=Tuple(elts=[Name(id=\"T\", ctx=Load)@1:45-1:46, Starred(value=Name(id=\"Ts\", ctx=Load)@1:49-1:51, ctx=Load)@1:48-1:51], ctx=Load)@1:45-1:51, ctx=Load)@1:39-1:52], ctx=Load)@1:36-1:52, ctx=Load)@1:27-1:53)@1:0-1:53", true],
  ["type alias value may be a lambda or conditional", "type A = lambda: 1\ntype B = int if x else str\n", "TypeAlias(name=Name(id=\"A\", ctx=Store)@1:5-1:6, value=Lambda(args=arguments(), body=Constant(value=1)@1:17-1:18)@1:9-1:18)@1:0-1:18\nTypeAlias(name=Name(id=\"B\", ctx=Store)@2:5-2:6, value=IfExp(test=Name(id=\"x\", ctx=Load)@2:16-2:17, body=Name(id=\"int\", ctx=Load)@2:9-2:12, orelse=Name(id=\"str\", ctx=Load)@2:23-2:26)@2:9-2:26)@2:0-2:26", true],
  ["PEP 696 defaults", "def f[T = int, *Ts = *tuple[int], **P = [int, str]]():\n    pass\n", "FunctionDef(name=\"f\", args=arguments(), body=[Pass()@2:4-2:8], type_params=[TypeVar(name=\"T\", default_value=Name(id=\"int\", ctx=Load)@1:10-1:13)@1:6-1:13, TypeVarTuple(name=\"Ts\", default_value=Starred(value=Subscript(value=Name(id=\"tuple\", ctx=Load)@1:22-1:27, slice=Name(id=\"int\", ctx=Load)@1:28-1:31, ctx=Load)@1:22-1:32, ctx=Load)@1:21-1:32)@1:15-1:32, ParamSpec(name=\"P\", default_value=List(elts=[Name(id=\"int\", ctx=Load)@1:41-1:44, Name(id=\"str\", ctx=Load)@1:46-1:49], ctx=Load)@1:40-1:50)@1:34-1:50])@1:0-2:8", true],
  ["PEP 696 default with bound", "class C[T: int = bool]:\n    pass\n", "ClassDef(name=\"C\", body=[Pass()@2:4-2:8], type_params=[TypeVar(name=\"T\", bound=Name(id=\"int\", ctx=Load)@1:11-1:14, default_value=Name(id=\"bool\", ctx=Load)@1:17-1:21)@1:8-1:21])@1:0-2:8", true],
  ["PEP 696 defaults on type alias", "type A[T = int] = list[T]\n", "TypeAlias(name=Name(id=\"A\", ctx=Store)@1:5-1:6, type_params=[TypeVar(name=\"T\", default_value=Name(id=\"int\", ctx=Load)@1:11-1:14)@1:7-1:14], value=Subscript(value=Name(id=\"list\", ctx=Load)@1:18-1:22, slice=Name(id=\"T\", ctx=Load)@1:23-1:24, ctx=Load)@1:18-1:25)@1:0-1:25", true],
  ["type as a soft keyword next to names", "type = 1\ntype.x = 2\ntype(x)\ntype X = int\nprint(type)\n", "Assign(targets=[Name(id=\"type\", ctx=Store)@1:0-1:4], value=Constant(value=1)@1:7-1:8)@1:0-1:8\nAssign(targets=[Attribute(value=Name(id=\"type\", ctx=Load)@2:0-2:4, attr=\"x\", ctx=Store)@2:0-2:6], value=Constant(value=2)@2:9-2:10)@2:0-2:10\nCall(func=Name(id=\"type\", ctx=Load)@3:0-3:4, args=[Name(id=\"x\", ctx=Load)@3:5-3:6])@3:0-3:7\nTypeAlias(name=Name(id=\"X\", ctx=Store)@4:5-4:6, value=Name(id=\"int\", ctx=Load)@4:9-4:12)@4:0-4:12\nCall(func=Name(id=\"print\", ctx=Load)@5:0-5:5, args=[Name(id=\"type\", ctx=Load)@5:6-5:10])@5:0-5:11", true],
  ["type statement with trailing comma in params", "type A[T,] = T\n", "TypeAlias(name=Name(id=\"A\", ctx=Store)@1:5-1:6, type_params=[TypeVar(name=\"T\")@1:7-1:8], value=Name(id=\"T\", ctx=Load)@1:13-1:14)@1:0-1:14", true],
  ["multi-line type params", "def f[\n    T,\n    U: int,\n](a: T, b: U):\n    pass\n", "FunctionDef(name=\"f\", args=arguments(args=[arg(arg=\"a\", annotation=Name(id=\"T\", ctx=Load)@4:5-4:6)@4:2-4:6, arg(arg=\"b\", annotation=Name(id=\"U\", ctx=Load)@4:11-4:12)@4:8-4:12]), body=[Pass()@5:4-5:8], type_params=[TypeVar(name=\"T\")@2:4-2:5, TypeVar(name=\"U\", bound=Name(id=\"int\", ctx=Load)@3:7-3:10)@3:4-3:10])@1:0-5:8", true],
  // </TP>
];

describe("type parameters match CPython 3.13's tree", () => {
  it.each(CASES)("%s", (_title, src, expected, pos) => {
    expect(render(src, pos)).toBe(expected);
  });
});

describe("type parameter details", () => {
  it("TypeAlias.name is a Store Name; functions/classes without params have empty type_params", () => {
    const mod = parseOk("type X = int\ndef f(): pass\nclass C: pass\n");
    const ta = first(mod, "TypeAlias");
    expect(ta.name).toMatchObject({ type: "Name", id: "X", ctx: "Store" });
    expect(first(mod, "FunctionDef").type_params).toEqual([]);
    expect(first(mod, "ClassDef").type_params).toEqual([]);
  });

  it("bound and default_value are null when absent", () => {
    const tv = first(parseOk("def f[T](): pass\n"), "TypeVar");
    expect(tv.bound).toBeNull();
    expect(tv.default_value).toBeNull();
    const ps = first(parseOk("def f[**P](): pass\n"), "ParamSpec");
    expect(ps.default_value).toBeNull();
  });
});
