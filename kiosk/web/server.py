"""Running the web service on uvicorn: in the foreground (``techbar web``) or in a thread.

Uvicorn's access log is off: every status page's address holds its token, a secret that
must not reach a log. Behind a reverse proxy, uvicorn trusts ``X-Forwarded-*`` from the
addresses in ``FORWARDED_ALLOW_IPS`` (default 127.0.0.1), so the rate limit sees the
phone's address, not the proxy's.
"""

from __future__ import annotations

import socket
import threading
import time
from types import TracebackType

import uvicorn
from fastapi import FastAPI

from kiosk.bootstrap import Core
from kiosk.web.app import create_app

#: How long a thread's server may take to start or to stop.
START_SECONDS = 20.0


def listen(host: str, port: int) -> socket.socket:
    """A listening socket on ``host``:``port`` (0: any free port).

    Raises:
        OSError: the address is in use, or not this machine's.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0 (socket.create_server's): asyncio turns Nagle's algorithm off
    # (TCP_NODELAY) only on connections whose socket says TCP. With it on, a response's
    # body waited for the client's delayed ACK of its headers: 40 ms on every
    # keep-alive request after the first.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(2048)
    except OSError:
        sock.close()
        raise
    return sock


def _config(app: FastAPI) -> uvicorn.Config:
    return uvicorn.Config(app, access_log=False, log_level="warning", proxy_headers=True,
                          server_header=False, lifespan="on", timeout_graceful_shutdown=2)


def serve(core: Core, sock: socket.socket) -> None:
    """Serve until interrupted (Ctrl+C or SIGTERM), on an already listening socket."""
    uvicorn.Server(_config(create_app(core))).run(sockets=[sock])


class BackgroundServer:
    """The web service in a thread of this process, on a free loopback port (tests, the
    benchmark). Use as a context manager; :attr:`url` is its address."""

    def __init__(self, app: FastAPI, host: str = "127.0.0.1") -> None:
        """Args:
            app: made by :func:`kiosk.web.app.create_app` (with the options a test needs).
        """
        self.app = app
        self._socket = listen(host, 0)
        self.port = int(self._socket.getsockname()[1])
        self.url = f"http://{host}:{self.port}"
        self.server = uvicorn.Server(_config(app))
        self._thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self._socket]},
                                        name="techbar-web", daemon=True)

    def __enter__(self) -> BackgroundServer:
        self._thread.start()
        deadline = time.monotonic() + START_SECONDS
        while not self.server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the web service did not start")
            time.sleep(0.01)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.server.should_exit = True
        self._thread.join(START_SECONDS)
        self._socket.close()
