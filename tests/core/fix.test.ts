/**
 * @fileoverview Fix application: atomic fixes, sorting, overlap skipping, insertions, the pass loop
 * (later passes pick up skipped fixes), the 10-pass limit, and refusal of a pass that breaks syntax.
 */
import { describe, expect, it } from "vitest";
import { fixProject } from "../../src/core/analyzer.js";
import { applyFixes, fixUntilStable, MAX_FIX_PASSES } from "../../src/core/fix.js";
import type { Fix } from "../../src/core/types.js";

const fix = (edits: [number, number, string][], applicability: Fix["applicability"] = "safe"): Fix => ({
  title: "t",
  applicability,
  edits: edits.map(([start, end, text]) => ({ file: "f.py", range: { start, end }, text })),
});

describe("applyFixes", () => {
  it("applies non-overlapping fixes in position order regardless of input order", () => {
    const r = applyFixes("abcdef", [fix([[4, 5, "E"]]), fix([[0, 1, "A"]])], "f.py");
    expect(r.text).toBe("AbcdEf");
    expect(r.applied).toHaveLength(2);
  });

  it("skips a fix overlapping an earlier one, atomically (none of its edits apply)", () => {
    const r = applyFixes("abcdef", [fix([[0, 3, "X"]]), fix([[2, 4, "Y"], [5, 6, "Z"]])], "f.py");
    expect(r.text).toBe("Xdef");
    expect(r.skipped).toHaveLength(1);
  });

  it("treats two insertions at the same point as overlapping, adjacent replacements as not", () => {
    expect(applyFixes("ab", [fix([[1, 1, "X"]]), fix([[1, 1, "Y"]])], "f.py").text).toBe("aXb");
    expect(applyFixes("ab", [fix([[0, 1, "X"]]), fix([[1, 2, "Y"]])], "f.py").text).toBe("XY");
  });

  it("ignores fixes with edits in another file", () => {
    const other: Fix = { title: "t", applicability: "safe", edits: [{ file: "g.py", range: { start: 0, end: 1 }, text: "Q" }] };
    expect(applyFixes("ab", [other], "f.py").text).toBe("ab");
  });
});

describe("fixUntilStable", () => {
  it("re-computes fixes after each pass until nothing changes", () => {
    // Each pass replaces the first "a" only (the competing edit to the end overlaps it and is skipped).
    const compute = (t: string) => {
      const i = t.indexOf("a");
      return i < 0 ? [] : [fix([[i, i + 1, "b"]]), fix([[i, t.length, "zzz"]])];
    };
    const r = fixUntilStable("aaa", "f.py", compute, () => true);
    expect(r.text).toBe("bbb");
    expect(r.passes).toBe(3);
  });

  it("stops after the pass limit", () => {
    const r = fixUntilStable("", "f.py", (t) => [fix([[t.length, t.length, "x"]])], () => true);
    expect(r.passes).toBe(MAX_FIX_PASSES);
    expect(r.text).toBe("x".repeat(MAX_FIX_PASSES));
  });

  it("refuses a pass whose result does not parse", () => {
    const r = fixUntilStable("ok", "f.py", () => [fix([[0, 2, "bad"]])], (t) => t !== "bad");
    expect(r).toMatchObject({ text: "ok", refused: true, fixCount: 0 });
  });
});

describe("fixProject", () => {
  it("applies unsafe fixes only when asked, adding the import once", () => {
    const text = `from flask import Flask\napp = Flask(__name__)\napp.secret_key = "a-literal"\napp.config["SECRET_KEY"] = "b-literal"\n`;
    expect(fixProject([{ path: "a.py", text }]).changed).toEqual([]);
    const r = fixProject([{ path: "a.py", text }], { level: "unsafe" });
    expect(r.changed).toEqual(["a.py"]);
    expect(r.texts.get("a.py")).toBe(
      `import os\nfrom flask import Flask\napp = Flask(__name__)\napp.secret_key = os.environ["SECRET_KEY"]\napp.config["SECRET_KEY"] = os.environ["SECRET_KEY"]\n`,
    );
    expect(r.result.findings).toEqual([]);
    expect(r.passes).toBe(2);
  });
});
