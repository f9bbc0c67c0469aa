"""The push channels behind one interface: render a message in the platform's own format,
sign it, send it, and classify the answer (ok / retry later / throttled / give up).

``deliver(message, bot, client)`` is the whole interface for group bots and webhooks;
``send_email(message, smtp, to)`` for e-mail. Both return an :class:`Outcome` and never
raise for delivery problems; error texts are scrubbed of URLs and secrets.

Formats and signatures (see docs/ARCHITECTURE.md "Push channels"):

- Feishu/Lark custom bot: interactive card, ``<at id=ou_x></at>`` mentions; body gets
  ``timestamp`` (s) and ``sign`` = base64(HMAC-SHA256(key=f"{ts}\\n{secret}", msg=b"")).
  Throttle codes 9499 and 11232; sign/keyword/IP failures (19021–19024) are permanent.
- DingTalk custom robot: markdown with ``at.atUserIds`` (and ``@id`` in the text); URL gets
  ``timestamp`` (ms) and ``sign`` = urlencode(base64(HMAC-SHA256(secret, f"{ts}\\n{secret}"))).
  130101 = over 20/min (the robot is then muted 10 minutes).
- WeCom group robot: markdown with ``<@userid>``, at most 4096 bytes; 45009 = over 20/min.
- Slack incoming webhook: ``text`` fallback + Block Kit blocks, ``<@U123>`` mentions;
  429 + Retry-After; 4xx like ``invalid_payload``/``no_service`` are permanent.
- Generic JSON webhook, Standard Webhooks: headers ``webhook-id`` (the message id, the same
  on every retry), ``webhook-timestamp`` and ``webhook-signature: v1,<base64 HMAC-SHA256(
  secret, f"{id}.{ts}.{body}")>``; a ``whsec_`` secret is base64 (as the spec says).
"""

from __future__ import annotations

import base64
import datetime as dt
import email.utils
import hashlib
import hmac
import json
import logging
import re
import smtplib
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any
from urllib.parse import quote_plus, urlsplit

import httpx

from dispatch.messages import message
from dispatch.notifications.config import Bot, Smtp

# httpx logs every request URL at INFO, and webhook URLs carry tokens (WeCom key, Slack
# path, DingTalk access_token): keep those loggers quiet whatever the app's level.
for _name in ("httpx", "httpcore"):
    logging.getLogger(_name).setLevel(logging.WARNING)

WECOM_MAX_BYTES = 4096
FEISHU_MAX_BYTES = 20_000
DINGTALK_MAX_BYTES = 18_000

def _t(lang: str, key: str, **kw: Any) -> str:  # noqa: ANN401
    return message(key if key == "list_sep" else f"push_{key}", lang, **kw)


@dataclass
class Message:
    """What a channel needs to render one outbox row (or a digest of several)."""

    message_id: str
    event: str
    subject: str
    body: str
    link: str | None = None
    lang: str = "zh"
    mentions: list[dict[str, Any]] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    payload: dict[str, Any] = field(default_factory=dict)
    items: list[dict[str, Any]] = field(default_factory=list)  # digest members
    created_at: dt.datetime | None = None


@dataclass
class Outcome:
    ok: bool
    status: int | None = None
    error: str | None = None
    retry_after: float | None = None  # seconds the receiver asked us to wait
    throttled: bool = False  # the platform's rate limit, not a failure of the message
    permanent: bool = False  # retrying cannot help (bad signature, gone webhook, …)


# ------------------------------------------------------------------ mentions and text

def _mention_ids(msg: Message, platform: str) -> list[str]:
    return [str(m["ids"][platform]) for m in msg.mentions if m.get("ids", {}).get(platform)]


def _mention_text(msg: Message, platform: str) -> str:
    """The @-line in the platform's syntax; people without an id there are named plainly."""
    parts = []
    for m in msg.mentions:
        pid = (m.get("ids") or {}).get(platform)
        name = m.get("name") or m.get("staff") or ""
        if pid and platform in ("feishu", "lark"):
            parts.append(f"<at id={pid}></at>")
        elif pid and platform == "dingtalk":
            parts.append(f"@{pid}")
        elif pid and platform == "wecom":
            parts.append(f"<@{pid}>")
        elif pid and platform == "slack":
            parts.append(f"<@{pid}>")
        else:
            parts.append(f"@{name}")
    return " ".join(parts)


def _digest_lines(msg: Message, link_fmt: str) -> list[str]:
    lines = []
    for it in msg.items:
        title = it.get("subject") or ""
        line = link_fmt.format(title=title, link=it["link"]) if it.get("link") else title
        body = (it.get("body") or "").strip().splitlines()
        lines.append(f"- {line}" + (f"：{body[0]}" if body and msg.lang == "zh" else
                                    f": {body[0]}" if body else ""))
    return lines


def plain_text(msg: Message) -> str:
    """The message as plain text (e-mail, fallbacks)."""
    out = [msg.body.strip()] if msg.body.strip() else []
    if msg.items:
        out += _digest_lines(msg, "{title} <{link}>")
    if msg.mentions:
        names = _t(msg.lang, "list_sep").join(m.get("name") or m["staff"] for m in msg.mentions)
        out.append(_t(msg.lang, "to", names=names))
    if msg.link:
        out.append(f"{_t(msg.lang, 'open')}: {msg.link}")
    return "\n\n".join(out)


# ------------------------------------------------------------------ renderers

def _cap(text: str, max_bytes: int) -> str:
    """Cut ``text`` to ``max_bytes`` of UTF-8 on a character boundary."""
    if len(text.encode()) <= max_bytes:
        return text
    return text.encode()[:max_bytes].decode("utf-8", "ignore") + "…"


def render_feishu(msg: Message) -> dict[str, Any]:
    """An interactive card: header, lark_md text with mentions, a button to the item."""
    text = msg.body.strip()
    if msg.items:
        text = "\n".join([text, *_digest_lines(msg, "[{title}]({link})")]).strip()
    text = _cap(text, FEISHU_MAX_BYTES - 4000)  # the card itself must stay under 20 KB
    at = _mention_text(msg, "feishu")
    elements: list[dict[str, Any]] = [
        {"tag": "div", "text": {"tag": "lark_md", "content": text + (f"\n{at}" if at else "")}}]
    if msg.link:
        elements.append({"tag": "action", "actions": [
            {"tag": "button", "text": {"tag": "plain_text", "content": _t(msg.lang, "open")},
             "url": msg.link, "type": "primary"}]})
    return {"msg_type": "interactive", "card": {
        "config": {"wide_screen_mode": True},
        "header": {"title": {"tag": "plain_text", "content": msg.subject[:100]},
                   "template": "orange" if "escalat" in msg.event or "overdue" in msg.event
                   else "blue"},
        "elements": elements}}


def render_dingtalk(msg: Message) -> dict[str, Any]:
    text = f"#### {msg.subject}\n\n{msg.body.strip()}"
    if msg.items:
        text += "\n\n" + "\n".join(_digest_lines(msg, "[{title}]({link})"))
    text = _cap(text, DINGTALK_MAX_BYTES)
    at = _mention_text(msg, "dingtalk")
    if at:
        text += f"\n\n{at}"
    if msg.link:
        text += f"\n\n[{_t(msg.lang, 'open')}]({msg.link})"
    return {"msgtype": "markdown", "markdown": {"title": msg.subject[:60], "text": text},
            "at": {"atUserIds": _mention_ids(msg, "dingtalk"), "isAtAll": False}}


def render_wecom(msg: Message) -> dict[str, Any]:
    head = f"**{msg.subject}**\n"
    tail = ""
    at = _mention_text(msg, "wecom")
    if at:
        tail += f"\n{at}"
    if msg.link:
        tail += f"\n[{_t(msg.lang, 'open')}]({msg.link})"
    body = msg.body.strip()
    if msg.items:
        body = "\n".join([body, *_digest_lines(msg, "[{title}]({link})")]).strip()
    room = WECOM_MAX_BYTES - len((head + tail).encode()) - 8
    if len(body.encode()) > room:  # cut on a character boundary, keep mentions and link
        body = body.encode()[:max(room, 0)].decode("utf-8", "ignore") + "…"
    return {"msgtype": "markdown", "markdown": {"content": head + body + tail}}


def _slack_escape(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_slack(msg: Message) -> dict[str, Any]:
    body = _slack_escape(msg.body.strip())
    if msg.items:
        body = "\n".join([body, *(
            f"• <{it['link']}|{_slack_escape(it.get('subject', ''))}>" if it.get("link")
            else f"• {_slack_escape(it.get('subject', ''))}" for it in msg.items)]).strip()
    at = _mention_text(msg, "slack")
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": msg.subject[:150]}},
        {"type": "section", "text": {"type": "mrkdwn",
                                     "text": (body + (f"\n{at}" if at else ""))[:3000] or " "}}]
    if msg.link:
        blocks.append({"type": "actions", "elements": [
            {"type": "button", "text": {"type": "plain_text", "text": _t(msg.lang, "open")},
             "url": msg.link}]})
    return {"text": f"{msg.subject} {at}".strip(), "blocks": blocks}


def render_webhook(msg: Message, now: dt.datetime) -> dict[str, Any]:
    data = {"message_id": msg.message_id, "subject": msg.subject, "body": msg.body,
            "link": msg.link, "lang": msg.lang, "recipients": msg.recipients,
            "mentions": msg.mentions, **({"payload": msg.payload} if msg.payload else {})}
    if msg.items:
        data["items"] = msg.items
    return {"type": msg.event, "timestamp": now.isoformat().replace("+00:00", "Z"),
            "data": data}


def render(kind: str, msg: Message, now: dt.datetime | None = None) -> dict[str, Any]:
    """The JSON body ``kind`` expects for ``msg`` (unsigned)."""
    now = now or dt.datetime.now(dt.UTC)
    if kind in ("feishu", "lark"):
        return render_feishu(msg)
    if kind == "dingtalk":
        return render_dingtalk(msg)
    if kind == "wecom":
        return render_wecom(msg)
    if kind == "slack":
        return render_slack(msg)
    if kind == "webhook":
        return render_webhook(msg, now)
    raise ValueError(f"unknown channel kind {kind!r}")


# ------------------------------------------------------------------ signatures

def feishu_sign(timestamp: int, secret: str) -> str:
    key = f"{timestamp}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()


def dingtalk_sign(timestamp_ms: int, secret: str) -> str:
    """The URL-encoded signature DingTalk expects in ``&sign=``."""
    mac = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256)
    return quote_plus(base64.b64encode(mac.digest()).decode())


def webhook_key(secret: str) -> bytes:
    """Standard Webhooks: ``whsec_<base64>`` keys are base64; anything else is used as is."""
    if secret.startswith("whsec_"):
        return base64.b64decode(secret.removeprefix("whsec_"))
    return secret.encode()


def webhook_signature(secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    signed = f"{msg_id}.{timestamp}.".encode() + body
    mac = hmac.new(webhook_key(secret), signed, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def verify_webhook(secret: str, headers: dict[str, str], body: bytes,
                   tolerance_s: float = 300.0, now: dt.datetime | None = None) -> bool:
    """Check a Standard-Webhooks request as a receiver should (for integrators' code and
    tests): a v1 signature over id.timestamp.body, and a timestamp within the tolerance."""
    h = {k.lower(): v for k, v in headers.items()}
    try:
        msg_id, ts = h["webhook-id"], int(h["webhook-timestamp"])
    except (KeyError, ValueError):
        return False
    now = now or dt.datetime.now(dt.UTC)
    if abs(now.timestamp() - ts) > tolerance_s:
        return False
    want = webhook_signature(secret, msg_id, ts, body)
    return any(hmac.compare_digest(want, sig) for sig in h.get("webhook-signature", "").split())


def build_request(bot: Bot, msg: Message, now: dt.datetime | None = None
                  ) -> tuple[str, dict[str, str], bytes]:
    """URL, headers and body of the signed request for ``bot`` (pure, for tests too)."""
    now = now or dt.datetime.now(dt.UTC)
    body_obj = render(bot.kind, msg, now)
    url = bot.url
    headers = {"Content-Type": "application/json; charset=utf-8",
               "User-Agent": "dispatch-notify/1", "Idempotency-Key": msg.message_id}
    ts = int(now.timestamp())
    if bot.kind in ("feishu", "lark") and bot.secret:
        body_obj = {"timestamp": str(ts), "sign": feishu_sign(ts, bot.secret), **body_obj}
    if bot.kind == "dingtalk" and bot.secret:
        ms = int(now.timestamp() * 1000)
        url += ("&" if "?" in url else "?") + f"timestamp={ms}&sign={dingtalk_sign(ms, bot.secret)}"
    body = json.dumps(body_obj, ensure_ascii=False, separators=(",", ":")).encode()
    if bot.kind == "webhook":
        headers["webhook-id"] = msg.message_id
        headers["webhook-timestamp"] = str(ts)
        if bot.secret:
            headers["webhook-signature"] = webhook_signature(bot.secret, msg.message_id, ts, body)
    return url, headers, body


# ------------------------------------------------------------------ answers

_FEISHU_THROTTLE = {9499, 11232, 11233}
_FEISHU_PERMANENT = {19001, 19002, 19021, 19022, 19024, 19007}
_DING_THROTTLE = {130101, 130102}
_DING_PERMANENT = {300001, 300004, 310000, 400101, 400102}
_WECOM_THROTTLE = {45009, 45033}
_WECOM_PERMANENT = {93000, 40008, 40058, 44004}
_DING_MUTE_S = 600.0  # DingTalk mutes a robot for 10 minutes after 20/min


def retry_after_seconds(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Retry-After as seconds: delta-seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d+(\.\d+)?", value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    now = now or dt.datetime.now(dt.UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - now).total_seconds())


def classify(kind: str, status: int, text: str, retry_after: float | None) -> Outcome:
    """Turn an HTTP answer into an Outcome using each platform's codes."""
    if status == 429:
        return Outcome(False, status, f"HTTP 429 {text[:200]}", retry_after, throttled=True)
    if kind in ("feishu", "lark", "dingtalk", "wecom") and status == 200:
        try:
            data = json.loads(text or "{}")
        except ValueError:
            return Outcome(False, status, f"not JSON: {text[:200]}")
        code = data.get("code", data.get("errcode", data.get("StatusCode", 0)))
        msg = data.get("msg") or data.get("errmsg") or data.get("StatusMessage") or ""
        code = int(code) if str(code).lstrip("-").isdigit() else -1
        if code == 0:
            return Outcome(True, status)
        err = f"{kind} code {code}: {msg}"[:300]
        if kind in ("feishu", "lark"):
            throttle, permanent, wait = _FEISHU_THROTTLE, _FEISHU_PERMANENT, 1.0
        elif kind == "dingtalk":
            throttle, permanent, wait = _DING_THROTTLE, _DING_PERMANENT, _DING_MUTE_S
        else:
            throttle, permanent, wait = _WECOM_THROTTLE, _WECOM_PERMANENT, 60.0
        if code in throttle:
            return Outcome(False, status, err, retry_after or wait, throttled=True)
        return Outcome(False, status, err, retry_after, permanent=code in permanent)
    if 200 <= status < 300:
        return Outcome(True, status)
    err = f"HTTP {status} {text[:200]}".strip()
    if status in (408, 409, 425) or status >= 500:
        return Outcome(False, status, err, retry_after)
    return Outcome(False, status, err, retry_after, permanent=400 <= status < 500)


def _scrub(text: str, secrets: list[str | None]) -> str:
    """Remove URLs (tokens live in them) and secrets from an error text."""
    for s in secrets:
        if s:
            text = text.replace(s, "[secret]")
    return re.sub(r"https?://[^\s'\"<>]+", lambda m: _host_only(m.group(0)), text)


def _host_only(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.hostname or ''}/[redacted]"


def deliver(msg: Message, bot: Bot, client: httpx.Client,
            now: dt.datetime | None = None) -> Outcome:
    """POST ``msg`` to ``bot``; transport errors become retryable Outcomes."""
    url, headers, body = build_request(bot, msg, now)
    try:
        r = client.post(url, content=body, headers=headers)
    except httpx.HTTPError as e:
        return Outcome(False, None, _scrub(f"{type(e).__name__}: {e}", [bot.url, bot.secret]))
    out = classify(bot.kind, r.status_code, r.text, retry_after_seconds(
        r.headers.get("retry-after")))
    if out.error:
        out.error = _scrub(out.error, [bot.url, bot.secret])
    return out


def send_email(msg: Message, smtp: Smtp, to: str, timeout: float = 10.0) -> Outcome:
    """One plain-text e-mail; the Message-ID is the outbox id, so retries are recognisable."""
    em = EmailMessage()
    em["Subject"] = msg.subject
    em["From"] = smtp.sender
    em["To"] = to
    em["Message-ID"] = f"<{msg.message_id}@dispatch>"
    em["Date"] = email.utils.formatdate(time.time(), usegmt=True)
    em["X-Dispatch-Event"] = msg.event
    em.set_content(plain_text(msg))
    try:
        cls = smtplib.SMTP_SSL if smtp.ssl else smtplib.SMTP
        with cls(smtp.host, smtp.port, timeout=timeout) as s:
            if smtp.starttls and not smtp.ssl:
                s.starttls()
            if smtp.username:
                s.login(smtp.username, smtp.password or "")
            s.send_message(em)
    except smtplib.SMTPRecipientsRefused as e:
        return Outcome(False, None, _scrub(f"recipient refused: {e}", [smtp.password]),
                       permanent=True)
    except smtplib.SMTPResponseException as e:
        permanent = 500 <= e.smtp_code < 600
        return Outcome(False, e.smtp_code, _scrub(f"SMTP {e.smtp_code}: {e.smtp_error!r}",
                                                  [smtp.password]), permanent=permanent)
    except (OSError, smtplib.SMTPException) as e:
        return Outcome(False, None, _scrub(f"{type(e).__name__}: {e}", [smtp.password]))
    return Outcome(True, 250)
