#!/usr/bin/env node
/**
 * @fileoverview The `flaskguard` executable: runs the CLI on the process's arguments and sets the
 * exit status.
 */

import { processIo } from "./io.js";
import { runCliAsync } from "./program.js";

process.exitCode = await runCliAsync(process.argv.slice(2), processIo());
