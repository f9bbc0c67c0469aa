"""Direct messages through the organisation's app: the channel for what belongs to one person.

Action links and buttons are bearer credentials (issue 16, defect 5): posted to a group, a
colleague could mark an owner's item done or an owner approve their own new date. So a
personal message goes to the person alone — through the app whose credentials sit under
``apps:`` in the channels file (dispatch.chat.config), to the id the org file's staff
``contacts`` hold for that platform — and only when nobody can be reached that way, by
e-mail (dispatch.notifications.service.enqueue with ``bots=False``).

Per platform (one outbox row per person; kind ``<platform>_app``, destination
``app:<platform>:<id>`` so rate limits and digests stay per person):

- Feishu/Lark: ``POST /open-apis/auth/v3/tenant_access_token/internal`` (app_id, app_secret)
  then ``POST /open-apis/im/v1/messages?receive_id_type=open_id`` with an interactive card
  whose buttons carry ``{"act": …}`` — the value the card callback (``/api/chat/feishu``)
  acts on for the person who clicks. ``uuid`` = the outbox message id, so a re-send after a
  crash is dropped by Feishu.
- DingTalk 工作通知: ``GET /gettoken?appkey&appsecret`` then ``POST
  /topapi/message/corpconversation/asyncsend_v2`` to ``userid_list`` with an
  ``action_card``. Work-notice cards have no callbacks, so each button opens the person's
  own signed link (safe here: the message reaches only them).
- WeCom 应用消息: ``GET /cgi-bin/gettoken?corpid&corpsecret`` then ``POST
  /cgi-bin/message/send`` to ``touser`` with a ``button_interaction`` template card whose
  button keys are the acts the application callback (``/api/chat/wecom``) understands
  (buttons that need a typed date have no place on it: the card opens the page instead),
  or a ``textcard`` when there is nothing to press.

Tokens are cached per (platform, base URL, app) until a minute before they expire and
dropped when the platform calls them invalid. Answers become :class:`Outcome`: a refused
credential is permanent (a dead letter, fixed by correcting the file and retrying), a 5xx
or a transport error is retried by the worker. Secrets and tokens never reach an error.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import httpx

from dispatch.chat.config import App, ChatApps, ChatConfigError, load_apps
from dispatch.notifications.channels import Message, Outcome, _scrub, classify, md_text

PLATFORMS = ("feishu", "dingtalk", "wecom")  # the order a person is tried in
KINDS = {f"{p}_app": p for p in PLATFORMS}
TOKEN_MARGIN_S = 60.0
# codes meaning "this access token is no longer good": fetch a new one and retry
_STALE_TOKEN = {"feishu": {99991661, 99991663, 99991668}, "dingtalk": {40014, 42001, 88},
                "wecom": {40014, 42001}}

_tokens: dict[tuple[str, str, str], tuple[str, float]] = {}
_lock = threading.Lock()


def apps_or_none(path: Any) -> ChatApps:  # noqa: ANN401 - a Path or None
    """The ``apps:`` section; a broken one sends nothing by app (the e-mail path remains)."""
    try:
        return load_apps(path)
    except ChatConfigError:
        return ChatApps()


def route(apps: ChatApps, ids: dict[str, str]) -> tuple[str, str] | None:
    """(platform, id) to reach a person whose contact ids are ``ids``, or None."""
    for p in PLATFORMS:
        app = apps.app(p)
        if app is not None and app.can_send() and ids.get(p):
            return p, ids[p]
    return None


def forget_tokens() -> None:
    """Drop every cached token (tests; after credentials change)."""
    with _lock:
        _tokens.clear()


def _secrets(app: App) -> list[str | None]:
    return [app.get(k) or None for k in ("app_secret", "secret", "token", "encoding_aes_key",
                                        "encrypt_key", "verification_token")]


class _Refused(Exception):
    def __init__(self, outcome: Outcome) -> None:
        self.outcome = outcome


def _token(platform: str, app: App, client: httpx.Client) -> str:
    base = app.get("base_url").rstrip("/")
    who = app.get("app_id") or app.get("app_key") or app.get("corp_id")
    key = (platform, base, who)
    with _lock:
        tok, until = _tokens.get(key, ("", 0.0))
    if tok and time.time() < until:
        return tok
    if platform == "feishu":
        r = client.post(f"{base}/open-apis/auth/v3/tenant_access_token/internal",
                        json={"app_id": app.get("app_id"), "app_secret": app.get("app_secret")})
    elif platform == "dingtalk":
        r = client.get(f"{base}/gettoken", params={"appkey": app.get("app_key"),
                                                   "appsecret": app.get("app_secret")})
    else:
        r = client.get(f"{base}/cgi-bin/gettoken", params={"corpid": app.get("corp_id"),
                                                           "corpsecret": app.get("secret")})
    if r.status_code != 200:
        out = classify(platform, r.status_code, r.text, None)
        out.error = f"token: {out.error}"
        raise _Refused(out)
    try:
        data = r.json()
    except ValueError:
        raise _Refused(Outcome(False, r.status_code, "token: answer is not JSON")) from None
    code = data.get("code", data.get("errcode", 0))
    tok = data.get("tenant_access_token") or data.get("access_token")
    if code != 0 or not tok:
        msg = str(data.get("msg") or data.get("errmsg") or "")[:200]
        raise _Refused(Outcome(False, r.status_code, f"{platform} app credentials refused "
                               f"(code {code}: {msg}); check apps.{platform} in the channels "
                               "file, then retry", permanent=True))
    life = float(data.get("expire") or data.get("expires_in") or 7200)
    with _lock:
        _tokens[key] = (str(tok), time.time() + max(life - TOKEN_MARGIN_S, 1.0))
    return str(tok)


def _drop(platform: str, app: App) -> None:
    who = app.get("app_id") or app.get("app_key") or app.get("corp_id")
    with _lock:
        _tokens.pop((platform, app.get("base_url").rstrip("/"), who), None)


def _buttons(msg: Message) -> list[dict[str, Any]]:
    raw = msg.payload.get("buttons") if not msg.items else None
    return [b for b in raw if isinstance(b, dict) and b.get("act")] if isinstance(raw, list) \
        else []


def _lines(msg: Message, platform: str) -> list[str]:
    text = msg.body.strip()
    if msg.items:
        text = "\n".join([text, *(f"- {it.get('subject', '')}: {it.get('body', '')}".strip()
                                  for it in msg.items)]).strip()
    return [md_text(x, platform) for x in text.splitlines() if x.strip()]


def feishu_body(msg: Message, open_id: str) -> dict[str, Any]:
    from dispatch.chat.platforms import feishu_card
    from dispatch.chat.service import Button, Card

    card = Card(msg.subject[:100], _lines(msg, "feishu"),
                [Button(str(b.get("label") or b["act"]), str(b["act"]), b.get("needs"))
                 for b in _buttons(msg)], link=msg.link)
    return {"receive_id": open_id, "msg_type": "interactive", "uuid": msg.message_id[:50],
            "content": json.dumps(feishu_card(card), ensure_ascii=False)}


def dingtalk_body(msg: Message, userid: str, agent_id: str) -> dict[str, Any]:
    text = f"#### {md_text(msg.subject, 'dingtalk')}\n\n" + "\n\n".join(_lines(msg, "dingtalk"))
    btns = [{"title": str(b.get("label") or b["act"]), "action_url": str(b.get("url") or msg.link)}
            for b in _buttons(msg) if b.get("url") or msg.link]
    card: dict[str, Any] = {"title": msg.subject[:60], "markdown": text[:5000]}
    if btns:
        card |= {"btn_orientation": "1", "btn_json_list": btns[:5]}
    elif msg.link:
        card |= {"single_title": message_open(msg.lang), "single_url": msg.link}
    else:
        return {"agent_id": int(agent_id), "userid_list": userid,
                "msg": {"msgtype": "markdown", "markdown": {"title": msg.subject[:60],
                                                            "text": text[:5000]}}}
    return {"agent_id": int(agent_id), "userid_list": userid,
            "msg": {"msgtype": "action_card", "action_card": card}}


def wecom_body(msg: Message, userid: str, agent_id: str) -> dict[str, Any]:
    desc = "\n".join(_lines(msg, "wecom"))
    base = {"touser": userid, "agentid": int(agent_id), "enable_duplicate_check": 1,
            "duplicate_check_interval": 1800}
    buttons = [b for b in _buttons(msg) if not b.get("needs")][:6]
    if buttons:
        card: dict[str, Any] = {
            "card_type": "button_interaction", "task_id": msg.message_id[:128],
            "main_title": {"title": msg.subject[:36], "desc": desc[:44]},
            "sub_title_text": desc[:1000],
            "button_list": [{"text": str(b.get("label") or b["act"])[:10], "style": 1,
                             "key": str(b["act"])} for b in buttons]}
        if msg.link:
            card["card_action"] = {"type": 1, "url": msg.link}
        return {**base, "msgtype": "template_card", "template_card": card}
    if msg.link:
        return {**base, "msgtype": "textcard", "textcard": {
            "title": msg.subject[:128], "description": desc[:512] or msg.subject[:128],
            "url": msg.link, "btntxt": message_open(msg.lang)}}
    return {**base, "msgtype": "text", "text": {"content": f"{msg.subject}\n{desc}"[:2000]}}


def message_open(lang: str) -> str:
    from dispatch.messages import message

    return message("push_open", lang)


def send(msg: Message, platform: str, app: App, to: str, client: httpx.Client) -> Outcome:
    """Send ``msg`` to the person ``to`` (open_id / userid) through ``app``; never raises
    for delivery problems, and no secret or token is in the Outcome's error."""
    secrets = _secrets(app)
    for attempt in range(2):  # a second time only after the platform called the token stale
        tok = ""
        try:
            tok = _token(platform, app, client)
            base = app.get("base_url").rstrip("/")
            if platform == "feishu":
                r = client.post(f"{base}/open-apis/im/v1/messages",
                                params={"receive_id_type": "open_id"},
                                headers={"Authorization": f"Bearer {tok}"},
                                json=feishu_body(msg, to))
            elif platform == "dingtalk":
                r = client.post(f"{base}/topapi/message/corpconversation/asyncsend_v2",
                                params={"access_token": tok},
                                json=dingtalk_body(msg, to, app.get("agent_id")))
            else:
                r = client.post(f"{base}/cgi-bin/message/send", params={"access_token": tok},
                                json=wecom_body(msg, to, app.get("agent_id")))
        except _Refused as e:
            out = e.outcome
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as e:
            out = Outcome(False, None, f"bad base_url ({type(e).__name__})", permanent=True)
        except httpx.HTTPError as e:
            out = Outcome(False, None, f"{type(e).__name__}: {e}")
        else:
            out = classify(platform, r.status_code, r.text, None)
            code = _code(r) if r.status_code == 200 and not out.ok else None
            if code in _STALE_TOKEN[platform]:
                _drop(platform, app)
                if attempt == 0:
                    continue
                out.permanent = False
        if out.error:
            out.error = _scrub(out.error, [*secrets, tok or None])
        return out
    raise AssertionError("unreachable")  # pragma: no cover


def _code(r: httpx.Response) -> int | None:
    try:
        data = r.json()
        return int(data.get("code", data.get("errcode", 0)))
    except (ValueError, TypeError, AttributeError):
        return None
