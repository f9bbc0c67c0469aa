"""Demo data for requests: train the demo org's router from its history and submit a few
sample requests, so the inbox, the triage queue and the SLA events are not empty."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import select

from dispatch.demo import DEMO_DIR

HISTORY = DEMO_DIR / "requests_history.csv"

# (title, text, days ago submitted, expected in N days, support, attachments, then)
# "then": what happens next in the demo (accept / start / return:DEPT:REASON / None)
SAMPLES: list[tuple[str, str, int, int | None, str, list[str], str | None]] = [
    ("会议室投影仪故障", "三楼大会议室的投影仪连不上笔记本，明天上午有客户来开会，请尽快处理",
     0, 2, "上门检修", [], None),
    ("新品发布会主视觉", "12月新品发布会需要一套主视觉，包括海报、背景板和朋友圈长图",
     0, 10, "出三版方案供选择", ["发布会文案.docx"], "accept"),
    ("展会样机运输", "下周深圳电子展需要把120台样机和两个展架运到会展中心，周四前到",
     1, 4, "安排车辆和搬运", ["物资清单.xlsx"], "start"),
    ("季度渠道返点核算", "Q4 dealer rebates need to be calculated and confirmed before the "
     "year-end closing; please check the accrual amounts", 0, 14, "", [], None),
    ("年会节目排练场地", "年会节目想借个地方排练，顺便问下有没有经费", 0, None, "", [], None),
    ("实习生入职", "两名设计实习生下周一入职，需要办理入职手续并开通邮箱和电脑", 5, 3,
     "入职手续+账号", [], "return:hr:入职手续由人力资源部统一办理，账号我们会配合开通"),
    ("仓库扫码网络", "仓库的扫码枪和无线网络经常掉线，影响当天发货，请尽快排查", 1, 2,
     "", [], None),
    ("客户参观接待", "华东区大客户下周三来公司参观，需要安排接待、讲解和午餐", 0, 8, "",
     [], None),
    ("有事咨询", "想咨询一下这个怎么弄", 0, None, "", [], None),
]


def load_sample() -> str:
    """Train the demo router (when the store has no trained model) and submit the samples
    (once); returns a one-line summary. Safe to run twice."""
    from dispatch.cli.context import db_session
    from dispatch.orgdir.service import current_org
    from dispatch.requests import routing, service
    from dispatch.requests.models import Request
    from dispatch.requests.scheduled import sweep_sla
    from dispatch.settings import get_settings
    from dispatch.users import service as users

    settings = get_settings()
    with db_session() as s:
        org = current_org(db_session=s)
        if org is None:
            return "skipped: no organisation imported"
        added = routing.import_history(db_session=s, org=org,
                                       csv_text=HISTORY.read_text(encoding="utf-8"),
                                       name=str(HISTORY))
        st = routing.status(settings=settings)
        mode = (st.get("model") or {}).get("mode")
        trained = None
        if added or mode != "trained":
            trained = routing.retrain(db_session=s, settings=settings, org=org,
                                      commit=s.commit)
        version = trained["version"] if trained else st["current"]

        requester = users.get_by_name(db_session=s, name="requester")
        admin = users.get_by_name(db_session=s, name="admin")
        if requester is None or admin is None:
            return f"model {version}; no demo users, no sample requests"
        titles = {t for t, *_ in SAMPLES}
        have = set(s.scalars(select(Request.title).where(Request.requester_id == requester.id,
                                                         Request.title.in_(titles))))
        made = [_submit(s, settings, org, requester, admin, sample)
                for sample in SAMPLES if sample[0] not in have]
        breaches = sweep_sla(db_session=s, org=org)
        counts = service.count_by_state(db_session=s)
    states = ", ".join(f"{n} {k}" for k, n in sorted(counts.items()))
    return (f"routing model {version}" + (f" trained on {trained['examples']} examples"
                                          if trained else "")
            + f"; {len(made)} sample requests submitted (now {states}); "
            f"{len(breaches)} SLA breach(es) recorded")


def _submit(s: Any, settings: Any, org: Any, requester: Any, admin: Any,
            sample: tuple[str, str, int, int | None, str, list[str], str | None]) -> int:
    from dispatch.db import utcnow
    from dispatch.requests import flows
    from dispatch.requests.service import RequestIn

    title, text, days_ago, expected_in, support, attachments, then = sample
    now = utcnow() - dt.timedelta(days=days_ago)
    today = now.astimezone(org.tz).date()
    expected = today + dt.timedelta(days=expected_in) if expected_in is not None else None
    req = flows.submit(db_session=s, settings=settings, org=org, user=requester, now=now,
                       data=RequestIn(text=text, title=title, expected_date=expected,
                                      support=support, attachments=attachments))
    if req.state != "routed" or then is None:
        return req.id
    later = now + dt.timedelta(hours=2)
    if then in ("accept", "start"):
        flows.accept(db_session=s, org=org, user=admin, req=req, now=later, note="收到")
        if then == "start":
            flows.start(db_session=s, org=org, user=admin, req=req, now=later)
    elif then.startswith("return:"):
        _, target, reason = then.split(":", 2)
        if req.department != target:
            flows.return_request(db_session=s, settings=settings, org=org, user=admin, req=req,
                                 reason=reason, department=target, now=later)
    return req.id
