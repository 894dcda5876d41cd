/**
 * @fileoverview The data contract shared by the engine, the rules, the reporters and the CLI:
 * severities, categories, findings, fixes, rule metadata and scan results. Pure types, no logic.
 */

/** Severity of a finding; ordered low < medium < high < critical. */
export type Severity = "low" | "medium" | "high" | "critical";
export const SEVERITIES: readonly Severity[] = ["low", "medium", "high", "critical"];

/** How sure the rule is that the finding is a real problem. */
export type Confidence = "low" | "medium" | "high";

/** The closed set of finding categories (the JSON contract). */
export type Category =
  | "password-hashing"
  | "csrf"
  | "session-cookie"
  | "security-headers"
  | "rate-limiting"
  | "file-upload"
  | "secret-key"
  | "debug-mode"
  | "sql-injection"
  | "template-injection"
  | "open-redirect"
  | "path-traversal"
  | "command-injection"
  | "code-injection"
  | "xss"
  | "deserialization"
  | "cors"
  | "ssrf"
  | "dependency"
  | "other";

export const CATEGORIES: readonly Category[] = [
  "password-hashing",
  "csrf",
  "session-cookie",
  "security-headers",
  "rate-limiting",
  "file-upload",
  "secret-key",
  "debug-mode",
  "sql-injection",
  "template-injection",
  "open-redirect",
  "path-traversal",
  "command-injection",
  "code-injection",
  "xss",
  "deserialization",
  "cors",
  "ssrf",
  "dependency",
  "other",
];

/**
 * A source range. Internally offsets are 0-based UTF-16 offsets into the decoded file text;
 * line/column are 1-based and columns count UTF-16 code units + 1 (what editors show).
 */
export interface Range {
  start: number;
  end: number;
}

/** A location in a project file, ready for reporting. */
export interface Location {
  /** POSIX path relative to the scan root. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A secondary location (another place in the same or another file that explains the finding). */
export interface RelatedLocation extends Location {
  message: string;
}

/** One text edit: replace `[range.start, range.end)` of `file` with `text`. */
export interface Edit {
  file: string;
  range: Range;
  text: string;
}

/** A fix offered for a finding (Ruff's applicability levels). */
export interface Fix {
  title: string;
  applicability: "safe" | "unsafe" | "display-only";
  edits: Edit[];
}

/** How a finding was suppressed, or false. */
export type Suppression =
  | false
  | { kind: "inline" | "file" | "nosec" | "baseline"; justification: string | null };

/** A finding as reported (the JSON output contract of `--format json`). */
export interface Finding extends Location {
  /** Stable code, e.g. `FG201`. */
  rule: string;
  /** Kebab-case rule name, e.g. `hardcoded-secret-key`. */
  name: string;
  category: Category;
  severity: Severity;
  confidence: Confidence;
  /** What is wrong and why. */
  message: string;
  /** How to fix it. */
  help: string;
  /** URL or path of the rule's documentation page. */
  docs: string;
  related: RelatedLocation[];
  fix: Fix | null;
  suppressed: Suppression;
}

/** A file that could not be read, decoded or parsed; the scan goes on without it. */
export interface ScanError {
  /** POSIX path relative to the scan root. */
  file: string;
  /** e.g. `syntax-error`, `read-error`, `encoding-error`, `config-error`, `internal-error`. */
  kind: string;
  message: string;
  line: number | null;
  column: number | null;
}

/** Rule metadata, as reporters and `flaskguard rules` see it (the rule module adds `create`). */
export interface RuleMeta {
  /** Stable short code, e.g. `FG201`; used in output, suppressions and the baseline. */
  code: string;
  /** Kebab-case name of the pattern being flagged, e.g. `hardcoded-secret-key`. */
  name: string;
  category: Category;
  /** Default severity (configurable per rule). */
  severity: Severity;
  confidence: Confidence;
  /** One-line summary for `flaskguard rules` and SARIF `shortDescription`. */
  summary: string;
  /** CWE ids, e.g. [489] for CWE-489. */
  cwe: number[];
  /** Whether the rule can offer fixes. */
  fixable: "none" | "sometimes" | "always";
  /** Lifecycle: new rules start in preview. */
  status: "preview" | "stable" | "deprecated";
  /** Repository-relative path of the docs page, `docs/rules/<code>.md`. */
  docs: string;
  /** External references (OWASP, Flask docs). */
  references: string[];
}
