/**
 * @fileoverview How the model infers the environment a configuration targets: from names
 * (`ProductionConfig`, `config["testing"]`, `local_settings`), from environment checks
 * (`if os.environ.get("FLASK_ENV") == "production":`), and from values (`TESTING = True`,
 * `ENV = "development"`). The user's `production-configs` setting overrides all of it.
 */
import type { Environment } from "./types.js";

/**
 * Classifies a class, module or key name by its words: `DevelopmentConfig` and `local_settings` →
 * development, `TestConfig` → testing, `ProdConfig` and `"production"` → production,
 * `DeviceConfig` → unknown.
 */
export function environmentFromName(name: string): Environment {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .map((w) => w.toLowerCase())
    .filter((w) => w.length > 0);
  if (words.some((w) => /^(test|tests|testing|unittest|pytest)$/.test(w))) return "testing";
  if (words.some((w) => /^(dev|devel|develop|development|local|debug)$/.test(w))) return "development";
  if (words.some((w) => /^(prod|production|live|release|deploy|deployment|staging|stage)$/.test(w))) {
    return "production";
  }
  return "unknown";
}

/** Names of environment variables that select an environment (`FLASK_ENV`, `APP_ENV`, `CONFIG_NAME`...). */
export function isEnvironmentSelector(variable: string): boolean {
  return /(^|_)(ENV|ENVIRONMENT|STAGE|MODE|CONFIG|SETTINGS|PROFILE)(_|$)|^FLASK_CONFIG|^APP_SETTINGS/i.test(variable);
}
