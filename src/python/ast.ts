/**
 * @fileoverview Python syntax tree types, mirroring CPython's `ast` module (3.13 grammar).
 *
 * Node and field names are CPython's: a rule author who knows `ast.Call(func, args, keywords)` or a
 * Bandit plugin finds the same shapes here. Every node CPython positions carries `lineno`,
 * `col_offset`, `end_lineno`, `end_col_offset` with CPython's conventions (1-based lines, 0-based
 * UTF-8 byte columns) and additionally `start`/`end`: 0-based UTF-16 offsets into the decoded source
 * text (use them for slicing the source and for fix edits; see `positions.ts` for conversions).
 *
 * Constants: `str` → string, `int` → number (or bigint beyond 2^53), `float` → {@link PyFloat},
 * `complex` → {@link PyComplex}, `bytes` → Uint8Array, `True`/`False` → boolean, `None` → null,
 * `...` → {@link PY_ELLIPSIS}.
 */

/** Position attributes of every located node. */
export interface Located {
  /** 1-based line of the first character. */
  lineno: number;
  /** 0-based UTF-8 byte column of the first character (CPython convention). */
  col_offset: number;
  /** 1-based line of the last character. */
  end_lineno: number;
  /** 0-based UTF-8 byte column just past the last character. */
  end_col_offset: number;
  /** 0-based UTF-16 offset of the first character in the source text. */
  start: number;
  /** 0-based UTF-16 offset just past the last character in the source text. */
  end: number;
}

/** A Python float constant (kept distinct from ints, which are plain numbers). */
export class PyFloat {
  constructor(readonly value: number) {}
  toString(): string {
    return String(this.value);
  }
}

/** A Python imaginary literal such as `2j` (real part always 0 in a literal). */
export class PyComplex {
  constructor(readonly imag: number) {}
  toString(): string {
    return `${this.imag}j`;
  }
}

/** The `...` constant. */
export class PyEllipsis {
  toString(): string {
    return "Ellipsis";
  }
}
export const PY_ELLIPSIS: PyEllipsis = Object.freeze(new PyEllipsis());

export type ConstantValue =
  | string
  | number
  | bigint
  | boolean
  | null
  | PyFloat
  | PyComplex
  | Uint8Array
  | PyEllipsis;

export type ExprContext = "Load" | "Store" | "Del";
export type BoolOperator = "And" | "Or";
export type Operator =
  | "Add"
  | "Sub"
  | "Mult"
  | "MatMult"
  | "Div"
  | "Mod"
  | "Pow"
  | "LShift"
  | "RShift"
  | "BitOr"
  | "BitXor"
  | "BitAnd"
  | "FloorDiv";
export type UnaryOperator = "Invert" | "Not" | "UAdd" | "USub";
export type CmpOperator = "Eq" | "NotEq" | "Lt" | "LtE" | "Gt" | "GtE" | "Is" | "IsNot" | "In" | "NotIn";

// ---------------------------------------------------------------------------------------------
// Modules

export interface Module {
  type: "Module";
  body: Stmt[];
  type_ignores: TypeIgnore[];
}

export interface Expression {
  type: "Expression";
  body: Expr;
}

export interface TypeIgnore {
  type: "TypeIgnore";
  lineno: number;
  tag: string;
}

// ---------------------------------------------------------------------------------------------
// Statements

export interface FunctionDef extends Located {
  type: "FunctionDef";
  name: string;
  args: Arguments;
  body: Stmt[];
  decorator_list: Expr[];
  returns: Expr | null;
  type_comment: string | null;
  type_params: TypeParam[];
}

export interface AsyncFunctionDef extends Located {
  type: "AsyncFunctionDef";
  name: string;
  args: Arguments;
  body: Stmt[];
  decorator_list: Expr[];
  returns: Expr | null;
  type_comment: string | null;
  type_params: TypeParam[];
}

export interface ClassDef extends Located {
  type: "ClassDef";
  name: string;
  bases: Expr[];
  keywords: Keyword[];
  body: Stmt[];
  decorator_list: Expr[];
  type_params: TypeParam[];
}

export interface Return extends Located {
  type: "Return";
  value: Expr | null;
}

export interface Delete extends Located {
  type: "Delete";
  targets: Expr[];
}

export interface Assign extends Located {
  type: "Assign";
  targets: Expr[];
  value: Expr;
  type_comment: string | null;
}

export interface TypeAlias extends Located {
  type: "TypeAlias";
  name: Name;
  type_params: TypeParam[];
  value: Expr;
}

export interface AugAssign extends Located {
  type: "AugAssign";
  target: Name | Attribute | Subscript;
  op: Operator;
  value: Expr;
}

export interface AnnAssign extends Located {
  type: "AnnAssign";
  target: Name | Attribute | Subscript;
  annotation: Expr;
  value: Expr | null;
  /** 1 when the target is a plain name not in parentheses, as in CPython. */
  simple: number;
}

export interface For extends Located {
  type: "For";
  target: Expr;
  iter: Expr;
  body: Stmt[];
  orelse: Stmt[];
  type_comment: string | null;
}

export interface AsyncFor extends Located {
  type: "AsyncFor";
  target: Expr;
  iter: Expr;
  body: Stmt[];
  orelse: Stmt[];
  type_comment: string | null;
}

export interface While extends Located {
  type: "While";
  test: Expr;
  body: Stmt[];
  orelse: Stmt[];
}

export interface If extends Located {
  type: "If";
  test: Expr;
  body: Stmt[];
  orelse: Stmt[];
}

export interface With extends Located {
  type: "With";
  items: WithItem[];
  body: Stmt[];
  type_comment: string | null;
}

export interface AsyncWith extends Located {
  type: "AsyncWith";
  items: WithItem[];
  body: Stmt[];
  type_comment: string | null;
}

export interface Match extends Located {
  type: "Match";
  subject: Expr;
  cases: MatchCase[];
}

export interface Raise extends Located {
  type: "Raise";
  exc: Expr | null;
  cause: Expr | null;
}

export interface Try extends Located {
  type: "Try";
  body: Stmt[];
  handlers: ExceptHandler[];
  orelse: Stmt[];
  finalbody: Stmt[];
}

export interface TryStar extends Located {
  type: "TryStar";
  body: Stmt[];
  handlers: ExceptHandler[];
  orelse: Stmt[];
  finalbody: Stmt[];
}

export interface Assert extends Located {
  type: "Assert";
  test: Expr;
  msg: Expr | null;
}

export interface Import extends Located {
  type: "Import";
  names: Alias[];
}

export interface ImportFrom extends Located {
  type: "ImportFrom";
  /** Module name without the leading dots; null for `from . import x`. */
  module: string | null;
  names: Alias[];
  /** Number of leading dots (relative import level). */
  level: number;
}

export interface Global extends Located {
  type: "Global";
  names: string[];
}

export interface Nonlocal extends Located {
  type: "Nonlocal";
  names: string[];
}

export interface ExprStmt extends Located {
  type: "Expr";
  value: Expr;
}

export interface Pass extends Located {
  type: "Pass";
}

export interface Break extends Located {
  type: "Break";
}

export interface Continue extends Located {
  type: "Continue";
}

export type Stmt =
  | FunctionDef
  | AsyncFunctionDef
  | ClassDef
  | Return
  | Delete
  | Assign
  | TypeAlias
  | AugAssign
  | AnnAssign
  | For
  | AsyncFor
  | While
  | If
  | With
  | AsyncWith
  | Match
  | Raise
  | Try
  | TryStar
  | Assert
  | Import
  | ImportFrom
  | Global
  | Nonlocal
  | ExprStmt
  | Pass
  | Break
  | Continue;

// ---------------------------------------------------------------------------------------------
// Expressions

export interface BoolOp extends Located {
  type: "BoolOp";
  op: BoolOperator;
  values: Expr[];
}

export interface NamedExpr extends Located {
  type: "NamedExpr";
  target: Name;
  value: Expr;
}

export interface BinOp extends Located {
  type: "BinOp";
  left: Expr;
  op: Operator;
  right: Expr;
}

export interface UnaryOp extends Located {
  type: "UnaryOp";
  op: UnaryOperator;
  operand: Expr;
}

export interface Lambda extends Located {
  type: "Lambda";
  args: Arguments;
  body: Expr;
}

export interface IfExp extends Located {
  type: "IfExp";
  test: Expr;
  body: Expr;
  orelse: Expr;
}

export interface Dict extends Located {
  type: "Dict";
  /** `null` keys stand for `**mapping` entries, as in CPython. */
  keys: (Expr | null)[];
  values: Expr[];
}

export interface Set extends Located {
  type: "Set";
  elts: Expr[];
}

export interface ListComp extends Located {
  type: "ListComp";
  elt: Expr;
  generators: Comprehension[];
}

export interface SetComp extends Located {
  type: "SetComp";
  elt: Expr;
  generators: Comprehension[];
}

export interface DictComp extends Located {
  type: "DictComp";
  key: Expr;
  value: Expr;
  generators: Comprehension[];
}

export interface GeneratorExp extends Located {
  type: "GeneratorExp";
  elt: Expr;
  generators: Comprehension[];
}

export interface Await extends Located {
  type: "Await";
  value: Expr;
}

export interface Yield extends Located {
  type: "Yield";
  value: Expr | null;
}

export interface YieldFrom extends Located {
  type: "YieldFrom";
  value: Expr;
}

export interface Compare extends Located {
  type: "Compare";
  left: Expr;
  ops: CmpOperator[];
  comparators: Expr[];
}

export interface Call extends Located {
  type: "Call";
  func: Expr;
  args: Expr[];
  keywords: Keyword[];
}

export interface FormattedValue extends Located {
  type: "FormattedValue";
  value: Expr;
  /** -1 for none, otherwise the code point of `s`, `r` or `a`. */
  conversion: number;
  format_spec: JoinedStr | null;
}

export interface JoinedStr extends Located {
  type: "JoinedStr";
  values: (Constant | FormattedValue)[];
}

export interface Constant extends Located {
  type: "Constant";
  value: ConstantValue;
  /** "u" for `u"..."` strings, otherwise null. */
  kind: string | null;
}

export interface Attribute extends Located {
  type: "Attribute";
  value: Expr;
  attr: string;
  ctx: ExprContext;
}

export interface Subscript extends Located {
  type: "Subscript";
  value: Expr;
  slice: Expr;
  ctx: ExprContext;
}

export interface Starred extends Located {
  type: "Starred";
  value: Expr;
  ctx: ExprContext;
}

export interface Name extends Located {
  type: "Name";
  id: string;
  ctx: ExprContext;
}

export interface List extends Located {
  type: "List";
  elts: Expr[];
  ctx: ExprContext;
}

export interface Tuple extends Located {
  type: "Tuple";
  elts: Expr[];
  ctx: ExprContext;
}

export interface Slice extends Located {
  type: "Slice";
  lower: Expr | null;
  upper: Expr | null;
  step: Expr | null;
}

export type Expr =
  | BoolOp
  | NamedExpr
  | BinOp
  | UnaryOp
  | Lambda
  | IfExp
  | Dict
  | Set
  | ListComp
  | SetComp
  | DictComp
  | GeneratorExp
  | Await
  | Yield
  | YieldFrom
  | Compare
  | Call
  | FormattedValue
  | JoinedStr
  | Constant
  | Attribute
  | Subscript
  | Starred
  | Name
  | List
  | Tuple
  | Slice;

// ---------------------------------------------------------------------------------------------
// Auxiliary nodes

export interface Comprehension {
  type: "comprehension";
  target: Expr;
  iter: Expr;
  ifs: Expr[];
  /** 1 for `async for`, else 0. */
  is_async: number;
}

export interface ExceptHandler extends Located {
  type: "ExceptHandler";
  /** The exception type expression (the `type` field in CPython; renamed here because `type` is the tag). */
  exc_type: Expr | null;
  name: string | null;
  body: Stmt[];
}

export interface Arguments {
  type: "arguments";
  posonlyargs: Arg[];
  args: Arg[];
  vararg: Arg | null;
  kwonlyargs: Arg[];
  /** One entry per kwonly arg; null where it has no default. */
  kw_defaults: (Expr | null)[];
  kwarg: Arg | null;
  /** Defaults of the last positional (posonly + regular) parameters. */
  defaults: Expr[];
}

export interface Arg extends Located {
  type: "arg";
  arg: string;
  annotation: Expr | null;
  type_comment: string | null;
}

export interface Keyword extends Located {
  type: "keyword";
  /** null for `**kwargs`. */
  arg: string | null;
  value: Expr;
}

export interface Alias extends Located {
  type: "alias";
  name: string;
  asname: string | null;
}

export interface WithItem {
  type: "withitem";
  context_expr: Expr;
  optional_vars: Expr | null;
}

export interface MatchCase {
  type: "match_case";
  pattern: Pattern;
  guard: Expr | null;
  body: Stmt[];
}

// Patterns

export interface MatchValue extends Located {
  type: "MatchValue";
  value: Expr;
}

export interface MatchSingleton extends Located {
  type: "MatchSingleton";
  value: boolean | null;
}

export interface MatchSequence extends Located {
  type: "MatchSequence";
  patterns: Pattern[];
}

export interface MatchMapping extends Located {
  type: "MatchMapping";
  keys: Expr[];
  patterns: Pattern[];
  rest: string | null;
}

export interface MatchClass extends Located {
  type: "MatchClass";
  cls: Expr;
  patterns: Pattern[];
  kwd_attrs: string[];
  kwd_patterns: Pattern[];
}

export interface MatchStar extends Located {
  type: "MatchStar";
  name: string | null;
}

export interface MatchAs extends Located {
  type: "MatchAs";
  pattern: Pattern | null;
  name: string | null;
}

export interface MatchOr extends Located {
  type: "MatchOr";
  patterns: Pattern[];
}

export type Pattern =
  | MatchValue
  | MatchSingleton
  | MatchSequence
  | MatchMapping
  | MatchClass
  | MatchStar
  | MatchAs
  | MatchOr;

// Type parameters (PEP 695, defaults PEP 696)

export interface TypeVar extends Located {
  type: "TypeVar";
  name: string;
  bound: Expr | null;
  default_value: Expr | null;
}

export interface ParamSpec extends Located {
  type: "ParamSpec";
  name: string;
  default_value: Expr | null;
}

export interface TypeVarTuple extends Located {
  type: "TypeVarTuple";
  name: string;
  default_value: Expr | null;
}

export type TypeParam = TypeVar | ParamSpec | TypeVarTuple;

/** Any node of the tree. */
export type Node =
  | Module
  | Expression
  | Stmt
  | Expr
  | Comprehension
  | ExceptHandler
  | Arguments
  | Arg
  | Keyword
  | Alias
  | WithItem
  | MatchCase
  | Pattern
  | TypeParam
  | TypeIgnore;

export type NodeType = Node["type"];

/** Look up a node interface by its tag: `NodeOfType<"Call">` is `Call`. */
export type NodeOfType<T extends NodeType> = Extract<Node, { type: T }>;

/** Whether a node carries source positions (CPython positions these node types). */
export function isLocated(node: Node): node is Node & Located {
  return (node as Partial<Located>).lineno !== undefined && (node as Partial<Located>).start !== undefined;
}

/**
 * Child fields per node type, in source order (ESLint's "visitor keys").
 * The walker and the oracle both use this table, so a field missing here is caught by the oracle.
 */
export const CHILD_FIELDS: { readonly [T in NodeType]: readonly string[] } = {
  Module: ["body", "type_ignores"],
  Expression: ["body"],
  TypeIgnore: [],
  FunctionDef: ["decorator_list", "type_params", "args", "returns", "body"],
  AsyncFunctionDef: ["decorator_list", "type_params", "args", "returns", "body"],
  ClassDef: ["decorator_list", "type_params", "bases", "keywords", "body"],
  Return: ["value"],
  Delete: ["targets"],
  Assign: ["targets", "value"],
  TypeAlias: ["name", "type_params", "value"],
  AugAssign: ["target", "value"],
  AnnAssign: ["target", "annotation", "value"],
  For: ["target", "iter", "body", "orelse"],
  AsyncFor: ["target", "iter", "body", "orelse"],
  While: ["test", "body", "orelse"],
  If: ["test", "body", "orelse"],
  With: ["items", "body"],
  AsyncWith: ["items", "body"],
  Match: ["subject", "cases"],
  Raise: ["exc", "cause"],
  Try: ["body", "handlers", "orelse", "finalbody"],
  TryStar: ["body", "handlers", "orelse", "finalbody"],
  Assert: ["test", "msg"],
  Import: ["names"],
  ImportFrom: ["names"],
  Global: [],
  Nonlocal: [],
  Expr: ["value"],
  Pass: [],
  Break: [],
  Continue: [],
  BoolOp: ["values"],
  NamedExpr: ["target", "value"],
  BinOp: ["left", "right"],
  UnaryOp: ["operand"],
  Lambda: ["args", "body"],
  IfExp: ["test", "body", "orelse"],
  Dict: ["keys", "values"],
  Set: ["elts"],
  ListComp: ["elt", "generators"],
  SetComp: ["elt", "generators"],
  DictComp: ["key", "value", "generators"],
  GeneratorExp: ["elt", "generators"],
  Await: ["value"],
  Yield: ["value"],
  YieldFrom: ["value"],
  Compare: ["left", "comparators"],
  Call: ["func", "args", "keywords"],
  FormattedValue: ["value", "format_spec"],
  JoinedStr: ["values"],
  Constant: [],
  Attribute: ["value"],
  Subscript: ["value", "slice"],
  Starred: ["value"],
  Name: [],
  List: ["elts"],
  Tuple: ["elts"],
  Slice: ["lower", "upper", "step"],
  comprehension: ["target", "iter", "ifs"],
  ExceptHandler: ["exc_type", "body"],
  arguments: ["posonlyargs", "args", "vararg", "kwonlyargs", "kw_defaults", "kwarg", "defaults"],
  arg: ["annotation"],
  keyword: ["value"],
  alias: [],
  withitem: ["context_expr", "optional_vars"],
  match_case: ["pattern", "guard", "body"],
  MatchValue: ["value"],
  MatchSingleton: [],
  MatchSequence: ["patterns"],
  MatchMapping: ["keys", "patterns"],
  MatchClass: ["cls", "patterns", "kwd_patterns"],
  MatchStar: [],
  MatchAs: ["pattern"],
  MatchOr: ["patterns"],
  TypeVar: ["bound", "default_value"],
  ParamSpec: ["default_value"],
  TypeVarTuple: ["default_value"],
};
