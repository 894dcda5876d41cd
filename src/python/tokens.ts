/**
 * @fileoverview Token kinds of the Python tokenizer and the token buffer layout (struct of arrays).
 *
 * Tokens are stored column-wise in typed arrays rather than as objects: the parser indexes them,
 * backtracks by resetting an index, and the garbage collector never sees a token.
 */
import type { Comment, PySyntaxError } from "./types.js";

/** Token kinds. Operators and keywords each get their own kind so the parser switches on one number. */
export const enum Tok {
  ENDMARKER = 0,
  NAME,
  NUMBER,
  STRING,
  NEWLINE,
  INDENT,
  DEDENT,
  FSTRING_START,
  FSTRING_MIDDLE,
  FSTRING_END,
  // punctuation
  LPAR,
  RPAR,
  LSQB,
  RSQB,
  LBRACE,
  RBRACE,
  COLON,
  COMMA,
  SEMI,
  PLUS,
  MINUS,
  STAR,
  SLASH,
  VBAR,
  AMPER,
  LESS,
  GREATER,
  EQUAL,
  DOT,
  PERCENT,
  EQEQUAL,
  NOTEQUAL,
  LESSEQUAL,
  GREATEREQUAL,
  TILDE,
  CIRCUMFLEX,
  LEFTSHIFT,
  RIGHTSHIFT,
  DOUBLESTAR,
  PLUSEQUAL,
  MINEQUAL,
  STAREQUAL,
  SLASHEQUAL,
  PERCENTEQUAL,
  AMPEREQUAL,
  VBAREQUAL,
  CIRCUMFLEXEQUAL,
  LEFTSHIFTEQUAL,
  RIGHTSHIFTEQUAL,
  DOUBLESTAREQUAL,
  DOUBLESLASH,
  DOUBLESLASHEQUAL,
  AT,
  ATEQUAL,
  RARROW,
  ELLIPSIS,
  COLONEQUAL,
  EXCLAMATION,
  // hard keywords
  KW_FALSE,
  KW_NONE,
  KW_TRUE,
  KW_AND,
  KW_AS,
  KW_ASSERT,
  KW_ASYNC,
  KW_AWAIT,
  KW_BREAK,
  KW_CLASS,
  KW_CONTINUE,
  KW_DEF,
  KW_DEL,
  KW_ELIF,
  KW_ELSE,
  KW_EXCEPT,
  KW_FINALLY,
  KW_FOR,
  KW_FROM,
  KW_GLOBAL,
  KW_IF,
  KW_IMPORT,
  KW_IN,
  KW_IS,
  KW_LAMBDA,
  KW_NONLOCAL,
  KW_NOT,
  KW_OR,
  KW_PASS,
  KW_RAISE,
  KW_RETURN,
  KW_TRY,
  KW_WHILE,
  KW_WITH,
  KW_YIELD,
}

/** Hard keywords by spelling. Soft keywords (`match`, `case`, `type`, `_`) stay NAME tokens. */
export const KEYWORDS: ReadonlyMap<string, Tok> = new Map<string, Tok>([
  ["False", Tok.KW_FALSE],
  ["None", Tok.KW_NONE],
  ["True", Tok.KW_TRUE],
  ["and", Tok.KW_AND],
  ["as", Tok.KW_AS],
  ["assert", Tok.KW_ASSERT],
  ["async", Tok.KW_ASYNC],
  ["await", Tok.KW_AWAIT],
  ["break", Tok.KW_BREAK],
  ["class", Tok.KW_CLASS],
  ["continue", Tok.KW_CONTINUE],
  ["def", Tok.KW_DEF],
  ["del", Tok.KW_DEL],
  ["elif", Tok.KW_ELIF],
  ["else", Tok.KW_ELSE],
  ["except", Tok.KW_EXCEPT],
  ["finally", Tok.KW_FINALLY],
  ["for", Tok.KW_FOR],
  ["from", Tok.KW_FROM],
  ["global", Tok.KW_GLOBAL],
  ["if", Tok.KW_IF],
  ["import", Tok.KW_IMPORT],
  ["in", Tok.KW_IN],
  ["is", Tok.KW_IS],
  ["lambda", Tok.KW_LAMBDA],
  ["nonlocal", Tok.KW_NONLOCAL],
  ["not", Tok.KW_NOT],
  ["or", Tok.KW_OR],
  ["pass", Tok.KW_PASS],
  ["raise", Tok.KW_RAISE],
  ["return", Tok.KW_RETURN],
  ["try", Tok.KW_TRY],
  ["while", Tok.KW_WHILE],
  ["with", Tok.KW_WITH],
  ["yield", Tok.KW_YIELD],
]);

/** Spelling of each token kind, for error messages. */
export function tokName(kind: Tok): string {
  return TOKEN_NAMES[kind] ?? "token";
}

const TOKEN_NAMES: string[] = (() => {
  const names: string[] = [];
  names[Tok.ENDMARKER] = "end of file";
  names[Tok.NAME] = "name";
  names[Tok.NUMBER] = "number";
  names[Tok.STRING] = "string";
  names[Tok.NEWLINE] = "newline";
  names[Tok.INDENT] = "indent";
  names[Tok.DEDENT] = "dedent";
  names[Tok.FSTRING_START] = "f-string";
  names[Tok.FSTRING_MIDDLE] = "f-string";
  names[Tok.FSTRING_END] = "f-string end";
  const ops: [Tok, string][] = [
    [Tok.LPAR, "("], [Tok.RPAR, ")"], [Tok.LSQB, "["], [Tok.RSQB, "]"], [Tok.LBRACE, "{"], [Tok.RBRACE, "}"],
    [Tok.COLON, ":"], [Tok.COMMA, ","], [Tok.SEMI, ";"], [Tok.PLUS, "+"], [Tok.MINUS, "-"], [Tok.STAR, "*"],
    [Tok.SLASH, "/"], [Tok.VBAR, "|"], [Tok.AMPER, "&"], [Tok.LESS, "<"], [Tok.GREATER, ">"], [Tok.EQUAL, "="],
    [Tok.DOT, "."], [Tok.PERCENT, "%"], [Tok.EQEQUAL, "=="], [Tok.NOTEQUAL, "!="], [Tok.LESSEQUAL, "<="],
    [Tok.GREATEREQUAL, ">="], [Tok.TILDE, "~"], [Tok.CIRCUMFLEX, "^"], [Tok.LEFTSHIFT, "<<"],
    [Tok.RIGHTSHIFT, ">>"], [Tok.DOUBLESTAR, "**"], [Tok.PLUSEQUAL, "+="], [Tok.MINEQUAL, "-="],
    [Tok.STAREQUAL, "*="], [Tok.SLASHEQUAL, "/="], [Tok.PERCENTEQUAL, "%="], [Tok.AMPEREQUAL, "&="],
    [Tok.VBAREQUAL, "|="], [Tok.CIRCUMFLEXEQUAL, "^="], [Tok.LEFTSHIFTEQUAL, "<<="],
    [Tok.RIGHTSHIFTEQUAL, ">>="], [Tok.DOUBLESTAREQUAL, "**="], [Tok.DOUBLESLASH, "//"],
    [Tok.DOUBLESLASHEQUAL, "//="], [Tok.AT, "@"], [Tok.ATEQUAL, "@="], [Tok.RARROW, "->"],
    [Tok.ELLIPSIS, "..."], [Tok.COLONEQUAL, ":="], [Tok.EXCLAMATION, "!"],
  ];
  for (const [k, s] of ops) names[k] = `'${s}'`;
  for (const [s, k] of KEYWORDS) names[k] = `'${s}'`;
  return names;
})();

/** The tokenizer's output: tokens in parallel typed arrays, plus comments and the first error (`line`, `col`, `endLine` and `endCol` are left unfilled by `tokenize(text, scratch, { positions: false })`). */
export interface TokenBuffer {
  count: number;
  kind: Uint8Array;
  /** UTF-16 start/end offsets. */
  start: Int32Array;
  end: Int32Array;
  /** 1-based start line and 0-based UTF-8 byte column. */
  line: Int32Array;
  col: Int32Array;
  /** 1-based end line and 0-based UTF-8 byte end column. */
  endLine: Int32Array;
  endCol: Int32Array;
  comments: Comment[];
  /** A tokenizer error; tokens before it are valid and end with ENDMARKER at the error. */
  error: PySyntaxError | null;
}
