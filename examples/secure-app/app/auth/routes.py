"""Registration and login: rate limited, Werkzeug password hashes, parameterised queries."""
from flask import flash, redirect, render_template, request, session, url_for
from flask_login import login_required, login_user, logout_user

from ..extensions import limiter
from ..models import User
from . import bp


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
def register():
    if request.method == "POST":
        username = request.form["username"].strip()
        password = request.form["password"]
        if len(password) < 12:
            flash("Use at least 12 characters.")
            return render_template("auth/register.html"), 400
        if User.find_by_username(username) is not None:
            flash("That username is taken.")
            return render_template("auth/register.html"), 400
        User.create(username, password)
        flash("Account created, please log in.")
        return redirect(url_for("auth.login"))
    return render_template("auth/register.html")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
def login():
    if request.method == "POST":
        user = User.find_by_username(request.form["username"])
        if user is None or not user.check_password(request.form["password"]):
            flash("Invalid username or password.")
            return render_template("auth/login.html"), 401
        session.clear()
        login_user(user)
        session.permanent = True
        return redirect(url_for("main.index"))
    return render_template("auth/login.html")


@bp.route("/logout", methods=["POST"])
@login_required
def logout():
    logout_user()
    session.clear()
    return redirect(url_for("main.index"))
