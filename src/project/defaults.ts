/**
 * @fileoverview Default values of configuration keys when an app never sets them: Flask's own
 * (`SESSION_COOKIE_SECURE=False`, `SESSION_COOKIE_SAMESITE=None`, `PERMANENT_SESSION_LIFETIME=31
 * days`, ...) and those of the common extensions (Flask-WTF, Flask-Login, Flask-Session,
 * Flask-Limiter, Flask-Bcrypt), as of Flask 3.x and current extension releases.
 */
import type { Origin, Value } from "../semantic/evaluate.js";

type Plain = string | number | boolean | null | { seconds: number } | string[];

/** Key → [default, who defines it]. */
const DEFAULTS: Record<string, [Plain, string]> = {
  APPLICATION_ROOT: ["/", "Flask"],
  DEBUG: [false, "Flask (off unless FLASK_DEBUG is set or `--debug` is passed)"],
  EXPLAIN_TEMPLATE_LOADING: [false, "Flask"],
  MAX_CONTENT_LENGTH: [null, "Flask (no limit)"],
  MAX_COOKIE_SIZE: [4093, "Flask"],
  PERMANENT_SESSION_LIFETIME: [{ seconds: 31 * 86400 }, "Flask (31 days)"],
  PREFERRED_URL_SCHEME: ["http", "Flask"],
  PROPAGATE_EXCEPTIONS: [null, "Flask"],
  SECRET_KEY: [null, "Flask (no key: sessions cannot be used)"],
  SEND_FILE_MAX_AGE_DEFAULT: [null, "Flask"],
  SERVER_NAME: [null, "Flask"],
  SESSION_COOKIE_DOMAIN: [null, "Flask"],
  SESSION_COOKIE_HTTPONLY: [true, "Flask"],
  SESSION_COOKIE_NAME: ["session", "Flask"],
  SESSION_COOKIE_PATH: [null, "Flask"],
  SESSION_COOKIE_SAMESITE: [null, "Flask"],
  SESSION_COOKIE_SECURE: [false, "Flask"],
  SESSION_REFRESH_EACH_REQUEST: [true, "Flask"],
  TEMPLATES_AUTO_RELOAD: [null, "Flask"],
  TESTING: [false, "Flask"],
  TRAP_BAD_REQUEST_ERRORS: [null, "Flask"],
  TRAP_HTTP_EXCEPTIONS: [false, "Flask"],
  USE_X_SENDFILE: [false, "Flask"],
  // Flask-WTF
  WTF_CSRF_CHECK_DEFAULT: [true, "Flask-WTF"],
  WTF_CSRF_ENABLED: [true, "Flask-WTF"],
  WTF_CSRF_METHODS: [["POST", "PUT", "PATCH", "DELETE"], "Flask-WTF"],
  WTF_CSRF_SSL_STRICT: [true, "Flask-WTF"],
  WTF_CSRF_TIME_LIMIT: [3600, "Flask-WTF (1 hour)"],
  // Flask-Login
  REMEMBER_COOKIE_DURATION: [{ seconds: 365 * 86400 }, "Flask-Login (365 days)"],
  REMEMBER_COOKIE_HTTPONLY: [true, "Flask-Login"],
  REMEMBER_COOKIE_SAMESITE: [null, "Flask-Login"],
  REMEMBER_COOKIE_SECURE: [false, "Flask-Login"],
  // Flask-Session
  SESSION_PERMANENT: [true, "Flask-Session"],
  SESSION_USE_SIGNER: [false, "Flask-Session"],
  // Flask-Limiter
  RATELIMIT_ENABLED: [true, "Flask-Limiter"],
  RATELIMIT_STORAGE_URI: ["memory://", "Flask-Limiter (in-process memory)"],
  // Flask-Bcrypt
  BCRYPT_LOG_ROUNDS: [12, "Flask-Bcrypt"],
};

/** Whether a default is known for `key`. */
export function hasDefault(key: string): boolean {
  return Object.prototype.hasOwnProperty.call(DEFAULTS, key);
}

/**
 * The default of `key` as a value anchored at `origin` (typically the `Flask(...)` call), and who
 * defines it; null when no default is known. `defaultValue("SESSION_COOKIE_SECURE", o)` →
 * `{ value: False, definedBy: "Flask" }`.
 */
export function defaultValue(key: string, origin: Origin): { value: Value; definedBy: string } | null {
  if (!hasDefault(key)) return null;
  const [plain, definedBy] = DEFAULTS[key]!;
  return { value: toValue(plain, origin), definedBy };
}

function toValue(plain: Plain, origin: Origin): Value {
  if (plain === null) return { kind: "none", origin };
  if (typeof plain === "string") return { kind: "str", value: plain, bytes: false, origin };
  if (typeof plain === "number") return { kind: "number", value: plain, float: false, origin };
  if (typeof plain === "boolean") return { kind: "bool", value: plain, origin };
  if (Array.isArray(plain)) return { kind: "list", items: plain.map((p) => toValue(p, origin)), origin };
  return { kind: "timedelta", seconds: plain.seconds, origin };
}
