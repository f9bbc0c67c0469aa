"""A phone is enough: the everyday pages at 375 px wide in headless Chromium (a mobile
viewport with touch), against a live server. Each page must fit the width (no sideways
scrolling of the page; wide tables scroll inside themselves) and its controls must be
reachable; a liaison accepts a part and returns another from the phone. Screenshots go to
docs/screenshots/mobile-*.png when DISPATCH_SCREENSHOT_DIR is set."""

from __future__ import annotations

import pytest

from tests.web.conftest import PASSWORD
from tests.web.live_server import live_server, require_chromium
from tests.web.test_browser_e2e import chromium, shot  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser
SEEDED: dict[str, int] = {}
PHONE = {"viewport": {"width": 375, "height": 740}, "device_scale_factor": 2,
         "is_mobile": True, "has_touch": True, "locale": "zh-CN"}


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory):
    require_chromium()
    from dispatch.collab import flows as collab
    from dispatch.collab.service import CollabIn, PartIn
    from dispatch.demo import DEMO_DIR, DEMO_ORG
    from dispatch.minutes import flows as minutes
    from dispatch.users import service as users
    from models.org import load_org

    root = tmp_path_factory.mktemp("live-mobile")
    org = load_org(DEMO_ORG)

    def seed(s, settings, org) -> None:
        made = {}
        for name, role, staff in (("sec", "requester", "zhangsan"),
                                  ("zhoujie", "requester", "zhoujie"),
                                  ("liuqiang", "requester", "liuqiang")):
            made[name] = users.create(db_session=s, name=name, role=role, password=PASSWORD,
                                      staff_id=staff)
        c = collab.start(db_session=s, settings=settings, org=org, user=made["sec"],
                         data=CollabIn(title="新品发布会", parts=[
                             PartIn("design", "设计部出主视觉海报和展台图", "lead"),
                             PartIn("logistics", "物流部派4人把样机搬到会场")]))
        meeting = minutes.upload(db_session=s, org=org, data=(DEMO_DIR / "minutes_launch_review.md")
                       .read_bytes(), filename="minutes_launch_review.md", meeting_date=None,
                       actor=None, max_bytes=settings.max_upload_bytes)
        minutes.confirm(db_session=s, org=org, meeting=meeting, actor=made["sec"])
        SEEDED["collab"] = c.id

    with live_server(root, org, seed) as url:
        yield url


@pytest.fixture
def phone_as(chromium, live):  # noqa: F811 (the fixture)
    contexts = []

    def _open(name: str):
        ctx = chromium.new_context(**PHONE)
        contexts.append(ctx)
        page = ctx.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"{live}/login")
        page.fill("input[name=username]", name)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live}/")
        return page

    yield _open
    for ctx in contexts:
        ctx.close()


def fits(page) -> None:
    """The page does not scroll sideways at 375 px."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 376, f"{page.url} is {width}px wide at 375px"


def in_view(page, selector: str) -> None:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    assert box["x"] >= 0 and box["x"] + box["width"] <= 376, (selector, box)


def test_request_form_on_a_phone(phone_as, live) -> None:
    page = phone_as("sec")
    page.goto(f"{live}/requests/new")
    fits(page)
    in_view(page, "textarea[name=text]")
    in_view(page, "form button[type=submit]")
    page.fill("textarea[name=text]", "会议室投影仪连不上笔记本，需要IT检查网络")
    shot(page, "mobile-request-form")


def test_my_items_and_home_on_a_phone(phone_as, live) -> None:
    page = phone_as("sec")
    fits(page)
    page.goto(f"{live}/my/items")
    fits(page)
    rows = page.locator("#my-items tbody tr")
    assert rows.count() >= 1
    shot(page, "mobile-my-items")
    first = rows.first
    item_id = first.get_attribute("id")
    done = first.locator("button:not(.secondary)").first
    box = done.bounding_box()
    assert box and box["x"] + box["width"] <= 376 and box["height"] >= 30
    done.click()
    page.wait_for_load_state()
    page.goto(f"{live}/my/items?status=done")
    assert page.locator(f"#{item_id}").count() == 1


def test_liaison_accepts_and_returns_parts_from_a_phone(phone_as, live) -> None:
    cid = SEEDED["collab"]
    design = phone_as("zhoujie")  # design's head answers for it (no liaison named)
    design.goto(f"{live}/collab/inbox")
    fits(design)
    shot(design, "mobile-part-inbox")
    in_view(design, "button[id^=inbox-accept-]")
    in_view(design, "button[id^=inbox-return-]")
    design.locator("button[id^=inbox-accept-]").first.click()
    design.wait_for_load_state()
    logistics = phone_as("liuqiang")
    logistics.goto(f"{live}/collab/inbox")
    fits(logistics)
    in_view(logistics, "input[name=note]")
    logistics.locator("input[name=note]").first.fill("会场当天车辆已满")
    logistics.locator("button[id^=inbox-return-]").first.click()
    logistics.wait_for_load_state()
    board = phone_as("sec")
    board.goto(f"{live}/collab/{cid}")
    fits(board)
    text = board.locator("body").inner_text()
    assert "accepted" in text or "已受理" in text
    assert "returned" in text or "已退回" in text or "退单" in text
    shot(board, "mobile-collab-board")
