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
from dispatch.messages import format_day, message, org_language
from dispatch.notifications.service import absolute_link, enqueue
from dispatch.settings import get_settings
from models.org import Org


def _due_text(fu: FollowUp, org: Org | None, lang: str) -> str:
    if fu.due_at is not None:
        tz = org.tz if org is not None else dt.UTC
        local = fu.due_at.astimezone(tz)
        return f"{format_day(local.date(), lang)} {local:%H:%M}"
    return format_day(fu.due_date, lang)


def _names(org: Org | None, ids: list[str], lang: str) -> str:
    names = [org.person(i).name if org is not None and org.has_person(i) else i for i in ids]
    return message("list_sep", lang).join(names) or message("nobody", lang)


def lang_of(fu: FollowUp, org: Org | None) -> str:
    """The follow-up's own language when it was given one, else the organisation's."""
    if fu.lang in ("zh", "en"):
        return fu.lang
    return org_language(org)


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


def buttons(fu: FollowUp, lang: str, *, head: bool = False) -> list[dict[str, object]]:
    """The card buttons of a personal message: the acts the chat callbacks understand
    (dispatch.chat.service) and, for platforms whose cards cannot call back, the person's
    own signed link. Done / new date for an owner, approve / decline for the head."""
    if head:
        from dispatch.followups.service import date_requests

        url, asked = decision_link(fu), date_requests(fu)  # the request this card is about
        return [{"label": message("chat_btn_approve", lang),
                 "act": f"item.approve:{fu.id}:{asked}", "url": url},
                {"label": message("chat_btn_decline", lang),
                 "act": f"item.decline:{fu.id}:{asked}", "url": url}]
    links = action_links(fu)
    return [{"label": message("chat_btn_done", lang), "act": f"item.done:{fu.id}",
             "url": links["done"]},
            {"label": message("chat_btn_new_date", lang), "act": f"item.new_date:{fu.id}",
             "needs": "due", "url": links["new_date"]}]


def _send(*, db_session: Session, private: str | None, payload: dict[str, object],
          body: str, private_to: list[str] | None = None,
          private_buttons: list[dict[str, object]] | None = None, **kw: object) -> None:
    """Queue a message: what changed to the group, the personal links to the person only.

    Action links are bearer credentials. Posted to a department chat, any colleague could
    mark an owner's item done, and an owner could approve their own new date with the
    head's link. So the group (bots) gets the message without them, and the links go to
    each recipient's (or ``private_to``'s) own address in a second message: a direct app
    message with ``private_buttons`` on its card where the person can be reached so, else
    an e-mail (notifications.service.enqueue).
    """
    public = {k: v for k, v in payload.items() if k != "actions"}
    if private_buttons:
        payload = {**payload, "buttons": private_buttons}
    if not private:
        enqueue(db_session=db_session, payload=public, body=body, **kw)  # type: ignore[arg-type]
        return
    where = message("fu_links_sent", str(kw.get("lang") or "zh"))
    enqueue(db_session=db_session, payload=public, body=body + where, email=False,
            **kw)  # type: ignore[arg-type]
    to = kw.get("recipients") if private_to is None else private_to
    if to:
        enqueue(db_session=db_session, payload=payload, body=f"{body}\n{private}", bots=False,
                email=True, **{**kw, "recipients": to, "department": None})  # type: ignore[arg-type]


def _actions_text(fu: FollowUp, lang: str) -> str:
    links = action_links(fu)
    return message("fu_actions", lang, done=links["done"], new_date=links["new_date"])


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
    subject = message("fu_assigned_subject", lang, title=fu.title)
    body = message("fu_assigned_body", lang, due=due)
    _send(db_session=db_session, event=f"{fu.kind}.assigned", recipients=fu.owners,
          subject=subject, body=body, private=_actions_text(fu, lang), link=fu.link,
          private_buttons=buttons(fu, lang),
          lang=lang, dedupe_key=f"followup:{fu.id}:assigned:v{fu.version}",
          payload=_payload(fu, "assigned"), org=org)


def ask_head(*, db_session: Session, fu: FollowUp, org: Org | None, by: str) -> None:
    lang = lang_of(fu, org)
    head = head_of(fu, org)
    new = format_day(fu.requested_due, lang) if fu.requested_due else "?"
    subject = message("fu_ask_subject", lang, title=fu.title)
    body = message("fu_ask_body", lang, who=_names(org, [by], lang),
                   due=_due_text(fu, org, lang), new=new,
                   note=fu.request_note or message("none_given", lang))
    decide = message("fu_decide", lang, link=decision_link(fu)).lstrip("\n")
    _send(db_session=db_session, event=f"{fu.kind}.new_date_requested",
          recipients=[head] if head else [], subject=subject, body=body, link=fu.link,
          private=decide if head else None, lang=lang,
          private_buttons=buttons(fu, lang, head=True),
          department=fu.department if head is None else None,
          dedupe_key=f"followup:{fu.id}:request:v{fu.version}:{new}",
          payload=_payload(fu, "new_date_requested"), org=org)


def head_of(fu: FollowUp, org: Org | None) -> str | None:
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
    words = {"title": fu.title, "due": due, "owners": owners, "n": stage.working_days,
             "dept": fu.department or "-"}
    if stage.name == "escalate_head":
        head = head_of(fu, org)
        if head is None:
            return False
        recipients, department = [head, *[o for o in fu.owners if o != head]], None
        subject = message("fu_head_subject", lang, **words)
        body = message("fu_head_body", lang, **words)
    elif stage.name == "escalate_committee":
        if not policy.committee:
            return False
        recipients = list(policy.committee)
        subject = message("fu_committee_subject", lang, **words)
        body = message("fu_committee_body", lang, **words)
    else:  # before, due, overdue
        subject = message(f"fu_{stage.name}_subject", lang, **words)
        body = message(f"fu_{stage.name}_body", lang, **words)
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
        head = head_of(fu, org)
        if fu.owners and len(away) == len(fu.owners) and head and head not in recipients:
            recipients.append(head)
            body += message("fu_on_leave", lang, owners=owners)
    # the links are the owners' (an on-leave head told as well gets the message, not them)
    _send(db_session=db_session, event=event, recipients=recipients, subject=subject,
          body=body, link=fu.link, lang=lang, dedupe_key=key, department=department,
          payload=_payload(fu, stage.name), org=org, private=private,
          private_to=list(fu.owners), private_buttons=buttons(fu, lang) if private else None)
    return True
