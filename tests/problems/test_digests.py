"""The daily digest of open problems (12:00, to each lead department) and the weekly 周进展
(Friday 15:00, to each collaboration's participants) on a frozen clock across National Day
2026 and its make-up Saturday; each digest written once however often the sweep runs, and
once when a run dies half-way."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from dispatch.notifications.models import Notification
from dispatch.problems import flows, scheduled
from dispatch.problems.models import ProblemDigest
from dispatch.problems.service import ProblemIn
from tests.collab.conftest import launch

TZ = ZoneInfo("Asia/Shanghai")


def at(mo: int, d: int, h: int = 12, mi: int = 0) -> dt.datetime:
    return dt.datetime(2026, mo, d, h, mi, tzinfo=TZ)


def _raise(db, settings, org, user, c_id, desc, sev, now, **kw):
    return flows.raise_problem(db_session=db, settings=settings, org=org, user=user, now=now,
                               data=ProblemIn(target_kind="collab", target_id=c_id,
                                              description=desc, severity=sev, **kw))


@pytest.fixture
def logged(db, client, people, collab, problem_org, settings):
    """Two collaborations (design leads one, logistics the other) with three problems
    raised on Monday 28 September; one of them is resolved on 8 October."""
    body = launch(problem_org.today(), title="仓库盘点系统上线",
                  parts=[{"department": "物流部", "text": "物流部盘点", "role": "lead"},
                         {"department": "IT", "text": "IT部署扫码枪"}])
    other = client.post("/api/collab", json=body, headers=people["zhang"][1]).json()
    user = people["wanggang"][0]
    a = _raise(db, settings, problem_org, user, collab["id"], "展台尺寸图晚交", "high",
               at(9, 28, 10), departments=["design", "logistics"])
    b = _raise(db, settings, problem_org, user, collab["id"], "海报印刷厂排期冲突", "low",
               at(9, 28, 11), departments=["design"])
    c = _raise(db, settings, problem_org, user, other["id"], "扫码枪数量不够", "medium",
               at(9, 28, 11), departments=["it", "logistics"], responsible_department="it")
    db.flush()
    return {"collab": collab, "other": other, "problems": (a, b, c)}


def _digests(db) -> list[str]:
    return sorted(db.scalars(select(ProblemDigest.key)))


def test_daily_digest_on_working_days_only(db, logged, people, problem_org) -> None:
    send = scheduled.send_digests
    assert send(db_session=db, now=at(9, 30, 11, 59)) == 0  # before 12:00
    assert send(db_session=db, now=at(9, 30)) == 2
    assert send(db_session=db, now=at(9, 30, 17)) == 0  # twice the same day: nothing
    assert _digests(db) == ["problems:daily:design:2026-09-30",
                            "problems:daily:logistics:2026-09-30"]
    rows = db.scalars(select(Notification).where(
        Notification.event == "problems.daily_digest")).all()
    design = next(n for n in rows if n.payload["department"] == "design")
    assert design.subject == "【问题日报】设计部 09月30日：2 个未解决问题"
    assert design.recipients == ["xuli"]  # the lead's 协作接口人, on its bot
    lines = design.body.splitlines()
    assert lines[0].startswith("1. [高]") and "展台尺寸图晚交" in lines[0]
    assert lines[1].startswith("2. [低]")
    assert "已逾期" in lines[0]  # high: due 29 September
    # the problem on the logistics-led collaboration goes to logistics, the lead
    logistics = next(n for n in rows if n.payload["department"] == "logistics")
    assert "扫码枪数量不够" in logistics.body
    # National Day: nothing, whatever the hour
    for day in range(1, 8):
        for hour in (12, 15, 18):
            assert send(db_session=db, now=at(10, day, hour)) == 0
    # back at work on the 8th; one problem resolved that morning leaves the digest
    a = logged["problems"][0]
    flows.act(db_session=db, org=problem_org, user=people["xuli"][0], p=a,
              action="resolve", note="外形尺寸已给", now=at(10, 8, 9))
    assert send(db_session=db, now=at(10, 8)) == 2
    n = db.scalars(select(Notification).where(
        Notification.dedupe.like("problems:daily:design:2026-10-08%"))).one()
    assert n.subject.endswith("1 个未解决问题") and "展台尺寸图" not in n.body
    # the make-up Saturday is a working day; Sunday the 11th is not
    assert send(db_session=db, now=at(10, 10)) == 2
    assert send(db_session=db, now=at(10, 11)) == 0
    days = sorted({k.rsplit(":", 1)[1] for k in _digests(db)})
    assert days == ["2026-09-30", "2026-10-08", "2026-10-10"]


def test_weekly_progress_on_friday_afternoon(db, logged, people, problem_org) -> None:
    send = scheduled.send_digests
    a = logged["problems"][0]
    flows.act(db_session=db, org=problem_org, user=people["xuli"][0], p=a,
              action="resolve", note="外形尺寸已给", now=at(10, 8, 9))
    # Friday 2 October is National Day: no 周进展
    assert send(db_session=db, now=at(10, 2, 15)) == 0
    assert send(db_session=db, now=at(10, 9, 12)) == 2  # the dailies only
    assert send(db_session=db, now=at(10, 9, 14, 59)) == 0
    assert send(db_session=db, now=at(10, 9, 15)) == 2  # one per collaboration
    assert send(db_session=db, now=at(10, 9, 16)) == 0
    weekly = db.scalars(select(Notification).where(
        Notification.event == "problems.weekly_digest",
        Notification.payload["collaboration_id"].as_integer() == logged["collab"]["id"])
    ).all()
    assert weekly, "no 周进展 for the launch"
    people_told = sorted({r for n in weekly for r in n.recipients})
    assert people_told == ["mayun", "wanggang", "xuli", "zhangsan"]  # liaisons + requester
    w = weekly[0]
    assert w.subject == "【周进展】新品发布会（10-05–10-09）"
    assert w.body.splitlines()[0] == "部分完成：0/2（无）"
    assert "本周新增问题：0，本周解决/关闭：1，仍未解决：1" in w.body
    assert w.payload["closed"] == 1 and w.payload["opened"] == 0
    # the make-up Saturday gets its daily digest, not a second 周进展
    assert send(db_session=db, now=at(10, 10, 15)) == 2
    # the keys as strings on both sides: ids 9 and 10 sort "10" first (PostgreSQL's ids
    # depend on the tests run before in the same database)
    assert sorted(k for k in _digests(db) if ":weekly:" in k) == sorted([
        f"problems:weekly:{logged['collab']['id']}:2026-10-09",
        f"problems:weekly:{logged['other']['id']}:2026-10-09"])


def test_a_run_that_dies_half_way_is_finished_by_the_next(tmp_path, monkeypatch) -> None:
    """Each digest commits on its own: a run killed after the first digest leaves that one
    written (once) and the next run writes the others."""
    from dispatch.db import make_engine, make_session_factory, session_scope, upgrade
    from dispatch.demo import DEMO_ORG
    from models.org import load_org

    engine = make_engine(f"sqlite:///{tmp_path / 'digest.sqlite3'}")
    upgrade(engine)
    factory = make_session_factory(engine)
    seed(factory, load_org(DEMO_ORG), tmp_path)
    real = scheduled.enqueue
    calls = {"n": 0}

    def dies_on_second(**kw):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt("killed")  # not an Exception: nothing catches it
        return real(**kw)

    monkeypatch.setattr(scheduled, "enqueue", dies_on_second)
    with pytest.raises(KeyboardInterrupt):
        scheduled.digest_sweep(factory, at(10, 9, 15))
    with session_scope(factory) as s:
        assert len(s.scalars(select(ProblemDigest)).all()) == 1
    monkeypatch.setattr(scheduled, "enqueue", real)
    for _ in range(2):
        scheduled.digest_sweep(factory, at(10, 9, 15))
    with session_scope(factory) as s:
        keys = list(s.scalars(select(ProblemDigest.key)))
        dedupes = [n.dedupe.split("|")[0] for n in s.scalars(select(Notification).where(
            Notification.event.like("problems.%_digest")))]
    assert len(keys) == len(set(keys)) == 7 + 7  # a daily per lead, a 周进展 per project
    assert sorted(set(dedupes)) == sorted(keys)
    engine.dispose()


LEADS = ("mkt", "design", "logistics", "it", "hr", "fin", "sales")


def seed(factory, org, tmp_path) -> None:
    """Seven collaborations, each led by another department, each with an open problem
    raised before National Day."""
    from dispatch.collab import flows as collab
    from dispatch.collab.service import CollabIn, PartIn
    from dispatch.orgdir.service import import_org
    from dispatch.settings import Settings
    from dispatch.users import service as users

    settings = Settings(env="test", data_dir=tmp_path, secret_key="digest-secret-0123456789")
    with factory() as s:
        import_org(db_session=s, org=org, source="test")
        user = users.create(db_session=s, name="zs", role="requester", staff_id="zhangsan")
        admin = users.create(db_session=s, name="boss", role="admin")
        for i, lead in enumerate(LEADS):
            other = LEADS[(i + 1) % len(LEADS)]
            c = collab.start(db_session=s, settings=settings, org=org, user=user,
                             now=at(9, 21, 10), data=CollabIn(
                                 title=f"项目{i + 1}", parts=[PartIn(lead, "牵头", "lead"),
                                                             PartIn(other, "配合")]))
            flows.raise_problem(db_session=s, settings=settings, org=org, user=admin,
                                now=at(9, 28, 10), data=ProblemIn(
                                    target_kind="collab", target_id=c.id,
                                    description=f"问题{i + 1}", severity="medium",
                                    departments=[lead, other]))
        s.commit()
