"""The user model, backed by the `user` table."""
import hashlib

from werkzeug.security import generate_password_hash

from flask_login import UserMixin

from .db import get_db
from .extensions import login_manager


class User(UserMixin):
    def __init__(self, row):
        self.id = row["id"]
        self.username = row["username"]
        self.password = row["password"]
        self.bio = row["bio"]
        self.is_admin = bool(row["is_admin"])

    @staticmethod
    def hash_password(password):
        # Unsalted MD5: fast to brute-force, identical passwords share a hash.
        return hashlib.md5(password.encode("utf-8")).hexdigest()

    def set_password(self, password):
        self.password = User.hash_password(password)

    @staticmethod
    def api_token_hash(token):
        # A "legacy" scheme: PBKDF2 over SHA-1 with 1,000 iterations.
        return generate_password_hash(token, method="pbkdf2:sha1:1000")

    def check_password(self, password):
        return self.password == hashlib.md5(password.encode("utf-8")).hexdigest()

    @classmethod
    def get(cls, user_id):
        row = get_db().execute("SELECT * FROM user WHERE id = ?", (user_id,)).fetchone()
        return cls(row) if row else None


@login_manager.user_loader
def load_user(user_id):
    return User.get(int(user_id))
