/**
 * @fileoverview Upload size limit, decided from the answer to one upload larger than the expected
 * maximum: it must be 413 Request Entity Too Large. Pure.
 */

import { header } from "../types.js";
import type { ProbeResponse } from "../types.js";
import { formatBytes } from "./result.js";
import type { CheckResult } from "./result.js";

/** What the probe sent and got for the upload check. */
export interface UploadObservation {
  uploadPath: string;
  /** Size of the request body that was sent (or started). */
  sentBytes: number;
  /** The configured expected maximum. */
  expectedMax: number;
  /** The answer, or null when the server closed the connection without answering. */
  response: ProbeResponse | null;
}

/** Evaluates the upload observation. */
export function checkUploadLimit(observation: UploadObservation): CheckResult {
  const { uploadPath, sentBytes, expectedMax, response } = observation;
  if (response === null) {
    return {
      issues: [],
      notes: [`upload limit: inconclusive, the server closed the connection during the ${formatBytes(sentBytes)} upload to ${uploadPath} without an answer`],
    };
  }
  if (response.status === 413) {
    return { issues: [], notes: [`upload limit: ${formatBytes(sentBytes)} to ${uploadPath} was rejected with 413`] };
  }
  const location = header(response, "location") ?? "";
  const needsLogin = response.status === 401 || response.status === 403 || (response.status >= 300 && response.status < 400 && /log-?in|sign-?in|auth/i.test(location));
  const hint = needsLogin
    ? ` The endpoint seems to require a login (${response.status === 401 || response.status === 403 ? response.status : `redirect to ${location}`}) and answered before reading the body; pass a session cookie with --header "Cookie: session=…" to test the limit behind the login.`
    : "";
  return {
    issues: [
      {
        code: "FGP12",
        path: uploadPath,
        message: `An upload of ${formatBytes(sentBytes)} to ${uploadPath}, more than the expected maximum of ${formatBytes(expectedMax)}, was answered with ${response.status} instead of 413${hint === "" ? ": the app accepts request bodies of any size there." : "."}${hint}`,
        help: "Set MAX_CONTENT_LENGTH (e.g. 5 * 1024 * 1024) so Flask rejects larger bodies with 413, and limit the body size at the reverse proxy too (nginx client_max_body_size).",
      },
    ],
    notes: [],
  };
}
