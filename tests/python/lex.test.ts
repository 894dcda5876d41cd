/**
 * @fileoverview `lex` (tokenizing without token positions, for files no rule reads) gives the same
 * comments and tokenizer errors as the full tokenizer, on the fixtures and on real code (the Flask
 * packages and part of the standard library when installed), including the errors of broken text.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

import { lex } from "../../src/python/index.js";
import { tokenize } from "../../src/python/tokenizer.js";
import { collectPyFiles, defaultCorpusRoots } from "../../scripts/oracle/corpus.js";

const REPO = path.resolve(import.meta.dirname, "../..");

function same(text: string, label: string): void {
  const full = tokenize(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const quick = lex(text);
  expect(quick.comments, label).toEqual(full.comments);
  expect(quick.error, label).toEqual(full.error);
}

describe("lex", () => {
  it("matches the tokenizer on broken text", () => {
    for (const text of ["x = '''never closed\n", "if x:\n  a\n    b\n", "x = 1 # ünïcode comment\n\ty = (\n", "a = 'é' # c\n$\n", "f'{x'\n", "\u00a0x = 1\n"]) same(text, JSON.stringify(text));
  });

  it("matches the tokenizer on the fixtures, examples and real code", () => {
    let roots: string[] = [];
    try {
      roots = defaultCorpusRoots().filter((r) => fs.existsSync(r));
    } catch {
      // No Python packages here: the repository's own files still run.
    }
    const files = [...collectPyFiles([path.join(REPO, "tests/fixtures"), path.join(REPO, "examples")]), ...collectPyFiles(roots).filter((_, i) => i % 5 === 0)];
    for (const file of files) {
      let text: string;
      try {
        text = new TextDecoder("utf-8", { fatal: true }).decode(fs.readFileSync(file));
      } catch {
        continue;
      }
      same(text, file);
    }
    expect(files.length).toBeGreaterThan(50);
  });
});
