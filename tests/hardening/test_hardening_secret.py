"""Issue 16, defect 4: the session secret is never the public default. Without a
configured one, each install gets a random secret in its data directory; a cookie or a
follow-up link signed with the old default is refused."""

from __future__ import annotations

import base64
import json
import stat
from pathlib import Path

import pytest
from itsdangerous import TimestampSigner, URLSafeTimedSerializer

from dispatch.settings import DEV_SECRET, Settings


def _forged_cookie(uid: int) -> str:
    data = base64.b64encode(json.dumps({"uid": uid}).encode())
    return TimestampSigner(DEV_SECRET).sign(data).decode()


@pytest.fixture
def install_app(engine, db, tmp_path: Path):
    """The app as a fresh install runs it: development, no secret configured."""
    from api.app import create_app
    from api.deps import get_session

    app = create_app(settings=Settings(env="development", data_dir=tmp_path / "var"),
                     engine=engine)

    def _session():
        yield db
        db.flush()

    app.dependency_overrides[get_session] = _session
    return app


def test_d04_per_install_secret_is_random_private_and_stable(tmp_path: Path) -> None:
    a = Settings(env="development", data_dir=tmp_path)
    b = Settings(env="development", data_dir=tmp_path)
    other = Settings(env="development", data_dir=tmp_path / "elsewhere")
    assert a.secret_key == b.secret_key != other.secret_key
    assert a.secret_key != DEV_SECRET and len(a.secret_key) >= 48
    assert a.secret_file == tmp_path / "secret_key"
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    assert Settings(data_dir=tmp_path, secret_key="configured-0123456789").secret_file is None


def test_d04_second_process_starting_while_the_secret_is_written_reads_the_same_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two processes of a fresh install starting at once (two server workers, two pytest
    workers on a new clone): the second reads the file while the first is making it. It
    used to find the file already created but still empty, and run with an empty secret."""
    import dispatch.settings as settings_mod

    real = settings_mod.secrets.token_urlsafe
    started: list[bool] = []
    seen: list[str] = []

    def first_one_meanwhile(n: int) -> str:
        if not started:  # the other process starts while this one makes its secret
            started.append(True)
            seen.append(Settings(env="development", data_dir=tmp_path).secret_key)
        return real(n)

    monkeypatch.setattr(settings_mod.secrets, "token_urlsafe", first_one_meanwhile)
    first = Settings(env="development", data_dir=tmp_path).secret_key
    assert len(first) >= 48
    assert seen == [first]
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]  # no temporary file left


def test_d04_public_default_secret_refused(tmp_path: Path) -> None:
    for env in ("development", "test", "production"):
        with pytest.raises(ValueError, match="public default"):
            Settings(env=env, data_dir=tmp_path, secret_key=DEV_SECRET)


def test_d04_forged_default_cookie_rejected(install_app, make_user) -> None:
    from fastapi.testclient import TestClient

    admin, _ = make_user("root", "admin", password="long-enough-pass")
    with TestClient(install_app) as c:
        c.cookies.set("dispatch_session", _forged_cookie(admin.id))
        r = c.get("/api/me")
    assert r.status_code == 401, r.text


def test_d04_forged_default_followup_link_rejected(install_app) -> None:
    from fastapi.testclient import TestClient

    from dispatch.followups.service import _SALT

    token = URLSafeTimedSerializer(DEV_SECRET, salt=_SALT).dumps({"f": 1, "v": 1,
                                                                   "r": "head"})
    with TestClient(install_app) as c:
        r = c.get(f"/api/followups/act/{token}")
    assert r.status_code == 401


def test_d04_serve_on_all_interfaces_warns_about_the_secret(tmp_path: Path) -> None:
    from hardening_support import serving

    with serving(tmp_path / "var", "--host", "0.0.0.0", "--no-access-log") as (_, proc):
        pass
    out = proc.stdout.read() if proc.stdout else ""
    assert "warning: serving on 0.0.0.0" in out and "DISPATCH_SECRET_KEY" in out


def test_d04_a_data_directory_without_hard_links_still_gets_its_secret(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Some volumes refuse hard links (EPERM on a FAT or network mount): the install still
    writes its secret whole, private, once, and leaves no temporary file behind."""
    import errno
    import os

    def no_links(src: str, dst: str) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    a = Settings(env="development", data_dir=tmp_path)
    b = Settings(env="development", data_dir=tmp_path)
    assert a.secret_key == b.secret_key != DEV_SECRET and len(a.secret_key) >= 48
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["secret_key"]
