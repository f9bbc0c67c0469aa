"""DingTalk (timestamp + sign) and WeCom (msg_signature + AES) deliveries posted to the app
as each platform posts them, with forged, replayed, duplicate and stranger cases."""

from __future__ import annotations

import datetime as dt
import json
import time
import xml.etree.ElementTree as ET

from chat_helpers import (
    DINGTALK,
    WECOM,
    dingtalk_click,
    dingtalk_headers,
    dingtalk_message,
    wecom_body,
    wecom_click,
    wecom_open_reply,
    wecom_query,
    wecom_text,
)
from sqlalchemy import func, select

from dispatch.chat import crypto
from dispatch.collab.models import Collaboration
from dispatch.requests.models import Request

IT_TEXT = "会议室的投影仪连不上笔记本电脑，需要IT帮忙检查一下网络和投屏设置"
MULTI = "12月新品发布会：需要设计部出主视觉海报，物流部派4人把样机搬到会场，IT部搭好现场网络"


def _n(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def _launch(client, headers, today: dt.date) -> dict:
    body = {"title": "新品发布会", "background": "需要主视觉和样机运输",
            "parts": [{"department": "design", "text": "设计部出主视觉海报", "role": "lead"},
                      {"department": "logistics", "text": "物流部派4人把样机搬到会场"}],
            "due": (today + dt.timedelta(days=14)).isoformat()}
    r = client.post("/api/collab", json=body, headers=headers)
    assert r.status_code in (200, 201), r.text
    return r.json()


# ------------------------------------------------------------------------------ DingTalk


def test_dingtalk_message_is_routed_and_answered_in_the_response(client, db, people,
                                                                  trained_store):
    before = _n(db, Request)
    msg = dingtalk_message("dt_zhangsan", IT_TEXT)
    r = client.post("/api/chat/dingtalk", content=json.dumps(msg), headers=dingtalk_headers())
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["msgtype"] == "actionCard" and "置信度" in out["actionCard"]["text"]
    req = db.scalars(select(Request).order_by(Request.id.desc())).first()
    assert _n(db, Request) == before + 1 and req.text == IT_TEXT
    assert out["actionCard"]["btns"][0]["actionURL"].endswith(f"/requests/{req.id}")
    # the platform retries: same msgId, fresh signature → the same answer, one request
    r2 = client.post("/api/chat/dingtalk", content=json.dumps(msg), headers=dingtalk_headers())
    assert r2.json() == out and _n(db, Request) == before + 1


def test_dingtalk_several_departments_become_a_collaboration(client, db, people,
                                                            trained_store):
    before = _n(db, Collaboration)
    r = client.post("/api/chat/dingtalk", content=json.dumps(dingtalk_message("dt_zhangsan",
                                                                              MULTI)),
                    headers=dingtalk_headers())
    assert r.status_code == 200
    assert _n(db, Collaboration) == before + 1, r.json()
    c = db.scalars(select(Collaboration).order_by(Collaboration.id.desc())).first()
    assert len(c.parts) >= 2 and c.requester_id == people["zhang"][0].id
    text = r.json()["actionCard"]["text"]
    assert f"#{c.id}" in text and text.count("置信度") == len(c.parts)
    # the group it came from is now the collaboration's: 问题：… there raises a problem on it
    from dispatch.problems.models import Problem

    r = client.post("/api/chat/dingtalk", content=json.dumps(dingtalk_message(
        "dt_zhangsan", "问题：样机数量还没确认，物流无法订车")), headers=dingtalk_headers())
    p = db.scalars(select(Problem)).one()
    assert p.collaboration_id == c.id and "已登记问题" in r.json()["actionCard"]["text"]


def test_without_a_routing_model_a_message_waits_in_triage(client, db, people):
    r = client.post("/api/chat/dingtalk", content=json.dumps(dingtalk_message("dt_zhangsan",
                                                                              IT_TEXT)),
                    headers=dingtalk_headers())
    assert r.status_code == 200
    req = db.scalars(select(Request).order_by(Request.id.desc())).first()
    assert req.text == IT_TEXT and req.state == "triage"
    assert r.json()["actionCard"]["title"] == "已交协调员分诊"


def test_dingtalk_refuses_forged_old_and_strangers(client, db, people, trained_store):
    before = _n(db, Request)
    body = json.dumps(dingtalk_message("dt_zhangsan", IT_TEXT))
    r = client.post("/api/chat/dingtalk", content=body,
                    headers=dingtalk_headers(secret="not-the-secret"))
    assert r.status_code == 401
    r = client.post("/api/chat/dingtalk", content=body,
                    headers=dingtalk_headers(ts_ms=int((time.time() - 7200) * 1000)))
    assert r.status_code == 403 and r.json()["error"]["code"] == "replayed"
    r = client.post("/api/chat/dingtalk", content=body, headers={"content-type": "x"})
    assert r.status_code in (401, 422)
    r = client.post("/api/chat/dingtalk", content=json.dumps(dingtalk_message("dt_who", IT_TEXT)),
                    headers=dingtalk_headers())
    assert r.status_code == 200 and "不认识您" in r.json()["markdown"]["text"]
    assert _n(db, Request) == before


def test_dingtalk_card_callback_binds_the_clicker(client, db, people, chat_org):
    c = _launch(client, people["zhang"][1], chat_org.today())
    design = next(p for p in c["parts"] if p["department"] == "design")
    act = f"part.accept:{c['id']}:{design['id']}"
    r = client.post("/api/chat/dingtalk/card", content=json.dumps(dingtalk_click("dt_hexin", act)),
                    headers=dingtalk_headers())
    assert r.status_code == 200 and r.json()["cardData"]["cardParamMap"]["ok"] == "false"
    click = json.dumps(dingtalk_click("dt_xuli", act))
    r = client.post("/api/chat/dingtalk/card", content=click, headers=dingtalk_headers())
    assert r.json()["cardData"]["cardParamMap"]["ok"] == "true"
    part = next(p for p in db.get(Collaboration, c["id"]).parts if p.department == "design")
    assert part.state == "accepted"
    r2 = client.post("/api/chat/dingtalk/card", content=click, headers=dingtalk_headers())
    assert r2.json() == r.json()  # the retried click acts once (accepting twice would 409)
    r = client.post("/api/chat/dingtalk/card", content=click,
                    headers=dingtalk_headers(secret="forged"))
    assert r.status_code == 401


# --------------------------------------------------------------------------------- WeCom


def test_wecom_url_check_answers_the_decrypted_echo(client, chat_org):
    echo = crypto.wecom_encrypt("echo-1234567", WECOM["encoding_aes_key"], WECOM["corp_id"])
    r = client.get("/api/chat/wecom", params={**wecom_query(echo), "echostr": echo})
    assert r.status_code == 200 and r.text == "echo-1234567"
    r = client.get("/api/chat/wecom", params={**wecom_query(echo, token="forged"),
                                              "echostr": echo})
    assert r.status_code == 401
    other = crypto.wecom_encrypt("echo", WECOM["encoding_aes_key"], "ww-another-corp")
    r = client.get("/api/chat/wecom", params={**wecom_query(other), "echostr": other})
    assert r.status_code == 401  # encrypted for another corp


def test_wecom_message_gets_an_encrypted_passive_reply(client, db, people, trained_store):
    before = _n(db, Request)
    body, enc = wecom_body(wecom_text("ZhangSan", IT_TEXT, msg_id="7001"))
    q = wecom_query(enc)
    r = client.post("/api/chat/wecom", params=q, content=body)
    assert r.status_code == 200, r.text
    inner = ET.fromstring(wecom_open_reply(r.text))
    assert inner.findtext("ToUserName") == "ZhangSan" and inner.findtext("MsgType") == "text"
    assert "置信度" in inner.findtext("Content")
    assert _n(db, Request) == before + 1
    # a retry (WeCom tries three times) acts once
    r = client.post("/api/chat/wecom", params=wecom_query(enc), content=body)
    assert r.status_code == 200 and _n(db, Request) == before + 1
    assert "置信度" in ET.fromstring(wecom_open_reply(r.text)).findtext("Content")


def test_wecom_refuses_forged_old_strangers_and_entities(client, db, people, trained_store):
    before = _n(db, Request)
    body, enc = wecom_body(wecom_text("ZhangSan", IT_TEXT))
    assert client.post("/api/chat/wecom", params=wecom_query(enc, token="forged"),
                       content=body).status_code == 401
    r = client.post("/api/chat/wecom", params=wecom_query(enc, ts=int(time.time()) - 3600),
                    content=body)
    assert r.status_code == 403
    evil = b'<!DOCTYPE x [<!ENTITY a "aaaa">]><xml><Encrypt>&a;</Encrypt></xml>'
    assert client.post("/api/chat/wecom", params=wecom_query("aaaa"),
                       content=evil).status_code == 422
    body, enc = wecom_body(wecom_text("NoSuchUser", IT_TEXT))
    r = client.post("/api/chat/wecom", params=wecom_query(enc), content=body)
    assert "不认识您" in ET.fromstring(wecom_open_reply(r.text)).findtext("Content")
    assert _n(db, Request) == before


def test_wecom_template_card_button_updates_the_button(client, db, people, chat_org):
    c = _launch(client, people["zhang"][1], chat_org.today())
    design = next(p for p in c["parts"] if p["department"] == "design")
    key = f"part.accept:{c['id']}:{design['id']}"
    body, enc = wecom_body(wecom_click("HeXin", key))
    r = client.post("/api/chat/wecom", params=wecom_query(enc), content=body)
    inner = ET.fromstring(wecom_open_reply(r.text))
    assert inner.findtext("MsgType") == "update_button"
    assert inner.findtext("Button/ReplaceName").startswith("未执行")
    body, enc = wecom_body(wecom_click("XuLi", key, task="task-1"))
    r = client.post("/api/chat/wecom", params=wecom_query(enc), content=body)
    assert ET.fromstring(wecom_open_reply(r.text)).findtext("Button/ReplaceName") \
        .startswith("徐丽 已处理")
    part = next(p for p in db.get(Collaboration, c["id"]).parts if p.department == "design")
    assert part.state == "accepted"
    # returning from WeCom needs a reason the template card cannot carry: refused, kept
    logi = next(p for p in c["parts"] if p["department"] == "logistics")
    body, enc = wecom_body(wecom_click("WangGang", f"part.return:{c['id']}:{logi['id']}"))
    r = client.post("/api/chat/wecom", params=wecom_query(enc), content=body)
    assert ET.fromstring(wecom_open_reply(r.text)).findtext("Button/ReplaceName") \
        .startswith("未执行")
    assert DINGTALK["app_secret"] not in r.text and WECOM["token"] not in r.text
