/**
 * @fileoverview The built-in catalogue of the data-flow engine: request sources, sanitizers (and the
 * sink kinds they clean for), propagators and sinks, by qualified name, plus the configuration type
 * for custom sources, sanitizers and sinks. The README's data-flow section documents these tables.
 */
import { ALL_KINDS, kindBit, type SinkKind } from "./taint.js";

/** Qualified names of Flask's request proxy. */
export const REQUEST_NAMES: readonly string[] = ["flask.request", "flask.globals.request"];

/** `request.<attr>` attributes that carry client data (and whether their values are strings). */
export const REQUEST_ATTRIBUTES: ReadonlyMap<string, { str: boolean; file?: boolean; safe?: SinkKind[] }> = new Map([
  ["args", { str: true }],
  ["form", { str: true }],
  ["values", { str: true }],
  ["cookies", { str: true }],
  ["headers", { str: true }],
  ["json", { str: false }],
  ["data", { str: false }],
  ["view_args", { str: false }],
  ["stream", { str: false }],
  ["files", { str: false, file: true }],
  ["authorization", { str: false }],
  ["query_string", { str: false }],
  // The URL of the request: its path and query are the client's; redirecting or fetching it stays on this host.
  ["url", { str: true, safe: ["redirect", "ssrf"] }],
  ["base_url", { str: true, safe: ["redirect", "ssrf"] }],
  ["full_path", { str: true, safe: ["redirect", "ssrf"] }],
  ["path", { str: true, safe: ["redirect", "ssrf"] }],
  // The Referer header: client data, but "go back" redirects to it are left to reviewers.
  ["referrer", { str: true, safe: ["redirect"] }],
]);

/** `request.<method>()` calls that return client data. */
export const REQUEST_METHODS: ReadonlySet<string> = new Set(["get_json", "get_data"]);

/** Base classes of WTForms forms. */
export const FORM_BASES: readonly string[] = [
  "flask_wtf.FlaskForm",
  "flask_wtf.form.FlaskForm",
  "flask_wtf.Form",
  "wtforms.Form",
  "wtforms.form.Form",
];

const PATH = kindBit("path");
const HTML = kindBit("xss");
const SHELL = kindBit("command");
const URL = kindBit("redirect") | kindBit("ssrf");

/** Functions whose result is clean for some sink kinds (bit mask) whatever their argument. */
export const SANITIZERS: ReadonlyMap<string, number> = new Map([
  // Type conversions: the result cannot carry an injection.
  ["builtins.int", ALL_KINDS],
  ["builtins.float", ALL_KINDS],
  ["builtins.bool", ALL_KINDS],
  ["builtins.len", ALL_KINDS],
  ["builtins.hash", ALL_KINDS],
  ["builtins.abs", ALL_KINDS],
  ["builtins.round", ALL_KINDS],
  ["builtins.isinstance", ALL_KINDS],
  ["builtins.callable", ALL_KINDS],
  ["builtins.id", ALL_KINDS],
  ["uuid.UUID", ALL_KINDS],
  ["decimal.Decimal", ALL_KINDS],
  ["datetime.date.fromisoformat", ALL_KINDS],
  ["datetime.datetime.fromisoformat", ALL_KINDS],
  ["datetime.datetime.strptime", ALL_KINDS],
  ["ipaddress.ip_address", ALL_KINDS & ~URL],
  // Flask / Werkzeug.
  ["werkzeug.utils.secure_filename", PATH | SHELL | HTML],
  ["werkzeug.secure_filename", PATH | SHELL | HTML],
  ["werkzeug.security.safe_join", PATH],
  ["werkzeug.utils.safe_join", PATH],
  ["flask.safe_join", PATH],
  ["flask.helpers.safe_join", PATH],
  ["os.path.basename", PATH],
  ["posixpath.basename", PATH],
  ["flask.url_for", ALL_KINDS],
  ["flask.helpers.url_for", ALL_KINDS],
  ["flask.jsonify", ALL_KINDS],
  ["flask.json.jsonify", ALL_KINDS],
  ["flask.json.dumps", HTML | SHELL],
  ["json.dumps", SHELL],
  ["flask.abort", ALL_KINDS],
  ["flask.flash", ALL_KINDS],
  ["flask.render_template", ALL_KINDS],
  ["flask.templating.render_template", ALL_KINDS],
  // Escaping.
  ["markupsafe.escape", HTML],
  ["flask.escape", HTML],
  ["jinja2.escape", HTML],
  ["html.escape", HTML],
  ["cgi.escape", HTML],
  ["bleach.clean", HTML],
  ["bleach.linkify", HTML],
  ["nh3.clean", HTML],
  ["shlex.quote", SHELL],
  ["pipes.quote", SHELL],
  ["urllib.parse.quote", PATH | SHELL | HTML],
  ["urllib.parse.quote_plus", PATH | SHELL | HTML],
  ["urllib.parse.urlencode", PATH | SHELL | HTML],
  // Hashes and password hashers: the digest is not the input.
  ["hashlib.md5", ALL_KINDS],
  ["hashlib.sha1", ALL_KINDS],
  ["hashlib.sha224", ALL_KINDS],
  ["hashlib.sha256", ALL_KINDS],
  ["hashlib.sha384", ALL_KINDS],
  ["hashlib.sha512", ALL_KINDS],
  ["hashlib.new", ALL_KINDS],
  ["hmac.new", ALL_KINDS],
  ["hmac.compare_digest", ALL_KINDS],
  ["secrets.compare_digest", ALL_KINDS],
]);

/** The last name segment of functions whose result is a hash or a boolean verdict of a password. */
export const HASHING_FUNCTION = /(^|_)(hash|hashpw|hashed|encrypt|crypt|digest|kdf|pbkdf2(_hmac)?|scrypt|argon2|bcrypt|make_password|check_password(_hash)?|verify(_password)?|checkpw|compare_digest)($|_)/i;

/** Guard functions: `if not is_safe_url(x): abort()` makes `x` safe for these kinds. */
export const GUARD_FUNCTION: ReadonlyArray<{ pattern: RegExp; bits: number }> = [
  { pattern: /(safe|allowed|valid|local|internal|relative|trusted)_?(redirect_?)?(url|uri|next|target|redirect|host|location)|url_has_allowed_host_and_scheme|(url|redirect|next|target)_?is_?(safe|valid|local|allowed)/i, bits: URL },
  { pattern: /^_?(is_?)?(safe|valid|allowed|secure)_?(path|file_?path|dir|directory)$|^_?(is_?)?(within|inside|subpath|sub_?dir|in_?directory|under)(_[a-z]+)?$/i, bits: PATH },
];

/** String methods whose result is not derived from the text (booleans, counts, positions). */
export const CLEAN_METHODS: ReadonlySet<string> = new Set([
  "startswith",
  "endswith",
  "isdigit",
  "isalnum",
  "isalpha",
  "isnumeric",
  "isdecimal",
  "isidentifier",
  "isspace",
  "islower",
  "isupper",
  "count",
  "find",
  "rfind",
  "index",
  "rindex",
  "validate",
  "validate_on_submit",
  "is_submitted",
  "has_key",
  "__len__",
  "is_json",
]);

/** Methods that validate the receiver in place when they return true (`if not x.isdigit(): abort()`). */
export const VALIDATING_METHODS: ReadonlySet<string> = new Set([
  "isdigit",
  "isalnum",
  "isalpha",
  "isnumeric",
  "isdecimal",
  "isidentifier",
]);

/** Functions that validate their argument entirely when they return a match (`re.fullmatch(p, x)`). */
export const VALIDATING_FUNCTIONS: ReadonlySet<string> = new Set(["re.fullmatch", "re.match", "uuid.UUID"]);

/** Kinds that "consume" a value: their result is not request data any more (one root cause, one finding). */
export const CONSUMING_KINDS: ReadonlySet<SinkKind> = new Set(["sql", "template", "command", "code", "deserialization", "ssrf", "hash", "xss"]);

/** Custom sources, sanitizers and sinks from the configuration (qualified names). */
export interface DataflowConfig {
  /** Functions whose return value is client data. */
  sources: readonly string[];
  /** Functions whose return value is clean: `name` (every kind) or `kind:name`. */
  sanitizers: readonly string[];
  /** Functions whose first argument is a sink: `kind:name`, e.g. `sql:myapp.db.raw_query`. */
  sinks: readonly string[];
}

/** The empty configuration. */
export const NO_CONFIG: DataflowConfig = { sources: [], sanitizers: [], sinks: [] };

/** The sink kinds users may name in `kind:function` entries, by their rule-family names too. */
export const SINK_KIND_ALIASES: ReadonlyMap<string, SinkKind> = new Map([
  ["sql", "sql"],
  ["sql-injection", "sql"],
  ["template", "template"],
  ["template-injection", "template"],
  ["command", "command"],
  ["command-injection", "command"],
  ["code", "code"],
  ["code-injection", "code"],
  ["redirect", "redirect"],
  ["open-redirect", "redirect"],
  ["path", "path"],
  ["path-traversal", "path"],
  ["xss", "xss"],
  ["deserialization", "deserialization"],
  ["ssrf", "ssrf"],
  ["hash", "hash"],
]);

/** Parses `kind:name` entries; entries without a kind get `fallback`. Unknown kinds are returned as errors. */
export function parseKindEntries(entries: readonly string[], fallback: SinkKind | "all" | null): {
  entries: { kind: SinkKind | "all"; name: string }[];
  errors: string[];
} {
  const out: { kind: SinkKind | "all"; name: string }[] = [];
  const errors: string[] = [];
  for (const raw of entries) {
    const i = raw.indexOf(":");
    if (i < 0) {
      if (fallback === null) errors.push(`"${raw}" needs a kind prefix such as "sql:"`);
      else out.push({ kind: fallback, name: raw.trim() });
      continue;
    }
    const kind = SINK_KIND_ALIASES.get(raw.slice(0, i).trim());
    if (!kind) errors.push(`"${raw}": unknown kind "${raw.slice(0, i)}" (one of ${[...new Set(SINK_KIND_ALIASES.values())].join(", ")})`);
    else out.push({ kind, name: raw.slice(i + 1).trim() });
  }
  return { entries: out, errors };
}
