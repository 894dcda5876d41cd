"""The user model, backed by the `user` table; passwords are hashed with Werkzeug."""
from flask_login import UserMixin
from werkzeug.security import check_password_hash, generate_password_hash

from .db import get_db
from .extensions import login_manager


class User(UserMixin):
    def __init__(self, row):
        self.id = row["id"]
        self.username = row["username"]
        self.password_hash = row["password_hash"]
        self.bio = row["bio"]

    def set_password(self, password):
        self.password_hash = generate_password_hash(password)

    def check_password(self, password):
        if not check_password_hash(self.password_hash, password):
            return False
        if not self.password_hash.startswith("scrypt:"):
            # Rehash on login: hashes stored before Werkzeug 3 are pbkdf2; store the current default.
            self.set_password(password)
            db = get_db()
            db.execute("UPDATE user SET password_hash = ? WHERE id = ?", (self.password_hash, self.id))
            db.commit()
        return True

    @classmethod
    def get(cls, user_id):
        row = get_db().execute("SELECT * FROM user WHERE id = ?", (user_id,)).fetchone()
        return cls(row) if row else None

    @classmethod
    def find_by_username(cls, username):
        row = get_db().execute("SELECT * FROM user WHERE username = ?", (username,)).fetchone()
        return cls(row) if row else None

    @classmethod
    def create(cls, username, password):
        db = get_db()
        cursor = db.execute(
            "INSERT INTO user (username, password_hash) VALUES (?, ?)",
            (username, generate_password_hash(password)),
        )
        db.commit()
        return cls.get(cursor.lastrowid)


@login_manager.user_loader
def load_user(user_id):
    return User.get(int(user_id))
