/**
 * @fileoverview Scopes and bindings of one Python file (the binder of Pyright, Ruff's semantic model
 * in miniature): which names each module, class, function and comprehension scope binds, by what kind
 * of statement, with the bound value when it is a simple assignment. Facts live in side maps keyed by
 * node, never on the parser's nodes.
 */
import type { Alias, Expr, Node, Stmt } from "../python/ast.js";

/** The kind of scope, as in Python's execution model. */
export type ScopeKind = "module" | "class" | "function" | "comprehension";

/** How a name got bound. */
export type BindingKind =
  | "import" // import a.b / import a.b as c
  | "from-import" // from a import b [as c]
  | "star-import" // from a import * (name unknown; recorded on the scope instead)
  | "assignment" // x = ..., x: T = ..., x += ..., for x in ..., with ... as x, (x := ...)
  | "function" // def x(...)
  | "class" // class x
  | "parameter" // def f(x)
  | "except-handler" // except E as x
  | "match-capture" // case x
  | "global" // global x (declaration; actual bindings are recorded in the module scope)
  | "nonlocal"
  | "deletion"; // del x

/** One binding of a name in a scope. */
export interface Binding {
  name: string;
  kind: BindingKind;
  scope: Scope;
  /**
   * The node that binds: the `alias` of an import, the `Name` target of an assignment, the
   * `FunctionDef`/`ClassDef`, the `arg` of a parameter.
   */
  node: Node;
  /** The statement containing the binding (for assignments, the whole `Assign`). */
  statement: Stmt | null;
  /**
   * The bound value when known: `app = Flask(__name__)` binds `app` to the `Call`; `a, b = x, y`
   * binds `a` to `x`. Null for parameters, loop targets, unpacking of non-literals, imports.
   */
  value: Expr | null;
  /**
   * For imports: the dotted name the binding refers to. `import flask` → `flask`;
   * `import a.b as c` → `a.b`; `from flask import Flask as F` → `flask.Flask`; relative imports
   * keep their leading dots unless the file's module name is known (`from . import views` in
   * `app/__init__.py` → `app.views`).
   */
  qualifiedName: string | null;
  /** For parameters: the annotation expression (`def f(app: Flask)` → `Flask`). */
  annotation: Expr | null;
  /** UTF-16 offset from which the binding is in effect (end of its statement for assignments). */
  effectiveAt: number;
}

/** A scope: the names it binds, its parent and the node that opened it. */
export interface Scope {
  kind: ScopeKind;
  /** The `Module`, `ClassDef`, `FunctionDef`/`AsyncFunctionDef`/`Lambda` or comprehension node. */
  node: Node;
  parent: Scope | null;
  /** Bindings per name, in source order. */
  bindings: Map<string, Binding[]>;
  /** Names declared `global` in this scope. */
  globals: Set<string>;
  /** Names declared `nonlocal` in this scope. */
  nonlocals: Set<string>;
  /** Modules star-imported into this scope (`from x import *`). */
  starImports: string[];
  children: Scope[];
}

/** An import statement entry, in source order (the file's import table). */
export interface ImportEntry {
  /** The local name bound (`F` for `from flask import Flask as F`, `a` for `import a.b`). */
  local: string;
  /** What the local name refers to (`flask.Flask`, `a`). */
  qualifiedName: string;
  /** The module imported from or imported (`flask`, `a.b`), resolved when relative and known. */
  module: string;
  /** The imported member for `from` imports (`Flask`), null for `import`. */
  member: string | null;
  /** Relative import level (number of leading dots). */
  level: number;
  alias: Alias;
  scope: Scope;
}

/** Creates an empty scope. */
export function newScope(kind: ScopeKind, node: Node, parent: Scope | null): Scope {
  const scope: Scope = {
    kind,
    node,
    parent,
    bindings: new Map(),
    globals: new Set(),
    nonlocals: new Set(),
    starImports: [],
    children: [],
  };
  parent?.children.push(scope);
  return scope;
}
