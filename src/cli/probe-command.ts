/**
 * @fileoverview `flaskguard probe URL`: option parsing and validation, the safety rules (loopback
 * only unless --allow-remote, request/time/concurrency bounds, --dry-run), running the probe and
 * rendering its findings with the same reporters as `check`. Network problems are one-line
 * messages with exit status 2.
 */

import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

import { Command, InvalidArgumentError, Option } from "commander";

import { isConfigTextPath, moduleNameForPath } from "../core/analyzer.js";
import { SEVERITIES } from "../core/types.js";
import type { Severity } from "../core/types.js";
import { ProbeClient, ProbeNetworkError } from "../probe/client.js";
import { DEFAULT_SESSION_COOKIES } from "../probe/checks/cookies.js";
import { formatBytes } from "../probe/checks/result.js";
import { projectHints } from "../probe/discover.js";
import type { ProjectHints } from "../probe/discover.js";
import { formatPlan, planProbe, planTotal } from "../probe/plan.js";
import type { ProbeConfig } from "../probe/plan.js";
import { PROBE_RULES } from "../probe/rules.js";
import { runProbe } from "../probe/run.js";
import { parseTarget, resolvePath, TargetError } from "../probe/target.js";
import { buildFlaskModel } from "../project/build.js";
import type { TextFileView } from "../project/types.js";
import { parseBytes } from "../python/index.js";
import { atLeast, FORMATS, REPORTERS } from "../reporters/index.js";
import type { FileView } from "../rules/types.js";
import { SemanticModel } from "../semantic/model.js";
import type { Format, ReportContext } from "../reporters/index.js";
import { collectSources, scanSettings, useColor } from "./check.js";
import { EXIT, UsageError } from "./io.js";
import type { CliIo } from "./io.js";
import { PACKAGE_ROOT, packageVersion } from "./package-info.js";

/** Options of `flaskguard probe`, as parsed from the command line. */
export interface ProbeCommandOptions {
  format: Format;
  output?: string;
  failOn?: Severity;
  color: boolean;
  quiet: boolean;
  statistics: boolean;
  loginPath?: string;
  formPath?: string;
  uploadPath?: string;
  uploadField?: string;
  uploadMax?: number;
  loginAttempts: number;
  project?: string;
  sessionCookie?: string[];
  maxCookieLifetime: number;
  allowRemote: boolean;
  maxRequests: number;
  timeout: number;
  concurrency: number;
  ca?: string;
  insecure: boolean;
  header?: string[];
  dryRun: boolean;
}

/** Adds the `probe` subcommand; `defer` receives the promise of the exit status. */
export function registerProbeCommand(program: Command, io: CliIo, defer: (status: Promise<number>) => void): void {
  program
    .command("probe")
    .description("send a small, bounded set of requests to a running Flask app and check what it really does (headers, cookies, CSRF, rate limit, upload limit, debug mode, banner)")
    .argument("<url>", "the app's base URL, e.g. http://127.0.0.1:5000 (loopback only unless --allow-remote)")
    .option("--login-path <path>", "login endpoint for the rate-limit check, e.g. /auth/login (sends only deliberately wrong credentials)")
    .option("--form-path <path>", "page whose POST form the CSRF check uses (default: the login page, else the start page)")
    .option("--upload-path <path>", "upload endpoint for the upload-limit check, e.g. /upload")
    .option("--upload-field <name>", "multipart field of the file (default: the form's file input, else `file`)")
    .option("--upload-max <size>", "expected maximum upload size (bytes, or with K/M/G = powers of 1024; default: the project's MAX_CONTENT_LENGTH, else 16M)", parseSize)
    .option("--project <path>", "read the Flask project at PATH to discover the login path, an upload path, MAX_CONTENT_LENGTH and cookie names (options given explicitly win)")
    .option("--login-attempts <n>", "most wrong login attempts to send (1-20)", integerIn(1, 20), 6)
    .option("--session-cookie <name>", "session or remember-me cookie name (repeatable; default: session, remember_token, and names containing session/remember)", collect)
    .option("--max-cookie-lifetime <hours>", "longest allowed session cookie lifetime in hours", numberIn(0, 24 * 3650), 24)
    .option("--allow-remote", "allow targets outside 127.0.0.0/8, ::1 and localhost (only servers you may test)", false)
    .option("--max-requests <n>", "hard cap on requests for the whole run (1-1000)", integerIn(1, 1000), 50)
    .option("--timeout <seconds>", "time limit of each request in seconds", numberIn(0.1, 300), 10)
    .option("--concurrency <n>", "requests in flight at once (1-8)", integerIn(1, 8), 2)
    .option("--ca <file>", "trust this PEM certificate or CA (self-signed HTTPS test servers)")
    .option("--insecure", "accept any TLS certificate", false)
    .option("-H, --header <header>", "add `Name: value` to every request, e.g. an authenticated Cookie (repeatable)", collect)
    .option("--dry-run", "print the planned requests and exit without sending anything", false)
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("text"))
    .option("-o, --output <file>", "write the report to FILE instead of standard output")
    .addOption(new Option("--fail-on <severity>", "exit 1 only for findings at or above this severity (default: low)").choices(SEVERITIES))
    .option("--no-color", "never use colours (also honoured: the NO_COLOR environment variable)")
    .option("-q, --quiet", "print findings only, no notes or summary", false)
    .option("--statistics", "add counts by severity, category and rule to the text report", false)
    .addHelpText(
      "after",
      "\nExit status: 0 no finding at or above --fail-on, 1 findings, 2 usage error or the target could not be probed.\nSee docs/probe.md for every check and its rule code (FGP01-FGP15).",
    )
    .action((url: string, options: ProbeCommandOptions) => defer(runProbeCommand(url, options, io)));
}

/** Runs `flaskguard probe` and resolves to the exit status. Rejects with `UsageError` for usage problems. */
export async function runProbeCommand(url: string, options: ProbeCommandOptions, io: CliIo): Promise<number> {
  const hints = options.project === undefined ? null : loadProjectHints(options.project, io);
  const config = buildConfig(url, options, hints);
  if (hints !== null && !options.quiet) {
    for (const note of hintNotes(hints, options)) io.stderr.write(`flaskguard probe: project: ${note}\n`);
  }
  const plan = planProbe(config);
  if (planTotal(plan) > options.maxRequests) {
    throw new UsageError(
      `the planned checks need up to ${planTotal(plan)} requests but --max-requests is ${options.maxRequests}; raise it or lower --login-attempts (see --dry-run)`,
    );
  }
  if (options.dryRun) {
    io.stdout.write(formatPlan(plan, config));
    return EXIT.ok;
  }
  const client = new ProbeClient({
    allowRemote: options.allowRemote,
    timeoutMs: Math.round(options.timeout * 1000),
    maxRequests: options.maxRequests,
    concurrency: options.concurrency,
    ca: options.ca === undefined ? undefined : readCa(options.ca, io),
    insecureTls: options.insecure,
    headers: parseHeaders(options.header ?? []),
    userAgent: `flaskguard-probe/${packageVersion()}`,
  });
  let outcome;
  try {
    outcome = await runProbe(config, client);
  } catch (error) {
    if (error instanceof ProbeNetworkError) {
      io.stderr.write(`flaskguard probe: error: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
  if (options.format === "text" && !options.quiet) {
    for (const note of outcome.notes) io.stderr.write(`flaskguard probe: ${note}\n`);
  }
  const report = REPORTERS[options.format]({ findings: outcome.findings, errors: [] }, reportContext(config, outcome.requests, options, io));
  if (options.output !== undefined) {
    const file = path.resolve(io.cwd, options.output);
    try {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, report);
    } catch (error) {
      throw new UsageError(`--output: cannot write ${file}: ${(error as Error).message}`);
    }
  } else {
    io.stdout.write(report);
  }
  const failOn = options.failOn ?? "low";
  return outcome.findings.some((f) => atLeast(f.severity, failOn)) ? EXIT.findings : EXIT.ok;
}

/** Validates the target and path options into a probe configuration. */
export function buildConfig(url: string, options: ProbeCommandOptions, hints: ProjectHints | null = null): ProbeConfig {
  try {
    const target = parseTarget(url, options.allowRemote);
    const optional = (value: string | undefined, flag: string) => (value === undefined ? null : resolvePath(target, value, flag));
    return {
      target,
      loginPath: optional(options.loginPath ?? hints?.loginPath?.value, "--login-path"),
      formPath: optional(options.formPath, "--form-path"),
      uploadPath: optional(options.uploadPath ?? hints?.uploadPath?.value, "--upload-path"),
      uploadField: options.uploadField ?? null,
      uploadMax: options.uploadMax ?? hints?.uploadMax?.value ?? DEFAULT_UPLOAD_MAX,
      loginAttempts: options.loginAttempts,
      sessionCookies: options.sessionCookie ?? [...new Set([...DEFAULT_SESSION_COOKIES, ...(hints?.sessionCookies?.value ?? [])])],
      maxCookieLifetime: Math.round(options.maxCookieLifetime * 3600),
    };
  } catch (error) {
    if (error instanceof TargetError) throw new UsageError(error.message);
    throw error;
  }
}

/** Default expected upload maximum when neither --upload-max nor the project says one. */
const DEFAULT_UPLOAD_MAX = 16 * 1024 * 1024;

/**
 * Reads the project at `projectPath` (its Python and config text files, honouring the project's
 * flaskguard configuration: excludes, production-configs, login-routes) and asks the Flask model
 * for probe hints.
 */
export function loadProjectHints(projectPath: string, io: CliIo): ProjectHints {
  const absolute = path.resolve(io.cwd, projectPath);
  if (!existsSync(absolute)) throw new UsageError(`--project: path not found: ${projectPath}`);
  const root = statSync(absolute).isDirectory() ? absolute : path.dirname(absolute);
  const settings = scanSettings(root, io.cwd, undefined, {});
  const { read } = collectSources([projectPath], io.cwd, root, settings);
  const files: FileView[] = [];
  const textFiles: TextFileView[] = [];
  for (const input of read.inputs) {
    if (isConfigTextPath(input.path)) {
      textFiles.push({ path: input.path, text: Buffer.from(input.bytes).toString("utf8") });
      continue;
    }
    if (!input.path.endsWith(".py")) continue;
    const parsed = parseBytes(input.bytes, { filename: input.path });
    // A file that does not parse is simply left out: `flaskguard check` reports it.
    if (parsed.module === null) continue;
    const { moduleName, isPackage } = moduleNameForPath(input.path);
    files.push({
      path: input.path,
      text: parsed.text,
      module: parsed.module,
      comments: parsed.comments,
      semantic: SemanticModel.build(parsed.module, { moduleName, isPackage }),
      moduleName,
      isPackage,
    });
  }
  if (files.length === 0) throw new UsageError(`--project: no Python files found under ${projectPath}`);
  const model = buildFlaskModel({ files }, { productionConfigs: settings.analyze.productionConfigs ?? [], textFiles });
  return projectHints(model, settings.analyze.loginRoutes ?? []);
}

/** What the project contributed, one line each (explicit options win and are said to). */
function hintNotes(hints: ProjectHints, options: ProbeCommandOptions): string[] {
  const notes: string[] = [];
  const line = (label: string, shown: string | null, why: string | undefined, explicit: boolean, flag: string) => {
    if (shown === null) notes.push(`no ${label} found in the project${explicit ? "" : ` (give ${flag})`}`);
    else notes.push(`${label} ${shown} from ${why}${explicit ? ` (${flag} given, so not used)` : ""}`);
  };
  line("login path", hints.loginPath?.value ?? null, hints.loginPath?.why, options.loginPath !== undefined, "--login-path");
  line("upload path", hints.uploadPath?.value ?? null, hints.uploadPath?.why, options.uploadPath !== undefined, "--upload-path");
  line(
    "upload maximum",
    hints.uploadMax === null ? null : formatBytes(hints.uploadMax.value),
    hints.uploadMax?.why,
    options.uploadMax !== undefined,
    "--upload-max",
  );
  if (hints.sessionCookies !== null) {
    line("session cookie names", hints.sessionCookies.value.join(", "), hints.sessionCookies.why, options.sessionCookie !== undefined, "--session-cookie");
  }
  return notes;
}

function reportContext(config: ProbeConfig, requests: number, options: ProbeCommandOptions, io: CliIo): ReportContext {
  const rules = new Map(PROBE_RULES.map((meta) => [meta.code, meta]));
  const ruleDocs = new Map<string, string>();
  if (options.format === "sarif") {
    for (const meta of PROBE_RULES) {
      try {
        ruleDocs.set(meta.code, readFileSync(path.join(PACKAGE_ROOT, meta.docs), "utf8"));
      } catch {
        // No page shipped: SARIF falls back to the summary and help text.
      }
    }
  }
  return {
    toolVersion: packageVersion(),
    rules,
    sources: new Map(),
    ruleDocs,
    filesScanned: requests,
    subject: { noun: "request", verb: "sent" },
    rootUri: `${config.target.origin}/`,
    color: useColor(options, io),
    quiet: options.quiet,
    statistics: options.statistics,
  };
}

function readCa(file: string, io: CliIo): string {
  try {
    return readFileSync(path.resolve(io.cwd, file), "utf8");
  } catch (error) {
    throw new UsageError(`--ca: cannot read ${file}: ${(error as Error).message}`);
  }
}

/** Parses `Name: value` header options. */
export function parseHeaders(values: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const value of values) {
    const colon = value.indexOf(":");
    const name = colon === -1 ? "" : value.slice(0, colon).trim();
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new UsageError(`--header: expected \`Name: value\`, got ${JSON.stringify(value)}`);
    headers[name.toLowerCase()] = value.slice(colon + 1).trim();
  }
  return headers;
}

/** Parses a size: `5242880`, `512K`, `5M`, `5MB`, `5MiB`, `1G` (K/M/G are powers of 1024). */
export function parseSize(value: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*$/i.exec(value);
  if (!match) throw new InvalidArgumentError("expected a size such as 5242880, 512K, 5M or 1G");
  const factor = { "": 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2]!.toLowerCase() as "" | "k" | "m" | "g"];
  const bytes = Math.round(Number(match[1]) * factor);
  if (bytes < 1 || bytes > 256 * 1024 ** 2) throw new InvalidArgumentError("expected a size from 1 byte to 256M");
  return bytes;
}

function integerIn(min: number, max: number): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}`);
    }
    return Number(value);
  };
}

function numberIn(min: number, max: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (value.trim() === "" || !Number.isFinite(number) || number < min || number > max) {
      throw new InvalidArgumentError(`expected a number from ${min} to ${max}`);
    }
    return number;
  };
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}
