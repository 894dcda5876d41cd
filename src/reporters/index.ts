/**
 * @fileoverview The reporter registry: output format name → pure reporter function.
 */

import { formatGithub } from "./github.js";
import { formatJson } from "./json.js";
import { formatSarif } from "./sarif.js";
import { formatText } from "./text.js";
import type { Reporter } from "./types.js";

export type { ReportContext, ReportInput, Reporter } from "./types.js";
export { summarize, sortErrors, sortFindings, atLeast } from "./common.js";
export type { Summary } from "./common.js";

/** Supported `--format` values. */
export const FORMATS = ["text", "json", "sarif", "github"] as const;
export type Format = (typeof FORMATS)[number];

/** Reporter per format. */
export const REPORTERS: Readonly<Record<Format, Reporter>> = {
  github: formatGithub,
  json: formatJson,
  sarif: formatSarif,
  text: formatText,
};
