"""Two people act on one action item at the same moment (issue 16): done twice, or a head's
approval of a new date against a decline. Exactly one changes it; the other is refused (or,
for a repeated 「已完成」 on the reminder, answered as a repeat), and the item's history and
its follow-up's agree. Before, each read the item (or its follow-up) and wrote: on
PostgreSQL both "done"s were stored as two status changes, and an approve and a decline of
the same date both landed. These tests commit, so each runs on a database of its own.
"""

from __future__ import annotations

import threading

from pg_support import (
    app_with_people,
    at_once,
    committed_engines,
    needs_pg,
    read_then_write,
)
from sqlalchemy import select

from dispatch.demo import DEMO_DIR

PEOPLE = (("zhang", "requester", "zhangsan"), ("zhoujie", "requester", "zhoujie"),
          ("coord", "planner", None))
SAMPLE = DEMO_DIR / "minutes_launch_review.md"

engine_ = committed_engines("dispatch_item_race")
pg_engine = committed_engines("dispatch_item_race_pg", ["postgresql"])


def _open_items(client, h) -> list[dict]:
    """zhoujie's open items of a confirmed meeting."""
    r = client.post("/api/minutes", files={"file": (SAMPLE.name, SAMPLE.read_bytes())},
                    headers=h["zhang"])
    assert r.status_code == 201, r.text
    m = r.json()
    r = client.post(f"/api/minutes/{m['id']}/confirm", headers=h["zhang"])
    assert r.status_code == 200, r.text
    mine = [i for i in client.get("/api/minutes/items?owner=me", headers=h["zhoujie"]).json()
            if i["status"] == "open"]
    assert mine
    return mine


def _status_events(engine, item_id: int) -> list[list[str]]:
    from dispatch.db import make_session_factory
    from dispatch.minutes.models import ItemEvent

    with make_session_factory(engine)() as s:
        return [e.changes["status"] for e in s.scalars(
            select(ItemEvent).where(ItemEvent.item_id == item_id,
                                          ItemEvent.action == "status"))]


def test_load_item_done_and_cancelled_at_once(engine_, demo_org, tmp_path) -> None:
    from fastapi.testclient import TestClient

    app, h = app_with_people(engine_, tmp_path, demo_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        item = _open_items(client, h)[0]
        url = f"/api/minutes/items/{item['id']}/status"
        a, b = at_once([
            lambda: client.post(url, json={"status": "done"}, headers=h["zhoujie"]),
            lambda: client.post(url, json={"status": "cancelled"}, headers=h["zhang"])])
        assert sorted([a.status_code, b.status_code]) == [200, 409], (a.text, b.text)
        won = "done" if a.status_code == 200 else "cancelled"
        assert _status_events(engine_, item["id"]) == [["open", won]]


@needs_pg
def test_load_pg_item_done_twice_after_both_read_open(pg_engine, demo_org, tmp_path) -> None:
    """Forced: both transactions read the item open before either writes."""
    from fastapi.testclient import TestClient

    from dispatch.db import make_session_factory
    from dispatch.minutes import flows
    from dispatch.minutes.models import ActionItemRow
    from dispatch.orgdir.service import current_org
    from dispatch.users import service as users

    app, h = app_with_people(pg_engine, tmp_path, demo_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        iid = _open_items(client, h)[0]["id"]

    def read(s):
        item = s.get(ActionItemRow, iid)
        assert item.status == "open"
        return item

    def done(who: str):
        def write(s, item):
            flows.set_status(db_session=s, org=current_org(db_session=s), item=item,
                             status="done", actor=users.get_by_name(db_session=s, name=who))
            return "ok"
        return read, write

    results = read_then_write(make_session_factory(pg_engine), done("zhoujie"), done("zhang"))
    assert sorted(r if r == "ok" else f"409 {r.details['state']}" for r in results) == \
        ["409 done", "ok"]
    assert _status_events(pg_engine, iid) == [["open", "done"]]


@needs_pg
def test_load_pg_new_date_approved_and_declined_at_once(pg_engine, demo_org, tmp_path) -> None:
    """The owner asked for a new date; a planner approves while another declines, both
    having read the request: one decision stands, the item and its follow-up agree."""
    from fastapi.testclient import TestClient

    from dispatch.db import make_session_factory
    from dispatch.followups import service as followups
    from dispatch.followups.models import FollowUp
    from dispatch.minutes.models import ActionItemRow

    app, h = app_with_people(pg_engine, tmp_path, demo_org, PEOPLE)
    factory = make_session_factory(pg_engine)
    with TestClient(app, base_url="https://testserver") as client:
        item = next(i for i in _open_items(client, h) if i["due"])
        with factory() as s:
            fid = s.scalar(select(FollowUp.id).where(FollowUp.kind == "action_item",
                                                     FollowUp.ref_id == str(item["id"])))
            old_due = s.get(FollowUp, fid).due_date
        new = old_due.replace(day=28) if old_due.day < 28 else old_due.replace(
            month=old_due.month % 12 + 1, day=1)
        r = client.post(f"/api/followups/{fid}/request-date",
                        json={"due": new.isoformat()}, headers=h["zhoujie"])
        assert r.status_code == 200, r.text

    def read(s):
        fu = s.get(FollowUp, fid)
        assert fu.requested_due == new
        return fu

    def approve(s, fu):
        followups.reschedule(db_session=s, followup_id=fid, due=fu.requested_due, by="coord")
        return "approve"

    def decline(s, fu):
        followups.decline_request(db_session=s, followup_id=fid, by="coord2")
        return "decline"

    results = [r if isinstance(r, str) else f"409 {r.details['state']}"
               for r in read_then_write(factory, (read, approve), (read, decline))]
    assert "409 open" in results, results
    won = next(r for r in results if not r.startswith("409"))
    with factory() as s:
        fu = s.get(FollowUp, fid)
        acts = [e["action"] for e in fu.history]
        assert acts.count("rescheduled") + acts.count("new_date_declined") == 1, acts
        assert fu.requested_due is None
        due = s.get(ActionItemRow, item["id"]).due
        if won == "approve":
            assert (fu.due_date, due) == (new, new)
        else:
            assert (fu.due_date, due) == (old_due, old_due)


# ------------------------------------------------ field edits (PATCH /api/minutes/items/{id})
# Before, an edit read the item and wrote: two people moving one date at once both answered
# 200 and the history showed two moves from the same old date; an edit of a draft item a
# colleague deleted meanwhile was stored on the deleted item.


def _edits(engine, item_id: int) -> list[dict]:
    from dispatch.db import make_session_factory
    from dispatch.minutes.models import ItemEvent

    with make_session_factory(engine)() as s:
        return [e.changes for e in s.scalars(
            select(ItemEvent).where(ItemEvent.item_id == item_id, ItemEvent.action == "edited")
            .order_by(ItemEvent.id))]


def test_load_two_edits_of_one_due_date_at_once(engine_, demo_org, tmp_path) -> None:
    """Both were shown the item's date (``seen``): one move stands, the other is told 409
    with the date now; the history has one move, from the date that was shown."""
    from fastapi.testclient import TestClient

    app, h = app_with_people(engine_, tmp_path, demo_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        for item in [i for i in _open_items(client, h) if i["due"]][:3]:
            url = f"/api/minutes/items/{item['id']}"
            seen = {"due": item["due"]}
            a, b = at_once([
                lambda u=url, s=seen: client.patch(u, json={"due": "2030-06-10", "seen": s},
                                                   headers=h["zhang"]),
                lambda u=url, s=seen: client.patch(u, json={"due": "2030-06-20", "seen": s},
                                                   headers=h["coord"])])
            assert sorted([a.status_code, b.status_code]) == [200, 409], (a.text, b.text)
            won, lost = (a, b) if a.status_code == 200 else (b, a)
            now = client.get(url, headers=h["zhang"]).json()
            assert now["due"] == won.json()["due"]
            assert lost.json()["error"]["details"]["changed"] == {"due": now["due"]}
            assert now["due"] in lost.json()["error"]["message"]
            assert _edits(engine_, item["id"]) == [{"due": [item["due"], now["due"]]}]


def test_an_item_edit_shown_old_values_is_refused_in_sequence_too(engine_, demo_org,
                                                                  tmp_path) -> None:
    """One after the other (what a stale form meets on SQLite, whose writers queue): the
    second edit was shown the old task text and is refused; one shown nothing (no
    ``seen``) is applied as before, and so is a field nobody else changed."""
    from fastapi.testclient import TestClient

    app, h = app_with_people(engine_, tmp_path, demo_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        item = _open_items(client, h)[0]
        url = f"/api/minutes/items/{item['id']}"
        seen = {"task": item["task"], "priority": item["priority"]}
        r = client.patch(url, json={"task": "改：" + item["task"], "seen": seen},
                         headers=h["zhang"])
        assert r.status_code == 200, r.text
        r = client.patch(url, json={"task": "另改：" + item["task"], "seen": seen},
                         headers=h["coord"])
        assert r.status_code == 409, r.text
        assert r.json()["error"]["details"]["changed"] == {"task": "改：" + item["task"]}
        r = client.patch(url, json={"priority": "high", "seen": seen}, headers=h["coord"])
        assert r.status_code == 200, r.text
        r = client.patch(url, json={"task": "三改"}, headers=h["coord"])
        assert r.status_code == 200, r.text
        assert client.get(url, headers=h["zhang"]).json()["task"] == "三改"


@needs_pg
def test_load_pg_two_task_edits_after_both_read(pg_engine, demo_org, tmp_path) -> None:
    """Forced: both edits have read the item before either writes; no ``seen``: what the
    transaction read is what the edit was made against."""
    from fastapi.testclient import TestClient

    from dispatch.db import make_session_factory
    from dispatch.minutes import service
    from dispatch.minutes.models import ActionItemRow
    from dispatch.orgdir.service import current_org

    app, h = app_with_people(pg_engine, tmp_path, demo_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        item = _open_items(client, h)[0]

    def read(s):
        row = s.get(ActionItemRow, item["id"])
        assert row.task == item["task"]
        return row

    def edit(text: str):
        def write(s, row):
            service.edit_item(db_session=s, org=current_org(db_session=s), item=row,
                              fields={"task": text}, actor=None)
            return text
        return read, write

    results = read_then_write(make_session_factory(pg_engine), edit("甲"), edit("乙"))
    won = [r for r in results if isinstance(r, str)]
    assert len(won) == 1, results
    lost = next(r for r in results if not isinstance(r, str))
    assert lost.details["changed"] == {"task": won[0]}
    assert _edits(pg_engine, item["id"]) == [{"task": [item["task"], won[0]]}]


@needs_pg
def test_load_pg_edit_and_delete_of_a_draft_item_after_both_read(pg_engine, demo_org,
                                                                 tmp_path) -> None:
    """The uploader deletes a draft item while a planner edits it, both having read it as a
    draft: deleted, and the edit is refused, not stored on the deleted item."""
    from fastapi.testclient import TestClient

    from dispatch.db import make_session_factory
    from dispatch.minutes import service
    from dispatch.minutes.models import ActionItemRow
    from dispatch.orgdir.service import current_org

    app, h = app_with_people(pg_engine, tmp_path, demo_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        r = client.post("/api/minutes", files={"file": (SAMPLE.name, SAMPLE.read_bytes())},
                        headers=h["zhang"])
        assert r.status_code == 201, r.text
        item = r.json()["action_items"][0]
    deleted = threading.Event()

    def read(s):
        row = s.get(ActionItemRow, item["id"])
        assert row.status == "draft"
        return row

    def delete(s, row):
        service.delete_item(db_session=s, item=row, actor=None)
        s.flush()
        deleted.set()  # the delete holds the row until it commits
        return "deleted"

    def edit(s, row):
        assert deleted.wait(30)
        service.edit_item(db_session=s, org=current_org(db_session=s), item=row,
                          fields={"task": "改过的"}, actor=None)
        return "edited"

    results = read_then_write(make_session_factory(pg_engine), (read, delete), (read, edit))
    assert results[0] == "deleted"
    assert "deleted" in str(results[1]), results
    assert _edits(pg_engine, item["id"]) == []
    with make_session_factory(pg_engine)() as s:
        row = s.get(ActionItemRow, item["id"])
        assert (row.status, row.task) == ("deleted", item["task"])


@needs_pg
def test_load_pg_item_date_edit_and_approval_at_once_do_not_deadlock(pg_engine, demo_org,
                                                                     tmp_path) -> None:
    """A planner moves an open item's date (the edit locks the item, then its follow-up)
    while the head approves the owner's asked date (which set the item's date after
    claiming the follow-up): the edit holds the item and the approval waits for it. One
    date stands in both places; the approval, made against the follow-up as it was, is
    refused. Before, the approval held the follow-up while waiting for the item, the edit
    then waited for the follow-up, and PostgreSQL aborted one of them as a deadlock (a 500)."""
    import datetime as dt

    from fastapi.testclient import TestClient
    from sqlalchemy import text

    from dispatch.db import lock_row, make_session_factory
    from dispatch.followups import service as followups
    from dispatch.followups.models import FollowUp
    from dispatch.minutes import flows
    from dispatch.minutes.models import ActionItemRow
    from dispatch.orgdir.service import current_org

    app, h = app_with_people(pg_engine, tmp_path, demo_org, PEOPLE)
    factory = make_session_factory(pg_engine)
    with TestClient(app, base_url="https://testserver") as client:
        item = next(i for i in _open_items(client, h) if i["due"])
        with factory() as s:
            fid = s.scalar(select(FollowUp.id).where(FollowUp.kind == "action_item",
                                                     FollowUp.ref_id == str(item["id"])))
        asked = dt.date.fromisoformat(item["due"]) + dt.timedelta(days=7)
        r = client.post(f"/api/followups/{fid}/request-date", json={"due": asked.isoformat()},
                        headers=h["zhoujie"])
        assert r.status_code == 200, r.text
    moved = asked + dt.timedelta(days=7)
    holds = threading.Event()

    def read(s):
        return s.get(ActionItemRow, item["id"]), s.get(FollowUp, fid)

    def edit(s, seen):
        row, _ = seen
        lock_row(s, row)  # the edit's first lock, taken before the approval starts
        holds.set()
        with pg_engine.connect() as watch:  # until the approval waits for a lock
            for _ in range(300):
                if watch.scalar(text("SELECT count(*) FROM pg_stat_activity WHERE "
                                     "wait_event_type = 'Lock' AND datname = "
                                     "current_database()")):
                    break
                threading.Event().wait(0.1)
            else:
                raise AssertionError("the approval never waited for the item")
        flows.edit_item(db_session=s, org=current_org(db_session=s), item=row,
                        fields={"due": moved}, actor=None)
        return "edited"

    def approve(s, seen):
        assert holds.wait(30)
        followups.reschedule(db_session=s, followup_id=fid, due=asked, by="coord")
        s.flush()
        return "approved"

    results = read_then_write(factory, (read, edit), (read, approve))
    assert results[0] == "edited", results
    assert "changed meanwhile" in str(results[1]), results
    with factory() as s:
        fu = s.get(FollowUp, fid)
        assert s.get(ActionItemRow, item["id"]).due == fu.due_date == moved
