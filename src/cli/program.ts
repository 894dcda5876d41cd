/**
 * @fileoverview The command-line grammar (commander): `check`, `rules` and `explain`, with
 * exit-status mapping: commander's own errors and our usage/config errors exit with 2,
 * `--help`/`--version` with 0.
 */

import { Command, CommanderError, InvalidArgumentError, Option } from "commander";

import { ConfigError } from "../config/config.js";
import { SEVERITIES } from "../core/types.js";
import type { Severity } from "../core/types.js";
import { FORMATS } from "../reporters/index.js";
import type { Format } from "../reporters/index.js";
import { runCheck, runCheckAsync } from "./check.js";
import { EXIT, UsageError } from "./io.js";
import { registerLspCommand } from "./lsp-command.js";
import type { CliIo } from "./io.js";
import { packageVersion } from "./package-info.js";
import { runModel } from "./model-command.js";
import { registerProbeCommand } from "./probe-command.js";
import { runExplain, runRules } from "./rules-command.js";

/**
 * Runs the CLI with `argv` (without the node and script entries) and returns the exit status.
 * Never throws for user errors; an unexpected exception is printed and yields status 2.
 * Asynchronous commands (`probe`) need `runCliAsync`.
 */
export function runCli(
  argv: readonly string[],
  io: CliIo,
  defer: (status: Promise<number>) => void = SYNC_ONLY,
): number {
  let status: number = EXIT.ok;
  const program = buildProgram(
    io,
    (code) => {
      status = code;
    },
    defer,
  );
  try {
    program.parse([...argv], { from: "user" });
  } catch (error) {
    return reportFailure(error, io);
  }
  return status;
}

/** The `defer` of `runCli` without an asynchronous caller: `check` then scans in this thread. */
const SYNC_ONLY = (): void => {
  throw new UsageError("this command runs asynchronously; call runCliAsync");
};

/** Like `runCli`, and also waits for asynchronous commands (`probe`); the executable uses this. */
export async function runCliAsync(argv: readonly string[], io: CliIo): Promise<number> {
  let pending: Promise<number> | null = null;
  const status = runCli(argv, io, (promise) => {
    pending = promise;
  });
  if (pending === null) return status;
  try {
    return await (pending as Promise<number>);
  } catch (error) {
    return reportFailure(error, io);
  }
}

/** Maps an exception of a command to its exit status, printing what the user needs to see. */
function reportFailure(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) {
    const helpOrVersion = ["commander.helpDisplayed", "commander.version", "commander.help"].includes(error.code);
    return helpOrVersion && error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof UsageError || error instanceof ConfigError) {
    io.stderr.write(`flaskguard: error: ${error.message}\n`);
    return EXIT.usage;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr.write(`flaskguard: internal error (please report it): ${detail}\n`);
  return EXIT.usage;
}

function buildProgram(io: CliIo, setStatus: (code: number) => void, defer: (status: Promise<number>) => void): Command {
  const program = new Command("flaskguard");
  program
    .description("Security analyzer for Flask applications: whole-project checks for CSRF, sessions, headers, rate limits, uploads, secrets, debug mode and injection.")
    .version(packageVersion(), "-V, --version", "print the version and exit")
    .helpOption("-h, --help", "show help")
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(text.startsWith("error:") ? `flaskguard: ${text}` : text),
    })
    .exitOverride()
    .showSuggestionAfterError()
    .addHelpText(
      "after",
      "\nExit status: 0 no finding at or above --fail-on, 1 findings, 2 usage or configuration error.\nRun `flaskguard check --help` for the scan options.",
    );

  program
    .command("check", { isDefault: false })
    .description("scan Python files under PATH... (default: the current directory)")
    .argument("[paths...]", "files or directories to scan")
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("text"))
    .option("-o, --output <file>", "write the report to FILE instead of standard output")
    .option("--select <rules>", "only run these rules (codes, names or categories; comma-separated, repeatable)", collectList)
    .option("--ignore <rules>", "skip these rules (codes, names or categories; comma-separated, repeatable)", collectList)
    .addOption(new Option("--fail-on <severity>", "exit 1 only for findings at or above this severity (default: low)").choices(SEVERITIES))
    .addOption(new Option("--severity-threshold <severity>", "alias of --fail-on").choices(SEVERITIES))
    .option("-c, --config <file>", "read configuration from FILE (default: nearest flaskguard.toml or pyproject.toml with [tool.flaskguard])")
    .option("--baseline <file>", "report only findings that are not recorded in this baseline file")
    .option("--write-baseline <file>", "record the current findings in FILE (then they are not reported)")
    .option("--no-color", "never use colours (also honoured: the NO_COLOR environment variable)")
    .option("-q, --quiet", "print findings and errors only, no summary", false)
    .option("--statistics", "add counts by severity, category and rule to the text report", false)
    .option("--preview", "also run rules that are still in preview")
    .option("-j, --jobs <n>", "worker threads for large scans (default: the number of cores; 1: no workers)", parseJobs)
    .option("--no-cache", "neither read nor write the result cache (.flaskguard_cache/ in the scan root)")
    .option("--fix", "apply the safe fixes rules offer and write the files back (UTF-8 files only), then report what remains")
    .option("--unsafe-fixes", "with --fix, also apply unsafe fixes (they change behaviour: review the diff)")
    .action((paths: string[], opts: RawCheckOptions) => {
      const failOn = resolveFailOn(opts.failOn, opts.severityThreshold);
      if (opts.unsafeFixes && !opts.fix) throw new UsageError("--unsafe-fixes needs --fix");
      // The executable (runCliAsync) scans with worker threads; runCli scans in this thread.
      const check = defer === SYNC_ONLY ? runCheck : (...args: Parameters<typeof runCheck>): number => (defer(runCheckAsync(...args)), EXIT.ok);
      setStatus(
        check(
          paths,
          {
            format: opts.format,
            output: opts.output,
            select: opts.select,
            ignore: opts.ignore,
            failOn,
            config: opts.config,
            baseline: opts.baseline,
            writeBaseline: opts.writeBaseline,
            color: opts.color,
            quiet: opts.quiet,
            statistics: opts.statistics,
            preview: opts.preview,
            jobs: opts.jobs,
            cache: opts.cache,
            fix: opts.fix ? (opts.unsafeFixes ? "unsafe" : "safe") : undefined,
          },
          io,
        ),
      );
    });

  program
    .command("rules")
    .description("list every rule: code, name, category, severity, fixable, summary")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json", "markdown"]).default("text"))
    .action((opts: { format: "text" | "json" | "markdown" }) => setStatus(runRules(opts.format, io)));

  program
    .command("explain")
    .description("print the documentation of RULE (a code such as FG201 or a name)")
    .argument("<rule>", "rule code or name")
    .action((rule: string) => setStatus(runExplain(rule, io)));

  program
    .command("model")
    .description("print the Flask project model as JSON: apps, configurations (environment, effective values, provenance), extensions, blueprints, routes")
    .argument("[paths...]", "files or directories (default: the current directory)")
    .option("-c, --config <file>", "read configuration from FILE (for production-configs and exclude)")
    .option("-o, --output <file>", "write the JSON to FILE")
    .action((paths: string[], opts: { config?: string; output?: string }) => setStatus(runModel(paths, opts, io)));

  registerProbeCommand(program, io, defer);
  registerLspCommand(program, defer);

  return program;
}

interface RawCheckOptions {
  format: Format;
  output?: string;
  select?: string[];
  ignore?: string[];
  failOn?: Severity;
  severityThreshold?: Severity;
  config?: string;
  baseline?: string;
  writeBaseline?: string;
  color: boolean;
  quiet: boolean;
  statistics: boolean;
  preview?: boolean;
  jobs?: number;
  cache: boolean;
  fix?: boolean;
  unsafeFixes?: boolean;
}

function collectList(value: string, previous: string[] | undefined): string[] {
  const items = value.split(",").map((item) => item.trim()).filter((item) => item.length > 0);
  if (items.length === 0) throw new InvalidArgumentError("expected at least one rule code, name or category");
  return [...(previous ?? []), ...items];
}

function parseJobs(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 1024) {
    throw new InvalidArgumentError("expected a whole number from 1 to 1024");
  }
  return Number(value);
}

function resolveFailOn(failOn: Severity | undefined, threshold: Severity | undefined): Severity | undefined {
  if (failOn !== undefined && threshold !== undefined && failOn !== threshold) {
    throw new UsageError(`--fail-on ${failOn} and --severity-threshold ${threshold} disagree; give one of them`);
  }
  return failOn ?? threshold;
}
