/**
 * @fileoverview The taint lattice of the data-flow engine: what a tainted value carries (its origin,
 * flags such as "client filename" or "password", the sink kinds it was sanitized for, and the steps
 * it took), sets of taints with a small bound, and the helpers that merge and transform them.
 */
import type { FileView } from "../rules/types.js";

/** Where a tainted value may end up: one kind per rule family (and a few password sinks). */
export type SinkKind =
  | "sql"
  | "template"
  | "command"
  | "code"
  | "redirect"
  | "path"
  | "xss"
  | "deserialization"
  | "ssrf"
  | "hash"
  | "store"
  | "compare"
  /** Not a vulnerability by itself: an uploaded file saved (for the upload rules). */
  | "upload"
  /** Not a vulnerability by itself: a `render_template` keyword argument (for the template rules). */
  | "render";

/** Every sink kind, in a fixed order (bit positions of {@link Taint.safe}). */
export const SINK_KINDS: readonly SinkKind[] = [
  "sql",
  "template",
  "command",
  "code",
  "redirect",
  "path",
  "xss",
  "deserialization",
  "ssrf",
  "hash",
  "store",
  "compare",
  "upload",
  "render",
];

/** The bit of a sink kind in {@link Taint.safe}. */
export function kindBit(kind: SinkKind): number {
  return 1 << SINK_KINDS.indexOf(kind);
}

/** A bit mask with every sink kind set (fully sanitized). */
export const ALL_KINDS = (1 << SINK_KINDS.length) - 1;

/** What a tainted value is known to be. */
export const Flag = {
  /** Data the client controls (request attributes, route parameters, form fields). */
  USER: 1,
  /** An uploaded `FileStorage` object (or a collection of them). */
  FILE: 2,
  /** Derived from the client's file name (`FileStorage.filename`), sanitized or not. */
  FILENAME: 4,
  /** Derived from the client's file name and not passed through `secure_filename`. */
  RAW_FILENAME: 8,
  /** A password-like value (field, key, parameter or variable named like a password). */
  PASSWORD: 16,
  /** Known to be a string (request.args values, string building), for the return-value XSS check. */
  STR: 32,
  /** A placeholder for a function parameter while computing that function's summary. */
  PARAM: 64,
  /** A WTForms form object (its fields' `.data` are client data). */
  FORM: 128,
  /** Passed through a library function the engine does not know: derived from client data, but not reported. */
  OPAQUE: 256,
  /** A dict literal built by the code (its keys say nothing about the client's values). */
  BUILT: 512,
  /** On a parameter placeholder: read under a password-named key; a password unless the argument is a dict literal. */
  KEYED_PASSWORD: 1024,
  /** Passed through `os.path.realpath`/`abspath`/`normpath` or `Path.resolve()` (a containment check can then hold). */
  NORMALIZED: 2048,
} as const;

/** A location on a flow path. */
export interface Step {
  file: string;
  start: number;
  end: number;
  message: string;
}

/** Steps as a shared linked list, newest first, so that copies are O(1). */
export interface StepList {
  step: Step;
  prev: StepList | null;
  length: number;
}

/** Longest path kept per taint (older steps stay, later ones are dropped beyond it). */
export const MAX_STEPS = 12;

/** Where a taint started. */
export type Origin =
  | { kind: "source"; file: string; start: number; end: number; label: string }
  | { kind: "param"; fn: object; index: number; name: string };

/** One tainted value. */
export interface Taint {
  origin: Origin;
  /** {@link Flag} bits. */
  flags: number;
  /** Bits of the sink kinds this value was sanitized for ({@link kindBit}). */
  safe: number;
  steps: StepList | null;
  /** For WTForms form objects: the form class's field types by field name, when known. */
  formFields?: ReadonlyMap<string, string>;
  /**
   * For parameter placeholders: the branch conditions on the function's own parameters under which
   * this value exists (`if from_setup: path = raw`), checked against literal arguments at call sites.
   */
  conds?: readonly Cond[];
}

/** `if flag:` on parameter `index` of the function being analyzed: the branch runs when its truthiness is `truthy`. */
export interface Cond {
  index: number;
  truthy: boolean;
}

/** A small set of taints (empty = clean). At most {@link MAX_TAINTS} distinct origins are kept. */
export type TaintSet = readonly Taint[];

/** How many distinct taints one value keeps (the first ones found win). */
export const MAX_TAINTS = 4;

/** The clean value. */
export const CLEAN: TaintSet = [];

/** Appends a step to a taint (unless its path is already at {@link MAX_STEPS}). */
export function withStep(t: Taint, file: FileView | string, node: { start: number; end: number }, message: string): Taint {
  const len = t.steps?.length ?? 0;
  if (len >= MAX_STEPS) return t;
  const path = typeof file === "string" ? file : file.path;
  const last = t.steps?.step;
  if (last && last.file === path && last.start === node.start && last.end === node.end) return t;
  return { ...t, steps: { step: { file: path, start: node.start, end: node.end, message }, prev: t.steps, length: len + 1 } };
}

/** Steps oldest first. */
export function stepsOf(t: Taint): Step[] {
  const out: Step[] = [];
  for (let s = t.steps; s; s = s.prev) out.push(s.step);
  return out.reverse();
}

/** Union of taint sets (bounded; identical origins with identical flags are kept once). */
export function union(...sets: TaintSet[]): TaintSet {
  let out: Taint[] | null = null;
  let first: TaintSet = CLEAN;
  for (const set of sets) {
    if (set.length === 0) continue;
    if (first.length === 0 && out === null) {
      first = set;
      continue;
    }
    if (out === null) out = [...first];
    for (const t of set) {
      if (out.length >= MAX_TAINTS) break;
      if (!out.some((o) => sameOrigin(o.origin, t.origin) && o.flags === t.flags && o.safe === t.safe && sameConds(o.conds, t.conds))) out.push(t);
    }
  }
  return out ?? first;
}

function sameConds(a: readonly Cond[] | undefined, b: readonly Cond[] | undefined): boolean {
  if ((a?.length ?? 0) !== (b?.length ?? 0)) return false;
  return (a ?? []).every((c, i) => c.index === b![i]!.index && c.truthy === b![i]!.truthy);
}

function sameOrigin(a: Origin, b: Origin): boolean {
  if (a.kind === "source" && b.kind === "source") return a.file === b.file && a.start === b.start && a.end === b.end;
  if (a.kind === "param" && b.kind === "param") return a.fn === b.fn && a.index === b.index;
  return false;
}

/** Maps every taint of a set. */
export function mapTaints(set: TaintSet, fn: (t: Taint, index: number) => Taint | null): TaintSet {
  if (set.length === 0) return set;
  const out: Taint[] = [];
  set.forEach((t, i) => {
    const m = fn(t, i);
    if (m) out.push(m);
  });
  return out;
}

/** Marks a set as sanitized for the given sink-kind bits. */
export function sanitize(set: TaintSet, bits: number): TaintSet {
  if (bits === ALL_KINDS) return CLEAN;
  return mapTaints(set, (t) => ({ ...t, safe: t.safe | bits }));
}

/** Adds and removes flags on every taint of a set. */
export function reflag(set: TaintSet, add: number, remove = 0): TaintSet {
  return mapTaints(set, (t) => ({ ...t, flags: (t.flags & ~remove) | add }));
}

/** Adds a step to every taint of a set. */
export function step(set: TaintSet, file: FileView | string, node: { start: number; end: number }, message: string): TaintSet {
  return mapTaints(set, (t) => withStep(t, file, node, message));
}

/** Whether a taint may reach a sink of `kind` (it is not sanitized for it). */
export function unsafeFor(t: Taint, kind: SinkKind): boolean {
  return (t.safe & kindBit(kind)) === 0;
}

const PASSWORD_WORD = /(^|[^a-z])(password|passwd|passphrase|pwd|passwort|mot_?de_?passe)s?(\d*)($|[^a-z])/i;
const NOT_A_PASSWORD =
  /hash|digest|token|reset|hint|policy|length|min|max|field|label|url|expir|rule|strength|changed|date|salt|question|enabled|required|help|confirm_?token|validator|scheme|method|crypt|iterations/i;

/**
 * Whether an identifier or key names a password (not its hash or metadata):
 * `password`, `new_password`, `passwd`, `userPassword`, `pwd2` → true; `password_hash`, `reset_password_token` → false.
 */
export function isPasswordName(name: string): boolean {
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1_$2");
  return PASSWORD_WORD.test(words) && !NOT_A_PASSWORD.test(words);
}

/** Whether an identifier names a stored password or password hash (`password`, `password_hash`, `pw_hash`). */
export function isStoredPasswordName(name: string): boolean {
  const words = name.replace(/([a-z0-9])([A-Z])/g, "$1_$2");
  return (PASSWORD_WORD.test(words) || /(^|_)pw(_|$)|pass_?hash/i.test(words)) && !/reset|token|hint|policy|length|field|label|url|expir|confirm/i.test(words);
}
