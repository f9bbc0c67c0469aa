"""Collaboration pages: 《跨部门协作需求登记表》, the board, a liaison's part inbox, plan
approval. The pages call ``dispatch.collab.flows`` directly, so a page never allows more
than the API would; a refused step comes back as a message on the same page.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import Form, Request
from fastapi.responses import Response

from api.deps import SessionDep, SettingsDep
from api.web import charts
from api.web.core import (
    check_csrf,
    flash,
    lang_of,
    page_router,
    pop_flash,
    render,
    require,
    saved,
)
from dispatch.collab import flows, service
from dispatch.collab.service import CollabIn, MilestoneIn, PartIn
from dispatch.errors import DispatchError, InvalidInput
from dispatch.messages import note_text, translate
from dispatch.orgdir import people
from dispatch.orgdir import service as org_service
from models.org import Org

router = page_router()
# Time the solver gets for a plan asked on the board, and how often the board reloads
# itself while the worker solves it.
PAGE_TIME_LIMIT_S = 5.0
PLAN_POLL_S = 2
WEEKDAYS = {"zh": "一二三四五六日", "en": "MTWTFSS"}


def _org(session: Any) -> Org:
    return org_service.require_org(db_session=session)


def parse_milestones(text: str) -> list[MilestoneIn]:
    """One milestone a line: ``名称 2026-12-20`` or ``名称=2026-12-20``."""
    out = []
    for i, raw in enumerate((text or "").splitlines()):
        line = raw.strip()
        if not line:
            continue
        name, _, day = line.replace("=", " ").rpartition(" ")
        try:
            out.append(MilestoneIn(name.strip(), dt.date.fromisoformat(day.strip())))
        except ValueError:
            raise InvalidInput(f"milestones (line {i + 1}): {line!r} is not 'name "
                               "YYYY-MM-DD'", key="collab_err_milestone_line",
                               args={"n": i + 1, "line": line}) from None
    return out


@router.get("/collab/new")
def new(request: Request, session: SessionDep) -> Response:
    user = require(request, session)
    org = _org(session)
    return render(request, "collab/new.html", user=user, org=org, form={}, chosen={},
                  today=org.today())


async def _form_parts(request: Request) -> tuple[dict[str, str], str]:
    """The departments ticked on the form, each with its text, and the lead."""
    data = await request.form()
    chosen = {str(k)[5:]: str(v) for k, v in data.items()
              if str(k).startswith("part_") and str(data.get(f"pick_{str(k)[5:]}", ""))}
    return chosen, str(data.get("lead", ""))


@router.post("/collab/new")
async def submit(request: Request, session: SessionDep, settings: SettingsDep,
                 title: Annotated[str, Form()] = "", background: Annotated[str, Form()] = "",
                 goal: Annotated[str, Form()] = "",
                 expected_outcome: Annotated[str, Form()] = "",
                 urgency: Annotated[str, Form()] = "normal", due: Annotated[str, Form()] = "",
                 milestones: Annotated[str, Form()] = "", op: Annotated[str, Form()] = "",
                 csrf_token: Annotated[str, Form()] = "") -> Response:
    """「建议部门」 fills the departments from the text; 「提交」 starts the collaboration.
    A refused form comes back filled in with the reason."""
    user = require(request, session)
    check_csrf(request, csrf_token)
    org = _org(session)
    form = {"title": title, "background": background, "goal": goal,
            "expected_outcome": expected_outcome, "urgency": urgency, "due": due,
            "milestones": milestones}
    chosen, lead = await _form_parts(request)

    def again(status: int, error: str | None = None, suggested: bool = False) -> Response:
        return render(request, "collab/new.html", status_code=status, user=user, org=org,
                      form=form, chosen=chosen, lead=lead, error=error, suggested=suggested,
                      today=org.today())

    if op == "suggest":
        # the background is the ask (the title is a label: 「新品发布会」 alone reads as
        # marketing's work); the title is split only when nothing else is written
        text = background.strip() or title.strip()
        if not text.strip():
            return again(422, translate("collab_suggest_empty", lang_of(request)))
        try:
            parts = flows.suggest_parts(settings=settings, org=org, text=text)
        except DispatchError as e:
            return again(e.status, e.said(lang_of(request, org)))
        chosen = {p["department"]: p.get("text", "") for p in parts}
        lead = next((p["department"] for p in parts if p.get("role") == "lead"), "")
        return again(200, suggested=True)
    try:
        when = dt.date.fromisoformat(due) if due.strip() else None
    except ValueError:
        return again(422, InvalidInput(f"due: {due!r} is not a date", key="err_not_a_date",
                                       args={"value": due}).said(lang_of(request, org)))
    try:
        data = CollabIn(title=title, background=background, goal=goal,
                        expected_outcome=expected_outcome, urgency=urgency,
                        parts=[PartIn(d, txt, "lead" if d == lead else None)
                               for d, txt in chosen.items()],
                        milestones=parse_milestones(milestones), due=when)
        c = flows.start(db_session=session, settings=settings, org=org, user=user, data=data)
    except DispatchError as e:
        return again(e.status, e.said(lang_of(request, org)))
    return saved(session, f"/collab/{c.id}")


@router.get("/collab")
def index(request: Request, session: SessionDep, state: str | None = None) -> Response:
    user = require(request, session)
    org = _org(session)
    rows = flows.visible(db_session=session, org=org, user=user, state=state or None,
                         limit=200)
    data = service.to_dicts(rows, org=org, db_session=session, today=flows._today(org))
    return render(request, "collab/list.html", user=user, org=org, rows=data, state=state)


@router.get("/collab/inbox")
def inbox(request: Request, session: SessionDep) -> Response:
    """Parts waiting for (or being worked by) the departments this person answers for."""
    user = require(request, session)
    org = _org(session)
    today = flows._today(org)
    rows = flows.inbox(db_session=session, org=org, user=user)
    return render(request, "collab/inbox.html", user=user, org=org, rows=rows, today=today,
                  flash=pop_flash(request))


def gantt(org: Org, c: dict[str, Any], lang: str) -> charts.Chart | None:
    """The approved (or proposed) plan's Gantt, with the milestones drawn across it."""
    plan = c.get("plan")
    if not plan or not plan["assignments"]:
        return None
    def dept(d: str) -> str:
        return org.department(d).name if org.has_department(d) else d

    tasks = {t["work_task"]: {"title": f"{dept(t['department'])}·{t['title']}", "due": t["due"]}
             for t in c["tasks"]}
    days_worked = [d for a in plan["assignments"] for d in a["hours"]]
    start = dt.date.fromisoformat(min(days_worked))
    last = max([dt.date.fromisoformat(d) for d in days_worked]
               + [dt.date.fromisoformat(m["date"]) for m in c["milestones"]])
    days = [start + dt.timedelta(days=i) for i in range((last - start).days + 1)]
    chart = charts.gantt(org, days, {"assignments": plan["assignments"]}, tasks,
                         weekdays=WEEKDAYS.get(lang, WEEKDAYS["zh"]))
    index = {d.isoformat(): i for i, d in enumerate(days)}
    label_w, col = 250, 56
    for m in c["milestones"]:
        if m["date"] in index:
            x = label_w + (index[m["date"]] + 1) * col
            chart.lines.append({"x1": x, "y1": 0, "x2": x, "y2": chart.height,
                                "cls": "milestone"})
            chart.labels.append(charts.Label(x - 3, chart.height - 4, f"◆ {m['name']}", "end",
                                             "milestone"))
    chart.height += 4
    return chart


@router.get("/collab/{collab_id}")
def board(collab_id: int, request: Request, session: SessionDep) -> Response:
    """The board: parts and tasks with status and risk, RACI, Gantt, plan, closing."""
    user = require(request, session)
    org = _org(session)
    c = service.get_or_404(db_session=session, collab_id=collab_id)
    flows.check_read(user, c, org)
    return _board(request, session, user, org, c, flash=pop_flash(request))


def _board(request: Request, session: Any, user: Any, org: Org, c: Any,
           flash: dict[str, Any] | None = None, kept: dict[str, str] | None = None,
           status_code: int = 200) -> Response:
    """The board page; ``kept``: what a refused step's form held, shown again in it."""
    data = service.to_dict(c, org=org, db_session=session, today=flows._today(org))
    perms = flows.permissions(user, c, org)
    # the plan asked last: "solving…" (the board reloads) until the worker stores it; an
    # error if it failed; "no worker" (and no more reloads) if nothing is doing the jobs
    solving = flows.plan_solving(db_session=session, c=c, lang=lang_of(request, org))
    return render(request, "collab/board.html", status_code=status_code, user=user, org=org,
                  c=data, solving=solving, poll_s=PLAN_POLL_S, flash=flash,
                  kept=kept or {}, gantt=gantt(org, data, lang_of(request)),
                  addable=[p for p in data["parts"] if perms["can"][p["id"]]
                           and p["state"] in ("accepted", "in_progress")],
                  # kick-off minutes and the 复盘: the requester, the lead's people, planners
                  # (flows.add_minutes / flows.retro check the same)
                  can_minutes=perms["can_plan"] or perms["is_requester"], **perms)


@router.post("/collab/{collab_id}/act")
async def act(collab_id: int, request: Request, session: SessionDep,
              op: Annotated[str, Form()], part_id: Annotated[str, Form()] = "",
              task_id: Annotated[str, Form()] = "", note: Annotated[str, Form()] = "",
              department: Annotated[str, Form()] = "", title: Annotated[str, Form()] = "",
              effort_hours: Annotated[str, Form()] = "", milestone: Annotated[str, Form()] = "",
              skills: Annotated[str, Form()] = "", done_hours: Annotated[str, Form()] = "",
              responsible: Annotated[str, Form()] = "",
              score: Annotated[str, Form()] = "", went_well: Annotated[str, Form()] = "",
              to_change: Annotated[str, Form()] = "", minutes: Annotated[str, Form()] = "",
              next: Annotated[str, Form()] = "", seen: Annotated[str, Form()] = "",
              csrf_token: Annotated[str, Form()] = "") -> Response:
    """One step from the board or the inbox; a refusal is shown on the page it came from."""
    user = require(request, session)
    check_csrf(request, csrf_token)
    org = _org(session)
    c = service.get_or_404(db_session=session, collab_id=collab_id)
    flows.check_read(user, c, org)
    back = next if next in ("/collab/inbox",) else f"/collab/{collab_id}"
    try:
        if op in ("accept", "return", "start", "finish", "reassign"):
            part = service.part_or_404(c, int(part_id or 0))
            flows.act(db_session=session, org=org, user=user, c=c, part=part, action=op,
                      note=note, department=department.strip() or None, seen=seen or None)
        elif op == "add_task":
            part = service.part_or_404(c, int(part_id or 0))
            fields: dict[str, Any] = {"title": title, "effort_hours": effort_hours,
                                      "skills": [s.strip() for s in skills.replace("，", ",")
                                                 .split(",") if s.strip()]}
            if milestone:
                fields["milestone"] = milestone
            if responsible.strip():  # chosen by name, alias or pinyin, never a raw id
                who = people.resolve(org, responsible, "responsible")
                if org.person(who).department != part.department:
                    raise InvalidInput(f"responsible: {org.person(who).name} does not work in "
                                       f"{part.department}", key="collab_err_responsible",
                                       args={"name": org.person(who).name,
                                             "dept": org.department_name(part.department)})
                fields["raci"] = service.default_raci(c, org, part, responsible=who)
            flows.add_task(db_session=session, org=org, user=user, c=c, part=part,
                           fields=fields)
        elif op == "progress":
            # an empty box is a slip, not "finished": the task's own button finishes it
            if not done_hours.strip():
                raise InvalidInput(translate("collab_hours_needed", lang_of(request, org)))
            flows.update_task(db_session=session, org=org, user=user, c=c,
                              task_id=int(task_id or 0), fields={"done_hours": done_hours})
        elif op == "task_done":
            flows.update_task(db_session=session, org=org, user=user, c=c,
                              task_id=int(task_id or 0), fields={"status": "done"})
        elif op == "minutes":
            out = flows.add_minutes(db_session=session, org=org, user=user, c=c,
                                    data=minutes.encode("utf-8"), filename="kickoff.md")
            if out["skipped"]:
                lang = lang_of(request, org)
                said = ("；" if lang == "zh" else "; ").join(
                    f"{x['task'][:30]}: "
                    f"{note_text(x['reason_key'], x['reason_args'], lang) or x['reason']}"
                    for x in out["skipped"])
                if not out["added"]:  # nothing stored: the minutes stay in their box
                    raise InvalidInput(said)
                flash(request, "error", said)
                return saved(session, back)
        elif op == "plan":  # solved by the worker: the board shows "solving…" meanwhile
            flows.request_plan(db_session=session, org=org, user=user, c=c,
                               time_limit=PAGE_TIME_LIMIT_S,
                               inline=bool(request.app.state.settings.jobs_inline))
        elif op == "approve":
            flows.approve(db_session=session, org=org, user=user, c=c)
        elif op == "accept_result":
            flows.accept_result(db_session=session, org=org, user=user, c=c, note=note)
        elif op == "reopen":
            flows.reopen(db_session=session, org=org, user=user, c=c, reason=note,
                         departments=[department] if department.strip() else None)
        elif op == "rate":
            flows.rate(db_session=session, org=org, user=user, c=c, department=department,
                       score=score, comment=note)
        elif op == "retro":
            flows.retro(db_session=session, org=org, user=user, c=c, went_well=went_well,
                        to_change=to_change)
        else:
            raise InvalidInput(f"op: unknown step {op!r}")
    except DispatchError as e:
        if e.status == 403:
            raise  # the error page: this person may not do this at all
        session.rollback()  # nothing of a refused step stays
        return _refused(request, session, user, org, collab_id, back, e.status,
                        e.said(lang_of(request, org)),
                        kept={"op": op, "part_id": part_id, "title": title,
                              "effort_hours": effort_hours, "skills": skills,
                              "responsible": responsible, "milestone": milestone,
                              "minutes": minutes, "note": note, "went_well": went_well,
                              "to_change": to_change, "task_id": task_id,
                              "done_hours": done_hours})
    except ValueError:
        session.rollback()
        return _refused(request, session, user, org, collab_id, back, 422,
                        "part_id / task_id: not a number")
    flash(request, "ok", f"collab_done_{op}")
    return saved(session, back)


def _refused(request: Request, session: Any, user: Any, org: Org, collab_id: int, back: str,
             status: int, message: str, kept: dict[str, str] | None = None) -> Response:
    """A refused step: the board again, at once, with the reason and what its form held
    (a redirect would empty the task, the kick-off minutes or the 复盘 the person typed);
    from the inbox, the inbox with the reason."""
    if back != f"/collab/{collab_id}":
        flash(request, "error", message)
        return saved(session, back)
    c = service.get_or_404(db_session=session, collab_id=collab_id)
    return _board(request, session, user, org, c, flash={"kind": "error", "message": message},
                  kept=kept, status_code=status)
