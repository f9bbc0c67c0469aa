"""A collaboration end to end in headless Chromium, against a live server: start (with the
departments suggested, then edited) → two departments accept their parts from the inbox →
the plan is proposed and approved → progress → 验收 and rating.

With DISPATCH_SCREENSHOT_DIR set the board is saved there (``collab-board.png``;
``scripts/screenshots.py`` refreshes docs/screenshots/).
"""

from __future__ import annotations

import datetime as dt
import re

import pytest
from model_support import ensure_demo_model

from tests.web.conftest import PASSWORD
from tests.web.live_server import click_and_wait, live_server, require_chromium
from tests.web.test_browser_e2e import chromium, page_as, shot  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory):
    """A running server with the demo org: a requester in 市场部, the design and logistics
    heads (their departments' liaisons), and a planner."""
    require_chromium()
    from dispatch.demo import DEMO_ORG
    from dispatch.users import service as users
    from models.org import load_org

    root = tmp_path_factory.mktemp("live-collab")
    org = load_org(DEMO_ORG)

    def seed(s, settings, org) -> None:
        for name, role, staff in (("sec", "requester", "zhangsan"),
                                  ("zhoujie", "requester", "zhoujie"),
                                  ("liuqiang", "requester", "liuqiang"),
                                  ("plan", "planner", None)):
            users.create(db_session=s, name=name, role=role, password=PASSWORD,
                         staff_id=staff)

    with live_server(root, org, seed,
                     after=ensure_demo_model) as url:
        yield url



def test_collaboration_from_form_to_rating(page_as, live) -> None:  # noqa: F811
    today = dt.date.today()
    sec = page_as("sec")
    sec.goto(f"{live}/collab/new")
    sec.fill("#c-title", "新品发布会")
    sec.fill("#c-background", "发布会需要设计部出主视觉海报，同时需要物流部派4人把样机搬到会场")
    click_and_wait(sec, "#suggest")
    assert sec.locator("#c-title").input_value() == "新品发布会"  # nothing typed is lost
    # the person edits the suggestion: design leads, logistics supports, nothing else
    for box in sec.locator("#parts-form input[type=checkbox]").all():
        box.uncheck()
    sec.check("#pick-design")
    sec.fill("#part-design", "设计部出主视觉海报")
    sec.check("#lead-design")
    sec.check("#pick-logistics")
    sec.fill("#part-logistics", "物流部派4人把样机搬到会场")
    due = today + dt.timedelta(days=14)
    sec.fill("#c-due", due.isoformat())
    sec.fill("#c-milestones", f"海报定稿 {(today + dt.timedelta(days=7)).isoformat()}\n"
                              f"发布会 {due.isoformat()}")
    click_and_wait(sec, "#start-collab")
    assert re.search(r"/collab/\d+$", sec.url), sec.content()[:2000]
    board_url = sec.url
    assert sec.locator("#part-state-design").inner_text() == "待受理"
    assert sec.locator("#part-state-logistics").inner_text() == "待受理"

    # each head answers for their department from the part inbox
    for who, dept in (("zhoujie", "design"), ("liuqiang", "logistics")):
        page = page_as(who)
        page.goto(f"{live}/collab/inbox")
        rows = page.locator("#part-inbox tr[id^=inbox-part-]")
        assert rows.count() == 1 and "新品发布会" in rows.first.inner_text()
        click_and_wait(page, "#part-inbox button[id^=inbox-accept-]")
        page.goto(board_url)
        assert page.locator(f"#part-state-{dept}").inner_text() == "已受理"
        if dept == "design":
            page.select_option("#add-task select[name=milestone]", "海报定稿")
            page.fill("#add-task input[name=title]", "主视觉海报定稿")
            page.fill("#add-task input[name=effort_hours]", "12")
            page.fill("#add-task input[name=skills]", "海报设计")
            click_and_wait(page, "#add-task button[type=submit]")

    planner = page_as("plan")
    planner.goto(board_url)
    assert "R" in planner.locator("#raci").inner_text()
    click_and_wait(planner, "#propose")
    # "solving…" (the board reloads itself) until the job thread has stored the plan
    planner.wait_for_selector("#plan-status", timeout=30_000)
    assert planner.locator("#plan-status").inner_text() == "待批准"
    click_and_wait(planner, "#approve")
    assert planner.locator("#plan-status").inner_text() == "已批准"
    assert planner.locator("#gantt svg").count() == 1
    assert planner.locator("#plan-assignments tr").count() == 4  # header + three tasks

    design = page_as("zhoujie")
    design.goto(board_url)
    click_and_wait(design, "#start-design")
    task = design.locator("#tasks tr[id^=task-]", has_text="主视觉海报定稿")
    task.locator("input[name=done_hours]").fill("6")
    click_and_wait(design, f"#progress-{task.get_attribute('id').split('-')[1]}")
    assert "6.0/12.0h" in design.locator("#tasks").inner_text()
    shot(design, "collab-board")
    click_and_wait(design, "#finish-design")
    logistics = page_as("liuqiang")
    logistics.goto(board_url)
    click_and_wait(logistics, "#start-logistics")
    click_and_wait(logistics, "#finish-logistics")
    assert logistics.locator("#collab-state").inner_text() == "待验收"

    sec.goto(board_url)
    click_and_wait(sec, "#accept-result")
    assert sec.locator("#collab-state").inner_text() == "已验收"
    for dept, score in (("design", "5"), ("logistics", "4")):
        sec.select_option("#rate-dept", dept)
        sec.select_option("#rate-score", score)
        click_and_wait(sec, "#rate")
    ratings = sec.locator("#ratings").inner_text()
    assert "★★★★★" in ratings and "★★★★☆" in ratings
