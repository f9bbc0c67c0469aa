"""Feishu/Lark: encrypted, signed deliveries posted to the app, as Feishu posts them."""

from __future__ import annotations

import datetime as dt
import json
import time

from chat_helpers import FEISHU, feishu_click, feishu_message, feishu_post
from sqlalchemy import func, select

from dispatch.chat import crypto
from dispatch.collab.models import Collaboration
from dispatch.problems.models import Problem
from dispatch.requests.models import Request

IT_TEXT = "会议室的投影仪连不上笔记本电脑，需要IT帮忙检查一下网络和投屏设置"


def _n(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def _replies(seen) -> list[dict]:
    return [json.loads(b["content"]) for p, _, b in seen if p.endswith("/reply")]


def _launch(client, headers, today: dt.date) -> dict:
    body = {"title": "新品发布会", "background": "12月新品发布会，需要主视觉和样机运输",
            "parts": [{"department": "design", "text": "设计部出主视觉海报", "role": "lead"},
                      {"department": "logistics", "text": "物流部派4人把样机搬到会场"}],
            "due": (today + dt.timedelta(days=14)).isoformat()}
    r = client.post("/api/collab", json=body, headers=headers)
    assert r.status_code in (200, 201), r.text
    return r.json()


def test_url_verification_echoes_the_challenge_and_checks_the_token(client, chat_org):
    r = feishu_post(client, {"challenge": "ch-123", "token": FEISHU["verification_token"],
                             "type": "url_verification"})
    assert r.status_code == 200 and r.json() == {"challenge": "ch-123"}
    r = feishu_post(client, {"challenge": "ch-123", "token": "forged",
                             "type": "url_verification"})
    assert r.status_code == 401
    r = feishu_post(client, {"challenge": "x", "token": FEISHU["verification_token"],
                             "type": "url_verification"}, key="another-key")
    assert r.status_code == 401  # does not decrypt with our key
    r = client.post("/api/chat/feishu", json={"challenge": "x", "type": "url_verification",
                                              "token": FEISHU["verification_token"]})
    assert r.status_code == 401  # this app encrypts: a plain body is not from Feishu


def test_message_becomes_a_routed_request_and_the_bot_replies_with_a_card(
        client, db, people, trained_store, feishu_seen):
    before = _n(db, Request)
    ev = feishu_message("ou_zhangsan", IT_TEXT)
    r = feishu_post(client, ev)
    assert r.status_code == 200, r.text
    assert _n(db, Request) == before + 1
    req = db.scalars(select(Request).order_by(Request.id.desc())).first()
    assert req.text == IT_TEXT and req.requester_id == people["zhang"][0].id
    # the bot replied to that message through the IM API with the tenant token
    paths = [p for p, _, _ in feishu_seen]
    assert paths[0] == "/open-apis/auth/v3/tenant_access_token/internal"
    assert paths[-1] == f"/open-apis/im/v1/messages/{ev['event']['message']['message_id']}/reply"
    card = _replies(feishu_seen)[-1]
    shown = json.dumps(card, ensure_ascii=False)
    assert "置信度" in shown and f"#{req.id}" in shown
    if req.department:
        assert card["header"]["title"]["content"] == f"已转给 {chat_org_name(req)}"
    # a retry of the same event acts once and does not reply twice
    n_replies = len(_replies(feishu_seen))
    assert feishu_post(client, ev).status_code == 200
    assert _n(db, Request) == before + 1 and len(_replies(feishu_seen)) == n_replies


def chat_org_name(req) -> str:
    from dispatch.demo import DEMO_ORG
    from models.org import load_org

    return load_org(DEMO_ORG).department(req.department).name


def test_forged_replayed_and_stranger_deliveries_act_not(client, db, people, trained_store,
                                                        feishu_seen):
    before = _n(db, Request)
    assert feishu_post(client, feishu_message("ou_zhangsan", IT_TEXT),
                       tamper=True).status_code == 401
    old = time.time() - 3600
    r = feishu_post(client, feishu_message("ou_zhangsan", IT_TEXT), ts=old)
    assert r.status_code == 403 and r.json()["error"]["code"] == "replayed"
    r = feishu_post(client, feishu_message("ou_zhangsan", IT_TEXT,
                                           created_ms=int(old * 1000)))
    assert r.status_code == 403  # an old event re-signed now is still old
    r = feishu_post(client, feishu_message("ou_zhangsan", IT_TEXT, token="forged"))
    assert r.status_code == 401
    assert _n(db, Request) == before
    # a stranger is answered politely, nothing stored; a known person without an account too
    assert feishu_post(client, feishu_message("ou_stranger", IT_TEXT)).status_code == 200
    assert "不认识您" in json.dumps(_replies(feishu_seen)[-1], ensure_ascii=False)
    assert feishu_post(client, feishu_message("ou_lina", IT_TEXT)).status_code == 200
    assert "没有 dispatch 账号" in json.dumps(_replies(feishu_seen)[-1], ensure_ascii=False)
    assert _n(db, Request) == before


def test_problem_in_a_bound_group_raises_it_on_that_collaboration(client, db, people,
                                                                   chat_org, feishu_seen):
    c = _launch(client, people["zhang"][1], chat_org.today())
    r = feishu_post(client, feishu_message("ou_zhangsan", "问题：海报尺寸还没定", chat_id="oc_x"))
    assert r.status_code == 200 and _n(db, Problem) == 0
    assert "没有关联协作" in json.dumps(_replies(feishu_seen)[-1], ensure_ascii=False)
    # 何欣 (design) may read it: binding the group is allowed; a stranger's is not
    assert feishu_post(client, feishu_message("ou_hexin", f"绑定 #{c['id']}",
                                              chat_id="oc_x")).status_code == 200
    assert "已关联协作" in json.dumps(_replies(feishu_seen)[-1], ensure_ascii=False)
    assert feishu_post(client, feishu_message("ou_hexin", "问题：海报尺寸还没定，物流无法订展架",
                                              chat_id="oc_x")).status_code == 200
    p = db.scalars(select(Problem)).one()
    assert p.collaboration_id == c["id"] and p.description.startswith("海报尺寸还没定")
    assert "已登记问题" in json.dumps(_replies(feishu_seen)[-1], ensure_ascii=False)


def test_buttons_act_for_the_clicker_under_the_webs_rules(client, db, people, chat_org):
    c = _launch(client, people["zhang"][1], chat_org.today())
    design = next(p for p in c["parts"] if p["department"] == "design")
    act = f"part.accept:{c['id']}:{design['id']}"
    # 何欣 works in design but is not its liaison nor its head: refused, nothing changes
    r = feishu_post(client, feishu_click("ou_hexin", act))
    assert r.status_code == 200 and r.json()["toast"]["type"] == "error"
    assert "liaisons" in r.json()["toast"]["content"]
    assert db.get(Collaboration, c["id"]).parts[0].state == "pending"
    # 徐丽, the liaison, accepts: the card updates in place
    click = feishu_click("ou_xuli", act)
    r = feishu_post(client, click)
    assert r.json()["toast"]["type"] == "success", r.json()
    assert r.json()["card"]["type"] == "raw"
    part = next(p for p in db.get(Collaboration, c["id"]).parts if p.department == "design")
    assert part.state == "accepted"
    assert feishu_post(client, click).json() == r.json()  # a retry answers the same, once
    # returning needs a reason (from the card's input)
    logi = next(p for p in c["parts"] if p["department"] == "logistics")
    ret = f"part.return:{c['id']}:{logi['id']}"
    r = feishu_post(client, feishu_click("ou_wanggang", ret))
    assert r.json()["toast"]["type"] == "error" and "reason" in r.json()["toast"]["content"]
    r = feishu_post(client, feishu_click("ou_wanggang", ret, {"reason": "会场那天车辆已满"}))
    assert r.json()["toast"]["type"] == "success"
    part = next(p for p in db.get(Collaboration, c["id"]).parts if p.department == "logistics")
    assert part.state == "returned"
    # a malformed button is refused, not a 500
    r = feishu_post(client, feishu_click("ou_xuli", "part.accept:abc"))
    assert r.status_code == 200 and r.json()["toast"]["type"] == "error"


def test_item_buttons_owner_done_new_date_and_the_heads_approval(client, db, people,
                                                                   chat_org):
    from dispatch.followups import service as fservice

    today = chat_org.today()
    fu = fservice.track(db_session=db, kind="chat_test", ref_id="1", title="海报初稿",
                        owners=["hexin"], due=today + dt.timedelta(days=3),
                        department="design", org=chat_org)
    db.flush()
    new = (today + dt.timedelta(days=10)).isoformat()
    # a colleague cannot ask for the owner
    r = feishu_post(client, feishu_click("ou_xuli", f"item.new_date:{fu.id}", {"due": new}))
    assert r.json()["toast"]["type"] == "error" and fu.requested_due is None
    r = feishu_post(client, feishu_click("ou_hexin", f"item.new_date:{fu.id}", {"due": new}))
    assert r.json()["toast"]["type"] == "success"
    db.refresh(fu)
    assert fu.requested_due.isoformat() == new
    # the owner's colleague is not the head: refused; the head 周杰 approves
    r = feishu_post(client, feishu_click("ou_xuli", f"item.approve:{fu.id}"))
    assert r.json()["toast"]["type"] == "error"
    r = feishu_post(client, feishu_click("ou_zhoujie", f"item.approve:{fu.id}"))
    assert r.json()["toast"]["type"] == "success", r.json()
    db.refresh(fu)
    assert fu.due_date.isoformat() == new and fu.requested_due is None
    # 「待办」 lists it with its buttons; done by the owner
    r = feishu_post(client, feishu_click("ou_hexin", f"item.done:{fu.id}"))
    assert r.json()["toast"]["type"] == "success"
    db.refresh(fu)
    assert fu.status == "done"


def test_also_a_heads_approve_card_kept_from_before_a_decline_decides_nothing(
        client, db, people, chat_org) -> None:
    """Issue 16, also-check: a head link decides only the request it was sent about, and so
    must the approve / decline buttons of the head's card. The head declined the owner's
    first date; the owner asks for a second: the first card's 「同意」 must not approve the
    second date, which that card never showed (before, its button named only the
    follow-up, and approved whatever was asked now)."""
    from dispatch.followups import messages
    from dispatch.followups import service as fservice

    today = chat_org.today()
    fu = fservice.track(db_session=db, kind="chat_test", ref_id="2", title="海报初稿",
                        owners=["hexin"], due=today + dt.timedelta(days=3),
                        department="design", org=chat_org)
    db.flush()
    first, second = (today + dt.timedelta(days=d) for d in (10, 20))
    r = feishu_post(client, feishu_click("ou_hexin", f"item.new_date:{fu.id}",
                                         {"due": first.isoformat()}))
    assert r.json()["toast"]["type"] == "success"
    db.refresh(fu)
    old_approve, old_decline = (b["act"] for b in messages.buttons(fu, "zh", head=True))
    r = feishu_post(client, feishu_click("ou_zhoujie", old_decline))
    assert r.json()["toast"]["type"] == "success", r.json()
    r = feishu_post(client, feishu_click("ou_hexin", f"item.new_date:{fu.id}",
                                         {"due": second.isoformat()}))
    assert r.json()["toast"]["type"] == "success"
    r = feishu_post(client, feishu_click("ou_zhoujie", old_approve))
    assert r.json()["toast"]["type"] == "error", r.json()
    assert second.isoformat() in r.json()["toast"]["content"]
    db.refresh(fu)
    assert (fu.due_date, fu.requested_due) == (today + dt.timedelta(days=3), second)
    # the card about the second request decides it
    approve, _ = (b["act"] for b in messages.buttons(fu, "zh", head=True))
    r = feishu_post(client, feishu_click("ou_zhoujie", approve))
    assert r.json()["toast"]["type"] == "success", r.json()
    db.refresh(fu)
    assert (fu.due_date, fu.requested_due) == (second, None)


def test_todo_lists_parts_to_accept_with_buttons(client, people, chat_org, feishu_seen):
    c = _launch(client, people["zhang"][1], chat_org.today())
    assert feishu_post(client, feishu_message("ou_xuli", "待办",
                                              chat_type="p2p")).status_code == 200
    card = _replies(feishu_seen)[-1]
    acts = [b["value"]["act"] for e in card["elements"]
            for b in (e.get("actions") or [x for x in e.get("elements", [])
                                           if x.get("tag") == "button"])
            if "value" in b]
    design = next(p for p in c["parts"] if p["department"] == "design")
    assert f"part.accept:{c['id']}:{design['id']}" in acts
    assert f"part.return:{c['id']}:{design['id']}" in acts


def test_unconfigured_platform_is_401_and_secrets_never_answered(client, chat_org, settings):
    import yaml

    path = settings.notifications.channels_file
    doc = yaml.safe_load(path.read_text())
    doc["apps"].pop("wecom")
    path.write_text(yaml.safe_dump(doc))
    r = client.get("/api/chat/wecom", params={"echostr": "x"})
    assert r.status_code == 401 and "not configured" in r.json()["error"]["message"]
    r = feishu_post(client, {"challenge": "c", "token": "forged", "type": "url_verification"})
    for secret in (FEISHU["app_secret"], FEISHU["encrypt_key"], FEISHU["verification_token"]):
        assert secret not in r.text
    assert crypto.feishu_decrypt(crypto.feishu_encrypt("中文", "k"), "k") == "中文"


def test_two_racing_retries_act_once(db, people, chat_org, settings, monkeypatch):
    """Both retries pass the look-up before either is stored (as two workers would): the
    second one's insert meets the unique key, its action (a second problem) is undone."""
    import pytest

    from dispatch.chat import service
    from dispatch.collab import flows
    from dispatch.collab.service import CollabIn, PartIn

    c = flows.start(db_session=db, settings=settings, org=chat_org, user=people["zhang"][0],
                    data=CollabIn(title="新品发布会", parts=[PartIn("design", "海报", "lead"),
                                                          PartIn("logistics", "搬运")]))
    inbound = service.Inbound("feishu", "ev-race", "ou_xuli", "message",
                              text=f"问题#{c.id}：海报尺寸还没定")
    first = service.handle(db_session=db, settings=settings, org=chat_org, inbound=inbound)
    assert first.ok and _n(db, Problem) == 1
    monkeypatch.setattr(service, "previous", lambda **kw: None)
    with pytest.raises(service.Duplicate):
        service.handle(db_session=db, settings=settings, org=chat_org, inbound=inbound)
    assert _n(db, Problem) == 1
