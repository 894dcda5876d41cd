"""Pages: home, profile, search, uploads and a few admin helpers (all deliberately unsafe)."""
import base64
import os
import pickle
import subprocess

from flask import (
    current_app,
    redirect,
    render_template,
    render_template_string,
    request,
    send_file,
    url_for,
)
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.utils import secure_filename

from ..db import get_db
from . import bp


@bp.route("/")
def index():
    prefs = {}
    raw = request.cookies.get("prefs")
    if raw:
        prefs = pickle.loads(base64.b64decode(raw))
    return render_template("main/index.html", prefs=prefs)


@bp.route("/hello")
def hello():
    name = request.args.get("name", "world")
    return render_template_string("<h1>Hello " + name + "!</h1>")


@bp.route("/search")
def search():
    query = request.args.get("q", "")
    rows = get_db().execute(
        "SELECT body FROM note WHERE body LIKE '%" + query + "%'"
    ).fetchall()
    heading = Markup(f"<h2>Results for {query}</h2>")
    return render_template("main/index.html", heading=heading, notes=rows, prefs={})


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    if request.method == "POST":
        db = get_db()
        db.execute("UPDATE user SET bio = ? WHERE id = ?", (request.form["bio"], current_user.id))
        db.commit()
    return render_template("main/profile.html", user=current_user)


@bp.route("/upload", methods=["POST"])
@login_required
def upload():
    file = request.files["file"]
    file.save(os.path.join(current_app.config["UPLOAD_FOLDER"], file.filename))
    return redirect(url_for("main.profile"))


@bp.route("/download")
@login_required
def download():
    name = request.args["name"]
    return send_file(os.path.join(current_app.config["UPLOAD_FOLDER"], name))


@bp.route("/admin/ping")
@login_required
def ping():
    host = request.args.get("host", "localhost")
    output = subprocess.check_output(f"ping -c 1 {host}", shell=True)
    return output.decode("utf-8", "replace"), 200, {"Content-Type": "text/plain"}


@bp.route("/healthz")
def healthz():
    return "ok"


@bp.route("/calc")
def calc():
    expression = request.args.get("expr", "1 + 1")
    return str(eval(expression))


@bp.route("/avatar", methods=["POST"])
@login_required
def avatar():
    # Stored under the client's (sanitized) name: uploads overwrite each other.
    file = request.files["avatar"]
    file.save(os.path.join(current_app.config["UPLOAD_FOLDER"], secure_filename(file.filename)))
    return redirect(url_for("main.profile"))
