/**
 * @fileoverview The Python tokenizer: decoded source text → {@link TokenBuffer}.
 *
 * Follows CPython 3.12+'s tokenizer: INDENT/DEDENT from an indentation stack with the tab
 * consistency check (tab size 8 vs 1), implicit line joining inside brackets, backslash
 * continuations, NEWLINE only for non-blank logical lines, and PEP 701 f-strings tokenized into
 * FSTRING_START / FSTRING_MIDDLE / replacement-field tokens / FSTRING_END with a mode stack.
 * Columns are computed in UTF-8 bytes (CPython's convention) on the fly; offsets are UTF-16.
 * It never throws: the first error is recorded and the token stream ends there.
 */
import { KEYWORDS, Tok, type TokenBuffer } from "./tokens.js";
import type { Comment, PySyntaxError, SyntaxErrorKind } from "./types.js";

const MAX_INDENT = 100;
const MAX_PAREN_LEVEL = 200;

// Character classes for ASCII: 1 = identifier start, 2 = identifier continue (digit).
const ID_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) ID_CLASS[c] = 1;
  else if (c >= 48 && c <= 57) ID_CLASS[c] = 2;
}

const RE_ID_START = /[\p{XID_Start}_]/u;
const RE_ID_CONTINUE = /[\p{XID_Continue}]/u;

// Mode stack entry kinds.
const M_FSTRING = 1; // inside the literal part of an f-string
const M_FIELD = 2; // inside a replacement field's expression
const M_SPEC = 3; // inside a replacement field's format spec

class TokenizeError {
  constructor(
    readonly kind: SyntaxErrorKind,
    readonly message: string,
    readonly startOffset: number,
    readonly endOffset: number,
  ) {}
}

/** Tokenize decoded Python source text. */
export function tokenize(text: string, scratch?: TokenScratch, options: { positions?: boolean } = {}): TokenBuffer {
  return new Tokenizer(text, scratch, options.positions !== false).run();
}

/**
 * Token arrays kept between calls, for callers that are done with one token buffer before they
 * tokenize the next text (the parser): a fresh set per file meant allocating and zero-filling about
 * six bytes per source byte.
 */
export type TokenScratch = Pick<TokenBuffer, "kind" | "start" | "end" | "line" | "col" | "endLine" | "endCol">;

/** A scratch set (empty until the first text needs room). */
export function tokenScratch(): TokenScratch {
  return { kind: new Uint8Array(0), start: new Int32Array(0), end: new Int32Array(0), line: new Int32Array(0), col: new Int32Array(0), endLine: new Int32Array(0), endCol: new Int32Array(0) };
}

class Tokenizer {
  private readonly text: string;
  private readonly n: number;
  private p = 0;

  // line tracking
  private line = 1;
  private lineStart = 0;
  /** Position up to which UTF-8 extra bytes of the current line have been counted. */
  private extraPos = 0;
  private extra = 0;
  private lineNonAscii = false;

  // output
  private count = 0;
  private cap: number;
  private kind: Uint8Array;
  private tstart: Int32Array;
  private tend: Int32Array;
  private tline: Int32Array;
  private tcol: Int32Array;
  private tendLine: Int32Array;
  private tendCol: Int32Array;
  private readonly comments: Comment[] = [];

  // layout state
  private readonly indents: number[] = [0];
  private readonly altIndents: number[] = [0];
  private atBol = true;
  /** Whether the current logical line has produced a token (so a NEWLINE is due at its end). */
  private lineHasTokens = false;
  private level = 0;
  private readonly brackets: number[] = [];
  private readonly bracketPos: number[] = [];

  // f-string mode stack
  private readonly modes: number[] = [];
  /** For M_FSTRING/M_SPEC: quote char code; for M_FIELD: the bracket level of its `{`. */
  private readonly modeA: number[] = [];
  /** Bit flags: 1 = triple quoted, 2 = raw. */
  private readonly modeB: number[] = [];
  /** Start offset of the f-string (for errors). */
  private readonly modeStart: number[] = [];

  constructor(
    text: string,
    private readonly scratch: TokenScratch | undefined,
    /**
     * Whether tokens get their lines and UTF-8 columns (`line`, `col`, `endLine`, `endCol`). Without
     * them (`lex`, whose caller only wants comments and errors) tokenizing is about a fifth faster.
     */
    private readonly positions: boolean,
  ) {
    this.text = text;
    this.n = text.length;
    const want = Math.max(64, (text.length >> 2) + 16);
    if (scratch && scratch.kind.length >= want) {
      // Slots past `count` are never read: no need to clear them.
      this.cap = scratch.kind.length;
      this.kind = scratch.kind;
      this.tstart = scratch.start;
      this.tend = scratch.end;
      this.tline = scratch.line;
      this.tcol = scratch.col;
      this.tendLine = scratch.endLine;
      this.tendCol = scratch.endCol;
    } else {
      this.cap = want;
      this.kind = new Uint8Array(this.cap);
      this.tstart = new Int32Array(this.cap);
      this.tend = new Int32Array(this.cap);
      this.tline = new Int32Array(this.cap);
      this.tcol = new Int32Array(this.cap);
      this.tendLine = new Int32Array(this.cap);
      this.tendCol = new Int32Array(this.cap);
    }
  }

  run(): TokenBuffer {
    let error: PySyntaxError | null = null;
    try {
      this.scan();
    } catch (e) {
      if (!(e instanceof TokenizeError)) throw e;
      error = this.makeError(e);
      // Leave a well-formed stream: the parser stops at ENDMARKER and reports this error.
      this.push(Tok.ENDMARKER, Math.min(e.startOffset, this.n), Math.min(e.startOffset, this.n));
    }
    // The parser looks up to two tokens past ENDMARKER: those slots read as ENDMARKER, as in a
    // fresh (zero-filled) array, even when the arrays are reused.
    for (let i = this.count; i < Math.min(this.cap, this.count + 3); i++) this.kind[i] = Tok.ENDMARKER;
    const scratch = this.scratch;
    if (scratch && scratch.kind.length < this.cap) {
      // Grown: keep the larger arrays for the next text.
      Object.assign(scratch, { kind: this.kind, start: this.tstart, end: this.tend, line: this.tline, col: this.tcol, endLine: this.tendLine, endCol: this.tendCol });
    }
    return {
      count: this.count,
      kind: this.kind,
      start: this.tstart,
      end: this.tend,
      line: this.tline,
      col: this.tcol,
      endLine: this.tendLine,
      endCol: this.tendCol,
      comments: this.comments,
      error,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // positions

  /** UTF-8 byte column of offset `p` on the current line (p must be >= lineStart, monotonic). */
  private byteCol(p: number): number {
    if (!this.lineNonAscii) return p - this.lineStart;
    const t = this.text;
    let x = this.extra;
    let i = this.extraPos;
    if (i < this.lineStart) i = this.lineStart;
    for (; i < p; i++) {
      const c = t.charCodeAt(i);
      if (c >= 0x80) x += c < 0x800 ? 1 : c >= 0xd800 && c <= 0xdfff ? 1 : 2;
    }
    if (p > this.extraPos) {
      this.extraPos = p;
      this.extra = x;
    }
    return p - this.lineStart + x;
  }

  private newline(nextLineStart: number): void {
    this.line++;
    this.lineStart = nextLineStart;
    this.extraPos = nextLineStart;
    this.extra = 0;
    this.lineNonAscii = false;
  }

  private grow(): void {
    const cap = this.cap * 2;
    const k = new Uint8Array(cap);
    k.set(this.kind);
    this.kind = k;
    const g = (a: Int32Array): Int32Array => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.tstart = g(this.tstart);
    this.tend = g(this.tend);
    this.tline = g(this.tline);
    this.tcol = g(this.tcol);
    this.tendLine = g(this.tendLine);
    this.tendCol = g(this.tendCol);
    this.cap = cap;
  }

  /** Append a token that starts and ends on the current line. */
  private push(kind: Tok, start: number, end: number): void {
    if (this.count === this.cap) this.grow();
    const i = this.count++;
    this.kind[i] = kind;
    this.tstart[i] = start;
    this.tend[i] = end;
    if (!this.positions) return;
    const col = this.byteCol(start);
    this.tline[i] = this.line;
    this.tcol[i] = col;
    this.tendLine[i] = this.line;
    this.tendCol[i] = start === end ? col : this.byteCol(end);
  }

  /** Append a token whose start position was recorded before crossing lines. */
  private pushSpan(kind: Tok, start: number, end: number, line: number, col: number): void {
    if (this.count === this.cap) this.grow();
    const i = this.count++;
    this.kind[i] = kind;
    this.tstart[i] = start;
    this.tend[i] = end;
    if (!this.positions) return;
    this.tline[i] = line;
    this.tcol[i] = col;
    this.tendLine[i] = this.line;
    this.tendCol[i] = this.byteCol(end);
  }

  private fail(message: string, start: number, end = start + 1, kind: SyntaxErrorKind = "SyntaxError"): never {
    throw new TokenizeError(kind, message, start, Math.max(start, Math.min(end, this.n)));
  }

  private makeError(e: TokenizeError): PySyntaxError {
    // Compute line/column of the error offsets from scratch (errors are rare).
    const pos = (off: number): [number, number] => {
      const t = this.text;
      let line = 1;
      let ls = 0;
      for (let i = 0; i < off && i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (c === 10 || (c === 13 && t.charCodeAt(i + 1) !== 10)) {
          line++;
          ls = i + 1;
        }
      }
      return [line, Buffer.byteLength(t.slice(ls, off), "utf8")];
    };
    const [l1, c1] = pos(e.startOffset);
    const [l2, c2] = pos(e.endOffset);
    return {
      kind: e.kind,
      message: e.message,
      lineno: l1,
      col_offset: c1,
      end_lineno: l2,
      end_col_offset: c2,
      start: e.startOffset,
      end: e.endOffset,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // main loop

  private scan(): void {
    const t = this.text;
    const n = this.n;
    for (;;) {
      const mode = this.modes.length === 0 ? 0 : this.modes[this.modes.length - 1]!;
      if (mode === M_FSTRING) {
        this.scanFStringMiddle();
        continue;
      }
      if (mode === M_SPEC) {
        this.scanFormatSpec();
        continue;
      }
      if (this.atBol) {
        this.atBol = false;
        if (this.indentation()) continue;
      }
      // skip whitespace
      let c = t.charCodeAt(this.p);
      while (c === 32 || c === 9 || c === 12) c = t.charCodeAt(++this.p);
      const p = this.p;
      if (p >= n) {
        this.finish();
        return;
      }
      if (c < 128) {
        const cls = ID_CLASS[c]!;
        if (cls === 1) {
          // identifier, keyword, or string prefix
          let q = p + 1;
          let d = t.charCodeAt(q);
          while (d < 128 && ID_CLASS[d]! !== 0) d = t.charCodeAt(++q);
          if (d === 34 || d === 39) {
            if (q - p <= 2 && this.isStringPrefix(p, q)) {
              this.string(p, q);
              continue;
            }
          }
          if (d >= 128 && q < n) {
            q = this.identifierRest(q);
            this.nameToken(p, q, true);
          } else {
            this.nameToken(p, q, false);
          }
          continue;
        }
        if (cls === 2) {
          this.number(p);
          continue;
        }
        switch (c) {
          case 10: // \n
          case 13: // \r
            this.lineEnd(p);
            continue;
          case 35: // #
            this.comment(p);
            continue;
          case 34: // "
          case 39: // '
            this.string(p, p);
            continue;
          case 92: // backslash continuation
            this.continuation(p);
            continue;
          case 46: // .
            {
              const d = t.charCodeAt(p + 1);
              if (d >= 48 && d <= 57) {
                this.number(p);
              } else if (d === 46 && t.charCodeAt(p + 2) === 46) {
                this.op(Tok.ELLIPSIS, 3);
              } else {
                this.op(Tok.DOT, 1);
              }
            }
            continue;
          default:
            this.operator(p, c);
            continue;
        }
      }
      // non-ASCII
      this.lineNonAscii = true;
      if (c === 0xfeff && p === 0) {
        this.p++;
        continue;
      }
      const cp = t.codePointAt(p)!;
      const ch = String.fromCodePoint(cp);
      if (RE_ID_START.test(ch) || RE_ID_START.test(ch.normalize("NFKC").charAt(0))) {
        const q = this.identifierRest(p + ch.length);
        this.nameToken(p, q, true);
        continue;
      }
      this.invalidCharacter(p, cp);
    }
  }

  private invalidCharacter(p: number, cp: number): never {
    const hex = cp.toString(16).toUpperCase().padStart(4, "0");
    const ch = String.fromCodePoint(cp);
    const printable = !/[\p{C}\p{Z}]/u.test(ch) || ch === " ";
    if (cp === 0) this.fail("source code cannot contain null bytes", p);
    if (cp < 128 && printable) this.fail("invalid syntax", p, p + 1);
    if (printable) this.fail(`invalid character '${ch}' (U+${hex})`, p, p + ch.length);
    this.fail(`invalid non-printable character U+${hex}`, p, p + ch.length);
  }

  /** At the beginning of a physical line: measure indentation and emit INDENT/DEDENT. Returns true if the line was blank. */
  private indentation(): boolean {
    const t = this.text;
    let col = 0;
    let alt = 0;
    let p = this.p;
    // CPython: a backslash continuation inside the indentation joins the next physical line; the
    // column of the first such backslash (if not 0) decides the indentation.
    let contCol = 0;
    for (;;) {
      const c = t.charCodeAt(p);
      if (c === 32) {
        col++;
        alt++;
      } else if (c === 9) {
        col = ((col >> 3) + 1) << 3;
        alt++;
      } else if (c === 12) {
        col = alt = 0;
      } else if (c === 92) {
        const d = t.charCodeAt(p + 1);
        if (d !== 10 && d !== 13) break;
        if (contCol === 0) contCol = col;
        const next = d === 13 && t.charCodeAt(p + 2) === 10 ? p + 3 : p + 2;
        if (next >= this.n) this.fail("unexpected EOF while parsing", p + 1);
        this.newline(next);
        p = next;
        continue;
      } else break;
      p++;
    }
    if (contCol !== 0) {
      col = contCol;
      alt = contCol;
    }
    this.p = p;
    const c = t.charCodeAt(p);
    if (c === 35 || c === 10 || c === 13 || p >= this.n) {
      // blank line (comment only, empty, or end of file): no indentation change
      return false;
    }
    if (c === 92) {
      // A line starting with a backslash continuation is still indented code; CPython treats
      // it the same as other code here.
    }
    if (this.level > 0) return false;
    const indents = this.indents;
    const alts = this.altIndents;
    const top = indents[indents.length - 1]!;
    const ls = this.lineStart;
    if (col === top) {
      if (alt !== alts[alts.length - 1]) this.fail("inconsistent use of tabs and spaces in indentation", ls, ls, "TabError");
    } else if (col > top) {
      if (indents.length >= MAX_INDENT) this.fail("too many levels of indentation", p, p, "IndentationError");
      if (alt <= alts[alts.length - 1]!) this.fail("inconsistent use of tabs and spaces in indentation", ls, ls, "TabError");
      indents.push(col);
      alts.push(alt);
      // CPython reports "unexpected indent" at the last indentation character.
      this.push(Tok.INDENT, p - 1, p);
    } else {
      while (indents.length > 1 && col < indents[indents.length - 1]!) {
        indents.pop();
        alts.pop();
        this.push(Tok.DEDENT, p, p);
      }
      if (col !== indents[indents.length - 1]) {
        // CPython points at the end of the offending line.
        let e = p;
        while (e < this.n && t.charCodeAt(e) !== 10 && t.charCodeAt(e) !== 13) e++;
        this.fail("unindent does not match any outer indentation level", e, e, "IndentationError");
      }
      if (alt !== alts[alts.length - 1]) this.fail("inconsistent use of tabs and spaces in indentation", ls, ls, "TabError");
    }
    return false;
  }

  private lineEnd(p: number): void {
    const t = this.text;
    const next = t.charCodeAt(p) === 13 && t.charCodeAt(p + 1) === 10 ? p + 2 : p + 1;
    if (this.level === 0 && this.lineHasTokens) {
      this.push(Tok.NEWLINE, p, next === p + 2 ? p + 2 : p + 1);
      // CPython gives NEWLINE an end column of col+1 even for \r\n.
      this.tendCol[this.count - 1] = this.tcol[this.count - 1]! + 1;
      this.lineHasTokens = false;
    }
    this.p = next;
    this.newline(next);
    if (this.level === 0) this.atBol = true;
  }

  private comment(p: number): void {
    const t = this.text;
    let q = p + 1;
    for (;;) {
      const c = t.charCodeAt(q);
      if (c === 10 || c === 13 || q >= this.n) break;
      if (c >= 128) this.lineNonAscii = true;
      else if (c === 0) this.fail("source code cannot contain null bytes", q);
      q++;
    }
    this.comments.push({ text: t.slice(p, q), start: p, end: q, lineno: this.line, col_offset: this.byteCol(p) });
    this.p = q;
  }

  private continuation(p: number): void {
    const t = this.text;
    const c = t.charCodeAt(p + 1);
    if (c === 10 || c === 13) {
      const next = c === 13 && t.charCodeAt(p + 2) === 10 ? p + 3 : p + 2;
      this.p = next;
      if (next >= this.n) this.fail("unexpected EOF while parsing", p + 1);
      this.newline(next);
      return;
    }
    if (p + 1 >= this.n) this.fail("unexpected EOF while parsing", p);
    this.fail("unexpected character after line continuation character", p + 1, p + 2);
  }

  private finish(): void {
    if (this.modes.length > 0) {
      const i = this.modes.length - 1;
      let j = i;
      while (j >= 0 && this.modes[j] !== M_FSTRING) j--;
      const start = j >= 0 ? this.modeStart[j]! : this.p;
      this.fail(
        this.modes[i] === M_FSTRING ? "unterminated f-string literal" : "f-string: expecting '}'",
        start,
        this.n,
      );
    }
    if (this.level > 0) {
      const open = this.brackets[this.brackets.length - 1]!;
      const at = this.bracketPos[this.bracketPos.length - 1]!;
      this.fail(`'${String.fromCharCode(open)}' was never closed`, at, at + 1);
    }
    const p = this.n;
    if (this.lineHasTokens) {
      this.push(Tok.NEWLINE, p, p);
      this.tendCol[this.count - 1] = this.tcol[this.count - 1]! + 1;
      this.lineHasTokens = false;
    }
    while (this.indents.length > 1) {
      this.indents.pop();
      this.altIndents.pop();
      this.push(Tok.DEDENT, p, p);
    }
    this.push(Tok.ENDMARKER, p, p);
  }

  // ---------------------------------------------------------------------------------------------
  // names

  private identifierRest(q: number): number {
    const t = this.text;
    const n = this.n;
    while (q < n) {
      const d = t.charCodeAt(q);
      if (d < 128) {
        if (ID_CLASS[d] === 0) break;
        q++;
        continue;
      }
      this.lineNonAscii = true;
      const cp = t.codePointAt(q)!;
      const ch = String.fromCodePoint(cp);
      if (!RE_ID_CONTINUE.test(ch) && !RE_ID_CONTINUE.test(ch.normalize("NFKC").charAt(0))) break;
      q += ch.length;
    }
    return q;
  }

  private nameToken(p: number, q: number, nonAscii: boolean): void {
    const len = q - p;
    let kind = Tok.NAME;
    if (!nonAscii && len >= 2 && len <= 8) {
      const c = this.text.charCodeAt(p);
      // keywords start with a lowercase letter or F/N/T
      if ((c >= 97 && c <= 121) || c === 70 || c === 78 || c === 84) kind = keywordAt(this.text, p, len);
    } else if (nonAscii) {
      const s = this.text.slice(p, q).normalize("NFKC");
      if (!RE_ID_START.test(s.charAt(0)) && s.charAt(0) !== "_") {
        const cp = this.text.codePointAt(p)!;
        this.invalidCharacter(p, cp);
      }
    }
    this.push(kind, p, q);
    this.lineHasTokens = true;
    this.p = q;
  }

  // ---------------------------------------------------------------------------------------------
  // numbers

  private number(p: number): void {
    const t = this.text;
    let q = p;
    let c = t.charCodeAt(q);
    const digits = (isDigit: (ch: number) => boolean, what: string): void => {
      // digits with single underscores between them
      for (;;) {
        const ch = t.charCodeAt(q);
        if (isDigit(ch)) {
          q++;
          continue;
        }
        if (ch === 95) {
          const nx = t.charCodeAt(q + 1);
          if (isDigit(nx)) {
            q += 2;
            continue;
          }
          this.fail(`invalid ${what} literal`, q, q + 1);
        }
        break;
      }
    };
    const isDec = (ch: number): boolean => ch >= 48 && ch <= 57;
    if (c === 48) {
      const x = t.charCodeAt(p + 1) | 0x20;
      if (x === 120 || x === 111 || x === 98) {
        // 0x / 0o / 0b
        q = p + 2;
        const isD =
          x === 120
            ? (ch: number): boolean => isDec(ch) || ((ch | 0x20) >= 97 && (ch | 0x20) <= 102)
            : x === 111
              ? (ch: number): boolean => ch >= 48 && ch <= 55
              : (ch: number): boolean => ch === 48 || ch === 49;
        const what = x === 120 ? "hexadecimal" : x === 111 ? "octal" : "binary";
        if (t.charCodeAt(q) === 95) q++;
        if (!isD(t.charCodeAt(q))) {
          const ch = t.charCodeAt(q);
          if (isDec(ch)) this.fail(`invalid digit '${String.fromCharCode(ch)}' in ${what} literal`, q, q + 1);
          this.fail(`invalid ${what} literal`, q - 1, q);
        }
        digits(isD, what);
        const ch = t.charCodeAt(q);
        if (isDec(ch)) this.fail(`invalid digit '${String.fromCharCode(ch)}' in ${what} literal`, q, q + 1);
        this.numberEnd(p, q);
        return;
      }
    }
    let isFloat = false;
    if (c !== 46) {
      digits(isDec, "decimal");
      c = t.charCodeAt(q);
    }
    if (c === 46) {
      isFloat = true;
      q++;
      if (isDec(t.charCodeAt(q))) digits(isDec, "decimal");
      c = t.charCodeAt(q);
    }
    if (c === 101 || c === 69) {
      // exponent
      let r = q + 1;
      const s = t.charCodeAt(r);
      if (s === 43 || s === 45) r++;
      if (isDec(t.charCodeAt(r))) {
        q = r;
        digits(isDec, "decimal");
        isFloat = true;
        c = t.charCodeAt(q);
      }
      // else: `1else` and the like; numberEnd decides
    }
    if (c === 106 || c === 74) {
      q++;
    } else if (!isFloat && t.charCodeAt(p) === 48) {
      // "0", "00", "0_0" are fine; other leading zeros are not
      for (let i = p; i < q; i++) {
        const ch = t.charCodeAt(i);
        if (ch !== 48 && ch !== 95) {
          this.fail(
            "leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
            p,
            q,
          );
        }
      }
    }
    this.numberEnd(p, q);
  }

  private numberEnd(p: number, q: number): void {
    // A number directly followed by an identifier character is an error, except before the
    // keywords CPython still accepts there (with a warning): and, else, for, if, in, is, not, or.
    const t = this.text;
    const c = t.charCodeAt(q);
    if ((c < 128 && ID_CLASS[c] !== 0) || (c >= 128 && RE_ID_START.test(String.fromCodePoint(t.codePointAt(q)!)))) {
      let r = q;
      while (r < this.n && t.charCodeAt(r) < 128 && ID_CLASS[t.charCodeAt(r)] !== 0) r++;
      const word = t.slice(q, r);
      const ok = ["and", "else", "for", "if", "in", "is", "not", "or"].some((k) => word.startsWith(k));
      if (!ok) this.fail("invalid decimal literal", p, r);
    }
    this.push(Tok.NUMBER, p, q);
    this.lineHasTokens = true;
    this.p = q;
  }

  // ---------------------------------------------------------------------------------------------
  // operators

  private op(kind: Tok, len: number): void {
    const p = this.p;
    this.push(kind, p, p + len);
    this.lineHasTokens = true;
    this.p = p + len;
  }

  private operator(p: number, c: number): void {
    const t = this.text;
    const c1 = t.charCodeAt(p + 1);
    const c2 = t.charCodeAt(p + 2);
    const top = this.modes.length === 0 ? 0 : this.modes[this.modes.length - 1]!;
    const inFieldTop = top === M_FIELD && this.level === this.modeA[this.modeA.length - 1];
    switch (c) {
      case 40: // (
      case 91: // [
      case 123: // {
        this.open(p, c);
        return;
      case 41: // )
      case 93: // ]
      case 125: // }
        this.close(p, c, inFieldTop);
        return;
      case 58: // :
        if (inFieldTop) {
          this.op(Tok.COLON, 1);
          this.pushMode(M_SPEC, this.enclosingQuote(), this.enclosingFlags(), this.enclosingStart());
          return;
        }
        if (c1 === 61) return this.op(Tok.COLONEQUAL, 2);
        return this.op(Tok.COLON, 1);
      case 44:
        return this.op(Tok.COMMA, 1);
      case 59:
        return this.op(Tok.SEMI, 1);
      case 43:
        return c1 === 61 ? this.op(Tok.PLUSEQUAL, 2) : this.op(Tok.PLUS, 1);
      case 45:
        if (c1 === 61) return this.op(Tok.MINEQUAL, 2);
        if (c1 === 62) return this.op(Tok.RARROW, 2);
        return this.op(Tok.MINUS, 1);
      case 42:
        if (c1 === 42) return c2 === 61 ? this.op(Tok.DOUBLESTAREQUAL, 3) : this.op(Tok.DOUBLESTAR, 2);
        return c1 === 61 ? this.op(Tok.STAREQUAL, 2) : this.op(Tok.STAR, 1);
      case 47:
        if (c1 === 47) return c2 === 61 ? this.op(Tok.DOUBLESLASHEQUAL, 3) : this.op(Tok.DOUBLESLASH, 2);
        return c1 === 61 ? this.op(Tok.SLASHEQUAL, 2) : this.op(Tok.SLASH, 1);
      case 124:
        return c1 === 61 ? this.op(Tok.VBAREQUAL, 2) : this.op(Tok.VBAR, 1);
      case 38:
        return c1 === 61 ? this.op(Tok.AMPEREQUAL, 2) : this.op(Tok.AMPER, 1);
      case 60:
        if (c1 === 60) return c2 === 61 ? this.op(Tok.LEFTSHIFTEQUAL, 3) : this.op(Tok.LEFTSHIFT, 2);
        if (c1 === 61) return this.op(Tok.LESSEQUAL, 2);
        if (c1 === 62) {
          // `<>` is only valid with `from __future__ import barry_as_FLUFL`; treat as an error.
          this.fail("invalid syntax", p, p + 2);
        }
        return this.op(Tok.LESS, 1);
      case 62:
        if (c1 === 62) return c2 === 61 ? this.op(Tok.RIGHTSHIFTEQUAL, 3) : this.op(Tok.RIGHTSHIFT, 2);
        return c1 === 61 ? this.op(Tok.GREATEREQUAL, 2) : this.op(Tok.GREATER, 1);
      case 61:
        return c1 === 61 ? this.op(Tok.EQEQUAL, 2) : this.op(Tok.EQUAL, 1);
      case 37:
        return c1 === 61 ? this.op(Tok.PERCENTEQUAL, 2) : this.op(Tok.PERCENT, 1);
      case 126:
        return this.op(Tok.TILDE, 1);
      case 94:
        return c1 === 61 ? this.op(Tok.CIRCUMFLEXEQUAL, 2) : this.op(Tok.CIRCUMFLEX, 1);
      case 64:
        return c1 === 61 ? this.op(Tok.ATEQUAL, 2) : this.op(Tok.AT, 1);
      case 33:
        if (c1 === 61) return this.op(Tok.NOTEQUAL, 2);
        if (top === M_FIELD) return this.op(Tok.EXCLAMATION, 1);
        this.fail("invalid syntax", p, p + 1);
        return;
      case 0:
        if (p < this.n) this.fail("source code cannot contain null bytes", p);
        return;
      default:
        this.invalidCharacter(p, c);
    }
  }

  private open(p: number, c: number): void {
    if (this.level >= MAX_PAREN_LEVEL) this.fail("too many nested parentheses", p);
    this.brackets.push(c);
    this.bracketPos.push(p);
    this.level++;
    this.op(c === 40 ? Tok.LPAR : c === 91 ? Tok.LSQB : Tok.LBRACE, 1);
  }

  private close(p: number, c: number, inFieldTop: boolean): void {
    const open = c === 41 ? 40 : c === 93 ? 91 : 123;
    if (this.level === 0) this.fail(`unmatched '${String.fromCharCode(c)}'`, p);
    const top = this.brackets[this.brackets.length - 1]!;
    if (top !== open) {
      if (inFieldTop && c !== 125) this.fail(`f-string: unmatched '${String.fromCharCode(c)}'`, p);
      this.fail(
        `closing parenthesis '${String.fromCharCode(c)}' does not match opening parenthesis '${String.fromCharCode(top)}'`,
        p,
      );
    }
    this.brackets.pop();
    this.bracketPos.pop();
    this.level--;
    this.op(c === 41 ? Tok.RPAR : c === 93 ? Tok.RSQB : Tok.RBRACE, 1);
    if (inFieldTop && c === 125) {
      // end of a replacement field
      this.popMode();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // strings

  private isStringPrefix(p: number, q: number): boolean {
    // valid prefixes: r u b br rb f fr rf (any case)
    const t = this.text;
    const a = t.charCodeAt(p) | 0x20;
    if (q - p === 1) return a === 114 || a === 117 || a === 98 || a === 102;
    const b = t.charCodeAt(p + 1) | 0x20;
    return (a === 114 && (b === 98 || b === 102)) || ((a === 98 || a === 102) && b === 114);
  }

  /** A string literal whose prefix occupies [p, q) and whose quote is at q. */
  private string(p: number, q: number): void {
    const t = this.text;
    let isF = false;
    let raw = false;
    for (let i = p; i < q; i++) {
      const c = t.charCodeAt(i) | 0x20;
      if (c === 102) isF = true;
      else if (c === 114) raw = true;
    }
    const quote = t.charCodeAt(q);
    const triple = t.charCodeAt(q + 1) === quote && t.charCodeAt(q + 2) === quote;
    const qlen = triple ? 3 : 1;
    this.lineHasTokens = true;
    if (isF) {
      this.push(Tok.FSTRING_START, p, q + qlen);
      this.p = q + qlen;
      this.pushMode(M_FSTRING, quote, (triple ? 1 : 0) | (raw ? 2 : 0), p);
      return;
    }
    const line = this.line;
    const col = this.byteCol(p);
    let i = q + qlen;
    const n = this.n;
    for (;;) {
      if (i >= n) {
        if (this.modes.length > 0) this.fail("f-string: expecting '}'", p, p + 1);
        if (triple) {
          this.fail(`unterminated triple-quoted string literal (detected at line ${this.lastLine()})`, p, n);
        }
        this.fail(`unterminated string literal (detected at line ${this.line})`, p, i);
      }
      const c = t.charCodeAt(i);
      if (c === quote) {
        if (!triple) {
          i++;
          break;
        }
        if (t.charCodeAt(i + 1) === quote && t.charCodeAt(i + 2) === quote) {
          i += 3;
          break;
        }
        i++;
        continue;
      }
      if (c === 92) {
        const d = t.charCodeAt(i + 1);
        if (d === 13 || d === 10) {
          const next = d === 13 && t.charCodeAt(i + 2) === 10 ? i + 3 : i + 2;
          this.newline(next);
          i = next;
          continue;
        }
        if (d >= 128) this.lineNonAscii = true;
        i += 2;
        continue;
      }
      if (c === 10 || c === 13) {
        if (!triple) {
          if (this.modes.length > 0) this.fail("f-string: expecting '}'", p, p + 1);
          this.fail(`unterminated string literal (detected at line ${this.line})`, p, i);
        }
        const next = c === 13 && t.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
        this.newline(next);
        i = next;
        continue;
      }
      if (c >= 128) this.lineNonAscii = true;
      else if (c === 0) this.fail("source code cannot contain null bytes", i);
      i++;
    }
    this.pushSpan(Tok.STRING, p, i, line, col);
    this.p = i;
  }

  /** Line of the last character of the text (for "detected at line N"). */
  private lastLine(): number {
    const c = this.text.charCodeAt(this.n - 1);
    return c === 10 || c === 13 ? this.line - 1 : this.line;
  }

  private pushMode(kind: number, a: number, b: number, start: number): void {
    this.modes.push(kind);
    this.modeA.push(a);
    this.modeB.push(b);
    this.modeStart.push(start);
  }

  private popMode(): void {
    this.modes.pop();
    this.modeA.pop();
    this.modeB.pop();
    this.modeStart.pop();
  }

  /** Index of the innermost M_FSTRING frame. */
  private enclosingIndex(): number {
    let j = this.modes.length - 1;
    while (j >= 0 && this.modes[j] !== M_FSTRING) j--;
    return j;
  }
  private enclosingQuote(): number {
    return this.modeA[this.enclosingIndex()]!;
  }
  private enclosingFlags(): number {
    return this.modeB[this.enclosingIndex()]!;
  }
  private enclosingStart(): number {
    return this.modeStart[this.enclosingIndex()]!;
  }

  /**
   * Scan the literal part of an f-string up to a replacement field or the closing quote.
   * Top of the mode stack is M_FSTRING.
   */
  private scanFStringMiddle(): void {
    const t = this.text;
    const top = this.modes.length - 1;
    const quote = this.modeA[top]!;
    const flags = this.modeB[top]!;
    const triple = (flags & 1) !== 0;
    const raw = (flags & 2) !== 0;
    const start = this.p;
    const line = this.line;
    const col = this.byteCol(start);
    let i = start;
    const n = this.n;
    for (;;) {
      if (i >= n) {
        this.fail(
          triple
            ? `unterminated triple-quoted f-string literal (detected at line ${this.lastLine()})`
            : `unterminated f-string literal (detected at line ${this.line})`,
          this.modeStart[top]!,
          n,
        );
      }
      const c = t.charCodeAt(i);
      if (c === quote && (!triple || (t.charCodeAt(i + 1) === quote && t.charCodeAt(i + 2) === quote))) {
        if (i > start) this.pushSpan(Tok.FSTRING_MIDDLE, start, i, line, col);
        const qlen = triple ? 3 : 1;
        this.push(Tok.FSTRING_END, i, i + qlen);
        this.p = i + qlen;
        this.popMode();
        return;
      }
      if (c === 92) {
        const d = t.charCodeAt(i + 1);
        if (d === 123 || d === 125) {
          i++;
          continue;
        }
        if (!raw && d === 78 && t.charCodeAt(i + 2) === 123) {
          // \N{NAME}
          let j = i + 3;
          while (j < n && t.charCodeAt(j) !== 125 && t.charCodeAt(j) !== quote) j++;
          if (t.charCodeAt(j) === 125) {
            i = j + 1;
            continue;
          }
          i += 2;
          continue;
        }
        if (d === 13 || d === 10) {
          if (!triple && raw) {
            this.fail(`unterminated f-string literal (detected at line ${this.line})`, this.modeStart[top]!, i);
          }
          const next = d === 13 && t.charCodeAt(i + 2) === 10 ? i + 3 : i + 2;
          this.newline(next);
          i = next;
          continue;
        }
        if (d >= 128) this.lineNonAscii = true;
        i += 2;
        continue;
      }
      if (c === 123) {
        if (t.charCodeAt(i + 1) === 123) {
          i += 2;
          continue;
        }
        if (i > start) this.pushSpan(Tok.FSTRING_MIDDLE, start, i, line, col);
        this.p = i;
        this.open(i, 123);
        this.pushMode(M_FIELD, this.level, 0, this.modeStart[top]!);
        return;
      }
      if (c === 125) {
        if (t.charCodeAt(i + 1) === 125) {
          i += 2;
          continue;
        }
        this.fail("f-string: single '}' is not allowed", i);
      }
      if (c === 10 || c === 13) {
        if (!triple) this.fail(`unterminated f-string literal (detected at line ${this.line})`, this.modeStart[top]!, i);
        const next = c === 13 && t.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
        this.newline(next);
        i = next;
        continue;
      }
      if (c >= 128) this.lineNonAscii = true;
      else if (c === 0) this.fail("source code cannot contain null bytes", i);
      i++;
    }
  }

  /** Scan a format spec up to a nested field `{` or the field's closing `}`. Top is M_SPEC. */
  private scanFormatSpec(): void {
    const t = this.text;
    const top = this.modes.length - 1;
    const quote = this.modeA[top]!;
    const flags = this.modeB[top]!;
    const triple = (flags & 1) !== 0;
    const raw = (flags & 2) !== 0;
    const start = this.p;
    const line = this.line;
    const col = this.byteCol(start);
    let i = start;
    const n = this.n;
    for (;;) {
      if (i >= n) this.fail("f-string: expecting '}'", this.modeStart[top]!, n);
      const c = t.charCodeAt(i);
      if (c === 123) {
        if (i > start) this.pushSpan(Tok.FSTRING_MIDDLE, start, i, line, col);
        this.p = i;
        this.open(i, 123);
        this.pushMode(M_FIELD, this.level, 0, this.modeStart[top]!);
        return;
      }
      if (c === 125) {
        if (i > start) this.pushSpan(Tok.FSTRING_MIDDLE, start, i, line, col);
        this.p = i;
        this.popMode(); // the spec; the field is now on top
        this.close(i, 125, true);
        return;
      }
      if (c === quote && (!triple || (t.charCodeAt(i + 1) === quote && t.charCodeAt(i + 2) === quote))) {
        this.fail("f-string: expecting '}'", i);
      }
      if (c === 92 && !raw) {
        const d = t.charCodeAt(i + 1);
        if (d === 78 && t.charCodeAt(i + 2) === 123) {
          let j = i + 3;
          while (j < n && t.charCodeAt(j) !== 125) j++;
          i = j + 1;
          continue;
        }
        if (d === 123 || d === 125) {
          i++;
          continue;
        }
        if (d === 10 || d === 13) {
          const next = d === 13 && t.charCodeAt(i + 2) === 10 ? i + 3 : i + 2;
          this.newline(next);
          i = next;
          continue;
        }
        i += 2;
        continue;
      }
      if (c === 10 || c === 13) {
        if (!triple) this.fail("f-string: newlines are not allowed in format specifiers for single quoted f-strings", i);
        const next = c === 13 && t.charCodeAt(i + 1) === 10 ? i + 2 : i + 1;
        this.newline(next);
        i = next;
        continue;
      }
      if (c >= 128) this.lineNonAscii = true;
      i++;
    }
  }
}

/**
 * The hard keywords by first character and length (`KEYWORD_BUCKETS[c * 9 + len]`), so that a name
 * is compared with the few keywords it could be without slicing the text: most names are checked,
 * and a substring per name was a measurable share of tokenizing.
 */
const KEYWORD_BUCKETS: (readonly [string, Tok][] | undefined)[] = (() => {
  const buckets: [string, Tok][][] = [];
  for (const [word, tok] of KEYWORDS) (buckets[word.charCodeAt(0) * 9 + word.length] ??= []).push([word, tok]);
  return buckets;
})();

/** The keyword token spelled by `text[p, p + len)` (ASCII, 2 to 8 characters), else `Tok.NAME`. */
function keywordAt(text: string, p: number, len: number): Tok {
  const bucket = KEYWORD_BUCKETS[text.charCodeAt(p) * 9 + len];
  if (bucket === undefined) return Tok.NAME;
  outer: for (const [word, tok] of bucket) {
    for (let i = 1; i < len; i++) if (text.charCodeAt(p + i) !== word.charCodeAt(i)) continue outer;
    return tok;
  }
  return Tok.NAME;
}
