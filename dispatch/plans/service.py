"""The planner's workflow: keep the backlog in step with its sources, propose, revise,
compare, approve.

Proposals are immutable once made: a planner action (pin, move, exclude, change a
deadline) makes a new draft version from its parent and re-solves it, so every version
can be compared with any other and nothing a planner saw is overwritten. A *pin* is hard
(the task goes to that person, or the proposal lists it unassigned with the reason); a
*move* is a preference the solver weighs against everything else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, func, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dispatch.db import utcnow
from dispatch.errors import Conflict, Forbidden, InvalidInput, NotFound
from dispatch.input_refusals import plan_refusal
from dispatch.plans.models import Proposal, WorkItem, WorkTask
from dispatch.users.models import User
from models.org import Org
from models.plan import PlanInputError, PlanRequest, check_effort, parse_plan_request

DEFAULT_REQUEST_EFFORT_H = 8.0
ACTIONS = ("pin", "unpin", "move", "exclude", "include", "deadline")


def task_key(task: WorkTask) -> str:
    return f"W{task.id}"


def _item_fields(item: Any, org: Org) -> dict[str, Any]:
    """What an open action item asks of the backlog (every field follows the item)."""
    from dispatch.minutes.service import planned_effort, planned_priority

    owners = [o for o in item.owners or [] if org.has_person(o)]
    dept = item.department if item.department and org.has_department(item.department) else (
        org.person(owners[0]).department if owners else None)
    return {"title": item.task, "department": dept, "skills": [],
            "effort_hours": planned_effort(item), "due": item.due,
            "priority": planned_priority(item),
            "assignee": owners[0] if len(owners) == 1 else None}


def _request_fields(req: Any, org: Org) -> dict[str, Any]:
    """What an accepted request asks of the backlog: effort, priority and pins are the
    planner's to change, so only title, department and due follow the request."""
    dept = req.department if org.has_department(req.department) else None
    return {"title": req.title, "department": dept, "due": req.expected_date}


REQUEST_NEW = {"skills": [], "effort_hours": DEFAULT_REQUEST_EFFORT_H, "priority": 3}
LIVE_REQUEST_STATES = ("accepted", "in_progress")
ITEM_STATES = ("open", "done", "cancelled")


def _put(db_session: Session, kind: str, sid: str, fields: dict[str, Any],
         new_only: dict[str, Any] | None = None) -> int:
    """The open task of source (kind, sid) with ``fields``: inserted (1) or updated (0)."""
    if _insert_once(db_session, source_kind=kind, source_id=sid, borrowable=False,
                    **fields, **(new_only or {})):
        return 1
    t = WorkTask.__table__
    db_session.connection().execute(
        update(t).where(t.c.source_kind == kind, t.c.source_id == sid)
        .values(status="open", **fields))
    return 0


def _close(db_session: Session, kind: str, sid: str, status: str) -> int:
    """Close the open task of source (kind, sid), if any: 1 if one was open."""
    t = WorkTask.__table__
    r = db_session.connection().execute(
        update(t).where(t.c.source_kind == kind, t.c.source_id == sid, t.c.status == "open")
        .values(status=status))
    return int(r.rowcount or 0)


def sync_item(db_session: Session, org: Org, item: Any) -> tuple[int, int]:
    """Bring one action item's task in step with it: (added, closed)."""
    if item.status == "open":
        return _put(db_session, "action_item", str(item.id), _item_fields(item, org)), 0
    if item.status in ITEM_STATES:
        return 0, _close(db_session, "action_item", str(item.id), item.status)
    return 0, 0


def sync_request(db_session: Session, org: Org, req: Any) -> tuple[int, int]:
    """Bring one request's task in step with it: work while a department has accepted it."""
    if req.state in LIVE_REQUEST_STATES and req.department is not None:
        return _put(db_session, "request", str(req.id), _request_fields(req, org),
                    REQUEST_NEW), 0
    return 0, _close(db_session, "request", str(req.id),
                     "done" if req.state == "done" else "cancelled")


def _expire_tasks(db_session: Session) -> None:
    """Work tasks loaded in this session may be stale after the Core statements above."""
    for obj in list(db_session.identity_map.values()):
        if isinstance(obj, WorkTask):
            db_session.expire(obj)


def sync_backlog(*, db_session: Session, org: Org) -> dict[str, int]:
    """Bring every open action item and accepted request into the backlog, and close the
    tasks whose source is finished.

    The backlog follows its sources on every flush that changes one
    (:func:`keep_backlog_in_step`); this full pass is for what that cannot see (an org
    import that drops a department, rows written outside the ORM) and runs on writes
    only: a proposal, ``POST /api/plans/backlog/sync`` and the worker's ``plans.backlog``
    sweep. Pages and GETs never call it (issue 16: no GET writes).
    """
    from dispatch.minutes.models import ActionItemRow
    from dispatch.requests.models import Request

    db_session.flush()
    t = WorkTask.__table__
    existing = {(r.source_kind, r.source_id): r for r in db_session.connection().execute(
        select(t).where(t.c.source_kind.in_(("action_item", "request"))))}
    added = closed = 0
    for item in db_session.scalars(select(ActionItemRow).where(
            ActionItemRow.status.in_(ITEM_STATES))):
        row = existing.get(("action_item", str(item.id)))
        if item.status != "open":
            if row is not None and row.status == "open":
                closed += _close(db_session, "action_item", str(item.id), item.status)
            continue
        fields = _item_fields(item, org)
        if row is None or row.status != "open" or any(
                getattr(row, k) != v for k, v in fields.items()):
            added += _put(db_session, "action_item", str(item.id), fields)
    tracked = [int(k[1]) for k, r in existing.items() if k[0] == "request" and r.status == "open"]
    for req in db_session.scalars(select(Request).where(
            Request.state.in_(LIVE_REQUEST_STATES) | Request.id.in_(tracked))):
        row = existing.get(("request", str(req.id)))
        if req.state in LIVE_REQUEST_STATES and req.department is not None:
            fields = _request_fields(req, org)
            if row is None or row.status != "open" or any(
                    getattr(row, k) != v for k, v in fields.items()):
                added += _put(db_session, "request", str(req.id), fields, REQUEST_NEW)
        elif row is not None and row.status == "open":
            closed += sync_request(db_session, org, req)[1]
    _expire_tasks(db_session)
    return {"added": added, "closed": closed}


def _collect_sources(session: Session, _ctx: Any) -> None:
    from dispatch.minutes.models import ActionItemRow
    from dispatch.requests.models import Request

    seen = [o for o in (*session.new, *session.dirty) if isinstance(o, ActionItemRow | Request)]
    if seen:
        session.info.setdefault("backlog_sources", []).extend(seen)


def _sync_sources(session: Session, _ctx: Any) -> None:
    from dispatch.minutes.models import ActionItemRow
    from dispatch.orgdir.service import current_org

    sources = session.info.pop("backlog_sources", None)
    if not sources:
        return
    org = current_org(db_session=session)
    if org is None:
        return  # nothing to plan against yet; the first full sync catches up
    done: set[tuple[str, int]] = set()
    for src in sources:
        is_item = isinstance(src, ActionItemRow)
        key = ("action_item" if is_item else "request", src.id)
        if key in done or src.id is None:
            continue
        done.add(key)
        (sync_item if is_item else sync_request)(session, org, src)
    _expire_tasks(session)


_listening = False


def keep_backlog_in_step() -> None:
    """Every flush that writes an action item or a request brings its work task in step,
    in the same transaction (called once by ``dispatch.registry.register_all``).

    Before this, ``GET /api/plans/backlog`` and the planner page synchronised the whole
    backlog on every read: reads wrote, and concurrent reads inserted the same task (issue
    16). A flush is the one place every writer of those rows passes through (minutes
    confirm and edits, follow-up reschedules, request transitions, the CLI, the tests' own
    rows), so the backlog cannot miss a change that a list of call sites would."""
    global _listening
    if _listening:
        return
    event.listen(Session, "after_flush", _collect_sources)
    event.listen(Session, "after_flush_postexec", _sync_sources)
    _listening = True


def _insert_once(db_session: Session, **values: Any) -> int:
    """Insert a work task unless one for its source exists: 1 if this call inserted it.

    Several syncs (planners' pages, proposals, a confirm) run at once under load and each
    sees the same new source; a plain INSERT made all but the first fail with a unique
    violation. ON CONFLICT DO NOTHING waits for the other transaction and then skips, on
    PostgreSQL and SQLite alike.
    """
    dialect = db_session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    stmt = insert(WorkTask).values(status="open", created_at=utcnow(), **values)
    stmt = stmt.on_conflict_do_nothing(index_elements=["source_kind", "source_id"])
    return len(db_session.connection().execute(stmt.returning(WorkTask.id)).all())


def add_task(*, db_session: Session, org: Org, fields: dict[str, Any],
             source: tuple[str, str] | None = None) -> WorkTask:
    """A task a planner enters by hand (or another domain's, named by ``source``, e.g. a
    collaboration's task); validated against the org."""
    title = str(fields.get("title") or "").strip()
    if not title:
        raise InvalidInput("title: a task needs a title", key="plan_err_title")
    dept = fields.get("department")
    if dept is not None and not org.has_department(dept):
        raise InvalidInput(f"department: unknown department {dept!r}", key="err_dept_unknown",
                           args={"value": str(dept)})
    assignee = fields.get("assignee")
    if assignee is not None and not org.has_person(assignee):
        raise InvalidInput(f"assignee: unknown staff member {assignee!r}",
                           key="err_staff_unknown", args={"value": str(assignee)})
    try:
        effort = check_effort(fields.get("effort_hours"))
    except ValueError as e:
        given = fields.get("effort_hours")
        raise InvalidInput(f"effort_hours: {e}", key="err_effort",
                           args={"value": f"{given:g}" if isinstance(given, float | int)
                                 else str(given)}) from None
    if source is None:
        n = db_session.scalar(select(func.count()).select_from(WorkTask)) or 0
        source = ("manual", f"m{n + 1}-{utcnow().timestamp():.0f}")
    task = WorkTask(source_kind=source[0], source_id=source[1],
                    title=title, department=dept, skills=list(fields.get("skills") or []),
                    effort_hours=effort, due=fields.get("due"),
                    priority=int(fields.get("priority") or 3), assignee=assignee,
                    borrowable=bool(fields.get("borrowable")))
    db_session.add(task)
    db_session.flush()
    return task


def open_tasks(*, db_session: Session) -> list[WorkTask]:
    return list(db_session.scalars(select(WorkTask).where(WorkTask.status == "open")
                                   .order_by(WorkTask.id)))


# A page of the planner page's backlog and of its proposals: the page's cost stays that of
# one page however long the backlog grows (4,177 open tasks after a 50-user load run).
BACKLOG_PAGE = 100
PROPOSALS_PAGE = 20


def backlog_page(*, db_session: Session, page: int = 1,
                 size: int = BACKLOG_PAGE) -> tuple[list[WorkTask], int]:
    """One page of the open backlog in the solver's order (oldest first) and how many tasks
    are open: rendering every open task was about half of the page's 700 ms at 4,177."""
    total = db_session.scalar(select(func.count()).select_from(WorkTask)
                              .where(WorkTask.status == "open")) or 0
    tasks = db_session.scalars(select(WorkTask).where(WorkTask.status == "open")
                               .order_by(WorkTask.id).offset((page - 1) * size).limit(size))
    return list(tasks), total


def backlog_page_of(*, db_session: Session, task: WorkTask, size: int = BACKLOG_PAGE) -> int:
    """The backlog page that shows ``task`` (where a planner who just added it looks)."""
    before = db_session.scalar(select(func.count()).select_from(WorkTask).where(
        WorkTask.status == "open", WorkTask.id < task.id)) or 0
    return before // size + 1


def get(*, db_session: Session, proposal_id: int) -> Proposal:
    p = db_session.get(Proposal, proposal_id)
    if p is None:
        raise NotFound(f"no proposal {proposal_id}", key="plan_err_no_proposal",
                       args={"id": proposal_id})
    return p


def plan_summary(plan: dict[str, Any]) -> dict[str, Any]:
    """What a list of proposals shows of a plan, stored with the proposal (``summary``):
    the plan itself is ~0.5 MB of JSON at 4,000 tasks, and reading it (or counting inside
    it in SQL, 200 ms for 20 plans on PostgreSQL) for every row of a list is what made the
    planner page slow."""
    return {"assigned": len(plan.get("assignments") or []),
            "unassigned": len(plan.get("unassigned") or []),
            "late": len(plan.get("late") or []),
            "on_time_rate": (plan.get("kpis") or {}).get("on_time_rate")}


@dataclass(frozen=True)
class ProposalSummary:
    """A proposal as lists show it: its columns and ``summary``, never its request or plan."""

    id: int
    version: int
    status: str
    parent_id: int | None
    start: dt.date
    horizon_days: int
    changes: list[Any]
    summary: dict[str, Any]
    created_at: dt.datetime


def proposal_summaries(*, db_session: Session, page: int = 1,
                       size: int = PROPOSALS_PAGE) -> tuple[list[ProposalSummary], int]:
    """A page of proposals, newest first, without their plans, and how many there are."""
    cols = [getattr(Proposal, f) for f in ProposalSummary.__dataclass_fields__]
    rows = db_session.execute(select(*cols).order_by(Proposal.version.desc())
                              .offset((page - 1) * size).limit(size))
    total = db_session.scalar(select(func.count()).select_from(Proposal)) or 0
    return [ProposalSummary(*row) for row in rows], total


def scope_of(p: Proposal) -> str | None:
    """A scoped proposal plans one piece of work (e.g. ``collab:7``) against what the
    organisation is already committed to; an unscoped one is the planner's whole backlog."""
    return (p.request or {}).get("scope")


def approved(*, db_session: Session, scope: str | None = None) -> Proposal | None:
    """The latest approved proposal of ``scope`` (default: the organisation-wide plan)."""
    for p in db_session.scalars(select(Proposal).where(Proposal.status == "approved")
                                .order_by(Proposal.version.desc())):
        if scope_of(p) == scope:
            return p
    return None


def _request_doc(*, db_session: Session, start: dt.date, horizon_days: int,
                 tasks: list[WorkTask]) -> dict[str, Any]:
    last = approved(db_session=db_session)
    previous = {}
    if last is not None:
        keys = {task_key(t) for t in tasks}
        previous = {a["task"]: a["staff"] for a in last.plan.get("assignments", [])
                    if a["task"] in keys}
    return {
        "start": start.isoformat(), "horizon_days": horizon_days,
        "tasks": [{"id": task_key(t), "title": t.title, "department": t.department,
                   "skills": t.skills or [], "effort_hours": t.effort_hours,
                   "due": t.due.isoformat() if t.due else None, "priority": t.priority,
                   "assignee": t.assignee, "borrowable": t.borrowable} for t in tasks],
        "previous": previous, "excluded": [],
    }


def solve_doc(org: Org, doc: dict[str, Any], time_limit: float) -> dict[str, Any]:
    from optimizer.engine import SolveOptions, solve_plan

    try:
        req: PlanRequest = parse_plan_request(doc, "proposal")
        plan = solve_plan(org, req, SolveOptions(time_limit=time_limit))
    except PlanInputError as e:  # the solver's English, and its sentence in the catalogue
        raise plan_refusal(e) from None
    return plan.to_contract()


_VERSION_ATTEMPTS = 20


def _new(*, db_session: Session, org: Org, doc: dict[str, Any], actor: User | None,
         parent: Proposal | None, changes: list[dict[str, Any]], time_limit: float,
         note: str | None = None) -> Proposal:
    plan = solve_doc(org, doc, time_limit)
    return store_proposal(db_session=db_session, doc=doc, plan=plan,
                          actor_id=actor.id if actor else None,
                          parent_id=parent.id if parent else None, changes=changes, note=note)


def store_proposal(*, db_session: Session, doc: dict[str, Any], plan: dict[str, Any],
                   actor_id: int | None, parent_id: int | None,
                   changes: list[dict[str, Any]], note: str | None = None) -> Proposal:
    """Store a solved ``doc`` as the next draft version."""
    p = Proposal(status="draft", parent_id=parent_id,
                 start=dt.date.fromisoformat(doc["start"]), horizon_days=doc["horizon_days"],
                 request=doc, plan=plan, summary=plan_summary(plan), changes=changes,
                 note=note, created_by=actor_id)
    # The number is taken after the solve (seconds) and retried: planners proposing at the
    # same moment read the same max(version), and the loser of the unique index takes the
    # next one instead of failing (27 of 55 proposals answered 500 under load before).
    for attempt in range(_VERSION_ATTEMPTS):
        p.version = (db_session.scalar(select(func.max(Proposal.version))) or 0) + 1
        try:
            with db_session.begin_nested():
                db_session.add(p)
                db_session.flush()
            return p
        except IntegrityError:
            if attempt == _VERSION_ATTEMPTS - 1:
                raise
    raise AssertionError("unreachable")


SOLVE_JOB = "plans.solve"


def proposal_doc(*, db_session: Session, org: Org, start: dt.date,
                 horizon_days: int = 10, sync: bool = True) -> dict[str, Any]:
    """What a fresh proposal solves: every open backlog task (after syncing the backlog,
    unless the caller just did, as the worker does in a transaction of its own)."""
    if sync:
        sync_backlog(db_session=db_session, org=org)
    tasks = open_tasks(db_session=db_session)
    return _request_doc(db_session=db_session, start=start, horizon_days=horizon_days,
                        tasks=tasks)


def request_proposal(*, db_session: Session, org: Org, start: dt.date, horizon_days: int = 10,
                     actor: User | None = None, time_limit: float = 10.0,
                     compare_with: int | None = None, inline: bool = False) -> Any:
    """Record the solve of a fresh proposal as a job (``dispatch.jobs``): the job records
    what was asked; the worker syncs and reads the backlog and solves it
    (``dispatch.plans.jobs``); the job's result names the new proposal.

    Why: reading every open task here made the request's cost grow with the backlog
    (p99 1.34 s at 50 users with thousands of open tasks, issue 16)."""
    from dispatch.jobs import service as jobs

    return jobs.enqueue(db_session=db_session, kind=SOLVE_JOB, actor=actor, inline=inline,
                        params={"start": start.isoformat(), "horizon_days": horizon_days,
                                "time_limit": time_limit, "parent_id": None, "changes": [],
                                "actor_id": actor.id if actor else None,
                                "compare_with": compare_with})


def request_revision(*, db_session: Session, org: Org, proposal: Proposal,
                     action: dict[str, Any], actor: User | None = None,
                     time_limit: float = 10.0, inline: bool = False) -> Any:
    """Check a planner action now (a bad one is a 422 at once) and record its re-solve as
    a job."""
    from dispatch.jobs import service as jobs

    doc, changes = revision_doc(org=org, proposal=proposal, action=action, actor=actor)
    return jobs.enqueue(db_session=db_session, kind=SOLVE_JOB, actor=actor, inline=inline,
                        params={"doc": doc, "time_limit": time_limit, "parent_id": proposal.id,
                                "changes": changes, "actor_id": actor.id if actor else None,
                                "compare_with": proposal.id})


def propose(*, db_session: Session, org: Org, start: dt.date, horizon_days: int = 10,
            actor: User | None = None, time_limit: float = 10.0) -> Proposal:
    """A fresh proposal over every open backlog task, solved here (the CLI, the demo,
    tests); the web server records a job instead (:func:`request_proposal`)."""
    doc = proposal_doc(db_session=db_session, org=org, start=start, horizon_days=horizon_days)
    return _new(db_session=db_session, org=org, doc=doc, actor=actor, parent=None, changes=[],
                time_limit=time_limit)


def scoped_doc(*, db_session: Session, org: Org, scope: str, tasks: list[WorkTask],
               start: dt.date, horizon_days: int) -> dict[str, Any]:
    """The request of a proposal for ``tasks`` alone, on the capacity the approved work
    leaves free (a collaboration's plan: ``dispatch.collab.flows``).

    The hours every person already owes to other active work items are ``booked``, so a
    collaboration's plan never double-books anyone the organisation-wide plan (or another
    collaboration) has already given work to. Read in the request; solved by the worker
    (``dispatch.collab.jobs``) on what the request saw."""
    if not tasks:
        raise InvalidInput("no open tasks to plan", key="plan_err_no_tasks")
    keys = {t.id for t in tasks}
    booked: dict[str, dict[str, float]] = {}
    for wi in work_items(db_session=db_session):
        if wi.task_id in keys:
            continue
        per_day = booked.setdefault(wi.staff_id, {})
        for day, h in (wi.hours or {}).items():
            per_day[day] = per_day.get(day, 0.0) + float(h)
    doc = _request_doc(db_session=db_session, start=start, horizon_days=horizon_days,
                       tasks=tasks)
    last = approved(db_session=db_session, scope=scope)
    if last is not None:
        ids = {task_key(t) for t in tasks}
        doc["previous"] = {a["task"]: a["staff"] for a in last.plan.get("assignments", [])
                           if a["task"] in ids}
    doc["booked"] = {sid: days for sid, days in booked.items() if org.has_person(sid)}
    doc["scope"] = scope
    return doc


def revise(*, db_session: Session, org: Org, proposal: Proposal, action: dict[str, Any],
           actor: User | None = None, time_limit: float = 10.0) -> Proposal:
    """Apply one planner action to a copy of ``proposal``'s request and re-solve it."""
    doc, changes = revision_doc(org=org, proposal=proposal, action=action, actor=actor)
    return _new(db_session=db_session, org=org, doc=doc, actor=actor, parent=proposal,
                changes=changes, time_limit=time_limit)


def revision_doc(*, org: Org, proposal: Proposal, action: dict[str, Any],
                 actor: User | None) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """``proposal``'s request with one planner action applied, and the changes so far."""
    kind = action.get("type")
    if kind not in ACTIONS:
        raise InvalidInput(f"type: use one of {', '.join(ACTIONS)}", key="plan_err_action",
                           args={"value": str(kind)})
    doc = {**proposal.request, "tasks": [dict(t) for t in proposal.request["tasks"]],
           "excluded": list(proposal.request.get("excluded", []))}
    tasks = {t["id"]: t for t in doc["tasks"]}
    if kind in ("pin", "unpin", "move", "deadline"):
        tid = str(action.get("task") or "")
        if tid not in tasks:
            raise InvalidInput(f"task: {tid!r} is not in proposal {proposal.version}",
                               key="plan_err_task", args={"value": tid,
                                                          "version": proposal.version})
        task = tasks[tid]
    if kind in ("pin", "move", "exclude", "include"):
        sid = str(action.get("staff") or "")
        if not org.has_person(sid):
            raise InvalidInput(f"staff: unknown staff member {sid!r}",
                               key="err_staff_unknown", args={"value": sid})
    if kind == "pin":
        task["assignee"] = sid  # hard: the plan gives it to them or says why it cannot
    elif kind == "move":
        task["assignee"] = None  # a hint, not a pin: see the stability reference below
    elif kind == "unpin":
        task["assignee"] = None
    elif kind == "exclude":
        if sid not in doc["excluded"]:
            doc["excluded"].append(sid)
        for t in doc["tasks"]:
            if t.get("assignee") == sid:
                t["assignee"] = None  # an excluded person cannot keep a pin
    elif kind == "include":
        doc["excluded"] = [x for x in doc["excluded"] if x != sid]
    elif kind == "deadline":
        due = action.get("due")
        try:
            task["due"] = dt.date.fromisoformat(str(due)).isoformat() if due else None
        except ValueError:
            raise InvalidInput(f"due: {due!r} is not a date (YYYY-MM-DD)",
                               key="err_not_a_date", args={"value": str(due)}) from None
    # stability: changes cost against what this proposal already showed the planner
    doc["previous"] = {**doc.get("previous", {}),
                       **{a["task"]: a["staff"] for a in proposal.plan.get("assignments", [])}}
    if kind in ("pin", "unpin"):
        doc["previous"].pop(task["id"], None)
    elif kind == "move":
        # A move is a preference: moving the task away from ``sid`` costs what any change to
        # the plan costs (stability), so the solver keeps it there unless that makes more
        # important work undone or late.
        doc["previous"][task["id"]] = sid
    changes = [*proposal.changes, {**action, "by": actor.name if actor else None}]
    return doc, changes


def compare(a: Proposal, b: Proposal) -> dict[str, Any]:
    """What moved from ``a`` to ``b``, and who gained or lost hours."""
    def index(p: Proposal) -> dict[str, dict[str, Any]]:
        return {x["task"]: x for x in p.plan.get("assignments", [])}

    ia, ib = index(a), index(b)
    moved, added, dropped = [], [], []
    for tid in sorted(ia.keys() | ib.keys()):
        x, y = ia.get(tid), ib.get(tid)
        if x and y and x["staff"] != y["staff"]:
            moved.append({"task": tid, "from": x["staff"], "to": y["staff"]})
        elif y and not x:
            added.append({"task": tid, "to": y["staff"]})
        elif x and not y:
            dropped.append({"task": tid, "from": x["staff"]})

    def hours(idx: dict[str, dict[str, Any]]) -> dict[str, float]:
        out: dict[str, float] = {}
        for x in idx.values():
            out[x["staff"]] = out.get(x["staff"], 0.0) + sum(x["hours"].values())
        return out

    ha, hb = hours(ia), hours(ib)
    delta = {s: round(hb.get(s, 0.0) - ha.get(s, 0.0), 2) for s in sorted(ha.keys() | hb.keys())}
    return {"from": a.version, "to": b.version, "moved": moved, "newly_assigned": added,
            "newly_unassigned": dropped, "hours_delta": {s: d for s, d in delta.items() if d},
            "on_time_rate": [a.plan["kpis"]["on_time_rate"], b.plan["kpis"]["on_time_rate"]]}


def approve(*, db_session: Session, proposal: Proposal, actor: User | None) -> list[WorkItem]:
    """Approve a draft: it replaces the approved plan; its assignments become work items."""
    if proposal.status != "draft":
        raise Conflict(f"proposal {proposal.version} is {proposal.status}; only drafts can be "
                       "approved", key="plan_err_not_draft",
                       args={"version": proposal.version, "state_key": f"ps_{proposal.status}",
                             "action_key": "approve"})
    now = utcnow()
    scope = scope_of(proposal)
    planned = {t["id"] for t in proposal.request.get("tasks", [])}
    scoped_away: set[int] = set()
    for other in db_session.scalars(select(Proposal).where(
            Proposal.status.in_(("approved", "draft")), Proposal.id != proposal.id)):
        if scope_of(other) != scope:
            if other.status == "approved":
                scoped_away.add(other.id)
            continue
        if other.status == "approved" or other.version < proposal.version:
            other.status = "superseded"
    # an approval replaces the work of its own scope (and of any task it plans again);
    # the organisation-wide plan and other collaborations' plans keep theirs
    for wi in db_session.scalars(select(WorkItem).where(WorkItem.active.is_(True))):
        if f"W{wi.task_id}" in planned or (scope is None and wi.proposal_id not in scoped_away):
            wi.active = False
    proposal.status, proposal.decided_by, proposal.decided_at = "approved", (
        actor.id if actor else None), now
    tasks = {task_key(t): t for t in db_session.scalars(select(WorkTask))}
    items = []
    for a in proposal.plan.get("assignments", []):
        task = tasks.get(a["task"])
        if task is None:
            continue
        wi = WorkItem(proposal_id=proposal.id, task_id=task.id, staff_id=a["staff"],
                      hours=a["hours"], finish=dt.date.fromisoformat(a["finish"]))
        db_session.add(wi)
        items.append(wi)
    db_session.flush()
    _tell_people(db_session=db_session, proposal=proposal, items=items, tasks=tasks)
    return items


def _tell_people(*, db_session: Session, proposal: Proposal, items: list[WorkItem],
                 tasks: dict[str, WorkTask]) -> None:
    """One message per person with their approved work, in the approval's transaction."""
    from dispatch.messages import message, org_language
    from dispatch.notifications.service import notify_staff
    from dispatch.orgdir.service import current_org

    lang = org_language(current_org(db_session=db_session))
    by_task = {t.id: t for t in tasks.values()}
    per_person: dict[str, list[WorkItem]] = {}
    for wi in items:
        per_person.setdefault(wi.staff_id, []).append(wi)
    for staff_id, mine in sorted(per_person.items()):
        lines = []
        for wi in sorted(mine, key=lambda w: w.finish):
            t = by_task[wi.task_id]
            hours = sum(wi.hours.values())
            due = message("plan_due", lang, due=t.due.isoformat()) if t.due else ""
            lines.append(message("plan_line", lang, title=t.title, hours=f"{hours:g}",
                                 finish=wi.finish.isoformat(), due=due))
        notify_staff(db_session=db_session, staff_ids=[staff_id], event="plan.approved",
                     subject=message("plan_subject", lang, version=proposal.version,
                                     n=len(mine)),
                     body="\n".join(lines), link="/my/items",
                     dedupe_key=f"plan:{proposal.id}:{staff_id}",
                     payload={"proposal": proposal.version,
                              "tasks": [f"W{w.task_id}" for w in mine]})


def reject(*, db_session: Session, proposal: Proposal, actor: User | None,
           note: str | None) -> None:
    if proposal.status != "draft":
        raise Conflict(f"proposal {proposal.version} is {proposal.status}; only drafts can be "
                       "rejected", key="plan_err_not_draft",
                       args={"version": proposal.version, "state_key": f"ps_{proposal.status}",
                             "action_key": "reject"})
    proposal.status, proposal.note = "rejected", note or proposal.note
    proposal.decided_by, proposal.decided_at = (actor.id if actor else None), utcnow()


def work_items_staff(user: User, staff: str | None) -> str | None:
    """Whose approved work ``user`` may list when asking for ``staff`` (None: everyone's):
    planners anyone's, others only their own (their hours are nobody else's business)."""
    if staff == "me" or (staff is None and not user.has_role("planner")):
        if not user.staff_id:
            raise InvalidInput("staff=me: your user is not linked to a staff member",
                               key="err_not_linked")
        return user.staff_id
    if staff != user.staff_id and not user.has_role("planner"):
        raise Forbidden("only planners and admins see other people's work",
                        key="plan_err_others")
    return staff


def work_items(*, db_session: Session, staff_id: str | None = None) -> list[WorkItem]:
    q = select(WorkItem).where(WorkItem.active.is_(True))
    if staff_id:
        q = q.where(WorkItem.staff_id == staff_id)
    return list(db_session.scalars(q.order_by(WorkItem.finish, WorkItem.id)))


def proposal_read(p: Proposal, with_request: bool = False) -> dict[str, Any]:
    out = {"id": p.id, "version": p.version, "status": p.status, "parent_id": p.parent_id,
           "start": p.start.isoformat(), "horizon_days": p.horizon_days, "changes": p.changes,
           "note": p.note, "created_at": p.created_at.isoformat(),
           "decided_at": p.decided_at.isoformat() if p.decided_at else None, "plan": p.plan}
    if with_request:
        out["request"] = p.request
    return out
