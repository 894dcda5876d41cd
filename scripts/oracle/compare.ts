/**
 * @fileoverview Node-by-node comparison of two dump-format trees (CPython's and ours), with the
 * few explicit normalisations for CPython-version differences documented in docs/parser-oracle.md.
 */
import { isPyNode, join, POSITION_FIELDS } from "./pyjson.js";
import type { PyJson, PyNode } from "./pyjson.js";

/** One difference between the expected (CPython) and actual (our) tree. */
export interface Mismatch {
  /** Node path, e.g. `body[3].value.args[0].col_offset`. */
  path: string;
  /** Short grouping key, e.g. `Constant.col_offset` or `Call.args[length]`. */
  category: string;
  /** Expected (CPython) value, rendered. */
  expected: string;
  /** Actual (our) value, rendered. */
  actual: string;
  /** Line of the nearest enclosing positioned node in the expected tree, for showing source. */
  lineno: number | null;
}

/** How to compare; see docs/parser-oracle.md for each normalisation. */
export interface CompareOptions {
  /**
   * Compare the positions of f-string parts exactly: the Constant/FormattedValue items of
   * `JoinedStr.values` and `FormattedValue.format_spec`. CPython < 3.12 gives them the span of the
   * whole string, and gives a bare tuple in braces (`f"{a, b}"`) the span of the braces; 3.12+ (and
   * we) give exact spans. Set false for a 3.11 oracle.
   */
  fstringPartPositions: boolean;
  /** Stop after this many mismatches (the count then means "at least"). */
  maxMismatches: number;
}

const POSITION_SET: ReadonlySet<string> = new Set(POSITION_FIELDS);

/**
 * Fields our 3.13-grammar nodes have that older CPython versions lack; tolerated when absent from
 * the expected tree only while they hold their empty value (anything else could not have come from
 * code that older CPython parsed).
 */
const NEWER_FIELDS: Readonly<Record<string, (value: PyJson) => boolean>> = {
  type_params: (v) => Array.isArray(v) && v.length === 0, // PEP 695 (3.12)
  default_value: (v) => v === null, // PEP 696 (3.13)
};

/** How to compare the position fields of one node (see CompareOptions.fstringPartPositions). */
type PositionMode = "exact" | "skip" | "braces";

interface State {
  options: CompareOptions;
  out: Mismatch[];
}

/**
 * Compare two dump-format trees and list the differences, positions included.
 *
 * `compareTrees(cpython, ours, {fstringPartPositions: false, maxMismatches: 20})` → `[]` when they agree.
 */
export function compareTrees(expected: PyJson, actual: PyJson, options: CompareOptions): Mismatch[] {
  const state: State = { options, out: [] };
  compareValue(state, expected, actual, "", "<root>", null, "exact");
  return state.out;
}

function full(state: State): boolean {
  return state.out.length >= state.options.maxMismatches;
}

function report(state: State, path: string, category: string, expected: unknown, actual: unknown, lineno: number | null): void {
  if (full(state)) return;
  state.out.push({ path: path || "<root>", category, expected: render(expected), actual: render(actual), lineno });
}

/** Render a value for a mismatch line: nodes as their type (plus position), others as JSON. */
export function render(value: unknown): string {
  if (value === undefined) return "<absent>";
  if (isPyNode(value)) return describeNode(value);
  if (Array.isArray(value)) {
    const items = value.slice(0, 8).map((v) => (isPyNode(v) ? v._type : render(v)));
    return `[${items.join(", ")}${value.length > 8 ? `, … (${value.length})` : ""}]`;
  }
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function describeNode(node: PyNode): string {
  const pos = typeof node.lineno === "number" ? `@${node.lineno}:${String(node.col_offset)}-${String(node.end_lineno)}:${String(node.end_col_offset)}` : "";
  return `${node._type}${pos}`;
}

function compareValue(
  state: State,
  expected: PyJson | undefined,
  actual: PyJson | undefined,
  path: string,
  category: string,
  lineno: number | null,
  positions: PositionMode,
): void {
  if (full(state)) return;
  if (isPyNode(expected) && isPyNode(actual)) {
    compareNode(state, expected, actual, path, lineno, positions);
    return;
  }
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) {
      report(state, path, `${category}[length]`, expected, actual, lineno);
      return;
    }
    for (let i = 0; i < expected.length; i++) {
      compareValue(state, expected[i], actual[i], `${path}[${i}]`, category, lineno, positions);
    }
    return;
  }
  if (isPyNode(expected) || isPyNode(actual) || Array.isArray(expected) || Array.isArray(actual)) {
    report(state, path, `${category}[shape]`, expected, actual, lineno);
    return;
  }
  if (!scalarEqual(expected, actual)) report(state, path, category, expected, actual, lineno);
}

function scalarEqual(a: PyJson | undefined, b: PyJson | undefined): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  // Typed constants such as {"int": "12"}: small flat objects.
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  const ra = a as Record<string, PyJson>;
  const rb = b as Record<string, PyJson>;
  return ka.every((k) => k in rb && ra[k] === rb[k]);
}

function positionsAgree(mode: PositionMode, key: string, expected: PyJson | undefined, actual: PyJson | undefined): boolean {
  if (expected === actual || mode === "skip") return true;
  if (mode !== "braces" || typeof expected !== "number" || typeof actual !== "number") return false;
  // CPython 3.11 parses `{a, b}` as `(a, b)`: the tuple spans the braces, one column wider each side.
  if (key === "col_offset") return expected === actual - 1;
  if (key === "end_col_offset") return expected === actual + 1;
  return false;
}

function compareNode(state: State, expected: PyNode, actual: PyNode, path: string, outerLine: number | null, positions: PositionMode): void {
  const type = expected._type;
  const lineno = typeof expected.lineno === "number" ? expected.lineno : outerLine;
  if (type !== actual._type) {
    report(state, join(path, "_type"), `${type}→${actual._type}`, expected, actual, lineno);
    return;
  }
  const fstringParts = !state.options.fstringPartPositions;
  for (const key of Object.keys(expected)) {
    if (key === "_type") continue;
    if (full(state)) return;
    const fieldPath = join(path, key);
    if (POSITION_SET.has(key)) {
      if (!positionsAgree(positions, key, expected[key], actual[key])) {
        const line = key.startsWith("end_") && typeof expected.end_lineno === "number" ? expected.end_lineno : lineno;
        report(state, fieldPath, `${type}.${key}`, expected[key], actual[key], line);
      }
      continue;
    }
    if (!(key in actual)) {
      report(state, fieldPath, `${type}.${key}[missing]`, expected[key], undefined, lineno);
      continue;
    }
    // f-string parts and bare tuples in braces: see CompareOptions.fstringPartPositions.
    let childPositions: PositionMode = "exact";
    if (fstringParts && ((type === "JoinedStr" && key === "values") || (type === "FormattedValue" && key === "format_spec"))) childPositions = "skip";
    else if (fstringParts && type === "FormattedValue" && key === "value" && isPyNode(expected[key]) && (expected[key] as PyNode)._type === "Tuple") childPositions = "braces";
    compareValue(state, expected[key], actual[key], fieldPath, `${type}.${key}`, lineno, childPositions);
  }
  for (const key of Object.keys(actual)) {
    if (key in expected || full(state)) continue;
    if (POSITION_SET.has(key) && positions === "skip") continue;
    const tolerated = NEWER_FIELDS[key];
    if (tolerated !== undefined && tolerated(actual[key] as PyJson)) continue;
    report(state, join(path, key), `${type}.${key}[extra]`, undefined, actual[key], lineno);
  }
}
