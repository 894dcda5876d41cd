/**
 * @fileoverview `\N{NAME}` lookup: Unicode character names → code points. The table is loaded
 * lazily (only files that use `\N{...}` pay for it) from the generated, compressed data module;
 * algorithmic names (CJK ideographs, Hangul syllables) are computed.
 */
import { gunzipSync } from "node:zlib";
import { UNICODE_NAMES_GZ_BASE64 } from "./unicode-names-data.js";

let table: Map<string, number> | null = null;

function load(): Map<string, number> {
  const text = gunzipSync(Buffer.from(UNICODE_NAMES_GZ_BASE64, "base64")).toString("ascii");
  const map = new Map<string, number>();
  let cp = 0;
  let i = 0;
  while (i < text.length) {
    let nl = text.indexOf("\n", i);
    if (nl < 0) nl = text.length;
    const sp = text.indexOf(" ", i);
    cp += parseInt(text.slice(i, sp), 16);
    map.set(text.slice(sp + 1, nl), cp);
    i = nl + 1;
  }
  return map;
}

const ALGORITHMIC = /^(CJK UNIFIED IDEOGRAPH|CJK COMPATIBILITY IDEOGRAPH|TANGUT IDEOGRAPH|KHITAN SMALL SCRIPT CHARACTER|NUSHU CHARACTER)-([0-9A-F]{4,6})$/;

const JAMO_L = ["G", "GG", "N", "D", "DD", "R", "M", "B", "BB", "S", "SS", "", "J", "JJ", "C", "K", "T", "P", "H"];
const JAMO_V = ["A", "AE", "YA", "YAE", "EO", "E", "YEO", "YE", "O", "WA", "WAE", "OE", "YO", "U", "WEO", "WE", "WI", "YU", "EU", "YI", "I"];
const JAMO_T = ["", "G", "GG", "GS", "N", "NJ", "NH", "D", "L", "LG", "LM", "LB", "LS", "LT", "LP", "LH", "M", "B", "BS", "S", "SS", "NG", "J", "C", "K", "T", "P", "H"];

function hangul(rest: string): number | undefined {
  // Greedy match is ambiguous; try every split (at most 19*21*28 combinations, only on use).
  for (let l = 0; l < JAMO_L.length; l++) {
    const L = JAMO_L[l]!;
    if (!rest.startsWith(L)) continue;
    for (let v = 0; v < JAMO_V.length; v++) {
      const V = JAMO_V[v]!;
      if (!rest.startsWith(V, L.length)) continue;
      const T = rest.slice(L.length + V.length);
      const t = JAMO_T.indexOf(T);
      if (t >= 0) return 0xac00 + (l * 21 + v) * 28 + t;
    }
  }
  return undefined;
}

/** The code point named `name` (case-insensitive, as CPython), or undefined. */
export function lookupUnicodeName(name: string): number | undefined {
  const upper = name.toUpperCase();
  const m = ALGORITHMIC.exec(upper);
  if (m) return parseInt(m[2]!, 16);
  if (upper.startsWith("HANGUL SYLLABLE ")) return hangul(upper.slice(16));
  table ??= load();
  return table.get(upper);
}
