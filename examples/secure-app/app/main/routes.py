"""Pages: home, profile, search and uploads, each with the safe pattern."""
import os
import uuid

from flask import abort, current_app, flash, redirect, render_template, request, send_from_directory, url_for
from flask_login import current_user, login_required
from werkzeug.utils import secure_filename

from ..db import get_db
from . import bp


def allowed_file(filename):
    return "." in filename and filename.rsplit(".", 1)[1].lower() in current_app.config["ALLOWED_EXTENSIONS"]


@bp.route("/")
def index():
    return render_template("main/index.html")


@bp.route("/search")
def search():
    query = request.args.get("q", "")
    rows = get_db().execute(
        "SELECT body FROM note WHERE body LIKE ? ESCAPE '\\'",
        ("%" + query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%",),
    ).fetchall()
    return render_template("main/index.html", query=query, notes=rows)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    db = get_db()
    if request.method == "POST":
        db.execute("UPDATE user SET bio = ? WHERE id = ?", (request.form["bio"], current_user.id))
        db.commit()
        return redirect(url_for("main.profile"))
    uploads = db.execute(
        "SELECT stored_name, original_name FROM upload WHERE owner_id = ?", (current_user.id,)
    ).fetchall()
    return render_template("main/profile.html", user=current_user, uploads=uploads)


@bp.route("/upload", methods=["POST"])
@login_required
def upload():
    file = request.files.get("file")
    if file is None or file.filename == "":
        flash("Choose a file.")
        return redirect(url_for("main.profile"))
    original = secure_filename(file.filename)
    if not original or not allowed_file(original):
        flash("That file type is not allowed.")
        return redirect(url_for("main.profile"))
    extension = original.rsplit(".", 1)[1].lower()
    stored = f"{uuid.uuid4().hex}.{extension}"
    file.save(os.path.join(current_app.config["UPLOAD_FOLDER"], stored))
    db = get_db()
    db.execute(
        "INSERT INTO upload (owner_id, stored_name, original_name) VALUES (?, ?, ?)",
        (current_user.id, stored, original),
    )
    db.commit()
    return redirect(url_for("main.profile"))


@bp.route("/uploads/<stored_name>")
@login_required
def download(stored_name):
    row = get_db().execute(
        "SELECT original_name FROM upload WHERE stored_name = ? AND owner_id = ?",
        (stored_name, current_user.id),
    ).fetchone()
    if row is None:
        abort(404)
    return send_from_directory(
        current_app.config["UPLOAD_FOLDER"], stored_name, as_attachment=True, download_name=row["original_name"]
    )
