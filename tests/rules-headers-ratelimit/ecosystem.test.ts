/**
 * @fileoverview The security-headers (FG501–FG504) and rate-limiting (FG601–FG603) rules on the
 * Flask ecosystem sources Debian installs for the system Python (Flask, Werkzeug, Flask-WTF,
 * Flask-Limiter, Flask-Talisman, Flask-Session). They are libraries, not apps: any finding there is
 * a false positive. Each package is one project; a package that is not installed is skipped. A
 * small app checks that the same selection does report.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeProject } from "../../src/core/analyzer.js";
import { rules } from "../../src/rules/index.js";

const DIST_PACKAGES = "/usr/lib/python3/dist-packages";
const PACKAGES = ["flask", "werkzeug", "flask_wtf", "flask_limiter", "flask_talisman", "flask_session"];
/** Every rule of the two families (CORS shares the FG5 prefix but is not ours). */
const SELECT = rules.filter((r) => r.meta.category === "security-headers" || r.meta.category === "rate-limiting").map((r) => r.meta.code);

/** The package's `.py` files, with paths relative to its parent (`flask/app.py`). */
function packageFiles(dir: string): { path: string; text: string }[] {
  const out: { path: string; text: string }[] = [];
  const visit = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) {
        if (name !== "__pycache__") visit(p);
      } else if (name.endsWith(".py")) {
        out.push({ path: path.relative(DIST_PACKAGES, p).split(path.sep).join("/"), text: readFileSync(p, "utf8") });
      }
    }
  };
  visit(dir);
  return out;
}

describe("security-headers and rate-limiting rules on Debian's Flask ecosystem sources", () => {
  it("select seven rules", () => {
    expect(SELECT).toEqual(["FG501", "FG502", "FG503", "FG504", "FG601", "FG602", "FG603"]);
  });
  for (const name of PACKAGES) {
    const dir = path.join(DIST_PACKAGES, name);
    it.skipIf(!existsSync(dir))(`${name}: no findings`, () => {
      const files = packageFiles(dir);
      expect(files.length).toBeGreaterThan(0);
      const result = analyzeProject(files, { select: SELECT });
      expect(result.errors.filter((e) => e.kind === "internal-error")).toEqual([]);
      expect(result.findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.message}`)).toEqual([]);
    });
  }
});

describe("the same selection on a small app", () => {
  it("reports every rule that applies (so the library scans can fail)", () => {
    const app = [
      "from flask import Flask",
      "from flask_limiter import Limiter",
      "from flask_limiter.util import get_remote_address",
      "from flask_talisman import Talisman",
      "bare = Flask('bare')",
      "@bare.route('/')",
      "def home():",
      "    return ''",
      "app = Flask(__name__)",
      "Talisman(app, force_https=False)",
      "limiter = Limiter(get_remote_address, app=app, default_limits=['100 per minute'])",
      "@app.post('/login')",
      "def login():",
      "    return ''",
      "@app.get('/healthz')",
      "def healthz():",
      "    return 'ok'",
      "hooked = Flask('hooked')",
      "@hooked.after_request",
      "def hsts(response):",
      "    response.headers['Strict-Transport-Security'] = 'max-age=600'",
      "    return response",
      "@hooked.route('/')",
      "def hooked_home():",
      "    return ''",
    ].join("\n");
    const result = analyzeProject([{ path: "app.py", text: app }], { select: SELECT });
    expect([...new Set(result.findings.map((f) => f.rule))].sort()).toEqual(SELECT);
  });
});
