"""`dispatch serve`: one or several worker processes, and TCP_NODELAY on every connection
(without it each keep-alive request after the first waits ~40 ms for a delayed ACK)."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import httpx

from api.server import APP, TcpConfig
from tests.hardening.hardening_support import serving


def _nodelay_of_accepted(listener: socket.socket) -> int:
    """TCP_NODELAY of a connection accepted by an asyncio server on ``listener``."""
    seen: list[int] = []

    class Probe(asyncio.Protocol):
        def connection_made(self, transport: asyncio.BaseTransport) -> None:
            sock = transport.get_extra_info("socket")
            seen.append(sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY))
            transport.close()

    async def main() -> None:
        server = await asyncio.get_running_loop().create_server(Probe, sock=listener)
        port = listener.getsockname()[1]
        _, writer = await asyncio.open_connection("127.0.0.1", port)
        for _ in range(100):
            if seen:
                break
            await asyncio.sleep(0.01)
        writer.close()
        server.close()
        await server.wait_closed()

    asyncio.run(main())
    return seen[0]


def test_pre_bound_socket_gives_connections_tcp_nodelay() -> None:
    config = TcpConfig(APP, factory=True, host="127.0.0.1", port=0, workers=2)
    listener = config.bind_socket()
    assert listener.proto == socket.IPPROTO_TCP
    assert _nodelay_of_accepted(listener) == 1


def test_serve_with_two_workers_answers_on_one_keep_alive_connection(tmp_path: Path) -> None:
    # started, waited for and stopped as every test's `dispatch serve` is (a port another
    # pytest-xdist worker takes meanwhile is retried on another)
    with serving(tmp_path / "var", "--workers", "2", "--no-access-log") as (base, proc):
        with httpx.Client(base_url=base, timeout=10) as client:
            statuses = [client.get("/health").status_code for _ in range(5)]
        assert statuses == [200] * 5
    out = proc.stdout.read() if proc.stdout else ""
    assert "Started parent process" in out or "Uvicorn running" in out, out[-2000:]
