/**
 * @fileoverview Suppression comments: parses `# flaskguard: ignore[CODES] -- reason` (line) and
 * `# flaskguard: ignore-file[CODES] -- reason` (file) directives and Bandit's `# nosec`, marks the
 * findings they cover as suppressed (they stay in the result), and produces the engine's own
 * reports: FG001 for directives that cannot be honoured (no reason, no codes, unknown rule, bad
 * syntax) and FG002 for directives that suppressed nothing, with a fix removing them.
 *
 * Anchoring: a line directive covers the line it is on; when the comment is alone on its line it also
 * covers the next line that is not a comment-only line (so directives can be stacked above a
 * statement). A finding is covered when its first line is covered (Ruff's rule for multi-line ranges).
 *
 * Templates and JavaScript use the same directives in their own comment syntax, read by the same
 * code: `{# flaskguard: ignore[FG301] -- reason #}` in Jinja and `// flaskguard: ignore[FG302] --
 * reason` in static scripts and inline `<script>` blocks (`src/templates/comments.ts` collects them,
 * with the whole `{# … #}` as `outer` so that removal fixes delete the delimiters too).
 */
import type { Comment } from "../python/types.js";
import type { Rule } from "../rules/types.js";
import type { FixSpec } from "../rules/types.js";
import type { Finding, Range } from "./types.js";
import type { LineIndex } from "./source-file.js";

/**
 * A comment as directives are read from it: a Python comment (`# …`), or a template or JavaScript
 * comment whose `text` starts at its delimiter (`{# …`, `// …`) and whose `outer` is the whole
 * comment with its delimiters.
 */
export type DirectiveComment = Comment & { outer?: Range };

/** One rule reference inside a directive's brackets. */
export interface DirectiveCode {
  /** As written (`FG201`, `hardcoded-secret-key`). */
  raw: string;
  /** The rule it names, or null when unknown. */
  rule: Rule | null;
  /** UTF-16 range of the code text in the file. */
  range: Range;
}

/** A parsed `# flaskguard:` directive. */
export interface Directive {
  kind: "ignore" | "ignore-file";
  codes: DirectiveCode[];
  /** The justification after ` -- `, trimmed; null when missing or empty. */
  reason: string | null;
  /** Range from the directive's `#` to the end of the comment. */
  range: Range;
  /** The comment holding it. */
  comment: DirectiveComment;
  /** Whether the comment is the only thing on its line. */
  ownLine: boolean;
  /** 1-based lines whose findings it covers (line directives only). */
  lines: number[];
  /** Whether the directive is usable (has codes and a reason). */
  valid: boolean;
}

/** A `# nosec` comment (Bandit's syntax). */
export interface NosecComment {
  line: number;
  /** Bandit test ids or flaskguard codes/names listed after `nosec`; empty means "everything". */
  ids: string[];
}

/** A report the suppression pass makes for one of the engine rules. */
export interface EngineReport {
  code: "FG001" | "FG002";
  messageId: string;
  data: Record<string, string>;
  range: Range;
  fix: FixSpec | null;
}

/** Options of {@link applySuppressions}. */
export interface SuppressionOptions {
  /** Honour Bandit's `# nosec` comments. */
  nosec: boolean;
  /** Produce FG002 reports for directives that suppressed nothing. */
  reportUnused: boolean;
  /** Codes of the rules that ran; only these can make a directive "unused". */
  enabledCodes: ReadonlySet<string>;
  /** Looks a rule up by code or name. */
  findRule: (codeOrName: string) => Rule | undefined;
}

const DIRECTIVE_START = /#\s*flaskguard\s*:/i;
/** JavaScript line comments (`// flaskguard: …`); only for comments that start with `//`. */
const JS_DIRECTIVE_START = /^\/\/\s*flaskguard\s*:/i;
const DIRECTIVE_BODY = /^\s*(ignore-file|ignore)\b\s*(?:\[([^\]]*)\])?\s*(?:--(.*))?$/i;
const NOSEC = /(?:^|#)\s*nosec\b:?\s*([A-Za-z0-9_,\s-]*)/i;

/** Parses every flaskguard directive in `comments`; returns them with the FG001 reports for bad ones. */
export function parseDirectives(
  comments: readonly DirectiveComment[],
  lines: LineIndex,
  findRule: (codeOrName: string) => Rule | undefined,
): { directives: Directive[]; reports: EngineReport[] } {
  const directives: Directive[] = [];
  const reports: EngineReport[] = [];
  const isDirective = (c: DirectiveComment): boolean => (c.text.startsWith("//") ? JS_DIRECTIVE_START : DIRECTIVE_START).test(c.text);
  // Most files have no directive: then their lines need no indexing.
  if (!comments.some(isDirective)) return { directives, reports };
  const commentOnlyLines = new Set<number>();
  for (const c of comments) {
    if (lines.lineText(c.lineno).slice(0, lines.offsetToPosition(c.start).column - 1).trim() === "") {
      commentOnlyLines.add(c.lineno);
    }
  }
  for (const comment of comments) {
    const m = (comment.text.startsWith("//") ? JS_DIRECTIVE_START : DIRECTIVE_START).exec(comment.text);
    if (!m) continue;
    const start = comment.start + m.index;
    const range = { start, end: comment.end };
    const directiveText = comment.text.slice(m.index);
    const body = comment.text.slice(m.index + m[0].length);
    const parsed = DIRECTIVE_BODY.exec(body);
    if (!parsed) {
      reports.push({ code: "FG001", messageId: "malformed", data: { directive: directiveText }, range, fix: null });
      continue;
    }
    const kind = parsed[1]!.toLowerCase() as Directive["kind"];
    const codes: DirectiveCode[] = [];
    if (parsed[2] !== undefined) {
      const bracketOffset = comment.start + m.index + m[0].length + body.indexOf("[") + 1;
      const re = /[^,\s]+/g;
      for (let cm = re.exec(parsed[2]); cm; cm = re.exec(parsed[2])) {
        const s = bracketOffset + cm.index;
        codes.push({ raw: cm[0], rule: findRule(cm[0]) ?? null, range: { start: s, end: s + cm[0].length } });
      }
    }
    const reason = parsed[3]?.trim() || null;
    const ownLine = commentOnlyLines.has(comment.lineno);
    const directive: Directive = {
      kind,
      codes,
      reason,
      range,
      comment,
      ownLine,
      lines: kind === "ignore" ? coveredLines(comment.lineno, ownLine, commentOnlyLines, lines.lineCount) : [],
      valid: codes.length > 0 && reason !== null,
    };
    directives.push(directive);
    if (codes.length === 0) {
      reports.push({ code: "FG001", messageId: "missingCodes", data: { directive: directiveText }, range, fix: null });
    } else if (reason === null) {
      reports.push({ code: "FG001", messageId: "missingReason", data: { directive: directiveText }, range, fix: null });
    }
    for (const code of codes) {
      if (!code.rule) {
        reports.push({ code: "FG001", messageId: "unknownRule", data: { rule: code.raw }, range: code.range, fix: null });
      }
    }
  }
  return { directives, reports };
}

function coveredLines(line: number, ownLine: boolean, commentOnly: ReadonlySet<number>, lineCount: number): number[] {
  if (!ownLine) return [line];
  let next = line + 1;
  while (next <= lineCount && commentOnly.has(next)) next++;
  return next <= lineCount ? [line, next] : [line];
}

/** Parses `# nosec` comments (`# nosec`, `# nosec B201,B105`, `# nosec: FG101`). */
export function parseNosec(comments: readonly Comment[]): NosecComment[] {
  const result: NosecComment[] = [];
  for (const c of comments) {
    const m = NOSEC.exec(c.text);
    if (!m) continue;
    const ids = (m[1] ?? "").split(/[\s,]+/).filter((s) => /^[A-Za-z]+\d+$/.test(s) || /^[a-z]+(-[a-z]+)+$/.test(s));
    result.push({ line: c.lineno, ids });
  }
  return result;
}

/**
 * Marks the findings of one file covered by its directives (`suppressed: { kind, justification }`)
 * and returns the engine reports (FG001 always, FG002 when `reportUnused`). `findings` must all
 * belong to the file; they are modified in place and also returned.
 */
export function applySuppressions(
  findings: Finding[],
  comments: readonly DirectiveComment[],
  lines: LineIndex,
  options: SuppressionOptions,
): { findings: Finding[]; reports: EngineReport[] } {
  const { directives, reports } = parseDirectives(comments, lines, options.findRule);
  const used = new Set<DirectiveCode>();
  const matches = (code: DirectiveCode, finding: Finding): boolean =>
    code.rule !== null && code.rule.meta.code === finding.rule;

  for (const finding of findings) {
    if (finding.suppressed !== false) continue;
    let done = false;
    for (const d of directives) {
      if (!d.valid || d.kind !== "ignore" || !d.lines.includes(finding.line)) continue;
      const code = d.codes.find((c) => matches(c, finding));
      if (!code) continue;
      used.add(code);
      if (!done) finding.suppressed = { kind: "inline", justification: d.reason };
      done = true;
    }
    for (const d of directives) {
      if (!d.valid || d.kind !== "ignore-file") continue;
      const code = d.codes.find((c) => matches(c, finding));
      if (!code) continue;
      used.add(code);
      if (!done) finding.suppressed = { kind: "file", justification: d.reason };
      done = true;
    }
    if (!done && options.nosec) {
      for (const n of parseNosec(comments)) {
        if (n.line < finding.line || n.line > finding.endLine) continue;
        const rule = options.findRule(finding.rule);
        const bandit = rule?.meta.bandit ?? [];
        const hit =
          n.ids.length === 0 ||
          n.ids.some((id) => id.toUpperCase() === finding.rule || id === finding.name || bandit.includes(id.toUpperCase()));
        if (hit) {
          finding.suppressed = { kind: "nosec", justification: null };
          break;
        }
      }
    }
  }

  if (options.reportUnused) {
    for (const d of directives) {
      if (!d.valid) continue;
      const removable = d.codes.filter((c) => c.rule === null || (!used.has(c) && !c.rule.meta.engine));
      for (const code of d.codes) {
        if (!code.rule || code.rule.meta.engine || used.has(code)) continue;
        if (!options.enabledCodes.has(code.rule.meta.code)) continue;
        const allGone = removable.length === d.codes.length;
        reports.push({
          code: "FG002",
          messageId: d.kind === "ignore" ? "unused" : "unusedFile",
          data: { rule: code.rule.meta.code },
          range: code.range,
          fix: allGone ? removeDirectiveFix(d, lines) : removeCodeFix(d, code),
        });
      }
    }
  }
  return { findings, reports };
}

/** A safe fix deleting the whole directive (and its line when the comment stands alone). */
function removeDirectiveFix(d: Directive, lines: LineIndex): FixSpec {
  const text = lines.text;
  // A template comment goes with its delimiters (`{# … #}`); a Python or `//` comment ends the line.
  let start = d.comment.outer ? d.comment.outer.start : d.range.start;
  let end = d.comment.outer ? d.comment.outer.end : d.range.end;
  const lineStart = lines.lineStart(d.comment.lineno);
  const lastLine = lines.offsetToPosition(end).line;
  const restOfLine = text.slice(end, lines.lineEnd(lastLine));
  if (d.ownLine && text.slice(lineStart, start).trim() === "" && restOfLine.trim() === "") {
    start = lineStart;
    const nextLine = lastLine + 1;
    end = nextLine <= lines.lineCount ? lines.lineStart(nextLine) : lines.lineEnd(lastLine);
  } else {
    while (start > lineStart && (text[start - 1] === " " || text[start - 1] === "\t")) start--;
  }
  return { title: "Remove the unused suppression comment", applicability: "safe", edits: [{ range: { start, end }, text: "" }] };
}

/** A safe fix deleting one code (and its separating comma) from the brackets. */
function removeCodeFix(d: Directive, code: DirectiveCode): FixSpec {
  const remaining = d.codes.filter((c) => c !== code).map((c) => c.raw);
  const first = d.codes[0]!.range.start;
  const last = d.codes[d.codes.length - 1]!.range.end;
  return {
    title: `Remove \`${code.raw}\` from the suppression comment`,
    applicability: "safe",
    edits: [{ range: { start: first, end: last }, text: remaining.join(", ") }],
  };
}
