"""Credentials of the test app bots, and deliveries built as each platform builds them:
signed, encrypted, in its own envelope."""

from __future__ import annotations

import json
import time
import uuid
from typing import Any

from dispatch.chat import crypto

FEISHU = {"app_id": "cli_test0001", "app_secret": "feishu-app-secret-0001",
          "verification_token": "vtoken-0001", "encrypt_key": "encrypt-key-0001"}
DINGTALK = {"app_key": "dingtest", "app_secret": "dingtalk-app-secret-0001"}
WECOM = {"corp_id": "ww0123456789abcdef", "token": "wecom-token-0001",
         "encoding_aes_key": "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"}
IDS = {  # staff id -> (feishu open_id, dingtalk userid, wecom userid)
    "zhangsan": ("ou_zhangsan", "dt_zhangsan", "ZhangSan"),
    "xuli": ("ou_xuli", "dt_xuli", "XuLi"),
    "hexin": ("ou_hexin", "dt_hexin", "HeXin"),
    "zhoujie": ("ou_zhoujie", "dt_zhoujie", "ZhouJie"),
    "wanggang": ("ou_wanggang", "dt_wanggang", "WangGang"),
    "lina": ("ou_lina", "dt_lina", "LiNa"),  # in the contacts, but no dispatch account
}


# ----------------------------------------------------------------------------- Feishu

def feishu_post(client, plain: dict[str, Any], *, ts: float | None = None,
                key: str = FEISHU["encrypt_key"], tamper: bool = False):
    """POST an encrypted, signed Feishu delivery."""
    body = json.dumps({"encrypt": crypto.feishu_encrypt(json.dumps(plain), key)}).encode()
    t = str(int(ts if ts is not None else time.time()))
    nonce = uuid.uuid4().hex
    sig = crypto.feishu_signature(t, nonce, key, body)
    if tamper:
        sig = sig[:-1] + ("0" if sig[-1] != "0" else "1")
    return client.post("/api/chat/feishu", content=body, headers={
        "content-type": "application/json", "X-Lark-Request-Timestamp": t,
        "X-Lark-Request-Nonce": nonce, "X-Lark-Signature": sig})


def feishu_message(open_id: str, text: str, *, event_id: str | None = None,
                   chat_id: str = "oc_group1", chat_type: str = "group",
                   created_ms: int | None = None, token: str = FEISHU["verification_token"]
                   ) -> dict[str, Any]:
    return {"schema": "2.0", "header": {
        "event_id": event_id or uuid.uuid4().hex, "event_type": "im.message.receive_v1",
        "create_time": str(created_ms or int(time.time() * 1000)), "token": token,
        "app_id": FEISHU["app_id"], "tenant_key": "t1"},
        "event": {"sender": {"sender_id": {"open_id": open_id}, "sender_type": "user"},
                  "message": {"message_id": "om_" + uuid.uuid4().hex[:12], "chat_id": chat_id,
                              "chat_type": chat_type, "message_type": "text",
                              "content": json.dumps({"text": f"@_user_1 {text}"})}}}


def feishu_click(open_id: str, act: str, form: dict[str, str] | None = None, *,
                 event_id: str | None = None) -> dict[str, Any]:
    return {"schema": "2.0", "header": {
        "event_id": event_id or uuid.uuid4().hex, "event_type": "card.action.trigger",
        "create_time": str(int(time.time() * 1000)), "token": FEISHU["verification_token"],
        "app_id": FEISHU["app_id"]},
        "event": {"operator": {"open_id": open_id},
                  "action": {"value": {"act": act}, "tag": "button",
                             **({"form_value": form} if form else {})},
                  "context": {"open_message_id": "om_card", "open_chat_id": "oc_group1"}}}


def feishu_v1_click(open_id: str, act: str, form: dict[str, str] | None = None, *,
                    update_token: str | None = None) -> dict[str, Any]:
    """A legacy message-card callback (card.action.trigger_v1), as older apps receive it."""
    return {"open_id": open_id, "user_id": "u_" + open_id.removeprefix("ou_"),
            "open_message_id": "om_card", "tenant_key": "t1",
            "token": update_token if update_token is not None else "c-" + uuid.uuid4().hex,
            "action": {"value": {"act": act}, "tag": "button",
                       **({"form_value": form} if form else {})}}


def feishu_v1_post(client, plain: dict[str, Any], *, ts: float | None = None,
                   encrypt: bool = False, token: str = FEISHU["verification_token"],
                   sign_as_v2: bool = False):
    """POST a legacy card callback signed as Feishu signs them: sha1 over the verification
    token (``sign_as_v2``: the v2 events' sha256 over the encrypt key instead, which must
    not pass); ``encrypt``: the body wrapped as an app with an encrypt key receives it."""
    raw = json.dumps(plain, ensure_ascii=False)
    body = (json.dumps({"encrypt": crypto.feishu_encrypt(raw, FEISHU["encrypt_key"])})
            if encrypt else raw).encode()
    t = str(int(ts if ts is not None else time.time()))
    nonce = uuid.uuid4().hex
    sig = (crypto.feishu_signature(t, nonce, FEISHU["encrypt_key"], body) if sign_as_v2
           else crypto.feishu_card_v1_signature(t, nonce, token, body))
    return client.post("/api/chat/feishu", content=body, headers={
        "content-type": "application/json", "X-Lark-Request-Timestamp": t,
        "X-Lark-Request-Nonce": nonce, "X-Lark-Signature": sig})


# --------------------------------------------------------------------------- DingTalk

def dingtalk_headers(*, ts_ms: int | None = None, secret: str = DINGTALK["app_secret"]
                     ) -> dict[str, str]:
    t = str(ts_ms if ts_ms is not None else int(time.time() * 1000))
    return {"timestamp": t, "sign": crypto.dingtalk_sign(t, secret),
            "content-type": "application/json"}


def dingtalk_message(userid: str, text: str, *, msg_id: str | None = None,
                     group: bool = True) -> dict[str, Any]:
    return {"msgtype": "text", "text": {"content": f" {text}"},
            "msgId": msg_id or "msg" + uuid.uuid4().hex, "createAt": int(time.time() * 1000),
            "conversationType": "2" if group else "1", "conversationId": "cid_group1",
            "senderStaffId": userid, "senderNick": userid, "robotCode": DINGTALK["app_key"],
            "isAdmin": False, "chatbotUserId": "bot"}


def dingtalk_click(userid: str, act: str, **params: str) -> dict[str, Any]:
    return {"outTrackId": "track-" + uuid.uuid4().hex[:8], "corpId": "ding-corp",
            "userId": userid, "type": "actionCallback",
            "content": json.dumps({"cardPrivateData": {"actionIds": ["btn"],
                                                       "params": {"act": act, **params}}})}


# ------------------------------------------------------------------------------ WeCom

def wecom_query(encrypt: str, *, ts: int | None = None, token: str = WECOM["token"]
                ) -> dict[str, str]:
    t = str(ts if ts is not None else int(time.time()))
    nonce = uuid.uuid4().hex[:10]
    return {"msg_signature": crypto.wecom_signature(token, t, nonce, encrypt),
            "timestamp": t, "nonce": nonce}


def wecom_body(inner_xml: str) -> tuple[bytes, str]:
    enc = crypto.wecom_encrypt(inner_xml, WECOM["encoding_aes_key"], WECOM["corp_id"])
    body = (f"<xml><ToUserName><![CDATA[{WECOM['corp_id']}]]></ToUserName>"
            f"<AgentID><![CDATA[1000002]]></AgentID><Encrypt><![CDATA[{enc}]]></Encrypt></xml>")
    return body.encode(), enc


def wecom_text(userid: str, text: str, msg_id: str | None = None) -> str:
    return (f"<xml><ToUserName><![CDATA[{WECOM['corp_id']}]]></ToUserName>"
            f"<FromUserName><![CDATA[{userid}]]></FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            f"<Content><![CDATA[{text}]]></Content>"
            f"<MsgId>{msg_id or str(uuid.uuid4().int)[:19]}</MsgId>"
            f"<AgentID>1000002</AgentID></xml>")


def wecom_click(userid: str, key: str, task: str | None = None) -> str:
    return (f"<xml><ToUserName><![CDATA[{WECOM['corp_id']}]]></ToUserName>"
            f"<FromUserName><![CDATA[{userid}]]></FromUserName>"
            f"<CreateTime>{int(time.time())}</CreateTime><MsgType><![CDATA[event]]></MsgType>"
            f"<Event><![CDATA[template_card_event]]></Event>"
            f"<EventKey><![CDATA[{key}]]></EventKey>"
            f"<TaskId><![CDATA[{task or uuid.uuid4().hex[:8]}]]></TaskId>"
            f"<CardType><![CDATA[button_interaction]]></CardType><AgentID>1000002</AgentID>"
            f"</xml>")


def wecom_open_reply(xml_text: str) -> str:
    """The bot's passive reply, verified and decrypted as WeCom does."""
    import xml.etree.ElementTree as ET

    root = ET.fromstring(xml_text)
    enc = root.findtext("Encrypt")
    assert crypto.wecom_check_signature(WECOM["token"], root.findtext("TimeStamp"),
                                        root.findtext("Nonce"), enc,
                                        root.findtext("MsgSignature"))
    return crypto.wecom_decrypt(enc, WECOM["encoding_aes_key"], WECOM["corp_id"])
