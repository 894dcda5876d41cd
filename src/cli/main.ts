#!/usr/bin/env node
/**
 * @fileoverview The `flaskguard` executable: runs the CLI on the process's arguments and sets the
 * exit status.
 */

import { processIo } from "./io.js";
import { runCliAsync } from "./program.js";

// A reader that stops early (`flaskguard check . | head`) closes the pipe: the rest of the output
// is dropped quietly and the exit status still tells whether there were findings.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
  });
}

process.exitCode = await runCliAsync(process.argv.slice(2), processIo());
