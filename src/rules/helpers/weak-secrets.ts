/**
 * @fileoverview Known weak or public secret values: placeholders from tutorials and templates
 * (`dev`, `changeme`, `secret`, `your-secret-key`, ...) and the example key printed in Flask's own
 * documentation. A key equal to one of these is as good as public.
 */

const WEAK_EXACT = new Set([
  "dev", "development", "develop", "debug", "test", "testing", "secret", "secretkey", "secret_key", "secret-key",
  "secret key", "mysecret", "mysecretkey", "my_secret_key", "my-secret-key", "supersecret", "super_secret",
  "super-secret", "supersecretkey", "super_secret_key", "super-secret-key", "super secret key", "changeme",
  "change_me", "change-me", "change me", "changethis", "change_this", "change-this", "replaceme", "replace_me",
  "replace-me", "default", "password", "passw0rd", "key", "flask", "flask-secret", "flask_secret", "insecure",
  "notsecret", "not-secret", "not_secret", "notasecret", "example", "placeholder", "todo", "abc123", "qwerty",
  "s3cr3t", "hard to guess string", "hard-to-guess-string", "you-will-never-guess", "your-secret-key",
  "your_secret_key", "yoursecretkey", "your secret key", "your-secret-key-here", "dev-key", "dev_key",
  "devkey", "dev-secret", "dev_secret", "development-key", "development_key", "test-key", "test_key",
]);

/** The example secret key from Flask's quickstart (`b'_5#y2L"F4Q8z\n\xec]/'`), as latin-1 text. */
const FLASK_DOCS_EXAMPLE_KEY = '_5#y2L"F4Q8z\n\xec]/';

/**
 * Whether `value` (a str, or bytes as latin-1 text) is a known weak or public secret:
 * `isWeakSecret("changeme")` and `isWeakSecret("123456")` are true, a random 64-character hex
 * string is not. `extra` adds project-specific values (compared case-insensitively).
 */
export function isWeakSecret(value: string, extra: readonly string[] = []): boolean {
  if (value === FLASK_DOCS_EXAMPLE_KEY) return true;
  const v = value.trim().toLowerCase();
  if (WEAK_EXACT.has(v)) return true;
  if (extra.some((e) => e.toLowerCase() === v)) return true;
  if (/^(x+|\*+|0+|1234\d*|12345678\d*|a+)$/.test(v)) return true;
  if (/^(change|replace)[-_ ]?(me|this|it)\b/.test(v)) return true;
  return false;
}
