/**
 * @fileoverview `npm run bench:parse -- [--passes N] [dir-or-file...]`: parse speed of our Python
 * parser against tree-sitter-python, in one process, on the same files (default: the CPython
 * standard library found via `python3`, without site-packages). Each parser produces a tree and
 * the tree is walked once fully (node count). A warm-up pass precedes the timed passes; the median
 * pass is reported. Also reports the heap our parser uses on the largest file. Last line:
 * `bench-parse: ours=X MB/s tree-sitter=Y MB/s ratio=R`. A benchmark, never a test.
 */
import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import v8 from "node:v8";
import vm from "node:vm";
import { CHILD_FIELDS } from "../src/python/ast.js";
import type { Node } from "../src/python/ast.js";
import type { ParseResult } from "../src/python/types.js";
import { collectPyFiles, stdlibDir } from "./oracle/corpus.js";

type ParseBytes = (bytes: Uint8Array) => ParseResult;

interface TsNode {
  childCount: number;
}
interface TsCursor {
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
}
interface TsTree {
  rootNode: TsNode;
  walk(): TsCursor;
}
interface TsParser {
  setLanguage(lang: unknown): void;
  parse(input: string, oldTree?: TsTree | null, options?: { bufferSize?: number }): TsTree;
}

interface Corpus {
  files: string[];
  bytes: Buffer[];
  texts: string[];
  total: number;
}

/** Count the nodes of our tree (iterative, every child field of every node). */
export function countOurNodes(root: Node): number {
  let count = 0;
  const stack: unknown[] = [root];
  const table = CHILD_FIELDS as Record<string, readonly string[]>;
  while (stack.length > 0) {
    const node = stack.pop() as Record<string, unknown> & { type: string };
    count++;
    const fields = table[node.type]!;
    for (let f = 0; f < fields.length; f++) {
      const value = node[fields[f]!];
      if (value === null || value === undefined) continue;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (value[i] !== null) stack.push(value[i]);
      } else {
        stack.push(value);
      }
    }
  }
  return count;
}

/** Count the nodes of a tree-sitter tree with a cursor (named and anonymous nodes). */
export function countTreeSitterNodes(tree: TsTree): number {
  const cursor = tree.walk();
  let count = 1;
  for (;;) {
    if (cursor.gotoFirstChild()) {
      count++;
      continue;
    }
    for (;;) {
      if (cursor.gotoNextSibling()) {
        count++;
        break;
      }
      if (!cursor.gotoParent()) return count;
    }
  }
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function mbps(bytes: number, ms: number): number {
  return bytes / 1e6 / (ms / 1000);
}

function getGc(): () => void {
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

function loadTreeSitter(): { parser: TsParser; label: string } {
  const require = createRequire(import.meta.url);
  const Parser = require("tree-sitter") as new () => TsParser;
  const Python = require("tree-sitter-python") as unknown;
  const parser = new Parser();
  parser.setLanguage(Python);
  const version = (require("tree-sitter/package.json") as { version: string }).version;
  const pyVersion = (require("tree-sitter-python/package.json") as { version: string }).version;
  return { parser, label: `tree-sitter ${version} (native Node binding) + tree-sitter-python ${pyVersion}` };
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { passes: { type: "string" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help === true) {
    console.log("usage: npm run bench:parse -- [--passes N] [dir-or-file...]   (default: the python3 standard library)");
    return;
  }
  const passes = Math.max(1, Number(values.passes ?? 5));
  const roots = positionals.length > 0 ? positionals : [stdlibDir("python3")];
  const { parseBytes } = (await import("../src/python/index.js")) as { parseBytes: ParseBytes };
  const ts = loadTreeSitter();

  // Load the corpus; keep only files our parser accepts so both parsers do the same full work.
  const all = collectPyFiles(roots);
  const corpus: Corpus = { files: [], bytes: [], texts: [], total: 0 };
  let rejected = 0;
  for (const file of all) {
    const bytes = fs.readFileSync(file);
    const result = parseBytes(bytes); // doubles as our warm-up pass
    if (result.module === null) {
      rejected++;
      continue;
    }
    corpus.files.push(file);
    corpus.bytes.push(bytes);
    corpus.texts.push(result.text);
    corpus.total += bytes.length;
  }
  console.log(`corpus: ${corpus.files.length} files, ${(corpus.total / 1e6).toFixed(2)} MB (${rejected} file(s) our parser rejects left out)`);
  console.log(`tree-sitter: ${ts.label}`);

  const oursPass = (): [number, number] => {
    let nodes = 0;
    const t0 = performance.now();
    for (const bytes of corpus.bytes) {
      const result = parseBytes(bytes);
      nodes += countOurNodes(result.module as Node);
    }
    return [performance.now() - t0, nodes];
  };
  const tsPass = (): [number, number] => {
    let nodes = 0;
    const t0 = performance.now();
    for (const text of corpus.texts) {
      // bufferSize: the native binding copies the string through a buffer of this many code units.
      const tree = ts.parser.parse(text, null, { bufferSize: text.length + 1 });
      nodes += countTreeSitterNodes(tree);
    }
    return [performance.now() - t0, nodes];
  };

  // Warm-up (ours was warmed while loading), then alternate timed passes so drift hits both.
  tsPass();
  const oursMs: number[] = [];
  const tsMs: number[] = [];
  let oursNodes = 0;
  let tsNodes = 0;
  for (let i = 0; i < passes; i++) {
    const [a, n1] = oursPass();
    oursMs.push(a);
    oursNodes = n1;
    const [b, n2] = tsPass();
    tsMs.push(b);
    tsNodes = n2;
  }
  const ours = mbps(corpus.total, median(oursMs));
  const tree = mbps(corpus.total, median(tsMs));
  const fmt = (ms: number[]): string => ms.map((m) => m.toFixed(0)).join("/");
  console.log(`ours:        median ${median(oursMs).toFixed(0)} ms per pass (${fmt(oursMs)}), ${oursNodes} AST nodes, ${ours.toFixed(1)} MB/s`);
  console.log(`tree-sitter: median ${median(tsMs).toFixed(0)} ms per pass (${fmt(tsMs)}), ${tsNodes} CST nodes, ${tree.toFixed(1)} MB/s`);

  // Heap for the largest file (and for the file with the most nodes): growth while parsing (no
  // forced GC in between, so a lower bound of the peak) and what the result keeps alive.
  const gc = getGc();
  const heapFor = (i: number, label: string): void => {
    const bytes = corpus.bytes[i]!;
    gc();
    const base = process.memoryUsage().heapUsed;
    let kept: ParseResult | null = parseBytes(bytes);
    const grown = process.memoryUsage().heapUsed - base;
    gc();
    const retained = process.memoryUsage().heapUsed - base;
    const nodes = countOurNodes(kept.module as Node);
    kept = null;
    console.log(
      `${label}: ${corpus.files[i]} (${(bytes.length / 1e6).toFixed(2)} MB, ${nodes} nodes): ` +
        `heap growth during parse ${(grown / 1e6).toFixed(1)} MB (lower bound of peak), retained by the result ${(retained / 1e6).toFixed(1)} MB`,
    );
  };
  let largest = 0;
  let mostNodes = 0;
  let mostNodesCount = 0;
  for (let i = 0; i < corpus.bytes.length; i++) {
    if (corpus.bytes[i]!.length > corpus.bytes[largest]!.length) largest = i;
    const n = countOurNodes(parseBytes(corpus.bytes[i]!).module as Node);
    if (n > mostNodesCount) [mostNodes, mostNodesCount] = [i, n];
  }
  heapFor(largest, "largest file");
  if (mostNodes !== largest) heapFor(mostNodes, "most nodes");
  console.log(`bench-parse: ours=${ours.toFixed(1)} MB/s tree-sitter=${tree.toFixed(1)} MB/s ratio=${(ours / tree).toFixed(2)}`);
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? (err.stack ?? err.message) : err);
  process.exitCode = 1;
});
