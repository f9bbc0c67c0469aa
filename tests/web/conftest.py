"""Fixtures of the web-page tests: signed-in browsers (TestClient) for each role."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

PASSWORD = "pw-for-tests-123"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "web"


@pytest.fixture(scope="session")
def routing_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One routing-model store for the session: the cold-start model is trained once."""
    return tmp_path_factory.mktemp("routing")


@pytest.fixture
def settings(tmp_path: Path, routing_dir: Path):
    from dispatch.settings import RoutingSettings, Settings

    return Settings(env="test", data_dir=tmp_path, secret_key="test-secret-key-0123456789",
                    routing=RoutingSettings(model_dir=routing_dir))


def csrf_of(html: str) -> str:
    m = re.search(r'<meta name="csrf-token" content="([^"]+)"', html)
    assert m, "page has no CSRF meta tag"
    return m.group(1)


class Browser:
    """A TestClient signed in through the login form, carrying the page's CSRF token."""

    def __init__(self, client, name: str) -> None:
        self.client = client
        page = client.get("/login")
        r = client.post("/login", data={"username": name, "password": PASSWORD,
                                        "csrf_token": csrf_of(page.text), "next": "/"},
                        follow_redirects=False)
        assert r.status_code == 303, r.text
        self.csrf = csrf_of(client.get("/").text)

    def get(self, url: str, **kw):
        return self.client.get(url, **kw)

    def post(self, url: str, data: dict | None = None, files=None, follow: bool = False):
        body = {"csrf_token": self.csrf, **(data or {})}
        return self.client.post(url, data=body, files=files, follow_redirects=follow)


@pytest.fixture
def people(make_user, org_in_db):
    """A secretary (requester, 张三), a planner (王芳, 市场部 head), an IT coordinator, an
    admin; all with the test password."""
    return {
        "requester": make_user("sec", "requester", password=PASSWORD, staff_id="zhangsan")[0],
        "planner": make_user("plan", "planner", password=PASSWORD, staff_id="wangfang")[0],
        "it": make_user("itco", "planner", password=PASSWORD, staff_id="chenming")[0],
        "admin": make_user("boss", "admin", password=PASSWORD)[0],
        "other": make_user("sec2", "requester", password=PASSWORD, staff_id="lina")[0],
    }


@pytest.fixture
def browser(app, people):
    """browser(role) → a separate signed-in client (own cookies) for that person."""
    from fastapi.testclient import TestClient

    clients = []

    def _open(role: str) -> Browser:
        c = TestClient(app, base_url="https://testserver")
        c.__enter__()
        clients.append(c)
        return Browser(c, people[role].name)

    yield _open
    for c in clients:
        c.__exit__(None, None, None)
