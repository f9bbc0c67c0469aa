"""Helpers the hardening tests share: crafted documents and a real `dispatch serve`."""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def docx_with_paragraphs(texts: list[str]) -> bytes:
    """A valid .docx whose body is ``texts``, one paragraph each, built without python-docx's
    per-paragraph cost (so a test can afford 200,000 of them)."""
    import docx

    base = io.BytesIO()
    docx.Document().save(base)
    body = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in texts)
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
           '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
           f"<w:body>{body}</w:body></w:document>")
    out = io.BytesIO()
    with zipfile.ZipFile(base) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = xml.encode() if info.filename == "word/document.xml" else src.read(info)
            dst.writestr(info.filename, data, compress_type=zipfile.ZIP_DEFLATED,
                         compresslevel=9)
    return out.getvalue()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def server_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DISPATCH_")}
    env.pop("DATABASE_URL", None)
    env["DISPATCH_DATA_DIR"] = str(data_dir)
    env["PYTHONPATH"] = str(ROOT)
    env.update(extra)
    return env


def _start_serving(data_dir: Path, args: tuple[str, ...],
                   env: dict[str, str]) -> tuple[str, subprocess.Popen]:
    """Start `python -m dispatch serve` on a free port and wait for /health: (URL, process).
    The port is free when asked for but only bound seconds later, when the new process has
    imported everything; should another process (the other pytest-xdist worker) take it
    meanwhile, the server exits with "address already in use" and is started again on
    another port."""
    for attempt in range(3):
        port = free_port()
        proc = subprocess.Popen(
            [sys.executable, "-m", "dispatch", "serve", "--port", str(port), *args],
            env=server_env(data_dir, **env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            text=True, cwd=ROOT)
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        try:
            while True:
                try:
                    if httpx.get(base + "/health", timeout=5).status_code == 200:
                        return base, proc
                except httpx.TransportError:
                    pass
                if proc.poll() is not None:
                    out = proc.stdout.read() if proc.stdout else ""
                    if "address already in use" in out and attempt < 2:
                        break  # taken meanwhile: another port
                    raise AssertionError(out)
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.3)
        except BaseException:
            _stop(proc)
            raise
    raise AssertionError("the port was taken three times")


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@contextmanager
def serving(data_dir: Path, *args: str, **env: str) -> Iterator[tuple[str, subprocess.Popen]]:
    """`python -m dispatch serve` on a free port; yields (base URL, process)."""
    base, proc = _start_serving(data_dir, args, env)
    try:
        yield base, proc
    finally:
        _stop(proc)


def _demo_model(data_dir: Path) -> None:
    """Put the demo org's routing model where `dispatch serve` on ``data_dir`` finds it, as
    `dispatch org import` would have (built once per process by the product's own step,
    then copied: serve would otherwise build it at start-up, a minute on a busy machine)."""
    from model_support import copy_demo_model

    # the server's default store (server_env sets no DISPATCH_ROUTING_MODEL_DIR)
    copy_demo_model(data_dir / "models" / "routing")


def seed(data_dir: Path) -> dict[str, str]:
    """A migrated SQLite database under ``data_dir`` with the demo org (and its routing
    model) and one user per role; returns their API tokens."""
    from dispatch.db import make_engine, make_session_factory, session_scope, upgrade
    from dispatch.demo import DEMO_ORG
    from dispatch.orgdir.service import import_org
    from dispatch.users import service
    from models.org import load_org

    data_dir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{data_dir / 'dispatch.sqlite3'}")
    upgrade(engine)
    tokens = {}
    with session_scope(make_session_factory(engine)) as s:
        import_org(db_session=s, org=load_org(DEMO_ORG), source="test")
        for role in ("requester", "planner", "admin"):
            user = service.create(db_session=s, name=role, role=role, password="demo-pass-123")
            tokens[role] = service.issue_token(db_session=s, user=user)
    engine.dispose()
    _demo_model(data_dir)
    return tokens
