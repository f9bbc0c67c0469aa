"""A dispute end to end in headless Chromium, against a live server: logistics raises a
problem on the collaboration's log page, marks it a dispute; the liaisons (level 1) and the
heads (level 2) send it up; the committee decides. With DISPATCH_SCREENSHOT_DIR set the
problem page is saved there (``problem-dispute.png``)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.web.conftest import PASSWORD
from tests.web.live_server import click_and_wait, live_server, require_chromium
from tests.web.test_browser_e2e import chromium, page_as, shot  # noqa: F401

pytestmark = pytest.mark.browser
SEEDED: dict[str, int] = {}  # the collaboration the live server was started with


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory):
    """The demo org with a committee (黄伟), a collaboration led by design with logistics'
    help, and the people of the ladder as users (王刚: logistics' liaison; 周杰: design's
    head)."""
    require_chromium()
    from dispatch.collab import flows as collab
    from dispatch.collab.service import CollabIn, PartIn
    from dispatch.demo import DEMO_ORG
    from dispatch.users import service as users
    from models.org import parse_org

    root = tmp_path_factory.mktemp("live-problems")
    doc = yaml.safe_load(Path(DEMO_ORG).read_text(encoding="utf-8"))
    doc["escalation"] = {"committee": ["huangwei"]}
    org = parse_org(doc, "demo+committee")

    def seed(s, settings, org) -> None:
        made = {}
        for name, role, staff in (("sec", "requester", "zhangsan"),
                                  ("zhoujie", "requester", "zhoujie"),
                                  ("wanggang", "requester", "wanggang"),
                                  ("huangwei", "requester", "huangwei")):
            made[name] = users.create(db_session=s, name=name, role=role, password=PASSWORD,
                                      staff_id=staff)
        c = collab.start(db_session=s, settings=settings, org=org, user=made["sec"],
                         data=CollabIn(title="新品发布会", parts=[
                             PartIn("design", "设计部出主视觉海报和展台图", "lead"),
                             PartIn("logistics", "物流部派4人把样机搬到会场")]))
        SEEDED["collab"] = c.id

    with live_server(root, org, seed) as url:
        yield url



def test_a_dispute_walks_to_the_committees_decision(page_as, live) -> None:  # noqa: F811
    base, cid = live, SEEDED["collab"]
    log = page_as("wanggang")
    log.goto(f"{base}/collab/{cid}")
    click_and_wait(log, "#problem-log")
    assert log.url.endswith(f"/collab/{cid}/problems")
    log.fill("textarea[name=description]", "设计部的展台尺寸图要到发布会前一天才给，物流来不及订车")
    log.check("input[name=departments][value=design]")
    log.check("input[name=departments][value=logistics]")
    log.select_option("select[name=severity]", "high")
    log.fill("input[name=impact]", "样机无法按时进场")
    log.fill("input[name=proposed_solution]", "设计部先给外形尺寸")
    log.select_option("select[name=responsible_department]", "design")
    click_and_wait(log, "#raise")
    assert "/problems/" in log.url
    problem = log.url
    assert log.locator("#problem-state").inner_text() == "待处理"
    log.fill("#problem-actions form:has(#act-dispute) input[name=note]", "接口人谈不拢")
    click_and_wait(log, "#act-dispute")
    assert log.locator("#dispute-level").get_attribute("data-level") == "1"
    # level 1: 协作接口人 (the demo org's: 周杰 and 徐丽 for design, 王刚 for logistics)
    log.fill("#decide-form textarea[name=decision]", "接口人层面无法协调，上报部门负责人")
    log.check("#decide-form input[value=escalate]")
    click_and_wait(log, "#decide")
    assert log.locator("#dispute-level").get_attribute("data-level") == "2"
    # level 2: the heads together; 周杰 sends it to the committee
    head = page_as("zhoujie")
    head.goto(problem)
    head.fill("#decide-form textarea[name=decision]", "两部门意见不一致，提交协调委员会")
    head.check("#decide-form input[value=escalate]")
    click_and_wait(head, "#decide")
    assert head.locator("#dispute-level").get_attribute("data-level") == "3"
    assert head.locator("#decide-form").count() == 0  # not on the committee
    # level 3: the committee's decision is final (no escalate option) and resolves it
    boss = page_as("huangwei")
    boss.goto(problem)
    assert boss.locator("#decide-form input[value=escalate]").count() == 0
    boss.fill("#decide-form textarea[name=decision]", "设计部两天内先交外形尺寸，细节图顺延")
    click_and_wait(boss, "#decide")
    assert boss.locator("#problem-state").inner_text() == "已解决"
    assert "设计部两天内先交外形尺寸" in boss.locator("#resolution").inner_text()
    rows = boss.locator("#decisions tr")
    assert rows.count() == 3
    assert "wanggang" in rows.nth(0).inner_text()  # level 1 decided by the liaison
    assert "huangwei" in rows.nth(2).inner_text()
    shot(boss, "problem-dispute")
    # the log lists it as resolved (for logistics: the committee member has no part in
    # the collaboration, so its log is not his to read)
    log.goto(f"{base}/collab/{cid}/problems")
    assert "已解决" in log.locator("#problems").inner_text()
    boss.goto(f"{base}/collab/{cid}/problems")
    assert boss.locator("#problems").count() == 0
