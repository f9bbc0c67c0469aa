"""The problem log pages (TestClient, signed in through the login form): raise on a
collaboration, a refused form kept, dispute and decide, who may see, the dashboard's
figures."""

from __future__ import annotations

import re

import pytest

PASSWORD = "pw-for-tests-123"


def _csrf(html: str) -> str:
    found = re.search(r'<meta name="csrf-token" content="([^"]+)"', html)
    assert found
    return found.group(1)


@pytest.fixture
def signed_in(app, db, people):
    """signed_in(name) → a TestClient signed in as that person (own cookies)."""
    from fastapi.testclient import TestClient

    from dispatch.users import service as users

    clients = []

    def _open(name: str):
        users.set_password(db_session=db, name=name, password=PASSWORD)
        c = TestClient(app, base_url="https://testserver")
        c.__enter__()
        clients.append(c)
        page = c.get("/login")
        r = c.post("/login", data={"username": name, "password": PASSWORD,
                                   "csrf_token": _csrf(page.text), "next": "/"},
                   follow_redirects=False)
        assert r.status_code == 303, r.text
        c.csrf = _csrf(c.get("/").text)
        return c

    yield _open
    for c in clients:
        c.__exit__(None, None, None)


def _post(c, url: str, data: dict):
    return c.post(url, data={"csrf_token": c.csrf, **data}, follow_redirects=False)


def test_raise_dispute_and_decide_from_the_pages(signed_in, collab, db) -> None:
    logistics = signed_in("wanggang")
    url = f"/collab/{collab['id']}/problems"
    page = logistics.get(url)
    assert page.status_code == 200 and 'id="raise-form"' in page.text
    # a refused form comes back with what was typed and the reason
    r = _post(logistics, url, {"description": "展台尺寸图晚交", "severity": "紧急",
                               "departments": ["design", "logistics"]})
    assert r.status_code == 422 and "severity" in r.text and "展台尺寸图晚交" in r.text
    task = next(t for t in collab["tasks"] if t["department"] == "logistics")
    r = _post(logistics, url, {"description": "展台尺寸图晚交", "severity": "high",
                               "departments": ["design", "logistics"],
                               "impact": "布展推迟", "blocks_task_id": str(task["id"])})
    assert r.status_code == 303, r.text
    show = r.headers["location"]
    pid = int(show.rsplit("/", 1)[1])
    page = logistics.get(show)
    assert "展台尺寸图晚交" in page.text and 'id="act-dispute"' in page.text
    listed = logistics.get(url).text
    assert f'id="problem-{pid}"' in listed
    # the board links the log and shows the task at risk
    board = logistics.get(f"/collab/{collab['id']}").text
    assert 'id="problem-log"' in board
    # sales is not involved: an error page, not the problem
    outsider = signed_in("linxue")
    assert outsider.get(show).status_code == 403
    r = _post(logistics, f"/problems/{pid}/act", {"action": "dispute", "note": "谈不拢"})
    assert r.status_code == 303
    page = logistics.get(show).text
    assert 'data-level="1"' in page and 'id="decide-form"' in page  # 王刚 is a liaison
    r = _post(logistics, f"/problems/{pid}/decide", {"outcome": "escalate",
                                                     "decision": "上报负责人"})
    page = logistics.get(show).text
    assert 'data-level="2"' in page and 'id="decide-form"' not in page
    head = signed_in("zhoujie")
    _post(head, f"/problems/{pid}/decide", {"outcome": "escalate", "decision": "上报委员会"})
    committee = signed_in("huangwei")
    page = committee.get(show).text
    assert 'data-level="3"' in page and 'value="escalate"' not in page  # final
    r = _post(committee, f"/problems/{pid}/decide", {"outcome": "resolve",
                                                     "decision": "设计部先交外形尺寸"})
    page = committee.get(show).text
    assert 'id="problem-state"' in page and "设计部先交外形尺寸" in page
    assert page.count("<tr><td>") >= 3  # three decisions listed
    # the dashboard: one dispute on one collaboration, the resolved high problem
    boss = signed_in("boss")
    dash = boss.get("/dashboard").text
    assert 'id="problem-figures"' in dash
    assert re.search(r'id="dispute-rate">1\.00<', dash)


def test_the_problem_history_reads_in_the_page_language(signed_in, collab) -> None:
    """The moves of a problem read as words (登记 / 提交争议; raised / disputed), not the
    stored action names."""
    logistics = signed_in("wanggang")
    r = _post(logistics, f"/collab/{collab['id']}/problems",
              {"description": "展台尺寸图晚交", "severity": "high",
               "departments": ["design", "logistics"]})
    assert r.status_code == 303, r.text
    url = r.headers["location"]
    pid = url.rsplit("/", 1)[1]
    assert _post(logistics, f"/problems/{pid}/act", {"action": "dispute"}).status_code == 303
    page = logistics.get(url).text
    history = page[page.index(">", page.index('id="timeline"')):]
    assert "登记" in history and "提交争议" in history
    assert ": raise" not in history and ": dispute" not in history
    page = logistics.get(url + "?lang=en").text
    history = page[page.index(">", page.index('id="timeline"')):]
    assert "raised" in history and "disputed" in history


def test_a_decision_refused_because_someone_decided_first_keeps_its_text(signed_in,
                                                                         collab) -> None:
    """Two liaisons have the dispute open; one resolves it first. The other's decision is
    refused (409) on the problem's page at once, with the reason and the text they typed
    (a redirect emptied it); nothing of it is stored."""
    logistics = signed_in("wanggang")
    r = _post(logistics, f"/collab/{collab['id']}/problems",
              {"description": "展台尺寸图晚交", "severity": "high",
               "departments": ["design", "logistics"]})
    url = r.headers["location"]
    pid = url.rsplit("/", 1)[1]
    assert _post(logistics, f"/problems/{pid}/act", {"action": "dispute"}).status_code == 303
    design = signed_in("xuli")
    assert 'id="decide-form"' in design.get(url).text  # xuli starts typing here
    assert _post(logistics, f"/problems/{pid}/decide",
                 {"outcome": "resolve", "decision": "物流部顺延两天"}).status_code == 303
    typed = '设计部先交外形尺寸，细节图12月20日前补 <"全部">'
    r = _post(design, f"/problems/{pid}/decide", {"outcome": "escalate", "decision": typed})
    assert r.status_code == 409, r.status_code
    assert 'class="flash error"' in r.text
    assert "设计部先交外形尺寸，细节图12月20日前补 &lt;&#34;全部&#34;&gt;" in r.text
    assert '<"全部">' not in r.text
    page = design.get(url).text  # said once; the stored decision is the first one
    assert "细节图12月20日前补" not in page and "物流部顺延两天" in page


def test_the_problem_history_s_system_notes_read_in_the_page_language(signed_in,
                                                                      collab) -> None:
    """The notes the system writes (severity and due date on raising, a level's deadline on
    a dispute) read in the page's language, not stored English."""
    logistics = signed_in("wanggang")
    r = _post(logistics, f"/collab/{collab['id']}/problems",
              {"description": "展台尺寸图晚交", "severity": "high",
               "departments": ["design", "logistics"]})
    url = r.headers["location"]
    pid = url.rsplit("/", 1)[1]
    assert _post(logistics, f"/problems/{pid}/act", {"action": "dispute"}).status_code == 303
    page = logistics.get(url).text
    history = page[page.index(">", page.index('id="timeline"')):]
    assert "严重程度：高" in history and "第 1 级：" in history
    assert "severity high" not in history and "working day(s)" not in history
    page = logistics.get(url + "?lang=en").text
    history = page[page.index(">", page.index('id="timeline"')):]
    assert "severity high" in history and "level 1: " in history


def test_a_refused_decision_says_why_in_the_page_language(signed_in, collab) -> None:
    """Someone decided first: the refusal is Chinese on a Chinese page (the problem is
    已解决 now), English on an English one."""
    logistics = signed_in("wanggang")
    r = _post(logistics, f"/collab/{collab['id']}/problems",
              {"description": "展台尺寸图晚交", "severity": "high",
               "departments": ["design", "logistics"]})
    url = r.headers["location"]
    pid = url.rsplit("/", 1)[1]
    _post(logistics, f"/problems/{pid}/act", {"action": "dispute"})
    _post(logistics, f"/problems/{pid}/decide", {"outcome": "resolve", "decision": "顺延"})
    design = signed_in("xuli")
    r = _post(design, f"/problems/{pid}/decide", {"outcome": "resolve", "decision": "先交"})
    assert r.status_code == 409 and "问题现在是「已解决」" in r.text
    assert "cannot decide" not in r.text
    design.get(url + "?lang=en")
    r = _post(design, f"/problems/{pid}/decide", {"outcome": "resolve", "decision": "先交"})
    assert r.status_code == 409 and "cannot decide" in r.text


def test_a_timed_out_level_s_decision_reads_in_the_page_language(signed_in, collab, db,
                                                                 problem_org) -> None:
    """The decision the system records when a level's deadline passes reads 「截至 … 未作出
    决定」 on a Chinese page, "no decision by …" on an English one (the API's text)."""
    import datetime as dt

    from dispatch.problems import flows
    from dispatch.problems.models import Problem

    logistics = signed_in("wanggang")
    r = _post(logistics, f"/collab/{collab['id']}/problems",
              {"description": "展台尺寸图晚交", "severity": "high",
               "departments": ["design", "logistics"]})
    url = r.headers["location"]
    pid = int(url.rsplit("/", 1)[1])
    assert _post(logistics, f"/problems/{pid}/act", {"action": "dispute"}).status_code == 303
    p = db.get(Problem, pid)
    due = p.level_due_at
    assert flows.climb_overdue(db_session=db, org=problem_org,
                               now=due + dt.timedelta(minutes=1)) == 1
    local = f"{due.astimezone(problem_org.tz):%Y-%m-%d %H:%M}"
    page = logistics.get(url).text
    table = page[page.index('id="decisions"'):page.index("</table>", page.index('id="decisions"'))]
    assert f"截至 {local} 未作出决定" in table and "no decision" not in table
    page = logistics.get(url + "?lang=en").text
    table = page[page.index('id="decisions"'):page.index("</table>", page.index('id="decisions"'))]
    assert f"no decision by {local}" in table
