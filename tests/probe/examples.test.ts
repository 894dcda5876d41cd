/**
 * @fileoverview The probe against the real shipped example apps: the insecure app (as `run.py`
 * serves it, debug on, plain HTTP) lists exactly the expected failures; the secure twin (gunicorn,
 * TLS, Redis rate-limit storage) passes with every check actually exercised. Requires Debian's
 * Flask packages, python3-redis, python3-gunicorn, redis-server and openssl (CI installs them);
 * a missing one fails the suite with its name.
 */

import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { makeCertificate, missingPrerequisites, runCliCaptured, startExample, startRedis } from "./harness.js";
import type { ExampleApp } from "./harness.js";

interface JsonReport {
  findings: { rule: string; file: string; severity: string; category: string; message: string; related: { file: string }[] }[];
  errors: unknown[];
  summary: { findings: number };
}

const missing = missingPrerequisites();
const cleanups: (() => Promise<void>)[] = [];
let insecure: ExampleApp;
let secure: ExampleApp;
let certFile: string;

beforeAll(async () => {
  if (missing.length > 0) return;
  const tlsDir = mkdtempSync(path.join(os.tmpdir(), "flaskguard-probe-tls-"));
  cleanups.push(async () => rmSync(tlsDir, { recursive: true, force: true }));
  const tls = makeCertificate(tlsDir);
  certFile = tls.cert;
  const redis = await startRedis();
  cleanups.push(redis.stop);
  [insecure, secure] = await Promise.all([
    startExample("insecure"),
    startExample("secure", { cert: tls.cert, key: tls.key, redisUrl: redis.url }),
  ]);
  cleanups.unshift(insecure.stop, secure.stop);
}, 45_000);

afterAll(async () => {
  for (const cleanup of cleanups) await cleanup();
}, 20_000);

function requirePrerequisites(): void {
  if (missing.length > 0) {
    throw new Error(
      `the probe example tests need these system packages, which are missing: ${missing.join(", ")} (apt-get install ${missing.join(" ")}; .ci/run installs them)`,
    );
  }
}

describe("flaskguard probe on the shipped example apps", () => {
  it("insecure-app: exactly the expected failures", async () => {
    requirePrerequisites();
    const run = await runCliCaptured([
      "probe", insecure.url, "--login-path", "/auth/login", "--upload-path", "/upload", "--upload-max", "5M", "--format", "json",
    ]);
    expect(run.stderr).toBe("");
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.findings.map((f) => `${f.rule} ${f.file}`)).toEqual([
      "FGP02 /",
      "FGP03 /",
      "FGP05 /",
      "FGP06 /",
      "FGP15 /",
      "FGP07 /auth/login",
      "FGP09 /auth/login",
      "FGP11 /auth/login",
      "FGP13 /console",
      "FGP12 /upload",
    ]);
    expect(run.status).toBe(1);
    const byRule = new Map(report.findings.map((f) => [f.rule, f]));
    // The details that make each finding what it is.
    expect(byRule.get("FGP07")!.message).toContain("without Secure (it is sent over plain HTTP), HttpOnly (scripts can read it), SameSite=Lax or Strict");
    expect(byRule.get("FGP09")!.message).toContain("has no CSRF token field");
    expect(byRule.get("FGP11")!.message).toMatch(/^6 wrong login attempts to \/auth\/login .* answered 401 ×6 and never 429/);
    expect(byRule.get("FGP13")!.message).toContain("GET /console serves the interactive Werkzeug console");
    expect(byRule.get("FGP13")!.message).toContain("debugger traceback page");
    expect(byRule.get("FGP13")!.severity).toBe("critical");
    expect(byRule.get("FGP12")!.message).toContain("answered with 302 instead of 413");
    expect(byRule.get("FGP15")!.message).toMatch(/`Werkzeug\/[\d.]+ Python\/[\d.]+`/);
    expect(byRule.get("FGP03")!.related.map((r) => r.file)).toEqual(["/auth/login"]);
  });

  it("insecure-app with --project: the login and upload paths come from the static model", async () => {
    requirePrerequisites();
    const run = await runCliCaptured(["probe", insecure.url, "--project", "examples/insecure-app", "--format", "json", "-q"]);
    const report = JSON.parse(run.stdout) as JsonReport;
    expect(report.findings.map((f) => `${f.rule} ${f.file}`)).toEqual([
      "FGP02 /",
      "FGP03 /",
      "FGP05 /",
      "FGP06 /",
      "FGP15 /",
      "FGP07 /auth/login",
      "FGP09 /auth/login",
      "FGP11 /auth/login",
      "FGP13 /console",
      "FGP12 /upload",
    ]);
    expect(report.findings.find((f) => f.rule === "FGP12")!.message).toContain("more than the expected maximum of 16 MiB");
  });

  it("secure-app: passes, and every check was exercised", async () => {
    requirePrerequisites();
    const run = await runCliCaptured([
      "probe", secure.url, "--ca", certFile, "--login-path", "/auth/login", "--upload-path", "/upload", "--upload-max", "5M",
    ]);
    expect(run.stdout).toMatch(/^No findings \(\d+ requests sent\)\.\n$/);
    expect(run.status).toBe(0);
    const notes = run.stderr.split("\n").filter((line) => line !== "");
    expect(notes).toEqual([
      "flaskguard probe: csrf: enforced on POST /auth/login (400 without a token, 401 with the form's token)",
      "flaskguard probe: rate limit: POST /auth/login answered 429 after 5 wrong attempt(s) (401 ×5, 429)",
      "flaskguard probe: upload limit: 5.1 MiB to /upload was rejected with 413",
      "flaskguard probe: security headers: 2 HTML response(s) checked, all headers in place",
      "flaskguard probe: session cookies: session set with Secure, HttpOnly and SameSite",
      "flaskguard probe: debug mode: no Werkzeug debugger or traceback page seen",
      "flaskguard probe: server banner: no version disclosed",
    ]);
  });

  it("secure-app without trusting its certificate or over plain HTTP: clear errors, exit 2 (--insecure accepts it)", async () => {
    requirePrerequisites();
    const untrusted = await runCliCaptured(["probe", secure.url]);
    expect(untrusted.status).toBe(2);
    expect(untrusted.stdout).toBe("");
    expect(untrusted.stderr).toMatch(/^flaskguard probe: error: the TLS certificate of https:\/\/127\.0\.0\.1:\d+ is not trusted \(\w+\); pass --ca FILE/);
    const accepted = await runCliCaptured(["probe", secure.url, "--insecure", "--login-path", "/auth/login", "--format", "json"]);
    expect((JSON.parse(accepted.stdout) as JsonReport).findings).toEqual([]);
    expect(accepted.status).toBe(0);
    const plain = await runCliCaptured(["probe", secure.url.replace("https:", "http:")]);
    expect(plain.status).toBe(2);
    expect(plain.stderr).toMatch(/^flaskguard probe: error: .*if the server speaks HTTPS, use https:\/\/\n$/);
  });
});
