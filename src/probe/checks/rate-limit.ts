/**
 * @fileoverview Login rate limiting, decided from the statuses of a bounded series of deliberately
 * wrong login attempts: a 429 must appear. Pure.
 */

import { isRejection, summarizeStatuses } from "./result.js";
import type { CheckResult } from "./result.js";

/** What the probe sent and got for the rate-limit check. */
export interface RateLimitObservation {
  loginPath: string;
  /** Statuses of the wrong attempts, in order (the probe stops at the first 429). */
  statuses: readonly number[];
  /** The configured maximum number of attempts. */
  maxAttempts: number;
  /** Seconds from the first to the last attempt. */
  seconds: number;
}

/** Evaluates the rate-limit observation. */
export function checkLoginRateLimit(observation: RateLimitObservation): CheckResult {
  const { loginPath, statuses, maxAttempts, seconds } = observation;
  if (statuses.includes(429)) {
    const before = statuses.indexOf(429);
    const when = before === 0 ? "429 at once (a limit from earlier attempts is still active)" : `429 after ${before} wrong attempt(s)`;
    return { issues: [], notes: [`rate limit: POST ${loginPath} answered ${when} (${summarizeStatuses(statuses)})`] };
  }
  if (statuses.length === 0) return { issues: [], notes: [`rate limit: no login attempt was sent to ${loginPath}`] };
  if (statuses.every(isRejection)) {
    return {
      issues: [],
      notes: [`rate limit: inconclusive, every attempt to ${loginPath} was rejected with 400/403 (${summarizeStatuses(statuses)}), probably by CSRF protection the probe could not satisfy`],
    };
  }
  return {
    issues: [
      {
        code: "FGP11",
        path: loginPath,
        message: `${statuses.length} wrong login attempts to ${loginPath} within ${Math.max(1, Math.ceil(seconds))} s were answered ${summarizeStatuses(statuses)} and never 429 Too Many Requests: passwords can be guessed at full speed.`,
        help: `Limit the login view with Flask-Limiter, e.g. @limiter.limit("5 per minute", methods=["POST"]), with shared storage (Redis) so every worker counts together. The probe expects a 429 within ${maxAttempts} attempts.`,
      },
    ],
    notes: [],
  };
}
