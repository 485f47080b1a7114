"""Real servers on loopback ports for File Exchange tests: WsgiDAV and moto (S3)."""

import threading
from contextlib import contextmanager


class FailAfter:
    """WSGI middleware: the server answers 503 to every PUT after the first ``puts``."""

    def __init__(self, app, puts: int | None):
        self.app, self.puts, self.seen = app, puts, 0
        self.lock = threading.Lock()

    def __call__(self, environ, start_response):
        if environ["REQUEST_METHOD"] == "PUT" and self.puts is not None:
            with self.lock:
                self.seen += 1
                failing = self.seen > self.puts
            if failing:
                start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                return [b"down"]
        return self.app(environ, start_response)


@contextmanager
def webdav_server(root, *, user="compta", password="motdepasse", fail_after_puts=None):
    """A WsgiDAV server serving ``root`` with basic auth; yields (url, middleware)."""
    from cheroot import wsgi
    from wsgidav.wsgidav_app import WsgiDAVApp

    config = {
        "host": "127.0.0.1",
        "port": 0,
        "provider_mapping": {"/": str(root)},
        "simple_dc": {"user_mapping": {"*": {user: {"password": password}}}},
        "http_authenticator": {
            "domain_controller": None,
            "accept_basic": True,
            "accept_digest": False,
            "default_to_digest": False,
        },
        "verbose": 0,
        "logging": {"enable": False},
        "lock_storage": True,
        "property_manager": True,
    }
    app = FailAfter(WsgiDAVApp(config), fail_after_puts)
    server = wsgi.Server(("127.0.0.1", 0), app, numthreads=4)
    server.prepare()
    port = server.bind_addr[1]
    thread = threading.Thread(target=server.serve, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/", app
    finally:
        server.stop()
        thread.join(timeout=5)


@contextmanager
def s3_server():
    """moto in server mode on a loopback port: a real HTTP S3 API."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()
