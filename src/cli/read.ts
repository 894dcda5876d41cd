/**
 * @fileoverview Reads discovered files into engine inputs. Never throws: files that vanished,
 * became directories, cannot be read or are binary become `ScanError`s and the scan goes on.
 * Also keeps a best-effort decoded text per file for code frames and baselines.
 */

import { readFileSync } from "node:fs";

import type { ScanError } from "../core/types.js";
import { describeFsError } from "./discover.js";
import type { DiscoveredFile } from "./discover.js";

/** What the engine receives per file (the engine decodes `bytes`, honouring PEP 263). */
export interface SourceInput {
  path: string;
  bytes: Uint8Array;
  /** Python source, Jinja template, static JavaScript or configuration text (from discovery). */
  kind: DiscoveredFile["kind"];
}

export interface ReadResult {
  inputs: SourceInput[];
  /**
   * Decoded text per POSIX path (UTF-8, falling back to Latin-1), for display and baselines; decoded
   * on first `get`, since only files with findings or errors are shown.
   */
  texts: ReadonlyMap<string, string>;
  errors: ScanError[];
}

/** Texts decoded from bytes on first access (iteration decodes them all). */
class DisplayTexts extends Map<string, string> {
  constructor(private readonly bytes: ReadonlyMap<string, Uint8Array>) {
    super();
  }

  override get(path: string): string | undefined {
    let text = super.get(path);
    if (text === undefined) {
      const bytes = this.bytes.get(path);
      if (bytes === undefined) return undefined;
      text = decodeForDisplay(bytes);
      super.set(path, text);
    }
    return text;
  }

  override has(path: string): boolean {
    return this.bytes.has(path);
  }

  override get size(): number {
    return this.bytes.size;
  }

  override *entries(): MapIterator<[string, string]> {
    for (const path of this.bytes.keys()) yield [path, this.get(path)!];
  }

  override [Symbol.iterator](): MapIterator<[string, string]> {
    return this.entries();
  }

  override *keys(): MapIterator<string> {
    yield* this.bytes.keys();
  }

  override *values(): MapIterator<string> {
    for (const [, text] of this.entries()) yield text;
  }

  override forEach(fn: (value: string, key: string, map: Map<string, string>) => void): void {
    for (const [path, text] of this.entries()) fn(text, path, this);
  }
}

/** How many leading bytes are checked for NUL when deciding a file is binary. */
const BINARY_SNIFF_BYTES = 8000;

/** Reads every file; see the file overview for the error policy. */
export function readSources(files: readonly DiscoveredFile[]): ReadResult {
  const inputs: SourceInput[] = [];
  const bytesByPath = new Map<string, Uint8Array>();
  const errors: ScanError[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file.absolute);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      errors.push({ file: file.path, kind: "read-error", message: describeFsError(code, error), line: null, column: null });
      continue;
    }
    const wide = wideEncoding(bytes);
    if (wide !== null) {
      errors.push({
        file: file.path,
        kind: "encoding-error",
        message: `the file is ${wide} (it starts with a ${wide} byte order mark); Python source must be UTF-8 or an 8-bit encoding declared in a coding comment: re-save it as UTF-8`,
        line: 1,
        column: 1,
      });
      continue;
    }
    const nul = bytes.subarray(0, BINARY_SNIFF_BYTES).indexOf(0);
    if (nul !== -1) {
      errors.push({
        file: file.path,
        kind: "binary-file",
        message: `looks like a binary file (NUL byte at offset ${nul}); source code cannot contain null bytes`,
        line: null,
        column: null,
      });
      continue;
    }
    const view = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    inputs.push({ path: file.path, bytes: view, kind: file.kind });
    bytesByPath.set(file.path, view);
  }
  return { inputs, texts: new DisplayTexts(bytesByPath), errors };
}

/** `UTF-16LE`/`UTF-16BE`/`UTF-32LE`/`UTF-32BE` when the bytes start with that byte order mark, else null. */
export function wideEncoding(bytes: Uint8Array): string | null {
  const [a, b, c, d] = [bytes[0], bytes[1], bytes[2], bytes[3]];
  if (a === 0xff && b === 0xfe) return c === 0 && d === 0 ? "UTF-32LE" : "UTF-16LE";
  if (a === 0xfe && b === 0xff) return "UTF-16BE";
  if (a === 0 && b === 0 && c === 0xfe && d === 0xff) return "UTF-32BE";
  return null;
}

/**
 * Decodes source bytes for display: UTF-8 without BOM, or Latin-1 when the bytes are not valid
 * UTF-8 (so every byte still maps to one character and line numbers stay right).
 */
export function decodeForDisplay(bytes: Uint8Array): string {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder("latin1").decode(bytes);
  }
}
