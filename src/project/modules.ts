/**
 * @fileoverview The project's module graph: which file is which dotted module (packages,
 * `__init__.py`, src layouts and script directories), and resolution of a name imported from a
 * project module to its definition in another file, following re-exports
 * (`from .config import ProductionConfig` in `app/__init__.py`, then `from app import
 * ProductionConfig` elsewhere). Built from `FileView`s only.
 *
 * ```ts
 * const graph = new ModuleGraph(project.files);
 * graph.resolveImport(file, "ProductionConfig");
 * // → { kind: "class", file: <config.py>, node: <ClassDef ProductionConfig>, qualifiedName: "config.ProductionConfig" }
 * ```
 */
import type { ClassDef, Expr, Node } from "../python/ast.js";
import type { Binding } from "../semantic/scopes.js";
import type { SemanticModel } from "../semantic/model.js";
import type { ResolvedDefinition } from "../semantic/evaluate.js";
import { classAttribute } from "../semantic/evaluate.js";
import type { FileView } from "../rules/types.js";

/** What a name or dotted path resolves to in the project. */
export interface Definition {
  /** `module` (a project file), `class`, `function`, `variable` (an assignment), `parameter` or `other`. */
  kind: "module" | "class" | "function" | "variable" | "parameter" | "other";
  /** The file that defines it. */
  file: FileView;
  /** Canonical dotted name, e.g. `config.ProductionConfig` or `app.extensions.csrf`. */
  qualifiedName: string;
  /**
   * The `ClassDef`/`FunctionDef` for classes and functions, the assigned value for variables
   * (`csrf = CSRFProtect()` → the `Call`), the `Module` for modules, the `arg` for parameters.
   */
  node: Node;
  /** The binding in the defining module (null for modules and class attributes). */
  binding: Binding | null;
}

const MAX_HOPS = 12;

/** The module graph of a project (see the file overview). */
export class ModuleGraph {
  private readonly byName = new Map<string, FileView[]>();
  private readonly canonical = new Map<FileView, string>();
  private tops: Set<string> | null = null;

  constructor(readonly files: readonly FileView[]) {
    const paths = new Set(files.map((f) => f.path));
    for (const f of files) {
      const names = moduleNamesFor(f, paths);
      this.canonical.set(f, names[0]!);
      for (const n of names) {
        let list = this.byName.get(n);
        if (!list) this.byName.set(n, (list = []));
        list.push(f);
      }
    }
  }

  /**
   * Whether a dotted name may refer into the project: its first part is the first part of some
   * project module's name (`app` for `app.models.User`). `flask.Flask` or `builtins.open` may not.
   */
  mayBeProjectName(qualifiedName: string): boolean {
    if (this.tops === null) {
      this.tops = new Set();
      for (const name of this.byName.keys()) this.tops.add(name.split(".")[0]!);
      for (const f of this.files) this.tops.add(f.moduleName.split(".")[0]!);
    }
    const dot = qualifiedName.indexOf(".");
    return qualifiedName.startsWith(".") || this.tops.has(dot === -1 ? qualifiedName : qualifiedName.slice(0, dot));
  }

  /**
   * The canonical dotted module name of a file: relative to its package root, so
   * `src/shop/config.py` (with `src/shop/__init__.py`) is `shop.config`, `backend/app.py` in a
   * directory without `__init__.py` is `app`.
   */
  moduleName(file: FileView): string {
    return this.canonical.get(file) ?? file.moduleName;
  }

  /**
   * The file defining a dotted module (`config` → `config.py` or `config/__init__.py`), preferring,
   * among several candidates, the one closest to `near` (the importing file).
   */
  fileForModule(name: string, near?: FileView): FileView | undefined {
    const list = this.byName.get(name);
    if (!list || list.length === 0) return undefined;
    if (list.length === 1 || !near) return list[0];
    let best = list[0]!;
    let bestScore = -1;
    for (const f of list) {
      const score = commonPrefixLength(f.path, near.path);
      if (score > bestScore) {
        best = f;
        bestScore = score;
      }
    }
    return best;
  }

  /**
   * Resolves a dotted name (as the semantic layer produces it for imports) to its definition in
   * the project: `config.ProductionConfig` → the class in `config.py`; `app.csrf` where
   * `app/__init__.py` does `from .extensions import csrf` → the `CSRFProtect()` call in
   * `app/extensions.py`; `app.views` → the module file. Null for names outside the project
   * (`flask.Flask`).
   */
  resolveQualifiedName(qualifiedName: string, near?: FileView, hops = 0): Definition | null {
    if (hops > MAX_HOPS || qualifiedName.startsWith(".")) return null;
    const parts = qualifiedName.split(".");
    for (let n = parts.length; n > 0; n--) {
      const file = this.fileForModule(parts.slice(0, n).join("."), near);
      if (!file) continue;
      const rest = parts.slice(n);
      if (rest.length === 0) {
        return { kind: "module", file, qualifiedName: this.moduleName(file), node: file.module, binding: null };
      }
      const found = this.resolveMember(file, rest, hops);
      if (found) return found;
      // `pkg.sub` where `sub` is a submodule not bound in `pkg/__init__.py`: try the longer module.
      if (n < parts.length && this.fileForModule(parts.slice(0, n + 1).join("."), near)) continue;
      return null;
    }
    return null;
  }

  /** Resolves the local name `name` of `file` (an import or a module-level definition) to its definition. */
  resolveImport(file: FileView, name: string): Definition | null {
    return this.resolveMember(file, [name], 0);
  }

  /**
   * Resolves a `Name` or `Attribute` expression in `file` to a project definition, following imports
   * and module attributes: `config.ProductionConfig` after `import config`, `ProdConfig` after
   * `from .settings import ProdConfig`, or a same-file class. Null for locals without a definition
   * and for names outside the project.
   */
  resolveExpr(file: FileView, expr: Expr, depth = 0): Definition | null {
    if (depth > MAX_HOPS) return null;
    if (expr.type === "Name") {
      const binding = file.semantic.lookupName(expr);
      if (!binding) return null;
      return this.definitionOfBinding(file, binding, 0);
    }
    if (expr.type === "Attribute") {
      const q = file.semantic.resolveQualifiedName(expr);
      if (q !== null) {
        const d = this.resolveQualifiedName(q, file);
        if (d) return d;
      }
      const base = this.resolveExpr(file, expr.value, depth + 1);
      if (base?.kind === "class") {
        const value = classAttribute(base.node as ClassDef, expr.attr);
        if (value) return { kind: "variable", file: base.file, qualifiedName: `${base.qualifiedName}.${expr.attr}`, node: value, binding: null };
      }
      if (base?.kind === "module") return this.resolveMember(base.file, [expr.attr], 0);
    }
    return null;
  }

  /** A resolver for `evaluate()` so constants imported from project modules are evaluated where they are defined. */
  evaluationResolver(near?: FileView): (q: string) => ResolvedDefinition | null {
    return (q) => {
      const d = this.resolveQualifiedName(q, near);
      if (!d) return null;
      return toResolved(d);
    };
  }

  private resolveMember(file: FileView, rest: readonly string[], hops: number): Definition | null {
    const [head, ...tail] = rest;
    if (head === undefined) return null;
    const bindings = file.semantic.moduleScope.bindings.get(head);
    const binding = bindings && bindings.length > 0 ? bindings[bindings.length - 1]! : null;
    if (!binding) {
      // `from pkg import sub` where `sub` is a submodule.
      const sub = this.fileForModule(`${this.moduleName(file)}.${head}`, file) ?? this.fileForModule(`${file.moduleName}.${head}`, file);
      if (sub && file.isPackage) {
        if (tail.length === 0) return { kind: "module", file: sub, qualifiedName: this.moduleName(sub), node: sub.module, binding: null };
        return this.resolveMember(sub, tail, hops + 1);
      }
      return null;
    }
    const def = this.definitionOfBinding(file, binding, hops);
    if (!def || tail.length === 0) return def;
    if (def.kind === "module") return this.resolveMember(def.file, tail, hops + 1);
    if (def.kind === "class") {
      const value = classAttribute(def.node as ClassDef, tail[0]!);
      if (value && tail.length === 1) {
        return { kind: "variable", file: def.file, qualifiedName: `${def.qualifiedName}.${tail[0]}`, node: value, binding: null };
      }
    }
    return null;
  }

  private definitionOfBinding(file: FileView, binding: Binding, hops: number): Definition | null {
    if (hops > MAX_HOPS) return null;
    const qualified = (name: string) => `${this.moduleName(file)}.${name}`;
    switch (binding.kind) {
      case "import":
      case "from-import":
        return binding.qualifiedName ? this.resolveQualifiedName(binding.qualifiedName, file, hops + 1) : null;
      case "class":
        return { kind: "class", file, qualifiedName: qualified(binding.name), node: binding.node, binding };
      case "function":
        return { kind: "function", file, qualifiedName: qualified(binding.name), node: binding.node, binding };
      case "parameter":
        return { kind: "parameter", file, qualifiedName: binding.name, node: binding.node, binding };
      case "assignment":
        if (binding.value) {
          // `Config = BaseConfig` / `app = application`: an alias of a project definition.
          if (binding.value.type === "Name" || binding.value.type === "Attribute") {
            const inner = this.resolveExpr(file, binding.value);
            if (inner && inner.kind !== "variable") return inner;
          }
          return { kind: "variable", file, qualifiedName: qualified(binding.name), node: binding.value, binding };
        }
        return { kind: "other", file, qualifiedName: qualified(binding.name), node: binding.node, binding };
      default:
        return { kind: "other", file, qualifiedName: qualified(binding.name), node: binding.node, binding };
    }
  }
}

/** Converts a definition for the semantic evaluator. */
export function toResolved(d: Definition): ResolvedDefinition {
  const model: SemanticModel = d.file.semantic;
  return {
    model,
    file: d.file.path,
    node: d.kind === "module" ? null : d.node,
    qualifiedName: d.qualifiedName,
    isModule: d.kind === "module",
  };
}

/**
 * Every dotted name a file can be imported as, canonical first: the name relative to its
 * package root (the parent of the topmost directory with an `__init__.py`), then the name relative
 * to the scan root, and for a `src/` layout the name without `src`.
 */
function moduleNamesFor(file: FileView, paths: ReadonlySet<string>): string[] {
  const segs = file.path.replace(/\.pyi?$/, "").split("/").filter((p) => p.length > 0 && p !== ".");
  const isPackage = segs[segs.length - 1] === "__init__";
  if (isPackage) segs.pop();
  const dirs = file.path.split("/").slice(0, -1);
  // Walk up from the file's directory while directories are packages.
  let rootDepth = dirs.length;
  while (rootDepth > 0 && paths.has([...dirs.slice(0, rootDepth), "__init__.py"].join("/"))) rootDepth--;
  const names: string[] = [];
  const canonical = segs.slice(rootDepth).join(".");
  if (canonical) names.push(canonical);
  const full = segs.join(".");
  if (full && !names.includes(full)) names.push(full);
  if (names.length === 0) names.push(file.moduleName);
  return names;
}

function commonPrefixLength(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
