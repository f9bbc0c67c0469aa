"""Refusals of requests, triage, minutes, the planner and the role checks say why in the
page's language: Chinese on a Chinese page, the English as before on an English one."""

from __future__ import annotations

from job_support import work_jobs

from tests.web.test_web_pages import _routed_request


def test_request_and_role_refusals_read_in_the_page_language(browser, client, db, people,
                                                             make_user, org_in_db) -> None:
    sec = browser("requester")
    r = sec.get("/planner")
    assert r.status_code == 403
    assert "此页面需要「计划员/协调人」角色，你的角色是「提单人」" in r.text
    assert "planner role" not in r.text
    r = sec.post("/requests/new", {"text": "请帮忙设计海报", "expected_date": "2001-01-01"})
    assert r.status_code == 422 and "期望完成日期 2001-01-01 已过（今天是" in r.text
    assert "in the past" not in r.text
    r = sec.post("/requests/new", {"text": "请帮忙设计海报", "expected_date": "明天"})
    assert r.status_code == 422 and "「明天」不是日期" in r.text
    theirs = _routed_request(db, org_in_db, people["other"], "it", "年会场地预订")
    r = sec.get(f"/requests/{theirs.id}")
    assert r.status_code == 403
    assert f"需求单 #{theirs.id} 不是你提交的" in r.text and "is not yours" not in r.text
    # the inbox's refusals (a page that rolls back its work: checked through the API, which
    # the inbox's form calls the same flows of)
    _, tok = make_user("it_api", "planner")
    h = {"Authorization": f"Bearer {tok}"}
    r = client.post(f"/api/requests/{theirs.id}/return", json={"reason": " "}, headers=h)
    error = r.json()["error"]
    assert r.status_code == 422 and error["message"].startswith("reason: say why")
    assert error["localized_message"] == "退单需要理由：请写明退回的原因"
    assert client.post(f"/api/requests/{theirs.id}/accept", json={},
                       headers=h).status_code == 200
    r = client.post(f"/api/requests/{theirs.id}/accept", json={}, headers=h)
    error = r.json()["error"]
    assert r.status_code == 409 and error["message"].startswith("cannot accept a request")
    assert error["localized_message"].startswith("需求单现在是「已接单」，不能接单；现在可以：")
    sec.get("/requests/new?lang=en")  # the English pages from here on (cookie)
    r = sec.post("/requests/new", {"text": "please design a poster",
                                   "expected_date": "2001-01-01"})
    assert r.status_code == 422 and "in the past" in r.text and "已过" not in r.text
    r = sec.get("/planner")
    assert r.status_code == 403 and "this page needs the planner role; you are requester" \
        in r.text


def test_minutes_and_planner_refusals_read_in_the_page_language(browser, people,
                                                                org_in_db) -> None:
    from tests.web.test_web_pages import FIXTURES, _meeting_id, upload

    plan = browser("planner")
    r = plan.post("/planner/tasks", {"title": "", "effort_hours": "3"})
    assert r.status_code == 303
    page = plan.get(r.headers["location"]).text
    assert "请填写任务名称" in page and "needs a title" not in page
    r = plan.post("/planner/tasks", {"title": "布置会场", "effort_hours": "许多"})
    page = plan.get(r.headers["location"]).text
    assert "预计工时「许多」须为大于 0 的小时数" in page and "not a number" not in page
    sec = browser("requester")
    mid = _meeting_id(upload(sec, FIXTURES / "weekly_minutes.md"))
    r = sec.post(f"/minutes/{mid}/items", {"task": " ", "owners": ""})
    page = sec.get(r.headers["location"]).text
    assert "请填写事项内容" in page and "needs a task" not in page
    r = sec.post(f"/minutes/{mid}/items", {"task": "订会议室", "due": "下周"})
    page = sec.get(r.headers["location"]).text
    assert "「下周」不是日期" in page
    plan.get("/planner?lang=en")
    r = plan.post("/planner/tasks", {"title": "", "effort_hours": "3"})
    page = plan.get(r.headers["location"]).text
    assert "title: a task needs a title" in page and "请填写任务名称" not in page


def test_a_refused_minutes_file_reads_in_the_page_language(browser, org_in_db) -> None:
    """The upload page shows the reader's refusal of a file in the page's language."""
    from tests.web.test_web_pages import FIXTURES, upload

    sec = browser("requester")
    r = upload(sec, FIXTURES / "weekly_minutes.md", name="纪要.txt", data=b"  \n")
    assert r.status_code == 422
    assert "纪要.txt 是空文件" in r.text and "the file is empty" not in r.text
    r = upload(sec, FIXTURES / "weekly_minutes.md", name="纪要.docx", data=b"PK\x03\x04junk")
    assert r.status_code == 422
    assert "纪要.docx 不是 Word .docx 文件（不是 zip 压缩包）" in r.text
    assert "not a Word" not in r.text
    sec.get("/minutes?lang=en")
    r = upload(sec, FIXTURES / "weekly_minutes.md", name="纪要.txt", data=b"  \n")
    assert "纪要.txt: the file is empty" in r.text and "空文件" not in r.text


def test_a_form_field_the_framework_refuses_reads_in_the_page_language(browser,
                                                                      org_in_db) -> None:
    """A form value the framework's own validation refuses (a number that is none) shows
    a sentence in the page's language on the error page, status 422 as before."""
    plan = browser("planner")
    r = plan.post("/planner/propose", {"horizon_days": "十天"})
    assert r.status_code == 422
    assert "「horizon_days」须为整数（填的是「十天」）" in r.text
    assert "valid integer" not in r.text
    plan.get("/planner?lang=en")
    r = plan.post("/planner/propose", {"horizon_days": "十天"})
    assert r.status_code == 422 and "horizon_days: Input should be a valid integer" in r.text


def test_a_request_moved_meanwhile_names_its_department_by_name(browser, db, people,
                                                                org_in_db) -> None:
    """The refusal of a stale form names the department the request is with now by its
    name, as the page does, not by its id."""
    req = _routed_request(db, org_in_db, people["requester"], "it", "开通VPN账号")
    it = browser("it")
    it.post(f"/requests/{req.id}/act", {"action": "return", "note": "行政的事",
                                        "department": "hr"})
    r = it.post(f"/requests/{req.id}/act", {"action": "reroute", "department": "fin",
                                            "seen_state": "routed", "seen_department": "it",
                                            "next": f"/requests/{req.id}"})
    page = it.get(r.headers["location"]).text
    hr = org_in_db.department_name("hr")
    assert hr != "hr" and f"（{hr}）" in page and "（hr）" not in page


def test_an_owner_nobody_is_called_reads_in_the_page_language(browser, people,
                                                              org_in_db) -> None:
    """An owner the organisation has no one of is refused naming the name typed."""
    from tests.web.test_web_pages import FIXTURES, _meeting_id, upload

    sec = browser("requester")
    mid = _meeting_id(upload(sec, FIXTURES / "weekly_minutes.md"))
    r = sec.post(f"/minutes/{mid}/items", {"task": "订会议室", "owners": "无名氏"})
    page = sec.get(r.headers["location"]).text
    assert "组织中没有「无名氏」这个人" in page and "unknown staff member" not in page


def test_a_solve_that_failed_says_why_in_the_page_language(browser, db, people) -> None:
    """A proposal of an organisation nobody works in: the solving page says the solver's
    refusal in the page language (refuse15); the English page as before."""
    from tests.api.test_localized_refusals_more import _import_without_staff

    plan = browser("planner")
    _import_without_staff(db)
    assert plan.post("/planner/tasks", {"title": "布置会场", "effort_hours": "3"}
                     ).status_code == 303
    r = plan.post("/planner/propose", {})
    assert r.status_code == 303 and "/planner/jobs/" in r.headers["location"]
    assert work_jobs(db) == 1  # the worker's part
    page = plan.get(r.headers["location"]).text
    assert "无法排班：组织中还没有可排班的人员" in page and "no staff" not in page
    page = plan.get(r.headers["location"] + "?lang=en").text
    assert "&lt;org&gt;: staff: the organisation has no staff to plan for" in page
