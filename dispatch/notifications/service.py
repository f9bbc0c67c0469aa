"""The outbox: write notifications in the caller's transaction; read and retry them.

Other domains call these (keyword-only, no HTTP, no commit — the caller's transaction
commits the message together with the change that caused it)::

    from dispatch.notifications.service import enqueue, notify_staff, notify_department

    notify_staff(db_session=s, staff_ids=["zhangsan"], event="action_item.assigned",
                 subject="新的待办：完成库存盘点", body="截止 2026-11-27（周五）",
                 link="/minutes/12#item-40", dedupe_key="action_item:40:assigned")

    notify_department(db_session=s, department="logistics", event="request.routed",
                      subject="新的协作请求", body="…", mention=None,  # None: the head
                      link="/requests/7", dedupe_key="request:7:routed:1")

A message goes to the group bot(s) of each recipient's department (or of ``department``
when given; the channels file's ``default`` bots when the department has none) with the
recipients @-mentioned in the platform's syntax, and — when SMTP is configured — one
e-mail to each recipient who has an address. ``dedupe_key`` makes a call idempotent: the
same key never queues the same destination twice. Links that start with "/" are made
absolute with DISPATCH_PUBLIC_BASE_URL.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from dispatch.db import utcnow
from dispatch.errors import Conflict, InvalidInput, NotFound
from dispatch.messages import org_language
from dispatch.notifications import apps as app_channel
from dispatch.notifications.config import (
    Channels,
    ChannelsError,
    NotifySettings,
    load_channels,
)
from dispatch.notifications.models import DeliveryAttempt, Notification
from dispatch.orgdir.service import current_org
from dispatch.settings import get_settings
from models.org import Org

log = logging.getLogger(__name__)

_settings_override: NotifySettings | None = None
PLATFORMS = ("feishu", "dingtalk", "wecom", "slack")


def use_settings(settings: NotifySettings | None) -> None:
    """Make ``settings`` the push settings of this process (tests, benchmarks)."""
    global _settings_override
    _settings_override = settings
    _channels_cache.clear()


def notify_settings() -> NotifySettings:
    return _settings_override or _env_settings()


def _env_settings() -> NotifySettings:
    return get_settings().notifications


# keyed on the org object too: current_org() keeps one Org per snapshot, and the value
# holds a reference to it, so its id cannot be reused while cached
_channels_cache: dict[tuple[str, float, int], tuple[Org | None, Channels]] = {}


def channels_for(org: Org | None) -> Channels:
    """The destinations for ``org`` from the channels file (re-read when it changes)."""
    path = notify_settings().channels_file
    mtime = path.stat().st_mtime if path is not None and path.exists() else 0.0
    key = (str(path), mtime, id(org))
    if key not in _channels_cache:
        if len(_channels_cache) > 8:
            _channels_cache.clear()
        _channels_cache[key] = (org, load_channels(path, org))
    return _channels_cache[key][1]


def absolute_link(link: str | None) -> str | None:
    if not link:
        return None
    if link.startswith("/"):
        return notify_settings().public_base_url.rstrip("/") + link
    return link


def _mention(org: Org | None, staff_id: str) -> dict[str, Any]:
    if org is None or not org.has_person(staff_id):
        return {"staff": staff_id, "name": staff_id, "ids": {}}
    p = org.person(staff_id)
    contacts = {str(k).lower(): v for k, v in (p.contacts or {}).items()}
    if "lark" in contacts and "feishu" not in contacts:
        contacts["feishu"] = contacts["lark"]
    ids = {k: str(contacts[k]) for k in PLATFORMS if contacts.get(k)}
    ids["lark"] = ids.get("feishu", "")
    return {"staff": p.id, "name": p.name, "ids": {k: v for k, v in ids.items() if v}}


def _dedupe(key: str | None, destination: str, address: str | None) -> str | None:
    if not key:
        return None
    full = f"{key}|{destination}|{address or ''}"
    return full if len(full) <= 300 else hashlib.sha256(full.encode()).hexdigest()


def enqueue(*, db_session: Session, event: str, recipients: Sequence[str], subject: str,
            body: str = "", payload: dict[str, Any] | None = None, link: str | None = None,
            lang: str | None = None, dedupe_key: str | None = None,
            department: str | None = None, email: bool | None = None,
            bots: bool = True, org: Org | None = None) -> list[Notification]:
    """Queue one message per destination in the caller's transaction; returns the rows.

    ``recipients`` are staff ids (mentioned, e-mailed); ``department`` sends everything to
    that department's bot instead of each recipient's own. A destination already holding
    ``dedupe_key`` is skipped, so calling twice is safe. Unknown staff or department ids
    raise InvalidInput. A message with nowhere to go is kept as a dead letter that says so.
    ``bots=False`` sends to the recipients' own addresses only: for what must not be
    posted to a group, such as personal action links. A recipient the org file knows on a
    platform whose app can send (``apps:`` in the channels file) gets a direct app message
    (dispatch.notifications.apps, buttons from ``payload["buttons"]``); anyone else an
    e-mail.
    """
    if not event.strip() or not subject.strip():
        raise InvalidInput("a notification needs an event and a subject")
    org = org if org is not None else current_org(db_session=db_session)
    recipients = list(dict.fromkeys(r for r in recipients if r))
    if org is not None:
        unknown = [r for r in recipients if not org.has_person(r)]
        if unknown:
            raise InvalidInput(f"unknown staff id(s): {', '.join(unknown)}",
                               key="err_staff_unknown_list", args={"ids_list": unknown})
        if department is not None and not org.has_department(department):
            raise InvalidInput(f"unknown department {department!r}", key="org_p_dept_unknown",
                               args={"value": department})
    problem = None
    try:
        channels = channels_for(org)
    except ChannelsError as e:  # the caller's change must not fail for our config
        log.error("channels file: %s; notification %s kept as a dead letter", e, event)
        channels, problem = Channels(), f"channels file is broken ({e}); fix it, then retry"
    lang = lang or org_language(org)
    link = absolute_link(link)
    groups: dict[str | None, list[str]] = {}
    if not bots:
        pass
    elif department is not None or not recipients:
        groups[department] = recipients
    else:
        for r in recipients:
            groups.setdefault(org.person(r).department if org else None, []).append(r)

    rows: list[Notification] = []
    common = {"event": event, "subject": subject[:300], "body": body, "payload": payload or {},
              "link": link, "lang": lang}
    for dept, people in groups.items():
        dept_bots = channels.bots_for(dept)
        mentions = [_mention(org, p) for p in people]
        for bot in dept_bots:
            rows.append(Notification(destination=bot.key, kind=bot.kind, recipients=people,
                                     mentions=mentions, **common))
        if not dept_bots and not (channels.smtp and channels.email):
            rows.append(Notification(
                destination=f"unrouted:{dept or '-'}", kind="none", recipients=people,
                mentions=mentions, status="dead",
                last_error=problem or f"no channel configured for department "
                                      f"{dept or '(none)'}; add a bot to the channels file, "
                                      "then retry", **common))
    direct: set[str] = set()
    if not bots:
        apps = app_channel.apps_or_none(notify_settings().channels_file)
        for r in recipients:
            mention = _mention(org, r)
            hit = app_channel.route(apps, mention["ids"])
            if hit is not None:
                rows.append(Notification(destination=f"app:{hit[0]}:{hit[1]}"[:160],
                                         kind=f"{hit[0]}_app", address=hit[1], recipients=[r],
                                         mentions=[mention], **common))
                direct.add(r)
    use_email = channels.email if email is None else email
    if use_email and channels.smtp is not None and org is not None:
        for r in recipients:
            addr = org.person(r).email if r not in direct else None
            if addr:
                rows.append(Notification(destination="email", kind="email", address=addr,
                                         recipients=[r], mentions=[_mention(org, r)], **common))
    out = []
    for row in rows:
        row.dedupe = _dedupe(dedupe_key, row.destination, row.address)
        if row.dedupe and db_session.scalar(
                select(Notification.id).where(Notification.dedupe == row.dedupe)):
            continue
        row.message_id = "msg_" + uuid.uuid4().hex
        row.next_attempt_at = utcnow()
        try:
            with db_session.begin_nested():
                db_session.add(row)
        except IntegrityError:  # a concurrent caller queued the same key first
            continue
        out.append(row)
    if not rows and (bots or use_email):  # a DM-only call may find nobody: by design
        log.warning("notification %s has no destination (no bots, no SMTP)", event)
    return out


def notify_staff(*, db_session: Session, staff_ids: Sequence[str], event: str, subject: str,
                 body: str = "", link: str | None = None, lang: str | None = None,
                 dedupe_key: str | None = None, payload: dict[str, Any] | None = None
                 ) -> list[Notification]:
    """Tell people: their departments' bots @-mention them, and each gets an e-mail."""
    if not staff_ids:
        raise InvalidInput("notify_staff needs at least one staff id")
    return enqueue(db_session=db_session, event=event, recipients=staff_ids, subject=subject,
                   body=body, link=link, lang=lang, dedupe_key=dedupe_key, payload=payload)


def notify_department(*, db_session: Session, department: str, event: str, subject: str,
                      body: str = "", mention: Sequence[str] | None = None,
                      link: str | None = None, lang: str | None = None,
                      dedupe_key: str | None = None, payload: dict[str, Any] | None = None
                      ) -> list[Notification]:
    """Post to a department's group bot, @-mentioning ``mention`` (default: its head)."""
    org = current_org(db_session=db_session)
    if org is not None and not org.has_department(department):
        raise InvalidInput(f"unknown department {department!r}", key="org_p_dept_unknown",
                           args={"value": department})
    if mention is None:
        head = org.department(department).head if org is not None else None
        mention = [head] if head else []
    return enqueue(db_session=db_session, event=event, recipients=mention, subject=subject,
                   body=body, link=link, lang=lang, dedupe_key=dedupe_key,
                   department=department, org=org, payload=payload)


# ------------------------------------------------------------------ reading, retrying

def get(*, db_session: Session, notification_id: int) -> Notification:
    row = db_session.get(Notification, notification_id)
    if row is None:
        raise NotFound(f"no notification {notification_id}", key="nt_err_none",
                       args={"id": notification_id})
    return row


def list_notifications(*, db_session: Session, status: str | None = None,
                       event: str | None = None, limit: int = 100, offset: int = 0
                       ) -> list[Notification]:
    q = select(Notification).order_by(Notification.id.desc()).limit(limit).offset(offset)
    if status:
        q = q.where(Notification.status == status)
    if event:
        q = q.where(Notification.event == event)
    return list(db_session.scalars(q))


def attempts(*, db_session: Session, notification_id: int) -> list[DeliveryAttempt]:
    return list(db_session.scalars(select(DeliveryAttempt).where(
        DeliveryAttempt.notification_id == notification_id).order_by(DeliveryAttempt.id)))


def counts(*, db_session: Session) -> dict[str, int]:
    rows = db_session.execute(select(Notification.status, func.count()).group_by(
        Notification.status)).all()
    return {str(s): int(n) for s, n in rows}  # noqa: C416


def retry(*, db_session: Session, notification_id: int) -> Notification:
    """Put a dead letter back in the queue (same message id); its error stays for history."""
    row = get(db_session=db_session, notification_id=notification_id)
    if row.status != "dead":
        raise Conflict(f"notification {row.id} is {row.status}, only dead letters are retried",
                       key="nt_err_not_dead", args={"id": row.id, "status": row.status})
    row.status, row.attempts, row.throttled = "pending", 0, 0
    row.next_attempt_at, row.claim_token, row.lease_until = utcnow(), None, None
    return row


def retry_dead(*, db_session: Session, event: str | None = None,
               destination: str | None = None) -> int:
    """Queue every dead letter again (e.g. after fixing the channels file); returns how many."""
    q = select(Notification).where(Notification.status == "dead")
    if event:
        q = q.where(Notification.event == event)
    if destination:
        q = q.where(Notification.destination == destination)
    n = 0
    for row in db_session.scalars(q):
        retry(db_session=db_session, notification_id=row.id)
        n += 1
    return n


def to_dict(row: Notification, *, with_body: bool = False) -> dict[str, Any]:
    """The API view: no URL, no secret — destinations are named by key only."""
    d: dict[str, Any] = {
        "id": row.id, "message_id": row.message_id, "event": row.event,
        "destination": row.destination, "kind": row.kind, "address": row.address,
        "recipients": row.recipients, "subject": row.subject, "lang": row.lang,
        "link": row.link, "status": row.status, "attempts": row.attempts,
        "throttled": row.throttled, "next_attempt_at": row.next_attempt_at,
        "last_attempt_at": row.last_attempt_at, "last_status": row.last_status,
        "last_error": row.last_error, "sent_at": row.sent_at, "created_at": row.created_at,
        "digest_id": row.digest_id, "digest_of": row.digest_of,
    }
    if with_body:
        d["body"] = row.body
        d["mentions"] = row.mentions
    return d
