"""Refusals left in English by refuse14 say themselves in the organisation's language
beside the English message (``error.lang`` / ``error.localized_message``): org import,
the planner's solver input, the routing model, calendar feeds, notifications and the
follow-up track API (refuse15). The English ``error.message`` and the status stay."""

from __future__ import annotations

import yaml

from dispatch.demo import DEMO_ORG


def _error(r, status: int) -> dict:
    assert r.status_code == status, r.text
    return r.json()["error"]


def _doc(**extra) -> dict:
    return {**yaml.safe_load(DEMO_ORG.read_text(encoding="utf-8")), **extra}


def _body(doc: dict) -> bytes:
    return yaml.safe_dump(doc, allow_unicode=True).encode()


def _broken(doc: dict) -> list[tuple[bytes, str, str]]:
    """(body, the English message's start, the Chinese) for org files an admin gets wrong."""
    depts, staff = doc["departments"], doc["staff"]
    first = depts[0]["id"]
    return [
        (b"name: x\ndepartments: [", "request body: bad YAML:", "请求正文不是有效的 YAML"),
        (b"- a\n- b\n", "request body: (top level): expected a mapping",
         "请求正文：文件顶层：应为包含 name、departments、staff 的映射"),
        (_body({**doc, "timezone": "Mars/Base"}), "request body: timezone: unknown timezone",
         "请求正文：timezone：没有「Mars/Base」这个时区"),
        (_body({**doc, "departments": [{**depts[0], "id": "IT Dept"}, *depts[1:]]}),
         "request body: departments[0] (IT Dept): id 'IT Dept' must match",
         "请求正文：departments[0] (IT Dept)：部门编号「IT Dept」只能由小写字母、数字、_ 和 - "
         "组成"),
        (_body({**doc, "staff": [{**staff[0], "department": "zz"}, *staff[1:]]}),
         f"request body: staff[0] ({staff[0]['id']}): unknown department 'zz'",
         f"请求正文：staff[0] ({staff[0]['id']})：没有编号为「zz」的部门"),
        (_body({**doc, "departments": [{**depts[0], "head": "nobody"}, *depts[1:]]}),
         f"request body: departments[0] ({first}): head 'nobody' is not on the staff",
         f"请求正文：departments[0] ({first})：负责人「nobody」不在人员名单中"),
        (_body({**doc, "staff": [{**staff[0], "hours_per_week": 200}, *staff[1:]]}),
         f"request body: staff[0] ({staff[0]['id']}).hours_per_week: hours_per_week must be",
         f"请求正文：staff[0] ({staff[0]['id']})：「hours_per_week」须在 0 到 168 之间"),
        (_body({**doc, "staff": [{**staff[0], "hours_per_week": "全职"}, *staff[1:]]}),
         f"request body: staff[0] ({staff[0]['id']}).hours_per_week: Input should be",
         f"请求正文：staff[0] ({staff[0]['id']})：「hours_per_week」须为数字（填的是「全职」）"),
    ]


def test_a_broken_org_file_is_refused_in_the_org_language(client, auth, org_in_db) -> None:
    """An admin importing a broken org file over the API (the Chinese demo org already
    imported) reads where and what in Chinese; the English message is as before."""
    for body, en, zh in _broken(_doc()):
        r = client.post("/api/org/import", content=body, headers=auth["admin"])
        error = _error(r, 422)
        assert error["message"].startswith(en), error
        assert error["lang"] == "zh"
        assert error["localized_message"].startswith(zh), error
    r = client.get("/api/org/staff?department=nope", headers=auth["requester"])
    error = _error(r, 422)
    assert error["message"] == "unknown department 'nope'"
    assert error["localized_message"] == "没有编号为「nope」的部门"


def test_an_english_org_reads_its_import_refusals_in_english(client, auth,
                                                             demo_model) -> None:
    """Before any import the file's own language decides (``language: en``); once an English
    org is imported its refusals are English: the localized message is the English one."""
    doc = _doc(language="en")
    for body, en, _ in _broken(doc)[2:]:
        r = client.post("/api/org/import", content=body, headers=auth["admin"])
        error = _error(r, 422)
        assert error["lang"] == "en", error
        assert error["localized_message"] == error["message"] and error["message"].startswith(en)
    # the same broken file, from a Chinese file before any import: Chinese
    body, _, zh = _broken(_doc())[4]
    error = _error(client.post("/api/org/import", content=body, headers=auth["admin"]), 422)
    assert error["lang"] == "zh" and error["localized_message"].startswith(zh)
    # once an English org is imported, its language decides
    assert client.post("/api/org/import", content=_body(doc),
                       headers=auth["admin"]).status_code == 200
    error = _error(client.post("/api/org/import", content=body, headers=auth["admin"]), 422)
    assert error["lang"] == "en" and error["localized_message"] == error["message"]


def _import_without_staff(db, **extra) -> None:
    """The demo org with its departments and nobody in them (heads and liaisons dropped)."""
    from dispatch.orgdir.service import import_org
    from models.org import parse_org

    doc = _doc(**extra)
    doc["staff"] = []
    doc["departments"] = [{k: v for k, v in d.items() if k not in ("head", "liaisons")}
                          for d in doc["departments"]]
    import_org(db_session=db, org=parse_org(doc, "test"), source="test")
    db.flush()


def test_a_solve_no_plan_can_be_made_of_says_why_in_the_org_language(client, db,
                                                                      auth) -> None:
    """The planner proposes for an organisation with no staff: the solve (a job) fails with
    the solver's English error, and its localized sentence beside it in the org's language
    (``lang`` / ``localized_error``), on the job's poll and on the 202 of an inline solve."""
    en = "<org>: staff: the organisation has no staff to plan for"
    for extra, lang, said in (({}, "zh", "无法排班：组织中还没有可排班的人员"),
                              ({"language": "en"}, "en", en)):
        _import_without_staff(db, **extra)
        r = client.post("/api/plans/backlog", json={"title": "布置会场", "effort_hours": 3},
                        headers=auth["planner"])
        assert r.status_code == 201, r.text
        r = client.post("/api/plans/proposals", json={}, headers=auth["planner"])
        assert r.status_code == 202, r.text
        job = r.json()
        assert job["status"] == "failed" and job["error"] == en
        assert (job["lang"], job["localized_error"]) == (lang, said)
        polled = client.get(job["poll"], headers=auth["planner"]).json()
        assert polled["error"] == en
        assert (polled["lang"], polled["localized_error"]) == (lang, said)


def test_routing_model_refusals_say_themselves_in_the_org_language(client, auth,
                                                                   org_in_db) -> None:
    """An admin's retrain with a history file the service cannot use, a rollback with
    nothing to go back to, a prediction of nothing, a batch over its limit: the English as
    before, and the same in Chinese for the Chinese demo org."""
    admin = auth["admin"]
    sent = [
        ("text,department\n打印机坏了,财务处\n", "history_csv: line 2: department '财务处' "
         "is not in the org", "history_csv：第 2 行：部门「财务处」不在组织中"),
        ("text,department\n,it\n", "history_csv: line 2: empty text",
         "history_csv：第 2 行：没有文字（text）"),
        ("id,text,department,weight\nr1,打印机坏了,it,很多\n",
         "history_csv: line 2 (id r1): weight '很多' is not a number",
         "history_csv：第 2 行（id r1）：权重「很多」不是数字"),
        ("words,dept\n打印机坏了,it\n", "history_csv: header: missing column(s) text, "
         "department", "history_csv：表头：缺少列 text, department"),
        ("text,department\n", "history_csv: (file): no rows under the header",
         "history_csv：文件：表头下面没有数据行"),
    ]
    for csv_text, en, zh in sent:
        r = client.post("/api/routing/retrain", json={"history_csv": csv_text}, headers=admin)
        error = _error(r, 422)
        assert error["message"].startswith(en), error
        assert error["lang"] == "zh" and error["localized_message"].startswith(zh), error
    error = _error(client.post("/api/routing/rollback", headers=admin), 409)
    assert error["message"].endswith("no earlier published version to roll back to")
    assert error["localized_message"] == "没有更早发布的模型版本可以回退"
    error = _error(client.post("/api/routing/predict", json={"text": "  "}, headers=admin), 422)
    assert error["message"] == "text: empty"
    assert error["localized_message"] == "请填写需求内容"
    items = [{"id": str(i), "text": "打印机坏了"} for i in range(201)]
    error = _error(client.post("/api/routing/predict/batch", json={"items": items},
                               headers=admin), 413)
    assert error["message"] == "items: 201 requests; the limit is 200"
    assert error["localized_message"] == "共 201 条需求，一次最多 200 条"


def test_calendar_notification_and_follow_up_refusals_say_themselves_in_the_org_language(
        client, auth, make_user, org_in_db) -> None:
    """Calendar feeds, the notifications API and the follow-up track API: the English as
    before, and the same in Chinese for the Chinese demo org."""
    admin, planner = auth["admin"], auth["planner"]

    def said(r, status: int, en: str, zh: str) -> None:
        error = _error(r, status)
        assert error["message"] == en, error
        assert error["lang"] == "zh" and error["localized_message"] == zh, error

    said(client.post("/api/calendar/feeds/nobody", headers=admin), 422,
         "unknown staff id 'nobody'", "没有编号为「nobody」的人员")
    said(client.post("/api/calendar/feed", headers=auth["requester"]), 422,
         "your user is not linked to a member of staff",
         "你的账号还没有关联到组织中的人员，请联系管理员")
    said(client.get("/api/calendar/not-a-token.ics"), 401,
         "unknown or revoked calendar feed token", "日历订阅链接无效或已被撤销")
    said(client.post("/api/notifications/test", json={}, headers=admin), 422,
         "give staff and/or department", "请指定人员或部门")
    said(client.post("/api/notifications/test", json={"staff": ["nobody", "ghost"]},
                     headers=admin), 422,
         "unknown staff id(s): nobody, ghost", "没有编号为「nobody、ghost」的人员")
    said(client.post("/api/notifications/test", json={"department": "zz"}, headers=admin),
         422, "unknown department 'zz'", "没有编号为「zz」的部门")
    said(client.get("/api/notifications/999999", headers=planner), 404,
         "no notification 999999", "没有编号为 999999 的通知")
    track = {"kind": "task", "ref_id": "t1", "title": "交周报", "due": "2026-12-20"}
    said(client.post("/api/followups", json={**track, "owners": ["nobody"]}, headers=planner),
         422, "unknown owner staff id(s): nobody", "没有编号为「nobody」的人员")
    said(client.post("/api/followups", json={**track, "department": "zz"}, headers=planner),
         422, "unknown department 'zz'", "没有编号为「zz」的部门")
    said(client.post("/api/followups", json=track, headers=planner), 422,
         "a follow-up needs owners or a department", "跟进事项需要负责人或部门")
    said(client.post("/api/followups", json={**track, "owners": ["zhangsan"],
                                             "due": "2026-12-20T09:00:00"}, headers=planner),
         422, "a due datetime must carry its timezone",
         "截止时间须带时区（例如 2026-12-20T09:00:00+08:00）")
    said(client.get("/api/followups/999999", headers=planner), 404,
         "no follow-up 999999", "没有编号为 999999 的跟进事项")


def test_a_follow_up_someone_else_owns_is_refused_in_the_org_language(client, auth,
                                                                      org_in_db) -> None:
    track = {"kind": "task", "ref_id": "t2", "title": "交周报", "due": "2026-12-20",
             "owners": ["zhangsan"]}
    r = client.post("/api/followups", json=track, headers=auth["planner"])
    assert r.status_code == 201, r.text
    fid = r.json()["id"]
    error = _error(client.get(f"/api/followups/{fid}", headers=auth["requester"]), 403)
    assert error["message"] == "only its owners and planners see this follow-up"
    assert error["localized_message"] == "只有负责人和计划员能查看这条跟进事项"
    error = _error(client.post(f"/api/followups/{fid}/done", json={},
                               headers=auth["requester"]), 403)
    assert error["message"] == f"follow-up {fid}: only its owners and planners act on it"
    assert error["localized_message"] == f"跟进事项 #{fid} 只有负责人和计划员能处理"
