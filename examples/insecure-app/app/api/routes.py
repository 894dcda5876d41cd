"""A small JSON API used by the profile page (CSRF-exempt, see the factory)."""
import urllib.request

from flask import jsonify, request
from flask_login import current_user, login_required

from ..db import get_db
from . import bp


@bp.route("/notes", methods=["GET"])
@login_required
def list_notes():
    order = request.args.get("order", "id")
    rows = get_db().execute(
        "SELECT id, body FROM note WHERE author_id = %d ORDER BY %s" % (current_user.id, order)
    ).fetchall()
    return jsonify([dict(row) for row in rows])


@bp.route("/notes", methods=["POST"])
@login_required
def create_note():
    db = get_db()
    db.execute("INSERT INTO note (author_id, body) VALUES (?, ?)", (current_user.id, request.json["body"]))
    db.commit()
    return jsonify({"ok": True}), 201


@bp.route("/preview", methods=["POST"])
@login_required
def preview_link():
    url = request.json["url"]
    with urllib.request.urlopen(url, timeout=5) as response:
        return jsonify({"status": response.status, "title": response.read(2048).decode("utf-8", "replace")})
