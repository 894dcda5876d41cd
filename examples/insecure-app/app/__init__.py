"""Application factory for the insecure example app (DELIBERATELY INSECURE: see README.md)."""
import os

from flask import Flask

from config import config

from . import db
from .extensions import csrf, limiter, login_manager


def create_app(config_name=None):
    config_name = config_name or os.environ.get("FLASK_CONFIG", "default")
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_object(config[config_name])
    os.makedirs(app.instance_path, exist_ok=True)
    os.makedirs(app.config["UPLOAD_FOLDER"], exist_ok=True)

    csrf.init_app(app)
    login_manager.init_app(app)
    limiter.init_app(app)
    db.init_app(app)

    from .api import bp as api_bp
    from .auth import bp as auth_bp
    from .main import bp as main_bp

    # The JSON API is exempted from CSRF protection although it uses the session cookie.
    csrf.exempt(api_bp)
    app.register_blueprint(auth_bp, url_prefix="/auth")
    app.register_blueprint(main_bp)
    app.register_blueprint(api_bp, url_prefix="/api")

    @app.after_request
    def allow_everyone(response):
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Allow-Credentials"] = "true"
        return response

    return app
