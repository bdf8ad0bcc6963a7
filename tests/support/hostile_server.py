"""A ticketing server that fights back: slow, endless, compressed to a bomb, redirecting.

Each connection is answered according to the server's ``mode``; every answer is written
by hand on the raw socket, so nothing in the standard library tidies it up::

    with HostileServer("trickle-body") as server:
        ...  # point an adapter at server.url and watch it give up in time

Modes:
    ``trickle-headers``: the status line, then one header byte a second, forever.
    ``trickle-body``: a complete header, then one body byte every 0.2 s, forever.
    ``endless``: a chunked body of 64 KiB chunks that never ends.
    ``gzip-bomb``: a 200 whose gzip body inflates to 1 GiB (about 1 MB on the wire).
    ``huge``: a 200 with a 200 MB body announced by Content-Length.
    ``huge-headers``: 64 KiB header lines until the client gives up.
    ``redirect``: a 307 to another host.
"""

from __future__ import annotations

import gzip
import io
import socket
import socketserver
import threading
import time
from types import TracebackType

MODES = ("trickle-headers", "trickle-body", "endless", "gzip-bomb", "huge", "huge-headers",
         "redirect")
_BOMB: bytes | None = None
_BOMB_LOCK = threading.Lock()


def gzip_bomb() -> bytes:
    """1 GiB of zeros, gzipped once per test session (about 1 MB)."""
    global _BOMB
    with _BOMB_LOCK:
        if _BOMB is None:
            out = io.BytesIO()
            with gzip.GzipFile(fileobj=out, mode="wb", compresslevel=9) as packed:
                block = bytes(1024 * 1024)
                for _ in range(1024):
                    packed.write(block)
            _BOMB = out.getvalue()
        return _BOMB


class _Handler(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        sock: socket.socket = self.request
        sock.settimeout(30)
        try:
            _read_request(sock)
            getattr(self, "_" + self.server.mode.replace("-", "_"))(sock)
        except OSError:
            pass  # the client hung up: that is what we wanted

    def _trickle_headers(self, sock: socket.socket) -> None:
        sock.sendall(b"HTTP/1.1 200 OK\r\nX-Slow: ")
        while not self.server.stopping.wait(1.0):
            sock.sendall(b"a")

    def _trickle_body(self, sock: socket.socket) -> None:
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     b"Content-Length: 100000\r\n\r\n")
        while not self.server.stopping.wait(0.2):
            sock.sendall(b" ")

    def _endless(self, sock: socket.socket) -> None:
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     b"Transfer-Encoding: chunked\r\n\r\n")
        chunk = b"10000\r\n" + b"x" * 0x10000 + b"\r\n"
        while not self.server.stopping.is_set():
            sock.sendall(chunk)

    def _gzip_bomb(self, sock: socket.socket) -> None:
        body = gzip_bomb()
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     b"Content-Encoding: gzip\r\nContent-Length: " + str(len(body)).encode()
                     + b"\r\n\r\n" + body)

    def _huge(self, sock: socket.socket) -> None:
        size = 200 * 1024 * 1024
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                     b"Content-Length: " + str(size).encode() + b"\r\n\r\n")
        block = b"y" * (1024 * 1024)
        for _ in range(200):
            if self.server.stopping.is_set():
                return
            sock.sendall(block)

    def _huge_headers(self, sock: socket.socket) -> None:
        sock.sendall(b"HTTP/1.1 200 OK\r\n")
        line = b"X-Big: " + b"z" * (64 * 1024) + b"\r\n"
        while not self.server.stopping.is_set():
            sock.sendall(line)

    def _redirect(self, sock: socket.socket) -> None:
        sock.sendall(b"HTTP/1.1 307 Temporary Redirect\r\nLocation: http://attacker.invalid/x"
                     b"\r\nContent-Length: 0\r\n\r\n")


def _read_request(sock: socket.socket) -> None:
    """Read the request's head and its Content-Length body."""
    data = b""
    while b"\r\n\r\n" not in data:
        piece = sock.recv(65536)
        if not piece:
            return
        data += piece
    head, _, rest = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        piece = sock.recv(65536)
        if not piece:
            return
        rest += piece


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, mode: str) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mode = mode
        self.stopping = threading.Event()


class HostileServer:
    """A hostile HTTP server on 127.0.0.1 in a background thread (see the module docstring)."""

    def __init__(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        if mode == "gzip-bomb":
            gzip_bomb()  # built before the client's clock starts
        self._server = _Server(mode)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name=f"hostile-{mode}")

    @property
    def url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._server.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(5)
        time.sleep(0.05)  # let handler threads see the stop flag
