"""The dashboard of a fresh `dispatch demo`, in headless Chromium: every figure has data on
the first run (past requests, meetings and their items, collaborations, problems). With
DISPATCH_SCREENSHOT_DIR set, the page is saved as dashboard-demo.png (the README's)."""

from __future__ import annotations

import pytest

from tests.web.live_server import live_server, require_chromium
from tests.web.test_browser_e2e import chromium, shot  # noqa: F401 (fixture)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def live(demo_loaded):
    """The server on the database `dispatch demo` filled (the session's shared one)."""
    require_chromium()
    from dispatch.demo import DEMO_ORG
    from models.org import load_org

    data, _ = demo_loaded
    with live_server(data, load_org(DEMO_ORG), lambda s, settings, org: None) as url:
        yield url


def test_the_demo_dashboard_is_full(chromium, live) -> None:  # noqa: F811 (the fixture)
    from dispatch.demo import DEMO_PASSWORD

    ctx = chromium.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
    try:
        page = ctx.new_page()
        page.set_default_timeout(20_000)
        page.goto(f"{live}/login")
        page.fill("input[name=username]", "planner")
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live}/")
        page.goto(f"{live}/dashboard?lang=zh")
        assert page.locator("#kpi-cycle").inner_text().endswith("h")
        assert page.locator("#kpi-sla").inner_text().endswith("%")
        assert int(page.locator("#kpi-overdue").inner_text()) == 2
        # on-time rates with a spread: requests by their expected date, items by their due
        # date (overall and per department)
        for kpi in ("#kpi-ontime", "#kpi-items-ontime"):
            assert 0 < int(page.locator(kpi).inner_text().rstrip("%")) < 100, kpi
        assert page.locator("#items-on-time-by-dept tbody tr").count() >= 2
        # overdue items by department, and the activity of the last 30 days: meetings
        # uploaded, items done, delays, besides requests
        assert page.locator("svg rect.overdue").count() == 2
        for series in ("requests", "meetings", "items_done", "delays"):
            assert page.locator(f"#activity svg rect.{series}").count() >= 1, series
        assert page.locator("#collab-by-dept tbody tr").count() >= 3
        delays = page.locator("#delays").inner_text()
        assert "清点东莞仓库滞销库存" in delays
        shot(page, "dashboard-demo")
    finally:
        ctx.close()
