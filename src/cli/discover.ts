/**
 * @fileoverview File discovery for `flaskguard check`: walks the given paths, honours `.gitignore`
 * files (nested ones too) and configured exclude globs, skips virtualenvs and tool directories,
 * and never throws on bad input (unreadable directories, broken links, symlink loops become
 * `ScanError`s). Explicit file arguments are always scanned.
 *
 * Our own walker rather than a glob library: pruning on nested `.gitignore` files and on
 * `pyvenv.cfg` markers, and detecting symlink loops, all need a decision per directory before
 * descending into it.
 */

import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from "node:fs";
import type { Dirent, Stats } from "node:fs";
import path from "node:path";
import ignore from "ignore";
import type { Ignore } from "ignore";

import type { ScanError } from "../core/types.js";
import { isDependencyFilePath } from "../rules/helpers/dependency-pins.js";

/** What kind of source a discovered file is. */
export type SourceKind = "python" | "template" | "javascript" | "text";

/** File name endings per kind. */
export const SOURCE_EXTENSIONS: Readonly<Record<SourceKind, readonly string[]>> = {
  python: [".py"],
  template: [".html", ".htm", ".jinja", ".jinja2", ".j2", ".txt", ".xml"],
  javascript: [".js", ".mjs"],
  // Configuration read by the Flask project model: `.flaskenv`/`.env` files, `from_pyfile` targets.
  text: [".flaskenv", ".env", ".cfg"],
};

/** Every kind `flaskguard check` scans. */
export const ALL_SOURCE_KINDS: readonly SourceKind[] = ["python", "template", "javascript", "text"];

/**
 * Where templates and scripts are looked for when walking directories (explicit files are always
 * taken): templates below a `templates` directory (Flask's default `template_folder`, for apps and
 * blueprints) or with a Jinja-only extension anywhere; scripts below a `static` directory (the
 * default `static_folder`). Folders that the Python code names with `template_folder=` /
 * `static_folder=` are added after the walk ({@link namedFrontEndFolders}).
 */
export function inFrontEndFolder(relativePath: string, kind: SourceKind): boolean {
  const dirs = relativePath.split("/").slice(0, -1);
  if (kind === "template") return dirs.includes("templates") || /\.(jinja2?|j2)$/i.test(relativePath);
  if (kind === "javascript") return dirs.includes("static");
  if (kind === "text") return !/(^|\/)(setup|tox|pylintrc|\.?flake8|mypy|pytest|coverage|\.?bumpversion)\.cfg$/i.test(relativePath);
  return true;
}

/** Directory names never descended into (unless given explicitly). */
export const DEFAULT_SKIPPED_DIRECTORIES: readonly string[] = [
  ".flaskguard_cache",
  ".git",
  ".hg",
  ".mypy_cache",
  ".nox",
  ".pytest_cache",
  ".ruff_cache",
  ".svn",
  ".tox",
  ".venv",
  "__pycache__",
  "node_modules",
  "site-packages",
  "venv",
];

/** One file to scan. */
export interface DiscoveredFile {
  /** POSIX path relative to the scan root. */
  path: string;
  /** Absolute file system path. */
  absolute: string;
  kind: SourceKind;
  /** Given on the command line (scanned even if excluded). */
  explicit: boolean;
}

export interface DiscoverOptions {
  /** Absolute scan root; output paths are relative to it. */
  root: string;
  /** gitignore-style exclude patterns from the configuration. */
  exclude?: readonly string[];
  /** Directory the exclude patterns are relative to (default: `root`). */
  excludeBase?: string | null;
  /** Kinds of files to collect (default: python only). */
  kinds?: readonly SourceKind[];
  /** Honour `.gitignore` files (default true). */
  respectGitignore?: boolean;
}

export interface DiscoveryResult {
  files: DiscoveredFile[];
  errors: ScanError[];
}

/**
 * The scan root for a list of path arguments: the deepest common directory of the given
 * directories and of the parents of the given files, or `cwd` when no path is given.
 *
 * Given `["app/views.py", "app/models"]` in `/src`, returns `/src/app`.
 */
export function commonRoot(paths: readonly string[], cwd: string): string {
  if (paths.length === 0) return path.resolve(cwd);
  const dirs = paths.map((p) => {
    const absolute = path.resolve(cwd, p);
    return isDirectory(absolute) ? absolute : path.dirname(absolute);
  });
  let common = dirs[0]!;
  for (const dir of dirs.slice(1)) {
    while (!isWithin(dir, common)) {
      const parent = path.dirname(common);
      if (parent === common) break;
      common = parent;
    }
  }
  return common;
}

/** Converts an absolute path into the POSIX path relative to `root` used in all output. */
export function toOutputPath(root: string, absolute: string): string {
  const relative = path.relative(root, absolute);
  return (relative === "" ? path.basename(absolute) : relative).split(path.sep).join("/");
}

/**
 * Collects the files to scan under `paths` (absolute or relative to `cwd`, which must exist; the
 * caller reports missing paths as a usage error). Results are sorted by path.
 */
export function discoverFiles(paths: readonly string[], cwd: string, options: DiscoverOptions): DiscoveryResult {
  const walker = new Walker(options);
  const inputs = paths.length === 0 ? ["."] : paths;
  for (const input of inputs) walker.visitArgument(path.resolve(cwd, input));
  return walker.result();
}

interface GitignoreLayer {
  dir: string;
  rules: Ignore;
}

class Walker {
  private readonly root: string;
  private readonly kinds: readonly SourceKind[];
  private readonly exclude: Ignore | null;
  private readonly excludeBase: string;
  private readonly respectGitignore: boolean;
  private readonly files = new Map<string, DiscoveredFile>();
  private readonly errors: ScanError[] = [];
  /** Real paths of directories already walked (symlink loops and duplicate links). */
  private readonly visited = new Set<string>();
  /** Templates and scripts outside `templates`/`static` folders: kept if the code names their folder. */
  private readonly outside: { absolute: string; kind: SourceKind }[] = [];

  constructor(options: DiscoverOptions) {
    this.root = path.resolve(options.root);
    this.kinds = options.kinds ?? ["python"];
    this.exclude = options.exclude && options.exclude.length > 0 ? ignore().add([...options.exclude]) : null;
    this.excludeBase = path.resolve(options.excludeBase ?? options.root);
    this.respectGitignore = options.respectGitignore ?? true;
  }

  result(): DiscoveryResult {
    this.addNamedFolderFiles();
    const files = [...this.files.values()].sort((a, b) => compare(a.path, b.path));
    const errors = [...this.errors].sort((a, b) => compare(a.file, b.file));
    return { files, errors };
  }

  visitArgument(absolute: string): void {
    let stats: Stats;
    try {
      stats = statSync(absolute);
    } catch (error) {
      this.error(absolute, error);
      return;
    }
    if (stats.isDirectory()) {
      // A directory named on the command line is scanned even when it is itself ignored or
      // excluded (e.g. a checkout inside another repository's ignored folder): then the ignore
      // rules above it (or the excludes) are dropped for this walk; .gitignore files inside it apply.
      let layers = this.respectGitignore ? this.ancestorGitignores(absolute) : [];
      if (this.isGitignored(absolute, true, layers)) layers = [];
      const useExclude = !this.isExcluded(absolute, true);
      this.walkDirectory(absolute, layers, [], useExclude);
    } else if (stats.isFile()) {
      // Explicit files are always scanned, whatever their name or ignore status.
      this.addFile(absolute, this.kindOf(absolute) ?? "python", true);
    } else {
      this.errors.push(scanError(this.rel(absolute), "read-error", "not a regular file or directory"));
    }
  }

  private walkDirectory(
    dir: string,
    parentLayers: readonly GitignoreLayer[],
    ancestors: readonly string[],
    useExclude: boolean,
  ): void {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch (error) {
      this.error(dir, error);
      return;
    }
    if (ancestors.includes(real)) {
      this.errors.push(
        scanError(this.rel(dir), "symlink-loop", `symbolic link loop: points back to ${this.rel(real, true)}`),
      );
      return;
    }
    if (this.visited.has(real)) return;
    this.visited.add(real);

    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      this.error(dir, error);
      return;
    }
    entries.sort((a, b) => compare(a.name, b.name));
    const layers = this.respectGitignore ? this.withGitignore(dir, parentLayers) : parentLayers;
    const nextAncestors = [...ancestors, real];

    for (const entry of entries) {
      const absolute = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const target = statSync(absolute);
          isDir = target.isDirectory();
          isFile = target.isFile();
        } catch (error) {
          // A dangling or self-referential link: only worth reporting if it looks like a source file.
          if (this.kindOf(absolute) !== null && !this.isIgnored(absolute, false, layers, useExclude)) {
            this.error(absolute, error);
          }
          continue;
        }
      }
      if (isDir) {
        if (DEFAULT_SKIPPED_DIRECTORIES.includes(entry.name)) continue;
        if (this.isIgnored(absolute, true, layers, useExclude)) continue;
        if (existsSync(path.join(absolute, "pyvenv.cfg"))) continue; // a virtualenv, whatever its name
        this.walkDirectory(absolute, layers, nextAncestors, useExclude);
      } else if (isFile) {
        const kind = this.kindOf(absolute);
        if (kind === null) continue;
        if (this.isIgnored(absolute, false, layers, useExclude)) continue;
        if (kind !== "python" && !inFrontEndFolder(this.rel(absolute), kind)) {
          if (kind === "template" || kind === "javascript") this.outside.push({ absolute, kind });
          continue;
        }
        this.addFile(absolute, kind, false);
      }
    }
  }

  /**
   * Adds the templates and scripts found outside `templates`/`static` directories that lie in a
   * folder the Python files name with `template_folder=` or `static_folder=`.
   */
  private addNamedFolderFiles(): void {
    if (this.outside.length === 0) return;
    const folders: { dir: string; kind: SourceKind }[] = [];
    for (const file of this.files.values()) {
      if (file.kind !== "python") continue;
      let text: string;
      try {
        text = readFileSync(file.absolute, "utf8");
      } catch {
        continue; // the scan reports unreadable files
      }
      for (const named of namedFrontEndFolders(text)) {
        const kind: SourceKind = named.kind === "template_folder" ? "template" : "javascript";
        for (const base of [path.dirname(file.absolute), this.root]) folders.push({ dir: path.resolve(base, named.folder), kind });
      }
    }
    if (folders.length === 0) return;
    for (const candidate of this.outside) {
      if (folders.some((f) => f.kind === candidate.kind && isWithin(candidate.absolute, f.dir) && candidate.absolute !== f.dir)) {
        this.addFile(candidate.absolute, candidate.kind, false);
      }
    }
  }

  private addFile(absolute: string, kind: SourceKind, explicit: boolean): void {
    const rel = this.rel(absolute);
    const existing = this.files.get(rel);
    if (existing) {
      existing.explicit ||= explicit;
      return;
    }
    this.files.set(rel, { path: rel, absolute, kind, explicit });
  }

  private kindOf(file: string): SourceKind | null {
    // Dependency files (`requirements*.txt`, lock files, `pyproject.toml`) are text for the rules that
    // read pinned versions, not templates; the Flask model only reads `.env`/`.flaskenv`/`*.cfg` ones.
    if (this.kinds.includes("text") && isDependencyFilePath(file.split(path.sep).join("/"))) return "text";
    const lower = file.toLowerCase();
    for (const kind of this.kinds) {
      if (SOURCE_EXTENSIONS[kind].some((ext) => lower.endsWith(ext))) return kind;
    }
    return null;
  }

  private isIgnored(absolute: string, isDir: boolean, layers: readonly GitignoreLayer[], useExclude: boolean): boolean {
    return (useExclude && this.isExcluded(absolute, isDir)) || this.isGitignored(absolute, isDir, layers);
  }

  /** Matches the configured exclude globs (relative to the configuration's directory). */
  private isExcluded(absolute: string, isDir: boolean): boolean {
    if (!this.exclude) return false;
    const relative = relativeForIgnore(this.excludeBase, absolute);
    return relative !== null && this.exclude.ignores(relative + (isDir ? "/" : ""));
  }

  /** Applies the `.gitignore` layers from the outermost to the innermost; the last verdict wins. */
  private isGitignored(absolute: string, isDir: boolean, layers: readonly GitignoreLayer[]): boolean {
    const suffix = isDir ? "/" : "";
    let ignored = false;
    for (const layer of layers) {
      const relative = relativeForIgnore(layer.dir, absolute);
      if (relative === null) continue;
      const verdict = layer.rules.test(relative + suffix);
      if (verdict.ignored) ignored = true;
      else if (verdict.unignored) ignored = false;
    }
    return ignored;
  }

  /** `.gitignore` files of the directories above `dir`, up to the enclosing git repository's root. */
  private ancestorGitignores(dir: string): GitignoreLayer[] {
    const chain: string[] = [];
    let current = path.dirname(dir);
    let inRepository = existsSync(path.join(dir, ".git"));
    while (!inRepository) {
      chain.unshift(current);
      if (existsSync(path.join(current, ".git"))) {
        inRepository = true;
        break;
      }
      const parent = path.dirname(current);
      if (parent === current) break;
      current = parent;
    }
    if (!inRepository) return []; // outside a repository only the scanned tree's own .gitignore files count
    let layers: GitignoreLayer[] = [];
    for (const ancestor of chain) layers = this.withGitignore(ancestor, layers);
    return layers;
  }

  private withGitignore(dir: string, layers: readonly GitignoreLayer[]): GitignoreLayer[] {
    let text: string;
    try {
      text = readFileSync(path.join(dir, ".gitignore"), "utf8");
    } catch {
      return [...layers];
    }
    return [...layers, { dir, rules: ignore().add(text) }];
  }

  private error(absolute: string, error: unknown): void {
    const code = (error as NodeJS.ErrnoException).code;
    const message = describeFsError(code, error);
    this.errors.push(scanError(this.rel(absolute), code === "ELOOP" ? "symlink-loop" : "read-error", message));
  }

  private rel(absolute: string, allowOutside = false): string {
    if (allowOutside && !isWithin(absolute, this.root)) return absolute.split(path.sep).join("/");
    return toOutputPath(this.root, absolute);
  }
}

/**
 * The folders a Python file names with `template_folder=` / `static_folder=` keyword arguments, as
 * relative paths: the string literals of the argument joined (`"views"`,
 * `os.path.join(os.path.dirname(__file__), "web", "templates")` → `web/templates`,
 * `Path(__file__).parent / "ui"` → `ui`). Absolute literals and arguments without a literal are skipped.
 */
export function namedFrontEndFolders(text: string): { kind: "template_folder" | "static_folder"; folder: string }[] {
  const out: { kind: "template_folder" | "static_folder"; folder: string }[] = [];
  if (!text.includes("_folder")) return out;
  const re = /\b(template_folder|static_folder)\s*=(?!=)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const literals: string[] = [];
    let depth = 0;
    for (let i = re.lastIndex; i < text.length; i++) {
      const c = text[i]!;
      if (c === '"' || c === "'") {
        const end = text.indexOf(c, i + 1);
        if (end < 0 || text.slice(i + 1, end).includes("\n")) break;
        literals.push(text.slice(i + 1, end));
        i = end;
      } else if (c === "(" || c === "[") depth++;
      else if ((c === ")" || c === "]") && depth-- === 0) break;
      else if ((c === "," || c === "\n") && depth === 0) break;
    }
    const parts = literals.filter((l) => l !== "" && l !== "." && !/^[a-z]:|^[/\\]/i.test(l));
    if (parts.length === 0 || parts.length !== literals.filter((l) => l !== "" && l !== ".").length) continue;
    out.push({ kind: m[1] as "template_folder" | "static_folder", folder: parts.join("/") });
  }
  return out;
}

/** A human message for a file system error code. */
export function describeFsError(code: string | undefined, error: unknown): string {
  switch (code) {
    case "ENOENT":
      return "no such file or directory (it may have been removed during the scan)";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ELOOP":
      return "too many levels of symbolic links (symlink loop)";
    case "EISDIR":
      return "is a directory, not a file";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

function scanError(file: string, kind: string, message: string): ScanError {
  return { file, kind, message, line: null, column: null };
}

function relativeForIgnore(base: string, absolute: string): string | null {
  const relative = path.relative(base, absolute);
  if (relative === "" || isOutside(relative)) return null;
  return relative.split(path.sep).join("/");
}

function isWithin(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === "" || !isOutside(relative);
}

function isOutside(relative: string): boolean {
  return relative === ".." || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative);
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory();
  } catch {
    return false;
  }
}

/** Plain code-unit string comparison, independent of locale. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
