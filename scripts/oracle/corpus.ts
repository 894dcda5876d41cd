/**
 * @fileoverview Finds the Python files the oracle and the benchmark run on: `.py` files under the
 * given paths (recursively, skipping `site-packages`), or the default corpus: the CPython standard
 * library plus the Flask ecosystem packages that Debian installs, all located at run time.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

/** The Flask ecosystem packages of the default corpus (import names). */
export const FLASK_PACKAGES = ["flask", "werkzeug", "jinja2", "flask_wtf", "flask_limiter"] as const;

/** Interpreter used to locate the Debian-installed packages (they are installed for it). */
const SYSTEM_PYTHON_CANDIDATES = ["/usr/bin/python3", "python3"];

/**
 * All `.py` files under `roots` (files are taken as given), sorted, without duplicates and without
 * `site-packages`, `__pycache__` and `node_modules` directories below a root.
 */
export function collectPyFiles(roots: readonly string[]): string[] {
  const out = new Set<string>();
  const visit = (p: string, isRoot: boolean): void => {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      const base = path.basename(p);
      // Skipped below a root, not when named explicitly (`npm run oracle -- .../site-packages` works).
      if (!isRoot && (base === "site-packages" || base === "__pycache__" || base === "node_modules")) return;
      for (const entry of fs.readdirSync(p).sort()) visit(path.join(p, entry), false);
    } else if (stat.isFile() && p.endsWith(".py") && !/[\r\n]/.test(p)) {
      out.add(path.resolve(p));
    }
  };
  for (const root of roots) {
    if (!fs.existsSync(root)) throw new Error(`no such file or directory: ${root}`);
    const stat = fs.statSync(root);
    if (stat.isFile()) out.add(path.resolve(root));
    else visit(root, true);
  }
  return [...out].sort();
}

/** The standard library directory of `python` (`sysconfig.get_paths()["stdlib"]`). */
export function stdlibDir(python = "python3"): string {
  const res = spawnSync(python, ["-c", 'import sysconfig; print(sysconfig.get_paths()["stdlib"])'], { encoding: "utf8" });
  if (res.status !== 0 || res.error !== undefined) throw new Error(`cannot ask ${python} for its stdlib: ${res.error?.message ?? res.stderr}`);
  return res.stdout.trim();
}

/**
 * Directory of an installed package, asked of the system Python first (Debian installs the Flask
 * ecosystem for it), then of `python3`. Throws naming the package when no interpreter has it.
 */
export function packageDir(name: string): string {
  const tried: string[] = [];
  for (const python of SYSTEM_PYTHON_CANDIDATES) {
    const res = spawnSync(python, ["-c", `import ${name}, os; print(os.path.dirname(${name}.__file__))`], { encoding: "utf8" });
    if (res.status === 0 && res.error === undefined && res.stdout.trim() !== "") return res.stdout.trim();
    tried.push(`${python}: ${(res.error?.message ?? res.stderr.trim().split("\n").pop() ?? "").trim()}`);
  }
  throw new Error(`Python package '${name}' is not installed (Debian package for it, e.g. python3-${debianName(name)}); tried ${tried.join("; ")}`);
}

function debianName(name: string): string {
  return name === "flask_wtf" ? "flaskext.wtf" : name.replace(/_/g, "-");
}

/** The default corpus roots: the stdlib of `python` and the Flask ecosystem package directories. */
export function defaultCorpusRoots(python = "python3"): string[] {
  return [stdlibDir(python), ...FLASK_PACKAGES.map(packageDir)];
}
