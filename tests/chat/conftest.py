"""Fixtures for the chat bots: the demo org where people have Feishu/DingTalk/WeCom ids in
their contacts, design answers through 徐丽 and logistics through 王刚 + 马云飞, a channels
file with the three app bots' credentials. The trained routing model (``trained_store``)
is the root conftest's, trained once per session for the requests tests and these."""

from __future__ import annotations

from pathlib import Path

import pytest
from chat_helpers import DINGTALK, FEISHU, IDS, WECOM


@pytest.fixture
def channels_file(tmp_path: Path, feishu_api: str) -> Path:
    import yaml

    path = tmp_path / "channels.yaml"
    path.write_text(yaml.safe_dump({"apps": {"feishu": {**FEISHU, "base_url": feishu_api},
                                             "dingtalk": DINGTALK, "wecom": WECOM,
                                             "max_skew_s": 300}}), encoding="utf-8")
    path.chmod(0o600)
    return path


@pytest.fixture
def settings(tmp_path: Path, channels_file: Path):
    from dispatch.settings import NotificationSettings, Settings

    return Settings(env="test", data_dir=tmp_path, secret_key="test-secret-key-0123456789",
                    notifications=NotificationSettings(channels_file=channels_file))


@pytest.fixture
def feishu_api():
    """A loopback server speaking Feishu's open API: it issues a tenant token and records
    the replies the bot sends (requests: list of (path, headers, json))."""
    import json
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    seen: list[tuple[str, dict, dict]] = []

    class H(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802 - http.server's name
            body = json.loads(self.rfile.read(int(self.headers["content-length"])))
            seen.append((self.path, dict(self.headers), body))
            if self.path.endswith("/tenant_access_token/internal"):
                ok = body == {"app_id": FEISHU["app_id"], "app_secret": FEISHU["app_secret"]}
                out = {"code": 0, "tenant_access_token": "t-loopback", "expire": 7200} \
                    if ok else {"code": 10014, "msg": "app secret invalid"}
            else:
                ok = self.headers.get("authorization") == "Bearer t-loopback"
                out = {"code": 0 if ok else 99991663, "data": {"message_id": "om_reply"}}
            raw = json.dumps(out).encode()
            self.send_response(200)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def log_message(self, *a):
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    url = f"http://127.0.0.1:{srv.server_port}"
    _SEEN[url] = seen
    yield url
    srv.shutdown()
    srv.server_close()


_SEEN: dict[str, list] = {}


@pytest.fixture
def feishu_seen(feishu_api):
    return _SEEN[feishu_api]


@pytest.fixture
def chat_org(db, demo_org, demo_model):
    from dispatch.orgdir.service import import_org
    from models.org import parse_org

    doc = demo_org.model_dump(mode="json")
    for d in doc["departments"]:
        if d["id"] == "design":
            d["liaisons"] = ["xuli"]
        elif d["id"] == "logistics":
            d["liaisons"] = ["wanggang", "mayun"]
    for p in doc["staff"]:
        if p["id"] in IDS:
            f, d, w = IDS[p["id"]]
            p["contacts"] = {**(p.get("contacts") or {}), "feishu": f, "dingtalk": d, "wecom": w}
    org = parse_org(doc, "chat-test-org")
    import_org(db_session=db, org=org, source="test")
    db.flush()
    return org


@pytest.fixture
def people(make_people, chat_org):
    return make_people((("zhang", "requester", "zhangsan"), ("xuli", "requester", "xuli"),
                       ("hexin", "requester", "hexin"),
                       ("zhoujie", "planner", "zhoujie"),
                       ("wanggang", "requester", "wanggang")))
