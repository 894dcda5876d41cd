/**
 * @fileoverview Recursive-descent parser for the Python 3.13 grammar, building CPython-shaped AST
 * nodes directly from the tokenizer's typed arrays.
 *
 * Positions follow CPython's rule: a node spans from the first to the last token its grammar rule
 * consumed (so in `(a + b) * c` the outer BinOp starts at the parenthesis). Binary operators use
 * precedence climbing; targets are parsed as expressions and converted (`toTarget`); the few
 * ambiguous spots (`match`/`type` soft keywords, parenthesised `with` items) backtrack by resetting
 * the token index. Errors are thrown internally as {@link ParseError} and returned, never thrown,
 * by {@link parseTokens}.
 */
import type * as A from "./ast.js";
import { PY_ELLIPSIS, PyComplex, PyFloat } from "./ast.js";
import { decodeBytes, decodeStr, StringDecodeError } from "./strings.js";
import { Tok, tokName, type TokenBuffer } from "./tokens.js";
import type { PySyntaxError, SyntaxErrorKind } from "./types.js";

/** Internal parse failure; converted to a {@link PySyntaxError}. */
export class ParseError {
  constructor(
    readonly message: string,
    readonly tokStart: number,
    readonly tokEnd: number,
    readonly kind: SyntaxErrorKind = "SyntaxError",
  ) {}
}

const DEFAULT_MAX_DEPTH = 1000;

const BIN_PREC = new Uint8Array(128);
const BIN_OP: A.Operator[] = [];
(() => {
  const set = (t: Tok, prec: number, op: A.Operator): void => {
    BIN_PREC[t] = prec;
    BIN_OP[t] = op;
  };
  set(Tok.VBAR, 1, "BitOr");
  set(Tok.CIRCUMFLEX, 2, "BitXor");
  set(Tok.AMPER, 3, "BitAnd");
  set(Tok.LEFTSHIFT, 4, "LShift");
  set(Tok.RIGHTSHIFT, 4, "RShift");
  set(Tok.PLUS, 5, "Add");
  set(Tok.MINUS, 5, "Sub");
  set(Tok.STAR, 6, "Mult");
  set(Tok.SLASH, 6, "Div");
  set(Tok.DOUBLESLASH, 6, "FloorDiv");
  set(Tok.PERCENT, 6, "Mod");
  set(Tok.AT, 6, "MatMult");
})();

const AUG_OP: (A.Operator | undefined)[] = [];
AUG_OP[Tok.PLUSEQUAL] = "Add";
AUG_OP[Tok.MINEQUAL] = "Sub";
AUG_OP[Tok.STAREQUAL] = "Mult";
AUG_OP[Tok.SLASHEQUAL] = "Div";
AUG_OP[Tok.PERCENTEQUAL] = "Mod";
AUG_OP[Tok.AMPEREQUAL] = "BitAnd";
AUG_OP[Tok.VBAREQUAL] = "BitOr";
AUG_OP[Tok.CIRCUMFLEXEQUAL] = "BitXor";
AUG_OP[Tok.LEFTSHIFTEQUAL] = "LShift";
AUG_OP[Tok.RIGHTSHIFTEQUAL] = "RShift";
AUG_OP[Tok.DOUBLESTAREQUAL] = "Pow";
AUG_OP[Tok.DOUBLESLASHEQUAL] = "FloorDiv";
AUG_OP[Tok.ATEQUAL] = "MatMult";

/** Tokens that can begin an expression (used after a trailing comma and for optional operands). */
const STARTS_EXPR = new Uint8Array(128);
for (const t of [
  Tok.NAME, Tok.NUMBER, Tok.STRING, Tok.FSTRING_START, Tok.LPAR, Tok.LSQB, Tok.LBRACE, Tok.MINUS, Tok.PLUS,
  Tok.TILDE, Tok.STAR, Tok.ELLIPSIS, Tok.KW_NOT, Tok.KW_LAMBDA, Tok.KW_AWAIT, Tok.KW_NONE, Tok.KW_TRUE,
  Tok.KW_FALSE, Tok.KW_YIELD,
]) {
  STARTS_EXPR[t] = 1;
}

export interface ParseTokensOptions {
  maxDepth?: number;
}

/** Parse a token buffer into a Module. Never throws for bad input. */
export function parseTokens(
  text: string,
  tokens: TokenBuffer,
  options: ParseTokensOptions = {},
): { module: A.Module | null; error: PySyntaxError | null } {
  const p = new Parser(text, tokens, options.maxDepth ?? DEFAULT_MAX_DEPTH);
  try {
    const module = p.parseModule();
    if (tokens.error) return { module: null, error: tokens.error };
    return { module, error: null };
  } catch (e) {
    if (tokens.error) return { module: null, error: tokens.error };
    if (e instanceof ParseError) return { module: null, error: p.toError(e) };
    if (e instanceof RangeError) {
      return { module: null, error: p.toError(new ParseError("too many nested expressions (input too complex)", p.pos, p.pos)) };
    }
    throw e;
  }
}

class Parser {
  readonly text: string;
  readonly k: Uint8Array;
  readonly ts: Int32Array;
  readonly te: Int32Array;
  readonly tl: Int32Array;
  readonly tc: Int32Array;
  readonly tel: Int32Array;
  readonly tec: Int32Array;
  readonly count: number;
  pos = 0;
  depth = 0;
  /**
   * Last token (before NEWLINE) of the most recent simple-statement line. A compound statement
   * ends there, as in CPython (so a trailing `;` counts).
   */
  lastLineTok = 0;
  readonly maxDepth: number;
  readonly comments: TokenBuffer["comments"];

  constructor(text: string, t: TokenBuffer, maxDepth: number) {
    this.text = text;
    this.comments = t.comments;
    this.k = t.kind;
    this.ts = t.start;
    this.te = t.end;
    this.tl = t.line;
    this.tc = t.col;
    this.tel = t.endLine;
    this.tec = t.endCol;
    this.count = t.count;
    this.maxDepth = maxDepth;
  }

  // -------------------------------------------------------------------------------------------
  // helpers

  toError(e: ParseError): PySyntaxError {
    const s = Math.min(e.tokStart, this.count - 1);
    const en = Math.min(Math.max(e.tokEnd, s), this.count - 1);
    return {
      kind: e.kind,
      message: e.message,
      lineno: this.tl[s]!,
      col_offset: this.tc[s]!,
      end_lineno: this.tel[en]!,
      end_col_offset: this.tec[en]!,
      start: this.ts[s]!,
      end: this.te[en]!,
    };
  }

  private fail(message: string, tok: number = this.pos, endTok: number = tok, kind: SyntaxErrorKind = "SyntaxError"): never {
    throw new ParseError(message, tok, endTok, kind);
  }

  private unexpected(): never {
    const k = this.k[this.pos] as Tok;
    if (k === Tok.INDENT) this.fail("unexpected indent", this.pos, this.pos, "IndentationError");
    if (k === Tok.DEDENT) this.fail("unindent does not match any outer indentation level", this.pos, this.pos, "IndentationError");
    if (k === Tok.ENDMARKER) this.fail("unexpected EOF while parsing");
    this.fail("invalid syntax");
  }

  private expect(kind: Tok): void {
    if (this.k[this.pos] !== kind) {
      if (kind === Tok.COLON || kind === Tok.RPAR || kind === Tok.RSQB || kind === Tok.RBRACE || kind === Tok.LPAR) {
        if (this.k[this.pos] === Tok.INDENT || this.k[this.pos] === Tok.DEDENT) this.unexpected();
        this.fail(`expected ${tokName(kind)}`);
      }
      this.unexpected();
    }
    this.pos++;
  }

  private eat(kind: Tok): boolean {
    if (this.k[this.pos] === kind) {
      this.pos++;
      return true;
    }
    return false;
  }

  private tokText(i: number): string {
    return this.text.slice(this.ts[i]!, this.te[i]!);
  }

  private isName(i: number, word: string): boolean {
    return this.k[i] === Tok.NAME && this.te[i]! - this.ts[i]! === word.length && this.text.startsWith(word, this.ts[i]!);
  }

  /** Identifier text of a NAME token, NFKC-normalised when non-ASCII (as CPython). */
  private nameText(i: number): string {
    const s = this.tokText(i);
    for (let j = 0; j < s.length; j++) {
      if (s.charCodeAt(j) >= 128) return s.normalize("NFKC");
    }
    return s;
  }

  private expectName(): string {
    if (this.k[this.pos] !== Tok.NAME) this.unexpected();
    return this.nameText(this.pos++);
  }

  /** Set a node's position from token `s` to token `e` (default: the last consumed token). */
  private fin<T extends A.Located>(node: T, s: number, e: number = this.pos - 1): T {
    node.lineno = this.tl[s]!;
    node.col_offset = this.tc[s]!;
    node.end_lineno = this.tel[e]!;
    node.end_col_offset = this.tec[e]!;
    node.start = this.ts[s]!;
    node.end = this.te[e]!;
    return node;
  }

  private enter(): void {
    if (++this.depth > this.maxDepth) this.fail("too many nested expressions or blocks (input too complex)");
  }

  // -------------------------------------------------------------------------------------------
  // module and blocks

  parseModule(): A.Module {
    const body: A.Stmt[] = [];
    while (this.k[this.pos] !== Tok.ENDMARKER) {
      if (this.k[this.pos] === Tok.NEWLINE) {
        this.pos++;
        continue;
      }
      this.statement(body);
    }
    return { type: "Module", body, type_ignores: [] };
  }

  /**
   * A suite after `:`. `header` is the token index of the statement keyword and `what` names it,
   * for CPython's "expected an indented block after 'if' statement on line 3".
   */
  private block(header: number, what: string): A.Stmt[] {
    const body: A.Stmt[] = [];
    if (this.k[this.pos] === Tok.NEWLINE) {
      this.pos++;
      if (this.k[this.pos] !== Tok.INDENT) {
        this.fail(`expected an indented block after ${what} on line ${this.tl[header]}`, this.pos, this.pos, "IndentationError");
      }
      this.pos++;
      this.enter();
      do {
        this.statement(body);
      } while (this.k[this.pos] !== Tok.DEDENT && this.k[this.pos] !== Tok.ENDMARKER);
      this.depth--;
      this.expect(Tok.DEDENT);
    } else {
      this.simpleStatements(body);
    }
    return body;
  }

  private statement(out: A.Stmt[]): void {
    const k = this.k[this.pos] as Tok;
    switch (k) {
      case Tok.KW_DEF:
        out.push(this.funcDef(this.pos, [], false));
        return;
      case Tok.KW_IF:
        out.push(this.ifStmt());
        return;
      case Tok.KW_CLASS:
        out.push(this.classDef(this.pos, []));
        return;
      case Tok.KW_WITH:
        out.push(this.withStmt(this.pos, false));
        return;
      case Tok.KW_FOR:
        out.push(this.forStmt(this.pos, false));
        return;
      case Tok.KW_TRY:
        out.push(this.tryStmt());
        return;
      case Tok.KW_WHILE:
        out.push(this.whileStmt());
        return;
      case Tok.AT:
        out.push(this.decorated());
        return;
      case Tok.KW_ASYNC: {
        const s = this.pos;
        const n = this.k[s + 1];
        if (n === Tok.KW_DEF) {
          this.pos++;
          out.push(this.funcDef(s, [], true));
          return;
        }
        if (n === Tok.KW_WITH) {
          this.pos++;
          out.push(this.withStmt(s, true));
          return;
        }
        if (n === Tok.KW_FOR) {
          this.pos++;
          out.push(this.forStmt(s, true));
          return;
        }
        this.unexpected();
      }
      // falls through (unreachable)
      case Tok.NAME:
        if (this.isName(this.pos, "match")) {
          const m = this.tryMatch();
          if (m) {
            out.push(m);
            return;
          }
        }
        this.simpleStatements(out);
        return;
      case Tok.INDENT:
        this.fail("unexpected indent", this.pos, this.pos, "IndentationError");
      // falls through (unreachable)
      default:
        this.simpleStatements(out);
    }
  }

  private simpleStatements(out: A.Stmt[]): void {
    for (;;) {
      out.push(this.simpleStatement());
      if (this.k[this.pos] === Tok.SEMI) {
        this.pos++;
        if (this.k[this.pos] === Tok.NEWLINE) break;
        continue;
      }
      break;
    }
    if (this.k[this.pos] !== Tok.NEWLINE) this.unexpected();
    this.lastLineTok = this.pos - 1;
    this.pos++;
  }

  private simpleStatement(): A.Stmt {
    const s = this.pos;
    switch (this.k[s] as Tok) {
      case Tok.KW_PASS:
        this.pos++;
        return this.fin<A.Pass>({ type: "Pass", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
      case Tok.KW_BREAK:
        this.pos++;
        return this.fin<A.Break>({ type: "Break", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
      case Tok.KW_CONTINUE:
        this.pos++;
        return this.fin<A.Continue>({ type: "Continue", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
      case Tok.KW_RETURN: {
        this.pos++;
        const value = STARTS_EXPR[this.k[this.pos]!] && this.k[this.pos] !== Tok.KW_YIELD ? this.starExpressions() : null;
        return this.fin<A.Return>({ type: "Return", value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
      }
      case Tok.KW_IMPORT:
        return this.importStmt();
      case Tok.KW_FROM:
        return this.importFrom();
      case Tok.KW_RAISE: {
        this.pos++;
        let exc: A.Expr | null = null;
        let cause: A.Expr | null = null;
        if (STARTS_EXPR[this.k[this.pos]!] && this.k[this.pos] !== Tok.STAR && this.k[this.pos] !== Tok.KW_YIELD) {
          exc = this.expression();
          if (this.eat(Tok.KW_FROM)) cause = this.expression();
        }
        return this.fin<A.Raise>({ type: "Raise", exc, cause, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
      }
      case Tok.KW_GLOBAL:
      case Tok.KW_NONLOCAL: {
        const isGlobal = this.k[s] === Tok.KW_GLOBAL;
        this.pos++;
        const names = [this.expectName()];
        while (this.eat(Tok.COMMA)) names.push(this.expectName());
        if (isGlobal) {
          return this.fin<A.Global>({ type: "Global", names, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
        }
        return this.fin<A.Nonlocal>({ type: "Nonlocal", names, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
      }
      case Tok.KW_DEL: {
        this.pos++;
        const targets: A.Expr[] = [];
        do {
          if (!STARTS_EXPR[this.k[this.pos]!]) {
            if (targets.length > 0) break;
            this.unexpected();
          }
          if (this.k[this.pos] === Tok.STAR) this.fail("cannot delete starred");
          const e = this.bitwiseOr();
          this.toTarget(e, "Del");
          targets.push(e);
        } while (this.eat(Tok.COMMA));
        const k = this.k[this.pos];
        if (k !== Tok.NEWLINE && k !== Tok.SEMI) this.unexpected();
        return this.fin<A.Delete>({ type: "Delete", targets, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
      }
      case Tok.KW_ASSERT: {
        this.pos++;
        const test = this.expression();
        const msg = this.eat(Tok.COMMA) ? this.expression() : null;
        return this.fin<A.Assert>({ type: "Assert", test, msg, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
      }
      case Tok.NAME:
        if (this.k[s + 1] === Tok.NAME && this.isName(s, "type")) {
          const k2 = this.k[s + 2];
          if (k2 === Tok.EQUAL || k2 === Tok.LSQB) return this.typeAlias();
        }
        return this.exprStatement();
      default:
        return this.exprStatement();
    }
  }

  private exprStatement(): A.Stmt {
    const s = this.pos;
    const first = this.k[s] === Tok.KW_YIELD ? this.yieldExpr() : this.starExpressions();
    const k = this.k[this.pos] as Tok;
    if (k === Tok.EQUAL) {
      const targets: A.Expr[] = [first];
      let value: A.Expr;
      for (;;) {
        this.pos++;
        value = this.k[this.pos] === Tok.KW_YIELD ? this.yieldExpr() : this.starExpressions();
        if (this.k[this.pos] === Tok.EQUAL) {
          targets.push(value);
          continue;
        }
        break;
      }
      if (targets.length === 1) this.checkSingleTarget(first);
      for (const t of targets) this.toTarget(t, "Store");
      return this.fin<A.Assign>(
        { type: "Assign", targets, value, type_comment: null, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 },
        s,
      );
    }
    const aug = AUG_OP[k];
    if (aug !== undefined) {
      if (first.type !== "Name" && first.type !== "Attribute" && first.type !== "Subscript") {
        this.fail(`'${describe(first)}' is an illegal expression for augmented assignment`, s, this.pos - 1);
      }
      this.toTarget(first, "Store");
      this.pos++;
      const value = this.k[this.pos] === Tok.KW_YIELD ? this.yieldExpr() : this.starExpressions();
      return this.fin<A.AugAssign>(
        { type: "AugAssign", target: first, op: aug, value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 },
        s,
      );
    }
    if (k === Tok.COLON) {
      if (first.type === "Tuple") this.fail("only single target (not tuple) can be annotated", s, this.pos - 1);
      if (first.type === "List") this.fail("only single target (not list) can be annotated", s, this.pos - 1);
      if (first.type !== "Name" && first.type !== "Attribute" && first.type !== "Subscript") {
        this.fail("illegal target for annotation", s, this.pos - 1);
      }
      this.toTarget(first, "Store");
      this.pos++;
      const annotation = this.expression();
      let value: A.Expr | null = null;
      if (this.eat(Tok.EQUAL)) value = this.k[this.pos] === Tok.KW_YIELD ? this.yieldExpr() : this.starExpressions();
      const simple = first.type === "Name" && this.k[s] === Tok.NAME ? 1 : 0;
      return this.fin<A.AnnAssign>(
        { type: "AnnAssign", target: first, annotation, value, simple, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 },
        s,
      );
    }
    if (first.type === "Name" && (first.id === "print" || first.id === "exec") && this.k[s + 1] !== Tok.NEWLINE) {
      const nk = this.k[this.pos]!;
      if (STARTS_EXPR[nk] && nk !== Tok.LPAR && nk !== Tok.LSQB && nk !== Tok.MINUS && nk !== Tok.PLUS && nk !== Tok.STAR) {
        this.fail(`Missing parentheses in call to '${first.id}'. Did you mean ${first.id}(...)?`, s, this.pos);
      }
    }
    return this.fin<A.ExprStmt>({ type: "Expr", value: first, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
  }

  /** CPython's friendlier message for `1 = x`, `f() = 1`, `a + b = c` (a lone invalid target). */
  private checkSingleTarget(t: A.Expr): void {
    switch (t.type) {
      case "Name":
      case "Attribute":
      case "Subscript":
      case "Tuple":
      case "List":
      case "Starred":
        return;
      case "Constant":
        if (t.value === null || t.value === true || t.value === false) return;
        break;
      case "GeneratorExp":
        return;
      default:
        break;
    }
    this.failNode(`cannot assign to ${describe(t)} here. Maybe you meant '==' instead of '='?`, t);
  }

  private typeAlias(): A.TypeAlias {
    const s = this.pos;
    this.pos++; // 'type'
    const ns = this.pos;
    const id = this.expectName();
    const name = this.fin<A.Name>({ type: "Name", id, ctx: "Store", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, ns);
    const type_params = this.k[this.pos] === Tok.LSQB ? this.typeParams() : [];
    this.expect(Tok.EQUAL);
    const value = this.expression();
    return this.fin<A.TypeAlias>(
      { type: "TypeAlias", name, type_params, value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 },
      s,
    );
  }

  private typeParams(): A.TypeParam[] {
    this.expect(Tok.LSQB);
    const params: A.TypeParam[] = [];
    if (this.k[this.pos] === Tok.RSQB) this.fail("Type parameter list cannot be empty");
    do {
      if (this.k[this.pos] === Tok.RSQB) break;
      const s = this.pos;
      if (this.eat(Tok.STAR)) {
        const name = this.expectName();
        const default_value = this.eat(Tok.EQUAL) ? this.starExpression() : null;
        params.push(this.fin<A.TypeVarTuple>({ type: "TypeVarTuple", name, default_value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s));
      } else if (this.eat(Tok.DOUBLESTAR)) {
        const name = this.expectName();
        const default_value = this.eat(Tok.EQUAL) ? this.expression() : null;
        params.push(this.fin<A.ParamSpec>({ type: "ParamSpec", name, default_value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s));
      } else {
        const name = this.expectName();
        const bound = this.eat(Tok.COLON) ? this.expression() : null;
        const default_value = this.eat(Tok.EQUAL) ? this.expression() : null;
        params.push(this.fin<A.TypeVar>({ type: "TypeVar", name, bound, default_value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s));
      }
    } while (this.eat(Tok.COMMA));
    this.expect(Tok.RSQB);
    return params;
  }

  // -------------------------------------------------------------------------------------------
  // imports

  private dottedName(): string {
    let name = this.expectName();
    while (this.k[this.pos] === Tok.DOT) {
      this.pos++;
      name += "." + this.expectName();
    }
    return name;
  }

  private importStmt(): A.Import {
    const s = this.pos;
    this.pos++;
    const names: A.Alias[] = [];
    do {
      const as = this.pos;
      const name = this.dottedName();
      const asname = this.eat(Tok.KW_AS) ? this.expectName() : null;
      names.push(this.fin<A.Alias>({ type: "alias", name, asname, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, as));
    } while (this.eat(Tok.COMMA));
    return this.fin<A.Import>({ type: "Import", names, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
  }

  private importFrom(): A.ImportFrom {
    const s = this.pos;
    this.pos++;
    let level = 0;
    for (;;) {
      if (this.k[this.pos] === Tok.DOT) level++;
      else if (this.k[this.pos] === Tok.ELLIPSIS) level += 3;
      else break;
      this.pos++;
    }
    let module: string | null = null;
    if (this.k[this.pos] !== Tok.KW_IMPORT) module = this.dottedName();
    else if (level === 0) this.unexpected();
    this.expect(Tok.KW_IMPORT);
    const names: A.Alias[] = [];
    if (this.k[this.pos] === Tok.STAR) {
      const as = this.pos++;
      names.push(this.fin<A.Alias>({ type: "alias", name: "*", asname: null, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, as));
    } else {
      const paren = this.eat(Tok.LPAR);
      for (;;) {
        const as = this.pos;
        const name = this.expectName();
        const asname = this.eat(Tok.KW_AS) ? this.expectName() : null;
        names.push(this.fin<A.Alias>({ type: "alias", name, asname, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, as));
        if (!this.eat(Tok.COMMA)) break;
        if (paren && this.k[this.pos] === Tok.RPAR) break;
        if (!paren && this.k[this.pos] !== Tok.NAME) {
          this.fail("trailing comma not allowed without surrounding parentheses", this.pos - 1);
        }
      }
      if (paren) this.expect(Tok.RPAR);
    }
    return this.fin<A.ImportFrom>({ type: "ImportFrom", module, names, level, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
  }

  // -------------------------------------------------------------------------------------------
  // compound statements

  private decorated(): A.Stmt {
    const decorators: A.Expr[] = [];
    while (this.k[this.pos] === Tok.AT) {
      this.pos++;
      decorators.push(this.namedExpression());
      if (this.k[this.pos] !== Tok.NEWLINE) this.unexpected();
      this.pos++;
    }
    const s = this.pos;
    const k = this.k[s];
    if (k === Tok.KW_DEF) return this.funcDef(s, decorators, false);
    if (k === Tok.KW_CLASS) return this.classDef(s, decorators);
    if (k === Tok.KW_ASYNC && this.k[s + 1] === Tok.KW_DEF) {
      this.pos++;
      return this.funcDef(s, decorators, true);
    }
    this.unexpected();
  }

  private funcDef(s: number, decorator_list: A.Expr[], isAsync: boolean): A.FunctionDef | A.AsyncFunctionDef {
    this.expect(Tok.KW_DEF);
    const name = this.expectName();
    const type_params = this.k[this.pos] === Tok.LSQB ? this.typeParams() : [];
    this.expect(Tok.LPAR);
    const args = this.parameters(Tok.RPAR, true);
    this.expect(Tok.RPAR);
    const returns = this.eat(Tok.RARROW) ? this.expression() : null;
    this.expect(Tok.COLON);
    const body = this.block(s, "function definition");
    const node = {
      type: isAsync ? "AsyncFunctionDef" : "FunctionDef",
      name,
      args,
      body,
      decorator_list,
      returns,
      type_comment: null,
      type_params,
      lineno: 0,
      col_offset: 0,
      end_lineno: 0,
      end_col_offset: 0,
      start: 0,
      end: 0,
    } as A.FunctionDef | A.AsyncFunctionDef;
    return this.fin(node, s, this.lastLineTok);
  }

  private classDef(s: number, decorator_list: A.Expr[]): A.ClassDef {
    this.pos++;
    const name = this.expectName();
    const type_params = this.k[this.pos] === Tok.LSQB ? this.typeParams() : [];
    let bases: A.Expr[] = [];
    let keywords: A.Keyword[] = [];
    if (this.k[this.pos] === Tok.LPAR) {
      const lp = this.pos++;
      const call = this.callArgs(lp, false);
      bases = call.args;
      keywords = call.keywords;
    }
    this.expect(Tok.COLON);
    const body = this.block(s, "class definition");
    return this.fin<A.ClassDef>(
      { type: "ClassDef", name, bases, keywords, body, decorator_list, type_params, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 },
      s,
      this.lastLineTok,
    );
  }

  private ifStmt(): A.If {
    const s = this.pos;
    this.pos++; // 'if' or 'elif'
    const test = this.namedExpression();
    this.expect(Tok.COLON);
    const body = this.block(s, this.k[s] === Tok.KW_ELIF ? "'elif' statement" : "'if' statement");
    let orelse: A.Stmt[] = [];
    if (this.k[this.pos] === Tok.KW_ELIF) {
      orelse = [this.ifStmt()];
    } else if (this.k[this.pos] === Tok.KW_ELSE) {
      const es = this.pos++;
      this.expect(Tok.COLON);
      orelse = this.block(es, "'else' statement");
    }
    return this.fin<A.If>({ type: "If", test, body, orelse, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s, this.lastLineTok);
  }

  private whileStmt(): A.While {
    const s = this.pos;
    this.pos++;
    const test = this.namedExpression();
    this.expect(Tok.COLON);
    const body = this.block(s, "'while' statement");
    let orelse: A.Stmt[] = [];
    if (this.k[this.pos] === Tok.KW_ELSE) {
      const es = this.pos++;
      this.expect(Tok.COLON);
      orelse = this.block(es, "'else' statement");
    }
    return this.fin<A.While>({ type: "While", test, body, orelse, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s, this.lastLineTok);
  }

  private forStmt(s: number, isAsync: boolean): A.For | A.AsyncFor {
    this.expect(Tok.KW_FOR);
    const target = this.starTargets();
    this.expect(Tok.KW_IN);
    const iter = this.starExpressions();
    this.expect(Tok.COLON);
    const body = this.block(s, "'for' statement");
    let orelse: A.Stmt[] = [];
    if (this.k[this.pos] === Tok.KW_ELSE) {
      const es = this.pos++;
      this.expect(Tok.COLON);
      orelse = this.block(es, "'else' statement");
    }
    const node = {
      type: isAsync ? "AsyncFor" : "For",
      target,
      iter,
      body,
      orelse,
      type_comment: null,
      lineno: 0,
      col_offset: 0,
      end_lineno: 0,
      end_col_offset: 0,
      start: 0,
      end: 0,
    } as A.For | A.AsyncFor;
    return this.fin(node, s, this.lastLineTok);
  }

  private withStmt(s: number, isAsync: boolean): A.With | A.AsyncWith {
    this.expect(Tok.KW_WITH);
    let items: A.WithItem[] | null = null;
    if (this.k[this.pos] === Tok.LPAR) {
      // Try the parenthesised form `with (a as b, c):`; fall back to an expression.
      const save = this.pos;
      const saveDepth = this.depth;
      try {
        this.pos++;
        const list: A.WithItem[] = [];
        do {
          if (this.k[this.pos] === Tok.RPAR && list.length > 0) break;
          list.push(this.withItem());
        } while (this.eat(Tok.COMMA));
        this.expect(Tok.RPAR);
        if (this.k[this.pos] !== Tok.COLON) throw new ParseError("", this.pos, this.pos);
        items = list;
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        this.pos = save;
        this.depth = saveDepth;
        items = null;
      }
    }
    if (items === null) {
      items = [];
      do {
        items.push(this.withItem());
      } while (this.eat(Tok.COMMA));
    }
    this.expect(Tok.COLON);
    const body = this.block(s, "'with' statement");
    const node = {
      type: isAsync ? "AsyncWith" : "With",
      items,
      body,
      type_comment: null,
      lineno: 0,
      col_offset: 0,
      end_lineno: 0,
      end_col_offset: 0,
      start: 0,
      end: 0,
    } as A.With | A.AsyncWith;
    return this.fin(node, s, this.lastLineTok);
  }

  private withItem(): A.WithItem {
    const context_expr = this.expression();
    let optional_vars: A.Expr | null = null;
    if (this.eat(Tok.KW_AS)) {
      optional_vars = this.starTarget();
      const k = this.k[this.pos];
      if (k !== Tok.COMMA && k !== Tok.RPAR && k !== Tok.COLON) this.unexpected();
    }
    return { type: "withitem", context_expr, optional_vars };
  }

  private tryStmt(): A.Try | A.TryStar {
    const s = this.pos;
    this.pos++;
    this.expect(Tok.COLON);
    const body = this.block(s, "'try' statement");
    const handlers: A.ExceptHandler[] = [];
    let star: boolean | null = null;
    while (this.k[this.pos] === Tok.KW_EXCEPT) {
      const hs = this.pos++;
      const isStar = this.eat(Tok.STAR);
      if (star === null) star = isStar;
      else if (star !== isStar) this.fail("cannot have both 'except' and 'except*' on the same 'try'", hs);
      let exc_type: A.Expr | null = null;
      let name: string | null = null;
      if (this.k[this.pos] !== Tok.COLON) {
        const es = this.pos;
        exc_type = this.expression();
        if (this.k[this.pos] === Tok.COMMA) {
          // `except A, B:` — Python 2 syntax
          this.fail("multiple exception types must be parenthesized", es, this.pos);
        }
        if (this.eat(Tok.KW_AS)) name = this.expectName();
      } else if (isStar) {
        this.fail("expected one or more exception types");
      }
      this.expect(Tok.COLON);
      const hbody = this.block(hs, isStar ? "'except*' statement" : "'except' statement");
      handlers.push(
        this.fin<A.ExceptHandler>(
          { type: "ExceptHandler", exc_type, name, body: hbody, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 },
          hs,
          this.lastLineTok,
        ),
      );
    }
    let orelse: A.Stmt[] = [];
    let finalbody: A.Stmt[] = [];
    if (this.k[this.pos] === Tok.KW_ELSE) {
      if (handlers.length === 0) this.unexpected();
      const es = this.pos++;
      this.expect(Tok.COLON);
      orelse = this.block(es, "'else' statement");
    }
    if (this.k[this.pos] === Tok.KW_FINALLY) {
      const fs = this.pos++;
      this.expect(Tok.COLON);
      finalbody = this.block(fs, "'finally' statement");
    }
    if (handlers.length === 0 && finalbody.length === 0) this.fail("expected 'except' or 'finally' block");
    const node = {
      type: star ? "TryStar" : "Try",
      body,
      handlers,
      orelse,
      finalbody,
      lineno: 0,
      col_offset: 0,
      end_lineno: 0,
      end_col_offset: 0,
      start: 0,
      end: 0,
    } as A.Try | A.TryStar;
    return this.fin(node, s, this.lastLineTok);
  }

  // -------------------------------------------------------------------------------------------
  // match statement

  /** Try to parse a `match` statement at a NAME `match`; returns null (position restored) if it is not one. */
  private tryMatch(): A.Match | null {
    const s = this.pos;
    const saveDepth = this.depth;
    let subject: A.Expr;
    try {
      this.pos++;
      const k = this.k[this.pos]!;
      if (!STARTS_EXPR[k] || k === Tok.KW_YIELD) throw new ParseError("", this.pos, this.pos);
      const ss = this.pos;
      const first = this.starNamedExpression();
      if (this.k[this.pos] === Tok.COMMA) {
        const elts = [first];
        while (this.eat(Tok.COMMA)) {
          if (this.k[this.pos] === Tok.COLON) break;
          elts.push(this.starNamedExpression());
        }
        subject = this.fin<A.Tuple>({ type: "Tuple", elts, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, ss);
      } else {
        if (first.type === "Starred") throw new ParseError("", this.pos, this.pos);
        subject = first;
      }
      if (this.k[this.pos] !== Tok.COLON) throw new ParseError("", this.pos, this.pos);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      this.pos = s;
      this.depth = saveDepth;
      return null;
    }
    this.pos++; // ':'
    if (this.k[this.pos] !== Tok.NEWLINE) this.unexpected();
    this.pos++;
    if (this.k[this.pos] !== Tok.INDENT) {
      this.fail(`expected an indented block after 'match' statement on line ${this.tl[s]}`, this.pos, this.pos, "IndentationError");
    }
    this.pos++;
    const cases: A.MatchCase[] = [];
    while (this.isName(this.pos, "case")) {
      const cs = this.pos++;
      const pattern = this.casePatterns();
      const guard = this.eat(Tok.KW_IF) ? this.namedExpression() : null;
      this.expect(Tok.COLON);
      const body = this.block(cs, "'case' statement");
      cases.push({ type: "match_case", pattern, guard, body });
    }
    if (cases.length === 0) this.unexpected();
    this.expect(Tok.DEDENT);
    return this.fin<A.Match>(
      { type: "Match", subject, cases, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 },
      s,
      this.lastLineTok,
    );
  }

  private casePatterns(): A.Pattern {
    const s = this.pos;
    const first = this.maybeStarPattern();
    if (this.k[this.pos] !== Tok.COMMA) {
      if (first.type === "MatchStar") this.fail("invalid syntax", s);
      return first;
    }
    const patterns = [first];
    while (this.eat(Tok.COMMA)) {
      const k = this.k[this.pos];
      if (k === Tok.COLON || k === Tok.KW_IF) break;
      patterns.push(this.maybeStarPattern());
    }
    return this.fin<A.MatchSequence>({ type: "MatchSequence", patterns, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
  }

  private maybeStarPattern(): A.Pattern {
    if (this.k[this.pos] === Tok.STAR) {
      const s = this.pos++;
      const id = this.expectName();
      const name = id === "_" ? null : id;
      return this.fin<A.MatchStar>({ type: "MatchStar", name, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
    }
    return this.pattern();
  }

  private pattern(): A.Pattern {
    const s = this.pos;
    const p = this.orPattern();
    if (this.eat(Tok.KW_AS)) {
      const nt = this.pos;
      const name = this.expectName();
      if (name === "_") this.fail("cannot use '_' as a target", nt);
      return this.fin<A.MatchAs>({ type: "MatchAs", pattern: p, name, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
    }
    return p;
  }

  private orPattern(): A.Pattern {
    const s = this.pos;
    const first = this.closedPattern();
    if (this.k[this.pos] !== Tok.VBAR) return first;
    const patterns = [first];
    while (this.eat(Tok.VBAR)) patterns.push(this.closedPattern());
    return this.fin<A.MatchOr>({ type: "MatchOr", patterns, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
  }

  private closedPattern(): A.Pattern {
    const s = this.pos;
    this.enter();
    const k = this.k[s] as Tok;
    let result: A.Pattern;
    switch (k) {
      case Tok.NUMBER:
      case Tok.MINUS:
      case Tok.STRING:
      case Tok.FSTRING_START: {
        const value = this.literalExpr();
        result = this.fin<A.MatchValue>({ type: "MatchValue", value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
        break;
      }
      case Tok.KW_NONE:
      case Tok.KW_TRUE:
      case Tok.KW_FALSE: {
        this.pos++;
        const value = k === Tok.KW_NONE ? null : k === Tok.KW_TRUE;
        result = this.fin<A.MatchSingleton>({ type: "MatchSingleton", value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
        break;
      }
      case Tok.NAME: {
        const id = this.nameText(s);
        this.pos++;
        if (this.k[this.pos] !== Tok.DOT && this.k[this.pos] !== Tok.LPAR) {
          result = this.fin<A.MatchAs>(
            { type: "MatchAs", pattern: null, name: id === "_" ? null : id, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 },
            s,
          );
          break;
        }
        let value: A.Expr = this.fin<A.Name>({ type: "Name", id, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
        while (this.eat(Tok.DOT)) {
          const attr = this.expectName();
          value = this.fin<A.Attribute>({ type: "Attribute", value, attr, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
        }
        if (this.k[this.pos] === Tok.LPAR) {
          result = this.classPattern(s, value);
          break;
        }
        result = this.fin<A.MatchValue>({ type: "MatchValue", value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
        break;
      }
      case Tok.LPAR: {
        this.pos++;
        if (this.eat(Tok.RPAR)) {
          result = this.fin<A.MatchSequence>({ type: "MatchSequence", patterns: [], lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
          break;
        }
        const first = this.maybeStarPattern();
        if (this.eat(Tok.RPAR)) {
          if (first.type === "MatchStar") {
            result = this.fin<A.MatchSequence>({ type: "MatchSequence", patterns: [first], lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
          } else {
            result = first; // group pattern
          }
          break;
        }
        const patterns = [first];
        while (this.eat(Tok.COMMA)) {
          if (this.k[this.pos] === Tok.RPAR) break;
          patterns.push(this.maybeStarPattern());
        }
        this.expect(Tok.RPAR);
        result = this.fin<A.MatchSequence>({ type: "MatchSequence", patterns, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
        break;
      }
      case Tok.LSQB: {
        this.pos++;
        const patterns: A.Pattern[] = [];
        while (this.k[this.pos] !== Tok.RSQB) {
          patterns.push(this.maybeStarPattern());
          if (!this.eat(Tok.COMMA)) break;
        }
        this.expect(Tok.RSQB);
        result = this.fin<A.MatchSequence>({ type: "MatchSequence", patterns, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
        break;
      }
      case Tok.LBRACE:
        result = this.mappingPattern();
        break;
      default:
        this.unexpected();
    }
    this.depth--;
    return result;
  }

  private mappingPattern(): A.MatchMapping {
    const s = this.pos;
    this.pos++;
    const keys: A.Expr[] = [];
    const patterns: A.Pattern[] = [];
    let rest: string | null = null;
    while (this.k[this.pos] !== Tok.RBRACE) {
      if (this.eat(Tok.DOUBLESTAR)) {
        rest = this.expectName();
        this.eat(Tok.COMMA);
        break;
      }
      const ks = this.pos;
      const kk = this.k[ks];
      let key: A.Expr;
      if (kk === Tok.NAME) {
        let value: A.Expr = this.fin<A.Name>({ type: "Name", id: this.nameText(ks), ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, ks, ks);
        this.pos++;
        if (this.k[this.pos] !== Tok.DOT) this.fail("invalid syntax", ks);
        while (this.eat(Tok.DOT)) {
          const attr = this.expectName();
          value = this.fin<A.Attribute>({ type: "Attribute", value, attr, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, ks);
        }
        key = value;
      } else if (kk === Tok.KW_NONE || kk === Tok.KW_TRUE || kk === Tok.KW_FALSE) {
        this.pos++;
        key = this.fin<A.Constant>(
          { type: "Constant", value: kk === Tok.KW_NONE ? null : kk === Tok.KW_TRUE, kind: null, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 },
          ks,
        );
      } else {
        key = this.literalExpr();
      }
      keys.push(key);
      this.expect(Tok.COLON);
      patterns.push(this.pattern());
      if (!this.eat(Tok.COMMA)) break;
    }
    this.expect(Tok.RBRACE);
    return this.fin<A.MatchMapping>({ type: "MatchMapping", keys, patterns, rest, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
  }

  private classPattern(s: number, cls: A.Expr): A.MatchClass {
    this.expect(Tok.LPAR);
    const patterns: A.Pattern[] = [];
    const kwd_attrs: string[] = [];
    const kwd_patterns: A.Pattern[] = [];
    while (this.k[this.pos] !== Tok.RPAR) {
      if (this.k[this.pos] === Tok.NAME && this.k[this.pos + 1] === Tok.EQUAL) {
        kwd_attrs.push(this.nameText(this.pos));
        this.pos += 2;
        kwd_patterns.push(this.pattern());
      } else {
        const ps = this.pos;
        const p = this.pattern();
        if (kwd_attrs.length > 0) this.fail("positional patterns follow keyword patterns", ps, this.pos - 1);
        patterns.push(p);
      }
      if (!this.eat(Tok.COMMA)) break;
    }
    this.expect(Tok.RPAR);
    return this.fin<A.MatchClass>(
      { type: "MatchClass", cls, patterns, kwd_attrs, kwd_patterns, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 },
      s,
    );
  }

  /** A literal in a pattern: signed number, complex `a+bj`, or strings. */
  private literalExpr(): A.Expr {
    const s = this.pos;
    const k = this.k[s];
    if (k === Tok.STRING || k === Tok.FSTRING_START) {
      const e = this.strings();
      if (e.type === "JoinedStr") this.fail("patterns may only match literals and attribute lookups", s, this.pos - 1);
      return e;
    }
    let left: A.Expr;
    if (k === Tok.MINUS) {
      this.pos++;
      if (this.k[this.pos] !== Tok.NUMBER) this.unexpected();
      const operand = this.number(this.pos++);
      left = this.fin<A.UnaryOp>({ type: "UnaryOp", op: "USub", operand, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
    } else if (k === Tok.NUMBER) {
      left = this.number(this.pos++);
    } else {
      this.unexpected();
    }
    const op = this.k[this.pos];
    if (op === Tok.PLUS || op === Tok.MINUS) {
      this.pos++;
      if (this.k[this.pos] !== Tok.NUMBER) this.unexpected();
      const right = this.number(this.pos++);
      if (!(right.value instanceof PyComplex)) this.fail("imaginary number required in complex literal", this.pos - 1);
      return this.fin<A.BinOp>(
        { type: "BinOp", left, op: op === Tok.PLUS ? "Add" : "Sub", right, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 },
        s,
      );
    }
    return left;
  }

  // -------------------------------------------------------------------------------------------
  // parameters and arguments

  private parameters(close: Tok, annotations: boolean): A.Arguments {
    const posonlyargs: A.Arg[] = [];
    let args: A.Arg[] = [];
    const defaults: A.Expr[] = [];
    let vararg: A.Arg | null = null;
    const kwonlyargs: A.Arg[] = [];
    const kw_defaults: (A.Expr | null)[] = [];
    let kwarg: A.Arg | null = null;
    let seenSlash = false;
    let seenStar = false;
    let bareStarAt = -1;
    while (this.k[this.pos] !== close) {
      if (kwarg) this.fail("arguments cannot follow var-keyword argument");
      const k = this.k[this.pos];
      if (k === Tok.SLASH) {
        if (seenSlash) this.fail("/ may appear only once");
        if (seenStar) this.fail("/ must be ahead of *");
        if (args.length === 0) this.fail("at least one argument must precede /");
        seenSlash = true;
        posonlyargs.push(...args);
        args = [];
        this.pos++;
      } else if (k === Tok.STAR) {
        if (seenStar) this.fail("* argument may appear only once");
        seenStar = true;
        const st = this.pos++;
        const nk = this.k[this.pos];
        if (nk === Tok.COMMA || nk === close) {
          bareStarAt = st;
        } else {
          vararg = this.param(annotations, true);
          if (this.k[this.pos] === Tok.EQUAL) this.fail("var-positional argument cannot have default value");
        }
      } else if (k === Tok.DOUBLESTAR) {
        this.pos++;
        kwarg = this.param(annotations, false);
        if (this.k[this.pos] === Tok.EQUAL) this.fail("var-keyword argument cannot have default value");
      } else {
        const a = this.param(annotations, false);
        let d: A.Expr | null = null;
        if (this.eat(Tok.EQUAL)) d = this.expression();
        if (seenStar) {
          kwonlyargs.push(a);
          kw_defaults.push(d);
        } else {
          args.push(a);
          if (d) defaults.push(d);
          else if (defaults.length > 0) this.fail("parameter without a default follows parameter with a default", this.pos - 1);
        }
      }
      if (!this.eat(Tok.COMMA)) break;
    }
    if (bareStarAt >= 0 && kwonlyargs.length === 0) this.fail("named arguments must follow bare *", bareStarAt);
    return { type: "arguments", posonlyargs, args, vararg, kwonlyargs, kw_defaults, kwarg, defaults };
  }

  private param(annotations: boolean, starAnnotation: boolean): A.Arg {
    const s = this.pos;
    const arg = this.expectName();
    let annotation: A.Expr | null = null;
    if (annotations && this.eat(Tok.COLON)) {
      annotation = starAnnotation && this.k[this.pos] === Tok.STAR ? this.starExpression() : this.expression();
    }
    return this.fin<A.Arg>({ type: "arg", arg, annotation, type_comment: null, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
  }

  /** Arguments of a call (or class bases) after the `(` at token `lp`; consumes the `)`. */
  private callArgs(lp: number, allowGenexp: boolean): { args: A.Expr[]; keywords: A.Keyword[] } {
    const args: A.Expr[] = [];
    const keywords: A.Keyword[] = [];
    let seenKeyword = false;
    let seenKwUnpack = false;
    while (this.k[this.pos] !== Tok.RPAR) {
      const s = this.pos;
      const k = this.k[s];
      if (k === Tok.STAR) {
        if (seenKwUnpack) this.fail("iterable argument unpacking follows keyword argument unpacking", s - 1);
        this.pos++;
        const value = this.expression();
        args.push(this.fin<A.Starred>({ type: "Starred", value, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s));
      } else if (k === Tok.DOUBLESTAR) {
        this.pos++;
        const value = this.expression();
        seenKwUnpack = true;
        keywords.push(this.fin<A.Keyword>({ type: "keyword", arg: null, value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s));
      } else if (k === Tok.NAME && this.k[s + 1] === Tok.EQUAL) {
        const arg = this.nameText(s);
        this.pos += 2;
        const value = this.expression();
        seenKeyword = true;
        keywords.push(this.fin<A.Keyword>({ type: "keyword", arg, value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s));
      } else {
        const e = this.namedExpression();
        const nk = this.k[this.pos];
        if (nk === Tok.KW_FOR || (nk === Tok.KW_ASYNC && this.k[this.pos + 1] === Tok.KW_FOR)) {
          const generators = this.comprehensions();
          if (!allowGenexp || args.length > 0 || keywords.length > 0 || this.k[this.pos] !== Tok.RPAR) {
            if (!allowGenexp) this.unexpected();
            this.fail("Generator expression must be parenthesized", s, this.pos - 1);
          }
          this.pos++; // ')'
          const g = this.fin<A.GeneratorExp>(
            { type: "GeneratorExp", elt: e, generators, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 },
            lp,
          );
          args.push(g);
          return { args, keywords };
        }
        if (nk === Tok.EQUAL) this.fail('expression cannot contain assignment, perhaps you meant "=="?', s, this.pos);
        if (seenKwUnpack) this.fail("positional argument follows keyword argument unpacking", this.pos);
        if (seenKeyword) this.fail("positional argument follows keyword argument", this.pos);
        args.push(e);
      }
      if (!this.eat(Tok.COMMA)) break;
    }
    this.expect(Tok.RPAR);
    return { args, keywords };
  }

  // -------------------------------------------------------------------------------------------
  // targets

  /** Convert a parsed expression into an assignment/deletion target, or fail like CPython. */
  private toTarget(e: A.Expr, ctx: A.ExprContext): void {
    switch (e.type) {
      case "Name":
        e.ctx = ctx;
        return;
      case "Attribute":
      case "Subscript":
        e.ctx = ctx;
        return;
      case "Starred":
        if (ctx === "Del") this.failNode("cannot delete starred", e);
        e.ctx = ctx;
        this.toTarget(e.value, ctx);
        return;
      case "Tuple":
      case "List":
        e.ctx = ctx;
        for (const x of e.elts) this.toTarget(x, ctx);
        return;
      default: {
        const verb = ctx === "Del" ? "delete" : "assign to";
        this.failNode(`cannot ${verb} ${describe(e)}`, e);
      }
    }
  }

  private failNode(message: string, node: A.Located): never {
    // Find the token index at the node's start for the error position.
    let i = 0;
    let j = this.count - 1;
    while (i < j) {
      const m = (i + j) >> 1;
      if (this.ts[m]! < node.start) i = m + 1;
      else j = m;
    }
    this.fail(message, i, i);
  }

  /** `for` targets: star_targets (a Tuple when comma-separated). */
  private starTargets(): A.Expr {
    const s = this.pos;
    const first = this.starTarget();
    if (this.k[this.pos] !== Tok.COMMA) return first;
    const elts = [first];
    while (this.eat(Tok.COMMA)) {
      const k = this.k[this.pos];
      if (k === Tok.KW_IN || k === Tok.EQUAL || !STARTS_EXPR[k!]) break;
      elts.push(this.starTarget());
    }
    return this.fin<A.Tuple>({ type: "Tuple", elts, ctx: "Store", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
  }

  private starTarget(): A.Expr {
    if (this.k[this.pos] === Tok.STAR) {
      const s = this.pos++;
      if (this.k[this.pos] === Tok.STAR) this.unexpected();
      const value = this.starTarget();
      return this.fin<A.Starred>({ type: "Starred", value, ctx: "Store", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
    }
    const e = this.bitwiseOr();
    this.toTarget(e, "Store");
    return e;
  }

  // -------------------------------------------------------------------------------------------
  // expressions

  /** star_expressions: `a`, `*a`, `a, *b,` (a Tuple when comma-separated). */
  private starExpressions(): A.Expr {
    const s = this.pos;
    const first = this.starExpression();
    if (this.k[this.pos] !== Tok.COMMA) return first;
    const elts = [first];
    while (this.eat(Tok.COMMA)) {
      const k = this.k[this.pos]!;
      if (!STARTS_EXPR[k] || k === Tok.KW_YIELD) break;
      elts.push(this.starExpression());
    }
    return this.fin<A.Tuple>({ type: "Tuple", elts, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
  }

  private starExpression(): A.Expr {
    return this.k[this.pos] === Tok.STAR ? this.starredBitwiseOr() : this.expression();
  }

  private starNamedExpression(): A.Expr {
    return this.k[this.pos] === Tok.STAR ? this.starredBitwiseOr() : this.namedExpression();
  }

  /** `*` bitwise_or, at a STAR token. */
  private starredBitwiseOr(): A.Starred {
    const s = this.pos++;
    const value = this.bitwiseOr();
    return this.fin<A.Starred>({ type: "Starred", value, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
  }

  private namedExpression(): A.Expr {
    const s = this.pos;
    if (this.k[s] === Tok.NAME && this.k[s + 1] === Tok.COLONEQUAL) {
      const target = this.fin<A.Name>({ type: "Name", id: this.nameText(s), ctx: "Store", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s, s);
      this.pos += 2;
      const value = this.expression();
      return this.fin<A.NamedExpr>({ type: "NamedExpr", target, value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
    }
    const e = this.expression();
    if (this.k[this.pos] === Tok.COLONEQUAL) this.failNode(`cannot use assignment expressions with ${describe(e)}`, e);
    return e;
  }

  private expression(): A.Expr {
    if (this.k[this.pos] === Tok.KW_LAMBDA) return this.lambda();
    const s = this.pos;
    const body = this.disjunction();
    if (this.k[this.pos] !== Tok.KW_IF) return body;
    this.pos++;
    const test = this.disjunction();
    if (this.k[this.pos] !== Tok.KW_ELSE) this.fail("expected 'else' after 'if' expression");
    this.pos++;
    this.enter();
    const orelse = this.expression();
    this.depth--;
    return this.fin<A.IfExp>({ type: "IfExp", test, body, orelse, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
  }

  private lambda(): A.Lambda {
    const s = this.pos++;
    this.enter();
    const args = this.parameters(Tok.COLON, false);
    this.expect(Tok.COLON);
    const body = this.expression();
    this.depth--;
    return this.fin<A.Lambda>({ type: "Lambda", args, body, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
  }

  private disjunction(): A.Expr {
    const s = this.pos;
    const first = this.conjunction();
    if (this.k[this.pos] !== Tok.KW_OR) return first;
    const values = [first];
    while (this.eat(Tok.KW_OR)) values.push(this.conjunction());
    return this.fin<A.BoolOp>({ type: "BoolOp", op: "Or", values, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
  }

  private conjunction(): A.Expr {
    const s = this.pos;
    const first = this.inversion();
    if (this.k[this.pos] !== Tok.KW_AND) return first;
    const values = [first];
    while (this.eat(Tok.KW_AND)) values.push(this.inversion());
    return this.fin<A.BoolOp>({ type: "BoolOp", op: "And", values, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
  }

  private inversion(): A.Expr {
    if (this.k[this.pos] === Tok.KW_NOT) {
      const s = this.pos++;
      this.enter();
      const operand = this.inversion();
      this.depth--;
      return this.fin<A.UnaryOp>({ type: "UnaryOp", op: "Not", operand, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
    }
    return this.comparison();
  }

  private comparison(): A.Expr {
    const s = this.pos;
    const left = this.bitwiseOr();
    let ops: A.CmpOperator[] | null = null;
    let comparators: A.Expr[] | null = null;
    for (;;) {
      let op: A.CmpOperator;
      switch (this.k[this.pos] as Tok) {
        case Tok.EQEQUAL:
          op = "Eq";
          break;
        case Tok.NOTEQUAL:
          op = "NotEq";
          break;
        case Tok.LESS:
          op = "Lt";
          break;
        case Tok.LESSEQUAL:
          op = "LtE";
          break;
        case Tok.GREATER:
          op = "Gt";
          break;
        case Tok.GREATEREQUAL:
          op = "GtE";
          break;
        case Tok.KW_IN:
          op = "In";
          break;
        case Tok.KW_NOT:
          if (this.k[this.pos + 1] !== Tok.KW_IN) this.unexpected();
          this.pos++;
          op = "NotIn";
          break;
        case Tok.KW_IS:
          if (this.k[this.pos + 1] === Tok.KW_NOT) {
            this.pos++;
            op = "IsNot";
          } else op = "Is";
          break;
        default:
          if (ops === null) return left;
          return this.fin<A.Compare>(
            { type: "Compare", left, ops, comparators: comparators!, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 },
            s,
          );
      }
      this.pos++;
      if (ops === null) {
        ops = [];
        comparators = [];
      }
      ops.push(op);
      comparators!.push(this.bitwiseOr());
    }
  }

  private bitwiseOr(): A.Expr {
    return this.binary(1);
  }

  /** Precedence climbing over | ^ & << >> + - * / // % @ (all left-associative). */
  private binary(minPrec: number): A.Expr {
    const s = this.pos;
    let left = this.factor();
    for (;;) {
      const k = this.k[this.pos]!;
      const prec = BIN_PREC[k]!;
      if (prec === 0 || prec < minPrec) return left;
      this.pos++;
      const right = prec === 6 ? this.factor() : this.binary(prec + 1);
      left = this.fin<A.BinOp>({ type: "BinOp", left, op: BIN_OP[k]!, right, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
    }
  }

  private factor(): A.Expr {
    const k = this.k[this.pos];
    if (k === Tok.MINUS || k === Tok.PLUS || k === Tok.TILDE) {
      const s = this.pos++;
      this.enter();
      const operand = this.factor();
      this.depth--;
      const op: A.UnaryOperator = k === Tok.MINUS ? "USub" : k === Tok.PLUS ? "UAdd" : "Invert";
      return this.fin<A.UnaryOp>({ type: "UnaryOp", op, operand, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
    }
    return this.power();
  }

  private power(): A.Expr {
    const s = this.pos;
    let left: A.Expr;
    if (this.k[s] === Tok.KW_AWAIT) {
      this.pos++;
      const value = this.primary();
      left = this.fin<A.Await>({ type: "Await", value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
    } else {
      left = this.primary();
    }
    if (this.k[this.pos] !== Tok.DOUBLESTAR) return left;
    this.pos++;
    this.enter();
    const right = this.factor();
    this.depth--;
    return this.fin<A.BinOp>({ type: "BinOp", left, op: "Pow", right, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
  }

  private primary(): A.Expr {
    const s = this.pos;
    let e = this.atom();
    for (;;) {
      const k = this.k[this.pos];
      if (k === Tok.DOT) {
        this.pos++;
        const attr = this.expectName();
        e = this.fin<A.Attribute>({ type: "Attribute", value: e, attr, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
      } else if (k === Tok.LPAR) {
        const lp = this.pos++;
        this.enter();
        const { args, keywords } = this.callArgs(lp, true);
        this.depth--;
        e = this.fin<A.Call>({ type: "Call", func: e, args, keywords, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
      } else if (k === Tok.LSQB) {
        this.pos++;
        this.enter();
        const slice = this.slices();
        this.depth--;
        this.expect(Tok.RSQB);
        e = this.fin<A.Subscript>({ type: "Subscript", value: e, slice, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
      } else {
        return e;
      }
    }
  }

  private slices(): A.Expr {
    const s = this.pos;
    const first = this.sliceItem();
    if (this.k[this.pos] !== Tok.COMMA) {
      if (first.type === "Starred") {
        return this.fin<A.Tuple>({ type: "Tuple", elts: [first], ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
      }
      return first;
    }
    const elts = [first];
    while (this.eat(Tok.COMMA)) {
      if (this.k[this.pos] === Tok.RSQB) break;
      elts.push(this.sliceItem());
    }
    return this.fin<A.Tuple>({ type: "Tuple", elts, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
  }

  private sliceItem(): A.Expr {
    const s = this.pos;
    if (this.k[s] === Tok.STAR) return this.starredBitwiseOr();
    let lower: A.Expr | null = null;
    if (this.k[s] !== Tok.COLON) {
      lower = this.namedExpression();
      if (this.k[this.pos] !== Tok.COLON) return lower;
      if (lower.type === "NamedExpr") this.unexpected();
    }
    this.pos++; // ':'
    let upper: A.Expr | null = null;
    let step: A.Expr | null = null;
    let k = this.k[this.pos];
    if (k !== Tok.COLON && k !== Tok.COMMA && k !== Tok.RSQB) upper = this.expression();
    if (this.eat(Tok.COLON)) {
      k = this.k[this.pos];
      if (k !== Tok.COMMA && k !== Tok.RSQB) step = this.expression();
    }
    return this.fin<A.Slice>({ type: "Slice", lower, upper, step, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
  }

  private atom(): A.Expr {
    const s = this.pos;
    switch (this.k[s] as Tok) {
      case Tok.NAME:
        this.pos++;
        return this.fin<A.Name>({ type: "Name", id: this.nameText(s), ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
      case Tok.NUMBER:
        this.pos++;
        return this.number(s);
      case Tok.STRING:
      case Tok.FSTRING_START:
        return this.strings();
      case Tok.KW_NONE:
        this.pos++;
        return this.fin<A.Constant>({ type: "Constant", value: null, kind: null, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
      case Tok.KW_TRUE:
        this.pos++;
        return this.fin<A.Constant>({ type: "Constant", value: true, kind: null, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
      case Tok.KW_FALSE:
        this.pos++;
        return this.fin<A.Constant>({ type: "Constant", value: false, kind: null, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
      case Tok.ELLIPSIS:
        this.pos++;
        return this.fin<A.Constant>({ type: "Constant", value: PY_ELLIPSIS, kind: null, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
      case Tok.LPAR:
        return this.parenAtom();
      case Tok.LSQB:
        return this.listAtom();
      case Tok.LBRACE:
        return this.braceAtom();
      default:
        this.unexpected();
    }
  }

  private parenAtom(): A.Expr {
    const s = this.pos++;
    this.enter();
    try {
      if (this.eat(Tok.RPAR)) {
        return this.fin<A.Tuple>({ type: "Tuple", elts: [], ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
      }
      if (this.k[this.pos] === Tok.KW_YIELD) {
        const y = this.yieldExpr();
        this.expect(Tok.RPAR);
        return y;
      }
      const first = this.starNamedExpression();
      const k = this.k[this.pos];
      if (k === Tok.KW_FOR || (k === Tok.KW_ASYNC && this.k[this.pos + 1] === Tok.KW_FOR)) {
        if (first.type === "Starred") this.failNode("iterable unpacking cannot be used in comprehension", first);
        const generators = this.comprehensions();
        this.expect(Tok.RPAR);
        return this.fin<A.GeneratorExp>({ type: "GeneratorExp", elt: first, generators, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
      }
      if (k === Tok.RPAR) {
        this.pos++;
        if (first.type === "Starred") this.failNode("cannot use starred expression here", first);
        return first;
      }
      if (k !== Tok.COMMA) this.expect(Tok.RPAR);
      const elts = [first];
      while (this.eat(Tok.COMMA)) {
        if (this.k[this.pos] === Tok.RPAR) break;
        elts.push(this.starNamedExpression());
      }
      this.expect(Tok.RPAR);
      return this.fin<A.Tuple>({ type: "Tuple", elts, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
    } finally {
      this.depth--;
    }
  }

  private listAtom(): A.Expr {
    const s = this.pos++;
    this.enter();
    if (this.eat(Tok.RSQB)) {
      this.depth--;
      return this.fin<A.List>({ type: "List", elts: [], ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
    }
    const first = this.starNamedExpression();
    const k = this.k[this.pos];
    if (k === Tok.KW_FOR || (k === Tok.KW_ASYNC && this.k[this.pos + 1] === Tok.KW_FOR)) {
      if (first.type === "Starred") this.failNode("iterable unpacking cannot be used in comprehension", first);
      const generators = this.comprehensions();
      this.expect(Tok.RSQB);
      this.depth--;
      return this.fin<A.ListComp>({ type: "ListComp", elt: first, generators, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
    }
    const elts = [first];
    while (this.eat(Tok.COMMA)) {
      if (this.k[this.pos] === Tok.RSQB) break;
      elts.push(this.starNamedExpression());
    }
    this.expect(Tok.RSQB);
    this.depth--;
    return this.fin<A.List>({ type: "List", elts, ctx: "Load", lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
  }

  private braceAtom(): A.Expr {
    const s = this.pos++;
    this.enter();
    if (this.eat(Tok.RBRACE)) {
      this.depth--;
      return this.fin<A.Dict>({ type: "Dict", keys: [], values: [], lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
    }
    let result: A.Expr;
    if (this.k[this.pos] === Tok.DOUBLESTAR) {
      result = this.dictRest(s, [], []);
    } else {
      const first = this.starNamedExpression();
      if (this.eat(Tok.COLON)) {
        if (first.type === "Starred") this.failNode("cannot use a starred expression in a dictionary value", first);
        const value = this.expression();
        const k = this.k[this.pos];
        if (k === Tok.KW_FOR || (k === Tok.KW_ASYNC && this.k[this.pos + 1] === Tok.KW_FOR)) {
          const generators = this.comprehensions();
          this.expect(Tok.RBRACE);
          result = this.fin<A.DictComp>({ type: "DictComp", key: first, value, generators, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
        } else if (this.eat(Tok.COMMA)) {
          result = this.dictRest(s, [first], [value]);
        } else {
          this.expect(Tok.RBRACE);
          result = this.fin<A.Dict>({ type: "Dict", keys: [first], values: [value], lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
        }
      } else {
        const k = this.k[this.pos];
        if (k === Tok.KW_FOR || (k === Tok.KW_ASYNC && this.k[this.pos + 1] === Tok.KW_FOR)) {
          if (first.type === "Starred") this.failNode("iterable unpacking cannot be used in comprehension", first);
          const generators = this.comprehensions();
          this.expect(Tok.RBRACE);
          result = this.fin<A.SetComp>({ type: "SetComp", elt: first, generators, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
        } else {
          const elts = [first];
          while (this.eat(Tok.COMMA)) {
            if (this.k[this.pos] === Tok.RBRACE) break;
            elts.push(this.starNamedExpression());
          }
          this.expect(Tok.RBRACE);
          result = this.fin<A.Set>({ type: "Set", elts, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
        }
      }
    }
    this.depth--;
    return result;
  }

  /** Remaining dict entries after the first (already consumed through its comma). */
  private dictRest(s: number, keys: (A.Expr | null)[], values: A.Expr[]): A.Dict {
    while (this.k[this.pos] !== Tok.RBRACE) {
      if (this.eat(Tok.DOUBLESTAR)) {
        keys.push(null);
        values.push(this.bitwiseOr());
      } else {
        keys.push(this.expression());
        this.expect(Tok.COLON);
        values.push(this.expression());
      }
      if (!this.eat(Tok.COMMA)) break;
    }
    this.expect(Tok.RBRACE);
    return this.fin<A.Dict>({ type: "Dict", keys, values, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
  }

  private comprehensions(): A.Comprehension[] {
    const gens: A.Comprehension[] = [];
    for (;;) {
      let is_async = 0;
      if (this.k[this.pos] === Tok.KW_ASYNC && this.k[this.pos + 1] === Tok.KW_FOR) {
        is_async = 1;
        this.pos++;
      } else if (this.k[this.pos] !== Tok.KW_FOR) break;
      this.pos++;
      const target = this.starTargets();
      this.expect(Tok.KW_IN);
      const iter = this.disjunction();
      const ifs: A.Expr[] = [];
      while (this.eat(Tok.KW_IF)) ifs.push(this.disjunction());
      gens.push({ type: "comprehension", target, iter, ifs, is_async });
    }
    return gens;
  }

  private yieldExpr(): A.Expr {
    const s = this.pos++;
    if (this.eat(Tok.KW_FROM)) {
      const value = this.expression();
      return this.fin<A.YieldFrom>({ type: "YieldFrom", value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
    }
    const k = this.k[this.pos]!;
    const value = STARTS_EXPR[k] && k !== Tok.KW_YIELD ? this.starExpressions() : null;
    return this.fin<A.Yield>({ type: "Yield", value, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
  }

  // -------------------------------------------------------------------------------------------
  // literals

  private number(i: number): A.Constant {
    const raw = this.tokText(i);
    const t = raw.indexOf("_") >= 0 ? raw.replace(/_/g, "") : raw;
    let value: A.ConstantValue;
    const last = t.charCodeAt(t.length - 1) | 0x20;
    const second = t.length > 1 ? t.charCodeAt(1) | 0x20 : 0;
    if (last === 106) {
      value = new PyComplex(Number(t.slice(0, -1)));
    } else if (t.charCodeAt(0) === 48 && (second === 120 || second === 111 || second === 98)) {
      const b = BigInt(t);
      value = b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
    } else if (t.indexOf(".") >= 0 || t.indexOf("e") >= 0 || t.indexOf("E") >= 0) {
      value = new PyFloat(Number(t));
    } else if (t.length <= 15) {
      value = parseInt(t, 10);
    } else {
      const b = BigInt(t);
      value = b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
    }
    return this.fin<A.Constant>({ type: "Constant", value, kind: null, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, i, i);
  }

  /** Adjacent string literals (plain, bytes and f-strings), concatenated. */
  private strings(): A.Expr {
    const s = this.pos;
    // Fast path: a single plain string.
    if (this.k[s] === Tok.STRING && this.k[s + 1] !== Tok.STRING && this.k[s + 1] !== Tok.FSTRING_START) {
      this.pos++;
      const lit = this.stringToken(s);
      return this.fin<A.Constant>(
        { type: "Constant", value: lit.value, kind: lit.u ? "u" : null, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 },
        s,
        s,
      );
    }
    let isBytes: boolean | null = null;
    let hasF = false;
    let strValue = "";
    const byteParts: Uint8Array[] = [];
    // Parts for a JoinedStr (used when any f-string is present); adjacent constants are merged.
    const parts: (A.Constant | A.FormattedValue)[] = [];
    let kindU = false;
    while (this.k[this.pos] === Tok.STRING || this.k[this.pos] === Tok.FSTRING_START) {
      const i = this.pos;
      if (this.k[i] === Tok.STRING) {
        this.pos++;
        const lit = this.stringToken(i);
        const b = lit.value instanceof Uint8Array;
        if (isBytes === null) {
          isBytes = b;
          kindU = lit.u;
        } else if (isBytes !== b) this.fail("cannot mix bytes and nonbytes literals", s, i);
        if (b) byteParts.push(lit.value as Uint8Array);
        else {
          strValue += lit.value as string;
          this.pushConst(parts, lit.value as string, i, i);
        }
      } else {
        if (isBytes === true) this.fail("cannot mix bytes and nonbytes literals", s, i);
        isBytes = false;
        hasF = true;
        this.fstring(parts);
      }
    }
    if (isBytes) {
      let len = 0;
      for (const b of byteParts) len += b.length;
      const all = new Uint8Array(len);
      let o = 0;
      for (const b of byteParts) {
        all.set(b, o);
        o += b.length;
      }
      return this.fin<A.Constant>({ type: "Constant", value: all, kind: null, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
    }
    if (!hasF) {
      return this.fin<A.Constant>(
        { type: "Constant", value: strValue, kind: kindU ? "u" : null, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 },
        s,
      );
    }
    // CPython: a leading u-string gives the first constant part kind "u".
    if (kindU && parts.length > 0 && parts[0]!.type === "Constant" && this.k[s] === Tok.STRING) (parts[0] as A.Constant).kind = "u";
    return this.fin<A.JoinedStr>({ type: "JoinedStr", values: parts, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s);
  }

  /** Append a constant part covering tokens [s, e], merging with a preceding constant. */
  private pushConst(parts: (A.Constant | A.FormattedValue)[], value: string, s: number, e: number): void {
    if (value === "") return;
    const prev = parts.length > 0 ? parts[parts.length - 1]! : null;
    if (prev && prev.type === "Constant") {
      prev.value = (prev.value as string) + value;
      prev.end_lineno = this.tel[e]!;
      prev.end_col_offset = this.tec[e]!;
      prev.end = this.te[e]!;
      return;
    }
    parts.push(this.fin<A.Constant>({ type: "Constant", value, kind: null, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 }, s, e));
  }

  /** Decode one STRING token. */
  private stringToken(i: number): { value: string | Uint8Array; u: boolean } {
    const text = this.text;
    const start = this.ts[i]!;
    const end = this.te[i]!;
    let p = start;
    let raw = false;
    let bytes = false;
    let u = false;
    for (;;) {
      const c = text.charCodeAt(p) | 0x20;
      if (c === 114) raw = true;
      else if (c === 98) bytes = true;
      else if (c === 117) u = text.charCodeAt(p) === 117; // CPython: kind "u" only for a lowercase prefix
      else break;
      p++;
    }
    const q = text.charCodeAt(p);
    const triple = end - p >= 6 && text.charCodeAt(p + 1) === q && text.charCodeAt(p + 2) === q;
    const ql = triple ? 3 : 1;
    try {
      if (bytes) return { value: decodeBytes(text, p + ql, end - ql, raw), u: false };
      return { value: decodeStr(text, p + ql, end - ql, raw, false), u };
    } catch (e) {
      if (e instanceof StringDecodeError) this.fail(e.message, i);
      throw e;
    }
  }

  /** Parse one f-string (FSTRING_START .. FSTRING_END), appending parts. */
  private fstring(parts: (A.Constant | A.FormattedValue)[]): void {
    const startTok = this.pos++;
    const text = this.text;
    let p = this.ts[startTok]!;
    let raw = false;
    for (;;) {
      const c = text.charCodeAt(p) | 0x20;
      if (c === 114) raw = true;
      else if (c !== 102) break;
      p++;
    }
    this.enter();
    for (;;) {
      const k = this.k[this.pos];
      if (k === Tok.FSTRING_END) {
        this.pos++;
        break;
      }
      if (k === Tok.FSTRING_MIDDLE) {
        const i = this.pos++;
        this.pushConst(parts, this.decodeMiddle(i, raw), i, i);
        continue;
      }
      if (k === Tok.LBRACE) {
        this.replacementField(parts, raw);
        continue;
      }
      this.unexpected();
    }
    this.depth--;
  }

  private decodeMiddle(i: number, raw: boolean): string {
    try {
      return decodeStr(this.text, this.ts[i]!, this.te[i]!, raw, true);
    } catch (e) {
      if (e instanceof StringDecodeError) this.fail(e.message, i);
      throw e;
    }
  }

  /** Source text of [from, to) with any comments removed (CPython drops them from `=` debug text). */
  private withoutComments(from: number, to: number): string {
    let out = "";
    let at = from;
    for (const c of this.comments) {
      if (c.start < from || c.start >= to) continue;
      out += this.text.slice(at, c.start);
      at = c.end;
    }
    return out + this.text.slice(at, to);
  }

  private replacementField(parts: (A.Constant | A.FormattedValue)[], raw: boolean): void {
    const lb = this.pos++;
    if (this.k[this.pos] === Tok.RBRACE) this.fail("f-string: valid expression required before '}'", this.pos);
    if (this.k[this.pos] === Tok.KW_LAMBDA) this.fail("f-string: lambda expressions are not allowed without parentheses", this.pos);
    const value = this.k[this.pos] === Tok.KW_YIELD ? this.yieldExpr() : this.starExpressions();
    let conversion = -1;
    let format_spec: A.JoinedStr | null = null;
    let debug = false;
    if (this.k[this.pos] === Tok.EQUAL) {
      debug = true;
      this.pos++;
    }
    const afterExpr = this.pos;
    if (this.k[this.pos] === Tok.EXCLAMATION) {
      const ex = this.pos++;
      const nk = this.k[this.pos];
      if (nk === Tok.RBRACE || nk === Tok.COLON) this.fail("f-string: missing conversion character", this.pos);
      if (this.k[this.pos] !== Tok.NAME) this.fail("f-string: invalid conversion character: expected 's', 'r', or 'a'", this.pos);
      if (this.ts[this.pos] !== this.te[ex]) this.fail("f-string: conversion type must come right after the exclamanation mark", this.pos);
      const c = this.tokText(this.pos);
      if (c !== "s" && c !== "r" && c !== "a") this.fail(`f-string: invalid conversion character '${c}': expected 's', 'r', or 'a'`, this.pos);
      conversion = c.charCodeAt(0);
      this.pos++;
    }
    if (this.k[this.pos] === Tok.COLON) {
      const colon = this.pos++;
      const specParts: (A.Constant | A.FormattedValue)[] = [];
      while (this.k[this.pos] !== Tok.RBRACE) {
        const k = this.k[this.pos];
        if (k === Tok.FSTRING_MIDDLE) {
          const i = this.pos++;
          this.pushConst(specParts, this.decodeMiddle(i, raw), i, i);
        } else if (k === Tok.LBRACE) {
          this.replacementField(specParts, raw);
        } else {
          this.unexpected();
        }
      }
      const spec = {
        type: "JoinedStr",
        values: specParts,
        lineno: 0,
        col_offset: 0,
        end_lineno: 0,
        end_col_offset: 0,
        start: 0,
        end: 0,
      } as A.JoinedStr;
      this.fin(spec, colon, this.pos - 1);
      format_spec = spec;
    }
    if (this.k[this.pos] !== Tok.RBRACE) {
      if (this.k[this.pos] === Tok.FSTRING_END || this.k[this.pos] === Tok.FSTRING_MIDDLE) this.fail("f-string: expecting '}'", this.pos);
      this.unexpected();
    }
    this.pos++;
    if (debug) {
      // The expression's source text, from just after `{` to the conversion/spec/`}` token.
      const exprText = this.withoutComments(this.te[lb]!, this.ts[afterExpr]!);
      const before = parts.length;
      this.pushConst(parts, exprText.replace(/\r\n?/g, "\n"), lb, afterExpr);
      const c = parts[parts.length - 1]!;
      if (parts.length > before && c.type === "Constant") {
        c.lineno = this.tel[lb]!;
        c.col_offset = this.tec[lb]!;
        c.start = this.te[lb]!;
        c.end_lineno = this.tl[afterExpr]!;
        c.end_col_offset = this.tc[afterExpr]!;
        c.end = this.ts[afterExpr]!;
      } else if (c.type === "Constant") {
        c.end_lineno = this.tl[afterExpr]!;
        c.end_col_offset = this.tc[afterExpr]!;
        c.end = this.ts[afterExpr]!;
      }
      if (conversion === -1 && format_spec === null) conversion = 114;
    }
    parts.push(
      this.fin<A.FormattedValue>(
        { type: "FormattedValue", value, conversion, format_spec, lineno: 0, col_offset: 0, end_lineno: 0, end_col_offset: 0, start: 0, end: 0 },
        lb,
      ),
    );
  }
}

/** CPython's description of an expression in error messages ("literal", "function call", ...). */
function describe(e: A.Expr): string {
  switch (e.type) {
    case "Constant":
      if (e.value === null) return "None";
      if (e.value === true) return "True";
      if (e.value === false) return "False";
      if (e.value === PY_ELLIPSIS) return "ellipsis";
      return "literal";
    case "Call":
      return "function call";
    case "BoolOp":
    case "BinOp":
    case "UnaryOp":
      return "expression";
    case "Compare":
      return "comparison";
    case "Lambda":
      return "lambda";
    case "IfExp":
      return "conditional expression";
    case "NamedExpr":
      return "named expression";
    case "Dict":
      return "dict literal";
    case "Set":
      return "set display";
    case "ListComp":
      return "list comprehension";
    case "SetComp":
      return "set comprehension";
    case "DictComp":
      return "dict comprehension";
    case "GeneratorExp":
      return "generator expression";
    case "Await":
      return "await expression";
    case "Yield":
    case "YieldFrom":
      return "yield expression";
    case "JoinedStr":
    case "FormattedValue":
      return "f-string expression";
    case "Tuple":
      return "tuple";
    case "List":
      return "list";
    case "Starred":
      return "starred";
    case "Name":
      return "name";
    case "Attribute":
      return "attribute";
    case "Subscript":
      return "subscript";
    case "Slice":
      return "slice";
  }
}
