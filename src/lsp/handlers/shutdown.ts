/**
 * @fileoverview `shutdown`: stops scheduled and running analyses and the worker, so that the
 * following `exit` notification ends the process promptly.
 */

import type { Session } from "../session.js";

/** Handles `shutdown`. */
export function onShutdown(session: Session): void {
  session.dispose();
}
