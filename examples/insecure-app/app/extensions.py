"""Flask extensions, created here and bound to the app in the factory."""
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()
login_manager = LoginManager()
# A generous default limit, and no storage: counters live in each worker's memory.
limiter = Limiter(key_func=get_remote_address, default_limits=["300 per minute"])
login_manager.login_view = "auth.login"
