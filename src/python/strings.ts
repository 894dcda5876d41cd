/**
 * @fileoverview Decoding of Python string and bytes literal bodies: escape sequences, raw strings,
 * newline normalisation (CRLF/CR become LF inside literals, as CPython reads source), f-string
 * doubled braces, and `\N{NAME}` via the Unicode name table.
 */
import { lookupUnicodeName } from "./unicode-names.js";

/** Thrown for an invalid escape; the parser turns it into a syntax error at the literal. */
export class StringDecodeError extends Error {}

/** CPython's "codec can't decode bytes in position a-b" message for an escape at [at, last]. */
function unicodeError(text: string, from: number, at: number, last: number, what: string): StringDecodeError {
  const a = Buffer.byteLength(text.slice(from, at), "utf8");
  const b = a + Buffer.byteLength(text.slice(at, last + 1), "utf8") - 1;
  return new StringDecodeError(`(unicode error) 'unicodeescape' codec can't decode bytes in position ${a}-${b}: ${what}`);
}

/** Single-character escapes shared by str and bytes literals: escape letter → code unit. */
const SIMPLE_ESCAPES = new Int16Array(128).fill(-1);
for (const [letter, value] of [
  ["\\", 92], ["'", 39], ['"', 34], ["a", 7], ["b", 8], ["f", 12], ["n", 10], ["r", 13], ["t", 9], ["v", 11],
] as const) {
  SIMPLE_ESCAPES[letter.charCodeAt(0)] = value;
}

const HEX = (c: number): number => {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 0x20;
  if (l >= 97 && l <= 102) return l - 87;
  return -1;
};

/**
 * Decode the body `text[from, to)` of a str literal (or an f-string literal part when
 * `fstring` is true, which also turns `{{`/`}}` into single braces).
 */
export function decodeStr(text: string, from: number, to: number, raw: boolean, fstring: boolean): string {
  // Fast path: nothing to decode.
  let simple = true;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 92 || c === 13 || (fstring && (c === 123 || c === 125))) {
      simple = false;
      break;
    }
  }
  if (simple) return text.slice(from, to);
  let out = "";
  let chunk = from;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 13) {
      out += text.slice(chunk, i) + "\n";
      i += text.charCodeAt(i + 1) === 10 ? 2 : 1;
      chunk = i;
      continue;
    }
    if (fstring && (c === 123 || c === 125)) {
      // doubled brace: keep one
      out += text.slice(chunk, i + 1);
      i += text.charCodeAt(i + 1) === c ? 2 : 1;
      chunk = i;
      continue;
    }
    if (c !== 92) {
      i++;
      continue;
    }
    // backslash
    if (raw) {
      // keep the backslash and the next char verbatim (newlines still normalised)
      const d = text.charCodeAt(i + 1);
      if (d === 13) {
        out += text.slice(chunk, i + 1) + "\n";
        i += text.charCodeAt(i + 2) === 10 ? 3 : 2;
        chunk = i;
      } else {
        i += fstring && (d === 123 || d === 125) ? 1 : 2;
      }
      continue;
    }
    out += text.slice(chunk, i);
    const d = text.charCodeAt(i + 1);
    i += 2;
    const simple = d < 128 ? SIMPLE_ESCAPES[d]! : -1;
    if (simple >= 0) {
      out += String.fromCharCode(simple);
      chunk = i;
      continue;
    }
    switch (d) {
      case 10: // \<newline>
        break;
      case 13:
        if (text.charCodeAt(i) === 10) i++;
        break;
      case 120: // \xhh
        out += String.fromCharCode(hexDigits(text, from, i, 2, to, "\\xXX"));
        i += 2;
        break;
      case 117: // \uXXXX
        out += String.fromCharCode(hexDigits(text, from, i, 4, to, "\\uXXXX"));
        i += 4;
        break;
      case 85: {
        // \UXXXXXXXX
        const v = hexDigits(text, from, i, 8, to, "\\UXXXXXXXX");
        if (v > 0x10ffff) throw unicodeError(text, from, i - 2, i + 7, "illegal Unicode character");
        out += String.fromCodePoint(v);
        i += 8;
        break;
      }
      case 78: {
        // \N{NAME}
        if (text.charCodeAt(i) !== 123) throw unicodeError(text, from, i - 2, i - 1, "malformed \\N character escape");
        const close = text.indexOf("}", i);
        if (close < 0 || close >= to) throw unicodeError(text, from, i - 2, to - 1, "malformed \\N character escape");
        const name = text.slice(i + 1, close);
        const cp = lookupUnicodeName(name);
        if (cp === undefined) throw unicodeError(text, from, i - 2, close, "unknown Unicode character name");
        out += String.fromCodePoint(cp);
        i = close + 1;
        break;
      }
      default:
        if (d >= 48 && d <= 55) {
          let v = d - 48;
          let k = 1;
          while (k < 3 && i < to) {
            const e = text.charCodeAt(i);
            if (e < 48 || e > 55) break;
            v = v * 8 + (e - 48);
            i++;
            k++;
          }
          out += String.fromCharCode(v);
        } else if (fstring && (d === 123 || d === 125)) {
          // `\{` in an f-string: the backslash stays, the brace is handled by the caller's scan
          out += "\\";
          i -= 1;
        } else {
          // unknown escape: kept as is (CPython warns)
          out += text.slice(i - 2, i - 1);
          i -= 1;
        }
    }
    chunk = i;
  }
  return out + text.slice(chunk, to);
}

function hexDigits(text: string, from: number, i: number, count: number, to: number, what: string): number {
  let v = 0;
  for (let k = 0; k < count; k++) {
    const h = i + k < to ? HEX(text.charCodeAt(i + k)) : -1;
    if (h < 0) throw unicodeError(text, from, i - 2, Math.min(i + k, to) - 1, `truncated ${what} escape`);
    v = v * 16 + h;
  }
  return v;
}

/** Decode the body of a bytes literal into byte values. */
export function decodeBytes(text: string, from: number, to: number, raw: boolean): Uint8Array {
  const out: number[] = [];
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c >= 128) throw new StringDecodeError("bytes can only contain ASCII literal characters");
    if (c === 13) {
      out.push(10);
      i += text.charCodeAt(i + 1) === 10 ? 2 : 1;
      continue;
    }
    if (c !== 92 || raw) {
      if (c === 92 && raw) {
        out.push(92);
        const d = text.charCodeAt(i + 1);
        if (d === 13) {
          out.push(10);
          i += text.charCodeAt(i + 2) === 10 ? 3 : 2;
        } else if (i + 1 < to) {
          if (d >= 128) throw new StringDecodeError("bytes can only contain ASCII literal characters");
          out.push(d);
          i += 2;
        } else i++;
        continue;
      }
      out.push(c);
      i++;
      continue;
    }
    const d = text.charCodeAt(i + 1);
    i += 2;
    const simple = d < 128 ? SIMPLE_ESCAPES[d]! : -1;
    if (simple >= 0) {
      out.push(simple);
      continue;
    }
    switch (d) {
      case 10:
        break;
      case 13:
        if (text.charCodeAt(i) === 10) i++;
        break;
      case 120: {
        const h1 = i < to ? HEX(text.charCodeAt(i)) : -1;
        const h2 = i + 1 < to ? HEX(text.charCodeAt(i + 1)) : -1;
        if (h1 < 0 || h2 < 0) throw new StringDecodeError(`(value error) invalid \\x escape at position ${i - 2 - from}`);
        out.push(h1 * 16 + h2);
        i += 2;
        break;
      }
      default:
        if (d >= 48 && d <= 55) {
          let v = d - 48;
          let k = 1;
          while (k < 3 && i < to) {
            const e = text.charCodeAt(i);
            if (e < 48 || e > 55) break;
            v = v * 8 + (e - 48);
            i++;
            k++;
          }
          out.push(v & 0xff);
        } else {
          if (d >= 128) throw new StringDecodeError("bytes can only contain ASCII literal characters");
          out.push(92, d);
        }
    }
  }
  return Uint8Array.from(out);
}
