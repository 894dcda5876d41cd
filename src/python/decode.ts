/**
 * @fileoverview Source decoding as CPython does it: UTF-8 by default, a UTF-8 BOM, and PEP 263
 * coding declarations (`# -*- coding: latin-1 -*-`) on the first or second line. Invalid bytes are
 * an `EncodingError`, never replacement characters.
 */
import type { PySyntaxError } from "./types.js";

export interface DecodedSource {
  text: string;
  encoding: string;
  error: PySyntaxError | null;
}

/** cp1252 code points for bytes 0x80-0x9f (U+FFFD where Python's codec has no mapping). */
const CP1252_HIGH =
  "\u20ac\ufffd\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\ufffd\u017d\ufffd" +
  "\ufffd\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\ufffd\u017e\u0178";
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const CODING_RE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;
const BLANK_OR_COMMENT_RE = /^[ \t\f]*(?:#.*)?$/;

/** CPython's normalisation of encoding names (tokenizer.c get_normal_name). */
function normalName(name: string): string {
  const n = name.toLowerCase().replace(/_/g, "-");
  if (n === "utf-8" || n.startsWith("utf-8-")) return "utf-8";
  if (
    n === "latin-1" ||
    n === "iso-8859-1" ||
    n === "iso-latin-1" ||
    n.startsWith("latin-1-") ||
    n.startsWith("iso-8859-1-") ||
    n.startsWith("iso-latin-1-") ||
    n === "latin1"
  ) {
    return "iso-8859-1";
  }
  return n;
}

/**
 * Python's codec aliases for the encodings decoded here without TextDecoder (the names `codecs.lookup`
 * accepts: `# coding: utf` is UTF-8, `latin` is ISO-8859-1, `646` is ASCII).
 */
const PY_CODEC_ALIASES: ReadonlyMap<string, string> = new Map(
  (
    [
      ["utf-8", ["utf", "u8", "utf8", "utf_8", "utf8_ucs2", "utf8_ucs4", "cp65001"]],
      ["iso-8859-1", ["latin", "latin1", "latin_1", "l1", "iso8859_1", "iso_8859_1", "8859", "cp819", "ibm819", "iso_ir_100", "csisolatin1", "iso_8859_1_1987"]],
      ["ascii", ["ascii", "us", "us_ascii", "646", "ansi_x3.4_1968", "ansi_x3_4_1968", "ansi_x3.4_1986", "cp367", "csascii", "ibm367", "iso646_us", "iso_646.irv_1991", "iso_ir_6"]],
      ["cp1252", ["cp1252", "windows_1252"]],
    ] as const
  ).flatMap(([codec, aliases]) => aliases.map((alias) => [alias, codec] as const)),
);

/** The codec a declared (already normalised) encoding name stands for, as Python resolves it. */
function pythonCodec(encoding: string): string {
  if (encoding === "utf-8" || encoding === "iso-8859-1") return encoding;
  return PY_CODEC_ALIASES.get(encoding.toLowerCase().replace(/[- ]/g, "_")) ?? encoding;
}

/** Read the first `count` lines of the bytes as latin-1 (enough to find a coding declaration). */
function headLines(bytes: Uint8Array, start: number, count: number): string[] {
  const lines: string[] = [];
  let i = start;
  while (lines.length < count && i < bytes.length) {
    let j = i;
    while (j < bytes.length && bytes[j] !== 10 && bytes[j] !== 13) j++;
    let s = "";
    for (let k = i; k < j && k - i < 1000; k++) s += String.fromCharCode(bytes[k]!);
    lines.push(s);
    if (bytes[j] === 13 && bytes[j + 1] === 10) j++;
    i = j + 1;
  }
  return lines;
}

function encodingError(message: string, bytes: Uint8Array, at: number): PySyntaxError {
  let line = 1;
  let ls = 0;
  for (let i = 0; i < at && i < bytes.length; i++) {
    if (bytes[i] === 10) {
      line++;
      ls = i + 1;
    }
  }
  return {
    kind: "EncodingError",
    message,
    lineno: line,
    col_offset: at - ls,
    end_lineno: line,
    end_col_offset: at - ls + 1,
    start: 0,
    end: 0,
  };
}

/** Position of the first invalid UTF-8 sequence, or -1. */
function firstInvalidUtf8(b: Uint8Array, from: number): number {
  let i = from;
  const n = b.length;
  while (i < n) {
    const c = b[i]!;
    if (c < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (c >= 0xc2 && c <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (c >= 0xe0 && c <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (c >= 0xf0 && c <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= n) return i;
    let cp = c & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const d = b[i + k];
      if (d === undefined || (d & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (d & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Decode source bytes the way CPython's tokenizer does. */
export function decodeSource(bytes: Uint8Array): DecodedSource {
  let start = 0;
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (bom) start = 3;
  // UTF-16/32 BOMs: CPython does not accept them without a matching declaration; say so clearly.
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    return {
      text: "",
      encoding: "utf-16",
      error: encodingError("source is UTF-16 encoded (byte order mark found); Python source must be UTF-8 or declare an ASCII-compatible encoding", bytes, 0),
    };
  }
  let encoding = "utf-8";
  const lines = headLines(bytes, start, 2);
  let m = lines[0] !== undefined ? CODING_RE.exec(lines[0]) : null;
  if (!m && lines[0] !== undefined && BLANK_OR_COMMENT_RE.test(lines[0]) && lines[1] !== undefined) {
    m = CODING_RE.exec(lines[1]);
  }
  if (m) {
    encoding = normalName(m[1]!);
    if (bom && encoding !== "utf-8") {
      return { text: "", encoding, error: encodingError(`encoding problem: ${m[1]} with BOM`, bytes, 0) };
    }
  }
  const body = start > 0 ? bytes.subarray(start) : bytes;
  encoding = pythonCodec(encoding);
  if (encoding === "utf-8") {
    try {
      return { text: UTF8.decode(body), encoding, error: null };
    } catch {
      // fall through to locate the first invalid byte
    }
    const bad = Math.max(0, firstInvalidUtf8(body, 0));
    {
      return {
        text: "",
        encoding,
        error: encodingError(
          `(unicode error) 'utf-8' codec can't decode byte 0x${body[bad]!.toString(16).padStart(2, "0")} in position ${bad}: invalid utf-8`,
          bytes,
          bad + start,
        ),
      };
    }
  }
  if (encoding === "iso-8859-1") {
    return { text: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("latin1"), encoding, error: null };
  }
  if (encoding === "ascii") {
    for (let i = 0; i < body.length; i++) {
      if (body[i]! >= 0x80) {
        return {
          text: "",
          encoding,
          error: encodingError(`(unicode error) 'ascii' codec can't decode byte 0x${body[i]!.toString(16)} in position ${i}`, bytes, i + start),
        };
      }
    }
    return { text: Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString("latin1"), encoding, error: null };
  }
  if (encoding === "cp1252") {
    // Node's TextDecoder treats windows-1252 as latin-1 for 0x80-0x9f; map those bytes ourselves.
    let out = "";
    for (let i = 0; i < body.length; i++) {
      const b = body[i]!;
      if (b >= 0x80 && b <= 0x9f) {
        const c = CP1252_HIGH.charCodeAt(b - 0x80);
        if (c === 0xfffd) {
          return { text: "", encoding, error: encodingError(`(unicode error) 'charmap' codec can't decode byte 0x${b.toString(16)} in position ${i}`, bytes, i + start) };
        }
        out += String.fromCharCode(c);
      } else out += String.fromCharCode(b);
    }
    return { text: out, encoding, error: null };
  }
  let decoder: InstanceType<typeof TextDecoder>;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    return { text: "", encoding, error: encodingError(`unknown encoding: ${m ? m[1] : encoding}`, bytes, 0) };
  }
  try {
    return { text: decoder.decode(body), encoding, error: null };
  } catch {
    return { text: "", encoding, error: encodingError(`(unicode error) '${encoding}' codec can't decode the source`, bytes, start) };
  }
}
