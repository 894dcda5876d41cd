/**
 * @fileoverview Unit and property tests for `src/python/positions.ts` (LineIndex, UTF-8/UTF-16
 * column conversion, node location helpers).
 */
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  LineIndex,
  nodeLocation,
  nodeLspRange,
  nodeOffsets,
  nodeText,
  offsetsToLocation,
  utf8Length,
} from "../../src/python/positions.js";

/** Naive reference: split on CPython's line breaks and compute everything by brute force. */
function reference(text: string): { starts: number[]; contentEnds: number[] } {
  const starts = [0];
  const contentEnds: number[] = [];
  const re = /\r\n|\r|\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    contentEnds.push(m.index);
    starts.push(m.index + m[0].length);
  }
  contentEnds.push(text.length);
  return { starts, contentEnds };
}

const bytes = (s: string): number => Buffer.byteLength(s, "utf8");

describe("LineIndex line splitting", () => {
  it("counts lines like CPython: \\n, \\r\\n and lone \\r; form feed is not a break", () => {
    const idx = new LineIndex("a\nb\r\nc\rd\fe\n");
    expect(idx.lineCount).toBe(5);
    expect(idx.lineText(1)).toBe("a");
    expect(idx.lineText(2)).toBe("b");
    expect(idx.lineText(3)).toBe("c");
    expect(idx.lineText(4)).toBe("d\fe");
    expect(idx.lineText(5)).toBe("");
    expect(idx.lineStart(3)).toBe(5);
    expect(idx.lineContentEnd(2)).toBe(3);
    expect(idx.lineEnd(2)).toBe(5);
  });

  it("does not split on vertical tab, NEL or Unicode line separators", () => {
    const idx = new LineIndex("a\vb\u0085c\u2028d\u2029e\x1cf");
    expect(idx.lineCount).toBe(1);
  });

  it("handles empty text and a text that is only a line break", () => {
    const empty = new LineIndex("");
    expect(empty.lineCount).toBe(1);
    expect(empty.position(0)).toEqual({ line: 1, column: 0 });
    expect(empty.offsetAt(1, 0)).toBe(0);
    expect(empty.offsetAt(5, 5)).toBe(0);
    const crlf = new LineIndex("\r\n");
    expect(crlf.lineCount).toBe(2);
    expect(crlf.position(1)).toEqual({ line: 1, column: 0 });
    expect(crlf.position(2)).toEqual({ line: 2, column: 0 });
  });

  it("keeps \\r\\r\\n as two breaks (a lone CR then CRLF)", () => {
    const idx = new LineIndex("x\r\r\ny");
    expect(idx.lineCount).toBe(3);
    expect(idx.lineText(2)).toBe("");
    expect(idx.lineText(3)).toBe("y");
    expect(idx.lineStart(3)).toBe(4);
  });

  it("grows past its initial capacity (many lines)", () => {
    const text = "x\n".repeat(10_000);
    const idx = new LineIndex(text);
    expect(idx.lineCount).toBe(10_001);
    expect(idx.lineOf(2 * 5000)).toBe(5001);
    expect(idx.lineStart(10_001)).toBe(20_000);
  });
});

describe("LineIndex offset ↔ line/column", () => {
  const text = "def f():\r\n    return 1\rpass\n";
  const idx = new LineIndex(text);

  it("maps offsets to 1-based line, 0-based UTF-16 column", () => {
    expect(idx.position(0)).toEqual({ line: 1, column: 0 });
    expect(idx.position(8)).toEqual({ line: 1, column: 8 }); // the \r
    expect(idx.position(9)).toEqual({ line: 1, column: 8 }); // inside CRLF → end of content
    expect(idx.position(10)).toEqual({ line: 2, column: 0 });
    expect(idx.position(14)).toEqual({ line: 2, column: 4 });
    expect(idx.position(23)).toEqual({ line: 3, column: 0 });
    expect(idx.position(text.length)).toEqual({ line: 4, column: 0 });
  });

  it("clamps out-of-range offsets, lines and columns", () => {
    expect(idx.position(-5)).toEqual({ line: 1, column: 0 });
    expect(idx.position(10_000)).toEqual({ line: 4, column: 0 });
    expect(idx.offsetAt(0, 3)).toBe(3);
    expect(idx.offsetAt(99, 0)).toBe(text.length);
    expect(idx.offsetAt(1, 1000)).toBe(8);
    expect(idx.offsetAt(2, -1)).toBe(10);
  });

  it("round-trips line/column → offset → line/column", () => {
    for (let line = 1; line <= idx.lineCount; line++) {
      const len = idx.lineText(line).length;
      for (let col = 0; col <= len; col++) {
        expect(idx.position(idx.offsetAt(line, col))).toEqual({ line, column: col });
      }
    }
  });
});

describe("LineIndex UTF-8 ↔ UTF-16 columns", () => {
  it("is the identity on ASCII lines (fast path)", () => {
    const idx = new LineIndex("abc\ndéf");
    expect(idx.isAsciiLine(1)).toBe(true);
    expect(idx.isAsciiLine(2)).toBe(false);
    expect(idx.utf16ToUtf8Column(1, 2)).toBe(2);
    expect(idx.utf8ToUtf16Column(1, 2)).toBe(2);
    expect(idx.utf8ToUtf16Column(1, 99)).toBe(3);
  });

  it("converts two-, three- and four-byte characters", () => {
    // é = 2 bytes, € = 3 bytes, 𝒳 (U+1D4B3) = 4 bytes and 2 UTF-16 units.
    const line = "é€𝒳x";
    const idx = new LineIndex(`first\n${line}\n`);
    expect(idx.utf16ToUtf8Column(2, 0)).toBe(0);
    expect(idx.utf16ToUtf8Column(2, 1)).toBe(2);
    expect(idx.utf16ToUtf8Column(2, 2)).toBe(5);
    expect(idx.utf16ToUtf8Column(2, 4)).toBe(9);
    expect(idx.utf16ToUtf8Column(2, 5)).toBe(10);
    expect(idx.utf8ToUtf16Column(2, 2)).toBe(1);
    expect(idx.utf8ToUtf16Column(2, 5)).toBe(2);
    expect(idx.utf8ToUtf16Column(2, 9)).toBe(4);
    expect(idx.utf8ToUtf16Column(2, 10)).toBe(5);
    // A byte column inside a multi-byte character maps to that character's start.
    expect(idx.utf8ToUtf16Column(2, 1)).toBe(0);
    expect(idx.utf8ToUtf16Column(2, 7)).toBe(2);
    // A UTF-16 column between the two halves of a surrogate pair counts the whole pair.
    expect(idx.utf16ToUtf8Column(2, 3)).toBe(9);
    expect(idx.offsetOfByteColumn(2, 9)).toBe(6 + 4);
    expect(idx.byteColumnOf(6 + 4)).toEqual({ line: 2, column: 9 });
  });

  it("counts a lone surrogate as 3 bytes (TextEncoder's U+FFFD)", () => {
    const idx = new LineIndex("\ud800x");
    expect(idx.utf16ToUtf8Column(1, 1)).toBe(3);
    expect(idx.utf8ToUtf16Column(1, 4)).toBe(2);
    expect(utf8Length("\ud800x")).toBe(new TextEncoder().encode("\ud800x").length);
  });

  it("utf8Length agrees with Buffer.byteLength", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), (s) => {
        expect(utf8Length(s)).toBe(bytes(s));
      }),
    );
  });
});

describe("LineIndex against a brute-force reference (property)", () => {
  // Strings mixing line breaks, form feeds, ASCII and multi-byte / astral characters.
  const piece = fc.constantFrom("a", "Z", " ", "\t", "\f", "\n", "\r", "\r\n", "é", "€", "日", "𝒳", "😀", "#");
  const source = fc.array(piece, { maxLength: 60 }).map((parts) => parts.join(""));

  it("agrees on lines, positions and offsets", () => {
    fc.assert(
      fc.property(source, (text) => {
        const idx = new LineIndex(text);
        const ref = reference(text);
        expect(idx.lineCount).toBe(ref.starts.length);
        for (let l = 0; l < ref.starts.length; l++) {
          expect(idx.lineStart(l + 1)).toBe(ref.starts[l]);
          expect(idx.lineContentEnd(l + 1)).toBe(ref.contentEnds[l]);
        }
        for (let o = 0; o <= text.length; o++) {
          let l = 0;
          while (l + 1 < ref.starts.length && ref.starts[l + 1]! <= o) l++;
          const col = Math.min(o, ref.contentEnds[l]!) - ref.starts[l]!;
          expect(idx.position(o)).toEqual({ line: l + 1, column: col });
        }
      }),
    );
  });

  it("agrees on UTF-8 byte columns at every character boundary, both ways", () => {
    fc.assert(
      fc.property(source, (text) => {
        const idx = new LineIndex(text);
        const ref = reference(text);
        for (let l = 0; l < ref.starts.length; l++) {
          const lineText = text.slice(ref.starts[l], ref.contentEnds[l]);
          for (let c = 0; c <= lineText.length; c++) {
            // Skip the middle of a surrogate pair: not a character boundary.
            const code = lineText.charCodeAt(c);
            if (c > 0 && code >= 0xdc00 && code <= 0xdfff) continue;
            const b = bytes(lineText.slice(0, c));
            expect(idx.utf16ToUtf8Column(l + 1, c)).toBe(b);
            expect(idx.utf8ToUtf16Column(l + 1, b)).toBe(c);
            expect(idx.offsetOfByteColumn(l + 1, b)).toBe(ref.starts[l]! + c);
          }
        }
      }),
    );
  });
});

describe("node helpers", () => {
  // A hand-made located "node": `x = "é𝒳"` on line 2 of the text below.
  const text = '# c\nx = "é𝒳"\n';
  const idx = new LineIndex(text);
  const constant = {
    lineno: 2,
    col_offset: 4,
    end_lineno: 2,
    end_col_offset: 4 + bytes('"é𝒳"'),
    start: 8,
    end: 8 + '"é𝒳"'.length,
  };

  it("nodeLocation gives 1-based line and 1-based UTF-16 columns", () => {
    expect(nodeLocation(idx, constant)).toEqual({ line: 2, column: 5, endLine: 2, endColumn: 5 + 5 });
  });

  it("nodeLspRange gives 0-based lines and UTF-16 characters", () => {
    expect(nodeLspRange(idx, constant)).toEqual({
      start: { line: 1, character: 4 },
      end: { line: 1, character: 9 },
    });
  });

  it("nodeOffsets uses start/end, or converts CPython attributes when they are absent", () => {
    expect(nodeOffsets(idx, constant)).toEqual({ start: 8, end: 13 });
    const { start: _s, end: _e, ...cpythonOnly } = constant;
    expect(nodeOffsets(idx, cpythonOnly)).toEqual({ start: 8, end: 13 });
    expect(nodeOffsets(idx, { lineno: 2, col_offset: 0 })).toEqual({ start: 4, end: 4 });
    expect(nodeText(idx, constant)).toBe('"é𝒳"');
    expect(nodeText(idx, cpythonOnly)).toBe('"é𝒳"');
  });

  it("nodeLocation handles a missing end (e.g. a comment) as an empty range", () => {
    expect(nodeLocation(idx, { lineno: 1, col_offset: 0 })).toEqual({ line: 1, column: 1, endLine: 1, endColumn: 1 });
  });

  it("offsetsToLocation spans lines", () => {
    expect(offsetsToLocation(idx, 2, 9)).toEqual({ line: 1, column: 3, endLine: 2, endColumn: 6 });
  });
});
