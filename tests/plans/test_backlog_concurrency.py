"""Concurrent backlog synchronisation on SQLite and PostgreSQL.

Under load, several planners (and the proposal route) synchronise the backlog at once; each
saw the same new action items and inserted the same work task, and all but one failed with
UniqueViolation uq_work_tasks_source_kind (71 of 236 GET /api/plans/backlog answered 500).
These tests commit, so each runs on its own fresh database, not the shared test one.
"""

from __future__ import annotations

import datetime as dt
import os
import threading
from collections.abc import Callable, Iterator

import pytest
from pg_support import fresh_pg
from sqlalchemy import Engine, delete, func, select
from sqlalchemy.orm import sessionmaker

PG_URL = os.environ.get("TEST_DATABASE_URL", "").strip()
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
THREADS = 8


@pytest.fixture(params=BACKENDS)
def own_engine(request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:
    from dispatch.db import make_engine, upgrade

    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'backlog.sqlite3'}"
    else:
        url = fresh_pg(PG_URL, f"dispatch_backlog_{os.getpid()}")
    eng = make_engine(url, **({} if request.param == "sqlite" else {"pool_size": THREADS + 2}))
    upgrade(eng)
    yield eng
    eng.dispose()


def _at_once(work: Callable[[threading.Barrier], None], n: int, timeout: float) -> None:
    """Run ``work`` in ``n`` threads that share a barrier (each waits on it where its race
    begins) and fail with every exception any of them raised: each failure is the finding."""
    start = threading.Barrier(n)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            work(start)
        except BaseException as e:  # noqa: BLE001 - every failure is the finding
            errors.append(e)

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    assert not errors, [repr(e)[:300] for e in errors]


def _seed(factory: sessionmaker, demo_org) -> None:
    """The demo org, a confirmed meeting with 30 open items, 10 accepted requests."""
    from dispatch.db import session_scope
    from dispatch.minutes.models import ActionItemRow, Meeting
    from dispatch.orgdir.service import import_org
    from dispatch.requests.models import Request
    from dispatch.users import service as users

    with session_scope(factory) as s:
        import_org(db_session=s, org=demo_org, source="test")
        asker = users.create(db_session=s, name="asker", role="requester")
        m = Meeting(title="周会", filename="m.md", format="md", attendees=[], lines=[],
                    status="confirmed")
        s.add(m)
        for i in range(30):
            s.add(ActionItemRow(meeting=m, task=f"事项 {i}", owners=["hexin"],
                                owner_names=["何欣"], due=dt.date(2026, 12, 20), status="open"))
        for i in range(10):
            s.add(Request(title=f"请求 {i}", text="需要设计支持", state="accepted",
                          requester_id=asker.id,
                          department="design"))


def test_load_backlog_sync_concurrent_inserts_each_task_once(own_engine, demo_org) -> None:
    """THREADS transactions synchronise the same new work at once: none fails, one task each."""
    from dispatch.db import session_scope, writing
    from dispatch.plans import service
    from dispatch.plans.models import WorkTask

    factory = sessionmaker(bind=own_engine, expire_on_commit=False)
    _seed(factory, demo_org)
    with session_scope(factory) as s:
        # once register_all() has run in this process, every flush of the seed's items and
        # requests brought their tasks in step; start from a backlog out of step, as a
        # database written before that listener (or by another program) would be
        s.execute(delete(WorkTask))
    added: list[int] = []

    def run(start: threading.Barrier) -> None:
        start.wait()
        # a sync runs only in writing transactions now (a proposal, POST .../sync, the
        # worker's sweep), which begin IMMEDIATE on SQLite
        with writing(), session_scope(factory) as s:
            added.append(service.sync_backlog(db_session=s, org=demo_org)["added"])

    _at_once(run, THREADS, timeout=120)
    with session_scope(factory) as s:
        n = s.scalar(select(func.count()).select_from(WorkTask))
        keys = s.execute(select(WorkTask.source_kind, WorkTask.source_id)).all()
    assert n == 40 and len(set(keys)) == 40
    assert sum(added) == 40  # each task counted as added by exactly one of the syncs


def test_load_concurrent_proposals_each_get_a_version(own_engine, demo_org) -> None:
    """Planners proposing at once: each proposal is stored under its own version number.

    The version was read (max + 1) before the solver ran for seconds and inserted after it,
    so under load two planners took the same number: 27 of 55 POST /api/plans/proposals and
    21 of 40 revisions answered 500 (UniqueViolation uq_proposals_version) in
    benchmarks/load_pg.py with 50 users."""
    from dispatch.db import session_scope, writing
    from dispatch.plans import service
    from dispatch.plans.models import Proposal

    factory = sessionmaker(bind=own_engine, expire_on_commit=False)
    _seed(factory, demo_org)
    with writing(), session_scope(factory) as s:  # in step already, as under load
        service.sync_backlog(db_session=s, org=demo_org)
    n = 4

    def run(start: threading.Barrier) -> None:
        with writing(), session_scope(factory) as s:
            start.wait(30)
            service.propose(db_session=s, org=demo_org, start=dt.date(2026, 12, 14),
                            horizon_days=5, time_limit=2.0)

    _at_once(run, n, timeout=180)
    with session_scope(factory) as s:
        versions = sorted(s.scalars(select(Proposal.version)))
    assert versions == [1, 2, 3, 4]


def test_load_two_workers_build_proposals_from_an_out_of_step_backlog_at_once(
        own_engine, demo_org) -> None:
    """A proposal's job reads the backlog in the worker now (issue 16: the POST no longer
    does): two workers taking two such jobs at once, with the backlog out of step, both
    finish, each proposal gets its own version and each task is in the backlog once."""
    from dispatch.db import session_scope
    from dispatch.jobs.models import Job
    from dispatch.jobs.service import run_next
    from dispatch.plans import service
    from dispatch.plans.models import Proposal, WorkTask

    factory = sessionmaker(bind=own_engine, expire_on_commit=False)
    _seed(factory, demo_org)
    with session_scope(factory) as s:
        s.execute(delete(WorkTask))  # out of step, as in the test above
        for _ in range(2):
            service.request_proposal(db_session=s, org=demo_org, start=dt.date(2026, 12, 14),
                                     horizon_days=5, time_limit=2.0)
    def run(start: threading.Barrier) -> None:
        start.wait(30)
        run_next(factory)

    _at_once(run, 2, timeout=180)
    with session_scope(factory) as s:
        jobs = list(s.scalars(select(Job).order_by(Job.id)))
        assert [(j.status, j.error) for j in jobs] == [("done", None), ("done", None)]
        assert sorted(s.scalars(select(Proposal.version))) == [1, 2]
        keys = s.execute(select(WorkTask.source_kind, WorkTask.source_id)).all()
    assert len(keys) == 40 and len(set(keys)) == 40
    for p in (jobs[0].result["proposal_id"], jobs[1].result["proposal_id"]):
        with session_scope(factory) as s:
            assert len(s.get(Proposal, p).request["tasks"]) == 40
