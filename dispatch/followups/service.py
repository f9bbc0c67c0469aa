"""Tracked obligations: track, complete, reschedule, ask for a new date, cancel.

Other domains call these in their own transaction (keyword-only, no HTTP, no commit)::

    from dispatch.followups.service import track, complete, reschedule, cancel

    fu = track(db_session=s, kind="action_item", ref_id=str(item.id), title=item.task,
               owners=item.owners, department=item.department, due=item.due,
               link=f"/minutes/{item.meeting_id}#item-{item.id}", lang="zh")
    # a routed request with an SLA clock: an exact deadline, the department as owner
    track(db_session=s, kind="request", ref_id=str(req.id), title=req.title,
          owners=[head_id], department=req.department, due=req.ack_due_at,
          link=f"/requests/{req.id}")
    complete(db_session=s, kind="action_item", ref_id="40", by="zhangsan")

``track`` is idempotent on (kind, ref_id): calling it again updates the open follow-up
(a changed due date counts as a reschedule) and never re-opens a closed one. It queues an
"assigned" message to the owners (``announce=False`` to skip). Completing, cancelling or a
pending request for a new date stops the reminder clock; see ``policy`` for the stages.
Owners act from signed links in the messages (``action_token`` / ``verify_action_token``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import Session

from dispatch.db import compare_and_set, lock_for_edit, utcnow
from dispatch.errors import Conflict, Forbidden, InvalidInput, NotFound
from dispatch.followups.models import FollowUp
from dispatch.orgdir.service import current_org
from dispatch.users.models import User
from models.org import Org

ACTION_MAX_AGE_S = 90 * 24 * 3600
_SALT = "followup-action"


@dataclass
class KindHooks:
    """How a follow-up kind talks back to the domain that owns the obligation.

    ``is_open(db_session, ref_id)`` -> False when the source was closed behind our back
    (the sweep then completes the follow-up instead of reminding); ``on_done(db_session,
    ref_id, by)`` is called when an owner marks it done here (link or API), so the source
    item is closed too. ``check_act(db_session, ref_id, user, org)`` raises Forbidden when a
    signed-in user may not act on the source: a request's follow-up then obeys the request's
    own rule, not a looser one of its own. ``on_rescheduled(db_session, ref_id, due, by)``
    is called when a new due date is set here (a head approved it, a planner rescheduled),
    so the source item carries the date its follow-up reminds about. Register with
    :func:`register_kind`.
    """

    is_open: Callable[[Session, str], bool] | None = None
    on_done: Callable[[Session, str, str], None] | None = None
    check_act: Callable[[Session, str, User, Org], None] | None = None
    on_rescheduled: Callable[[Session, str, dt.date, str], None] | None = None


KINDS: dict[str, KindHooks] = {}


def register_kind(kind: str, *, is_open: Callable[[Session, str], bool] | None = None,
                  on_done: Callable[[Session, str, str], None] | None = None,
                  check_act: Callable[[Session, str, User, Org], None] | None = None,
                  on_rescheduled: Callable[[Session, str, dt.date, str], None] | None = None
                  ) -> None:
    KINDS[kind] = KindHooks(is_open, on_done, check_act, on_rescheduled)


def check_may_act(*, db_session: Session, fu: FollowUp, user: User, org: Org | None) -> None:
    """The one permission check for a signed-in user acting on a follow-up (done, new date,
    reschedule, cancel): its kind's rule when the owning domain has one, else its owners and
    planners. Raises Forbidden."""
    _load_hooks()
    hooks = KINDS.get(fu.kind)
    if hooks is not None and hooks.check_act is not None and org is not None:
        hooks.check_act(db_session, fu.ref_id, user, org)
        return
    if not may_act(user=user, fu=fu):
        raise Forbidden(f"follow-up {fu.id}: only its owners and planners act on it",
                        key="fu_err_not_yours", args={"id": fu.id})


def _load_hooks() -> None:
    """The kinds' hooks, registered explicitly (idempotent and cheap after the first call):
    the app, the worker and the CLI register at start, and a service call made without
    them (a script, a test) must not act on a follow-up without its domain's rule."""
    from dispatch.registry import register_all

    register_all()


def _org(db_session: Session, org: Org | None) -> Org | None:
    return org if org is not None else current_org(db_session=db_session)


def _split_due(due: dt.date | dt.datetime, org: Org | None) -> tuple[dt.date, dt.datetime | None]:
    if isinstance(due, dt.datetime):
        if due.tzinfo is None:
            raise InvalidInput("a due datetime must carry its timezone", key="fu_err_due_tz",
                               args={"example": due.replace(tzinfo=org.tz if org else dt.UTC)
                                     .isoformat()})
        tz = org.tz if org is not None else dt.UTC
        return due.astimezone(tz).date(), due.astimezone(dt.UTC)
    if isinstance(due, dt.date):
        return due, None
    raise InvalidInput(f"due must be a date or a datetime, not {type(due).__name__}")


def _log(fu: FollowUp, action: str, by: str, **kw: Any) -> None:
    fu.history = [*fu.history, {"at": utcnow().isoformat(), "action": action, "by": by,
                                **{k: (v.isoformat() if hasattr(v, "isoformat") else v)
                                   for k, v in kw.items()}}]


def may_act(*, user: User, fu: FollowUp) -> bool:
    """A follow-up's owners and planners see it, mark it done and ask for a new date."""
    return user.has_role("planner") or (user.staff_id is not None and user.staff_id in fu.owners)


def may_decide_date(*, user: User, fu: FollowUp, org: Org | None) -> bool:
    """Who approves or declines a requested date: a planner (the web's reschedule) or the
    head the request was sent to (the head link, a chat card's button)."""
    from dispatch.followups import messages

    head = messages.head_of(fu, org)
    return user.has_role("planner") or (head is not None and user.staff_id == head)


def get(*, db_session: Session, followup_id: int) -> FollowUp:
    fu = db_session.get(FollowUp, followup_id)
    if fu is None:
        raise NotFound(f"no follow-up {followup_id}", key="fu_err_none",
                       args={"id": followup_id})
    return fu


def get_by_ref(*, db_session: Session, kind: str, ref_id: str) -> FollowUp | None:
    return db_session.scalars(select(FollowUp).where(FollowUp.kind == kind,
                                                     FollowUp.ref_id == str(ref_id))).first()


def _find(db_session: Session, followup_id: int | None, kind: str | None,
          ref_id: str | None) -> FollowUp:
    if followup_id is not None:
        return get(db_session=db_session, followup_id=followup_id)
    if kind and ref_id is not None:
        fu = get_by_ref(db_session=db_session, kind=kind, ref_id=str(ref_id))
        if fu is None:
            raise NotFound(f"no follow-up for {kind} {ref_id}", key="fu_err_none_for",
                           args={"kind": kind, "ref": ref_id})
        return fu
    raise InvalidInput("name the follow-up by followup_id or by kind and ref_id")


def track(*, db_session: Session, kind: str, ref_id: str, title: str, owners: list[str],
          due: dt.date | dt.datetime, department: str | None = None, link: str | None = None,
          lang: str | None = None, remind_before_days: int | None = None,
          announce: bool = True, org: Org | None = None,
          seen: dict[str, Any] | None = None) -> FollowUp:
    """Start (or update) following up an obligation; returns the row (flushed).

    Updating edits the fields of the open follow-up as it is now: the row is locked first,
    so an edit and another edit or a 「已完成」 at the same moment each see what the other
    wrote (before, each wrote the fields and the history list as it had read them). A field
    this call changes that is no longer what the caller was shown (``seen``: the API body's,
    keyed like this function's arguments; else what this transaction read) is a 409.
    """
    org = _org(db_session, org)
    kind, ref_id, title = (kind or "").strip(), str(ref_id or "").strip(), (title or "").strip()
    if not kind or not ref_id or not title:
        raise InvalidInput("a follow-up needs kind, ref_id and title", key="fu_err_fields")
    owners = list(dict.fromkeys(o for o in owners or [] if o))
    if org is not None:
        unknown = [o for o in owners if not org.has_person(o)]
        if unknown:
            raise InvalidInput(f"unknown owner staff id(s): {', '.join(unknown)}",
                               key="err_staff_unknown_list", args={"ids_list": unknown})
        if department is not None and not org.has_department(department):
            raise InvalidInput(f"unknown department {department!r}", key="org_p_dept_unknown",
                               args={"value": department})
        if department is None and owners:
            department = org.person(owners[0]).department
    if not owners and department is None:
        raise InvalidInput("a follow-up needs owners or a department", key="fu_err_whom")
    if remind_before_days is not None and remind_before_days < 0:
        raise InvalidInput("remind_before_days cannot be negative")
    due_date, due_at = _split_due(due, org)
    fu = get_by_ref(db_session=db_session, kind=kind, ref_id=ref_id)
    if fu is not None:
        edit = {"title": title, "owners": owners, "department": department, "link": link,
                "lang": lang or fu.lang, "remind_before_days": remind_before_days,
                "due": (due_date, due_at)}
        if seen is not None and "due" in seen:
            seen = {**seen, "due": _split_due(seen["due"], org)}
        changed = lock_for_edit(db_session, fu, _edit_view, edit, seen)
        if fu.status != "open":
            return fu  # closed stays closed: a repeated confirm must not revive it
        if changed:
            raise _changed(fu, changed)
    if fu is None:
        fu = FollowUp(kind=kind, ref_id=ref_id, title=title, owners=owners,
                      department=department, due_date=due_date, due_at=due_at, link=link,
                      lang=lang, remind_before_days=remind_before_days, fired=[], history=[])
        _log(fu, "tracked", "system", due=due_at or due_date)
        db_session.add(fu)
        db_session.flush()
    else:
        fu.title, fu.owners, fu.department, fu.link = title, owners, department, link
        fu.lang = edit["lang"]
        fu.remind_before_days = remind_before_days
        if (fu.due_date, fu.due_at) != (due_date, due_at):
            _set_due(fu, due_date, due_at, "system", None)
        db_session.flush()
    if announce and owners:
        from dispatch.followups import messages

        messages.announce(db_session=db_session, fu=fu, org=org)
    return fu


def _set_due(fu: FollowUp, due_date: dt.date, due_at: dt.datetime | None, by: str,
             note: str | None, bump: bool = True) -> None:
    _log(fu, "rescheduled", by, old=fu.due_at or fu.due_date, new=due_at or due_date,
         note=note)
    fu.due_date, fu.due_at = due_date, due_at
    fu.requested_due, fu.request_note = None, None
    if bump:
        fu.version += 1


def _edit_view(fu: FollowUp) -> dict[str, Any]:
    """The fields ``track`` edits, as an edit is compared with what its author was shown."""
    return {"title": fu.title, "owners": list(fu.owners or []), "department": fu.department,
            "link": fu.link, "lang": fu.lang, "remind_before_days": fu.remind_before_days,
            "due": (fu.due_date, fu.due_at)}


def _changed(fu: FollowUp, changed: dict[str, Any]) -> Conflict:
    """409 for an edit made against values someone else changed meanwhile: what they are."""
    def show(k: str, v: Any) -> str:
        if k == "due":
            return str(v[1] or v[0])
        return ", ".join(v) if isinstance(v, list) else str(v)
    what = "; ".join(f"{k} is {show(k, v)}" for k, v in changed.items())
    return Conflict(f"follow-up {fu.id} changed meanwhile: {what} now",
                    details={"state": fu.status, "due_date": str(fu.due_date),
                             "changed": sorted(changed), "version": fu.version})


def _claim(db_session: Session, fu: FollowUp, expect: dict[str, Any],
           values: dict[str, Any]) -> bool:
    """Write ``values`` only if the follow-up still holds ``expect`` (what this caller
    read): of two clicks at once (two 「已完成」, an approve and a decline) one decides and
    the other sees the row as the first left it (``fu`` is refreshed). Before, both read
    ``open`` and both wrote: the request behind an acknowledgement was accepted twice.

    Once claimed, the row is ours until commit: its history is re-read, so the entry the
    caller logs next goes after one an edit committed meanwhile (it was lost before)."""
    if not compare_and_set(db_session, fu, expect, values):
        return False
    db_session.refresh(fu, ["history"])
    return True


def _moved(fu: FollowUp) -> Conflict:
    pending = f", new date {fu.requested_due} asked" if fu.requested_due else ""
    args = {"id": fu.id, "state_key": f"fu_state_{fu.status}", "due": str(fu.requested_due)}
    return Conflict(f"follow-up {fu.id} changed meanwhile: it is {fu.status}{pending}",
                    key="fu_err_moved_asked" if fu.requested_due else "fu_err_moved",
                    args=args,
                    details={"state": fu.status, "due_date": str(fu.due_date),
                             "requested_due": str(fu.requested_due) if fu.requested_due
                             else None})


def _not_open(fu: FollowUp) -> Conflict:
    """409 for an act on a follow-up that is closed (done or cancelled)."""
    return Conflict(f"follow-up {fu.id} is {fu.status}", key="fu_err_not_open",
                    args={"id": fu.id, "state_key": f"fu_state_{fu.status}"})


def complete(*, db_session: Session, followup_id: int | None = None, kind: str | None = None,
             ref_id: str | None = None, by: str = "system", note: str | None = None,
             sync: bool = False) -> FollowUp:
    """Mark done; the clock stops. Completing twice is harmless.

    The owning domain is told (its ``on_done`` hook) unless ``sync`` says the call comes
    from that domain already.
    """
    fu = _find(db_session, followup_id, kind, ref_id)
    if fu.status == "done":
        return fu
    if fu.status == "cancelled":
        raise Conflict(f"follow-up {fu.id} was cancelled", key="fu_err_cancelled",
                       args={"id": fu.id})
    read = fu.status
    _load_hooks()
    hooks = KINDS.get(fu.kind)
    if hooks is not None and hooks.on_done is not None and not sync:
        # the owning domain first: its row, then the follow-up's, the order its own
        # routes lock them in (accept a request, then close its ack follow-up); the other
        # order deadlocked a click against the route on PostgreSQL. The domain may close
        # this follow-up itself (an accepted request closes its acknowledgement).
        hooks.on_done(db_session, fu.ref_id, by)
    if not _claim(db_session, fu, {"status": read},
                  {"status": "done", "closed_at": utcnow(), "closed_by": by}):
        if fu.status == "done":
            return fu  # a second click at the same moment: done once, as in sequence
        raise _moved(fu)
    _log(fu, "done", by, note=note)
    return fu


def cancel(*, db_session: Session, followup_id: int | None = None, kind: str | None = None,
           ref_id: str | None = None, by: str = "system", note: str | None = None
           ) -> FollowUp:
    """Stop following up (the obligation went away)."""
    fu = _find(db_session, followup_id, kind, ref_id)
    if fu.status == "cancelled":
        return fu
    if fu.status == "done":
        raise Conflict(f"follow-up {fu.id} is done already", key="fu_err_done_already",
                       args={"id": fu.id})
    if not _claim(db_session, fu, {"status": fu.status},
                  {"status": "cancelled", "closed_at": utcnow(), "closed_by": by}):
        if fu.status == "cancelled":
            return fu
        raise _moved(fu)
    _log(fu, "cancelled", by, note=note)
    return fu


def reopen(*, db_session: Session, followup_id: int, by: str = "system") -> FollowUp:
    """Follow up again what was closed (its source was reopened): the clock restarts and
    the reminder stages fire anew."""
    fu = get(db_session=db_session, followup_id=followup_id)
    if fu.status == "open":
        return fu
    if not _claim(db_session, fu, {"status": fu.status, "version": fu.version},
                  {"status": "open", "closed_at": None, "closed_by": None,
                   "version": fu.version + 1}):
        if fu.status == "open":
            return fu
        raise _moved(fu)
    fu.fired = []
    _log(fu, "reopened", by)
    return fu


def reschedule(*, db_session: Session, due: dt.date | dt.datetime,
               followup_id: int | None = None, kind: str | None = None,
               ref_id: str | None = None, by: str = "system", note: str | None = None,
               org: Org | None = None) -> FollowUp:
    """Set a new due date (also approves an owner's request); reminders restart for it."""
    fu = _find(db_session, followup_id, kind, ref_id)
    if fu.status != "open":
        raise _not_open(fu)
    due_date, due_at = _split_due(due, _org(db_session, org))
    _load_hooks()
    hooks = KINDS.get(fu.kind)
    if hooks is not None and hooks.on_rescheduled is not None:
        # the owning domain first, as in complete: its row (written at the claim's flush),
        # then the follow-up's, the order an item's edit takes them; the other order
        # deadlocked an approval against an edit of the item on PostgreSQL. A lost claim
        # raises, and the caller's transaction takes the domain's write back with it.
        hooks.on_rescheduled(db_session, fu.ref_id, due_date, by)
    # the version names the date (links carry it): one approval per asked date
    if not _claim(db_session, fu, {"status": "open", "version": fu.version,
                                   "requested_due": fu.requested_due},
                  {"version": fu.version + 1}):
        raise _moved(fu)
    _set_due(fu, due_date, due_at, by, note, bump=False)
    return fu


def request_new_date(*, db_session: Session, followup_id: int, due: dt.date, by: str,
                     note: str | None = None, org: Org | None = None) -> FollowUp:
    """An owner asks for a new date: the clock stops and the department head is asked."""
    fu = get(db_session=db_session, followup_id=followup_id)
    if fu.status != "open":
        raise _not_open(fu)
    if not isinstance(due, dt.date) or isinstance(due, dt.datetime):
        raise InvalidInput("the new date must be a day (YYYY-MM-DD)",
                           key="fu_err_new_date_day")
    if due <= fu.due_date:
        raise InvalidInput(f"the new date must be after the current due date {fu.due_date}",
                           key="fu_err_new_date_after", args={"due": str(fu.due_date)})
    if not _claim(db_session, fu, {"status": "open", "requested_due": fu.requested_due},
                  {"requested_due": due}):
        raise _moved(fu)
    fu.request_note = (note or "")[:1000]
    _log(fu, "new_date_requested", by, due=due, note=note)
    from dispatch.followups import messages

    messages.ask_head(db_session=db_session, fu=fu, org=_org(db_session, org), by=by)
    return fu


def decline_request(*, db_session: Session, followup_id: int, by: str) -> FollowUp:
    """Refuse an owner's new date: the old date stands and the clock runs again."""
    fu = get(db_session=db_session, followup_id=followup_id)
    if fu.requested_due is None:
        raise Conflict(f"follow-up {fu.id} has no pending request for a new date",
                       key="fu_err_no_request", args={"id": fu.id})
    asked = fu.requested_due
    if not _claim(db_session, fu, {"requested_due": asked}, {"requested_due": None}):
        raise _moved(fu)
    _log(fu, "new_date_declined", by, due=asked)
    fu.request_note = None
    return fu


def list_followups(*, db_session: Session, status: str | None = "open",
                   staff_id: str | None = None, kind: str | None = None,
                   limit: int = 500) -> list[FollowUp]:
    q = select(FollowUp).order_by(FollowUp.due_date, FollowUp.id).limit(limit)
    if status:
        q = q.where(FollowUp.status == status)
    if kind:
        q = q.where(FollowUp.kind == kind)
    rows = list(db_session.scalars(q))
    if staff_id:  # JSON membership differs per backend; the open set is small
        rows = [r for r in rows if staff_id in (r.owners or [])]
    return rows


def to_dict(fu: FollowUp) -> dict[str, Any]:
    return {"id": fu.id, "kind": fu.kind, "ref_id": fu.ref_id, "title": fu.title,
            "owners": fu.owners, "department": fu.department, "due_date": fu.due_date,
            "due_at": fu.due_at, "link": fu.link, "lang": fu.lang, "status": fu.status,
            "requested_due": fu.requested_due, "request_note": fu.request_note,
            "fired": fu.fired, "version": fu.version, "history": fu.history,
            "closed_at": fu.closed_at, "closed_by": fu.closed_by}


# ------------------------------------------------------------------ signed action links

LINK_ROLES = ("owner", "head")


def action_token(fu: FollowUp, secret: str, role: str = "owner") -> str:
    """A link token for this follow-up: an ``owner`` link marks it done or asks for a new
    date; a ``head`` link approves or declines a requested date.

    It is bound to the follow-up's current version, so a link from before a reschedule
    stops working, and expires after 90 days.
    """
    if role not in LINK_ROLES:
        raise ValueError(f"unknown link role {role!r}")
    data: dict[str, Any] = {"f": fu.id, "v": fu.version, "r": role}
    if role == "head":
        data["q"] = date_requests(fu)
    return URLSafeTimedSerializer(secret, salt=_SALT).dumps(data)


def date_requests(fu: FollowUp) -> int:
    """How many new dates were asked for so far: a head link, or a head card's button,
    decides exactly one of them (it carries this number)."""
    return sum(1 for h in fu.history or [] if h.get("action") == "new_date_requested")


def verify_action_token(*, db_session: Session, token: str, secret: str
                        ) -> tuple[FollowUp, str] | None:
    """(follow-up, role) a token is for, or None when forged, expired or outdated."""
    try:
        data = URLSafeTimedSerializer(secret, salt=_SALT).loads(token,
                                                                 max_age=ACTION_MAX_AGE_S)
    except (BadSignature, SignatureExpired):
        return None
    if not isinstance(data, dict) or data.get("r", "owner") not in LINK_ROLES:
        return None
    fu = db_session.get(FollowUp, data.get("f"))
    if fu is None or fu.version != data.get("v"):
        return None
    role = str(data.get("r", "owner"))
    # A head link is for the one request it was sent about: after a decline (version
    # unchanged) the owner's next request must not be approvable with the old link.
    if role == "head" and (data.get("q") != date_requests(fu) or fu.requested_due is None):
        return None
    return fu, role
