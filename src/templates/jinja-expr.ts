/**
 * @fileoverview Jinja expressions: a tokenizer and a recursive-descent parser for the expression
 * language of `{{ … }}` and of statement arguments (Jinja's `parser.py` grammar: conditional
 * expressions, `or`/`and`/`not`, comparisons and `in`, `is` tests, `~` concatenation, arithmetic,
 * unary operators, `**`, attribute/subscript/slice access, calls with `*args`/`**kwargs`, filters
 * with arguments, literals, lists, tuples and dicts). Nodes carry absolute offsets into the
 * template text. Pure; errors are returned, never thrown out of {@link parseExpression}.
 */

/** Token kinds of the expression language. */
export type TokenKind = "name" | "string" | "number" | "op" | "eof";

/** One expression token with absolute offsets. */
export interface Token {
  kind: TokenKind;
  value: string;
  start: number;
  end: number;
}

/** A Jinja expression node; `start`/`end` are absolute template offsets. */
export type Expr =
  | { type: "Name"; name: string; start: number; end: number }
  | { type: "Const"; value: string | number | boolean | null; start: number; end: number }
  | { type: "Getattr"; node: Expr; attr: string; start: number; end: number }
  | { type: "Getitem"; node: Expr; arg: Expr; start: number; end: number }
  | { type: "Slice"; start: number; end: number }
  | { type: "Call"; node: Expr; args: Expr[]; kwargs: { name: string; value: Expr }[]; dynArgs: Expr[]; start: number; end: number }
  | { type: "Filter"; node: Expr | null; name: string; args: Expr[]; kwargs: { name: string; value: Expr }[]; start: number; end: number }
  | { type: "Test"; node: Expr; name: string; args: Expr[]; negated: boolean; start: number; end: number }
  | { type: "Unary"; op: string; operand: Expr; start: number; end: number }
  | { type: "Binary"; op: string; left: Expr; right: Expr; start: number; end: number }
  | { type: "Compare"; left: Expr; ops: { op: string; right: Expr }[]; start: number; end: number }
  | { type: "CondExpr"; test: Expr; then: Expr; else_: Expr | null; start: number; end: number }
  | { type: "Tuple"; items: Expr[]; start: number; end: number }
  | { type: "List"; items: Expr[]; start: number; end: number }
  | { type: "Dict"; items: { key: Expr; value: Expr }[]; start: number; end: number };

/** A syntax error in an expression, at absolute offsets. */
export class ExpressionError extends Error {
  constructor(
    message: string,
    readonly start: number,
    readonly end: number,
  ) {
    super(message);
  }
}

const OPERATORS = ["**", "//", "==", "!=", ">=", "<=", "+", "-", "*", "/", "%", "~", "[", "]", "(", ")", "{", "}", ",", ".", ":", "|", "=", "<", ">"];

/** Tokenizes `text[from, to)`; throws {@link ExpressionError} on a character that is not Jinja. */
export function tokenize(text: string, from: number, to: number): Token[] {
  const out: Token[] = [];
  let i = from;
  while (i < to) {
    const c = text[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    if (/[A-Za-z_\u00C0-\uFFFF]/.test(c)) {
      let j = i + 1;
      while (j < to && /[A-Za-z0-9_\u00C0-\uFFFF]/.test(text[j]!)) j++;
      out.push({ kind: "name", value: text.slice(i, j), start: i, end: j });
      i = j;
      continue;
    }
    if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(text[i + 1] ?? ""))) {
      const m = /^(?:0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|[0-9][0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9_]+)?|\.[0-9_]+(?:[eE][+-]?[0-9_]+)?)/.exec(text.slice(i, to))!;
      out.push({ kind: "number", value: m[0], start: i, end: i + m[0].length });
      i += m[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < to && text[j] !== c) {
        if (text[j] === "\\") j++;
        j++;
      }
      if (j >= to) throw new ExpressionError("unterminated string literal", i, to);
      out.push({ kind: "string", value: text.slice(i, j + 1), start: i, end: j + 1 });
      i = j + 1;
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (!op) throw new ExpressionError(`unexpected character '${c}'`, i, i + 1);
    out.push({ kind: "op", value: op, start: i, end: i + op.length });
    i += op.length;
  }
  out.push({ kind: "eof", value: "", start: to, end: to });
  return out;
}

/** Decodes a Jinja string literal token (Python escapes, the common ones). */
export function stringValue(raw: string): string {
  const body = raw.slice(1, -1);
  return body.replace(/\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_, e: string) => {
    if (e[0] === "u" || e[0] === "x") return String.fromCharCode(parseInt(e.slice(1), 16));
    return ({ n: "\n", t: "\t", r: "\r", "0": "\0" } as Record<string, string>)[e] ?? e;
  });
}

/** A token stream with the parsing primitives. */
export class TokenStream {
  pos = 0;
  constructor(readonly tokens: Token[]) {}

  get current(): Token {
    return this.tokens[this.pos]!;
  }
  look(n = 1): Token {
    return this.tokens[Math.min(this.pos + n, this.tokens.length - 1)]!;
  }
  next(): Token {
    const t = this.current;
    if (t.kind !== "eof") this.pos++;
    return t;
  }
  test(kind: TokenKind, value?: string): boolean {
    return this.current.kind === kind && (value === undefined || this.current.value === value);
  }
  skipIf(kind: TokenKind, value?: string): boolean {
    if (!this.test(kind, value)) return false;
    this.pos++;
    return true;
  }
  expect(kind: TokenKind, value?: string): Token {
    if (!this.test(kind, value)) {
      const t = this.current;
      const got = t.kind === "eof" ? "end of expression" : `'${t.value}'`;
      throw new ExpressionError(`expected ${value ? `'${value}'` : kind}, got ${got}`, t.start, Math.max(t.end, t.start + 1));
    }
    return this.next();
  }
}

const COMPARE_OPS = new Set(["==", "!=", ">", ">=", "<", "<="]);

/** The expression grammar over a token stream (shared with the statement parser). */
export class ExpressionParser {
  constructor(readonly s: TokenStream) {}

  /** `expr` with conditional expressions (`a if b else c`). */
  parseExpression(withCondexpr = true): Expr {
    const expr = this.parseOr();
    if (!withCondexpr) return expr;
    if (this.s.skipIf("name", "if")) {
      const test = this.parseOr();
      const else_ = this.s.skipIf("name", "else") ? this.parseExpression() : null;
      return { type: "CondExpr", test, then: expr, else_, start: expr.start, end: (else_ ?? test).end };
    }
    return expr;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.s.skipIf("name", "or")) {
      const right = this.parseAnd();
      left = { type: "Binary", op: "or", left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.s.skipIf("name", "and")) {
      const right = this.parseNot();
      left = { type: "Binary", op: "and", left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.s.test("name", "not")) {
      const t = this.s.next();
      const operand = this.parseNot();
      return { type: "Unary", op: "not", operand, start: t.start, end: operand.end };
    }
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    const left = this.parseMath1();
    const ops: { op: string; right: Expr }[] = [];
    for (;;) {
      const t = this.s.current;
      if (t.kind === "op" && COMPARE_OPS.has(t.value)) {
        this.s.next();
        ops.push({ op: t.value, right: this.parseMath1() });
      } else if (this.s.test("name", "in")) {
        this.s.next();
        ops.push({ op: "in", right: this.parseMath1() });
      } else if (this.s.test("name", "not") && this.s.look().kind === "name" && this.s.look().value === "in") {
        this.s.next();
        this.s.next();
        ops.push({ op: "notin", right: this.parseMath1() });
      } else break;
    }
    if (ops.length === 0) return left;
    return { type: "Compare", left, ops, start: left.start, end: ops[ops.length - 1]!.right.end };
  }

  private parseMath1(): Expr {
    let left = this.parseConcat();
    while (this.s.current.kind === "op" && (this.s.current.value === "+" || this.s.current.value === "-")) {
      const op = this.s.next().value;
      const right = this.parseConcat();
      left = { type: "Binary", op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseConcat(): Expr {
    let left = this.parseMath2();
    while (this.s.test("op", "~")) {
      this.s.next();
      const right = this.parseMath2();
      left = { type: "Binary", op: "~", left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseMath2(): Expr {
    let left = this.parsePow();
    while (this.s.current.kind === "op" && ["*", "/", "//", "%"].includes(this.s.current.value)) {
      const op = this.s.next().value;
      const right = this.parsePow();
      left = { type: "Binary", op, left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parsePow(): Expr {
    let left = this.parseUnary();
    while (this.s.test("op", "**")) {
      this.s.next();
      const right = this.parseUnary();
      left = { type: "Binary", op: "**", left, right, start: left.start, end: right.end };
    }
    return left;
  }

  private parseUnary(withFilter = true): Expr {
    const t = this.s.current;
    let node: Expr;
    if (t.kind === "op" && (t.value === "-" || t.value === "+")) {
      this.s.next();
      const operand = this.parseUnary(false);
      node = { type: "Unary", op: t.value, operand, start: t.start, end: operand.end };
    } else {
      node = this.parsePrimary();
    }
    node = this.parsePostfix(node);
    if (withFilter) node = this.parseFilterExpr(node);
    return node;
  }

  private parsePrimary(): Expr {
    const t = this.s.current;
    if (t.kind === "name") {
      this.s.next();
      if (["true", "True"].includes(t.value)) return { type: "Const", value: true, start: t.start, end: t.end };
      if (["false", "False"].includes(t.value)) return { type: "Const", value: false, start: t.start, end: t.end };
      if (["none", "None"].includes(t.value)) return { type: "Const", value: null, start: t.start, end: t.end };
      return { type: "Name", name: t.value, start: t.start, end: t.end };
    }
    if (t.kind === "string") {
      let value = "";
      let end = t.end;
      while (this.s.test("string")) {
        const st = this.s.next();
        value += stringValue(st.value);
        end = st.end;
      }
      return { type: "Const", value, start: t.start, end };
    }
    if (t.kind === "number") {
      this.s.next();
      return { type: "Const", value: Number(t.value.replace(/_/g, "")), start: t.start, end: t.end };
    }
    if (t.kind === "op" && t.value === "(") {
      this.s.next();
      const node = this.parseTuple(true, true, t.start);
      const close = this.s.expect("op", ")");
      return { ...node, start: node.type === "Tuple" ? t.start : node.start, end: node.type === "Tuple" ? close.end : node.end };
    }
    if (t.kind === "op" && t.value === "[") {
      this.s.next();
      const items: Expr[] = [];
      while (!this.s.test("op", "]")) {
        if (items.length > 0) this.s.expect("op", ",");
        if (this.s.test("op", "]")) break;
        items.push(this.parseExpression());
      }
      const close = this.s.expect("op", "]");
      return { type: "List", items, start: t.start, end: close.end };
    }
    if (t.kind === "op" && t.value === "{") {
      this.s.next();
      const items: { key: Expr; value: Expr }[] = [];
      while (!this.s.test("op", "}")) {
        if (items.length > 0) this.s.expect("op", ",");
        if (this.s.test("op", "}")) break;
        const key = this.parseExpression();
        this.s.expect("op", ":");
        items.push({ key, value: this.parseExpression() });
      }
      const close = this.s.expect("op", "}");
      return { type: "Dict", items, start: t.start, end: close.end };
    }
    const got = t.kind === "eof" ? "end of expression" : `'${t.value}'`;
    throw new ExpressionError(`unexpected ${got}`, t.start, Math.max(t.end, t.start + 1));
  }

  /**
   * A tuple or a single expression: `a, b` (Jinja's `parse_tuple`). With `explicitParens`, an
   * empty tuple is allowed (`()`).
   */
  parseTuple(withCondexpr = true, explicitParens = false, start?: number, simplified = false): Expr {
    const items: Expr[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length > 0) {
        if (!this.s.skipIf("op", ",")) break;
        isTuple = true;
      }
      if (this.atTupleEnd()) break;
      items.push(simplified ? this.parsePrimaryWithPostfix() : this.parseExpression(withCondexpr));
      if (!this.s.test("op", ",")) break;
    }
    if (!isTuple) {
      if (items.length === 1) return items[0]!;
      if (!explicitParens) {
        const t = this.s.current;
        throw new ExpressionError(`expected an expression, got ${t.kind === "eof" ? "end of expression" : `'${t.value}'`}`, t.start, Math.max(t.end, t.start + 1));
      }
    }
    const s = start ?? items[0]?.start ?? this.s.current.start;
    const e = items[items.length - 1]?.end ?? this.s.current.start;
    return { type: "Tuple", items, start: s, end: e };
  }

  /** A name or simple primary with attribute access, for assignment targets. */
  parsePrimaryWithPostfix(): Expr {
    return this.parsePostfix(this.parsePrimary(), true);
  }

  private atTupleEnd(): boolean {
    const t = this.s.current;
    return t.kind === "eof" || (t.kind === "op" && [")", "]", "}", "="].includes(t.value)) || (t.kind === "name" && ["in", "recursive", "if"].includes(t.value));
  }

  private parsePostfix(node: Expr, noCalls = false): Expr {
    for (;;) {
      const t = this.s.current;
      if (t.kind === "op" && (t.value === "." || t.value === "[")) node = this.parseSubscript(node);
      else if (!noCalls && t.kind === "op" && t.value === "(") node = this.parseCall(node);
      else return node;
    }
  }

  private parseFilterExpr(node: Expr): Expr {
    for (;;) {
      if (this.s.test("op", "|")) node = this.parseFilter(node);
      else if (this.s.test("name", "is")) node = this.parseTest(node);
      else if (this.s.test("op", "(")) node = this.parseCall(node);
      else return node;
    }
  }

  private parseSubscript(node: Expr): Expr {
    const t = this.s.next();
    if (t.value === ".") {
      const attr = this.s.current;
      if (attr.kind === "name" || attr.kind === "number") {
        this.s.next();
        if (attr.kind === "number") return { type: "Getitem", node, arg: { type: "Const", value: Number(attr.value), start: attr.start, end: attr.end }, start: node.start, end: attr.end };
        return { type: "Getattr", node, attr: attr.value, start: node.start, end: attr.end };
      }
      throw new ExpressionError("expected a name after '.'", attr.start, Math.max(attr.end, attr.start + 1));
    }
    const args: Expr[] = [];
    while (!this.s.test("op", "]")) {
      if (args.length > 0) {
        this.s.expect("op", ",");
        if (this.s.test("op", "]")) break;
      }
      args.push(this.parseSubscribed());
    }
    const close = this.s.expect("op", "]");
    const arg = args.length === 1 ? args[0]! : { type: "Tuple" as const, items: args, start: t.end, end: close.start };
    return { type: "Getitem", node, arg, start: node.start, end: close.end };
  }

  private parseSubscribed(): Expr {
    const start = this.s.current.start;
    let isSlice = false;
    if (!this.s.test("op", ":")) {
      const e = this.parseExpression();
      if (!this.s.test("op", ":")) return e;
    }
    while (this.s.skipIf("op", ":")) {
      isSlice = true;
      if (!this.s.test("op", "]") && !this.s.test("op", ",") && !this.s.test("op", ":")) this.parseExpression();
    }
    return isSlice ? { type: "Slice", start, end: this.s.current.start } : { type: "Slice", start, end: this.s.current.start };
  }

  private parseCallArgs(): { args: Expr[]; kwargs: { name: string; value: Expr }[]; dynArgs: Expr[]; end: number } {
    this.s.expect("op", "(");
    const args: Expr[] = [];
    const kwargs: { name: string; value: Expr }[] = [];
    const dynArgs: Expr[] = [];
    let first = true;
    while (!this.s.test("op", ")")) {
      if (!first) {
        this.s.expect("op", ",");
        if (this.s.test("op", ")")) break;
      }
      first = false;
      if (this.s.test("op", "*") || this.s.test("op", "**")) {
        this.s.next();
        dynArgs.push(this.parseExpression());
      } else if (this.s.current.kind === "name" && this.s.look().kind === "op" && this.s.look().value === "=") {
        const key = this.s.next().value;
        this.s.next();
        kwargs.push({ name: key, value: this.parseExpression() });
      } else {
        args.push(this.parseExpression());
      }
    }
    const close = this.s.expect("op", ")");
    return { args, kwargs, dynArgs, end: close.end };
  }

  private parseCall(node: Expr): Expr {
    const { args, kwargs, dynArgs, end } = this.parseCallArgs();
    return { type: "Call", node, args, kwargs, dynArgs, start: node.start, end };
  }

  private parseFilter(node: Expr | null, startInline = false): Expr {
    while (this.s.test("op", "|") || startInline) {
      if (!startInline) this.s.next();
      startInline = false;
      const first = this.s.expect("name");
      let name = first.value;
      let end = first.end;
      while (this.s.test("op", ".") && this.s.look().kind === "name") {
        this.s.next();
        const part = this.s.next();
        name += `.${part.value}`;
        end = part.end;
      }
      let args: Expr[] = [];
      let kwargs: { name: string; value: Expr }[] = [];
      if (this.s.test("op", "(")) {
        const call = this.parseCallArgs();
        args = call.args;
        kwargs = call.kwargs;
        end = call.end;
      }
      node = { type: "Filter", node, name, args, kwargs, start: node?.start ?? first.start, end };
    }
    return node!;
  }

  /** A filter section of `{% filter upper|trim %}`: filters applied to nothing. */
  parseFilterSection(): Expr {
    return this.parseFilter(null, true);
  }

  private parseTest(node: Expr): Expr {
    this.s.expect("name", "is");
    const negated = this.s.skipIf("name", "not");
    const nameTok = this.s.expect("name");
    let name = nameTok.value;
    let end = nameTok.end;
    while (this.s.test("op", ".") && this.s.look().kind === "name") {
      this.s.next();
      const part = this.s.next();
      name += `.${part.value}`;
      end = part.end;
    }
    let args: Expr[] = [];
    const t = this.s.current;
    if (t.kind === "op" && t.value === "(") {
      const call = this.parseCallArgs();
      args = call.args;
      end = call.end;
    } else if (
      (t.kind === "name" && !["else", "or", "and", "if", "in", "is", "not"].includes(t.value)) ||
      t.kind === "string" ||
      t.kind === "number" ||
      (t.kind === "op" && (t.value === "[" || t.value === "{"))
    ) {
      const arg = this.parsePostfix(this.parsePrimary());
      args = [arg];
      end = arg.end;
    }
    return { type: "Test", node, name, args, negated, start: node.start, end };
  }
}

/**
 * Parses `text[from, to)` as one complete Jinja expression.
 *
 * Given `{{ name|safe }}` with the range of `name|safe`, returns a `Filter` node named `safe` whose
 * `node` is `Name(name)`.
 */
export function parseExpression(text: string, from: number, to: number): { expr: Expr | null; error: ExpressionError | null } {
  try {
    const s = new TokenStream(tokenize(text, from, to));
    const expr = new ExpressionParser(s).parseTuple(true);
    if (!s.test("eof")) {
      const t = s.current;
      throw new ExpressionError(`unexpected '${t.value}' after the expression`, t.start, t.end);
    }
    return { expr, error: null };
  } catch (error) {
    if (error instanceof ExpressionError) return { expr: null, error };
    throw error;
  }
}

/** Calls `fn` on `expr` and every expression below it. */
export function walkExpr(expr: Expr | null | undefined, fn: (e: Expr) => void): void {
  if (!expr) return;
  fn(expr);
  switch (expr.type) {
    case "Getattr":
      walkExpr(expr.node, fn);
      break;
    case "Getitem":
      walkExpr(expr.node, fn);
      walkExpr(expr.arg, fn);
      break;
    case "Call":
      walkExpr(expr.node, fn);
      expr.args.forEach((a) => walkExpr(a, fn));
      expr.kwargs.forEach((k) => walkExpr(k.value, fn));
      expr.dynArgs.forEach((a) => walkExpr(a, fn));
      break;
    case "Filter":
      walkExpr(expr.node, fn);
      expr.args.forEach((a) => walkExpr(a, fn));
      expr.kwargs.forEach((k) => walkExpr(k.value, fn));
      break;
    case "Test":
      walkExpr(expr.node, fn);
      expr.args.forEach((a) => walkExpr(a, fn));
      break;
    case "Unary":
      walkExpr(expr.operand, fn);
      break;
    case "Binary":
      walkExpr(expr.left, fn);
      walkExpr(expr.right, fn);
      break;
    case "Compare":
      walkExpr(expr.left, fn);
      expr.ops.forEach((o) => walkExpr(o.right, fn));
      break;
    case "CondExpr":
      walkExpr(expr.test, fn);
      walkExpr(expr.then, fn);
      walkExpr(expr.else_, fn);
      break;
    case "Tuple":
    case "List":
      expr.items.forEach((i) => walkExpr(i, fn));
      break;
    case "Dict":
      expr.items.forEach((i) => {
        walkExpr(i.key, fn);
        walkExpr(i.value, fn);
      });
      break;
    default:
      break;
  }
}

/** Dotted path of a name/attribute chain (`form.csrf_token` → `form.csrf_token`), or null. */
export function dottedName(expr: Expr): string | null {
  if (expr.type === "Name") return expr.name;
  if (expr.type === "Getattr") {
    const base = dottedName(expr.node);
    return base === null ? null : `${base}.${expr.attr}`;
  }
  if (expr.type === "Getitem" && expr.arg.type === "Const" && typeof expr.arg.value === "string") {
    const base = dottedName(expr.node);
    return base === null ? null : `${base}.${expr.arg.value}`;
  }
  return null;
}
