"""Test harness: serve one of the shipped example apps on 127.0.0.1 for the probe tests.

Run from a temporary copy of the example (the apps write instance/ and upload folders):

    python3 serve_example.py insecure
    python3 serve_example.py secure CERT KEY REDIS_URL KEY_PREFIX

insecure: the app as `python run.py` starts it (default config, debug on, so the Werkzeug
debugger wraps it), but on 127.0.0.1 and a free port.
secure: the production config behind gunicorn (what wsgi.py is for) with TLS, Redis as the
rate-limit storage, and a key prefix so runs do not share counters.

Prints `LISTENING <port>` once the server accepts connections.
"""
import os
import sys

sys.path.insert(0, os.getcwd())


def serve_insecure():
    from werkzeug.debug import DebuggedApplication
    from werkzeug.serving import make_server

    from app import create_app
    from app.db import SCHEMA, get_db

    app = create_app()
    with app.app_context():
        get_db().executescript(SCHEMA)
    # app.run(debug=True) wraps the app in the debugger exactly like this.
    wsgi = DebuggedApplication(app, evalex=True) if app.debug else app
    server = make_server("127.0.0.1", 0, wsgi, threaded=True)
    print("LISTENING", server.server_port, flush=True)
    server.serve_forever()


def serve_secure(cert, key, redis_url, prefix):
    import socket

    from gunicorn.app.base import BaseApplication

    os.environ["RATELIMIT_STORAGE_URI"] = redis_url
    import config

    config.Config.RATELIMIT_STORAGE_URI = redis_url
    config.Config.RATELIMIT_KEY_PREFIX = prefix
    from app import create_app
    from app.db import init_db

    app = create_app("production")
    with app.app_context():
        init_db()

    # Bind here so the port is known before gunicorn starts; gunicorn inherits the socket.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"127.0.0.1:{port}")
            self.cfg.set("workers", 1)
            self.cfg.set("threads", 4)
            self.cfg.set("certfile", cert)
            self.cfg.set("keyfile", key)
            self.cfg.set("loglevel", "warning")
            self.cfg.set("when_ready", lambda server: print("LISTENING", port, flush=True))

        def load(self):
            return app

    Server().run()


if __name__ == "__main__":
    if sys.argv[1] == "insecure":
        serve_insecure()
    else:
        serve_secure(*sys.argv[2:6])
