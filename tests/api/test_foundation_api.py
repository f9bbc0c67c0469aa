"""The service: health, docs, JSON errors, and credentials on every API route."""

from __future__ import annotations

import re

import pytest

OPEN = {"/health", "/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc", "/login"}


def test_health_and_openapi_are_open(client) -> None:
    assert client.get("/health").json() == {"status": "ok", "database": True}
    spec = client.get("/openapi.json").json()
    assert "/api/org" in spec["paths"]
    assert client.get("/docs").status_code == 200


def _api_routes(app) -> list[tuple[str, str]]:
    """Every documented /api operation (the OpenAPI spec lists them all)."""
    out = []
    for path, ops in app.openapi()["paths"].items():
        if path.startswith("/api"):
            for method in ops:
                out.append((method.upper(), re.sub(r"\{[^}]+\}", "1", path)))
    return out


def test_every_api_route_needs_credentials(app, client) -> None:
    routes = _api_routes(app)
    assert len(routes) >= 5
    for method, path in routes:
        r = client.request(method, path)
        assert r.status_code == 401, (method, path, r.status_code)
        assert r.json()["error"]["code"] == "unauthorized"


def test_bad_token_is_refused(client) -> None:
    r = client.get("/api/me", headers={"Authorization": "Bearer dsp_nonsense"})
    assert r.status_code == 401


def test_roles_on_org_and_users_routers(client, auth, org_in_db) -> None:
    assert client.get("/api/org", headers=auth["requester"]).json()["staff"] == 20
    assert client.get("/api/users", headers=auth["requester"]).status_code == 403
    assert client.get("/api/users", headers=auth["planner"]).status_code == 403
    assert client.get("/api/users", headers=auth["admin"]).status_code == 200
    r = client.post("/api/org/import", content="name: x", headers=auth["planner"])
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "forbidden"


def test_admin_creates_user_and_token_works(client, auth) -> None:
    r = client.post("/api/users", json={"name": "newplanner", "role": "planner"},
                    headers=auth["admin"])
    assert r.status_code == 201
    tok = r.json()["token"]
    me = client.get("/api/me", headers={"Authorization": f"Bearer {tok}"}).json()
    assert me["role"] == "planner"
    client.post("/api/users/newplanner/revoke", headers=auth["admin"])
    assert client.get("/api/me", headers={"Authorization": f"Bearer {tok}"}).status_code == 401


@pytest.mark.parametrize(
    ("body", "needle"),
    [("name: x\ndepartments: [", "bad YAML"),
     ("name: x\ndepartments: [{id: a, name: A}]\nstaff: [{id: p, name: P, department: zz}]",
      "unknown department 'zz'")],
)
def test_org_import_errors_are_json(client, auth, body, needle) -> None:
    r = client.post("/api/org/import", content=body.encode(), headers=auth["admin"])
    assert r.status_code == 422
    assert needle in r.json()["error"]["message"]


def test_org_import_over_api_reports_changes(client, auth, demo_org, demo_model) -> None:
    """(demo_model: the store already has the model this import would build; building it
    is tests/requests/test_learning.py's to check.)"""
    from dispatch.demo import DEMO_ORG

    body = DEMO_ORG.read_bytes()
    first = client.post("/api/org/import", content=body, headers=auth["admin"]).json()
    assert first["changed"] and len(first["people_added"]) == 20
    again = client.post("/api/org/import", content=body, headers=auth["admin"]).json()
    assert again["changed"] is False


def test_unknown_department_filter_is_a_clear_error(client, auth, org_in_db) -> None:
    r = client.get("/api/org/staff?department=nope", headers=auth["requester"])
    assert r.status_code == 422
    assert "unknown department 'nope'" in r.json()["error"]["message"]


def test_not_found_is_json(client) -> None:
    r = client.get("/api/nothing-here")
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"


def test_login_page_session_and_home(client, make_user, org_in_db) -> None:
    make_user("webuser", "requester", password="pass-1234")
    page = client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    bad = client.post("/login", data={"username": "webuser", "password": "x", "csrf_token": csrf})
    assert bad.status_code == 401
    ok = client.post("/login", data={"username": "webuser", "password": "pass-1234",
                                     "csrf_token": csrf}, follow_redirects=False)
    assert ok.status_code == 303
    cookie = ok.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie
    home = client.get("/")
    assert "星河科技有限公司" in home.text and "市场部" in home.text
    assert client.get("/api/me").json()["name"] == "webuser"  # the session works for the API


def test_cookie_api_writes_need_the_csrf_header(client, make_user, org_in_db) -> None:
    make_user("webadmin", "admin", password="pass-1234")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/login").text).group(1)
    client.post("/login", data={"username": "webadmin", "password": "pass-1234",
                                "csrf_token": csrf})
    body = {"name": "viaweb", "role": "requester"}
    forged = client.post("/api/users", json=body)
    assert forged.status_code == 403 and "X-CSRF-Token" in forged.json()["error"]["message"]
    page_csrf = re.search(r'name="csrf-token" content="([^"]+)"', client.get("/").text).group(1)
    ok = client.post("/api/users", json=body, headers={"X-CSRF-Token": page_csrf})
    assert ok.status_code == 201


def test_login_without_csrf_is_refused(client, make_user) -> None:
    make_user("webuser2", "requester", password="pass-1234")
    r = client.post("/login", data={"username": "webuser2", "password": "pass-1234"})
    assert r.status_code == 403


def test_home_redirects_to_login(client) -> None:
    r = client.get("/", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"].startswith("/login")


def test_no_organisation_yet_is_409_with_the_command_to_run(client, auth) -> None:
    """Every route that needs the organisation answers alike before the first import."""
    for path in ("/api/requests", "/api/minutes/items", "/api/org"):
        r = client.get(path, headers=auth["planner"])
        assert r.status_code == 409, (path, r.status_code)
        err = r.json()["error"]
        assert err["code"] == "conflict" and "dispatch org import" in err["message"]
