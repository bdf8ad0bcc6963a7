"""The web service's listening socket: every connection it accepts sends without delay.

asyncio turns Nagle's algorithm off (TCP_NODELAY) only on connections whose socket says
TCP; a socket made with protocol 0 left it on, and each keep-alive response's body then
waited for the client's delayed ACK of its headers (40 ms a request).
"""

from __future__ import annotations

import asyncio
import socket

import pytest

from kiosk.web.server import listen


class _Accepted(asyncio.Protocol):
    def __init__(self, seen: asyncio.Future[int]) -> None:
        self.seen = seen

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        sock = transport.get_extra_info("socket")
        self.seen.set_result(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
        transport.close()


async def _nodelay_of_an_accepted_connection(sock: socket.socket) -> int:
    loop = asyncio.get_running_loop()
    seen: asyncio.Future[int] = loop.create_future()
    server = await loop.create_server(lambda: _Accepted(seen), sock=sock)
    try:
        port = sock.getsockname()[1]
        _reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            return await asyncio.wait_for(seen, 5)
        finally:
            writer.close()
    finally:
        server.close()
        await server.wait_closed()


def test_connections_accepted_by_the_service_have_nagle_off() -> None:
    assert asyncio.run(_nodelay_of_an_accepted_connection(listen("127.0.0.1", 0))) != 0


def test_a_port_in_use_is_an_os_error_and_the_socket_is_closed() -> None:
    first = listen("127.0.0.1", 0)
    try:
        with pytest.raises(OSError, match="in use"):
            listen("127.0.0.1", first.getsockname()[1])
    finally:
        first.close()
