/**
 * @fileoverview The per-file semantic model rules ask questions of (after Ruff's `SemanticModel`):
 * name lookup with Python's scoping rules, qualified-name resolution of expressions
 * (`from flask import Flask as F; F` → `flask.Flask`), the bound value of a name
 * (`app = Flask(__name__)`; `app` → the `Flask(...)` call), and which modules the file imports.
 */
import type { Expr, Module, Name, Node } from "../python/ast.js";
import { bind, type BindOptions, type BindResult } from "./binder.js";
import { BUILTIN_NAMES } from "./builtins.js";
import { importedModules } from "./imports.js";
import type { Binding, ImportEntry, Scope } from "./scopes.js";

/** How deep alias chains (`F = flask.Flask; G = F`) are followed before giving up. */
const MAX_ALIAS_DEPTH = 8;

/**
 * The semantic model of one file. Build it with {@link SemanticModel.build}. The binder runs on the
 * first question that needs scopes or bindings: which modules a file imports is answered from its
 * import statements alone, and most files of a large scan are never asked anything else.
 */
export class SemanticModel {
  private bound: BindResult | null = null;
  private modules: Set<string> | null = null;

  private constructor(
    /** The parsed module. */
    readonly module: Module,
    private readonly options: BindOptions,
    /** The module's dotted name when known (`app.views`). */
    readonly moduleName: string | undefined,
  ) {}

  /** The model of `module` (bound lazily; see the class comment). */
  static build(module: Module, options: BindOptions = {}): SemanticModel {
    return new SemanticModel(module, options, options.moduleName);
  }

  /** Binds now (the binder's errors surface here rather than at the first question). */
  bind(): this {
    void this.facts;
    return this;
  }

  private get facts(): BindResult {
    this.bound ??= bind(this.module, this.options);
    return this.bound;
  }

  /** The module scope. */
  get moduleScope(): Scope {
    return this.facts.moduleScope;
  }

  /** The import table, in source order (imports at any depth). */
  get imports(): readonly ImportEntry[] {
    return this.facts.imports;
  }

  /** Every module imported by this file, with its parent packages. */
  get seenModules(): ReadonlySet<string> {
    this.modules ??= this.bound?.seenModules ?? importedModules(this.module, this.options);
    return this.modules;
  }

  /**
   * Whether the file imports `module` or one of its submodules.
   * After `from flask_wtf.csrf import CSRFProtect`, `seenModule("flask_wtf")` and
   * `seenModule("flask_wtf.csrf")` are true.
   */
  seenModule(module: string): boolean {
    return this.seenModules.has(module);
  }

  /** The scope a scope-creating node (`FunctionDef`, `ClassDef`, `Lambda`, comprehension, `Module`) opened. */
  scopeOpenedBy(node: Node): Scope | null {
    return this.facts.scopeByNode.get(node) ?? null;
  }

  /**
   * The innermost scope that contains `node`. Exact for `Name` nodes (recorded by the binder);
   * for other nodes found by position, which is right for everything except a function's default
   * values (inside the `def`'s range, evaluated outside it).
   */
  scopeOf(node: Node): Scope {
    const recorded = this.facts.nameScope.get(node);
    if (recorded) return recorded;
    const start = (node as { start?: number }).start;
    if (start === undefined) return this.moduleScope;
    let scope = this.moduleScope;
    outer: for (;;) {
      for (const child of scope.children) {
        const n = child.node as { start?: number; end?: number };
        if (n.start !== undefined && n.end !== undefined && n.start <= start && start < n.end && child.node !== node) {
          scope = child;
          continue outer;
        }
      }
      return scope;
    }
  }

  /** The binding a store `Name`, import `alias`, `def` or `class` node created, if any. */
  bindingCreatedBy(node: Node): Binding | null {
    return this.facts.bindingByNode.get(node) ?? null;
  }

  /**
   * The binding a `Name` refers to, with Python's rules: local scope first (the last binding
   * before the use when the use runs in the same frame, or the last binding at all when the use
   * is in a nested function body that runs later), then enclosing function scopes (class scopes are
   * skipped from nested scopes), then the module. Returns null for builtins and unbound names.
   */
  lookupName(name: Name): Binding | null {
    return this.lookup(name.id, this.scopeOf(name), name.start);
  }

  /** Looks `name` up as if read at UTF-16 offset `offset` inside `scope` (see {@link lookupName}). */
  lookup(name: string, scope: Scope, offset: number): Binding | null {
    let current: Scope | null = scope;
    let deferred = false;
    while (current) {
      if (current.globals.has(name) && current !== this.moduleScope) {
        deferred ||= current.kind === "function";
        current = this.moduleScope;
        continue;
      }
      const bindings = current.bindings.get(name);
      if (bindings && bindings.length > 0) {
        const chosen = deferred ? bindings[bindings.length - 1]! : lastBefore(bindings, offset);
        if (chosen) return chosen.kind === "deletion" ? null : chosen;
        // Not yet bound at this point: a function local is unbound (use the last binding, e.g. in
        // loops); module and class bodies fall through to the enclosing/builtin scope.
        if (current.kind === "function" || current.kind === "comprehension") {
          const last = bindings[bindings.length - 1]!;
          return last.kind === "deletion" ? null : last;
        }
      }
      if (current.kind === "function") deferred = true;
      // Class scopes are only visible to the class body itself, never to nested scopes.
      let parent: Scope | null = current.parent;
      while (parent && parent.kind === "class") parent = parent.parent;
      current = parent;
    }
    return null;
  }

  /**
   * The dotted name an expression refers to, following imports and simple aliases:
   * `import flask` then `flask.Flask` → `flask.Flask`; `from flask import Flask as F` then `F` →
   * `flask.Flask`; `import os.path` then `os.path.join` → `os.path.join`; an unbound `open` →
   * `builtins.open`; `F = flask.Flask` then `F` → `flask.Flask`. Returns null for anything else
   * (locals, calls, subscripts).
   */
  resolveQualifiedName(expr: Expr, depth = 0): string | null {
    if (depth > MAX_ALIAS_DEPTH) return null;
    switch (expr.type) {
      case "Name": {
        const binding = this.lookupName(expr);
        if (!binding) {
          if (this.isUnbound(expr) && BUILTIN_NAMES.has(expr.id)) return `builtins.${expr.id}`;
          return null;
        }
        if (binding.kind === "import" || binding.kind === "from-import") return binding.qualifiedName;
        if (
          binding.kind === "assignment" &&
          binding.value &&
          (binding.value.type === "Name" || binding.value.type === "Attribute") &&
          this.isOnlyBinding(binding)
        ) {
          return this.resolveQualifiedName(binding.value, depth + 1);
        }
        return null;
      }
      case "Attribute": {
        // Iterative over the chain so `a.b.c. ... .z` of any length cannot overflow the stack.
        const attrs: string[] = [];
        let base: Expr = expr;
        while (base.type === "Attribute") {
          attrs.push(base.attr);
          base = base.value;
        }
        if (base.type !== "Name") return null;
        const head = this.resolveQualifiedName(base, depth);
        return head === null ? null : [head, ...attrs.reverse()].join(".");
      }
      default:
        return null;
    }
  }

  /**
   * Whether `expr` resolves to one of `names` (exact dotted names). Convenience for guard chains:
   * `model.matchesQualifiedName(call.func, ["os.getenv", "os.environ.get"])`.
   */
  matchesQualifiedName(expr: Expr, names: readonly string[]): boolean {
    const q = this.resolveQualifiedName(expr);
    return q !== null && names.includes(q);
  }

  /**
   * The expression a name is bound to, following name-to-name assignments (Ruff's
   * `resolve_assignment`). Given `app = Flask(__name__)`, `resolveValue(app)` is the `Flask(...)`
   * call; given `a = b = make()`, both resolve to `make()`. Non-name expressions resolve to
   * themselves; parameters, loop targets and imports resolve to null.
   */
  resolveValue(expr: Expr, depth = 0): Expr | null {
    if (expr.type !== "Name") return expr;
    if (depth > MAX_ALIAS_DEPTH) return null;
    const binding = this.lookupName(expr);
    if (!binding || binding.kind !== "assignment" || !binding.value) return null;
    return this.resolveValue(binding.value, depth + 1);
  }

  /** Whether no scope binds `name` at all, i.e. it is a builtin or a global set dynamically. */
  private isUnbound(name: Name): boolean {
    if (this.moduleScope.starImports.length > 0) return false;
    for (let s: Scope | null = this.scopeOf(name); s; s = s.parent) {
      if (s.bindings.has(name.id)) return false;
    }
    return true;
  }

  /** Whether `binding` is the only binding of its name in its scope (safe to treat as an alias). */
  private isOnlyBinding(binding: Binding): boolean {
    return (binding.scope.bindings.get(binding.name)?.length ?? 0) === 1;
  }
}

function lastBefore(bindings: readonly Binding[], offset: number): Binding | null {
  let chosen: Binding | null = null;
  for (const b of bindings) {
    if (b.effectiveAt <= offset) chosen = b;
  }
  return chosen;
}
