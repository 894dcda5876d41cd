/**
 * @fileoverview Where the installed package lives and its version, found relative to this module
 * so that it works from `src/cli/` (tsx), from `dist/cli/` (built) and from a global install.
 */

import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The package root (the directory holding package.json, docs/ and dist/). */
export const PACKAGE_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

/** The package version from package.json ("0.0.0" if it cannot be read). */
export function packageVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, "package.json"), "utf8")) as { version?: unknown };
    return typeof manifest.version === "string" ? manifest.version : "0.0.0";
  } catch {
    return "0.0.0";
  }
}
