"""Collaboration pages (TestClient): the form with suggested departments, the board, the
part inbox, plan approval and closing; refusals shown in place, nothing half-stored."""

from __future__ import annotations

import datetime as dt

from job_support import work_jobs
from sqlalchemy import func, select

from dispatch.collab.models import Collaboration
from dispatch.jobs import service as jobs
from dispatch.jobs.models import Job
from tests.web.conftest import PASSWORD, Browser


def _form(today: dt.date, **over) -> dict:
    data = {"title": "新品发布会",
            "background": "发布会需要设计部出主视觉海报，同时需要物流部派人搬样机",
            "urgency": "normal", "due": (today + dt.timedelta(days=14)).isoformat(),
            "milestones": f"海报定稿 {(today + dt.timedelta(days=7)).isoformat()}\n"
                          f"发布会 {(today + dt.timedelta(days=14)).isoformat()}",
            "pick_design": "1", "part_design": "设计部出主视觉海报", "lead": "design",
            "pick_logistics": "1", "part_logistics": "物流部派4人把样机搬到会场", "op": "start"}
    data.update(over)
    return data


def test_start_form_board_inbox_and_closing(browser, make_user, org_in_db, db) -> None:
    today = org_in_db.today()
    make_user("zhoujie", "requester", password=PASSWORD, staff_id="zhoujie")
    make_user("liuqiang", "requester", password=PASSWORD, staff_id="liuqiang")
    sec = browser("requester")
    assert "跨部门协作需求登记表" in sec.get("/collab/new").text
    r = sec.post("/collab/new", _form(today))
    assert r.status_code == 303, r.text
    url = r.headers["location"]
    board = sec.get(url).text
    assert 'id="part-design"' in board and 'id="part-logistics"' in board
    assert "待受理" in board and "周杰" in board  # the head is design's liaison here
    # the design head answers from the inbox
    design = Browser(sec.client.__class__(sec.client.app, base_url="https://testserver"),
                     "zhoujie")
    inbox = design.get("/collab/inbox").text
    assert "新品发布会" in inbox and "物流部派4人" not in inbox  # only design's part
    cid = int(url.rsplit("/", 1)[1])
    c = db.get(Collaboration, cid)
    design_part = next(p for p in c.parts if p.department == "design")
    logistics_part = next(p for p in c.parts if p.department == "logistics")
    r = design.post(f"/collab/{cid}/act", {"op": "accept", "part_id": str(design_part.id),
                                           "next": "/collab/inbox"})
    assert r.status_code == 303 and r.headers["location"] == "/collab/inbox"
    # design may not act on logistics' part: a 403 page, nothing changes
    r = design.post(f"/collab/{cid}/act", {"op": "accept",
                                           "part_id": str(logistics_part.id)})
    assert r.status_code == 403
    logi = Browser(sec.client.__class__(sec.client.app, base_url="https://testserver"),
                   "liuqiang")
    # a return without a reason is refused on the page (flash), the part stays pending
    r = logi.post(f"/collab/{cid}/act", {"op": "return", "part_id": str(logistics_part.id)})
    assert r.status_code == 422 and "退单需要理由" in r.text
    logi.post(f"/collab/{cid}/act", {"op": "accept", "part_id": str(logistics_part.id)})
    board = sec.get(f"/collab/{cid}").text
    assert board.count("已受理") >= 2 and 'id="raci"' in board
    # the plan: proposed and approved by a planner on the page; the Gantt shows milestones
    # the solve is the worker's: "solving…" and the board reloads itself until it is done
    planner = browser("planner")
    assert planner.post(f"/collab/{cid}/act", {"op": "plan"}).status_code == 303
    page = planner.get(f"/collab/{cid}").text
    assert 'id="plan-solving"' in page and 'http-equiv="refresh"' in page
    assert 'id="plan-status"' not in page and 'id="no-worker"' not in page
    # no worker has claimed anything for longer than one would need: said, no more reloads
    job = db.scalars(select(Job).where(Job.subject == f"collab:{cid}")).one()
    job.created_at -= dt.timedelta(seconds=jobs.NO_WORKER_AFTER_S + 5)
    db.flush()
    page = planner.get(f"/collab/{cid}").text
    assert 'id="no-worker"' in page and "dispatch worker" in page
    assert 'http-equiv="refresh"' not in page
    assert work_jobs(db) == 1
    page = planner.get(f"/collab/{cid}").text
    assert 'id="plan-status"' in page and "待批准" in page
    assert 'http-equiv="refresh"' not in page and 'id="plan-solving"' not in page
    planner.post(f"/collab/{cid}/act", {"op": "approve"})
    page = planner.get(f"/collab/{cid}").text
    assert "已批准" in page and 'id="gantt"' in page and "◆ 发布会" in page
    for b, part in ((design, design_part), (logi, logistics_part)):
        b.post(f"/collab/{cid}/act", {"op": "start", "part_id": str(part.id)})
        b.post(f"/collab/{cid}/act", {"op": "finish", "part_id": str(part.id)})
    assert "待验收" in sec.get(f"/collab/{cid}").text
    sec.post(f"/collab/{cid}/act", {"op": "accept_result"})
    r = sec.post(f"/collab/{cid}/act", {"op": "rate", "department": "design", "score": "9",
                                        "note": "海报很棒"})
    assert r.status_code == 422 and "评分「9」须为 1 到 5 的整数" in r.text
    assert 'value="海报很棒"' in r.text
    sec.post(f"/collab/{cid}/act", {"op": "rate", "department": "design", "score": "5",
                                    "note": "海报很棒"})
    sec.post(f"/collab/{cid}/act", {"op": "retro", "went_well": "分工清楚",
                                    "to_change": "提前约车"})
    page = sec.get(f"/collab/{cid}?lang=en").text
    assert "closed" in page and "★★★★★" in page and "提前约车" in page
    assert "Acceptance and retrospective" in page


def test_refused_form_keeps_what_was_typed_and_stores_nothing(browser, db,
                                                              org_in_db) -> None:
    today = org_in_db.today()
    sec = browser("requester")
    before = db.scalar(select(func.count()).select_from(Collaboration))
    for over, needle in (({"pick_design": "", "pick_logistics": ""}, "请至少勾选一个部门"),
                         ({"milestones": "启动 2001-01-01"}, "已过"),
                         ({"milestones": "收尾 tomorrow"}, "格式应为「名称 YYYY-MM-DD」")):
        r = sec.post("/collab/new", _form(today, **over))
        assert r.status_code == 422, over
        assert needle in r.text and "物流部派4人把样机搬到会场" in r.text
    assert db.scalar(select(func.count()).select_from(Collaboration)) == before


def test_suggest_fills_the_departments_from_the_routing_splitter(browser, org_in_db) -> None:
    """「建议部门」 and /api/collab/suggest both use the routing parts splitter: the issue's
    example names design (lead) and logistics, each with the words that ask it."""
    text = "发布会需要设计部出主视觉海报，同时需要物流部派4人把样机搬到会场"
    sec = browser("requester")
    r = sec.post("/collab/new", {"title": "新品发布会", "background": text, "op": "suggest"})
    assert r.status_code == 200 and 'id="suggested"' in r.text
    assert 'name="pick_design" value="1" id="pick-design" checked' in r.text
    assert 'name="pick_logistics" value="1" id="pick-logistics" checked' in r.text
    import re

    assert re.findall(r'<input[^>]*name="lead"[^>]*checked', r.text) == \
        ['<input class="check" type="radio" name="lead" value="design" id="lead-design" checked']
    assert 'name="pick_it" value="1" id="pick-it" checked' not in r.text
    assert "物流部派4人把样机搬到会场" in r.text and "新品发布会" in r.text
    r = sec.post("/collab/new", {"title": "", "background": "", "op": "suggest"})
    assert r.status_code == 422


def test_api_suggest_gives_parts(client, make_user, org_in_db) -> None:
    _, tok = make_user("api_req", "requester", staff_id="lina")
    headers = {"Authorization": f"Bearer {tok}"}
    text = "发布会需要设计部出主视觉海报，同时需要物流部派4人把样机搬到会场"
    r = client.post("/api/collab/suggest", json={"text": text}, headers=headers)
    assert r.status_code == 200, r.text
    parts = r.json()["parts"]
    assert [(p["department"], p["role"]) for p in parts] == [("design", "lead"),
                                                             ("logistics", "support")]
    assert all(text[p["start"]:p["end"]] == p["text"] for p in parts)
    assert client.post("/api/collab/suggest", json={"text": " "},
                       headers=headers).status_code == 422


def test_dashboard_shows_collaboration_figures(browser, org_in_db) -> None:
    page = browser("planner").get("/dashboard").text
    assert "联合项目完成率" in page


def test_kickoff_minutes_on_the_board(browser, make_user, org_in_db, db) -> None:
    today = org_in_db.today()
    make_user("zhoujie", "requester", password=PASSWORD, staff_id="zhoujie")
    sec = browser("requester")
    url = sec.post("/collab/new", _form(today)).headers["location"]
    cid = int(url.rsplit("/", 1)[1])
    design = Browser(sec.client.__class__(sec.client.app, base_url="https://testserver"),
                     "zhoujie")
    part = next(p for p in db.get(Collaboration, cid).parts if p.department == "design")
    design.post(f"/collab/{cid}/act", {"op": "accept", "part_id": str(part.id)})
    d = today + dt.timedelta(days=5)
    r = sec.post(f"/collab/{cid}/act", {"op": "minutes", "minutes":
                                        f"1. 主视觉海报{d.month}月{d.day}日前定稿，周杰牵头，"
                                        "王芳配合，赵敏审批预算。"})
    assert r.status_code == 303
    page = sec.get(url).text
    assert "主视觉海报" in page and 'id="kickoff"' in page
    raci = page[page.index('id="raci"'):page.index('id="plan"')]
    assert "<th>财务部</th>" in raci  # 赵敏审批: finance is Accountable for the poster
    assert '<td class="raci-cell A">A</td>' in raci  # the poster row
    assert '<td class="raci-cell R">R/A</td>' in raci  # design's own default task


def _accepted(sec, db, today, who: str = "zhoujie") -> tuple[int, Browser, Collaboration]:
    """A started collaboration whose design part the design head accepted (one task)."""
    url = sec.post("/collab/new", _form(today)).headers["location"]
    cid = int(url.rsplit("/", 1)[1])
    design = Browser(sec.client.__class__(sec.client.app, base_url="https://testserver"), who)
    c = db.get(Collaboration, cid)
    part = next(p for p in c.parts if p.department == "design")
    r = design.post(f"/collab/{cid}/act", {"op": "accept", "part_id": str(part.id)})
    assert r.status_code == 303
    db.refresh(c)
    return cid, design, c


def test_a_refused_step_on_the_board_keeps_what_was_typed(browser, make_user, org_in_db,
                                                          db) -> None:
    """A refused task, kick-off minutes or 复盘 comes back on the board with the reason and
    what the person typed, not an empty form after a redirect; nothing is stored."""
    today = org_in_db.today()
    make_user("zhoujie", "requester", password=PASSWORD, staff_id="zhoujie")
    sec = browser("requester")
    cid, design, c = _accepted(sec, db, today)
    part = next(p for p in c.parts if p.department == "design")
    tasks = len(c.tasks)
    r = design.post(f"/collab/{cid}/act", {"op": "add_task", "part_id": str(part.id),
                                           "title": "海报三版方案草图", "effort_hours": "十二",
                                           "skills": "平面设计", "responsible": "何欣"})
    assert r.status_code == 422, r.status_code
    assert "预计工时「十二」须为大于 0 的小时数" in r.text
    assert 'value="海报三版方案草图"' in r.text and 'value="十二"' in r.text
    assert 'value="平面设计"' in r.text and 'value="何欣"' in r.text
    r = design.post(f"/collab/{cid}/act", {"op": "add_task", "part_id": str(part.id),
                                           "title": "展台搬运", "effort_hours": "4",
                                           "responsible": "王刚"})
    assert r.status_code == 422 and "王刚" in r.text and 'value="展台搬运"' in r.text
    text = "今天天气不错，大家辛苦了，下次再议。"
    r = sec.post(f"/collab/{cid}/act", {"op": "minutes", "minutes": text})
    assert r.status_code == 422 and f">{text}</textarea>" in r.text
    db.expire_all()
    assert len(db.get(Collaboration, cid).tasks) == tasks
    # the refusal is said once: the next visit of the board is clean
    page = design.get(f"/collab/{cid}").text
    assert "预计工时「十二」" not in page and 'value="海报三版方案草图"' not in page


def test_report_without_hours_does_not_finish_the_task(browser, make_user, org_in_db,
                                                       db) -> None:
    """「报告进度」 pressed with the hours left empty asks for them; the task stays open
    (finishing a task is its own button)."""
    today = org_in_db.today()
    make_user("zhoujie", "requester", password=PASSWORD, staff_id="zhoujie")
    sec = browser("requester")
    cid, design, c = _accepted(sec, db, today)
    task = next(t for t in c.tasks if t.department == "design")
    r = design.post(f"/collab/{cid}/act", {"op": "progress", "task_id": str(task.id),
                                           "done_hours": ""})
    assert r.status_code == 422 and "done_hours" in r.text
    db.expire_all()
    task = db.get(type(task), task.id)
    assert task.status == "open" and task.done_hours == 0
    r = design.post(f"/collab/{cid}/act", {"op": "progress", "task_id": str(task.id),
                                           "done_hours": "3"})
    assert r.status_code == 303
    db.expire_all()
    assert db.get(type(task), task.id).done_hours == 3
    page = design.get(f"/collab/{cid}").text
    assert f'id="task-done-{task.id}"' in page
    r = design.post(f"/collab/{cid}/act", {"op": "task_done", "task_id": str(task.id)})
    assert r.status_code == 303
    db.expire_all()
    task = db.get(type(task), task.id)
    assert task.status == "done" and task.done_hours == task.effort_hours


def test_the_history_and_the_part_states_read_in_the_page_language(browser, make_user,
                                                                  org_in_db, db) -> None:
    """The board's history says who did what in the page's language (发起协作 → 进行中,
    受理 → 已受理; started the collaboration → open), not the stored action names; a part
    nobody has answered yet is 待受理 only, not also 进行中."""
    import re

    today = org_in_db.today()
    make_user("zhoujie", "requester", password=PASSWORD, staff_id="zhoujie")
    sec = browser("requester")
    cid, _, _ = _accepted(sec, db, today)
    page = sec.get(f"/collab/{cid}").text
    timeline = page[page.index('id="timeline"'):]
    assert "发起协作" in timeline and "已受理" in timeline
    assert "→ accepted" not in timeline and ": start" not in timeline
    en = sec.get(f"/collab/{cid}?lang=en").text
    timeline = en[en.index('id="timeline"'):]
    assert "started the collaboration" in timeline and "accepted" in timeline
    assert "发起协作" not in timeline
    row = re.search(r'<tr id="part-logistics".*?</tr>', page, re.S).group(0)
    assert "待受理" in row and "进行中" not in row
    row = re.search(r'<tr id="part-design".*?</tr>', page, re.S).group(0)
    assert "已受理" in row and "进行中" in row


def test_only_those_who_may_write_the_retro_get_its_form(browser, make_user, org_in_db,
                                                         db) -> None:
    """The 复盘 form is offered to the requester, the lead's people and planners; a support
    department's liaison reads the 复盘 instead of a form that ends on a 403 page."""
    today = org_in_db.today()
    make_user("zhoujie", "requester", password=PASSWORD, staff_id="zhoujie")
    make_user("liuqiang", "requester", password=PASSWORD, staff_id="liuqiang")
    sec = browser("requester")
    cid, design, c = _accepted(sec, db, today)
    logi = Browser(sec.client.__class__(sec.client.app, base_url="https://testserver"),
                   "liuqiang")
    for b, dept in ((design, "design"), (logi, "logistics")):
        part = next(p for p in c.parts if p.department == dept)
        for op in (("accept", "start", "finish") if dept == "logistics"
                   else ("start", "finish")):
            assert b.post(f"/collab/{cid}/act", {"op": op, "part_id": str(part.id)}
                          ).status_code == 303
    assert 'id="retro-form"' in design.get(f"/collab/{cid}").text  # the lead's head
    assert 'id="retro-form"' not in logi.get(f"/collab/{cid}").text
    r = sec.post(f"/collab/{cid}/act", {"op": "retro", "went_well": "分工清楚",
                                        "to_change": "提前约车"})
    assert r.status_code == 303
    page = logi.get(f"/collab/{cid}").text
    assert 'id="retro-form"' not in page and "提前约车" in page


def test_a_part_returned_to_triage_waits_in_the_coordinators_inbox(browser, make_user,
                                                                   org_in_db, db) -> None:
    """退单 without naming a department sends the part to the coordinators: it waits in
    their 协作收件箱 with the reason and a 改派 control (not only on a board they would have
    to find), and leaves it once reassigned."""
    today = org_in_db.today()
    make_user("liuqiang", "requester", password=PASSWORD, staff_id="liuqiang")
    make_user("coord", "planner", password=PASSWORD)
    sec = browser("requester")
    url = sec.post("/collab/new", _form(today)).headers["location"]
    cid = int(url.rsplit("/", 1)[1])
    logi = Browser(sec.client.__class__(sec.client.app, base_url="https://testserver"),
                   "liuqiang")
    part = next(p for p in db.get(Collaboration, cid).parts if p.department == "logistics")
    r = logi.post(f"/collab/{cid}/act", {"op": "return", "part_id": str(part.id),
                                         "note": "搬运归行政管", "next": "/collab/inbox"})
    assert r.status_code == 303
    coord = Browser(sec.client.__class__(sec.client.app, base_url="https://testserver"),
                    "coord")
    inbox = coord.get("/collab/inbox").text
    row = inbox[inbox.index(f'id="inbox-part-{part.id}"'):]
    row = row[:row.index("</tr>")]
    assert "已退单" in row and "搬运归行政管" in row and f'id="inbox-reassign-{part.id}"' in row
    assert f'id="inbox-part-{part.id}"' not in logi.get("/collab/inbox").text
    r = coord.post(f"/collab/{cid}/act", {"op": "reassign", "part_id": str(part.id),
                                          "department": "hr", "seen": "returned",
                                          "next": "/collab/inbox"})
    assert r.status_code == 303 and r.headers["location"] == "/collab/inbox"
    db.expire_all()
    assert db.get(type(part), part.id).department == "hr"
    inbox = coord.get("/collab/inbox").text
    assert f'id="inbox-reassign-{part.id}"' not in inbox


def test_a_refused_report_and_reopen_keep_their_text_escaped(browser, make_user, org_in_db,
                                                             db) -> None:
    """What comes back in a refused form is shown as typed, inside its box: quotes and
    angle brackets never break the page's markup."""
    today = org_in_db.today()
    make_user("zhoujie", "requester", password=PASSWORD, staff_id="zhoujie")
    sec = browser("requester")
    cid, design, c = _accepted(sec, db, today)
    task = next(t for t in c.tasks if t.department == "design")
    page = design.get(f"/collab/{cid}").text
    assert f'name="task_id" value="{task.id}"><input name="done_hours"' in page
    typed = '3"><b>x'
    r = design.post(f"/collab/{cid}/act", {"op": "progress", "task_id": str(task.id),
                                           "done_hours": typed})
    assert r.status_code == 422
    assert 'value="3&#34;&gt;&lt;b&gt;x"' in r.text and "<b>x" not in r.text


def test_a_too_long_text_to_suggest_is_refused_like_any_too_long_text(browser, client,
                                                                      make_user,
                                                                      org_in_db) -> None:
    """A text over the request limit is a 413 naming the limit wherever it is sent (a
    request, a prediction, a collaboration's background) — 「建议部门」 and
    /api/collab/suggest too, not a 422 there."""
    _, tok = make_user("api_req", "requester")
    long = "发布会需要设计部出主视觉海报。" * 1500  # 22,500 characters
    r = client.post("/api/collab/suggest", json={"text": long},
                    headers={"Authorization": f"Bearer {tok}"})
    assert r.status_code == 413 and "20,000" in r.json()["error"]["message"]
    r = client.post("/api/collab", headers={"Authorization": f"Bearer {tok}"},
                    json={"title": "发布会", "background": long,
                          "parts": [{"department": "design", "text": "海报"}]})
    assert r.status_code == 413
    sec = browser("requester")
    r = sec.post("/collab/new", {"title": "新品发布会", "background": long, "op": "suggest"})
    assert r.status_code == 413 and "20,000" in r.text


def test_an_answered_part_shows_when_it_was_answered(browser, make_user, org_in_db,
                                                     db) -> None:
    """Once a part is accepted (or returned) the board says when, not the answer-by time
    that no longer binds anyone; a part still waiting shows its answer-by time."""
    import re

    today = org_in_db.today()
    make_user("zhoujie", "requester", password=PASSWORD, staff_id="zhoujie")
    sec = browser("requester")
    cid, design_head, c = _accepted(sec, db, today)
    tz = org_in_db.tz
    design = next(p for p in c.parts if p.department == "design")
    logistics = next(p for p in c.parts if p.department == "logistics")
    page = sec.get(f"/collab/{cid}").text
    row = re.search(r'<tr id="part-design".*?</tr>', page, re.S).group(0)
    answered = design.acked_at.replace(tzinfo=dt.UTC).astimezone(tz) \
        if design.acked_at.tzinfo is None else design.acked_at.astimezone(tz)
    due = design.ack_due_at.replace(tzinfo=dt.UTC).astimezone(tz) \
        if design.ack_due_at.tzinfo is None else design.ack_due_at.astimezone(tz)
    assert f"已受理 {answered:%Y-%m-%d %H:%M}" in row
    if f"{due:%Y-%m-%d %H:%M}" != f"{answered:%Y-%m-%d %H:%M}":
        assert f"{due:%Y-%m-%d %H:%M}" not in row
    row = re.search(r'<tr id="part-logistics".*?</tr>', page, re.S).group(0)
    due = logistics.ack_due_at.replace(tzinfo=dt.UTC).astimezone(tz) \
        if logistics.ack_due_at.tzinfo is None else logistics.ack_due_at.astimezone(tz)
    assert f"{due:%Y-%m-%d %H:%M}" in row
    en = sec.get(f"/collab/{cid}?lang=en").text
    row = re.search(r'<tr id="part-design".*?</tr>', en, re.S).group(0)
    assert f"answered {answered:%Y-%m-%d %H:%M}" in row
    inbox = design_head.get("/collab/inbox").text  # the liaison's inbox says the same
    row = re.search(rf'<tr[^>]*id="inbox-part-{design.id}".*?</tr>', inbox, re.S).group(0)
    assert f"已受理 {answered:%Y-%m-%d %H:%M}" in row



def test_part_and_problem_states_each_have_their_own_words(browser, make_user, org_in_db,
                                                          db) -> None:
    """A part in progress reads "in progress" on an English board, as its other states do
    (accepted, done); the problem log's states are its own keys, not the parts' overridden."""
    from dispatch.collab import strings as collab_words
    from dispatch.problems import strings as problem_words

    today = org_in_db.today()
    make_user("zhoujie", "requester", password=PASSWORD, staff_id="zhoujie")
    sec = browser("requester")
    cid, design, c = _accepted(sec, db, today)
    part = next(p for p in c.parts if p.department == "design")
    assert design.post(f"/collab/{cid}/act", {"op": "start", "part_id": str(part.id)}
                       ).status_code == 303
    en = sec.get(f"/collab/{cid}?lang=en").text
    assert 'id="part-state-design">in progress<' in en
    assert not set(collab_words.STRINGS) & set(problem_words.STRINGS)


def test_the_history_s_system_notes_read_in_the_page_language(browser, make_user, org_in_db,
                                                              db) -> None:
    """What the system writes in the history ("2 part(s), lead design") reads in the page's
    language (共 2 个部门参与，设计部牵头); a note stored before notes had keys, or a person's
    words, shows as stored."""
    from dispatch.collab.models import PartEvent

    today = org_in_db.today()
    make_user("zhoujie", "requester", password=PASSWORD, staff_id="zhoujie")
    sec = browser("requester")
    cid, _, _ = _accepted(sec, db, today)
    db.add(PartEvent(collaboration_id=cid, action="approve", actor_name="system",
                     note="proposal v1: 3 assignment(s)", at=dt.datetime.now(dt.UTC)))
    db.flush()
    page = sec.get(f"/collab/{cid}").text
    timeline = page[page.index('id="timeline"'):]
    assert "共 2 个部门参与，设计部牵头" in timeline and "part(s)" not in timeline
    assert "proposal v1: 3 assignment(s)" in timeline  # an old row, as stored
    en = sec.get(f"/collab/{cid}?lang=en").text
    timeline = en[en.index('id="timeline"'):]
    assert "2 part(s), lead design" in timeline and "牵头" not in timeline


def test_refusals_read_in_the_page_language(browser, make_user, client, org_in_db,
                                            db) -> None:
    """A refused step says why in the page's language — Chinese on a Chinese page (退单需要
    理由…, 评分「9」须为 1 到 5 的整数), English on an English one — and the API keeps its
    English error.message, with the same refusal in the org's language beside it."""
    today = org_in_db.today()
    make_user("zhoujie", "requester", password=PASSWORD, staff_id="zhoujie")
    make_user("liuqiang", "requester", password=PASSWORD, staff_id="liuqiang")
    sec = browser("requester")
    cid, _, c = _accepted(sec, db, today)
    logi = Browser(sec.client.__class__(sec.client.app, base_url="https://testserver"),
                   "liuqiang")
    part = next(p for p in c.parts if p.department == "logistics")
    r = logi.post(f"/collab/{cid}/act", {"op": "return", "part_id": str(part.id)})
    assert r.status_code == 422 and "退单需要理由：请写明退回的原因" in r.text
    assert "say why the part is returned" not in r.text
    r = sec.post("/collab/new", _form(today, milestones=f"启动 {today.year - 1}-01-01"))
    assert r.status_code == 422 and "已过（今天是" in r.text and "in the past" not in r.text
    logi.get(f"/collab/{cid}?lang=en")  # the English page, from here on (cookie)
    r = logi.post(f"/collab/{cid}/act", {"op": "return", "part_id": str(part.id)})
    assert r.status_code == 422 and "say why the part is returned" in r.text
    _, tok = make_user("api_zh", "requester")
    r = client.post(f"/api/collab/{cid}/parts/{part.id}/return", json={"reason": ""},
                    headers={"Authorization": f"Bearer {tok}"})
    assert r.status_code in (403, 422)
    r = client.post("/api/collab", headers={"Authorization": f"Bearer {tok}"},
                    json={"title": "发布会", "parts": []})
    error = r.json()["error"]
    assert r.status_code == 422 and error["code"] == "invalid_input"
    assert error["message"].startswith("parts: name at least one department")
    assert error["lang"] == "zh" and error["localized_message"] == \
        "请至少勾选一个部门，并写明需要它做什么"


def test_skipped_kickoff_lines_say_why_in_the_page_language(browser, make_user, client,
                                                            org_in_db, db) -> None:
    """A line of kick-off minutes for a department that has not accepted its part is not
    added; the reason reads 「物流部在本协作中还没有已受理的部分」 on a Chinese page, the English
    on an English one, and the API gives both (``reason``, ``localized_reason``)."""
    today = org_in_db.today()
    make_user("zhoujie", "requester", password=PASSWORD, staff_id="zhoujie")
    sec = browser("requester")
    cid, _, _ = _accepted(sec, db, today)
    d = today + dt.timedelta(days=5)
    line = f"1. 刘强{d.month}月{d.day}日前把样机搬到会场。"
    r = sec.post(f"/collab/{cid}/act", {"op": "minutes", "minutes": line})
    assert r.status_code == 422, r.text
    assert "物流部在本协作中还没有已受理的部分" in r.text and "accepted part" not in r.text
    sec.get(f"/collab/{cid}?lang=en")
    r = sec.post(f"/collab/{cid}/act", {"op": "minutes", "minutes": line})
    assert r.status_code == 422 and "logistics has no accepted part" in r.text
    r = client.post(f"/api/collab/{cid}/minutes", json={"text": line + "\n2. 周杰明天交海报。"},
                    headers={"Authorization": f"Bearer {make_user('api_zh', 'admin')[1]}"})
    assert r.status_code == 200, r.text
    skipped = r.json()["skipped"]
    assert skipped[0]["reason"] == "logistics has no accepted part in this collaboration yet"
    assert skipped[0]["localized_reason"] == "物流部在本协作中还没有已受理的部分"
