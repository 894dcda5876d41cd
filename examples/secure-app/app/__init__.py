"""Application factory for the secure example app."""
import os

from flask import Flask

from config import config

from . import db
from .extensions import CONTENT_SECURITY_POLICY, csrf, limiter, login_manager, talisman


def create_app(config_name=None):
    config_name = config_name or os.environ.get("FLASK_CONFIG", "default")
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config[config_name])
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError("Set the SECRET_KEY environment variable (e.g. secrets.token_hex(32)).")
    os.makedirs(app.config["UPLOAD_FOLDER"], exist_ok=True)

    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    talisman.init_app(
        app,
        content_security_policy=CONTENT_SECURITY_POLICY,
        force_https=True,
        strict_transport_security=True,
        session_cookie_secure=True,
        frame_options="DENY",
        referrer_policy="strict-origin-when-cross-origin",
    )
    db.init_app(app)

    from .api import bp as api_bp
    from .auth import bp as auth_bp
    from .main import bp as main_bp

    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(main_bp)
    app.register_blueprint(api_bp, url_prefix="/api")
    return app
