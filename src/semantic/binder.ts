/**
 * @fileoverview The binder: one walk over a module that builds its scopes, records every binding
 * (imports, assignments, defs, classes, parameters, ...) with its value when simple, the import table,
 * the set of imported modules, and which scope each `Name` is read or written in. Python's scoping
 * rules are followed: decorators, defaults and annotations are evaluated in the enclosing scope, class
 * bodies are invisible to nested functions, a comprehension's first iterable belongs to the enclosing
 * scope, `global`/`nonlocal` redirect bindings and `:=` binds in the enclosing non-comprehension scope.
 */
import {
  CHILD_FIELDS,
  type Arguments,
  type Comprehension,
  type Expr,
  type ImportFrom,
  type Module,
  type Node,
  type NodeType,
  type Pattern,
  type Stmt,
} from "../python/ast.js";
import { newScope, type Binding, type BindingKind, type ImportEntry, type Scope } from "./scopes.js";

/** Options for {@link bind}. */
export interface BindOptions {
  /** Dotted module name of the file (`app.views` for `app/views.py`), used for relative imports. */
  moduleName?: string;
  /** Whether the file is a package's `__init__.py` (relative imports then start at the package itself). */
  isPackage?: boolean;
}

/** Everything the binder learned about one module. */
export interface BindResult {
  moduleScope: Scope;
  /** The scope each scope-creating node opened (Module, ClassDef, FunctionDef, Lambda, comprehensions). */
  scopeByNode: WeakMap<Node, Scope>;
  /** The scope each `Name` node (load or store) appears in. */
  nameScope: WeakMap<Node, Scope>;
  /** The binding each store `Name` / import `alias` / def node created. */
  bindingByNode: WeakMap<Node, Binding>;
  imports: ImportEntry[];
  /** Every module imported anywhere in the file, with all its parent packages (`a.b.c` → a, a.b, a.b.c). */
  seenModules: Set<string>;
}

/**
 * Resolves a relative import to an absolute module name, or returns it with leading dots when the
 * importing module's name is unknown.
 *
 * `resolveRelativeModule("views", 1, "app.main", false)` → `app.views`;
 * `resolveRelativeModule(null, 1, "app", true)` → `app`.
 */
export function resolveRelativeModule(
  module: string | null,
  level: number,
  importer: string | undefined,
  isPackage: boolean,
): string {
  if (level === 0) return module ?? "";
  if (importer === undefined) return ".".repeat(level) + (module ?? "");
  const parts = importer.split(".").filter((p) => p.length > 0);
  if (!isPackage) parts.pop();
  for (let i = 1; i < level; i++) parts.pop();
  if (module) parts.push(...module.split("."));
  return parts.join(".");
}

/** Builds scopes, bindings and the import table of `module`. */
export function bind(module: Module, options: BindOptions = {}): BindResult {
  return new Binder(module, options).run();
}

/** A unit of work of the binder's walk: visit a node, or run a deferred binding step. */
interface Task {
  node: Node | null;
  fn: (() => void) | null;
  scope: Scope;
  statement: Stmt | null;
}

class Binder {
  private readonly moduleScope: Scope;
  private scope: Scope;
  private statement: Stmt | null = null;
  private readonly result: BindResult;
  private readonly tasks: Task[] = [];
  private pending: Task[] = [];

  constructor(
    private readonly module: Module,
    private readonly options: BindOptions,
  ) {
    this.moduleScope = newScope("module", module, null);
    this.scope = this.moduleScope;
    this.result = {
      moduleScope: this.moduleScope,
      scopeByNode: new WeakMap([[module, this.moduleScope]]),
      nameScope: new WeakMap(),
      bindingByNode: new WeakMap(),
      imports: [],
      seenModules: new Set(),
    };
  }

  run(): BindResult {
    this.pending = [];
    for (const stmt of this.module.body) this.visit(stmt);
    for (let i = this.pending.length - 1; i >= 0; i--) this.tasks.push(this.pending[i]!);
    this.drain();
    return this.result;
  }

  // -------------------------------------------------------------------------------------------
  // Bindings

  private addBinding(
    name: string,
    kind: BindingKind,
    node: Node,
    fields: { value?: Expr | null; qualifiedName?: string | null; annotation?: Expr | null; effectiveAt: number },
    scope: Scope = this.targetScopeFor(name),
  ): Binding {
    const binding: Binding = {
      name,
      kind,
      scope,
      node,
      statement: this.statement,
      value: fields.value ?? null,
      qualifiedName: fields.qualifiedName ?? null,
      annotation: fields.annotation ?? null,
      effectiveAt: fields.effectiveAt,
    };
    let list = scope.bindings.get(name);
    if (!list) scope.bindings.set(name, (list = []));
    list.push(binding);
    this.result.bindingByNode.set(node, binding);
    return binding;
  }

  /** The scope a store to `name` in the current scope lands in (honours global/nonlocal). */
  private targetScopeFor(name: string, from: Scope = this.scope): Scope {
    if (from.globals.has(name)) return this.moduleScope;
    if (from.nonlocals.has(name)) {
      for (let s = from.parent; s; s = s.parent) {
        if (s.kind === "function" && (s.bindings.has(name) || s.nonlocals.has(name))) return s;
      }
    }
    return from;
  }

  private stmtEnd(): number {
    return this.statement ? this.statement.end : 0;
  }

  /** Binds an assignment target, pairing tuple targets with tuple values element by element. */
  private bindTarget(target: Expr, value: Expr | null, kind: BindingKind = "assignment", scope?: Scope): void {
    switch (target.type) {
      case "Name":
        this.result.nameScope.set(target, this.scope);
        this.addBinding(target.id, kind, target, { value, effectiveAt: this.stmtEnd() }, scope);
        return;
      case "Tuple":
      case "List": {
        const values =
          value && (value.type === "Tuple" || value.type === "List") &&
          value.elts.length === target.elts.length &&
          !value.elts.some((e) => e.type === "Starred") &&
          !target.elts.some((e) => e.type === "Starred")
            ? value.elts
            : null;
        target.elts.forEach((elt, i) => this.bindTarget(elt, values ? values[i]! : null, kind, scope));
        return;
      }
      case "Starred":
        this.bindTarget(target.value, null, kind, scope);
        return;
      default:
        // Attribute / Subscript targets bind nothing; their sub-expressions are reads.
        this.visit(target);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Walk

  private visitAll(nodes: readonly (Node | null)[]): void {
    for (const n of nodes) if (n) this.visit(n);
  }

  private visitChildren(node: Node): void {
    const fields = CHILD_FIELDS[node.type as NodeType] ?? [];
    for (const field of fields) {
      const value = (node as unknown as Record<string, unknown>)[field];
      if (Array.isArray(value)) this.visitAll(value as (Node | null)[]);
      else if (value && typeof value === "object" && "type" in value) this.visit(value as Node);
    }
  }

  private withScope(scope: Scope, fn: () => void): void {
    const saved = this.scope;
    this.scope = scope;
    try {
      fn();
    } finally {
      this.scope = saved;
    }
  }

  /** Schedules `node` to be visited in the current scope (and statement context). */
  private visit(node: Node): void {
    this.pending.push({ node, fn: null, scope: this.scope, statement: isStatement(node) ? (node as Stmt) : this.statement });
  }

  /** Schedules `fn` to run after everything scheduled before it in the current step. */
  private later(fn: () => void): void {
    this.pending.push({ node: null, fn, scope: this.scope, statement: this.statement });
  }

  /**
   * The walk loop: an explicit stack of tasks instead of recursion, so deeply nested expressions
   * (a 20 000-term `1 + 1 + ...`) cannot overflow the call stack. Each step runs one task and pushes
   * the tasks it scheduled so that they run next, in the order they were scheduled.
   */
  private drain(): void {
    while (this.tasks.length > 0) {
      const task = this.tasks.pop()!;
      this.scope = task.scope;
      this.statement = task.statement;
      this.pending = [];
      if (task.fn) task.fn();
      else this.visitNode(task.node!);
      for (let i = this.pending.length - 1; i >= 0; i--) this.tasks.push(this.pending[i]!);
    }
  }

  private visitNode(node: Node): void {
    switch (node.type) {
      case "Name":
        this.result.nameScope.set(node, this.scope);
        if (node.ctx === "Store") this.addBinding(node.id, "assignment", node, { effectiveAt: this.stmtEnd() });
        else if (node.ctx === "Del") this.addBinding(node.id, "deletion", node, { effectiveAt: this.stmtEnd() });
        return;

      case "FunctionDef":
      case "AsyncFunctionDef": {
        this.visitAll(node.decorator_list);
        this.visitArgumentDefaults(node.args);
        this.visit(node.args); // annotations (arg nodes) are read in the enclosing scope
        if (node.returns) this.visit(node.returns);
        this.later(() => this.addBinding(node.name, "function", node, { effectiveAt: node.end }));
        const fnScope = newScope("function", node, this.scope);
        this.result.scopeByNode.set(node, fnScope);
        this.withScope(fnScope, () => {
          this.bindParameters(node.args);
          this.visitAll(node.body);
        });
        return;
      }

      case "Lambda": {
        this.visitArgumentDefaults(node.args);
        const fnScope = newScope("function", node, this.scope);
        this.result.scopeByNode.set(node, fnScope);
        this.withScope(fnScope, () => {
          this.bindParameters(node.args);
          this.visit(node.body);
        });
        return;
      }

      case "arguments":
        // Only annotations are visited here (defaults are handled by visitArgumentDefaults).
        for (const a of [...node.posonlyargs, ...node.args, ...node.kwonlyargs, node.vararg, node.kwarg]) {
          if (a?.annotation) this.visit(a.annotation);
        }
        return;

      case "ClassDef": {
        this.visitAll(node.decorator_list);
        this.visitAll(node.bases);
        this.visitAll(node.keywords);
        const classScope = newScope("class", node, this.scope);
        this.result.scopeByNode.set(node, classScope);
        this.withScope(classScope, () => this.visitAll(node.body));
        this.later(() => this.addBinding(node.name, "class", node, { effectiveAt: node.end }));
        return;
      }

      case "ListComp":
      case "SetComp":
      case "GeneratorExp":
      case "DictComp": {
        const first = node.generators[0];
        if (first) this.visit(first.iter);
        const compScope = newScope("comprehension", node, this.scope);
        this.result.scopeByNode.set(node, compScope);
        this.withScope(compScope, () => {
          node.generators.forEach((gen: Comprehension, i: number) => {
            if (i > 0) this.visit(gen.iter);
            this.later(() => this.bindTarget(gen.target, null));
            this.visitAll(gen.ifs);
          });
          if (node.type === "DictComp") {
            this.visit(node.key);
            this.visit(node.value);
          } else {
            this.visit(node.elt);
          }
        });
        return;
      }

      case "Import":
        for (const alias of node.names) {
          const top = alias.name.split(".")[0]!;
          const local = alias.asname ?? top;
          const qualifiedName = alias.asname ? alias.name : top;
          this.noteModule(alias.name);
          const binding = this.addBinding(local, "import", alias, { qualifiedName, effectiveAt: node.end });
          this.result.imports.push({
            local,
            qualifiedName,
            module: alias.name,
            member: null,
            level: 0,
            alias,
            scope: binding.scope,
          });
        }
        return;

      case "ImportFrom":
        this.bindImportFrom(node);
        return;

      case "Global":
        for (const n of node.names) this.scope.globals.add(n);
        return;

      case "Nonlocal":
        for (const n of node.names) this.scope.nonlocals.add(n);
        return;

      case "Assign":
        this.visit(node.value);
        this.later(() => {
          for (const target of node.targets) this.bindTarget(target, node.value);
        });
        return;

      case "AnnAssign":
        this.visit(node.annotation);
        if (node.value) this.visit(node.value);
        if (node.target.type === "Name") {
          const target = node.target;
          this.later(() => {
            this.result.nameScope.set(target, this.scope);
            this.addBinding(target.id, "assignment", target, {
              value: node.value,
              annotation: node.annotation,
              effectiveAt: this.stmtEnd(),
            });
          });
        } else {
          this.visit(node.target);
        }
        return;

      case "AugAssign":
        this.visit(node.value);
        if (node.target.type === "Name") {
          const target = node.target;
          this.later(() => {
            this.result.nameScope.set(target, this.scope);
            this.addBinding(target.id, "assignment", target, { effectiveAt: this.stmtEnd() });
          });
        } else {
          this.visit(node.target);
        }
        return;

      case "For":
      case "AsyncFor":
        this.visit(node.iter);
        this.later(() => this.bindTarget(node.target, null));
        this.visitAll(node.body);
        this.visitAll(node.orelse);
        return;

      case "With":
      case "AsyncWith":
        for (const item of node.items) {
          this.visit(item.context_expr);
          const vars = item.optional_vars;
          if (vars) this.later(() => this.bindTarget(vars, null));
        }
        this.visitAll(node.body);
        return;

      case "NamedExpr": {
        this.visit(node.value);
        this.later(() => {
          let target = this.scope;
          while (target.kind === "comprehension" && target.parent) target = target.parent;
          this.result.nameScope.set(node.target, this.scope);
          this.addBinding(
            node.target.id,
            "assignment",
            node.target,
            { value: node.value, effectiveAt: node.end },
            this.targetScopeFor(node.target.id, target),
          );
        });
        return;
      }

      case "ExceptHandler":
        if (node.exc_type) this.visit(node.exc_type);
        if (node.name) {
          const name = node.name;
          this.later(() => this.addBinding(name, "except-handler", node, { effectiveAt: node.start }));
        }
        this.visitAll(node.body);
        return;

      case "MatchAs":
      case "MatchStar":
        if (node.type === "MatchAs" && node.pattern) this.visit(node.pattern);
        if (node.name) {
          const name = node.name;
          this.later(() => this.addBinding(name, "match-capture", node, { effectiveAt: node.end }));
        }
        return;

      case "MatchMapping":
        this.visitAll(node.keys);
        this.visitAll(node.patterns as Pattern[]);
        if (node.rest) {
          const rest = node.rest;
          this.later(() => this.addBinding(rest, "match-capture", node, { effectiveAt: node.end }));
        }
        return;

      default:
        this.visitChildren(node);
    }
  }

  private visitArgumentDefaults(args: Arguments): void {
    this.visitAll(args.defaults);
    this.visitAll(args.kw_defaults);
  }

  private bindParameters(args: Arguments): void {
    for (const a of [...args.posonlyargs, ...args.args, args.vararg, ...args.kwonlyargs, args.kwarg]) {
      if (!a) continue;
      this.addBinding(a.arg, "parameter", a, { annotation: a.annotation, effectiveAt: 0 }, this.scope);
    }
  }

  private bindImportFrom(node: ImportFrom): void {
    const module = resolveRelativeModule(
      node.module,
      node.level,
      this.options.moduleName,
      this.options.isPackage ?? false,
    );
    if (node.level === 0 || !module.startsWith(".")) this.noteModule(module);
    for (const alias of node.names) {
      if (alias.name === "*") {
        this.scope.starImports.push(module);
        continue;
      }
      const local = alias.asname ?? alias.name;
      const qualifiedName = module.endsWith(".") || module === "" ? `${module}${alias.name}` : `${module}.${alias.name}`;
      const binding = this.addBinding(local, "from-import", alias, { qualifiedName, effectiveAt: node.end });
      this.result.imports.push({
        local,
        qualifiedName,
        module,
        member: alias.name,
        level: node.level,
        alias,
        scope: binding.scope,
      });
    }
  }

  private noteModule(name: string): void {
    const parts = name.split(".");
    for (let i = 1; i <= parts.length; i++) {
      const prefix = parts.slice(0, i).join(".");
      if (prefix) this.result.seenModules.add(prefix);
    }
  }
}

const STATEMENT_TYPES: ReadonlySet<string> = new Set([
  "FunctionDef", "AsyncFunctionDef", "ClassDef", "Return", "Delete", "Assign", "TypeAlias", "AugAssign",
  "AnnAssign", "For", "AsyncFor", "While", "If", "With", "AsyncWith", "Match", "Raise", "Try", "TryStar",
  "Assert", "Import", "ImportFrom", "Global", "Nonlocal", "Expr", "Pass", "Break", "Continue",
]);

function isStatement(node: Node): boolean {
  return STATEMENT_TYPES.has(node.type);
}
