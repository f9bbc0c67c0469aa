"""A loopback server that speaks the three platforms' app-message APIs as they answer them:
each token endpoint checks the app's credentials and issues a token; each send endpoint
checks that token and records what it got. ``fail_sends`` answers the next sends with 500;
``stale`` makes the current token invalid (the platform's "token expired" code)."""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

FEISHU_APP = {"app_id": "cli_dm0001", "app_secret": "feishu-dm-secret-0001",
              "verification_token": "vtoken-dm-0001"}
DINGTALK_APP = {"app_key": "dingdm0001", "app_secret": "dingtalk-dm-secret-0001",
                "agent_id": 2_000_001}
WECOM_APP = {"corp_id": "wwdm0001", "token": "wecom-token-dm", "secret": "wecom-dm-secret-0001",
             "encoding_aes_key": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
             "agent_id": 1_000_002}


@dataclass
class Sent:
    platform: str
    path: str
    query: dict[str, str]
    body: dict[str, Any]


@dataclass
class AppServer:
    tokens: dict[str, int] = field(default_factory=lambda: {"feishu": 0, "dingtalk": 0,
                                                            "wecom": 0})
    sent: list[Sent] = field(default_factory=list)
    fail_sends: int = 0
    issued: dict[str, str] = field(default_factory=dict)
    apps: dict[str, dict[str, Any]] = field(default_factory=lambda: {
        "feishu": FEISHU_APP, "dingtalk": DINGTALK_APP, "wecom": WECOM_APP})

    def start(self) -> AppServer:
        srv = self

        class H(BaseHTTPRequestHandler):
            def log_message(self, *a: Any) -> None:
                pass

            def _answer(self, status: int, obj: dict[str, Any]) -> None:
                raw = json.dumps(obj).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                u = urlsplit(self.path)
                q = {k: v[0] for k, v in parse_qs(u.query).items()}
                if u.path == "/gettoken":
                    a = srv.apps["dingtalk"]
                    ok = q == {"appkey": a["app_key"], "appsecret": a["app_secret"]}
                    return self._answer(200, srv._issue("dingtalk", ok, 40089))
                if u.path == "/cgi-bin/gettoken":
                    a = srv.apps["wecom"]
                    ok = q == {"corpid": a["corp_id"], "corpsecret": a["secret"]}
                    return self._answer(200, srv._issue("wecom", ok, 40001))
                return self._answer(404, {"errcode": 404})

            def do_POST(self) -> None:  # noqa: N802
                u = urlsplit(self.path)
                q = {k: v[0] for k, v in parse_qs(u.query).items()}
                body = json.loads(self.rfile.read(int(self.headers["content-length"])))
                if u.path == "/open-apis/auth/v3/tenant_access_token/internal":
                    a = srv.apps["feishu"]
                    ok = body == {"app_id": a["app_id"], "app_secret": a["app_secret"]}
                    return self._answer(200, srv._issue("feishu", ok, 10014))
                platform = {"/open-apis/im/v1/messages": "feishu",
                            "/topapi/message/corpconversation/asyncsend_v2": "dingtalk",
                            "/cgi-bin/message/send": "wecom"}.get(u.path)
                if platform is None:
                    return self._answer(404, {"code": 404})
                if srv.fail_sends > 0:
                    srv.fail_sends -= 1
                    return self._answer(500, {"error": "internal"})
                tok = (self.headers.get("authorization", "").removeprefix("Bearer ")
                       if platform == "feishu" else q.get("access_token", ""))
                if not tok or tok != srv.issued.get(platform):
                    stale = {"feishu": 99991663, "dingtalk": 40014, "wecom": 42001}[platform]
                    return self._answer(200, {"code": stale, "errcode": stale,
                                              "msg": "access token invalid"}
                                        if platform == "feishu" else
                                        {"errcode": stale, "errmsg": "access token invalid"})
                srv.sent.append(Sent(platform, u.path, q, body))
                if platform == "feishu":
                    return self._answer(200, {"code": 0, "msg": "success",
                                              "data": {"message_id": "om_dm"}})
                return self._answer(200, {"errcode": 0, "errmsg": "ok", "task_id": 1})

        self._srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
        threading.Thread(target=self._srv.serve_forever, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._srv.server_port}"
        return self

    def _issue(self, platform: str, ok: bool, bad_code: int) -> dict[str, Any]:
        if not ok:
            return {"code": bad_code, "errcode": bad_code, "msg": "invalid credential",
                    "errmsg": "invalid credential"}
        self.tokens[platform] += 1
        tok = f"tok-{platform}-{uuid.uuid4().hex[:8]}"
        self.issued[platform] = tok
        if platform == "feishu":
            return {"code": 0, "msg": "ok", "tenant_access_token": tok, "expire": 7200}
        return {"errcode": 0, "errmsg": "ok", "access_token": tok, "expires_in": 7200}

    def stale(self, platform: str) -> None:
        self.issued[platform] = "revoked"

    def stop(self) -> None:
        self._srv.shutdown()
        self._srv.server_close()

    def channels_doc(self, **overrides: dict[str, Any]) -> dict[str, Any]:
        apps = {p: {**a, "base_url": self.url, **overrides.get(p, {})}
                for p, a in self.apps.items()}
        return {"apps": apps}
