/**
 * @fileoverview Discovery of templates and scripts in folders the code names: `template_folder=` /
 * `static_folder=` arguments of apps and blueprints add their folders to the default `templates/`
 * and `static/` (literal paths, `os.path.join(os.path.dirname(__file__), ...)`, `Path(...) / "x"`),
 * while front-end files elsewhere stay out.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";

import { ALL_SOURCE_KINDS, discoverFiles, namedFrontEndFolders } from "../../src/cli/discover.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "flaskguard-folders-"));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function write(relative: string, text = "<p></p>\n"): void {
  const file = path.join(dir, relative);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
}

describe("named template and static folders", () => {
  it("reads the folder literals of template_folder= and static_folder= arguments", () => {
    const src = [
      'bp = Blueprint("admin", __name__, template_folder="views", static_folder="../assets")',
      'app = Flask(__name__, template_folder=os.path.join(os.path.dirname(__file__), "web", "pages"))',
      'other = Flask(__name__, static_folder=Path(__file__).parent / "public", template_folder=TEMPLATES)',
      'abs_ = Flask(__name__, template_folder="/srv/templates")',
      "if x.template_folder == 'a': pass",
    ].join("\n");
    expect(namedFrontEndFolders(src)).toEqual([
      { kind: "template_folder", folder: "views" },
      { kind: "static_folder", folder: "../assets" },
      { kind: "template_folder", folder: "web/pages" },
      { kind: "static_folder", folder: "public" },
    ]);
  });

  it("adds templates and scripts of named folders, relative to the module, and nothing else", () => {
    write("app/__init__.py", 'from flask import Flask\napp = Flask(__name__, template_folder="pages", static_folder="../public")\n');
    write("app/admin/__init__.py", 'from flask import Blueprint\nbp = Blueprint("a", __name__, template_folder="views")\n');
    write("app/pages/index.html");
    write("app/admin/views/admin/edit.html");
    write("public/js/app.js", "fetch('/a');\n");
    write("app/templates/base.html");
    write("docs/page.html");
    write("app/admin/views/../notes.txt", "not a template\n");
    write("other/app.js", "x();\n");
    const result = discoverFiles([], dir, { root: dir, kinds: ALL_SOURCE_KINDS });
    expect(result.files.filter((f) => f.kind !== "python").map((f) => `${f.kind} ${f.path}`)).toEqual([
      "template app/admin/views/admin/edit.html",
      "template app/pages/index.html",
      "template app/templates/base.html",
      "javascript public/js/app.js",
    ]);
  });

  it("leaves ignored files out of named folders too", () => {
    write(".gitignore", "app/pages/generated/\n");
    write("app/__init__.py", 'app = Flask(__name__, template_folder="pages")\n');
    write("app/pages/a.html");
    write("app/pages/generated/b.html");
    const result = discoverFiles([], dir, { root: dir, kinds: ALL_SOURCE_KINDS });
    expect(result.files.map((f) => f.path)).toEqual(["app/__init__.py", "app/pages/a.html"]);
  });
});
