/**
 * @fileoverview Project roots for the language server: a file belongs to the nearest directory
 * above it that holds a `flaskguard.toml`, a `pyproject.toml` or a `.git`, searching no higher
 * than the workspace folder that contains it (a workspace folder is itself a root). Files outside
 * every workspace folder search up to the file system root and fall back to their own directory;
 * for them the home directory and the file system root are never roots (a dotfiles `.git` in the
 * home directory must not make an editor scan all of it).
 */

import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/** Names whose presence makes a directory a project root. */
export const ROOT_MARKERS = ["flaskguard.toml", "pyproject.toml", ".git"] as const;

/** Finds project roots, caching the answer per directory until {@link RootFinder.invalidate}. */
export class RootFinder {
  private readonly cache = new Map<string, string>();
  private folders: string[] = [];

  /** Sets the workspace folders (absolute paths); clears the cache. */
  setFolders(folders: readonly string[]): void {
    this.folders = folders.map((f) => path.resolve(f));
    this.cache.clear();
  }

  /** The workspace folders, as set. */
  get workspaceFolders(): readonly string[] {
    return this.folders;
  }

  /** Forgets cached answers (after a marker file was created or deleted). */
  invalidate(): void {
    this.cache.clear();
  }

  /**
   * The root of the project `file` (absolute) belongs to.
   *
   * With workspace folder `/ws` and `/ws/api/pyproject.toml`, `/ws/api/app/views.py` → `/ws/api`
   * and `/ws/tools/x.py` → `/ws`.
   */
  rootOf(file: string): string {
    const start = path.dirname(path.resolve(file));
    const cached = this.cache.get(start);
    if (cached !== undefined) return cached;
    const ceiling = this.folderOf(file);
    let dir = start;
    let root: string | null = null;
    const tooWide = new Set(ceiling === null ? [os.homedir(), path.parse(start).root] : []);
    for (;;) {
      if (tooWide.has(dir)) break;
      if (ROOT_MARKERS.some((marker) => existsSync(path.join(dir, marker)))) {
        root = dir;
        break;
      }
      if (ceiling !== null && dir === ceiling) break;
      const parent = path.dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
    const answer = root ?? ceiling ?? start;
    this.cache.set(start, answer);
    return answer;
  }

  /**
   * Whether `root` is too wide to scan as a tree: the home directory or the file system root, when
   * it is not a workspace folder. Only the open files directly in it are analysed then.
   */
  isTooWide(root: string): boolean {
    return !this.folders.includes(root) && (root === os.homedir() || root === path.parse(root).root);
  }

  /** The deepest workspace folder containing `file`, or null. */
  folderOf(file: string): string | null {
    let best: string | null = null;
    for (const folder of this.folders) {
      if (isWithin(file, folder) && (best === null || folder.length > best.length)) best = folder;
    }
    return best;
  }
}

/** Whether `file` is `dir` or lies below it. */
export function isWithin(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}
