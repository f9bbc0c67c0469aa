"""An organisation whose language is English gets its messages in English, end to end:
a request routed, handed over, returned, and the follow-up reminders of its deadline."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy import select

from dispatch.demo import DEMO_ORG
from dispatch.followups import service as followups
from dispatch.followups.scheduled import sweep_session
from dispatch.messages import org_language
from dispatch.notifications.models import Notification
from dispatch.orgdir.service import import_org
from dispatch.requests import flows
from dispatch.requests.service import RequestIn
from models.org import parse_org

SH = ZoneInfo("Asia/Shanghai")
VPN = "我的电脑连不上公司网络，VPN也登录不了"  # routed to IT by the demo model
CJK = range(0x4E00, 0xA000)


def _demo(**extra):
    doc = yaml.safe_load(DEMO_ORG.read_text(encoding="utf-8"))
    return parse_org({**doc, **extra}, str(DEMO_ORG))


def _english(text: str) -> bool:
    return not any(ord(c) in CJK for c in text)


def test_the_language_comes_from_the_org_file_or_its_department_names() -> None:
    assert org_language(_demo()) == "zh"
    assert org_language(_demo(language="en")) == "en"
    doc = yaml.safe_load(DEMO_ORG.read_text(encoding="utf-8"))
    ascii_names = [{**d, "name": d["id"].upper()} for d in doc["departments"]]
    assert org_language(parse_org({**doc, "departments": ascii_names}, "x")) == "en"
    assert org_language(parse_org({**doc, "departments": ascii_names, "language": "zh"},
                                  "x")) == "zh"


def test_an_english_org_gets_english_messages(db, settings, trained_store,
                                              make_user) -> None:
    org = _demo(language="en")
    import_org(db_session=db, org=org, source="test")
    db.flush()
    requester, _ = make_user("en_req", "requester", staff_id="zhangsan")
    it_lead, _ = make_user("en_it", "planner", staff_id="chenming")
    # the request's own text stays as written; everything the system says is English
    req = flows.submit(db_session=db, settings=settings, org=org, user=requester,
                       now=dt.datetime(2026, 11, 20, 15, tzinfo=SH),
                       data=RequestIn(text=VPN, title="VPN down",
                                      expected_date=dt.date(2026, 11, 27)))
    assert req.department == "it"
    rows = {n.event: n for n in db.scalars(select(Notification).order_by(Notification.id))}
    routed, told = rows["request.routed"], rows["request.routed_to"]
    assert routed.lang == "en" and routed.subject == "New request: VPN down"
    assert "Please accept or return it by Mon 23 Nov 15:00" in routed.body
    assert told.subject.startswith("Your request went to ") and told.subject.endswith("VPN down")
    ack = followups.get_by_ref(db_session=db, kind="request_ack", ref_id=f"{req.id}.1")
    assert ack.title == "Accept the request: VPN down"

    # the acknowledgement is late: the reminders of the follow-up are English too
    sweep_session(db_session=db, now=dt.datetime(2026, 11, 24, 10, tzinfo=SH))
    reminders = [n for n in db.scalars(select(Notification).order_by(Notification.id))
                 if n.event.startswith("request_ack.")]
    assert reminders
    for n in reminders:
        assert n.lang == "en" and _english(n.subject), n.subject
    assert any(n.subject == "Overdue: Accept the request: VPN down" for n in reminders)

    flows.return_request(db_session=db, settings=settings, org=org, user=it_lead, req=req,
                         reason="not ours", now=dt.datetime(2026, 11, 24, 11, tzinfo=SH))
    returned = db.scalars(select(Notification).where(
        Notification.event == "request.returned")).one()
    assert returned.subject == "Your request was returned: VPN down"
    assert returned.body.startswith("Reason: not ours")
