/**
 * @fileoverview Parser unit tests for expressions: operators and precedence, chained comparisons,
 * calls with every argument form, subscripts and slices, lambdas, walrus, displays and comprehensions
 * (with `*`/`**` unpacking), await/yield, constants and numeric literal forms (with their TypeScript
 * value types: number, bigint, PyFloat, PyComplex). Expected dumps come from CPython 3.13 and are
 * hard-coded.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PY_ELLIPSIS, PyComplex, PyFloat, type Constant } from "../../src/python/ast.js";
import { type Case, first, parseOk, render } from "./_support.js";

const CASES: Case[] = [
  // <EXPR>
  ["names and attribute chains", "a.b.c\n", "Attribute(value=Attribute(value=Name(id=\"a\", ctx=Load)@1:0-1:1, attr=\"b\", ctx=Load)@1:0-1:3, attr=\"c\", ctx=Load)@1:0-1:5", true],
  ["calls with every argument form", "f(a, *b, c=1, *d, **e, g=2)\n", "Call(func=Name(id=\"f\", ctx=Load)@1:0-1:1, args=[Name(id=\"a\", ctx=Load)@1:2-1:3, Starred(value=Name(id=\"b\", ctx=Load)@1:6-1:7, ctx=Load)@1:5-1:7, Starred(value=Name(id=\"d\", ctx=Load)@1:15-1:16, ctx=Load)@1:14-1:16], keywords=[keyword(arg=\"c\", value=Constant(value=1)@1:11-1:12)@1:9-1:12, keyword(value=Name(id=\"e\", ctx=Load)@1:20-1:21)@1:18-1:21, keyword(arg=\"g\", value=Constant(value=2)@1:25-1:26)@1:23-1:26])@1:0-1:27", true],
  ["call with a generator argument", "f(x for x in y)\n", "Call(func=Name(id=\"f\", ctx=Load)@1:0-1:1, args=[GeneratorExp(elt=Name(id=\"x\", ctx=Load)@1:2-1:3, generators=[comprehension(target=Name(id=\"x\", ctx=Store)@1:8-1:9, iter=Name(id=\"y\", ctx=Load)@1:13-1:14, is_async=0)])@1:1-1:15])@1:0-1:15", true],
  ["call with trailing comma", "f(a, b,)\n", "Call(func=Name(id=\"f\", ctx=Load)@1:0-1:1, args=[Name(id=\"a\", ctx=Load)@1:2-1:3, Name(id=\"b\", ctx=Load)@1:5-1:6])@1:0-1:8", true],
  ["subscript with index, tuple and slices", "a[1]\na[1, 2]\na[1:2]\na[:]\na[::2]\na[1:2:3]\na[:, 1:]\na[..., None]\n", "Subscript(value=Name(id=\"a\", ctx=Load)@1:0-1:1, slice=Constant(value=1)@1:2-1:3, ctx=Load)@1:0-1:4\nSubscript(value=Name(id=\"a\", ctx=Load)@2:0-2:1, slice=Tuple(elts=[Constant(value=1)@2:2-2:3, Constant(value=2)@2:5-2:6], ctx=Load)@2:2-2:6, ctx=Load)@2:0-2:7\nSubscript(value=Name(id=\"a\", ctx=Load)@3:0-3:1, slice=Slice(lower=Constant(value=1)@3:2-3:3, upper=Constant(value=2)@3:4-3:5)@3:2-3:5, ctx=Load)@3:0-3:6\nSubscript(value=Name(id=\"a\", ctx=Load)@4:0-4:1, slice=Slice()@4:2-4:3, ctx=Load)@4:0-4:4\nSubscript(value=Name(id=\"a\", ctx=Load)@5:0-5:1, slice=Slice(step=Constant(value=2)@5:4-5:5)@5:2-5:5, ctx=Load)@5:0-5:6\nSubscript(value=Name(id=\"a\", ctx=Load)@6:0-6:1, slice=Slice(lower=Constant(value=1)@6:2-6:3, upper=Constant(value=2)@6:4-6:5, step=Constant(value=3)@6:6-6:7)@6:2-6:7, ctx=Load)@6:0-6:8\nSubscript(value=Name(id=\"a\", ctx=Load)@7:0-7:1, slice=Tuple(elts=[Slice()@7:2-7:3, Slice(lower=Constant(value=1)@7:5-7:6)@7:5-7:7], ctx=Load)@7:2-7:7, ctx=Load)@7:0-7:8\nSubscript(value=Name(id=\"a\", ctx=Load)@8:0-8:1, slice=Tuple(elts=[Constant(value=Ellipsis)@8:2-8:5, Constant()@8:7-8:11], ctx=Load)@8:2-8:11, ctx=Load)@8:0-8:12", true],
  ["subscript with starred (3.11)", "a[*b]\na[1, *b]\n", "Subscript(value=Name(id=\"a\", ctx=Load)@1:0-1:1, slice=Tuple(elts=[Starred(value=Name(id=\"b\", ctx=Load)@1:3-1:4, ctx=Load)@1:2-1:4], ctx=Load)@1:2-1:4, ctx=Load)@1:0-1:5\nSubscript(value=Name(id=\"a\", ctx=Load)@2:0-2:1, slice=Tuple(elts=[Constant(value=1)@2:2-2:3, Starred(value=Name(id=\"b\", ctx=Load)@2:6-2:7, ctx=Load)@2:5-2:7], ctx=Load)@2:2-2:7, ctx=Load)@2:0-2:8", true],
  ["slice with walrus-free lambda", "a[lambda: 1:2]\n", "Subscript(value=Name(id=\"a\", ctx=Load), slice=Slice(lower=Lambda(args=arguments(), body=Constant(value=1)), upper=Constant(value=2)), ctx=Load)", false],
  ["binary operator precedence", "a + b * c ** -d // e @ f % g - h\n", "BinOp(left=BinOp(left=Name(id=\"a\", ctx=Load)@1:0-1:1, op=Add, right=BinOp(left=BinOp(left=BinOp(left=BinOp(left=Name(id=\"b\", ctx=Load)@1:4-1:5, op=Mult, right=BinOp(left=Name(id=\"c\", ctx=Load)@1:8-1:9, op=Pow, right=UnaryOp(op=USub, operand=Name(id=\"d\", ctx=Load)@1:14-1:15)@1:13-1:15)@1:8-1:15)@1:4-1:15, op=FloorDiv, right=Name(id=\"e\", ctx=Load)@1:19-1:20)@1:4-1:20, op=MatMult, right=Name(id=\"f\", ctx=Load)@1:23-1:24)@1:4-1:24, op=Mod, right=Name(id=\"g\", ctx=Load)@1:27-1:28)@1:4-1:28)@1:0-1:28, op=Sub, right=Name(id=\"h\", ctx=Load)@1:31-1:32)@1:0-1:32", true],
  ["power is right-associative and binds tighter than unary minus", "-a ** -b ** c\n", "UnaryOp(op=USub, operand=BinOp(left=Name(id=\"a\", ctx=Load)@1:1-1:2, op=Pow, right=UnaryOp(op=USub, operand=BinOp(left=Name(id=\"b\", ctx=Load)@1:7-1:8, op=Pow, right=Name(id=\"c\", ctx=Load)@1:12-1:13)@1:7-1:13)@1:6-1:13)@1:1-1:13)@1:0-1:13", true],
  ["shift, bitwise and/xor/or precedence", "a << b >> c & d ^ e | f\n", "BinOp(left=BinOp(left=BinOp(left=BinOp(left=BinOp(left=Name(id=\"a\", ctx=Load)@1:0-1:1, op=LShift, right=Name(id=\"b\", ctx=Load)@1:5-1:6)@1:0-1:6, op=RShift, right=Name(id=\"c\", ctx=Load)@1:10-1:11)@1:0-1:11, op=BitAnd, right=Name(id=\"d\", ctx=Load)@1:14-1:15)@1:0-1:15, op=BitXor, right=Name(id=\"e\", ctx=Load)@1:18-1:19)@1:0-1:19, op=BitOr, right=Name(id=\"f\", ctx=Load)@1:22-1:23)@1:0-1:23", true],
  ["unary operators", "not -+~a\n", "UnaryOp(op=Not, operand=UnaryOp(op=USub, operand=UnaryOp(op=UAdd, operand=UnaryOp(op=Invert, operand=Name(id=\"a\", ctx=Load)@1:7-1:8)@1:6-1:8)@1:5-1:8)@1:4-1:8)@1:0-1:8", true],
  ["boolean operators flatten and nest", "a and b and c or d or e and f\n", "BoolOp(op=Or, values=[BoolOp(op=And, values=[Name(id=\"a\", ctx=Load)@1:0-1:1, Name(id=\"b\", ctx=Load)@1:6-1:7, Name(id=\"c\", ctx=Load)@1:12-1:13])@1:0-1:13, Name(id=\"d\", ctx=Load)@1:17-1:18, BoolOp(op=And, values=[Name(id=\"e\", ctx=Load)@1:22-1:23, Name(id=\"f\", ctx=Load)@1:28-1:29])@1:22-1:29])@1:0-1:29", true],
  ["not binds looser than comparison", "not a == b\n", "UnaryOp(op=Not, operand=Compare(left=Name(id=\"a\", ctx=Load)@1:4-1:5, ops=[Eq], comparators=[Name(id=\"b\", ctx=Load)@1:9-1:10])@1:4-1:10)@1:0-1:10", true],
  ["chained comparisons with every operator", "a < b <= c > d >= e == f != g is h is not i in j not in k\n", "Compare(left=Name(id=\"a\", ctx=Load)@1:0-1:1, ops=[Lt, LtE, Gt, GtE, Eq, NotEq, Is, IsNot, In, NotIn], comparators=[Name(id=\"b\", ctx=Load)@1:4-1:5, Name(id=\"c\", ctx=Load)@1:9-1:10, Name(id=\"d\", ctx=Load)@1:13-1:14, Name(id=\"e\", ctx=Load)@1:18-1:19, Name(id=\"f\", ctx=Load)@1:23-1:24, Name(id=\"g\", ctx=Load)@1:28-1:29, Name(id=\"h\", ctx=Load)@1:33-1:34, Name(id=\"i\", ctx=Load)@1:42-1:43, Name(id=\"j\", ctx=Load)@1:47-1:48, Name(id=\"k\", ctx=Load)@1:56-1:57])@1:0-1:57", true],
  ["conditional expression (nested, right-assoc)", "a if b else c if d else e\n", "IfExp(test=Name(id=\"b\", ctx=Load)@1:5-1:6, body=Name(id=\"a\", ctx=Load)@1:0-1:1, orelse=IfExp(test=Name(id=\"d\", ctx=Load)@1:17-1:18, body=Name(id=\"c\", ctx=Load)@1:12-1:13, orelse=Name(id=\"e\", ctx=Load)@1:24-1:25)@1:12-1:25)@1:0-1:25", true],
  ["lambda with defaults and all parameter kinds", "lambda a, b=1, /, c=2, *args, d, e=3, **kw: 0\n", "Lambda(args=arguments(posonlyargs=[arg(arg=\"a\")@1:7-1:8, arg(arg=\"b\")@1:10-1:11], args=[arg(arg=\"c\")@1:18-1:19], vararg=arg(arg=\"args\")@1:24-1:28, kwonlyargs=[arg(arg=\"d\")@1:30-1:31, arg(arg=\"e\")@1:33-1:34], kw_defaults=[None, Constant(value=3)@1:35-1:36], kwarg=arg(arg=\"kw\")@1:40-1:42, defaults=[Constant(value=1)@1:12-1:13, Constant(value=2)@1:20-1:21]), body=Constant(value=0)@1:44-1:45)@1:0-1:45", true],
  ["lambda without parameters and with star only", "lambda: 0\nlambda *, k: k\nlambda *a: a\n", "Lambda(args=arguments(), body=Constant(value=0)@1:8-1:9)@1:0-1:9\nLambda(args=arguments(kwonlyargs=[arg(arg=\"k\")@2:10-2:11], kw_defaults=[None]), body=Name(id=\"k\", ctx=Load)@2:13-2:14)@2:0-2:14\nLambda(args=arguments(vararg=arg(arg=\"a\")@3:8-3:9), body=Name(id=\"a\", ctx=Load)@3:11-3:12)@3:0-3:12", true],
  ["nested lambda", "lambda x: lambda y: x + y\n", "Lambda(args=arguments(args=[arg(arg=\"x\")]), body=Lambda(args=arguments(args=[arg(arg=\"y\")]), body=BinOp(left=Name(id=\"x\", ctx=Load), op=Add, right=Name(id=\"y\", ctx=Load))))", false],
  ["walrus in if/while and comprehension", "if (n := len(a)) > 10:\n    pass\nwhile chunk := f.read():\n    pass\n[y for x in data if (y := g(x))]\n", "If(test=Compare(left=NamedExpr(target=Name(id=\"n\", ctx=Store)@1:4-1:5, value=Call(func=Name(id=\"len\", ctx=Load)@1:9-1:12, args=[Name(id=\"a\", ctx=Load)@1:13-1:14])@1:9-1:15)@1:4-1:15, ops=[Gt], comparators=[Constant(value=10)@1:19-1:21])@1:3-1:21, body=[Pass()@2:4-2:8])@1:0-2:8\nWhile(test=NamedExpr(target=Name(id=\"chunk\", ctx=Store)@3:6-3:11, value=Call(func=Attribute(value=Name(id=\"f\", ctx=Load)@3:15-3:16, attr=\"read\", ctx=Load)@3:15-3:21)@3:15-3:23)@3:6-3:23, body=[Pass()@4:4-4:8])@3:0-4:8\nListComp(elt=Name(id=\"y\", ctx=Load)@5:1-5:2, generators=[comprehension(target=Name(id=\"x\", ctx=Store)@5:7-5:8, iter=Name(id=\"data\", ctx=Load)@5:12-5:16, ifs=[NamedExpr(target=Name(id=\"y\", ctx=Store)@5:21-5:22, value=Call(func=Name(id=\"g\", ctx=Load)@5:26-5:27, args=[Name(id=\"x\", ctx=Load)@5:28-5:29])@5:26-5:30)@5:21-5:30], is_async=0)])@5:0-5:32", true],
  ["walrus in call argument and subscript", "f(x := 1)\na[b := 2]\n", "Call(func=Name(id=\"f\", ctx=Load)@1:0-1:1, args=[NamedExpr(target=Name(id=\"x\", ctx=Store)@1:2-1:3, value=Constant(value=1)@1:7-1:8)@1:2-1:8])@1:0-1:9\nSubscript(value=Name(id=\"a\", ctx=Load)@2:0-2:1, slice=NamedExpr(target=Name(id=\"b\", ctx=Store)@2:2-2:3, value=Constant(value=2)@2:7-2:8)@2:2-2:8, ctx=Load)@2:0-2:9", true],
  ["unparenthesized walrus in set/list/index (3.10)", "{x := 1, 2}\n[y := 3]\n", "Set(elts=[NamedExpr(target=Name(id=\"x\", ctx=Store), value=Constant(value=1)), Constant(value=2)])\nList(elts=[NamedExpr(target=Name(id=\"y\", ctx=Store), value=Constant(value=3))], ctx=Load)", false],
  ["list, tuple, set and dict displays", "[]\n()\n(1,)\n1,\n[1, 2]\n{1, 2}\n{}\n{1: 2, 'a': b}\n", "List(ctx=Load)@1:0-1:2\nTuple(ctx=Load)@2:0-2:2\nTuple(elts=[Constant(value=1)@3:1-3:2], ctx=Load)@3:0-3:4\nTuple(elts=[Constant(value=1)@4:0-4:1], ctx=Load)@4:0-4:2\nList(elts=[Constant(value=1)@5:1-5:2, Constant(value=2)@5:4-5:5], ctx=Load)@5:0-5:6\nSet(elts=[Constant(value=1)@6:1-6:2, Constant(value=2)@6:4-6:5])@6:0-6:6\nDict()@7:0-7:2\nDict(keys=[Constant(value=1)@8:1-8:2, Constant(value=\"a\")@8:7-8:10], values=[Constant(value=2)@8:4-8:5, Name(id=\"b\", ctx=Load)@8:12-8:13])@8:0-8:14", true],
  ["dict with ** unpacking", "{**a, 'b': 1, **c}\n", "Dict(keys=[None, Constant(value=\"b\")@1:6-1:9, None], values=[Name(id=\"a\", ctx=Load)@1:3-1:4, Constant(value=1)@1:11-1:12, Name(id=\"c\", ctx=Load)@1:16-1:17])@1:0-1:18", true],
  ["starred in list, set and tuple displays", "[*a, *b]\n{*a, 1}\n(*a, b)\n*a, b\n", "List(elts=[Starred(value=Name(id=\"a\", ctx=Load)@1:2-1:3, ctx=Load)@1:1-1:3, Starred(value=Name(id=\"b\", ctx=Load)@1:6-1:7, ctx=Load)@1:5-1:7], ctx=Load)@1:0-1:8\nSet(elts=[Starred(value=Name(id=\"a\", ctx=Load)@2:2-2:3, ctx=Load)@2:1-2:3, Constant(value=1)@2:5-2:6])@2:0-2:7\nTuple(elts=[Starred(value=Name(id=\"a\", ctx=Load)@3:2-3:3, ctx=Load)@3:1-3:3, Name(id=\"b\", ctx=Load)@3:5-3:6], ctx=Load)@3:0-3:7\nTuple(elts=[Starred(value=Name(id=\"a\", ctx=Load)@4:1-4:2, ctx=Load)@4:0-4:2, Name(id=\"b\", ctx=Load)@4:4-4:5], ctx=Load)@4:0-4:5", true],
  ["list, set, dict comprehensions and generator", "[x for x in y]\n{x for x in y}\n{k: v for k, v in items}\n(x for x in y)\n", "ListComp(elt=Name(id=\"x\", ctx=Load)@1:1-1:2, generators=[comprehension(target=Name(id=\"x\", ctx=Store)@1:7-1:8, iter=Name(id=\"y\", ctx=Load)@1:12-1:13, is_async=0)])@1:0-1:14\nSetComp(elt=Name(id=\"x\", ctx=Load)@2:1-2:2, generators=[comprehension(target=Name(id=\"x\", ctx=Store)@2:7-2:8, iter=Name(id=\"y\", ctx=Load)@2:12-2:13, is_async=0)])@2:0-2:14\nDictComp(key=Name(id=\"k\", ctx=Load)@3:1-3:2, value=Name(id=\"v\", ctx=Load)@3:4-3:5, generators=[comprehension(target=Tuple(elts=[Name(id=\"k\", ctx=Store)@3:10-3:11, Name(id=\"v\", ctx=Store)@3:13-3:14], ctx=Store)@3:10-3:14, iter=Name(id=\"items\", ctx=Load)@3:18-3:23, is_async=0)])@3:0-3:24\nGeneratorExp(elt=Name(id=\"x\", ctx=Load)@4:1-4:2, generators=[comprehension(target=Name(id=\"x\", ctx=Store)@4:7-4:8, iter=Name(id=\"y\", ctx=Load)@4:12-4:13, is_async=0)])@4:0-4:14", true],
  ["comprehension with several for/if clauses", "[(x, y) for x in a if x if x > 0 for y in b if y]\n", "ListComp(elt=Tuple(elts=[Name(id=\"x\", ctx=Load)@1:2-1:3, Name(id=\"y\", ctx=Load)@1:5-1:6], ctx=Load)@1:1-1:7, generators=[comprehension(target=Name(id=\"x\", ctx=Store)@1:12-1:13, iter=Name(id=\"a\", ctx=Load)@1:17-1:18, ifs=[Name(id=\"x\", ctx=Load)@1:22-1:23, Compare(left=Name(id=\"x\", ctx=Load)@1:27-1:28, ops=[Gt], comparators=[Constant(value=0)@1:31-1:32])@1:27-1:32], is_async=0), comprehension(target=Name(id=\"y\", ctx=Store)@1:37-1:38, iter=Name(id=\"b\", ctx=Load)@1:42-1:43, ifs=[Name(id=\"y\", ctx=Load)@1:47-1:48], is_async=0)])@1:0-1:49", true],
  ["async comprehension", "async def f():\n    return [x async for x in aiter() if await x]\n", "AsyncFunctionDef(name=\"f\", args=arguments(), body=[Return(value=ListComp(elt=Name(id=\"x\", ctx=Load)@2:12-2:13, generators=[comprehension(target=Name(id=\"x\", ctx=Store)@2:24-2:25, iter=Call(func=Name(id=\"aiter\", ctx=Load)@2:29-2:34)@2:29-2:36, ifs=[Await(value=Name(id=\"x\", ctx=Load)@2:46-2:47)@2:40-2:47], is_async=1)])@2:11-2:48)@2:4-2:48])@1:0-2:48", true],
  ["await, yield, yield from", "async def f():\n    await g()\n    return await a.b\ndef g():\n    yield\n    yield 1\n    yield from h()\n    x = (yield)\n", "AsyncFunctionDef(name=\"f\", args=arguments(), body=[Expr(value=Await(value=Call(func=Name(id=\"g\", ctx=Load)@2:10-2:11)@2:10-2:13)@2:4-2:13)@2:4-2:13, Return(value=Await(value=Attribute(value=Name(id=\"a\", ctx=Load)@3:17-3:18, attr=\"b\", ctx=Load)@3:17-3:20)@3:11-3:20)@3:4-3:20])@1:0-3:20\nFunctionDef(name=\"g\", args=arguments(), body=[Expr(value=Yield()@5:4-5:9)@5:4-5:9, Expr(value=Yield(value=Constant(value=1)@6:10-6:11)@6:4-6:11)@6:4-6:11, Expr(value=YieldFrom(value=Call(func=Name(id=\"h\", ctx=Load)@7:15-7:16)@7:15-7:18)@7:4-7:18)@7:4-7:18, Assign(targets=[Name(id=\"x\", ctx=Store)@8:4-8:5], value=Yield()@8:9-8:14)@8:4-8:15])@4:0-8:15", true],
  ["parenthesized expression keeps inner positions", "(a)\n((a + b))\n", "Name(id=\"a\", ctx=Load)@1:1-1:2\nBinOp(left=Name(id=\"a\", ctx=Load)@2:2-2:3, op=Add, right=Name(id=\"b\", ctx=Load)@2:6-2:7)@2:2-2:7", true],
  ["ellipsis", "...\nx[...]\n", "Constant(value=Ellipsis)@1:0-1:3\nSubscript(value=Name(id=\"x\", ctx=Load)@2:0-2:1, slice=Constant(value=Ellipsis)@2:2-2:5, ctx=Load)@2:0-2:6", true],
  ["None, True, False constants", "None\nTrue\nFalse\n", "Constant()@1:0-1:4\nConstant(value=True)@2:0-2:4\nConstant(value=False)@3:0-3:5", true],
  ["attribute on a number and string", "1 .real\n'a'.join\n1.0.hex\n", "Attribute(value=Constant(value=1)@1:0-1:1, attr=\"real\", ctx=Load)@1:0-1:7\nAttribute(value=Constant(value=\"a\")@2:0-2:3, attr=\"join\", ctx=Load)@2:0-2:8\nAttribute(value=Constant(value=1.0)@3:0-3:3, attr=\"hex\", ctx=Load)@3:0-3:7", true],
  ["call/subscript/attribute chain", "a.b(c)[d].e(f)(g)\n", "Call(func=Call(func=Attribute(value=Subscript(value=Call(func=Attribute(value=Name(id=\"a\", ctx=Load)@1:0-1:1, attr=\"b\", ctx=Load)@1:0-1:3, args=[Name(id=\"c\", ctx=Load)@1:4-1:5])@1:0-1:6, slice=Name(id=\"d\", ctx=Load)@1:7-1:8, ctx=Load)@1:0-1:9, attr=\"e\", ctx=Load)@1:0-1:11, args=[Name(id=\"f\", ctx=Load)@1:12-1:13])@1:0-1:14, args=[Name(id=\"g\", ctx=Load)@1:15-1:16])@1:0-1:17", true],
  ["star in index of return/yield", "def f():\n    yield *a, b\n", "FunctionDef(name=\"f\", args=arguments(), body=[Expr(value=Yield(value=Tuple(elts=[Starred(value=Name(id=\"a\", ctx=Load), ctx=Load), Name(id=\"b\", ctx=Load)], ctx=Load)))])", false],
  ["conditional lambda", "lambda: a if b else c\n", "Lambda(args=arguments(), body=IfExp(test=Name(id=\"b\", ctx=Load), body=Name(id=\"a\", ctx=Load), orelse=Name(id=\"c\", ctx=Load)))", false],
  ["keyword argument named match/case/type", "f(match=1, case=2, type=3)\n", "Call(func=Name(id=\"f\", ctx=Load), keywords=[keyword(arg=\"match\", value=Constant(value=1)), keyword(arg=\"case\", value=Constant(value=2)), keyword(arg=\"type\", value=Constant(value=3))])", false],
  ["unicode identifiers", "é = 1\nπ + 日本\n", "Assign(targets=[Name(id=\"é\", ctx=Store)@1:0-1:2], value=Constant(value=1)@1:5-1:6)@1:0-1:6\nBinOp(left=Name(id=\"π\", ctx=Load)@2:0-2:2, op=Add, right=Name(id=\"日本\", ctx=Load)@2:5-2:11)@2:0-2:11", true],
  ["non-BMP identifier", "𝒳 = 1\n", "Assign(targets=[Name(id=\"X\", ctx=Store)@1:0-1:4], value=Constant(value=1)@1:7-1:8)@1:0-1:8", true],
  // </EXPR>
];

const NUMBERS: Case[] = [
  // <NUM>
  ["decimal, hex, octal, binary ints with underscores", "0\n1_000\n0x_FF\n0o17\n0B1010\n0XdeadBEEF\n", "Constant(value=0)@1:0-1:1\nConstant(value=1000)@2:0-2:5\nConstant(value=255)@3:0-3:5\nConstant(value=15)@4:0-4:4\nConstant(value=10)@5:0-5:6\nConstant(value=3735928559)@6:0-6:10", true],
  ["floats", "1.0\n1.\n.5\n1e10\n1E-5\n1_0.0_1e+1_0\n0.0\n", "Constant(value=1.0)@1:0-1:3\nConstant(value=1.0)@2:0-2:2\nConstant(value=0.5)@3:0-3:2\nConstant(value=10000000000.0)@4:0-4:4\nConstant(value=1e-05)@5:0-5:4\nConstant(value=100100000000.0)@6:0-6:12\nConstant(value=0.0)@7:0-7:3", true],
  ["imaginary literals", "1j\n1.5J\n1e3j\n0j\n", "Constant(value=1j)@1:0-1:2\nConstant(value=1.5j)@2:0-2:4\nConstant(value=1000j)@3:0-3:4\nConstant(value=0j)@4:0-4:2", true],
  ["big ints beyond 2**53", "9007199254740993\n0xFFFFFFFFFFFFFFFFFFFF\n123456789012345678901234567890\n", "Constant(value=9007199254740993)@1:0-1:16\nConstant(value=1208925819614629174706175)@2:0-2:22\nConstant(value=123456789012345678901234567890)@3:0-3:30", true],
  ["negative numbers are UnaryOp", "-1\n-1.5\n", "UnaryOp(op=USub, operand=Constant(value=1)@1:1-1:2)@1:0-1:2\nUnaryOp(op=USub, operand=Constant(value=1.5)@2:1-2:4)@2:0-2:4", true],
  ["large float and float precision", "1e308\n1e400\n0.1\n2.5e-320\n", "Constant(value=1e+308)\nConstant(value=inf)\nConstant(value=0.1)\nConstant(value=2.5e-320)", false],
  ["leading zeros", "00\n0_0\n", "Constant(value=0)@1:0-1:2\nConstant(value=0)@2:0-2:3", true],
  // </NUM>
];

describe("expressions match CPython's tree (fields, ctx, positions)", () => {
  it.each(CASES)("%s", (_title, src, expected, pos) => {
    expect(render(src, pos)).toBe(expected);
  });
});

describe("numeric literals match CPython's values and positions", () => {
  it.each(NUMBERS)("%s", (_title, src, expected, pos) => {
    expect(render(src, pos)).toBe(expected);
  });
});

/** The constant of a one-expression module. */
function constant(src: string): Constant {
  return first(parseOk(src), "Constant");
}

describe("constant value types", () => {
  it("ints are numbers when safe, bigints beyond 2^53", () => {
    expect(constant("42").value).toBe(42);
    expect(constant("0x10").value).toBe(16);
    expect(constant("0o777").value).toBe(511);
    expect(constant("0b1_0").value).toBe(2);
    expect(constant("9007199254740991").value).toBe(9007199254740991);
    expect(constant("9007199254740993").value).toBe(9007199254740993n);
    expect(constant("0xFFFFFFFFFFFFFFFFFFFF").value).toBe(0xffffffffffffffffffffn);
    expect(constant("1" + "0".repeat(40)).value).toBe(10n ** 40n);
  });

  it("floats are PyFloat, never plain numbers (1.0 is distinct from 1)", () => {
    const v = constant("1.0").value;
    expect(v).toBeInstanceOf(PyFloat);
    expect((v as PyFloat).value).toBe(1);
    expect((constant("1_000.5e-3").value as PyFloat).value).toBe(1.0005);
    expect((constant("1e400").value as PyFloat).value).toBe(Infinity);
    expect((constant("5.").value as PyFloat).value).toBe(5);
    expect((constant(".25").value as PyFloat).value).toBe(0.25);
  });

  it("imaginary literals are PyComplex", () => {
    const v = constant("2.5j").value;
    expect(v).toBeInstanceOf(PyComplex);
    expect((v as PyComplex).imag).toBe(2.5);
    expect((constant("10J").value as PyComplex).imag).toBe(10);
  });

  it("True/False are booleans, None is null, ... is PY_ELLIPSIS, kind is null", () => {
    expect(constant("True").value).toBe(true);
    expect(constant("False").value).toBe(false);
    expect(constant("None").value).toBeNull();
    expect(constant("...").value).toBe(PY_ELLIPSIS);
    expect(constant("1").kind).toBeNull();
  });
});

describe("operators and contexts as strings", () => {
  it("Compare keeps one op per comparator, in order, including the two-word operators", () => {
    const cmp = first(parseOk("a not in b is not c in d is e"), "Compare");
    expect(cmp.ops).toEqual(["NotIn", "IsNot", "In", "Is"]);
    expect(cmp.comparators.length).toBe(4);
  });

  it("Starred in a call is Load, in a target Store, in del targets Del", () => {
    const mod = parseOk("f(*a)\n*b, c = d\ndel e.f, g[0]\n");
    expect(first(mod.body[0]!, "Starred").ctx).toBe("Load");
    expect(first(mod.body[1]!, "Starred").ctx).toBe("Store");
    expect(first(mod.body[2]!, "Attribute").ctx).toBe("Del");
    expect(first(mod.body[2]!, "Subscript").ctx).toBe("Del");
  });
});

describe("deep and long expressions", () => {
  it("parses a 100,000-operand chain of + without stack overflow (left-associative BinOp)", () => {
    const n = 100_000;
    const src = Array.from({ length: n }, (_, i) => `a${i % 10}`).join(" + ") + "\n";
    const mod = parseOk(src);
    let node = (mod.body[0] as { value: unknown }).value as { type: string; left?: unknown };
    let depth = 0;
    while (node.type === "BinOp") {
      node = node.left as typeof node;
      depth++;
    }
    expect(depth).toBe(n - 1);
    expect(node.type).toBe("Name");
  });

  it("parses 100,000 operands of `and` into one flat BoolOp", () => {
    const n = 100_000;
    const src = Array.from({ length: n }, () => "x").join(" and ") + "\n";
    const mod = parseOk(src);
    const b = first(mod, "BoolOp");
    expect(b.values.length).toBe(n);
  });

  it("parses a 10,000-element list and a 10,000-way comparison", () => {
    const list = parseOk("[" + Array.from({ length: 10_000 }, (_, i) => String(i)).join(", ") + "]\n");
    expect(first(list, "List").elts.length).toBe(10_000);
    const cmp = parseOk(Array.from({ length: 10_000 }, () => "x").join(" < ") + "\n");
    expect(first(cmp, "Compare").ops.length).toBe(9_999);
  });
});

// ---------------------------------------------------------------------------------------------
// Precedence property test: random expression trees printed with minimal parentheses must parse back
// to the same tree.

type T =
  | { k: "name"; id: string }
  | { k: "num"; v: number }
  | { k: "bin"; op: string; l: T; r: T }
  | { k: "un"; op: string; e: T }
  | { k: "bool"; op: "and" | "or"; vs: T[] }
  | { k: "cmp"; l: T; ops: string[]; cs: T[] }
  | { k: "if"; body: T; test: T; orelse: T };

const BIN_PREC: Record<string, number> = {
  "|": 6, "^": 7, "&": 8, "<<": 9, ">>": 9, "+": 10, "-": 10,
  "*": 11, "/": 11, "//": 11, "%": 11, "@": 11, "**": 13,
};
const BIN_NAME: Record<string, string> = {
  "|": "BitOr", "^": "BitXor", "&": "BitAnd", "<<": "LShift", ">>": "RShift", "+": "Add", "-": "Sub",
  "*": "Mult", "/": "Div", "//": "FloorDiv", "%": "Mod", "@": "MatMult", "**": "Pow",
};
const UN_NAME: Record<string, string> = { "-": "USub", "+": "UAdd", "~": "Invert", "not": "Not" };
const CMP_NAME: Record<string, string> = {
  "<": "Lt", "<=": "LtE", ">": "Gt", ">=": "GtE", "==": "Eq", "!=": "NotEq",
  "in": "In", "not in": "NotIn", "is": "Is", "is not": "IsNot",
};

function prec(t: T): number {
  switch (t.k) {
    case "name":
    case "num":
      return 14;
    case "bin":
      return BIN_PREC[t.op]!;
    case "un":
      return t.op === "not" ? 4 : 12;
    case "bool":
      return t.op === "or" ? 2 : 3;
    case "cmp":
      return 5;
    case "if":
      return 1;
  }
}

/** Source with only the parentheses the grammar needs. */
function minimal(t: T, need = 0): string {
  const wrap = (s: string): string => (prec(t) < need ? `(${s})` : s);
  switch (t.k) {
    case "name":
      return t.id;
    case "num":
      return String(t.v);
    case "bin": {
      const p = BIN_PREC[t.op]!;
      if (t.op === "**") return wrap(`${minimal(t.l, 14)} ** ${minimal(t.r, 12)}`);
      return wrap(`${minimal(t.l, p)} ${t.op} ${minimal(t.r, p + 1)}`);
    }
    case "un":
      return t.op === "not" ? wrap(`not ${minimal(t.e, 4)}`) : wrap(`${t.op}${minimal(t.e, 12)}`);
    case "bool": {
      const p = prec(t) + 1;
      return wrap(t.vs.map((v) => minimal(v, p)).join(` ${t.op} `));
    }
    case "cmp":
      return wrap(minimal(t.l, 6) + t.ops.map((op, i) => ` ${op} ${minimal(t.cs[i]!, 6)}`).join(""));
    case "if":
      return wrap(`${minimal(t.body, 2)} if ${minimal(t.test, 2)} else ${minimal(t.orelse, 1)}`);
  }
}

/** Canonical rendering of a generated tree, in the dump format of the AST. */
function canon(t: T): string {
  switch (t.k) {
    case "name":
      return `Name(id="${t.id}", ctx=Load)`;
    case "num":
      return `Constant(value=${t.v})`;
    case "bin":
      return `BinOp(left=${canon(t.l)}, op=${BIN_NAME[t.op]}, right=${canon(t.r)})`;
    case "un":
      return `UnaryOp(op=${UN_NAME[t.op]}, operand=${canon(t.e)})`;
    case "bool":
      return `BoolOp(op=${t.op === "and" ? "And" : "Or"}, values=[${t.vs.map(canon).join(", ")}])`;
    case "cmp":
      return `Compare(left=${canon(t.l)}, ops=[${t.ops.map((o) => CMP_NAME[o]).join(", ")}], comparators=[${t.cs.map(canon).join(", ")}])`;
    case "if":
      return `IfExp(test=${canon(t.test)}, body=${canon(t.body)}, orelse=${canon(t.orelse)})`;
  }
}

const exprTree = fc.letrec<{ t: T }>((tie) => ({
  t: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom("a", "b", "c").map((id): T => ({ k: "name", id })),
    fc.integer({ min: 0, max: 9 }).map((v): T => ({ k: "num", v })),
    fc.record({ k: fc.constant("bin" as const), op: fc.constantFrom(...Object.keys(BIN_PREC)), l: tie("t"), r: tie("t") }),
    fc.record({ k: fc.constant("un" as const), op: fc.constantFrom("-", "+", "~", "not"), e: tie("t") }),
    fc.record({ k: fc.constant("bool" as const), op: fc.constantFrom("and" as const, "or" as const), vs: fc.array(tie("t"), { minLength: 2, maxLength: 3 }) }),
    fc.integer({ min: 1, max: 3 }).chain((n) =>
      fc.record({
        k: fc.constant("cmp" as const),
        l: tie("t"),
        ops: fc.array(fc.constantFrom(...Object.keys(CMP_NAME)), { minLength: n, maxLength: n }),
        cs: fc.array(tie("t"), { minLength: n, maxLength: n }),
      }),
    ),
    fc.record({ k: fc.constant("if" as const), body: tie("t"), test: tie("t"), orelse: tie("t") }),
  ),
})).t;

describe("operator precedence and associativity (property)", () => {
  it("minimally parenthesized random expressions parse back to the same tree", () => {
    fc.assert(
      fc.property(exprTree, (t) => {
        const src = minimal(t);
        expect(render(src + "\n")).toBe(canon(t));
      }),
      { numRuns: 500 },
    );
  });
});
