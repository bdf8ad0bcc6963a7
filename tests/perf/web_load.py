"""The web benchmark's client, run in a process of its own (the server keeps its own GIL).

``python -m tests.perf.web_load rate URL SECONDS THREADS``: GETs over keep-alive
connections for SECONDS from THREADS threads; prints the requests per second (every
answer must be 200).

``python -m tests.perf.web_load streams HOST PORT FILE``: opens one Server-Sent Events
stream per path in FILE (one socket each, all in one thread), prints ``ready`` once each
has its first event, then on ``go`` (standard input) prints the seconds until every
stream has had one more event; holds the streams until standard input closes.
"""

from __future__ import annotations

import http.client
import selectors
import socket
import sys
import threading
import time
from urllib.parse import urlsplit


def rate(url: str, seconds: float, threads: int) -> float:
    parts = urlsplit(url)
    counts = [0] * threads
    stop = time.monotonic() + seconds

    def work(index: int) -> None:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        while time.monotonic() < stop:
            connection.request("GET", path)
            answer = connection.getresponse()
            answer.read()
            if answer.status != 200:
                raise SystemExit(f"{url}: HTTP {answer.status}")
            counts[index] += 1
        connection.close()

    workers = [threading.Thread(target=work, args=(i,)) for i in range(threads)]
    began = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return sum(counts) / (time.monotonic() - began)


def _open(host: str, port: int, path: str) -> socket.socket:
    sock = socket.create_connection((host, port), timeout=30)
    sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept: text/event-stream\r\n\r\n"
                 .encode())
    sock.setblocking(False)
    return sock


def _events_until(selector: selectors.BaseSelector, seen: dict[socket.socket, int],
                  wanted: int, deadline: float) -> None:
    """Read every stream until each has had ``wanted`` status events."""
    while any(count < wanted for count in seen.values()):
        if time.monotonic() > deadline:
            raise SystemExit(f"streams without {wanted} events: "
                             f"{sum(c < wanted for c in seen.values())}")
        for key, _ in selector.select(timeout=1.0):
            sock = key.fileobj
            assert isinstance(sock, socket.socket)
            data = sock.recv(65536)
            if not data:
                raise SystemExit("a stream was closed by the server")
            seen[sock] += data.count(b"event: status")


def streams(host: str, port: int, paths: list[str]) -> None:
    selector = selectors.DefaultSelector()
    seen: dict[socket.socket, int] = {}
    for path in paths:
        sock = _open(host, port, path)
        selector.register(sock, selectors.EVENT_READ)
        seen[sock] = 0
    _events_until(selector, seen, 1, time.monotonic() + 120)
    print("ready", flush=True)
    sys.stdin.readline()
    began = time.monotonic()
    _events_until(selector, seen, 2, began + 60)
    print(f"{time.monotonic() - began:.4f}", flush=True)
    sys.stdin.read()  # hold the streams until the parent is done
    for sock in seen:
        sock.close()


def main(argv: list[str]) -> None:
    if argv[0] == "rate":
        print(f"{rate(argv[1], float(argv[2]), int(argv[3])):.1f}", flush=True)
    else:
        with open(argv[3], encoding="utf-8") as listing:
            streams(argv[1], int(argv[2]), listing.read().split())


if __name__ == "__main__":
    main(sys.argv[1:])
