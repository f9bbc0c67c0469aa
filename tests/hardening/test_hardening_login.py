"""Issue 16, defects 11 and 12: logout and a password change end the session (a copied
cookie stops working), and password guessing is throttled per name and address."""

from __future__ import annotations

import re

import pytest

PASSWORD = "right-password-123"


def _csrf(html: str) -> str:
    m = re.search(r'name="csrf[-_]token" (?:content|value)="([^"]+)"', html)
    assert m, html[:500]
    return m.group(1)


def _login(client, name: str, password: str):
    page = client.get("/login")
    return client.post("/login", data={"username": name, "password": password,
                                       "csrf_token": _csrf(page.text), "next": "/"},
                       follow_redirects=False)


@pytest.fixture
def alice(make_user):
    return make_user("alice", "requester", password=PASSWORD)[0]


def test_d11_logout_ends_the_session_for_a_copied_cookie(client, alice) -> None:
    assert _login(client, "alice", PASSWORD).status_code == 303
    stolen = client.cookies.get("dispatch_session")
    assert client.get("/api/me").status_code == 200
    home = client.get("/")
    r = client.post("/logout", data={"csrf_token": _csrf(home.text)}, follow_redirects=False)
    assert r.status_code == 303
    client.cookies.set("dispatch_session", stolen)
    assert client.get("/api/me").status_code == 401
    assert client.get("/minutes", follow_redirects=False).status_code == 303  # to /login


def test_d11_password_change_ends_the_session(client, alice, db) -> None:
    from dispatch.users import service

    assert _login(client, "alice", PASSWORD).status_code == 303
    assert client.get("/api/me").status_code == 200
    service.set_password(db_session=db, name="alice", password="a-new-password-456")
    db.flush()
    assert client.get("/api/me").status_code == 401
    assert _login(client, "alice", "a-new-password-456").status_code == 303
    assert client.get("/api/me").status_code == 200


def test_d12_login_throttled_after_ten_failures_with_retry_after(client, alice) -> None:
    for _ in range(10):
        assert _login(client, "alice", "wrong-guess").status_code == 401
    r = _login(client, "alice", PASSWORD)  # even the right password waits now
    assert r.status_code == 429
    assert 0 < int(r.headers["retry-after"]) <= 15 * 60
    assert client.get("/api/me").status_code == 401
    assert _login(client, "bob-unknown", "x").status_code == 401  # other names unaffected


def test_d12_unknown_user_costs_a_password_hash(db, alice, monkeypatch) -> None:
    from dispatch.users import service

    calls = []
    real = service.verify_password
    monkeypatch.setattr(service, "verify_password",
                        lambda pw, stored: calls.append(stored) or real(pw, stored))
    assert service.authenticate_password(db_session=db, name="nobody", password="x") is None
    assert service.authenticate_password(db_session=db, name="alice", password="x") is None
    assert len(calls) == 2 and all(c.startswith("scrypt$") for c in calls)
