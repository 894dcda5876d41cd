/**
 * @fileoverview Loads the official SARIF 2.1.0 JSON schema shipped in @microsoft/jest-sarif and
 * compiles it with Ajv. The schema is draft-04; it uses no keyword whose meaning changed in
 * draft-07 except `id`, which is renamed to `$id` before compiling.
 */

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { Ajv } from "ajv";
import type { ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

const require = createRequire(import.meta.url);

/** Compiles the SARIF schema; returns Ajv's validate function. */
export function sarifValidator(): ValidateFunction {
  const packageDir = path.dirname(require.resolve("@microsoft/jest-sarif/package.json"));
  const schemaPath = path.join(packageDir, "lib", "schemas", "sarif-2.1.0-rtm.5.json");
  const schema = JSON.parse(readFileSync(schemaPath, "utf8")) as Record<string, unknown>;
  delete schema["$schema"];
  schema["$id"] = schema["id"];
  delete schema["id"];
  // The schema's `language` pattern has a stray `]`, which is only legal without the `u` flag.
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
  addFormats(ajv);
  return ajv.compile(schema);
}
