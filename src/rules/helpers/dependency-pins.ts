/**
 * @fileoverview Pinned and locked versions of Python dependencies, read from the project's dependency
 * files (`requirements*.txt`, `requirements/*.txt`, `pyproject.toml` for PEP 621 and Poetry,
 * `Pipfile.lock`, `poetry.lock`, `uv.lock`). Pure: rules pass the text files the engine was given.
 * Version logic is PEP 440 as implemented by `@renovatebot/pep440` (no hand-written comparison); the
 * only translation done here is Poetry's `^`/`~` constraints into PEP 440 bounds.
 */
import { gte, lt, lte, valid, validRange } from "@renovatebot/pep440";
import { parse as parseSpecifier } from "@renovatebot/pep440/lib/specifier.js";
import { parse as parseToml } from "smol-toml";

/** A text file as the engine hands it to rules. */
export interface DependencyText {
  path: string;
  text: string;
}

/** One version constraint of one dependency, with where it is written. */
export interface DependencyPin {
  /** Normalised project name (PEP 503: lower case, runs of `-_.` as `-`). */
  name: string;
  /** A PEP 440 specifier: `==3.0.1`, `>=3,<4`; a locked version is `==<version>`. */
  specifier: string;
  /** The constraint as written in the file (`^3.0`, `3.0.1`, `>=3`). */
  written: string;
  file: string;
  /** The entry's range in the file (UTF-16 offsets). */
  start: number;
  end: number;
  /** Lock files record the installed version; manifests a range. */
  kind: "lock" | "manifest";
}

const BASENAME = (path: string): string => path.slice(path.lastIndexOf("/") + 1);

/**
 * Whether a path names a dependency file this module reads: `requirements*.txt` anywhere, any `.txt`
 * directly below a `requirements/` directory, `pyproject.toml`, `Pipfile.lock`, `poetry.lock`, `uv.lock`.
 */
export function isDependencyFilePath(path: string): boolean {
  const base = BASENAME(path).toLowerCase();
  if (/^requirements[\w.-]*\.txt$/.test(base)) return true;
  if (/(^|\/)requirements\/[^/]+\.txt$/i.test(path)) return true;
  return base === "pyproject.toml" || base === "pipfile.lock" || base === "poetry.lock" || base === "uv.lock";
}

/** PEP 503 normalised project name. */
export function normalizeProjectName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, "-");
}

/** `name[extras] spec ; marker` (PEP 508 without URLs): name and the specifier text, or null. */
const REQUIREMENT = /^\s*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*\(?\s*((?:[<>=!~]=?|===)[^;()]*?)?\s*\)?\s*(?:;.*)?$/;

function parseRequirement(text: string): { name: string; spec: string } | null {
  const m = REQUIREMENT.exec(text);
  if (!m) return null;
  return { name: normalizeProjectName(m[1]!), spec: (m[2] ?? "").replace(/\s+/g, "") };
}

/** A PEP 440 specifier for a Poetry constraint (`^3.0` → `>=3.0,<4`, `3.0.1` → `==3.0.1`), or null. */
export function poetryToPep440(constraint: string): string | null {
  const c = constraint.trim();
  if (c === "" || c === "*") return null;
  if (validRange(c)) return c;
  const m = /^([\^~])\s*(\d+(?:\.\d+)*)$/.exec(c);
  if (m) {
    const version = m[2]!;
    const major = Number(version.split(".")[0]);
    // Both keep the major (for `^` when it is not 0): the upper bound below is no looser than Poetry's.
    const upper = m[1] === "^" && major === 0 ? "" : `,<${major + 1}`;
    return `>=${version}${upper}`;
  }
  return valid(c) ? `==${c}` : null;
}

/** Pins of `names` in one file (empty when the file is not a dependency file or does not parse). */
export function pinsInFile(file: DependencyText, names: readonly string[]): DependencyPin[] {
  const wanted = new Set(names.map(normalizeProjectName));
  const base = BASENAME(file.path).toLowerCase();
  const out: DependencyPin[] = [];
  const add = (name: string, spec: string | null, written: string, start: number, end: number, kind: DependencyPin["kind"]): void => {
    const n = normalizeProjectName(name);
    if (!wanted.has(n) || !spec || !validRange(spec)) return;
    out.push({ name: n, specifier: spec, written, file: file.path, start, end, kind });
  };
  if (base.endsWith(".txt")) {
    let offset = 0;
    for (const line of file.text.split("\n")) {
      const body = line.replace(/(^|\s)#.*$/, "").replace(/\\\s*$/, "").replace(/\s--hash=\S+/g, "");
      const req = body.trim().startsWith("-") ? null : parseRequirement(body);
      if (req && req.spec) {
        const lead = line.length - line.trimStart().length;
        add(req.name, req.spec, req.spec, offset + lead, offset + line.replace(/\s*\\\s*$/, "").trimEnd().length, "manifest");
      }
      offset += line.length + 1;
    }
  } else if (base === "pipfile.lock") {
    let data: unknown;
    try {
      data = JSON.parse(file.text);
    } catch {
      return out;
    }
    const deps = (data as { default?: Record<string, { version?: unknown }> }).default ?? {};
    const section = Math.max(file.text.indexOf('"default"'), 0);
    for (const [name, entry] of Object.entries(deps)) {
      if (typeof entry?.version !== "string") continue;
      const at = file.text.indexOf(`"${name}"`, section);
      if (at >= 0) add(name, entry.version, entry.version, at, at + name.length + 2, "lock");
    }
  } else if (base === "poetry.lock" || base === "uv.lock") {
    const header = /^\[\[package\]\]\s*$/gm;
    const starts = [...file.text.matchAll(header)].map((m) => m.index);
    starts.forEach((start, i) => {
      const block = file.text.slice(start, starts[i + 1] ?? file.text.length);
      const name = /^name\s*=\s*"([^"]+)"/m.exec(block);
      const version = /^version\s*=\s*"([^"]+)"/m.exec(block);
      if (!name || !version || !valid(version[1]!)) return;
      add(name[1]!, `==${version[1]}`, version[1]!, start + name.index, start + version.index + version[0].length, "lock");
    });
  } else if (base === "pyproject.toml") {
    let data: Record<string, unknown>;
    try {
      data = parseToml(file.text) as Record<string, unknown>;
    } catch {
      return out;
    }
    const located = (needle: string): { start: number; end: number } => {
      const at = file.text.indexOf(needle);
      return at < 0 ? { start: 0, end: 0 } : { start: at, end: at + needle.length };
    };
    const project = (data.project ?? {}) as { dependencies?: unknown; "optional-dependencies"?: Record<string, unknown> };
    const pep621 = [project.dependencies, ...Object.values(project["optional-dependencies"] ?? {})];
    for (const list of pep621) {
      if (!Array.isArray(list)) continue;
      for (const item of list) {
        if (typeof item !== "string") continue;
        const req = parseRequirement(item);
        if (req?.spec) {
          const where = located(item);
          add(req.name, req.spec, req.spec, where.start, where.end, "manifest");
        }
      }
    }
    const poetry = ((data.tool as Record<string, unknown> | undefined)?.poetry ?? {}) as { dependencies?: Record<string, unknown> };
    for (const [name, value] of Object.entries(poetry.dependencies ?? {})) {
      const written = typeof value === "string" ? value : typeof (value as { version?: unknown })?.version === "string" ? (value as { version: string }).version : null;
      if (written === null) continue;
      const m = new RegExp(`^[ \\t]*"?${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"?\\s*=.*$`, "im").exec(file.text);
      add(name, poetryToPep440(written), written, m?.index ?? 0, m ? m.index + m[0].length : 0, "manifest");
    }
  }
  return out;
}

/** Pins of `names` in every dependency file of `files`, lock files first. */
export function dependencyPins(files: readonly DependencyText[], names: readonly string[]): DependencyPin[] {
  const pins = files.filter((f) => isDependencyFilePath(f.path)).flatMap((f) => pinsInFile(f, names));
  return [...pins.filter((p) => p.kind === "lock"), ...pins.filter((p) => p.kind === "manifest")];
}

function clauses(spec: string): { operator: string; version: string }[] {
  try {
    return (parseSpecifier(spec) ?? []) as { operator: string; version: string }[];
  } catch {
    return [];
  }
}

function safe(fn: () => boolean | null | undefined): boolean {
  try {
    return fn() === true;
  } catch {
    return false;
  }
}

/**
 * Whether every version the specifier admits is at least `major` (pre-releases of `major` included):
 * one of its clauses is a lower bound (`>=`, `>`, `~=`, `==`, `==X.*`) at or above it.
 */
export function admitsOnlyMajorOrLater(spec: string, major: number): boolean {
  const floor = `${major}.dev0`;
  return clauses(spec).some((c) => [">=", ">", "~=", "==", "==="].includes(c.operator) && safe(() => gte(c.version, floor)));
}

/** Whether every version the specifier admits is below `major` (`<3`, `<=2.3`, `==2.*`, `~=2.3`). */
export function admitsOnlyBelowMajor(spec: string, major: number): boolean {
  const floor = `${major}.dev0`;
  return clauses(spec).some(
    (c) =>
      (c.operator === "<" && safe(() => lte(c.version, `${major}`))) ||
      ((c.operator === "<=" || c.operator === "==" || c.operator === "===" || c.operator === "~=") && safe(() => lt(c.version, floor))),
  );
}

/** The pin that makes the project run Werkzeug 3 or later, and whether it is Werkzeug's own or Flask's. */
export interface Werkzeug3Pin {
  pin: DependencyPin;
  via: "werkzeug" | "flask";
}

/**
 * Where the project pins Werkzeug ≥ 3.0: a `werkzeug` constraint (or lock entry) admitting only 3.x and
 * later, or else a `flask` one admitting only Flask ≥ 3.0 (which requires Werkzeug ≥ 3.0). Null when
 * nothing pins it, or when some `werkzeug` pin admits only 2.x or older (conflicting files: unknown).
 */
export function werkzeug3Pin(files: readonly DependencyText[]): Werkzeug3Pin | null {
  const pins = dependencyPins(files, ["werkzeug", "flask"]);
  const werkzeug = pins.filter((p) => p.name === "werkzeug");
  if (werkzeug.some((p) => admitsOnlyBelowMajor(p.specifier, 3))) return null;
  const own = werkzeug.find((p) => admitsOnlyMajorOrLater(p.specifier, 3));
  if (own) return { pin: own, via: "werkzeug" };
  const flask = pins.filter((p) => p.name === "flask");
  if (flask.some((p) => admitsOnlyBelowMajor(p.specifier, 3))) return null;
  const viaFlask = flask.find((p) => admitsOnlyMajorOrLater(p.specifier, 3));
  return viaFlask ? { pin: viaFlask, via: "flask" } : null;
}
