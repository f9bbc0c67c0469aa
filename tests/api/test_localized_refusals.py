"""Refusals say themselves in the organisation's language beside the English message
(``error.lang`` / ``error.localized_message``), wherever they are raised: the too-long
text of every form, and the refusals of requests, minutes, plans and users."""

from __future__ import annotations

LONG = "发布会需要设计部出主视觉海报。" * 1500  # 22,500 characters; the limit is 20,000


def _h(tok: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {tok}"}


def _error(r, status: int) -> dict:
    assert r.status_code == status, r.text
    return r.json()["error"]


def test_a_too_long_text_is_one_refusal_in_both_languages(client, make_user,
                                                          org_in_db) -> None:
    """A text over the limit — a request, its support, a prediction, 「建议部门」, a
    collaboration's background or a part's ask, a problem's description — is a 413 whose
    English names the field and the limit, and whose Chinese says the same."""
    _, tok = make_user("api_req", "requester", staff_id="zhoujie")
    h = _h(tok)
    sent = [
        (client.post("/api/requests", json={"text": LONG}, headers=h), "text", "需求内容"),
        (client.post("/api/requests", json={"text": "打印机坏了", "support": LONG}, headers=h),
         "support", "需要的支持"),
        (client.post("/api/routing/predict", json={"text": LONG}, headers=h), "text",
         "需求内容"),
        (client.post("/api/collab/suggest", json={"text": LONG}, headers=h), "text",
         "需求内容"),
        (client.post("/api/collab", headers=h,
                     json={"title": "发布会", "background": LONG,
                           "parts": [{"department": "design", "text": "海报"}]}),
         "background", "需求背景"),
        (client.post("/api/collab", headers=h,
                     json={"title": "发布会", "parts": [{"department": "design",
                                                          "text": LONG}]}),
         "parts[0].text", "部门任务说明"),
    ]
    for r, field, zh in sent:
        error = _error(r, 413)
        assert error["code"] == "too_large"
        assert error["message"].startswith(f"{field}: 22,500 characters; the limit is 20,000")
        assert error["lang"] == "zh"
        assert error["localized_message"] == f"{zh}共 22,500 字，最多 20,000 字", error


def test_a_too_long_title_or_user_name_is_a_422_said_the_same_way(client, make_user,
                                                                  auth, org_in_db) -> None:
    _, tok = make_user("api_req", "requester", staff_id="zhoujie")
    r = client.post("/api/requests", json={"text": "打印机坏了", "title": "标" * 201},
                    headers=_h(tok))
    error = _error(r, 422)
    assert error["message"] == "title: 201 characters; the limit is 200"
    assert error["localized_message"] == "标题共 201 字，最多 200 字"
    r = client.post("/api/users", json={"name": "n" * 101, "role": "requester"},
                    headers=auth["admin"])
    error = _error(r, 422)
    assert error["message"] == "name: 101 characters; the limit is 100"
    assert error["lang"] == "zh" and error["localized_message"] == "用户名共 101 字，最多 100 字"


def test_role_and_user_refusals_say_themselves_in_the_org_language(client, make_user, auth,
                                                                   org_in_db) -> None:
    r = client.get("/api/plans/backlog", headers=auth["requester"])
    error = _error(r, 403)
    assert error["message"] == "this needs the planner role; you are requester"
    assert error["localized_message"] == "此操作需要「计划员/协调人」角色，你的角色是「提单人」"
    r = client.post("/api/users", json={"name": "t_planner", "role": "requester"},
                    headers=auth["admin"])
    assert _error(r, 409)["localized_message"] == "用户「t_planner」已存在"
    r = client.post("/api/users", json={"name": "x", "role": "boss"}, headers=auth["admin"])
    assert _error(r, 422)["localized_message"] == \
        "没有「boss」这个角色；可选：提单人、计划员/协调人、管理员"


def test_minutes_and_plan_refusals_say_themselves_in_the_org_language(client, auth,
                                                                      org_in_db) -> None:
    r = client.get("/api/minutes/items/999999", headers=auth["planner"])
    assert _error(r, 404)["localized_message"] == "没有编号为 999999 的行动项"
    r = client.get("/api/minutes/items?owner=zhoujie", headers=auth["requester"])
    assert _error(r, 403)["localized_message"] == "只有计划员和管理员能查看他人的事项"
    r = client.get("/api/plans/proposals/999999", headers=auth["planner"])
    assert _error(r, 404)["localized_message"] == "没有编号为 999999 的方案"
    r = client.get("/api/plans/work-items?staff=me", headers=auth["planner"])
    error = _error(r, 422)
    assert error["message"].startswith("staff=me: your user is not linked")
    assert error["localized_message"] == "你的账号还没有关联到组织中的人员，请联系管理员"


def test_a_minutes_file_the_reader_refuses_says_why_in_the_org_language(client, org_in_db,
                                                                        auth) -> None:
    """Each refusal of the minutes reader — an empty file, a type it does not read, binary
    data, a damaged .docx, a text mark that lies, a document over the character limit —
    keeps its status and English message and says the same in Chinese."""
    sent = [
        ("会议.txt", b"", 422, "会议.txt: the file is empty", "会议.txt 是空文件"),
        ("会议.pdf", b"%PDF-1.4", 422, "会议.pdf: unsupported file type .pdf",
         "会议.pdf：不支持的文件类型 .pdf；请使用 .txt、.md"),
        ("会议.txt", bytes(range(1, 9)) + b"\x00" * 64, 422,
         "会议.txt: binary data, not a text file", "会议.txt 是二进制数据，不是文本文件"),
        ("会议.docx", "周杰负责海报".encode(), 422,
         "会议.docx: not a Word .docx file", "会议.docx 不是 Word .docx 文件（不是 zip 压缩包）"),
        ("会议.txt", b"\xef\xbb\xbf\xff\xfe\xfd", 422,
         "会议.txt: starts with a utf-8-sig mark",
         "会议.txt 以 utf-8-sig 编码标记开头，但内容不是 utf-8-sig 文本"),
        ("会议.txt", ("字" * 200_001).encode(), 413,
         "会议.txt: the document has 200,001 characters, more than the limit of 200,000",
         "会议.txt 共 200,001 字，超过 200,000 字的上限；请拆分为多个文件"),
    ]
    for name, data, status, en, zh in sent:
        r = client.post("/api/minutes", files={"file": (name, data)},
                        headers=auth["requester"])
        error = _error(r, status)
        assert error["message"].startswith(en), error
        assert error["lang"] == "zh"
        assert error["localized_message"].startswith(zh), error
