/**
 * @fileoverview `flaskguard lsp`: runs the language server over standard input/output, for
 * editors (VS Code, Neovim, Helix, Emacs; see docs/editor.md). `--stdio` is accepted because
 * many clients pass it; it is the only transport.
 */

import type { Command } from "commander";

/** Adds the `lsp` subcommand; `defer` receives the promise of the exit status. */
export function registerLspCommand(program: Command, defer: (status: Promise<number>) => void): void {
  program
    .command("lsp")
    .description("run the language server on standard input/output: editors show findings as diagnostics, with quick fixes (see docs/editor.md)")
    .option("--stdio", "talk over standard input/output (the default and only transport)")
    // Loaded on use: the language server library is not needed by the other commands.
    .action(() => defer(import("../lsp/server.js").then((server) => server.startStdioServer())));
}
