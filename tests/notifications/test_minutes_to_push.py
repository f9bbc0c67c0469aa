"""End to end: minutes uploaded and confirmed → the owner is @-mentioned by the webhook
receiver; the reminder and the escalation fire on the right working days; closing the
item on either side stops the clock."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from sqlalchemy import select

from dispatch.db import session_scope
from dispatch.followups import service as followups
from dispatch.followups.models import FollowUp
from dispatch.followups.scheduled import followup_sweep
from dispatch.minutes import flows
from dispatch.minutes import service as minutes
from dispatch.minutes.models import ActionItemRow
from dispatch.notifications.worker import Worker

MINUTES = ("会议纪要\n时间：2026年9月25日\n"
           "1. 张三负责在9月30日前完成TOP10 SKU库存盘点。\n"
           "2. 徐丽下周三前完成海报定稿。\n").encode()
SH = ZoneInfo("Asia/Shanghai")


def local(day: str, hour: int = 9) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=SH)


def test_confirmed_item_reaches_its_owner_then_reminds_and_escalates(outbox, receiver,
                                                                      push_settings) -> None:
    factory, _, org = outbox
    with session_scope(factory) as s:
        meeting = flows.upload(db_session=s, org=org, data=MINUTES, filename="m.txt",
                               meeting_date=None, actor=None, max_bytes=10**6)
        out = flows.confirm(db_session=s, org=org, meeting=meeting, actor=None)
        assert out["followed_up"] == 2
        item_id = next(i.id for i in meeting.items if i.owners == ["zhangsan"])
        meeting_id = meeting.id
    worker = Worker(factory, settings=push_settings)
    soon = lambda: dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)  # noqa: E731
    worker.drain(soon())
    feishu = receiver.of("feishu")
    assert len(feishu) == 1 and feishu[0].valid
    card = feishu[0].body["card"]
    assert "TOP10 SKU" in card["header"]["title"]["content"]
    assert "<at id=ou_zhangsan></at>" in card["elements"][0]["text"]["content"]
    assert card["elements"][1]["actions"][0]["url"] == (
        f"https://dispatch.example/minutes/{meeting_id}#item-{item_id}")
    hook = receiver.of("webhook")  # design has no bot: the default webhook, 徐丽 mentioned
    assert [m["staff"] for m in hook[0].body["data"]["mentions"]] == ["xuli"]

    # National Day: nothing on Oct 1–7; overdue on Thu Oct 8; head on Fri Oct 9
    for day in ("2026-10-02", "2026-10-05", "2026-10-07"):
        assert followup_sweep(factory, local(day).astimezone(dt.UTC)) == 0
    assert followup_sweep(factory, local("2026-10-08").astimezone(dt.UTC)) == 2  # both items
    assert followup_sweep(factory, local("2026-10-08", 15).astimezone(dt.UTC)) == 0
    receiver.hits.clear()
    worker.drain(soon())
    overdue = receiver.of("feishu")
    assert len(overdue) == 1 and "已逾期" in overdue[0].body["card"]["header"]["title"]["content"]
    # 张三 closes the item in the minutes UI: the head is not bothered on Oct 9
    with session_scope(factory) as s:
        minutes.set_status(db_session=s, item=s.get(ActionItemRow, item_id), status="done",
                           actor=None)
    assert followup_sweep(factory, local("2026-10-09").astimezone(dt.UTC)) == 1  # 徐丽's only
    with session_scope(factory) as s:
        fu = followups.get_by_ref(db_session=s, kind="action_item", ref_id=str(item_id))
        assert fu.status == "done" and fu.closed_by == "sync"
        other = s.scalars(select(FollowUp).where(FollowUp.id != fu.id)).one()
        # 徐丽 marks hers done from the link: the minutes item is closed as well
        followups.complete(db_session=s, followup_id=other.id, by="link")
        assert s.get(ActionItemRow, int(other.ref_id)).status == "done"
    receiver.hits.clear()
    worker.drain(soon())
    esc = receiver.of("webhook")
    assert len(esc) == 1 and esc[0].body["type"] == "action_item.escalate_head"
    assert esc[0].body["data"]["recipients"][0] == "zhoujie"  # the design head
