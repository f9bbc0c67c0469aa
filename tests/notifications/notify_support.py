"""Helpers of the push tests: an HTTP receiver on 127.0.0.1 that checks each platform's
signature (written apart from the product code), the channels file, the org with contacts."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote_plus, urlsplit

import yaml

SECRETS = {"feishu": "feishu-secret-0123", "dingtalk": "SECdingtalk0123456789",
           "webhook": "whsec_" + base64.b64encode(b"standard-webhooks-key-32-bytes!!").decode()}


def verify(kind: str, path: str, headers: dict[str, str], raw: bytes) -> bool:
    """Check a request the way each platform does, written apart from the product code."""
    secret = SECRETS.get(kind)
    if kind == "feishu":
        body = json.loads(raw)
        ts = body.get("timestamp")
        key = f"{ts}\n{secret}".encode()
        want = base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
        return (body.get("sign") == want and abs(time.time() - int(ts)) < 3600 * 24 * 400
                and body.get("msg_type") == "interactive")
    if kind == "dingtalk":
        q = parse_qs(urlsplit(path).query)
        ts, sign = q["timestamp"][0], q["sign"][0]
        mac = hmac.new(secret.encode(), f"{ts}\n{secret}".encode(), hashlib.sha256).digest()
        body = json.loads(raw)
        return (unquote_plus(sign) == base64.b64encode(mac).decode() or
                sign == base64.b64encode(mac).decode()) and body.get("msgtype") == "markdown"
    if kind == "webhook":
        mid, ts = headers["webhook-id"], headers["webhook-timestamp"]
        key = base64.b64decode(secret.removeprefix("whsec_"))
        mac = hmac.new(key, f"{mid}.{ts}.".encode() + raw, hashlib.sha256).digest()
        sigs = headers["webhook-signature"].split()
        return ("v1," + base64.b64encode(mac).decode()) in sigs
    if kind == "wecom":
        body = json.loads(raw)
        return body.get("msgtype") == "markdown" and len(body["markdown"]["content"].encode()) \
            <= 4096
    if kind == "slack":
        body = json.loads(raw)
        return isinstance(body.get("text"), str) and isinstance(body.get("blocks"), list)
    return False


OK_BODY = {"feishu": (200, {"code": 0, "msg": "success"}),
           "dingtalk": (200, {"errcode": 0, "errmsg": "ok"}),
           "wecom": (200, {"errcode": 0, "errmsg": "ok"}),
           "slack": (200, "ok"), "webhook": (204, None)}


@dataclass
class Hit:
    kind: str
    path: str
    headers: dict[str, str]
    body: Any
    valid: bool

    @property
    def message_id(self) -> str:
        return self.headers.get("webhook-id") or self.headers.get("idempotency-key") or ""


@dataclass
class Receiver:
    """One HTTP server standing in for every platform: POST /<kind>/<anything>."""

    port: int = 0
    hits: list[Hit] = field(default_factory=list)
    # canned answers per kind, used before the normal OK: (status, body, headers)
    script: dict[str, list[tuple[int, Any, dict[str, str]]]] = field(default_factory=dict)
    delay_s: float = 0.0
    _server: ThreadingHTTPServer | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> Receiver:
        rec = self

        class H(BaseHTTPRequestHandler):
            def log_message(self, *a: Any) -> None:
                pass

            def do_POST(self) -> None:  # noqa: N802
                raw = self.rfile.read(int(self.headers.get("content-length") or 0))
                kind = self.path.strip("/").split("/")[0].split("?")[0]
                headers = {k.lower(): v for k, v in self.headers.items()}
                if rec.delay_s:
                    time.sleep(rec.delay_s)
                with rec.lock:
                    canned = rec.script.get(kind) or []
                    answer = canned.pop(0) if canned else None
                    if answer is None:
                        try:
                            ok = verify(kind, self.path, headers, raw)
                        except Exception:
                            ok = False
                        rec.hits.append(Hit(kind, self.path, headers, json.loads(raw), ok))
                status, body, extra = answer or (*OK_BODY[kind], {})
                data = b"" if body is None else (body.encode() if isinstance(body, str)
                                                 else json.dumps(body).encode())
                self.send_response(status)
                for k, v in extra.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        ThreadingHTTPServer.allow_reuse_address = True
        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), H)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def url(self, kind: str, tail: str = "hook/abc123TOKEN") -> str:
        return f"http://127.0.0.1:{self.port}/{kind}/{tail}"

    def of(self, kind: str) -> list[Hit]:
        return [h for h in self.hits if h.kind == kind]


def channels_doc(rec: Receiver, smtp_port: int | None = None) -> dict[str, Any]:
    """Departments on different platforms, the default on the generic webhook."""
    doc: dict[str, Any] = {
        "default": [{"kind": "webhook", "url": rec.url("webhook", "in"),
                     "secret": SECRETS["webhook"]}],
        "departments": {
            "mkt": [{"kind": "feishu", "url": rec.url("feishu"), "secret": SECRETS["feishu"]}],
            "logistics": [{"kind": "dingtalk",
                           "url": rec.url("dingtalk", "robot/send?access_token=TOK"),
                           "secret": SECRETS["dingtalk"]}],
            "it": [{"kind": "wecom", "url": rec.url("wecom", "send?key=WECOMKEY")}],
            "sales": [{"kind": "slack", "url": rec.url("slack", "services/T0/B0/XYZ")}],
        },
        "email": smtp_port is not None,
    }
    if smtp_port is not None:
        doc["smtp"] = {"host": "127.0.0.1", "port": smtp_port, "sender": "dispatch@test.local"}
    return doc


def demo_org_with_contacts():
    """The demo org with chat ids for some people and an escalation policy."""
    from dispatch.demo import DEMO_ORG
    from models.org import parse_org

    doc = yaml.safe_load(Path(DEMO_ORG).read_text(encoding="utf-8"))
    ids = {"zhangsan": {"feishu": "ou_zhangsan", "slack": "UZHANG"},
           "wangfang": {"feishu": "ou_wangfang"},
           "wanggang": {"dingtalk": "ding_wanggang"}, "wuhao": {"wecom": "wuhao"},
           "linxue": {"slack": "ULINXUE"}}
    for p in doc["staff"]:
        if p["id"] in ids:
            p["contacts"] = ids[p["id"]]
    doc["escalation"] = {"committee": ["huangwei", "zhaomin"], "head_after_days": 1,
                         "committee_after_days": 3, "remind_before_days": 1}
    return parse_org(doc, "demo+contacts")
