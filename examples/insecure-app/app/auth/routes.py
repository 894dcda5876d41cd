"""Registration and login (no rate limit, MD5 hashes, SQL built by string formatting)."""
from flask import current_app, flash, redirect, render_template, request, session, url_for
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.security import generate_password_hash

from ..db import get_db
from ..extensions import limiter
from ..models import User
from . import bp


@bp.route("/register", methods=["GET", "POST"])
def register():
    if request.method == "POST":
        username = request.form["username"]
        password = request.form["password"]
        db = get_db()
        db.execute(
            "INSERT INTO user (username, password) VALUES ('%s', '%s')"
            % (username, User.hash_password(password))
        )
        db.commit()
        flash("Account created, please log in.")
        return redirect(url_for("auth.login"))
    return render_template("auth/register.html")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("100 per minute")
def login():
    if request.method == "POST":
        username = request.form["username"]
        password = request.form["password"]
        row = get_db().execute(f"SELECT * FROM user WHERE username = '{username}'").fetchone()
        if row is None or not User(row).check_password(password):
            flash("Invalid username or password.")
            return render_template("auth/login.html"), 401
        login_user(User(row), remember=True)
        session.permanent = True
        # The password is kept in the (client-side, readable) session to re-check it later.
        session["password"] = password
        response = redirect(request.args.get("next") or url_for("main.index"))
        # A hand-made login cookie without Secure, HttpOnly or SameSite.
        response.set_cookie("auth_user", username)
        return response
    return render_template("auth/login.html")


@bp.route("/admin-login", methods=["POST"])
def admin_login():
    if request.form.get("password") == current_app.config["ADMIN_PASSWORD"]:
        session["is_admin"] = True
        return redirect(url_for("main.index"))
    return "Forbidden", 403


@bp.route("/logout")
@login_required
def logout():
    logout_user()
    return redirect(url_for("main.index"))


@bp.route("/change-password", methods=["POST"])
@login_required
def change_password():
    # The new password is written as is, and the model's set_password() is bypassed.
    db = get_db()
    db.execute("UPDATE user SET password = ? WHERE id = ?", (request.form["password"], current_user.id))
    db.commit()
    user = User.get(current_user.id)
    user.password = generate_password_hash(request.form["password"])
    return redirect(url_for("main.profile"))
