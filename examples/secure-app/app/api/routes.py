"""A small JSON API used by the profile page; CSRF-protected like every other view."""
from flask import jsonify, request
from flask_login import current_user, login_required

from ..db import get_db
from . import bp

@bp.route("/notes", methods=["GET"])
@login_required
def list_notes():
    if request.args.get("order") == "newest":
        sql = "SELECT id, body FROM note WHERE author_id = ? ORDER BY id DESC"
    else:
        sql = "SELECT id, body FROM note WHERE author_id = ? ORDER BY id"
    rows = get_db().execute(sql, (current_user.id,)).fetchall()
    return jsonify([dict(row) for row in rows])


@bp.route("/notes", methods=["POST"])
@login_required
def create_note():
    body = (request.get_json(silent=True) or {}).get("body", "")
    if not isinstance(body, str) or not body.strip():
        return jsonify({"error": "body is required"}), 400
    db = get_db()
    db.execute("INSERT INTO note (author_id, body) VALUES (?, ?)", (current_user.id, body))
    db.commit()
    return jsonify({"ok": True}), 201
