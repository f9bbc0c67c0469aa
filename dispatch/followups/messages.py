"""The words of follow-up messages (zh / en) and who receives them.

Every message goes through the notifications outbox with a dedupe key, in the caller's
transaction, so a reminder is queued exactly once however often the sweep runs.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from dispatch.followups.models import FollowUp
from dispatch.followups.policy import Policy, Stage
from dispatch.notifications.service import absolute_link, enqueue
from dispatch.settings import get_settings
from models.org import Org

_WD_ZH = "一二三四五六日"


def _day(d: dt.date, lang: str) -> str:
    if lang == "en":
        return d.strftime("%a %d %b %Y")
    return f"{d.month}月{d.day}日（周{_WD_ZH[d.weekday()]}）"


def _due_text(fu: FollowUp, org: Org | None, lang: str) -> str:
    if fu.due_at is not None:
        tz = org.tz if org is not None else dt.UTC
        local = fu.due_at.astimezone(tz)
        return f"{_day(local.date(), lang)} {local:%H:%M}"
    return _day(fu.due_date, lang)


def _names(org: Org | None, ids: list[str], lang: str) -> str:
    names = [org.person(i).name if org is not None and org.has_person(i) else i for i in ids]
    return ("、" if lang == "zh" else ", ").join(names) or ("（未指定）" if lang == "zh" else "-")


def lang_of(fu: FollowUp, org: Org | None) -> str:
    if fu.lang in ("zh", "en"):
        return fu.lang
    extra = (org.model_extra or {}) if org is not None else {}
    return "en" if str(extra.get("language") or "zh").lower().startswith("en") else "zh"


def action_links(fu: FollowUp) -> dict[str, str]:
    """Absolute signed links: open the action page to mark done or ask for a new date."""
    from dispatch.followups.service import action_token

    url = absolute_link(f"/api/followups/act/{action_token(fu, get_settings().secret_key)}")
    return {"done": f"{url}?action=done", "new_date": f"{url}?action=new_date"}


def decision_link(fu: FollowUp) -> str:
    """The head's signed link to approve or decline a requested date."""
    from dispatch.followups.service import action_token

    token = action_token(fu, get_settings().secret_key, role="head")
    return absolute_link(f"/api/followups/act/{token}") or ""


def _send(*, db_session: Session, private: str | None, payload: dict[str, object],
          body: str, private_to: list[str] | None = None, **kw: object) -> None:
    """Queue a message: what changed to the group, the personal links to the person only.

    Action links are bearer credentials. Posted to a department chat, any colleague could
    mark an owner's item done, and an owner could approve their own new date with the
    head's link. So the group (bots) gets the message without them, and the links go to
    each recipient's (or ``private_to``'s) own address (e-mail) in a second message.
    """
    public = {k: v for k, v in payload.items() if k != "actions"}
    if not private:
        enqueue(db_session=db_session, payload=public, body=body, **kw)  # type: ignore[arg-type]
        return
    where = ("\n（操作链接已单独发送给本人）" if kw.get("lang") == "zh" else
             "\n(Action links were sent to the person directly.)")
    enqueue(db_session=db_session, payload=public, body=body + where, email=False,
            **kw)  # type: ignore[arg-type]
    to = kw.get("recipients") if private_to is None else private_to
    if to:
        enqueue(db_session=db_session, payload=payload, body=f"{body}\n{private}", bots=False,
                email=True, **{**kw, "recipients": to, "department": None})  # type: ignore[arg-type]


def _actions_text(fu: FollowUp, lang: str) -> str:
    links = action_links(fu)
    if lang == "en":
        return f"Done? {links['done']}\nNeed another date? {links['new_date']}"
    return f"已完成？{links['done']}\n需要延期？{links['new_date']}"


def _payload(fu: FollowUp, stage: str) -> dict[str, object]:
    return {"followup_id": fu.id, "kind": fu.kind, "ref_id": fu.ref_id, "stage": stage,
            "owners": fu.owners, "department": fu.department,
            "due_date": fu.due_date.isoformat(),
            "due_at": fu.due_at.isoformat() if fu.due_at else None,
            "actions": action_links(fu)}


def announce(*, db_session: Session, fu: FollowUp, org: Org | None) -> None:
    """Tell the owners about a new (or re-dated) obligation."""
    lang = lang_of(fu, org)
    due = _due_text(fu, org, lang)
    if lang == "en":
        subject, body = f"New for you: {fu.title}", f"Due {due}."
    else:
        subject, body = f"新的待办：{fu.title}", f"截止时间：{due}。"
    _send(db_session=db_session, event=f"{fu.kind}.assigned", recipients=fu.owners,
          subject=subject, body=body, private=_actions_text(fu, lang), link=fu.link,
          lang=lang, dedupe_key=f"followup:{fu.id}:assigned:v{fu.version}",
          payload=_payload(fu, "assigned"), org=org)


def ask_head(*, db_session: Session, fu: FollowUp, org: Org | None, by: str) -> None:
    lang = lang_of(fu, org)
    head = _head(fu, org)
    new = _day(fu.requested_due, lang) if fu.requested_due else "?"
    if lang == "en":
        subject = f"New date asked: {fu.title}"
        body = (f"{_names(org, [by], lang)} asks to move the due date from "
                f"{_due_text(fu, org, lang)} to {new}. Reason: {fu.request_note or '-'}. "
                "Reminders are paused until a planner decides.")
    else:
        subject = f"延期申请：{fu.title}"
        body = (f"{_names(org, [by], lang)} 申请将截止时间由 {_due_text(fu, org, lang)} 调整为 "
                f"{new}。理由：{fu.request_note or '无'}。审批前暂停提醒。")
    decide = (f"Decide: {decision_link(fu)}" if lang == "en"
              else f"同意或驳回：{decision_link(fu)}")
    _send(db_session=db_session, event=f"{fu.kind}.new_date_requested",
          recipients=[head] if head else [], subject=subject, body=body, link=fu.link,
          private=decide if head else None, lang=lang,
          department=fu.department if head is None else None,
          dedupe_key=f"followup:{fu.id}:request:v{fu.version}:{new}",
          payload=_payload(fu, "new_date_requested"), org=org)


def _head(fu: FollowUp, org: Org | None) -> str | None:
    if org is None:
        return None
    depts = [fu.department] if fu.department else []
    depts += [org.person(o).department for o in fu.owners if org.has_person(o)]
    for d in depts:
        if d and org.has_department(d) and org.department(d).head:
            return org.department(d).head
    return None


def committee_fallback(db_session: Session) -> list[str]:
    """Admins linked to staff: the committee when the org file names none."""
    from dispatch.users.models import User

    q = select(User.staff_id).where(User.role == "admin", User.active.is_(True),
                                    User.staff_id.is_not(None)).order_by(User.id)
    return [s for s in db_session.scalars(q) if s]


def send_stage(*, db_session: Session, fu: FollowUp, stage: Stage, org: Org,
               policy: Policy) -> bool:
    """Queue the message of one stage; False when it has nobody to go to."""
    lang = lang_of(fu, org)
    due = _due_text(fu, org, lang)
    owners = _names(org, fu.owners, lang)
    key = f"followup:{fu.id}:{stage.key(fu.due_date)}"
    event = f"{fu.kind}.{stage.name}"
    recipients: list[str] = list(fu.owners)
    department: str | None = None
    zh = lang == "zh"
    if stage.name == "before":
        n = stage.working_days
        subject = (f"即将到期：{fu.title}" if zh else f"Due soon: {fu.title}")
        body = (f"截止时间 {due}，还有 {n} 个工作日。" if zh else
                f"Due {due}; {n} working day{'s' if n != 1 else ''} left.")
    elif stage.name == "due":
        subject = f"今天到期：{fu.title}" if zh else f"Due today: {fu.title}"
        body = f"截止时间 {due}。" if zh else f"Due {due}."
    elif stage.name == "overdue":
        subject = f"已逾期：{fu.title}" if zh else f"Overdue: {fu.title}"
        body = (f"截止时间 {due} 已过，请尽快处理。" if zh else
                f"It was due {due}; please act on it now.")
    elif stage.name == "escalate_head":
        head = _head(fu, org)
        if head is None:
            return False
        recipients, department = [head, *[o for o in fu.owners if o != head]], None
        n = stage.working_days
        subject = (f"督办：{fu.title}（逾期 {n} 个工作日）" if zh else
                   f"Escalated: {fu.title} ({n} working day{'s' if n != 1 else ''} overdue)")
        body = (f"负责人 {owners}，截止时间 {due}，仍未完成，请部门负责人跟进。" if zh else
                f"Owners {owners}; due {due}; still open. Department head, please follow up.")
    else:  # escalate_committee
        if not policy.committee:
            return False
        recipients = list(policy.committee)
        n = stage.working_days
        subject = (f"升级至协调委员会：{fu.title}（逾期 {n} 个工作日）" if zh else
                   f"To the committee: {fu.title} ({n} working days overdue)")
        body = (f"负责人 {owners}（{fu.department or '-'}），截止时间 {due}，"
                f"已逾期 {n} 个工作日且部门负责人督办后仍未完成。" if zh else
                f"Owners {owners} ({fu.department or '-'}); due {due}; {n} working days "
                "overdue after the department head was told.")
    if not recipients:
        if not fu.department:
            return False
        department = fu.department
    private = None
    if stage.name in ("before", "due", "overdue"):
        private = _actions_text(fu, lang)
        # every owner is on leave that day: the department head hears it too
        day = stage.at.astimezone(org.tz).date()
        away = [o for o in fu.owners if org.has_person(o) and org.person(o).on_leave(day)]
        head = _head(fu, org)
        if fu.owners and len(away) == len(fu.owners) and head and head not in recipients:
            recipients.append(head)
            body += (f"\n（负责人 {owners} 今日休假，请部门负责人关注。）" if zh else
                     f"\n(Owners {owners} are on leave today; department head, please "
                     "keep an eye on it.)")
    # the links are the owners' (an on-leave head told as well gets the message, not them)
    _send(db_session=db_session, event=event, recipients=recipients, subject=subject,
          body=body, link=fu.link, lang=lang, dedupe_key=key, department=department,
          payload=_payload(fu, stage.name), org=org, private=private,
          private_to=list(fu.owners))
    return True
