"""Running the app under uvicorn, one process or several.

Why not ``uvicorn.run``: with more than one worker uvicorn binds the listening socket
itself with protocol number 0; accepted connections inherit it, asyncio then does not set
TCP_NODELAY on them, and every keep-alive request after the first waits for the client's
delayed ACK (uvicorn issue #3149, not fixed in 0.54; measured here with 2 workers: GET
/api/me p50 48 ms instead of 5 ms). :class:`TcpConfig` re-wraps the same file descriptor
as IPPROTO_TCP, which is all asyncio looks at.
"""

from __future__ import annotations

import socket

import uvicorn
from uvicorn.supervisors import Multiprocess

APP = "api.app:create_app"


class TcpConfig(uvicorn.Config):
    """uvicorn's Config whose pre-bound TCP listening socket says it is TCP."""

    def bind_socket(self) -> socket.socket:
        sock = super().bind_socket()
        if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.proto == 0:
            sock = socket.socket(sock.family, sock.type, socket.IPPROTO_TCP,
                                 fileno=sock.detach())
            sock.set_inheritable(True)
        return sock


def run(*, host: str, port: int, workers: int = 1, access_log: bool = True) -> None:
    """Serve the app until interrupted; ``workers`` > 1 forks that many processes."""
    config = TcpConfig(APP, factory=True, host=host, port=port, workers=workers,
                       log_level="info", access_log=access_log)
    if workers > 1:
        Multiprocess(config, sockets=[config.bind_socket()]).run()
    else:
        uvicorn.Server(config).run()
