"""Feishu/Lark legacy message-card callbacks (card.action.trigger_v1), as older apps post
them: the same buttons, rules, idempotency and replay window as card.action.trigger."""

from __future__ import annotations

import datetime as dt
import json
import time

from chat_helpers import FEISHU, feishu_v1_click, feishu_v1_post
from test_feishu import _launch

from dispatch.chat import crypto
from dispatch.collab.models import Collaboration


def _part(db, c: dict, dept: str):
    return next(p for p in db.get(Collaboration, c["id"]).parts if p.department == dept)


def _accept(c: dict, dept: str) -> str:
    part = next(p for p in c["parts"] if p["department"] == dept)
    return f"part.accept:{c['id']}:{part['id']}"


def test_the_liaison_accepts_and_the_answer_is_the_new_card(client, db, people, chat_org):
    c = _launch(client, people["zhang"][1], chat_org.today())
    click = feishu_v1_click("ou_xuli", _accept(c, "design"))
    r = feishu_v1_post(client, click)
    assert r.status_code == 200, r.text
    card = r.json()  # the legacy answer is the card itself (no toast wrapper)
    assert card["header"]["template"] == "blue" and "elements" in card
    assert "徐丽" in card["header"]["title"]["content"]
    assert _part(db, c, "design").state == "accepted"
    # Feishu retries the same callback (same update token): answered the same, acted once
    r2 = feishu_v1_post(client, click)
    assert r2.status_code == 200 and r2.json() == card
    assert _part(db, c, "design").state == "accepted"


def test_encrypted_callback_of_an_app_with_an_encrypt_key(client, db, people, chat_org):
    c = _launch(client, people["zhang"][1], chat_org.today())
    logi = next(p for p in c["parts"] if p["department"] == "logistics")
    ret = f"part.return:{c['id']}:{logi['id']}"
    r = feishu_v1_post(client, feishu_v1_click("ou_wanggang", ret,
                                               {"reason": "会场那天车辆已满"}), encrypt=True)
    assert r.status_code == 200 and r.json()["header"]["template"] == "blue", r.text
    assert _part(db, c, "logistics").state == "returned"


def test_forged_replayed_and_stranger_callbacks_act_not(client, db, people, chat_org):
    c = _launch(client, people["zhang"][1], chat_org.today())
    act = _accept(c, "design")
    # signed with a wrong token, or with the v2 events' scheme: 401
    r = feishu_v1_post(client, feishu_v1_click("ou_xuli", act), token="forged")
    assert r.status_code == 401 and "message-card" in r.json()["error"]["message"]
    assert feishu_v1_post(client, feishu_v1_click("ou_xuli", act),
                          sign_as_v2=True).status_code == 401
    # a signed body changed on the way (another button): 401
    signed = feishu_v1_click("ou_xuli", "item.done:1", update_token="c-1")
    t, nonce = str(int(time.time())), "n1"
    sig = crypto.feishu_card_v1_signature(t, nonce, FEISHU["verification_token"],
                                          json.dumps(signed).encode())
    body = json.dumps({**signed, "action": {"value": {"act": act}, "tag": "button"}})
    r = client.post("/api/chat/feishu", content=body.encode(), headers={
        "content-type": "application/json", "X-Lark-Request-Timestamp": t,
        "X-Lark-Request-Nonce": nonce, "X-Lark-Signature": sig})
    assert r.status_code == 401
    # an old callback, correctly signed: a replay, 403
    r = feishu_v1_post(client, feishu_v1_click("ou_xuli", act), ts=time.time() - 3600)
    assert r.status_code == 403 and r.json()["error"]["code"] == "replayed"
    # no update token: nothing to key the delivery on, refused as malformed
    r = feishu_v1_post(client, feishu_v1_click("ou_xuli", act, update_token=""))
    assert r.status_code == 422 and "token" in r.json()["error"]["message"]
    assert _part(db, c, "design").state == "pending"
    # a stranger, and a colleague who is not the liaison: refused in a red card, no change
    for who in ("ou_stranger", "ou_hexin"):
        r = feishu_v1_post(client, feishu_v1_click(who, act))
        assert r.status_code == 200 and r.json()["header"]["template"] == "red", r.text
    assert "不认识您" in str(feishu_v1_post(client, feishu_v1_click("ou_stranger", act)).json())
    assert _part(db, c, "design").state == "pending"


def test_item_buttons_under_the_same_rules(client, db, people, chat_org):
    from dispatch.followups import service as fservice

    today = chat_org.today()
    fu = fservice.track(db_session=db, kind="chat_test", ref_id="v1", title="海报初稿",
                        owners=["hexin"], due=today + dt.timedelta(days=3),
                        department="design", org=chat_org)
    db.flush()
    new = (today + dt.timedelta(days=10)).isoformat()
    r = feishu_v1_post(client, feishu_v1_click("ou_xuli", f"item.new_date:{fu.id}",
                                               {"due": new}))
    assert r.json()["header"]["template"] == "red" and fu.requested_due is None
    r = feishu_v1_post(client, feishu_v1_click("ou_hexin", f"item.new_date:{fu.id}",
                                               {"due": new}))
    assert r.json()["header"]["template"] == "blue", r.json()
    r = feishu_v1_post(client, feishu_v1_click("ou_zhoujie", f"item.approve:{fu.id}"))
    assert r.json()["header"]["template"] == "blue", r.json()
    db.refresh(fu)
    assert fu.due_date.isoformat() == new and fu.requested_due is None
    assert feishu_v1_post(client, feishu_v1_click(
        "ou_hexin", f"item.done:{fu.id}")).json()["header"]["template"] == "blue"
    db.refresh(fu)
    assert fu.status == "done"
