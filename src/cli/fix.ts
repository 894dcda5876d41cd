/**
 * @fileoverview `flaskguard check --fix`: applies the fixes the rules offer (safe ones, or also
 * unsafe ones with `--unsafe-fixes`) and writes the changed files back. Only files that were read as
 * UTF-8 (with or without a BOM) are written, atomically (temporary file + rename, mode kept), so a
 * crash or a full disk never leaves a half-written source file; other files are reported and left
 * alone.
 */
import { chmodSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

import { fixProject } from "../core/analyzer.js";
import type { AnalyzeOptions } from "../core/analyzer.js";
import type { SourceInput } from "./read.js";

/** What `applyFixesToDisk` did. */
export interface DiskFixResult {
  /** Inputs with the fixed bytes of written files (pass them to the analysis that reports). */
  inputs: SourceInput[];
  /** Number of fixes applied to the files that were written. */
  fixCount: number;
  /** POSIX paths (relative to the root) that were rewritten. */
  written: string[];
  /** Files that had fixes but were not written, with the reason. */
  skipped: { path: string; reason: string }[];
}

const UTF8_BOM = Uint8Array.of(0xef, 0xbb, 0xbf);

/** How the file's bytes map to the engine's text: plain UTF-8, UTF-8 with BOM, or something else. */
function utf8Form(bytes: Uint8Array, text: string): "utf-8" | "utf-8-bom" | null {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  const encoded = Buffer.from(text, "utf8");
  if (encoded.length !== body.length || !encoded.equals(body)) return null;
  return hasBom ? "utf-8-bom" : "utf-8";
}

/** Writes `data` to `file` atomically, keeping its permission bits. */
function writeAtomically(file: string, data: Uint8Array): void {
  const mode = statSync(file).mode & 0o7777;
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.flaskguard-${process.pid}.tmp`);
  try {
    writeFileSync(temp, data, { mode });
    chmodSync(temp, mode);
    renameSync(temp, file);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // the temporary file may not exist
    }
    throw error;
  }
}

/**
 * Computes fixes for the whole project (re-analysing between passes), then writes the changed
 * files under `root`. Returns the inputs to report on: written files carry their new bytes.
 */
export function applyFixesToDisk(
  root: string,
  inputs: readonly SourceInput[],
  options: AnalyzeOptions,
  level: "safe" | "unsafe",
): DiskFixResult {
  const result = fixProject(inputs, { ...options, level });
  const byPath = new Map(inputs.map((input) => [input.path, input]));
  const next = new Map<string, SourceInput>();
  const written: string[] = [];
  const skipped: { path: string; reason: string }[] = [];
  let fixCount = 0;
  for (const file of result.changed) {
    const input = byPath.get(file);
    const text = result.texts.get(file);
    if (!input || text === undefined) continue;
    // The engine's decoded text of the original bytes: compare to know the file's encoding.
    const original = result.originalTexts.get(file);
    const form = original === undefined ? null : utf8Form(input.bytes, original);
    if (form === null) {
      skipped.push({ path: file, reason: "not UTF-8 encoded; fix it by hand or re-save it as UTF-8" });
      continue;
    }
    const body = Buffer.from(text, "utf8");
    const bytes = form === "utf-8-bom" ? Buffer.concat([UTF8_BOM, body]) : body;
    try {
      writeAtomically(path.join(root, ...file.split("/")), bytes);
    } catch (error) {
      skipped.push({ path: file, reason: `could not be written: ${(error as Error).message}` });
      continue;
    }
    written.push(file);
    fixCount += result.fixesByFile.get(file) ?? 0;
    next.set(file, { ...input, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) });
  }
  return { inputs: inputs.map((input) => next.get(input.path) ?? input), fixCount, written, skipped };
}
