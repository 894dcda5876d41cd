/**
 * @fileoverview `flaskguard probe` end to end against small Node HTTP servers on 127.0.0.1: a
 * well-behaved toy app (no findings, every check exercised), the safety rules (loopback only,
 * --dry-run sends nothing, --max-requests, --timeout, concurrency bound, no off-origin redirects),
 * clear network errors with exit 2, and the json/sarif/github formats.
 */

import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";

import { ProbeClient, ProbeNetworkError } from "../../src/probe/client.js";
import { sarifValidator } from "../reporters/sarif-schema.js";
import { freePort, runCliCaptured } from "./harness.js";

interface Recorded {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  bytes: number;
}

type Handler = (req: http.IncomingMessage, res: http.ServerResponse, body: Buffer | null) => void;

const servers: http.Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

/**
 * Starts a server on 127.0.0.1. The handler sees the whole body unless `earlyAnswer` says the
 * request is answered as soon as its headers arrive (like an app that checks Content-Length).
 */
async function serve(handler: Handler, earlyAnswer: (req: http.IncomingMessage) => boolean = () => false) {
  const requests: Recorded[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const server = http.createServer((req, res) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on("close", () => inFlight--);
    const record: Recorded = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, bytes: 0 };
    requests.push(record);
    if (earlyAnswer(req)) {
      req.resume();
      handler(req, res, null);
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => {
      chunks.push(chunk);
      record.bytes += chunk.length;
    });
    req.on("end", () => handler(req, res, Buffer.concat(chunks)));
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { url: `http://127.0.0.1:${port}`, port, requests, maxInFlight: () => maxInFlight };
}

const GOOD_HEADERS = {
  "content-type": "text/html; charset=utf-8",
  "content-security-policy": "default-src 'self'; object-src 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "x-frame-options": "DENY",
  server: "toy",
};

const LOGIN_FORM = `<form method="post"><input type="hidden" name="csrf_token" value="tok-123"><input name="username"><input type="password" name="password"></form>`;

/** A toy app that does everything right (over plain HTTP, so only FGP02 is expected). */
function goodApp(): Handler {
  let loginFailures = 0;
  return (req, res, body) => {
    const url = new URL(req.url ?? "/", "http://x");
    const cookie = req.headers.cookie ?? "";
    if (req.method === "GET" && (url.pathname === "/" || url.pathname === "/login")) {
      res.writeHead(200, { ...GOOD_HEADERS, "set-cookie": "session=s1; Secure; HttpOnly; Path=/; SameSite=Lax" });
      res.end(`<html><body>${url.pathname === "/login" ? LOGIN_FORM : "<h1>Home</h1>"}</body></html>`);
      return;
    }
    if (req.method === "POST" && url.pathname === "/upload") {
      res.writeHead(413, { "content-type": "text/plain", connection: "close" });
      res.end("too large");
      return;
    }
    if (req.method === "POST" && url.pathname === "/login") {
      const form = new URLSearchParams(body?.toString("utf8") ?? "");
      if (form.get("csrf_token") !== "tok-123" || !cookie.includes("session=s1")) {
        res.writeHead(400, { "content-type": "text/plain" });
        res.end("The CSRF token is missing.");
        return;
      }
      loginFailures++;
      res.writeHead(loginFailures > 3 ? 429 : 401, { "content-type": "text/plain" });
      res.end("no");
      return;
    }
    res.writeHead(404, { "content-type": "text/html" });
    res.end("<h1>Not Found</h1>");
  };
}

const ALL_OPTIONS = ["--login-path", "/login", "--upload-path", "/upload", "--upload-max", "64K"];

describe("probe command", () => {
  it("reports only FGP02 for a well-behaved app over plain HTTP, after exercising every check", async () => {
    const app = await serve(goodApp(), (req) => req.url === "/upload");
    const run = await runCliCaptured(["probe", app.url, ...ALL_OPTIONS, "--format", "json"]);
    const report = JSON.parse(run.stdout) as { findings: { rule: string; file: string; severity: string }[]; summary: { files: number } };
    expect(report.findings.map((f) => `${f.rule} ${f.file} ${f.severity}`)).toEqual(["FGP02 / low"]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe("");
    expect(report.summary.files).toBe(app.requests.length);

    const posts = app.requests.filter((r) => r.method === "POST" && r.url === "/login");
    // empty POST, tokenless POST, POST with token (attempt 1), attempts 2-4 (the 4th is 429).
    expect(posts).toHaveLength(6);
    expect(posts[1]!.headers.origin).toBe(app.url);
    expect(posts[1]!.headers.referer).toBe(`${app.url}/login`);
    const upload = app.requests.find((r) => r.url === "/upload")!;
    expect(upload.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(Number(upload.headers["content-length"])).toBeGreaterThan(64 * 1024);
    expect(upload.headers["x-csrftoken"]).toBe("tok-123");
    // --fail-on medium ignores the low note.
    expect((await runCliCaptured(["probe", app.url, "-q", "--fail-on", "medium"])).status).toBe(0);
  });

  it("text notes say what was verified", async () => {
    const app = await serve(goodApp(), (req) => req.url === "/upload");
    const run = await runCliCaptured(["probe", app.url, ...ALL_OPTIONS]);
    expect(run.stderr).toContain("flaskguard probe: csrf: enforced on POST /login (400 without a token, 401 with the form's token)\n");
    expect(run.stderr).toContain("flaskguard probe: rate limit: POST /login answered 429 after 3 wrong attempt(s) (401 ×3, 429)\n");
    expect(run.stderr).toMatch(/flaskguard probe: upload limit: 128\.\d KiB to \/upload was rejected with 413\n/);
    expect(run.stdout).toMatch(/^\/:1:1 FGP02 plain-http-target \[low\]\n/);
    expect(run.stdout).toMatch(/Found 1 finding \(1 low\) in \d+ requests sent\.\n$/);
  });

  it("never sends more login attempts than --login-attempts", async () => {
    const app = await serve((req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end(req.method === "GET" ? '<form method="post"><input name="user"><input type="password" name="pw"></form>' : "wrong");
    });
    const run = await runCliCaptured(["probe", app.url, "--login-path", "/login", "--login-attempts", "3", "--format", "json"]);
    const rules = (JSON.parse(run.stdout) as { findings: { rule: string; message: string }[] }).findings;
    const rateLimit = rules.find((f) => f.rule === "FGP11")!;
    expect(rateLimit.message).toMatch(/^3 wrong login attempts to \/login .* answered 200 ×3/);
    const credentialPosts = app.requests.filter((r) => r.method === "POST" && r.url === "/login" && Number(r.headers["content-length"]) > 0);
    expect(credentialPosts).toHaveLength(3);
    expect(rules.map((f) => f.rule)).toContain("FGP09");
  });

  it("--dry-run prints the plan and sends nothing", async () => {
    const app = await serve(goodApp());
    const run = await runCliCaptured(["probe", app.url, ...ALL_OPTIONS, "--dry-run"]);
    expect(run.status).toBe(0);
    expect(app.requests).toEqual([]);
    expect(run.stdout).toContain(`Planned requests to ${app.url} (nothing was sent):`);
    expect(run.stdout).toContain(`POST <action of the login form on /login> (up to 6×)`);
    expect(run.stdout).toContain("At most 15 requests");
  });

  it("refuses remote targets without --allow-remote, before any network access", async () => {
    const run = await runCliCaptured(["probe", "http://192.0.2.10:5000"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(
      "flaskguard: error: 192.0.2.10 is not a loopback address; the probe only talks to 127.0.0.0/8, ::1 and localhost unless you pass --allow-remote (only probe servers you are allowed to test)\n",
    );
    const dry = await runCliCaptured(["probe", "http://192.0.2.10:5000", "--allow-remote", "--dry-run"]);
    expect(dry.status).toBe(0);
  });

  it("rejects a plan larger than --max-requests and bad option values", async () => {
    const tooMany = await runCliCaptured(["probe", "http://127.0.0.1:1", ...ALL_OPTIONS, "--max-requests", "10"]);
    expect(tooMany.status).toBe(2);
    expect(tooMany.stderr).toContain("the planned checks need up to 15 requests but --max-requests is 10");
    for (const args of [["--timeout", "0"], ["--concurrency", "9"], ["--login-attempts", "21"], ["--upload-max", "lots"]]) {
      const run = await runCliCaptured(["probe", "http://127.0.0.1:1", ...args]);
      expect(run.status, args.join(" ")).toBe(2);
      expect(run.stderr).toMatch(/^flaskguard: error: option .* argument .* is invalid/);
    }
    const offOrigin = await runCliCaptured(["probe", "http://127.0.0.1:1", "--login-path", "http://localhost:1/login"]);
    expect(offOrigin.stderr).toBe("flaskguard: error: --login-path: http://localhost:1/login is not on the target's origin http://127.0.0.1:1\n");
  });

  it("network errors are one-line messages with exit 2", async () => {
    const port = await freePort();
    const refused = await runCliCaptured(["probe", `http://127.0.0.1:${port}`]);
    expect(refused).toEqual({
      status: 2,
      stdout: "",
      stderr: `flaskguard probe: error: cannot connect to http://127.0.0.1:${port}: connection refused (is the app running and listening on that port?)\n`,
    });
    const silent = await serve(() => {
      // Never answers.
    });
    const timedOut = await runCliCaptured(["probe", silent.url, "--timeout", "0.3"]);
    expect(timedOut.status).toBe(2);
    expect(timedOut.stderr).toBe(`flaskguard probe: error: no complete answer from ${silent.url}/ within 0.3 s (--timeout)\n`);
  });

  it("never follows a redirect off the target's origin", async () => {
    const other = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/html" });
      res.end("other origin");
    });
    const app = await serve((req, res) => {
      if (req.url === "/") {
        res.writeHead(302, { location: `${other.url.replace("127.0.0.1", "localhost")}/landing` });
        res.end();
        return;
      }
      res.writeHead(404);
      res.end();
    });
    const run = await runCliCaptured(["probe", app.url]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`redirects to ${other.url.replace("127.0.0.1", "localhost")}/landing, another origin; the probe does not follow it`);
    expect(other.requests).toEqual([]);

    const upgrade = await serve((req, res) => {
      res.writeHead(301, { location: `https://127.0.0.1:1${req.url}` });
      res.end();
    });
    const upgraded = await runCliCaptured(["probe", upgrade.url]);
    expect(upgraded.status).toBe(2);
    expect(upgraded.stderr).toContain("the app upgrades plain HTTP to HTTPS");
    expect(upgraded.stderr).toContain("Probe the https:// URL instead (with --ca FILE for a self-signed certificate)");
  });

  it("follows same-origin redirects of GET requests", async () => {
    const app = await serve((req, res) => {
      if (req.url === "/") {
        res.writeHead(302, { location: "/home" });
        res.end();
        return;
      }
      res.writeHead(200, { ...GOOD_HEADERS, "x-frame-options": "SAMEORIGIN" });
      res.end("<h1>home</h1>");
    });
    const run = await runCliCaptured(["probe", app.url, "--format", "json"]);
    const findings = (JSON.parse(run.stdout) as { findings: { rule: string; file: string }[] }).findings;
    expect(findings.map((f) => `${f.rule} ${f.file}`)).toEqual(["FGP02 /home"]);
    expect(app.requests.slice(0, 2).map((r) => r.url)).toEqual(["/", "/home"]);
  });

  it("sarif and github formats carry the probe rules", async () => {
    const app = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/html", server: "Werkzeug/3.0.1 Python/3.12.1" });
      res.end("<h1>hi</h1>");
    });
    const sarifText = (await runCliCaptured(["probe", app.url, "--format", "sarif"])).stdout;
    const validate = sarifValidator();
    expect(validate(JSON.parse(sarifText)), JSON.stringify(validate.errors)).toBe(true);
    const sarif = JSON.parse(sarifText) as {
      runs: { tool: { driver: { rules: { id: string; help?: { markdown?: string } }[] } }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[]; originalUriBaseIds: Record<string, { uri: string }> }[];
    };
    const ids = sarif.runs[0]!.results.map((r) => r.ruleId);
    expect(ids).toEqual(["FGP02", "FGP03", "FGP05", "FGP06", "FGP15"]);
    expect(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uri).toBe("/");
    expect(Object.values(sarif.runs[0]!.originalUriBaseIds)[0]!.uri).toBe(`${app.url}/`);
    expect(sarif.runs[0]!.tool.driver.rules.find((r) => r.id === "FGP15")?.help?.markdown).toContain("# FGP15 server-version-disclosed");
    const github = await runCliCaptured(["probe", app.url, "--format", "github"]);
    expect(github.stdout).toContain("::warning file=/,line=1,col=1");
    expect(github.stdout).toContain("FGP03");
  });
});

describe("client bounds", () => {
  it("keeps at most --concurrency requests in flight", async () => {
    const app = await serve((_req, res) => {
      setTimeout(() => {
        res.writeHead(200);
        res.end("ok");
      }, 100);
    });
    const client = new ProbeClient({ allowRemote: false, timeoutMs: 5000, maxRequests: 20, concurrency: 2, userAgent: "test" });
    await Promise.all(Array.from({ length: 8 }, (_, i) => client.request({ method: "GET", url: new URL(`${app.url}/${i}`) })));
    expect(app.maxInFlight()).toBe(2);
    expect(client.sent).toBe(8);
  });

  it("stops at the request budget", async () => {
    const app = await serve((_req, res) => {
      res.writeHead(200);
      res.end("ok");
    });
    const client = new ProbeClient({ allowRemote: false, timeoutMs: 5000, maxRequests: 2, concurrency: 1, userAgent: "test" });
    await client.request({ method: "GET", url: new URL(app.url) });
    await client.request({ method: "GET", url: new URL(app.url) });
    await expect(client.request({ method: "GET", url: new URL(`${app.url}/third`) })).rejects.toThrow(
      new ProbeNetworkError("stopped: the run reached --max-requests 2 before GET /third; raise --max-requests"),
    );
    expect(app.requests).toHaveLength(2);
  });

  it("keeps only the first bytes of a large body", async () => {
    const app = await serve((_req, res) => {
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("x".repeat(300_000));
    });
    const client = new ProbeClient({ allowRemote: false, timeoutMs: 5000, maxRequests: 5, concurrency: 1, userAgent: "test", bodyLimit: 1000 });
    const response = await client.request({ method: "GET", url: new URL(app.url) });
    expect(response.status).toBe(200);
    expect(response.body).toHaveLength(1000);
  });
});
