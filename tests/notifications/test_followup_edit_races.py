"""Two people edit one follow-up's fields at the same moment, or one edits while another
closes it (issue 16): no edit is lost, no transition is overwritten, and the history agrees
with the row.

A follow-up's fields are edited by ``service.track`` on a follow-up that exists already
(``POST /api/followups`` again for its kind and ref_id, and the domains re-tracking their
own). Before, it read the row and wrote: two planners moving the due date at once both
answered 200 (the later date won, the history named both moves from the same old date and
the version, which the action links and the ICS SEQUENCE carry, rose by one); an edit and a
「已完成」 at once each wrote the history list as they had read it, so one entry was lost.
These tests commit, so each runs on a database of its own.
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from pg_support import (
    app_with_people,
    at_once,
    committed_engines,
    needs_pg,
    read_then_write,
)

PEOPLE = (("coord", "planner", None), ("coord2", "planner", None),
          ("zhoujie", "requester", "zhoujie"))
DUE = dt.date(2030, 6, 3)

engine_ = committed_engines("dispatch_followup_edit_race")
pg_engine = committed_engines("dispatch_followup_edit_race_pg", ["postgresql"])


def _body(ref: str, due: dt.date, **kw) -> dict:
    return {"kind": "custom", "ref_id": ref, "title": "提交预算", "owners": ["zhoujie"],
            "due": due.isoformat(), **kw}


def _tracked(client, h, ref: str) -> dict:
    r = client.post("/api/followups", json=_body(ref, DUE), headers=h["coord"])
    assert r.status_code == 201, r.text
    return r.json()


def _moves(fu: dict) -> list[tuple[str, str]]:
    return [(e["old"], e["new"]) for e in fu["history"] if e["action"] == "rescheduled"]


def test_two_planners_move_one_due_date_at_once(engine_, demo_org, tmp_path) -> None:
    """Both were shown the date of 3 June and move it: one move stands, the other is told
    409 with the date now; the history has one move, from the date that was shown."""
    from fastapi.testclient import TestClient

    app, h = app_with_people(engine_, tmp_path, demo_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        for n in range(3):
            fu = _tracked(client, h, f"race-{n}")
            a, b = at_once([
                lambda r=fu["ref_id"]: client.post("/api/followups", json=_body(
                    r, dt.date(2030, 6, 10), seen={"due": DUE.isoformat()}),
                    headers=h["coord"]),
                lambda r=fu["ref_id"]: client.post("/api/followups", json=_body(
                    r, dt.date(2030, 6, 20), seen={"due": DUE.isoformat()}),
                    headers=h["coord2"])])
            assert sorted([a.status_code, b.status_code]) == [201, 409], (a.text, b.text)
            won, lost = (a, b) if a.status_code == 201 else (b, a)
            now = client.get(f"/api/followups/{fu['id']}", headers=h["coord"]).json()
            assert now["due_date"] == won.json()["due_date"]
            assert lost.json()["error"]["details"]["due_date"] == now["due_date"]
            assert now["due_date"] in lost.json()["error"]["message"]
            assert _moves(now) == [(DUE.isoformat(), now["due_date"])]
            assert now["version"] == fu["version"] + 1


def test_an_edit_shown_an_old_date_is_refused_in_sequence_too(engine_, demo_org,
                                                              tmp_path) -> None:
    """The same, one after the other (SQLite serialises writers, so this is what a stale
    form meets there): the second edit names the date it was shown, and is refused."""
    from fastapi.testclient import TestClient

    app, h = app_with_people(engine_, tmp_path, demo_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        fu = _tracked(client, h, "seq")
        seen = {"due": DUE.isoformat()}
        first = client.post("/api/followups", json=_body("seq", dt.date(2030, 6, 10),
                                                          seen=seen), headers=h["coord"])
        assert first.status_code == 201, first.text
        second = client.post("/api/followups", json=_body("seq", dt.date(2030, 6, 20),
                                                          seen=seen), headers=h["coord2"])
        assert second.status_code == 409, second.text
        assert "2030-06-10" in second.json()["error"]["message"]
        # a title edit shown the old date changes no date: it is not refused
        third = client.post("/api/followups", json=_body(
            "seq", dt.date(2030, 6, 10), title="提交预算（终稿）", seen=seen),
            headers=h["coord2"])
        assert third.status_code == 201, third.text
        now = client.get(f"/api/followups/{fu['id']}", headers=h["coord"]).json()
        assert (now["title"], now["due_date"]) == ("提交预算（终稿）", "2030-06-10")


@needs_pg
def test_pg_two_date_edits_after_both_read(pg_engine, demo_org, tmp_path) -> None:
    """Forced: both edits have read the follow-up before either writes. No ``seen``: what
    the transaction read is what the edit was made against."""
    from fastapi.testclient import TestClient

    from dispatch.db import make_session_factory
    from dispatch.followups import service
    from dispatch.followups.models import FollowUp

    app, h = app_with_people(pg_engine, tmp_path, demo_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        fu = _tracked(client, h, "pg")
    factory = make_session_factory(pg_engine)

    def read(s):
        row = s.get(FollowUp, fu["id"])
        assert row.due_date == DUE
        return row  # held, so the write works on what was read

    def move(day: int):
        def write(s, _):
            service.track(db_session=s, **{**_body("pg", dt.date(2030, 6, day)),
                                           "due": dt.date(2030, 6, day)})
            return day
        return read, write

    results = read_then_write(factory, move(10), move(20))
    won = [r for r in results if isinstance(r, int)]
    assert len(won) == 1, results
    lost = next(r for r in results if not isinstance(r, int))
    with factory() as s:
        row = s.get(FollowUp, fu["id"])
        assert row.due_date == dt.date(2030, 6, won[0])
        assert lost.details["due_date"] == str(row.due_date)
        assert [(e["old"], e["new"]) for e in row.history if e["action"] == "rescheduled"] \
            == [(DUE.isoformat(), row.due_date.isoformat())]
        assert row.version == fu["version"] + 1


@needs_pg
@pytest.mark.parametrize("first", ["edit", "done"])
def test_pg_date_edit_and_done_after_both_read(pg_engine, demo_org, tmp_path, first) -> None:
    """An edit of the date and a 「已完成」, both having read the follow-up open, the one
    named ``first`` writing first (the other waits until it holds the row, then writes): it
    is done, and the history holds every change that was stored. Before, the second writer
    wrote the history list as it had read it: the other's entry was lost (edit first: its
    "rescheduled"; done first: the "done", and a done follow-up got a new date)."""
    from fastapi.testclient import TestClient

    from dispatch.db import make_session_factory
    from dispatch.followups import service
    from dispatch.followups.models import FollowUp

    app, h = app_with_people(pg_engine, tmp_path, demo_org, PEOPLE)
    with TestClient(app, base_url="https://testserver") as client:
        fu = _tracked(client, h, "pg-done")
    factory = make_session_factory(pg_engine)
    wrote = threading.Event()  # the first writer holds the row (its transaction is open)

    def read(s):
        row = s.get(FollowUp, fu["id"])
        assert row.status == "open"
        return row  # held, so the write works on what was read

    def in_turn(me: str, fn):
        def write(s, _):
            if me != first:
                assert wrote.wait(30)
            fn(s)
            if me == first:
                wrote.set()
            return me
        return read, write

    edit = in_turn("edit", lambda s: service.track(db_session=s, **{
        **_body("pg-done", DUE), "due": dt.date(2030, 6, 10)}))
    done = in_turn("done", lambda s: service.complete(db_session=s, followup_id=fu["id"],
                                                      by="zhoujie"))
    assert read_then_write(factory, edit, done) == ["edit", "done"]
    with factory() as s:
        row = s.get(FollowUp, fu["id"])
        acts = [e["action"] for e in row.history]
        assert row.status == "done" and acts.count("done") == 1, acts
        if first == "edit":
            assert row.due_date == dt.date(2030, 6, 10)
            assert acts == ["tracked", "rescheduled", "done"], acts
        else:
            assert row.due_date == DUE
            assert acts == ["tracked", "done"], acts
