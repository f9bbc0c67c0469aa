"""What a chat delivery does, whatever platform it came from.

The platform adapters (dispatch.chat.platforms) verify and unwrap a delivery into an
:class:`Inbound`; :func:`handle` then

1. answers a retry of a delivery already handled with the answer it gave then (the unique
   key (platform, event id) of ``chat_deliveries`` makes it act once, even when two
   retries race);
2. finds the sender in the org file's ``contacts`` (feishu open_id / dingtalk userid /
   wecom userid) and their dispatch account; a stranger is refused politely;
3. acts through the same domain services as the web: a message becomes a request
   (dispatch.requests.flows) or, when the splitter finds several departments, a
   collaboration (dispatch.collab.flows); 「问题：…」 raises a problem on the group's
   collaboration (dispatch.problems.flows); a card button accepts/returns a part, marks an
   item done, asks for or decides a new date, each checked by the domain's own rule
   (collab.flows.check_act, followups.service.may_act / may_decide_date) for the person
   who clicked, never for the card's addressee;
4. returns a platform-neutral :class:`Card` the adapter renders.

A refused action (a domain error) writes nothing: it runs in a savepoint that is rolled
back, and the refusal is the answer.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from dataclasses import asdict, dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dispatch.chat.models import ChatBinding, ChatDelivery
from dispatch.db import utcnow
from dispatch.errors import Conflict, DispatchError, Forbidden, InvalidInput
from dispatch.messages import message, org_language
from dispatch.settings import Settings
from dispatch.users.models import User
from models.org import Org

log = logging.getLogger(__name__)

CONTACT_KEYS = {"feishu": ("feishu", "lark"), "dingtalk": ("dingtalk",),
                "wecom": ("wecom", "wxwork")}
ACTIONS = ("part.accept", "part.return", "item.done", "item.new_date", "item.approve",
           "item.decline")


@dataclass
class Inbound:
    """One verified delivery, platform-neutral."""

    platform: str
    event_id: str
    sender: str  # the platform's user id of the person who wrote or clicked
    kind: str  # message | action
    text: str = ""
    act: str = ""  # "part.accept:<collab>:<part>", "item.done:<follow-up>", …
    form: dict[str, str] = field(default_factory=dict)  # reason, due
    chat_id: str | None = None
    group: bool = False
    sent_at: dt.datetime | None = None


@dataclass
class Button:
    label: str
    act: str
    needs: str | None = None  # "reason" | "due": the platform asks for it first


@dataclass
class Card:
    title: str
    lines: list[str] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)
    link: str | None = None
    ok: bool = True
    duplicate: bool = False

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("duplicate")
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Card:
        return cls(title=d["title"], lines=list(d.get("lines") or []),
                   buttons=[Button(**b) for b in d.get("buttons") or []],
                   link=d.get("link"), ok=bool(d.get("ok", True)), duplicate=True)


class Duplicate(Exception):
    """Another delivery with the same key won the race; its answer is ``card``."""

    def __init__(self, card: Card) -> None:
        self.card = card


# --------------------------------------------------------------------------- who is it


def staff_for(org: Org, platform: str, sender: str) -> str | None:
    """The staff id whose org-file contacts hold ``sender`` for ``platform``."""
    if not sender:
        return None
    for p in org.staff:
        contacts = {str(k).lower(): v for k, v in (p.contacts or {}).items()}
        if any(str(contacts.get(k) or "") == sender for k in CONTACT_KEYS[platform]):
            return p.id
    return None


def user_for(db_session: Session, staff_id: str) -> User | None:
    return db_session.scalars(select(User).where(User.staff_id == staff_id,
                                                 User.active.is_(True))
                              .order_by(User.id)).first()


# ------------------------------------------------------------------------------ handle


def previous(*, db_session: Session, platform: str, event_id: str) -> Card | None:
    row = db_session.scalars(select(ChatDelivery).where(
        ChatDelivery.platform == platform, ChatDelivery.event_id == event_id)).first()
    return Card.from_dict(row.outcome) if row is not None else None


def handle(*, db_session: Session, settings: Settings, org: Org, inbound: Inbound,
           now: dt.datetime | None = None) -> Card:
    """Act on one verified delivery once; the answer to show (see the module doc)."""
    now = now or utcnow()
    lang = org_language(org)
    seen = previous(db_session=db_session, platform=inbound.platform,
                    event_id=inbound.event_id)
    if seen is not None:
        return seen
    staff = staff_for(org, inbound.platform, inbound.sender)
    user = user_for(db_session, staff) if staff else None
    try:
        # the action and its delivery row commit together or not at all: when a retry
        # racing this one stored the key first, the insert fails and the action is undone
        with db_session.begin_nested():
            card = _act(db_session, settings, org, inbound, staff, user, lang, now)
            db_session.add(ChatDelivery(platform=inbound.platform, event_id=inbound.event_id,
                                        kind=inbound.kind, staff_id=staff, received_at=now,
                                        outcome=card.to_dict()))
            db_session.flush()
    except IntegrityError:
        won = previous(db_session=db_session, platform=inbound.platform,
                       event_id=inbound.event_id)
        raise Duplicate(won or Card(message("chat_refused", lang, why="duplicate"),
                                    ok=False)) from None
    return card


def _act(db_session: Session, settings: Settings, org: Org, inbound: Inbound,
         staff: str | None, user: User | None, lang: str, now: dt.datetime) -> Card:
    if staff is None:
        log.info("chat %s: unknown sender refused", inbound.platform)
        return Card(message("chat_stranger", lang, platform=inbound.platform), ok=False)
    if user is None:
        return Card(message("chat_no_account", lang, name=org.person(staff).name), ok=False)
    try:
        with db_session.begin_nested():  # a refused action leaves nothing behind
            if inbound.kind == "action":
                return _on_action(db_session, settings, org, user, inbound, lang, now)
            return _on_text(db_session, settings, org, user, inbound, lang, now)
    except DispatchError as e:
        return Card(message("chat_refused", lang, why=e.message), ok=False)


# ------------------------------------------------------------------------------- texts

_MENTION = re.compile(r"@_user_\d+|@\S+\s")
_BIND = re.compile(r"^(?:绑定|bind)\s*#?(\d+)$", re.I)
_PROBLEM = re.compile(r"^(?:问题|problem)\s*(?:#(\d+))?\s*[：:]\s*(.+)$", re.I | re.S)
_TODO = re.compile(r"^(?:待办|我的待办|todo|my items)$", re.I)
_HELP = re.compile(r"^(?:帮助|help|\?|？)?$", re.I)


def clean_text(text: str) -> str:
    """The words without the @bot mention the platform leaves in."""
    return " ".join(_MENTION.sub(" ", f"{text} ").split())


def _on_text(db_session: Session, settings: Settings, org: Org, user: User,
             inbound: Inbound, lang: str, now: dt.datetime) -> Card:
    text = clean_text(inbound.text)
    if _HELP.match(text):
        return Card(message("chat_help", lang))
    if m := _BIND.match(text):
        return _bind(db_session, org, user, inbound, int(m.group(1)), lang)
    if m := _PROBLEM.match(text):
        return _raise(db_session, settings, org, user, inbound, m.group(1), m.group(2), lang,
                      now)
    if _TODO.match(text):
        return todo(db_session=db_session, org=org, user=user, lang=lang)
    return _submit(db_session, settings, org, user, inbound, text, lang, now)


def _who(org: Org, user: User) -> str:
    return org.person(user.staff_id).name if user.staff_id and org.has_person(user.staff_id) \
        else user.name


def _submit(db_session: Session, settings: Settings, org: Org, user: User, inbound: Inbound,
            text: str, lang: str, now: dt.datetime) -> Card:
    """A request (one department) or a collaboration (several), routed as on the web."""
    from dispatch.requests import routing

    try:
        parts = routing.suggest_parts(settings=settings, org=org, text=text)
    except routing.NoModel:
        parts = []  # no model published: one request, which waits in triage with the reason
    except DispatchError:
        raise
    except Exception as e:  # noqa: BLE001 - no model yet: the request waits in triage, as on the web
        log.warning("chat: the splitter could not be used (%s); one request", type(e).__name__)
        parts = []
    if len(parts) >= 2:
        return _start_collab(db_session, settings, org, user, inbound, text, parts, lang, now)
    from dispatch.requests import flows as rflows
    from dispatch.requests.service import RequestIn

    prepared = rflows.prepare_submission(settings=settings, org=org, user=user,
                                         data=RequestIn(text=text), now=now)
    req = rflows.store_submission(db_session=db_session, org=org, user=user,
                                  prepared=prepared)
    line = message("chat_request_line", lang, id=req.id, title=req.title)
    if prepared.routed is None:
        return Card(message("chat_triage", lang), [line, prepared.error or ""],
                    link=f"/requests/{req.id}")
    top = prepared.routed.prediction.departments[0]
    score = f"{top.score:.2f}"
    if req.department:
        return Card(message("chat_routed", lang, dept=org.department_name(req.department)),
                    [line, message("chat_confidence", lang, score=score)],
                    link=f"/requests/{req.id}")
    return Card(message("chat_triage", lang),
                [line, message("chat_suggested", lang, dept=org.department_name(top.id),
                               score=score)], link=f"/requests/{req.id}")


def _title_of(text: str) -> str:
    first = re.split(r"[。！？!?\n；;]", text, maxsplit=1)[0].strip() or text
    return first if len(first) <= 40 else first[:39] + "…"


def _start_collab(db_session: Session, settings: Settings, org: Org, user: User,
                  inbound: Inbound, text: str, parts: list[Any], lang: str,
                  now: dt.datetime) -> Card:
    from dispatch.collab import flows as cflows
    from dispatch.collab.service import CollabIn, PartIn

    data = CollabIn(title=_title_of(text), background=text,
                    parts=[PartIn(department=p.department, text=p.text,
                                  role=p.role.value if hasattr(p.role, "value") else p.role)
                           for p in parts])
    c = cflows.start(db_session=db_session, settings=settings, org=org, user=user, data=data,
                     now=now)
    if inbound.group and inbound.chat_id:
        _bind_row(db_session, inbound.platform, inbound.chat_id, c.id)
    score = {p.department: p.score for p in parts}
    lines = [message("chat_part_line", lang, dept=org.department_name(p.department),
                     role=message(f"chat_{p.role}", lang),
                     score=f"{score.get(p.department, 0):.2f}", text=p.text or "-")
             for p in c.parts]
    return Card(message("chat_collab", lang, id=c.id, n=len(c.parts)), lines,
                link=cflows.link(c))


def _bind_row(db_session: Session, platform: str, chat_id: str, collab_id: int) -> None:
    row = db_session.scalars(select(ChatBinding).where(
        ChatBinding.platform == platform, ChatBinding.chat_id == chat_id)).first()
    if row is None:
        db_session.add(ChatBinding(platform=platform, chat_id=chat_id,
                                   collaboration_id=collab_id))
    else:
        row.collaboration_id = collab_id
    db_session.flush()


def _bind(db_session: Session, org: Org, user: User, inbound: Inbound, cid: int,
          lang: str) -> Card:
    from dispatch.collab import flows as cflows
    from dispatch.collab import service as cservice

    if not inbound.group or not inbound.chat_id:
        raise InvalidInput("bind: only a group chat is tied to a collaboration")
    c = cservice.get_or_404(db_session=db_session, collab_id=cid)
    cflows.check_read(user, c, org)
    _bind_row(db_session, inbound.platform, inbound.chat_id, c.id)
    return Card(message("chat_bound", lang, id=c.id, title=c.title), link=cflows.link(c))


def _raise(db_session: Session, settings: Settings, org: Org, user: User, inbound: Inbound,
           cid: str | None, text: str, lang: str, now: dt.datetime) -> Card:
    from dispatch.problems import flows as pflows
    from dispatch.problems.service import ProblemIn

    target: int | None = int(cid) if cid else None
    if target is None and inbound.chat_id:
        row = db_session.scalars(select(ChatBinding).where(
            ChatBinding.platform == inbound.platform,
            ChatBinding.chat_id == inbound.chat_id)).first()
        target = row.collaboration_id if row else None
    if target is None:
        return Card(message("chat_not_bound", lang), ok=False)
    p = pflows.raise_problem(db_session=db_session, settings=settings, org=org, user=user,
                             data=ProblemIn(target_kind="collab", target_id=target,
                                            description=text.strip(), severity="中"),
                             now=now)
    return Card(message("chat_problem", lang, id=p.id, severity=p.severity,
                        dept=org.department_name(p.responsible_department), due=p.due.isoformat()),
                [p.description[:200]], link=pflows.link(p))


# ----------------------------------------------------------------------------- buttons


def _ints(parts: list[str], n: int, act: str) -> list[int]:
    if len(parts) != n or not all(x.isdigit() for x in parts):
        raise InvalidInput(f"button {act!r}: malformed")
    return [int(x) for x in parts]


def _on_action(db_session: Session, settings: Settings, org: Org, user: User,
               inbound: Inbound, lang: str, now: dt.datetime) -> Card:
    name, *args = (inbound.act or "").split(":")
    if name not in ACTIONS:
        raise InvalidInput(f"unknown button {name!r}")
    if name.startswith("part."):
        return _part_action(db_session, org, user, name, _ints(args, 2, name), inbound, lang,
                            now)
    # a head's approve / decline names the request it was shown ("item.approve:<id>:<n>");
    # buttons sent before they did name only the follow-up
    decides = name in ("item.approve", "item.decline") and len(args) == 2
    fid, *asked = _ints(args, 2 if decides else 1, name)
    return _item_action(db_session, org, user, name, fid, inbound, lang,
                        asked=asked[0] if asked else None)


def _part_action(db_session: Session, org: Org, user: User, name: str, ids: list[int],
                 inbound: Inbound, lang: str, now: dt.datetime) -> Card:
    from dispatch.collab import flows as cflows
    from dispatch.collab import service as cservice

    c = cservice.get_or_404(db_session=db_session, collab_id=ids[0])
    part = cservice.part_or_404(c, ids[1])
    action = "accept" if name == "part.accept" else "return"
    reason = (inbound.form.get("reason") or "").strip()
    cflows.act(db_session=db_session, org=org, user=user, c=c, part=part, action=action,
               note=reason, now=now)  # check_act: the clicker must be its liaison or head
    what = f"{org.department_name(part.department)} · {message('chat_btn_' + action, lang)}"
    return Card(message("chat_done", lang, who=_who(org, user), what=what),
                [f"#{c.id} {c.title}"] + ([reason] if reason else []), link=cflows.link(c))


def _item_action(db_session: Session, org: Org, user: User, name: str, fid: int,
                 inbound: Inbound, lang: str, asked: int | None = None) -> Card:
    from dispatch.followups import service as fservice

    fu = fservice.get(db_session=db_session, followup_id=fid)
    by = user.staff_id or user.name
    if name in ("item.done", "item.new_date"):
        if not fservice.may_act(user=user, fu=fu):
            raise Forbidden(f"only the owners of '{fu.title}' (or a planner) do this")
        if name == "item.done":
            fservice.complete(db_session=db_session, followup_id=fu.id, by=by,
                              note="from the chat")
        else:
            try:
                day = dt.date.fromisoformat((inbound.form.get("due") or "").strip())
            except ValueError:
                raise InvalidInput("due: give the new date as YYYY-MM-DD") from None
            fservice.request_new_date(db_session=db_session, followup_id=fu.id, due=day,
                                      by=by, note=inbound.form.get("reason"), org=org)
    else:
        if not fservice.may_decide_date(user=user, fu=fu, org=org):
            raise Forbidden(f"only the head asked about '{fu.title}' (or a planner) decides "
                            "its new date")
        if asked is not None and (fu.requested_due is None
                                  or fservice.date_requests(fu) != asked):
            # like a head link: a card decides the request it showed, not a later one
            now = f"the date asked now is {fu.requested_due}" if fu.requested_due else \
                "no new date is asked now"
            raise Conflict(f"this card was about an earlier request for a new date of "
                           f"'{fu.title}'; {now}",
                           details={"requested_due": str(fu.requested_due)
                                    if fu.requested_due else None})
        if name == "item.approve":
            if fu.requested_due is None:
                raise InvalidInput("there is no requested date to approve")
            fservice.reschedule(db_session=db_session, followup_id=fu.id,
                                due=fu.requested_due, by=by, note="approved from the chat",
                                org=org)
        else:
            fservice.decline_request(db_session=db_session, followup_id=fu.id, by=by)
    label = message("chat_btn_" + name.split(".")[1], lang)
    return Card(message("chat_done", lang, who=_who(org, user), what=f"{fu.title} · {label}"),
                [f"{fu.status} · {fu.due_date.isoformat()}"], link=fu.link)


# -------------------------------------------------------------------------------- todo


def todo(*, db_session: Session, org: Org, user: User, lang: str) -> Card:
    """What waits for this person, each with its buttons: parts to accept (as liaison or
    head), their open action items, new dates they are asked to decide."""
    from dispatch.collab import flows as cflows
    from dispatch.followups import service as fservice

    lines: list[str] = []
    buttons: list[Button] = []
    for c, part in _parts_to_accept(db_session, org, user, cflows):
        lines.append(message("chat_todo_part", lang, cid=c.id, title=c.title,
                             dept=org.department_name(part.department)))
        buttons += [Button(message("chat_btn_accept", lang), f"part.accept:{c.id}:{part.id}"),
                    Button(message("chat_btn_return", lang), f"part.return:{c.id}:{part.id}",
                           needs="reason")]
    for fu in fservice.list_followups(db_session=db_session, status="open", limit=200):
        if user.staff_id in (fu.owners or []):
            lines.append(message("chat_todo_item", lang, title=fu.title,
                                 due=fu.due_date.isoformat()))
            buttons += [Button(message("chat_btn_done", lang), f"item.done:{fu.id}"),
                        Button(message("chat_btn_new_date", lang), f"item.new_date:{fu.id}",
                               needs="due")]
        if fu.requested_due is not None and user.staff_id and \
                fservice.may_decide_date(user=user, fu=fu, org=org) and \
                user.staff_id not in (fu.owners or []):
            lines.append(message("chat_todo_date", lang, title=fu.title,
                                 due=fu.requested_due.isoformat()))
            asked = fservice.date_requests(fu)
            buttons += [Button(message("chat_btn_approve", lang),
                               f"item.approve:{fu.id}:{asked}"),
                        Button(message("chat_btn_decline", lang),
                               f"item.decline:{fu.id}:{asked}")]
    return Card(message("chat_todo", lang, n=len(lines)), lines[:20], buttons[:20])


def _parts_to_accept(db_session: Session, org: Org, user: User, cflows: Any) -> list[Any]:
    from dispatch.collab import service as cservice

    out = []
    for c in cservice.list_collabs(db_session=db_session, state="open"):
        for part in c.parts:
            if part.state == "pending" and user.staff_id and cflows.may_act(user, part, org) \
                    and not cflows.is_coordinator(user, org):
                out.append((c, part))
    return out
