/**
 * @fileoverview What `--project` discovers from the static Flask model: login and upload routes
 * (blueprint prefixes included), `login-routes` names, production MAX_CONTENT_LENGTH and cookie
 * names; and the CLI wiring, where explicit options win.
 */

import path from "node:path";
import { describe, expect, it } from "vitest";

import { projectHints } from "../../src/probe/discover.js";
import { modelOf } from "../project/read-project.js";
import { REPO_ROOT, runCliCaptured } from "./harness.js";

const APP = {
  path: "app.py",
  text: [
    "from flask import Blueprint, Flask",
    "",
    "class ProductionConfig:",
    "    MAX_CONTENT_LENGTH = 2 * 1024 * 1024",
    '    SESSION_COOKIE_NAME = "sid"',
    "",
    "class DevelopmentConfig:",
    "    MAX_CONTENT_LENGTH = 64 * 1024 * 1024",
    "",
    'auth = Blueprint("auth", __name__)',
    "",
    '@auth.route("/sign-in", methods=["GET", "POST"])',
    "def sign_in():",
    '    return ""',
    "",
    '@auth.route("/login-help")',
    "def login_help():",
    '    return ""',
    "",
    "app = Flask(__name__)",
    "app.config.from_object(ProductionConfig)",
    'app.register_blueprint(auth, url_prefix="/account")',
    "",
    '@app.post("/files/upload")',
    "def upload_file():",
    '    return ""',
    "",
    '@app.route("/users/<int:id>/upload", methods=["POST"])',
    "def user_upload(id):",
    '    return ""',
    "",
  ].join("\n"),
};

describe("project hints", () => {
  it("finds the login route with its blueprint prefix, the upload route, MAX_CONTENT_LENGTH and the cookie name", () => {
    const hints = projectHints(modelOf([APP]));
    expect(hints.loginPath?.value).toBe("/account/sign-in");
    expect(hints.loginPath?.why).toContain("a POST route named like a login");
    expect(hints.uploadPath?.value).toBe("/files/upload");
    expect(hints.uploadMax).toEqual({ value: 2 * 1024 * 1024, why: "MAX_CONTENT_LENGTH of ProductionConfig" });
    expect(hints.sessionCookies?.value).toEqual(["sid"]);
  });

  it("prefers routes named in login-routes", () => {
    const hints = projectHints(modelOf([APP]), ["/files/upload"]);
    expect(hints.loginPath?.value).toBe("/files/upload");
    expect(hints.loginPath?.why).toContain("named in login-routes");
  });

  it("finds nothing in a project without such routes", () => {
    const hints = projectHints(modelOf([{ path: "app.py", text: "from flask import Flask\napp = Flask(__name__)\n" }]));
    expect(hints).toEqual({ loginPath: null, uploadPath: null, uploadMax: null, sessionCookies: null });
  });

  it("the CLI uses the hints unless options are given", async () => {
    const secure = path.join("examples", "secure-app");
    const run = await runCliCaptured(["probe", "https://127.0.0.1:8443", "--project", secure, "--dry-run"], REPO_ROOT);
    expect(run.status).toBe(0);
    expect(run.stderr.split("\n")).toEqual([
      "flaskguard probe: project: login path /auth/login from route login in app/auth/routes.py (a POST route named like a login)",
      "flaskguard probe: project: upload path /upload from route upload in app/main/routes.py (a POST route named like an upload)",
      "flaskguard probe: project: upload maximum 5 MiB from MAX_CONTENT_LENGTH of ProductionConfig",
      "",
    ]);
    expect(run.stdout).toContain("POST <action of the login form on /auth/login> (up to 6×)");
    expect(run.stdout).toContain("multipart file of 5.1 MiB (expected maximum 5 MiB + 64 KiB; expect 413)");
    const explicit = await runCliCaptured(
      ["probe", "https://127.0.0.1:8443", "--project", secure, "--login-path", "/other", "--upload-max", "1M", "--dry-run"],
      REPO_ROOT,
    );
    expect(explicit.stderr).toContain("login path /auth/login from route login in app/auth/routes.py (a POST route named like a login) (--login-path given, so not used)");
    expect(explicit.stdout).toContain("POST <action of the login form on /other>");
    expect(explicit.stdout).toContain("expected maximum 1 MiB");
    const missing = await runCliCaptured(["probe", "http://127.0.0.1:1", "--project", "no/such/dir"], REPO_ROOT);
    expect(missing).toEqual({ status: 2, stdout: "", stderr: "flaskguard: error: --project: path not found: no/such/dir\n" });
  });
});
