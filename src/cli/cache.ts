/**
 * @fileoverview The result cache in `.flaskguard_cache/` at the scan root. It stores, per file
 * analysed alone, its findings and errors keyed by a hash of the file's path and bytes, and for
 * the project part one entry keyed by a hash of all its files. Every key also covers the tool (its
 * version and a hash of its own code, so a rebuilt tool never reuses old results) and the analysis
 * options. The cache is one JSON document per scan root, replaced atomically (written to a
 * temporary file, then renamed), so concurrent runs never see a torn file: the last writer wins
 * and each reader gets a complete document. A cache that cannot be read is ignored; one that
 * cannot be written is skipped, with a warning the caller may print.
 */

import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import type { SourceFileInput } from "../core/analyzer.js";
import { rulesSwitchedOnBy } from "../core/split.js";
import type { Finding, ScanError } from "../core/types.js";
import { packageVersion } from "./package-info.js";

/** The cache directory's name (also skipped by discovery). */
export const CACHE_DIRECTORY = ".flaskguard_cache";
const CACHE_FILE = "results-v1.json";

/** What is cached for one file analysed alone. */
export interface CachedFile {
  findings: Finding[];
  errors: ScanError[];
  /** The engine's decoded text, kept when there are findings (code frames, baseline fingerprints). */
  text?: string;
}

/** What is cached for the project part. */
export interface CachedProject {
  findings: Finding[];
  errors: ScanError[];
  texts: [string, string][];
  enabledRules: string[];
  /** The modules the project part imports that switch project-scope rules on. */
  modules: string[];
}

export interface CacheDocument {
  tool: string;
  files: Record<string, CachedFile>;
  project: { key: string; value: CachedProject } | null;
}

let toolHash: string | null = null;

/**
 * A hash of flaskguard itself: its version and the contents of its compiled (or source) files, so
 * that results of another build are never reused.
 */
export function toolFingerprint(): string {
  if (toolHash !== null) return toolHash;
  const hash = createHash("sha1").update(packageVersion());
  const codeRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  const visit = (dir: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of entries) {
      const full = path.join(dir, name);
      if (/\.(js|ts|json)$/.test(name) && !name.endsWith(".map") && !name.endsWith(".d.ts")) {
        try {
          hash.update(name).update(readFileSync(full));
        } catch {
          // Unreadable: covered by the version.
        }
      } else if (!name.includes(".")) {
        try {
          if (statSync(full).isDirectory()) visit(full);
        } catch {
          // Vanished: ignore.
        }
      }
    }
  };
  visit(codeRoot);
  toolHash = hash.digest("hex");
  return toolHash;
}

/**
 * A cache kept in memory instead of `.flaskguard_cache/`, for a long-running process that scans the
 * same root again and again (the language server, on every edit): create one per root and pass it
 * to every scan of that root.
 */
export interface MemoryCache {
  /** The last run's document (internal). */
  document: CacheDocument | null;
}

/** An empty in-memory cache. */
export function memoryCache(): MemoryCache {
  return { document: null };
}

/** The results of earlier runs for one scan root, and the results of this run to store. */
export class ResultCache {
  private readonly nextFiles: Record<string, CachedFile> = {};
  private nextProject: CacheDocument["project"] = null;
  /** Keys already computed, per input and set of rules switched on (hashing reads every byte). */
  private readonly keyMemo = new WeakMap<SourceFileInput, Map<string, string>>();

  private constructor(
    private readonly dir: string,
    private readonly tool: string,
    private readonly previous: CacheDocument | null,
    private readonly memory: MemoryCache | null = null,
  ) {}

  /** A cache held in `memory` (nothing is read from or written to disk). */
  static inMemory(memory: MemoryCache, options: unknown): ResultCache {
    const tool = createHash("sha1").update(toolFingerprint()).update("\0").update(stableJson(options)).digest("hex");
    const previous = memory.document?.tool === tool ? memory.document : null;
    return new ResultCache("", tool, previous, memory);
  }

  /** Whether `root` has a cache file (of any configuration). */
  static exists(root: string): boolean {
    return existsSync(path.join(root, CACHE_DIRECTORY, CACHE_FILE));
  }

  /** Opens the cache of `root` for analyses with `options` (an unreadable cache is empty). */
  static open(root: string, options: unknown): ResultCache {
    const dir = path.join(root, CACHE_DIRECTORY);
    const tool = createHash("sha1").update(toolFingerprint()).update("\0").update(stableJson(options)).digest("hex");
    let previous: CacheDocument | null = null;
    try {
      const doc = JSON.parse(readFileSync(path.join(dir, CACHE_FILE), "utf8")) as CacheDocument;
      if (doc && doc.tool === tool && typeof doc.files === "object") previous = doc;
    } catch {
      // No cache yet, or a damaged one: start afresh.
    }
    return new ResultCache(dir, tool, previous);
  }

  /** The key of a file analysed alone, given the modules the analysis assumes. */
  fileKey(input: SourceFileInput, assumedModules: readonly string[]): string {
    // Keyed by the rules the modules switch on, not the modules: equivalent sets share results.
    const switchedOn = rulesSwitchedOnBy(assumedModules);
    let keys = this.keyMemo.get(input);
    if (!keys) this.keyMemo.set(input, (keys = new Map()));
    let key = keys.get(switchedOn);
    if (key === undefined) {
      const hash = createHash("sha1").update(switchedOn).update("\0").update(input.path).update("\0");
      hash.update((input as { kind?: string }).kind ?? "");
      hash.update("\0");
      if (input.text !== undefined) hash.update("t").update(input.text);
      else hash.update("b").update(input.bytes ?? new Uint8Array());
      key = hash.digest("hex");
      keys.set(switchedOn, key);
    }
    return key;
  }

  /** The key of the project part: every file's path, kind and content. */
  projectKey(inputs: readonly SourceFileInput[]): string {
    const hash = createHash("sha1");
    for (const input of inputs) hash.update(this.fileKey(input, [])).update("\n");
    return hash.digest("hex");
  }

  /** A stored result for a file, if any (it is kept for the next run too). */
  getFile(key: string): CachedFile | undefined {
    const hit = this.previous?.files[key];
    if (hit) this.nextFiles[key] = hit;
    return hit;
  }

  /** Records a file's result. */
  setFile(key: string, value: CachedFile): void {
    this.nextFiles[key] = value;
  }

  /** The stored project-part result, if its key matches. */
  getProject(key: string): CachedProject | undefined {
    const hit = this.previous?.project?.key === key ? this.previous.project.value : undefined;
    if (hit) this.nextProject = { key, value: hit };
    return hit;
  }

  /** Records the project-part result. */
  setProject(key: string, value: CachedProject): void {
    this.nextProject = { key, value };
  }

  /**
   * Writes this run's entries (only those of files seen in this run, so the cache does not grow
   * without bound), atomically. Returns a warning instead of throwing when it cannot.
   */
  save(): string | null {
    const doc: CacheDocument = { tool: this.tool, files: this.nextFiles, project: this.nextProject };
    if (this.memory) {
      this.memory.document = doc;
      return null;
    }
    const temp = path.join(this.dir, `.${CACHE_FILE}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
    try {
      mkdirSync(this.dir, { recursive: true });
      writeIfMissing(path.join(this.dir, ".gitignore"), "# Created by flaskguard: the result cache; never commit it.\n*\n");
      writeIfMissing(path.join(this.dir, "CACHEDIR.TAG"), "Signature: 8a477f597d28d172789f06886806bc55\n# This directory is a cache of flaskguard results.\n");
      writeFileSync(temp, JSON.stringify(doc));
      renameSync(temp, path.join(this.dir, CACHE_FILE));
      return null;
    } catch (error) {
      rmSync(temp, { force: true });
      return `cannot write the cache in ${this.dir}: ${(error as Error).message} (use --no-cache to skip it)`;
    }
  }
}

function writeIfMissing(file: string, text: string): void {
  try {
    writeFileSync(file, text, { flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
}

/** JSON with object keys sorted, so equal options give equal keys. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  ) ?? "null";
}
