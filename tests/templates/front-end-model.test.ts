/**
 * @fileoverview The template rules' use of the Flask project model and their anchors: the CSRF
 * status sentence and related location come from the model (attached `CSRFProtect`, production
 * `WTF_CSRF_ENABLED = False`, SeaSurf), template names resolve in the folders the model evaluates,
 * the local scan stands in when the model sees no app, and a form split across includes is reported
 * at its opening tag with the include sites as related locations.
 */
import { describe, expect, it } from "vitest";
import { analyzeProject } from "../../src/core/analyzer.js";

function findings(files: Record<string, string>, select = ["FG301", "FG302"]) {
  return analyzeProject(
    Object.entries(files).map(([path, text]) => ({ path, text })),
    { select },
  ).findings;
}

const FORM = '<form method="post">\n  <input name="q">\n</form>\n';

describe("front-end facts from the project model", () => {
  it("names the CSRFProtect attachment the model found (factory in another module)", () => {
    const out = findings({
      "app/extensions.py": "from flask_wtf.csrf import CSRFProtect\nprotect = CSRFProtect()\n",
      "app/__init__.py": "from flask import Flask\nfrom app import extensions as ext\n\ndef create_app():\n    app = Flask(__name__)\n    ext.protect.init_app(app)\n    return app\n",
      "app/templates/a.html": FORM,
    });
    expect(out).toHaveLength(1);
    expect(out[0]!.message).toContain("CSRFProtect is enabled");
    expect(out[0]!.related.map((r) => `${r.file}:${r.line} ${r.message}`)).toEqual(["app/__init__.py:6 CSRF protection is enabled here"]);
  });

  it("says that CSRFProtect is not enabled when it is created but never attached", () => {
    const out = findings({
      "app.py": "from flask import Flask\nfrom flask_wtf.csrf import CSRFProtect\napp = Flask(__name__)\ncsrf = CSRFProtect()\n",
      "templates/a.html": FORM,
    });
    expect(out.map((f) => f.message)).toEqual([expect.stringContaining("CSRFProtect is not enabled in this project")]);
  });

  it("stays quiet for an app protected by Flask-SeaSurf", () => {
    const out = findings({
      "app.py": "from flask import Flask\nfrom flask_seasurf import SeaSurf\napp = Flask(__name__)\ncsrf = SeaSurf()\ncsrf.init_app(app)\n",
      "templates/a.html": FORM,
      "static/a.js": 'fetch("/x", {method: "POST"});\n',
    });
    expect(out).toEqual([]);
  });

  it("falls back to the local scan when the model sees no Flask app", () => {
    const out = findings({
      "lib/forms.py": "from flask_wtf.csrf import CSRFProtect\ncsrf = CSRFProtect()\n\ndef setup(application):\n    csrf.init_app(application)\n",
      "templates/a.html": FORM,
    });
    expect(out.map((f) => f.message)).toEqual([expect.stringContaining("CSRFProtect is enabled")]);
  });
});

describe("forms split across includes", () => {
  it("reports at the <form> opening tag, with the includers as related locations", () => {
    const out = findings({
      "templates/_start.html": '<form method="post" action="/save">\n',
      "templates/edit.html": '<h1>Edit</h1>\n{% include "_start.html" %}\n  <input name="title">\n</form>\n',
      "templates/new.html": '{% include "_start.html" %}\n</form>\n',
    });
    expect(out.map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual(["templates/_start.html:1:1"]);
    expect(out[0]!.related.map((r) => `${r.file}:${r.line}:${r.column}`)).toEqual(["templates/edit.html:2:1", "templates/new.html:1:1"]);
    expect(out[0]!.related[0]!.message).toContain("includes it here");
  });

  it("is not reported when an includer renders the token", () => {
    const out = findings({
      "templates/_start.html": '<form method="post" action="/save">\n',
      "templates/edit.html": '{% include "_start.html" %}\n  {{ form.hidden_tag() }}\n</form>\n',
    });
    expect(out).toEqual([]);
  });
});

describe("request data linked to template outputs", () => {
  it("shows the flow: source, assignments, render_template, with the template line as the finding", () => {
    const out = findings(
      {
        "app.py": 'from flask import Flask, render_template, request\napp = Flask(__name__)\n\n@app.route("/s")\ndef s():\n    term = request.args["q"]\n    ctx = {"q": term}\n    return render_template("s.html", **ctx)\n',
        "templates/s.html": "<p>{{ q|safe }}</p>\n",
      },
      ["FG902"],
    );
    expect(out.map((f) => `${f.file}:${f.line} ${f.rule}`)).toEqual(["templates/s.html:1 FG902"]);
    expect(out[0]!.related.map((r) => `${r.file}:${r.line} ${r.message}`)).toEqual([
      "app.py:6 source: request.args",
      "app.py:6 assigned to `term`",
      "app.py:7 assigned to `ctx`",
      "app.py:8 passed to `s.html` as `q`",
    ]);
  });

  it("takes route parameters from the project model's routes (MethodView), not int converters", () => {
    const out = findings(
      {
        "app.py":
          'from flask import Flask, render_template\nfrom flask.views import MethodView\napp = Flask(__name__)\n\nclass Page(MethodView):\n    def get(self, slug, n):\n        return render_template("p.html", slug=slug, n=n)\n\napp.add_url_rule("/p/<slug>/<int:n>", view_func=Page.as_view("page"))\n',
        "templates/p.html": "{{ slug|safe }} {{ n|safe }}\n",
      },
      ["FG902"],
    );
    expect(out.map((f) => `${f.line}:${f.column} ${f.message}`)).toEqual([expect.stringMatching(/^1:1 `slug` comes from route parameter <slug>/)]);
  });
});
