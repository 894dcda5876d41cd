"""Configuration classes for the insecure example app.

DELIBERATELY INSECURE: see README.md. ProductionConfig is what `create_app()` loads by default.
"""
import os
from datetime import timedelta

BASE_DIR = os.path.abspath(os.path.dirname(__file__))


class Config:
    """Settings shared by every environment."""

    SECRET_KEY = "dev"
    DATABASE = os.path.join(BASE_DIR, "instance", "insecure.sqlite")
    UPLOAD_FOLDER = os.path.join(BASE_DIR, "app", "static", "uploads")
    ADMIN_PASSWORD = "admin123"
    # Sessions live for a year and the cookie flags are left at their insecure defaults.
    PERMANENT_SESSION_LIFETIME = timedelta(days=365)


class DevelopmentConfig(Config):
    DEBUG = True


class TestingConfig(Config):
    TESTING = True
    DATABASE = os.path.join(BASE_DIR, "instance", "test.sqlite")
    WTF_CSRF_ENABLED = False
    RATELIMIT_STORAGE_URI = "memory://"


class ProductionConfig(Config):
    SECRET_KEY = "dev"
    DEBUG = True
    WTF_CSRF_ENABLED = False
    SESSION_COOKIE_HTTPONLY = False
    # CSRF tokens that never expire.
    WTF_CSRF_TIME_LIMIT = None


config = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
    "default": ProductionConfig,
}
