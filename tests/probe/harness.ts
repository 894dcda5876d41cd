/**
 * @fileoverview Test harness for the probe: runs the CLI in-process through the asynchronous entry
 * point, checks that the system packages the example-app tests need are installed (failing with the
 * names of the missing ones), and starts/stops redis-server and the example apps on loopback.
 */

import { spawn, spawnSync } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { runCliAsync } from "../../src/cli/program.js";

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
export const PYTHON = "/usr/bin/python3";
const LAUNCHER = path.join(REPO_ROOT, "tests", "probe", "serve_example.py");

/** Output and status of one in-process CLI run. */
export interface CliRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `flaskguard …` in-process (asynchronous commands included). */
export async function runCliCaptured(argv: string[], cwd: string = REPO_ROOT): Promise<CliRun> {
  let stdout = "";
  let stderr = "";
  const status = await runCliAsync(argv, {
    cwd,
    env: {},
    stdout: { write: (text: string) => (stdout += text), isTTY: false },
    stderr: { write: (text: string) => (stderr += text), isTTY: false },
  });
  return { status, stdout, stderr };
}

/** Python modules the example apps need, with the Debian package that provides each. */
const PYTHON_MODULES: [string, string][] = [
  ["flask", "python3-flask"],
  ["flask_wtf", "python3-flaskext.wtf"],
  ["flask_login", "python3-flask-login"],
  ["flask_limiter", "python3-flask-limiter"],
  ["flask_talisman", "python3-flask-talisman"],
  ["redis", "python3-redis"],
  ["gunicorn", "python3-gunicorn"],
];

/**
 * The system prerequisites that are missing (Debian package names), empty when everything is
 * there. CI installs them in `.ci/run`; the tests fail (not skip) when any is missing.
 */
export function missingPrerequisites(): string[] {
  const missing: string[] = [];
  const python = spawnSync(PYTHON, ["--version"], { encoding: "utf8" });
  if (python.status !== 0) return [`python3 (${PYTHON})`, ...PYTHON_MODULES.map(([, pkg]) => pkg)];
  for (const [module, pkg] of PYTHON_MODULES) {
    if (spawnSync(PYTHON, ["-c", `import ${module}`], { encoding: "utf8" }).status !== 0) missing.push(pkg);
  }
  if (process.env["FLASKGUARD_TEST_REDIS_URL"] === undefined && spawnSync("redis-server", ["--version"]).status !== 0) {
    missing.push("redis-server");
  }
  if (spawnSync("openssl", ["version"]).status !== 0) missing.push("openssl");
  return missing;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

/** A started background process. */
export interface Service {
  process: ChildProcess;
  /** Output seen so far (for failure messages). */
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts a process and waits until `ready` matches its output (stdout or stderr). */
export function startService(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; ready: RegExp; timeoutMs: number; name: string },
): Promise<{ service: Service; match: RegExpMatchArray }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    let done = false;
    const stop = () =>
      new Promise<void>((resolveStop) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolveStop();
        const force = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.once("exit", () => {
          clearTimeout(force);
          resolveStop();
        });
        child.kill("SIGTERM");
      });
    const service: Service = { process: child, output: () => output, stop };
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      void stop();
      reject(new Error(`${options.name} did not start within ${options.timeoutMs / 1000} s:\n${output}`));
    }, options.timeoutMs);
    const onData = (chunk: Buffer) => {
      output += chunk.toString("utf8");
      const match = output.match(options.ready);
      if (match && !done) {
        done = true;
        clearTimeout(timer);
        resolve({ service, match });
      }
    };
    child.stdout!.on("data", onData);
    child.stderr!.on("data", onData);
    child.once("error", (error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(new Error(`${options.name} could not be started: ${error.message}`));
    });
    child.once("exit", (code, signal) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      reject(new Error(`${options.name} exited (${signal ?? code}) before it was ready:\n${output}`));
    });
  });
}

/** Starts a private redis-server (no persistence) or uses FLASKGUARD_TEST_REDIS_URL. */
export async function startRedis(): Promise<{ url: string; stop: () => Promise<void> }> {
  const given = process.env["FLASKGUARD_TEST_REDIS_URL"];
  if (given !== undefined && given !== "") return { url: given, stop: async () => {} };
  const port = await freePort();
  const { service } = await startService(
    "redis-server",
    ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
    { ready: /Ready to accept connections/i, timeoutMs: 15_000, name: "redis-server" },
  );
  return { url: `redis://127.0.0.1:${port}/0`, stop: service.stop };
}

/** A self-signed certificate for 127.0.0.1 and localhost in a temporary directory. */
export function makeCertificate(dir: string): { cert: string; key: string } {
  const cert = path.join(dir, "cert.pem");
  const key = path.join(dir, "key.pem");
  const result = spawnSync(
    "openssl",
    ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=127.0.0.1",
      "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"],
    { encoding: "utf8" },
  );
  if (result.status !== 0) throw new Error(`openssl could not create a test certificate: ${result.stderr}`);
  return { cert, key };
}

/** A running example app. */
export interface ExampleApp {
  url: string;
  service: Service;
  dir: string;
  stop: () => Promise<void>;
}

/**
 * Copies an example to a temporary directory and serves it on 127.0.0.1: the insecure app as
 * `run.py` would (debug on), the secure app with gunicorn over TLS and Redis rate-limit storage.
 */
export async function startExample(
  which: "insecure" | "secure",
  secure?: { cert: string; key: string; redisUrl: string },
): Promise<ExampleApp> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `flaskguard-probe-${which}-`));
  cpSync(path.join(REPO_ROOT, "examples", `${which}-app`), dir, { recursive: true });
  const args = [LAUNCHER, which];
  if (which === "secure") {
    if (secure === undefined) throw new Error("the secure app needs a certificate and Redis");
    args.push(secure.cert, secure.key, secure.redisUrl, `flaskguard-test-${process.pid}-${Date.now()}`);
  }
  const env: NodeJS.ProcessEnv = {
    PATH: process.env["PATH"] ?? "/usr/bin:/bin",
    PYTHONDONTWRITEBYTECODE: "1",
    SECRET_KEY: `test-only-${"x".repeat(40)}`,
  };
  try {
    const { service, match } = await startService(PYTHON, args, {
      cwd: dir,
      env,
      ready: /LISTENING (\d+)/,
      timeoutMs: 30_000,
      name: `examples/${which}-app`,
    });
    const scheme = which === "secure" ? "https" : "http";
    return {
      url: `${scheme}://127.0.0.1:${match[1]}`,
      service,
      dir,
      stop: async () => {
        await service.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
