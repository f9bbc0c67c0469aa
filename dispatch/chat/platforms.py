"""Each platform's envelope: verify, unwrap into an Inbound, render a Card back.

Every check runs before the body is believed: a wrong signature or token is 401, a
timestamp outside ``apps.max_skew_s`` (a replay of an old delivery) is 403, a body that
does not decrypt or parse is 400. Within the window, a retried delivery carries the same
event id and is answered from ``chat_deliveries`` without acting again (service.handle).

- Feishu/Lark (``POST /api/chat/feishu``): event subscription and card callbacks on one URL.
  With an encrypt key the body is ``{"encrypt": …}`` (AES-256-CBC) and signed in
  ``X-Lark-Signature``; the decrypted JSON's verification token must match. A message is
  answered by replying to it through the IM API (after the commit); a button click is
  answered in the HTTP response, which updates the card in place. Older apps post button
  clicks as legacy message-card callbacks (card.action.trigger_v1: ``open_id``/``user_id``,
  ``action.value``, the card's update ``token`` at the top level; no header, no event id),
  plain or encrypted, always signed with SHA-1 over the verification token; the update
  token is the delivery's key, the signed timestamp its age, and the answer is the new
  card itself.
- DingTalk (``POST /api/chat/dingtalk``, ``/api/chat/dingtalk/card``): the enterprise
  robot's ``timestamp`` + ``sign`` headers (HMAC-SHA256 with the app secret). A message is
  answered synchronously (an actionCard); an interactive card's callback is answered with
  the card's new data.
- WeCom (``GET/POST /api/chat/wecom``): msg_signature (SHA1) over the encrypted XML,
  AES-CBC body; the GET echostr check answers the decrypted echo. Answers are passive
  encrypted replies: text for a message, ``update_button`` for a template card's button.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import secrets
import time
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from typing import Any
from xml.sax.saxutils import escape

import httpx

from dispatch.chat import crypto
from dispatch.chat.config import App, ChatApps
from dispatch.chat.service import Card, Inbound
from dispatch.errors import DispatchError, InvalidInput
from dispatch.notifications.service import absolute_link

log = logging.getLogger(__name__)

MAX_BODY = 256 * 1024


class BadSignature(DispatchError):
    """The platform did not prove itself (signature, token, key): the API's 401."""

    status, code = 401, "unauthorized"


class Replayed(DispatchError):
    status, code = 403, "replayed"


def app_or_401(apps: ChatApps, platform: str) -> App:
    """The platform's credentials; without them no delivery can prove itself (401)."""
    app = apps.app(platform)
    if app is None:
        raise BadSignature(f"the {platform} app bot is not configured (channels file, apps:)")
    return app


def check_time(seconds: float, max_skew_s: int, now: float | None = None) -> None:
    """An old (or future) timestamp is a replay: platforms sign the time they send."""
    now = time.time() if now is None else now
    if abs(now - seconds) > max_skew_s:
        raise Replayed(f"timestamp is {int(now - seconds)} s from now; the window is "
                       f"{max_skew_s} s")


def _json(raw: bytes | str) -> dict[str, Any]:
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise InvalidInput("body: not JSON") from None
    if not isinstance(data, dict):
        raise InvalidInput("body: expected a JSON object")
    return data


def _ts(value: Any) -> float:
    try:
        return float(value)
    except (TypeError, ValueError):
        raise InvalidInput("timestamp: not a number") from None


def _size(body: bytes) -> None:
    if len(body) > MAX_BODY:
        raise InvalidInput(f"body: {len(body)} bytes; the limit is {MAX_BODY}")


# -------------------------------------------------------------------------------- Feishu


def feishu_open(app: App, body: bytes, headers: Mapping[str, str], max_skew_s: int
                ) -> dict[str, Any]:
    """The verified plain JSON of a Feishu delivery."""
    _size(body)
    outer = _json(body)
    key = app.get("encrypt_key")
    ts, nonce = headers.get("x-lark-request-timestamp", ""), \
        headers.get("x-lark-request-nonce", "")
    signature = headers.get("x-lark-signature", "")
    if key and "encrypt" in outer:
        try:
            plain = _json(crypto.feishu_decrypt(str(outer["encrypt"]), key))
        except crypto.BadPayload as e:
            raise BadSignature(f"encrypt: {e}") from None
    elif key and not feishu_is_card_v1(outer):
        raise BadSignature("this app encrypts its events; the body is not encrypted")
    else:
        plain = outer
    if feishu_is_card_v1(plain):
        # its "token" is the card's update token: only the signature proves the sender
        if not crypto.feishu_check_card_v1_signature(ts, nonce, app.get("verification_token"),
                                                     body, signature):
            raise BadSignature("X-Lark-Signature does not match (message-card callback)")
        check_time(_ts(ts), max_skew_s)
        return plain
    if key and plain.get("type") != "url_verification":
        if not crypto.feishu_check_signature(ts, nonce, key, body, signature):
            raise BadSignature("X-Lark-Signature does not match")
        check_time(_ts(ts), max_skew_s)
    token = plain.get("token") or (plain.get("header") or {}).get("token")
    if not secrets.compare_digest(str(token or ""), app.get("verification_token")):
        raise BadSignature("verification token does not match")
    return plain


def feishu_is_card_v1(plain: dict[str, Any]) -> bool:
    """A legacy message-card callback: the clicker and the action at the top level, no
    schema and no header (those are the v2 events')."""
    return ("schema" not in plain and "header" not in plain
            and isinstance(plain.get("action"), dict)
            and bool(plain.get("open_id") or plain.get("user_id")))


def _feishu_card_v1_inbound(plain: dict[str, Any], headers: Mapping[str, str]) -> Inbound:
    """The click of a legacy callback (feishu_open checked its signature and age)."""
    update_token = str(plain.get("token") or "")
    if not update_token:
        raise InvalidInput("token: missing (the card's update token keys the delivery)")
    action = plain["action"]
    value = action.get("value")
    act = value.get("act") if isinstance(value, dict) else value
    form = action.get("form_value")
    form = {k: str(v) for k, v in form.items()} if isinstance(form, dict) else {}
    sent = _ts(headers.get("x-lark-request-timestamp", ""))
    return Inbound("feishu", f"card_v1:{update_token}",
                   str(plain.get("open_id") or plain.get("user_id") or ""), "action",
                   act=str(act or ""), form=form, chat_id=plain.get("open_chat_id"),
                   sent_at=dt.datetime.fromtimestamp(sent, dt.UTC))


def feishu_inbound(plain: dict[str, Any], max_skew_s: int,
                   headers: Mapping[str, str] | None = None) -> Inbound | None:
    """An Inbound for a message or a card click; None for events we do not act on."""
    if feishu_is_card_v1(plain):
        return _feishu_card_v1_inbound(plain, headers or {})
    header = plain.get("header") or {}
    event = plain.get("event") or {}
    etype = header.get("event_type")
    if etype not in ("im.message.receive_v1", "card.action.trigger"):
        return None
    if not header.get("event_id"):
        raise InvalidInput("header.event_id: missing")
    sent = _ts(header.get("create_time")) / 1000
    check_time(sent, max_skew_s)
    at = dt.datetime.fromtimestamp(sent, dt.UTC)
    if etype == "card.action.trigger":
        action = event.get("action") or {}
        value = action.get("value") or {}
        form = {k: str(v) for k, v in (action.get("form_value") or {}).items()}
        ctx = event.get("context") or {}
        return Inbound("feishu", str(header["event_id"]),
                       str((event.get("operator") or {}).get("open_id") or ""), "action",
                       act=str(value.get("act") or ""), form=form,
                       chat_id=ctx.get("open_chat_id"), sent_at=at)
    msg = event.get("message") or {}
    text = ""
    if msg.get("message_type") == "text":
        try:
            text = str(json.loads(msg.get("content") or "{}").get("text") or "")
        except ValueError:
            raise InvalidInput("message.content: not JSON") from None
    sender = ((event.get("sender") or {}).get("sender_id") or {}).get("open_id") or ""
    return Inbound("feishu", str(header["event_id"]), str(sender), "message", text=text,
                   chat_id=msg.get("chat_id"), group=msg.get("chat_type") == "group",
                   sent_at=at)


def feishu_card(card: Card) -> dict[str, Any]:
    """A message card (JSON 1.0): title, lines, a form per button that needs a word."""
    elements: list[dict[str, Any]] = []
    if card.lines:
        elements.append({"tag": "div", "text": {"tag": "lark_md",
                                                "content": "\n".join(card.lines)}})
    plain = []
    for i, b in enumerate(card.buttons):
        btn = {"tag": "button", "text": {"tag": "plain_text", "content": b.label},
               "type": "primary" if i % 2 == 0 else "default", "value": {"act": b.act}}
        if b.needs:
            elements.append({"tag": "form", "name": f"f{i}", "elements": [
                {"tag": "input", "name": b.needs,
                 "placeholder": {"tag": "plain_text",
                                 "content": "YYYY-MM-DD" if b.needs == "due" else b.label}},
                {**btn, "action_type": "form_submit", "name": f"b{i}"}]})
        else:
            plain.append(btn)
    if card.link:
        plain.append({"tag": "button", "text": {"tag": "plain_text", "content": "↗"},
                      "type": "default", "url": absolute_link(card.link)})
    if plain:
        elements.append({"tag": "action", "actions": plain})
    return {"config": {"wide_screen_mode": True, "update_multi": True},
            "header": {"title": {"tag": "plain_text", "content": card.title},
                       "template": "blue" if card.ok else "red"},
            "elements": elements}


def feishu_card_answer(card: Card, plain: dict[str, Any] | None = None) -> dict[str, Any]:
    """The card callback's response, the card updated in place: with a toast for a
    card.action.trigger event; the new card itself for a legacy callback (``plain``)."""
    if plain is not None and feishu_is_card_v1(plain):
        return feishu_card(card)
    return {"toast": {"type": "success" if card.ok else "error", "content": card.title},
            "card": {"type": "raw", "data": feishu_card(card)}}


_token_cache: dict[tuple[str, str], tuple[str, float]] = {}  # (base url, app id)


def feishu_reply(app: App, message_id: str, card: Card, timeout_s: float = 10.0) -> None:
    """Reply to the message with the card through the IM API (tenant token cached until
    shortly before it expires). Failures are logged without the token or the secret."""
    base = app.get("base_url").rstrip("/")
    try:
        with httpx.Client(timeout=timeout_s) as http:
            key = (base, app.get("app_id"))
            tok, exp = _token_cache.get(key, ("", 0.0))
            if time.time() > exp:
                r = http.post(f"{base}/open-apis/auth/v3/tenant_access_token/internal",
                              json={"app_id": app.get("app_id"),
                                    "app_secret": app.get("app_secret")})
                data = r.json()
                if data.get("code") != 0:
                    log.warning("feishu token refused: code %s", data.get("code"))
                    return
                tok = data["tenant_access_token"]
                _token_cache[key] = (tok, time.time()
                                                   + int(data.get("expire", 7200)) - 300)
            r = http.post(f"{base}/open-apis/im/v1/messages/{message_id}/reply",
                          headers={"Authorization": f"Bearer {tok}"},
                          json={"msg_type": "interactive",
                                "content": json.dumps(feishu_card(card), ensure_ascii=False)})
            if r.status_code >= 400 or r.json().get("code") != 0:
                log.warning("feishu reply to %s failed: HTTP %s", message_id, r.status_code)
    except (httpx.HTTPError, ValueError) as e:
        log.warning("feishu reply to %s failed: %s", message_id, type(e).__name__)


# ------------------------------------------------------------------------------ DingTalk


def dingtalk_verify(app: App, headers: Mapping[str, str], max_skew_s: int) -> None:
    ts = headers.get("timestamp", "")
    if not crypto.dingtalk_check_sign(ts, app.get("app_secret"), headers.get("sign", "")):
        raise BadSignature("sign does not match")
    check_time(_ts(ts) / 1000, max_skew_s)


def dingtalk_inbound(body: bytes) -> Inbound:
    _size(body)
    data = _json(body)
    if not data.get("msgId"):
        raise InvalidInput("msgId: missing")
    text = str((data.get("text") or {}).get("content") or "") \
        if data.get("msgtype") == "text" else ""
    created = data.get("createAt")
    return Inbound("dingtalk", str(data["msgId"]), str(data.get("senderStaffId") or ""),
                   "message", text=text, chat_id=data.get("conversationId"),
                   group=str(data.get("conversationType")) == "2",
                   sent_at=dt.datetime.fromtimestamp(_ts(created) / 1000, dt.UTC)
                   if created else None)


def dingtalk_card_inbound(body: bytes) -> Inbound:
    """An interactive card's callback: ``content`` holds cardPrivateData.params (our act
    and the card's inputs). It carries no event id, so a retry is known by its body."""
    _size(body)
    data = _json(body)
    try:
        params = json.loads(data.get("content") or "{}").get("cardPrivateData", {}) \
            .get("params", {})
    except (ValueError, AttributeError):
        raise InvalidInput("content: not the card's JSON") from None
    if not isinstance(params, dict):
        raise InvalidInput("content: params must be an object")
    key = hashlib.sha256(body).hexdigest()[:40]
    return Inbound("dingtalk", f"card:{key}", str(data.get("userId") or ""), "action",
                   act=str(params.get("act") or ""),
                   form={k: str(params[k]) for k in ("reason", "due") if params.get(k)})


def _markdown(card: Card) -> str:
    lines = [f"### {card.title}", *[f"- {x}" for x in card.lines]]
    return "\n".join(lines)


def dingtalk_answer(card: Card) -> dict[str, Any]:
    """The robot's synchronous reply: an actionCard whose button opens the page."""
    btns = [{"title": "查看 / Open", "actionURL": absolute_link(card.link)}] if card.link else []
    if not btns:
        return {"msgtype": "markdown", "markdown": {"title": card.title,
                                                    "text": _markdown(card)}}
    return {"msgtype": "actionCard", "actionCard": {"title": card.title,
                                                    "text": _markdown(card),
                                                    "btnOrientation": "0", "btns": btns}}


def dingtalk_card_answer(card: Card) -> dict[str, Any]:
    return {"cardUpdateOptions": {"updateCardDataByKey": True},
            "cardData": {"cardParamMap": {"title": card.title, "lines": "\n".join(card.lines),
                                          "ok": "true" if card.ok else "false"}}}


# --------------------------------------------------------------------------------- WeCom


def _xml(raw: bytes | str) -> ET.Element:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    if "<!DOCTYPE" in text.upper() or "<!ENTITY" in text.upper():
        raise InvalidInput("body: XML with a DOCTYPE or ENTITY is refused")
    try:
        return ET.fromstring(text)
    except ET.ParseError:
        raise InvalidInput("body: not XML") from None


def wecom_echo(app: App, query: Mapping[str, str], max_skew_s: int) -> str:
    """The URL check: verify the signature over echostr and answer it decrypted."""
    echostr = query.get("echostr", "")
    _wecom_check(app, query, echostr, max_skew_s)
    try:
        return crypto.wecom_decrypt(echostr, app.get("encoding_aes_key"), app.get("corp_id"))
    except crypto.BadPayload as e:
        raise BadSignature(f"echostr: {e}") from None


def _wecom_check(app: App, query: Mapping[str, str], encrypt: str, max_skew_s: int) -> None:
    if not crypto.wecom_check_signature(app.get("token"), query.get("timestamp", ""),
                                        query.get("nonce", ""), encrypt,
                                        query.get("msg_signature", "")):
        raise BadSignature("msg_signature does not match")
    check_time(_ts(query.get("timestamp")), max_skew_s)


def wecom_inbound(app: App, body: bytes, query: Mapping[str, str], max_skew_s: int
                  ) -> Inbound | None:
    _size(body)
    enc = _xml(body).findtext("Encrypt") or ""
    _wecom_check(app, query, enc, max_skew_s)
    try:
        inner = _xml(crypto.wecom_decrypt(enc, app.get("encoding_aes_key"),
                                          app.get("corp_id")))
    except crypto.BadPayload as e:
        raise BadSignature(f"Encrypt: {e}") from None
    f = {c.tag: (c.text or "") for c in inner}
    sender, created = f.get("FromUserName", ""), f.get("CreateTime", "")
    at = dt.datetime.fromtimestamp(_ts(created), dt.UTC) if created else None
    if f.get("MsgType") == "text":
        if not f.get("MsgId"):
            raise InvalidInput("MsgId: missing")
        return Inbound("wecom", f["MsgId"], sender, "message", text=f.get("Content", ""),
                       chat_id=f.get("ChatId") or None, group=bool(f.get("ChatId")),
                       sent_at=at)
    if f.get("MsgType") == "event" and f.get("Event") == "template_card_event":
        return Inbound("wecom", f"card:{sender}:{created}:{f.get('TaskId', '')}:"
                       f"{f.get('EventKey', '')}"[:128], sender, "action",
                       act=f.get("EventKey", ""), sent_at=at)
    return None


def wecom_reply(app: App, inbound: Inbound, card: Card, nonce: str | None = None
                ) -> str:
    """A passive encrypted reply: a text for a message, update_button for a card click."""
    now = str(int(time.time()))
    head = (f"<ToUserName><![CDATA[{inbound.sender}]]></ToUserName>"
            f"<FromUserName><![CDATA[{app.get('corp_id')}]]></FromUserName>"
            f"<CreateTime>{now}</CreateTime>")
    if inbound.kind == "action":
        inner = (f"<xml>{head}<MsgType><![CDATA[update_button]]></MsgType><Button>"
                 f"<ReplaceName><![CDATA[{escape(card.title[:20])}]]></ReplaceName>"
                 f"</Button></xml>")
    else:
        text = "\n".join([card.title, *card.lines] +
                         ([absolute_link(card.link) or ""] if card.link else []))
        inner = (f"<xml>{head}<MsgType><![CDATA[text]]></MsgType>"
                 f"<Content><![CDATA[{text.replace(']]>', ']] >')}]]></Content></xml>")
    enc = crypto.wecom_encrypt(inner, app.get("encoding_aes_key"), app.get("corp_id"))
    nonce = nonce or secrets.token_hex(8)
    sig = crypto.wecom_signature(app.get("token"), now, nonce, enc)
    return (f"<xml><Encrypt><![CDATA[{enc}]]></Encrypt><MsgSignature><![CDATA[{sig}]]>"
            f"</MsgSignature><TimeStamp>{now}</TimeStamp><Nonce><![CDATA[{nonce}]]></Nonce>"
            f"</xml>")
