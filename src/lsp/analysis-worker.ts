/**
 * @fileoverview Worker-thread entry of the language server's analysis: receives jobs, runs them
 * one at a time and posts back the outcome or the crash, so the server's own thread never blocks on
 * a scan and a crash never takes the server down. Only listens when started by the runner.
 */

import { parentPort, workerData } from "node:worker_threads";

import { handleJob } from "./analysis.js";
import type { AnalysisJob } from "./analysis.js";

if (parentPort && (workerData as { flaskguardAnalysis?: boolean } | null)?.flaskguardAnalysis === true) {
  const port = parentPort;
  port.on("message", (message: { id: number; job: AnalysisJob }) => {
    port.postMessage(handleJob(message.id, message.job));
  });
}
