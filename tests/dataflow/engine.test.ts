/**
 * @fileoverview Unit tests of the data-flow engine: sources, propagation steps, sanitizers and guards,
 * summaries across modules (each function analyzed once), the flow path of findings, custom
 * configuration, and the config-to-options mapping of `[tool.flaskguard.dataflow]`.
 */
import { describe, expect, it } from "vitest";
import { analyzeProject } from "../../src/core/analyzer.js";
import { DATAFLOW_RULES } from "../../src/config/options.js";
import { rules } from "../../src/rules/index.js";
import { isPasswordName, isStoredPasswordName, urlRuleParams } from "../../src/dataflow/index.js";

// Only the rules of this engine: other families also fire on these small apps.
const ALL = {
  select: ["FG550", "FG650", "FG651", "FG652", "FG653", "FG654", "FG655", "FG701", "FG702", "FG703", "FG704", "FG705", "FG801", "FG802", "FG803", "FG804", "FG805", "FG806", "FG950", "FG951"],
};

function run(files: Record<string, string>, options: Record<string, unknown> = ALL) {
  return analyzeProject(Object.entries(files).map(([path, text]) => ({ path, text })), options);
}

function codes(files: Record<string, string>, options: Record<string, unknown> = ALL): string[] {
  return run(files, options).findings.map((f) => `${f.file}:${f.line} ${f.rule}`);
}

const HEAD = "from flask import Flask, request\nimport os, subprocess\napp = Flask(__name__)\n";

describe("data-flow engine", () => {
  it("follows assignments, unpacking, containers, f-strings and str methods", () => {
    const src = `${HEAD}@app.route("/a")\ndef a():\n    x, y = request.args["x"], 1\n    parts = [x.strip().lower()]\n    cmd = f"echo {parts[0]}"\n    os.system(cmd)\n`;
    expect(codes({ "app.py": src })).toEqual(["app.py:9 FG803"]);
  });

  it("shows the flow as related locations: source, steps, then the sink is the finding", () => {
    const src = `${HEAD}@app.route("/a")\ndef a():\n    host = request.args.get("h")\n    line = "ping " + host\n    subprocess.call(line, shell=True)\n`;
    const f = run({ "app.py": src }).findings.find((x) => x.rule === "FG803")!;
    expect(f.line).toBe(8);
    expect(f.related.map((r) => `${r.line} ${r.message}`)).toEqual([
      "6 source: `request.args`",
      "6 assigned to `host`",
      "7 string built here",
      "7 assigned to `line`",
    ]);
  });

  it("treats route parameters by converter", () => {
    const src = `${HEAD}@app.route("/u/<name>/<int:n>")\ndef u(name, n):\n    os.system("a " + str(n))\n    os.system("b " + name)\n`;
    expect(codes({ "app.py": src })).toEqual(["app.py:7 FG803"]);
  });

  it("crosses modules through helper summaries, in both directions", () => {
    const helpers = "import os\n\ndef run(arg):\n    os.system('x ' + arg)\n\ndef param():\n    from flask import request\n    return request.args['p']\n\ndef ident(v):\n    return v\n";
    const views = `${HEAD}from pkg.helpers import run, param, ident\n@app.route("/a")\ndef a():\n    run(request.args["a"])\n    os.popen(ident(param()))\n    run("constant")\n`;
    expect(codes({ "pkg/__init__.py": "", "pkg/helpers.py": helpers, "pkg/views.py": views })).toEqual([
      "pkg/helpers.py:4 FG803",
      "pkg/views.py:8 FG803",
    ]);
  });

  it("sanitizers and guards cut the flow", () => {
    const src = `${HEAD}import shlex\nALLOWED = {"a", "b"}\n@app.route("/a")\ndef a():\n    v = request.args["v"]\n    os.system("x " + shlex.quote(v))\n    os.system("x %d" % int(v))\n    if v not in ALLOWED:\n        return "no"\n    os.system("x " + v)\n`;
    expect(codes({ "app.py": src })).toEqual([]);
  });

  it("a guard only holds where it was checked", () => {
    const src = `${HEAD}@app.route("/a")\ndef a():\n    v = request.args["v"]\n    if v.isdigit():\n        os.system("x " + v)\n    os.system("y " + v)\n`;
    expect(codes({ "app.py": src })).toEqual(["app.py:9 FG803"]);
  });

  it("default arguments and with targets propagate", () => {
    const src = `${HEAD}def helper(cmd=request.args.get("c")):\n    os.system(cmd)\n@app.route("/a")\ndef a():\n    with request.files["f"] as f:\n        open("/tmp/" + f.filename)\n`;
    expect(codes({ "app.py": src })).toEqual(["app.py:5 FG803", "app.py:9 FG701"]);
  });

  it("guards combine through and/or/not", () => {
    const src = `${HEAD}from flask import redirect, url_for\ndef is_safe_url(u):\n    return True\n@app.route("/a")\ndef a():\n    nxt = request.args.get("next")\n    if nxt is None or (nxt != "internal" and not is_safe_url(nxt)):\n        nxt = url_for("index")\n    return redirect(nxt)\n@app.route("/b")\ndef b():\n    nxt = request.args.get("next")\n    if nxt and is_safe_url(nxt):\n        return redirect(nxt)\n    return redirect(request.args.get("other"))\n`;
    expect(codes({ "app.py": src })).toEqual(["app.py:18 FG951"]);
  });

  it("guards on a repeated expression hold for that expression", () => {
    const src = `${HEAD}from flask import redirect\ndef is_safe_url(u):\n    return True\n@app.route("/a")\ndef a():\n    if request.args.get("next") and is_safe_url(request.args.get("next")):\n        return redirect(request.args.get("next"))\n    return "no"\n`;
    expect(codes({ "app.py": src })).toEqual([]);
  });

  it("statements that raise unless a path is safe sanitize it; normalized containment checks too", () => {
    const src = `${HEAD}def check_access_permission(base, path):\n    pass\n@app.route("/a")\ndef a():\n    p = request.args["p"]\n    check_access_permission("/srv", p)\n    open(p)\n    q = os.path.realpath(os.path.join("/srv", request.args["q"]))\n    if not q.startswith("/srv/"):\n        return "no"\n    open(q)\n    open(request.args["r"])\n    return "ok"\n`;
    expect(codes({ "app.py": src })).toEqual(["app.py:15 FG705"]);
  });

  it("does not report values returned by unknown library functions, but follows known transparent ones", () => {
    const src = `${HEAD}import base64, pickle, gridfs\n@app.route("/a")\ndef a():\n    fs = gridfs.GridFS(request.args["db"])\n    open(fs.get_last_version())\n    return pickle.loads(base64.b64decode(request.cookies["c"]))\n`;
    expect(codes({ "app.py": src })).toEqual(["app.py:9 FG805"]);
  });

  it("keeps container keys apart: a dict built by the code is not a password because of its key", () => {
    const models = "class Base:\n    pass\nclass User(Base):\n    __tablename__ = 'user'\n";
    const src = `${HEAD}from models import User\nfrom werkzeug.security import generate_password_hash\ndef make(data):\n    return User(name=data["name"], password=data["password"])\n@app.route("/a", methods=["POST"])\ndef a():\n    make({"name": request.form["name"], "password": generate_password_hash(request.form["pw"])})\n    make(request.form)\n    return "ok"\n`;
    expect(codes({ "models.py": models, "app.py": src })).toEqual(["app.py:7 FG652"]);
  });

  it("resolves project modules in a src layout and across packages (module graph)", () => {
    const helper = "import os\ndef run(x):\n    os.system(x)\n";
    const views = `${HEAD}from shop.tools import run\n@app.route("/a")\ndef a():\n    run(request.args["c"])\n    return "ok"\n`;
    const files = { "src/shop/__init__.py": "", "src/shop/tools.py": helper, "src/shop/views.py": views };
    expect(codes(files)).toEqual(["src/shop/tools.py:3 FG803"]);
  });

  it("survives expressions nested thousands deep (gives up on that function only)", () => {
    const deep = `x = 1${" + 1".repeat(20000)}`;
    const src = `${HEAD}@app.route("/a")\ndef a():\n    ${deep}\n    os.system(request.args["c"])\n@app.route("/b")\ndef b():\n    os.system(request.args["c"])\n`;
    const r = run({ "app.py": src }, { select: ["ALL"] });
    expect(r.errors).toEqual([]);
    expect(r.findings.filter((f) => f.rule === "FG803").map((f) => f.line)).toEqual([10]);
  });

  it("reads WTForms fields: password fields, file fields and their client file names", () => {
    const forms = "from flask_wtf import FlaskForm\nfrom flask_wtf.file import FileField\nfrom wtforms import PasswordField, StringField\nclass SignupForm(FlaskForm):\n    name = StringField()\n    secret = PasswordField()\n    photo = FileField()\n";
    const src = `${HEAD}import hashlib\nfrom forms import SignupForm\n@app.route("/a", methods=["POST"])\ndef a():\n    form = SignupForm()\n    if form.validate_on_submit():\n        hashlib.sha1(form.secret.data.encode()).hexdigest()\n        hashlib.sha1(form.name.data.encode()).hexdigest()\n        form.photo.data.save("/srv/" + form.photo.data.filename)\n    return "ok"\n`;
    expect(codes({ "forms.py": forms, "app.py": src })).toEqual(["app.py:10 FG650", "app.py:12 FG702", "app.py:12 FG703", "app.py:12 FG701"]);
  });

  it("analyzes every function once, whatever the number of call sites", () => {
    const helper = "import os\ndef h(x):\n    os.system(x)\n";
    const calls = Array.from({ length: 50 }, (_, i) => `@app.route("/r${i}")\ndef r${i}():\n    h(request.args["a"])\n`).join("");
    const result = run({ "h.py": helper, "app.py": `${HEAD}from h import h\n${calls}` });
    // One sink, one finding (one root cause), although 50 views reach it.
    expect(result.findings.filter((f) => f.rule === "FG803").length).toBe(1);
  });

  it("custom sources, sanitizers and sinks from options", () => {
    const src = `${HEAD}from myapp import param, clean, raw_query\n@app.route("/a")\ndef a():\n    raw_query(param("x"))\n    raw_query(clean(param("y")))\n`;
    const opts = { dataflowSources: ["myapp.param"], dataflowSanitizers: ["sql:myapp.clean"], dataflowSinks: ["sql:myapp.raw_query"] };
    const result = run({ "app.py": src }, { select: ["FG801"], ruleOptions: { FG801: opts } });
    expect(result.findings.map((f) => f.line)).toEqual([7]);
  });

  it("every taint rule takes the shared dataflow options, and the config maps to exactly those rules", () => {
    const taint = rules.filter((r) => "dataflowSources" in r.meta.defaultOptions).map((r) => r.meta.code).sort();
    expect(taint).toEqual([...DATAFLOW_RULES].sort());
  });
});

describe("names and rules", () => {
  it("recognises password names", () => {
    expect(["password", "new_password", "passwd", "userPassword", "pwd2", "passphrase"].every(isPasswordName)).toBe(true);
    expect(["password_hash", "reset_password_token", "password_reset_url", "min_password_length"].some(isPasswordName)).toBe(false);
    expect(isStoredPasswordName("password_hash")).toBe(true);
    expect(isStoredPasswordName("ADMIN_PASSWORD")).toBe(true);
  });

  it("parses URL rule parameters and converters", () => {
    expect(urlRuleParams("/u/<name>/<int:id>/<path:rest>/<any(a, b):kind>")).toEqual([
      ["name", "default"],
      ["id", "int"],
      ["rest", "path"],
      ["kind", "any"],
    ]);
  });
});

describe("files that only name passwords (analysed from the functions that do)", () => {
  // Analysed as a file scanned alone in a Flask project: no request word, so only password sources.
  const alone = (text: string) =>
    analyzeProject([{ path: "lib/crypto.py", text }], { select: ["FG650"] }, undefined, { projectModules: ["flask"] }).findings.map((f) => `${f.line} ${f.rule}`);

  it("reports a password hashed by a caller that never names a password (through a return value)", () => {
    const src = [
      "import hashlib",
      "def get_secret(password):",
      "    return password",
      "def relay():",
      "    return get_secret('x')",
      "def digest():",
      "    return hashlib.md5(relay().encode()).hexdigest()",
      "def unrelated(data):",
      "    return hashlib.md5(data).hexdigest()",
      "",
    ].join("\n");
    expect(alone(src)).toEqual(["7 FG650"]);
  });

  it("reports a password passed to a helper that hashes whatever it gets", () => {
    const src = ["import hashlib", "def h(data):", "    return hashlib.sha1(data).hexdigest()", "def login(pwd):", "    return h(pwd)", ""].join("\n");
    expect(alone(src)).toEqual(["3 FG650"]);
  });

  it("finds nothing when no function names a password", () => {
    expect(alone("import hashlib\ndef h(data):\n    return hashlib.sha1(data).hexdigest()\n")).toEqual([]);
  });
});
