"""Issue 16, defects 9, 17 and the headers check: bodies are capped before authentication,
pages refuse to be framed, and the access log keeps no link or feed tokens."""

from __future__ import annotations

import socket
import time
from pathlib import Path

from hardening_support import seed, serving


def _chunks(total: int, size: int = 1 << 20):
    sent = 0
    while sent < total:
        yield b"x" * size
        sent += size


def test_d09_streamed_json_over_the_cap_refused_unauthenticated(client, settings) -> None:
    r = client.post("/api/requests", content=_chunks(settings.max_body_bytes + (2 << 20)),
                    headers={"content-type": "application/json"})
    assert r.status_code == 413, r.text
    assert "MB request body limit" in r.json()["error"]["message"]


def test_d09_streamed_multipart_over_the_upload_cap_refused(client, settings) -> None:
    r = client.post("/api/minutes", content=_chunks(settings.max_upload_bytes + (3 << 20)),
                    headers={"content-type": "multipart/form-data; boundary=xyz"})
    assert r.status_code == 413, r.text


def test_d09_declared_huge_length_refused_at_once(client) -> None:
    r = client.post("/api/requests", content=b"{}",
                    headers={"content-type": "application/json",
                             "content-length": "2000000000"})
    assert r.status_code == 413


def test_d10_pages_and_api_refuse_framing(client) -> None:
    for path in ("/login", "/health"):
        r = client.get(path)
        assert r.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
        assert r.headers["referrer-policy"] == "no-referrer"


def test_d09_d17_real_server_answers_huge_length_at_once_and_logs_no_tokens(
        tmp_path: Path) -> None:
    seed(tmp_path / "var")
    with serving(tmp_path / "var") as (base, proc):
        port = int(base.rsplit(":", 1)[1])
        with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
            t0 = time.monotonic()
            s.sendall(b"POST /api/requests HTTP/1.1\r\nHost: x\r\nContent-Type: "
                      b"application/json\r\nContent-Length: 2000000000\r\n\r\n{")
            answer = s.recv(4096)
            took = time.monotonic() - t0
        assert answer.startswith(b"HTTP/1.1 413"), answer
        assert took < 1.0
        import httpx

        httpx.get(base + "/api/followups/act/SECRETLINKTOKEN123?action=done")
        httpx.get(base + "/api/calendar/FEEDTOKEN456.ics")
        httpx.get(base + "/health?token=QUERYTOKEN789")
        time.sleep(0.5)
    log = proc.stdout.read() if proc.stdout else ""
    assert "/api/followups/act/[redacted]" in log, log[-2000:]
    for secret in ("SECRETLINKTOKEN123", "FEEDTOKEN456", "QUERYTOKEN789"):
        assert secret not in log
