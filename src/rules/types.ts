/**
 * @fileoverview What a rule is and what it sees: the rule definition (metadata, message templates,
 * typed options, module gate, per-file visitors and/or a project-level check), the contexts passed to
 * them and the report descriptor. The engine in `src/core/` implements these contexts.
 */
import type { Comment } from "../python/types.js";
import type { Module, Node, NodeOfType, NodeType } from "../python/ast.js";
import type { SemanticModel } from "../semantic/model.js";
import type { Confidence, Range, RuleMeta, Severity } from "../core/types.js";
import type { FlaskModel } from "../project/model.js";
import type { TextFileView } from "../project/types.js";
import type { ScriptFile, TemplateFile } from "../templates/template.js";

/** The value types a rule option may have. */
export type OptionType = "boolean" | "string" | "number" | "string[]";

/** Declaration of one option: its type and a description for docs and config errors. */
export interface OptionSpec {
  type: OptionType;
  description: string;
}

/** Maps an option value type to its declaration. */
export type OptionSpecs<O> = { [K in keyof O]-?: OptionSpec };

/** Options are plain records of JSON-ish values. */
export type RuleOptions = Record<string, boolean | string | number | string[]>;

/** Rule metadata plus what only the engine needs (templates, defaults, gate). */
export interface RuleDefinitionMeta<O extends RuleOptions, M extends string> extends RuleMeta {
  /** Message templates per message id, with `{{placeholder}}` slots filled from the report's `data`. */
  messages: Record<M, string>;
  /** How to fix it (becomes `Finding.help`); may use the same `{{placeholders}}`. */
  help: string;
  /** Default option values; user options are merged over them. */
  defaultOptions: O;
  /** Option declarations (type + description), checked against user configuration. */
  optionSpecs: OptionSpecs<O>;
  /**
   * Module gate (Ruff's `seen_module`): the rule only runs when one of these modules (or a
   * submodule) is imported — by the file itself (`scope: "file"`, the default) or by any file of
   * the project (`scope: "project"`, for rules that also look at config modules that import nothing).
   */
  requires?: { modules: string[]; scope?: "file" | "project" };
  /**
   * Words (matched case-insensitively anywhere in a file's text or path) without which the rule
   * cannot report: when no file of an analysis contains one, the engine skips the rule. A gate for
   * large scans, where most files are analysed alone; a function when the rule's options add words
   * (extra config keys). Leave it out when no short list of words is certain;
   * `tests/core/gates.test.ts` checks the fixtures give the same findings without the hints.
   */
  hints?: readonly string[] | ((options: O) => readonly string[]);
  /**
   * The rule never reports in test files (`isTestPath`: `tests/`, `test_*.py`, `conftest.py`...),
   * where debug settings, dummy secrets and weak hashes are expected. The engine drops such
   * findings, and skips the rule on analyses made only of test files.
   */
  skipsTestFiles?: boolean;
  /**
   * The kinds of files the rule reports in, when not all (`["template"]` for a rule about Jinja
   * templates): the engine skips the rule on analyses that have no such file.
   */
  reportsIn?: readonly ("python" | "template" | "javascript" | "text")[];
  /** Bandit test ids this rule corresponds to (`# nosec B201` then suppresses it when nosec is on). */
  bandit?: string[];
  /**
   * True for rules the engine reports itself (suppression checks such as invalid or unused
   * directives); such rules have neither `create` nor `check`.
   */
  engine?: boolean;
}

/** One file of the project as rules see it. */
export interface FileView {
  /** POSIX path relative to the scan root. */
  path: string;
  /** Decoded text (offsets in nodes refer to it). */
  text: string;
  module: Module;
  comments: readonly Comment[];
  semantic: SemanticModel;
  /** Dotted module name derived from the path (`app/config.py` → `app.config`). */
  moduleName: string;
  /** Whether the file is a package's `__init__.py`. */
  isPackage: boolean;
}

/** The whole project, for cross-file rules (issue 4 grows it into the Flask model). */
export interface ProjectView {
  files: readonly FileView[];
  /** The file with this path, if it was analyzed. */
  file(path: string): FileView | undefined;
  /** The file defining this dotted module name, if any (`config` → `config.py` or `config/__init__.py`). */
  fileForModule(moduleName: string): FileView | undefined;
  /** Jinja templates of the project (`.html`, `.jinja`, `.j2`, `.txt` … under template folders), parsed. */
  templates: readonly TemplateFile[];
  /** Static JavaScript files of the project, parsed. */
  scripts: readonly ScriptFile[];
  /** Non-Python configuration files given to the engine (`.flaskenv`, `.env`, `*.cfg` loaded with `from_pyfile`). */
  textFiles: readonly TextFileView[];
  /** The Flask project model (`src/project/`), built lazily on first access, once per analysis. */
  readonly flask: FlaskModel;
}

/** Settings shared by all rules (project knowledge from configuration). */
export interface RuleSettings {
  /** Config classes or modules the user declared as production, e.g. `config.ProductionConfig`. */
  productionConfigs: readonly string[];
  /** Extra login views or URL rules from the `login-routes` setting (`auth.sign_in`, `/sign-in`). */
  loginRoutes: readonly string[];
}

/** An edit as a rule reports it (the file defaults to the file being checked). */
export interface EditSpec {
  file?: string;
  range: Range;
  text: string;
}

/** A fix as a rule reports it. */
export interface FixSpec {
  title: string;
  applicability: "safe" | "unsafe" | "display-only";
  edits: EditSpec[];
}

/** Something with a source range. */
export interface Ranged {
  start: number;
  end: number;
}

/** A secondary location. */
export interface RelatedSpec {
  /** Defaults to the file of the finding. */
  file?: string;
  node?: Ranged;
  range?: Range;
  message: string;
}

/** What a rule passes to `report`. Exactly one of `node` and `range` is required. */
export interface ReportDescriptor<M extends string> {
  messageId: M;
  data?: Record<string, string | number>;
  node?: Ranged;
  range?: Range;
  related?: RelatedSpec[];
  fix?: FixSpec | null;
  /** Overrides the rule's default severity for this finding (e.g. critical for a known weak secret). */
  severity?: Severity;
  /** Overrides the rule's default confidence for this finding. */
  confidence?: Confidence;
}

/** Common parts of both contexts. */
interface BaseContext<O extends RuleOptions> {
  /** The rule's metadata. */
  readonly meta: RuleMeta;
  /** Effective options (defaults merged with the user's). */
  readonly options: Readonly<O>;
  readonly settings: RuleSettings;
  readonly project: ProjectView;
}

/** What a rule's `create` receives for one file. */
export interface FileRuleContext<O extends RuleOptions, M extends string> extends BaseContext<O> {
  readonly file: FileView;
  /** Shorthand for `file.semantic`. */
  readonly semantic: SemanticModel;
  /** Ancestors of the node being visited, outermost first (live view: copy it to keep it). */
  ancestors(): readonly Node[];
  /** Reports a finding in this file. */
  report(descriptor: ReportDescriptor<M>): void;
  /** The source text of a node or range. */
  sourceText(node: Ranged): string;
}

/** What a rule's project-level `check` receives. */
export interface ProjectRuleContext<O extends RuleOptions, M extends string> extends BaseContext<O> {
  /** Reports a finding in `file`. */
  report(file: string, descriptor: ReportDescriptor<M>): void;
}

/** Per-node-type listeners (`Call`) and exit listeners (`Call:exit`). */
export type Visitors = { [K in NodeType]?: (node: NodeOfType<K>) => void } & {
  [K in NodeType as `${K}:exit`]?: (node: NodeOfType<K>) => void;
};

/** A rule module as the engine sees it (options and message ids erased). */
export interface Rule {
  meta: RuleDefinitionMeta<RuleOptions, string>;
  /** Per-file listeners, called during the single traversal. */
  create?(ctx: FileRuleContext<RuleOptions, string>): Visitors;
  /** Project-level check, called once after every file was traversed. */
  check?(ctx: ProjectRuleContext<RuleOptions, string>): void;
}
