/**
 * @fileoverview The text report never passes control characters from scanned files to the
 * terminal: code frames, messages, related messages and errors show them as visible symbols, with
 * columns unchanged.
 */
import { describe, expect, it } from "vitest";
import { analyzeProject } from "../../src/core/analyzer.js";
import { REPORTERS } from "../../src/reporters/index.js";
import { visible } from "../../src/reporters/text.js";

describe("text report and control characters", () => {
  it("maps control characters one to one onto visible symbols", () => {
    expect(visible("a\x1b[2Jb\x07\tc\x7f\x9b")).toBe("a\u241b[2Jb\u2407\tc\u2421\ufffd");
    expect(visible("plain")).toBe("plain");
  });

  it("shows an escape sequence in a code frame as a symbol, not as a terminal command", () => {
    const text = ['from flask import Flask', 'app = Flask(__name__)', 'app.config["SECRET_KEY"] = "dev\x1b]0;owned\x07"', ""].join("\n");
    const result = analyzeProject([{ path: "app.py", text }], { select: ["FG201"] });
    expect(result.findings.length).toBe(1);
    const report = REPORTERS.text(
      { findings: result.findings, errors: result.errors },
      { toolVersion: "test", rules: new Map(), sources: result.texts, filesScanned: 1, color: false },
    );
    expect(report).not.toMatch(/[\x1b\x07]/);
    expect(report).toContain("\u241b]0;owned\u2407");
  });
});
