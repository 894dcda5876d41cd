/**
 * @fileoverview The Jinja statement tree: turns lexed segments into nested nodes (output, data,
 * comment, tags with bodies), parses the arguments of the built-in tags (`extends`, `include`,
 * `import`, `from`, `macro`, `call`, `set`, `for`, `if`/`elif`, `block`, `with`, `autoescape`,
 * `filter`) into expressions, and reports unbalanced blocks and bad expressions with exact offsets.
 * Tags of unknown extensions are tolerated: a block when an `end<name>` tag follows, else standalone.
 */
import { ExpressionError, ExpressionParser, TokenStream, parseExpression, tokenize, type Expr } from "./jinja-expr.js";
import type { Segment, TemplateSyntaxIssue } from "./jinja-lexer.js";

/** Tags that open a body closed by `end<name>`. */
const BLOCK_TAGS = new Set(["if", "for", "block", "macro", "call", "filter", "with", "autoescape", "trans", "pluralize_block"]);
/** Middle tags and the blocks they belong to. */
const MIDDLE_TAGS: Record<string, string[]> = { elif: ["if"], else: ["if", "for"], pluralize: ["trans"] };

/** A node of the statement tree. */
export type JinjaNode = OutputNode | DataNode | CommentNode | TagNode;

/** `{{ expr }}`. */
export interface OutputNode {
  type: "output";
  segment: Segment;
  expr: Expr | null;
  start: number;
  end: number;
  parent: TagNode | null;
}

/** Template data between tags. */
export interface DataNode {
  type: "data";
  start: number;
  end: number;
  parent: TagNode | null;
}

/** `{# … #}`. */
export interface CommentNode {
  type: "comment";
  start: number;
  end: number;
  parent: TagNode | null;
}

/** A middle tag of a block (`elif`, `else`). */
export interface BranchTag {
  name: string;
  segment: Segment;
  expr: Expr | null;
  /** Index in the parent's `children` where this branch starts. */
  childIndex: number;
}

/** Parsed arguments of the built-in tags (absent for unknown or unparsable ones). */
export interface TagArgs {
  /** extends/include/import/from: the template name expression. */
  template?: Expr;
  /** include: `ignore missing`. */
  ignoreMissing?: boolean;
  /** import: `as name`. */
  alias?: string;
  /** from … import: the imported names. */
  names?: { name: string; alias: string }[];
  /** macro/block: its name. */
  name?: string;
  /** macro and call(…): parameter names. */
  params?: string[];
  /** macro: default values. */
  defaults?: Expr[];
  /** call: the called expression. */
  call?: Expr;
  /** set/for/with: the names bound. */
  targets?: string[];
  /** set (one-line)/for iterable/if test/autoescape value/with values: the main expression(s). */
  value?: Expr;
  values?: Expr[];
  /** for: the `if` condition. */
  condition?: Expr;
  /** filter: the filter chain. */
  filter?: Expr;
}

/** `{% name args %}` with its body (if it is a block tag) and end tag. */
export interface TagNode {
  type: "tag";
  name: string;
  segment: Segment;
  /** Offsets of the argument text (after the tag name). */
  argsStart: number;
  argsEnd: number;
  args: TagArgs;
  children: JinjaNode[];
  branches: BranchTag[];
  /** The `end<name>` segment, or null (standalone tag or never closed). */
  endSegment: Segment | null;
  /** Whether this tag has a body. */
  isBlock: boolean;
  start: number;
  /** End of the end tag (or of the open tag for standalone tags). */
  end: number;
  parent: TagNode | null;
}

/** Result of {@link buildTree}. */
export interface TreeResult {
  children: JinjaNode[];
  errors: TemplateSyntaxIssue[];
}

/** Builds the statement tree of a lexed template. */
export function buildTree(text: string, segments: readonly Segment[]): TreeResult {
  const errors: TemplateSyntaxIssue[] = [];
  const root: JinjaNode[] = [];
  const stack: TagNode[] = [];
  const endNames = new Set<string>();
  for (const seg of segments) {
    if (seg.kind !== "block") continue;
    const m = /^\s*end([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(seg.innerStart, seg.innerEnd));
    if (m) endNames.add(m[1]!);
  }
  const container = (): JinjaNode[] => (stack.length > 0 ? stack[stack.length - 1]!.children : root);
  const parent = (): TagNode | null => (stack.length > 0 ? stack[stack.length - 1]! : null);

  for (const seg of segments) {
    if (seg.kind === "data") {
      container().push({ type: "data", start: seg.start, end: seg.end, parent: parent() });
      continue;
    }
    if (seg.kind === "comment") {
      container().push({ type: "comment", start: seg.start, end: seg.end, parent: parent() });
      continue;
    }
    if (seg.kind === "variable") {
      const { expr, error } = parseExpression(text, seg.innerStart, seg.innerEnd);
      if (error) errors.push({ message: `bad expression in {{ … }}: ${error.message}`, start: error.start, end: error.end });
      container().push({ type: "output", segment: seg, expr, start: seg.start, end: seg.end, parent: parent() });
      continue;
    }
    const inner = text.slice(seg.innerStart, seg.innerEnd);
    const m = /^(\s*)([A-Za-z_][A-Za-z0-9_]*)/.exec(inner);
    if (!m) {
      errors.push({ message: "a statement tag needs a tag name", start: seg.start, end: seg.end });
      continue;
    }
    const name = m[2]!;
    const argsStart = seg.innerStart + m[0].length;
    const argsEnd = seg.innerEnd;
    if (name.startsWith("end") && (BLOCK_TAGS.has(name.slice(3)) || name === "endset" || stack.some((t) => t.name === name.slice(3)))) {
      const opened = name.slice(3);
      const top = stack[stack.length - 1];
      if (top && top.name === opened) {
        closeTag(top, seg);
        stack.pop();
      } else {
        const idx = findLastIndex(stack, (t) => t.name === opened);
        if (idx >= 0) {
          for (let i = stack.length - 1; i > idx; i--) {
            const t = stack[i]!;
            errors.push({ message: `'${t.name}' block is never closed (missing {% end${t.name} %} before {% ${name} %})`, start: t.segment.start, end: t.segment.end });
            t.end = seg.start;
          }
          stack.length = idx + 1;
          closeTag(stack.pop()!, seg);
        } else {
          const expected = top ? ` (the innermost open block is '${top.name}', closed by {% end${top.name} %})` : "";
          errors.push({ message: `unexpected {% ${name} %}: no '${opened}' block is open${expected}`, start: seg.start, end: seg.end });
        }
      }
      continue;
    }
    const middleOf = MIDDLE_TAGS[name];
    if (middleOf) {
      const top = stack[stack.length - 1];
      if (top && middleOf.includes(top.name)) {
        let expr: Expr | null = null;
        if (name === "elif") expr = parseArgs(text, argsStart, argsEnd, errors, name, (p) => p.parseTuple(false));
        top.branches.push({ name, segment: seg, expr, childIndex: top.children.length });
      } else {
        errors.push({ message: `unexpected {% ${name} %} outside of ${middleOf.map((b) => `'${b}'`).join(" or ")}`, start: seg.start, end: seg.end });
      }
      continue;
    }
    const isSetBlock = name === "set" && !/=/.test(stripStrings(text.slice(argsStart, argsEnd)));
    const isBlock = BLOCK_TAGS.has(name) || isSetBlock || (!isBuiltin(name) && endNames.has(name));
    const tag: TagNode = {
      type: "tag",
      name,
      segment: seg,
      argsStart,
      argsEnd,
      args: parseTagArgs(text, name, argsStart, argsEnd, errors),
      children: [],
      branches: [],
      endSegment: null,
      isBlock,
      start: seg.start,
      end: seg.end,
      parent: parent(),
    };
    container().push(tag);
    if (isBlock) stack.push(tag);
  }
  for (const t of stack) {
    errors.push({ message: `'${t.name}' block is never closed (missing {% end${t.name} %})`, start: t.segment.start, end: t.segment.end });
    t.end = text.length;
  }
  return { children: root, errors };
}

function closeTag(tag: TagNode, seg: Segment): void {
  tag.endSegment = seg;
  tag.end = seg.end;
}

function findLastIndex<T>(list: readonly T[], fn: (t: T) => boolean): number {
  for (let i = list.length - 1; i >= 0; i--) if (fn(list[i]!)) return i;
  return -1;
}

function isBuiltin(name: string): boolean {
  return ["extends", "include", "import", "from", "set", "do", "break", "continue", "debug"].includes(name);
}

function stripStrings(s: string): string {
  return s.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '""');
}

function parseArgs<T>(
  text: string,
  from: number,
  to: number,
  errors: TemplateSyntaxIssue[],
  tag: string,
  fn: (p: ExpressionParser, s: TokenStream) => T,
): T | null {
  try {
    const s = new TokenStream(tokenize(text, from, to));
    const result = fn(new ExpressionParser(s), s);
    if (!s.test("eof")) {
      const t = s.current;
      throw new ExpressionError(`unexpected '${t.value}'`, t.start, t.end);
    }
    return result;
  } catch (error) {
    if (!(error instanceof ExpressionError)) throw error;
    errors.push({ message: `bad {% ${tag} %} tag: ${error.message}`, start: error.start, end: error.end });
    return null;
  }
}

function targetNames(e: Expr): string[] {
  if (e.type === "Name") return [e.name];
  if (e.type === "Tuple" || e.type === "List") return e.items.flatMap(targetNames);
  return [];
}

function parseTagArgs(text: string, name: string, from: number, to: number, errors: TemplateSyntaxIssue[]): TagArgs {
  const args: TagArgs = {};
  const run = (fn: (p: ExpressionParser, s: TokenStream) => void): void => {
    parseArgs(text, from, to, errors, name, fn);
  };
  switch (name) {
    case "extends":
      run((p) => (args.template = p.parseExpression()));
      break;
    case "include":
      run((p, s) => {
        args.template = p.parseExpression();
        if (s.test("name", "ignore") && s.look().value === "missing") {
          s.next();
          s.next();
          args.ignoreMissing = true;
        }
        if ((s.test("name", "with") || s.test("name", "without")) && s.look().value === "context") {
          s.next();
          s.next();
        }
      });
      break;
    case "import":
      run((p, s) => {
        args.template = p.parseExpression();
        s.expect("name", "as");
        args.alias = s.expect("name").value;
        if ((s.test("name", "with") || s.test("name", "without")) && s.look().value === "context") {
          s.next();
          s.next();
        }
      });
      break;
    case "from":
      run((p, s) => {
        args.template = p.parseExpression();
        s.expect("name", "import");
        args.names = [];
        for (;;) {
          if ((s.test("name", "with") || s.test("name", "without")) && s.look().value === "context") {
            s.next();
            s.next();
            break;
          }
          const n = s.expect("name").value;
          const alias = s.skipIf("name", "as") ? s.expect("name").value : n;
          args.names.push({ name: n, alias });
          if (!s.skipIf("op", ",")) break;
        }
        if ((s.test("name", "with") || s.test("name", "without")) && s.look().value === "context") {
          s.next();
          s.next();
        }
      });
      break;
    case "macro":
      run((p, s) => {
        args.name = s.expect("name").value;
        const { params, defaults } = parseSignature(p, s);
        args.params = params;
        args.defaults = defaults;
      });
      break;
    case "call":
      run((p, s) => {
        args.params = [];
        if (s.test("op", "(")) args.params = parseSignature(p, s).params;
        args.call = p.parseExpression();
      });
      break;
    case "set":
      run((p, s) => {
        const target = p.parseTuple(true, false, undefined, true);
        args.targets = targetNames(target);
        if (s.skipIf("op", "=")) args.value = p.parseTuple();
        else if (s.test("op", "|")) args.filter = p.parseFilterSection();
      });
      break;
    case "for":
      run((p, s) => {
        const target = p.parseTuple(true, false, undefined, true);
        args.targets = targetNames(target);
        s.expect("name", "in");
        args.value = p.parseTuple(false);
        if (s.skipIf("name", "if")) args.condition = p.parseExpression();
        s.skipIf("name", "recursive");
      });
      break;
    case "if":
      run((p) => (args.value = p.parseTuple(false)));
      break;
    case "autoescape":
      run((p) => (args.value = p.parseExpression()));
      break;
    case "block":
      run((_p, s) => {
        args.name = s.expect("name").value;
        s.skipIf("name", "scoped");
        s.skipIf("name", "required");
      });
      break;
    case "with":
      run((p, s) => {
        args.targets = [];
        args.values = [];
        while (!s.test("eof")) {
          if (args.targets.length > 0) s.expect("op", ",");
          const t = p.parsePrimaryWithPostfix();
          args.targets.push(...targetNames(t));
          s.expect("op", "=");
          args.values.push(p.parseExpression());
        }
      });
      break;
    case "filter":
      run((p) => (args.filter = p.parseFilterSection()));
      break;
    case "do":
      run((p) => (args.value = p.parseTuple()));
      break;
    default:
      break;
  }
  return args;
}

function parseSignature(p: ExpressionParser, s: TokenStream): { params: string[]; defaults: Expr[] } {
  const params: string[] = [];
  const defaults: Expr[] = [];
  s.expect("op", "(");
  while (!s.test("op", ")")) {
    if (params.length > 0) s.expect("op", ",");
    if (s.test("op", ")")) break;
    params.push(s.expect("name").value);
    if (s.skipIf("op", "=")) defaults.push(p.parseExpression());
  }
  s.expect("op", ")");
  return { params, defaults };
}

/** Visits every node of a tree, depth first, in source order. */
export function walkTree(nodes: readonly JinjaNode[], fn: (n: JinjaNode) => void): void {
  const stack: JinjaNode[] = [...nodes].reverse();
  while (stack.length > 0) {
    const n = stack.pop()!;
    fn(n);
    if (n.type === "tag") for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i]!);
  }
}

/** Every expression a tag's arguments contain. */
export function tagExpressions(tag: TagNode): Expr[] {
  const a = tag.args;
  const out: Expr[] = [];
  for (const e of [a.template, a.call, a.value, a.condition, a.filter]) if (e) out.push(e);
  for (const list of [a.defaults, a.values]) if (list) out.push(...list);
  for (const b of tag.branches) if (b.expr) out.push(b.expr);
  return out;
}
