/**
 * @fileoverview CSRF enforcement, decided from two observed form POSTs: one without the token
 * (must be rejected with 400/403) and one with the token scraped from the form plus the session
 * cookie (must not be rejected). Pure.
 */

import type { ProbeIssue, ProbeResponse } from "../types.js";
import { isRejection } from "./result.js";
import type { CheckResult } from "./result.js";

/** What the probe sent and got for the CSRF check. */
export interface CsrfObservation {
  /** Path of the page that holds the form. */
  formPath: string;
  /** Path the form posts to. */
  actionPath: string;
  /** Name of the form's CSRF field, or null when the form has none. */
  tokenField: string | null;
  /** Answer to the POST without a token. */
  withoutToken: ProbeResponse;
  /** Answer to the POST with the token and session cookie (null when the form has no token). */
  withToken: ProbeResponse | null;
}

/** Evaluates the CSRF observation. */
export function checkCsrf(observation: CsrfObservation): CheckResult {
  const { formPath, actionPath, tokenField, withoutToken, withToken } = observation;
  const issues: ProbeIssue[] = [];
  const notes: string[] = [];
  if (withoutToken.status === 429) {
    notes.push(`csrf: inconclusive, POST ${actionPath} without a token was rate limited (429); run the probe again in a minute`);
    return { issues, notes };
  }
  if (!isRejection(withoutToken.status)) {
    const what = tokenField === null
      ? `The form on ${formPath} has no CSRF token field, and its POST to ${actionPath}`
      : `A POST to ${actionPath} with the form's \`${tokenField}\` field left out`;
    issues.push({
      code: "FGP09",
      path: actionPath,
      message: `${what} was answered with ${withoutToken.status} instead of 400 or 403: the request reached the view, so another site can submit this form in a logged-in user's name.`,
      help: "Bind Flask-WTF's CSRFProtect to the app (csrf.init_app(app)), keep WTF_CSRF_ENABLED on, and put `{{ csrf_token() }}` in every POST form.",
    });
    return { issues, notes };
  }
  if (withToken !== null && withToken.status !== 429 && isRejection(withToken.status)) {
    issues.push({
      code: "FGP10",
      path: actionPath,
      message: `POST ${actionPath} was rejected without the token (${withoutToken.status}) but also with the form's own \`${tokenField}\` and the session cookie (${withToken.status}): the rejection may not come from CSRF protection, or the form is broken for real users.`,
      help: "Check that the token in the form matches the session (same SECRET_KEY on every worker, session cookie not rejected over HTTP because of Secure), and that WTF_CSRF_SSL_STRICT's Referer check passes; then run the probe again.",
    });
    return { issues, notes };
  }
  notes.push(
    `csrf: enforced on POST ${actionPath} (${withoutToken.status} without a token${withToken === null ? "" : `, ${withToken.status} with the form's token`})`,
  );
  return { issues, notes };
}
