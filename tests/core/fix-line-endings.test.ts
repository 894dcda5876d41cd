/**
 * @fileoverview Fix edits that insert lines use the file's own line ending: fixing a CRLF file
 * leaves no bare LF behind (and an LF file gets no CR).
 */
import { describe, expect, it } from "vitest";
import { fixSource } from "../../src/core/analyzer.js";
import { lineEnding } from "../../src/rules/helpers/line-ending.js";

const SOURCE = ['"""App."""', "from flask import Flask", "", "app = Flask(__name__)", 'app.config["SECRET_KEY"] = "changeme-please"', ""];

describe("fixes keep the file's line endings", () => {
  it("detects the line ending in use", () => {
    expect(lineEnding("a\r\nb\n")).toBe("\r\n");
    expect(lineEnding("a\rb")).toBe("\r");
    expect(lineEnding("a\nb\r\n")).toBe("\n");
    expect(lineEnding("no newline")).toBe("\n");
  });

  it("inserts `import os` with CRLF into a CRLF file", () => {
    const r = fixSource("app.py", SOURCE.join("\r\n"), { level: "unsafe" });
    expect(r.fixCount).toBeGreaterThan(0);
    expect(r.text).toContain("import os\r\n");
    expect(r.text).toContain('os.environ["SECRET_KEY"]');
    expect(/[^\r]\n/.test(r.text)).toBe(false);
  });

  it("inserts `import os` with LF into an LF file", () => {
    const r = fixSource("app.py", SOURCE.join("\n"), { level: "unsafe" });
    expect(r.text).toContain("import os\n");
    expect(r.text.includes("\r")).toBe(false);
  });
});
