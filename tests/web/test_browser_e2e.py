"""End to end in headless Chromium: the three jobs and an XSS attempt, against a live server.

The server is uvicorn in a thread on 127.0.0.1 (free port), on a temporary SQLite database
with the demo organisation and users. Run alone with ``pytest -m browser``. With
DISPATCH_SCREENSHOT_DIR set, the main pages are saved there as PNGs
(``scripts/screenshots.py`` does that for docs/screenshots/).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path

import pytest
from model_support import ensure_demo_model

from tests.web.conftest import FIXTURES, PASSWORD
from tests.web.live_server import CHROMIUM, live_server, require_chromium

pytestmark = pytest.mark.browser

ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SHOTS = os.environ.get("DISPATCH_SCREENSHOT_DIR")


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory):
    """A running server with the demo org, three users and a planner's backlog."""
    require_chromium()
    from dispatch.demo import DEMO_ORG
    from dispatch.plans import service as plans
    from dispatch.users import service as users
    from models.org import load_org

    root = tmp_path_factory.mktemp("live")
    org = load_org(DEMO_ORG)

    def seed(s, settings, org) -> None:
        users.create(db_session=s, name="sec", role="requester", password=PASSWORD,
                     staff_id="zhangsan")
        users.create(db_session=s, name="plan", role="planner", password=PASSWORD,
                     staff_id="wangfang")
        users.create(db_session=s, name="itco", role="planner", password=PASSWORD,
                     staff_id="chenming")
        for title, dept, hours, due in (("双11复盘海报", "design", 6, "2026-11-25"),
                                        ("发布会主视觉", "design", 10, "2026-11-27"),
                                        ("展会物资运输", "logistics", 8, "2026-11-26"),
                                        ("渠道投放复盘", "mkt", 6, "2026-11-27")):
            plans.add_task(db_session=s, org=org, fields={
                "title": title, "department": dept, "effort_hours": hours,
                "due": dt.date.fromisoformat(due)})
        # no channel is configured: this reminder waits as a dead letter (delivery page)
        from dispatch.notifications import service as outbox

        outbox.enqueue(db_session=s, event="followup.reminder", recipients=["zhangsan"],
                       subject="催办：双11复盘海报", org=org)

    with live_server(root, org, seed,
                     after=ensure_demo_model) as url:
        yield url


@pytest.fixture(scope="module")
def chromium(live):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page_as(chromium, live):
    """page_as(user) → a fresh page signed in as that user (own cookies)."""
    contexts = []

    def _open(name: str):
        ctx = chromium.new_context(viewport={"width": 1400, "height": 900}, locale="zh-CN")
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


def shot(page, name: str) -> None:
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def test_upload_minutes_review_and_confirm(page_as, live) -> None:
    page = page_as("sec")
    page.goto(f"{live}/minutes")
    # drag-and-drop: a file dropped on the zone becomes the form's file
    text = (FIXTURES / "weekly_minutes.md").read_text(encoding="utf-8")
    page.evaluate("""(text) => {
        const dt = new DataTransfer();
        dt.items.add(new File([text], "weekly_minutes.md", {type: "text/markdown"}));
        const zone = document.getElementById("dropzone");
        zone.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true,
                                                  cancelable: true}));
    }""", text)
    assert page.locator("#upload-status").inner_text() == "weekly_minutes.md"
    assert page.evaluate("document.getElementById('file-input').files.length") == 1
    page.click("#upload-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/minutes/\d+$"))
    rows = page.locator("tr.item-row")
    assert rows.count() == 3
    # clicking an item highlights its line in the source text
    row = page.locator("tr.item-row", has_text="L17")
    row.locator("td.line-ref").click()
    assert "active" in (page.locator("#L17").get_attribute("class") or "")
    assert "输出活动主海报" in page.locator("#L17").inner_text()
    shot(page, "minutes-review")
    page.click("#confirm-btn")
    # confirmed at once; the capacity check's result replaces "checking…" when it is done
    page.wait_for_selector("#capacity-warnings")
    assert page.locator("#meeting-status").inner_text() == "已确认"
    page.goto(f"{live}/my/items")
    assert "完成双12活动方案终稿" in page.locator("#my-items").inner_text()


def test_a_refused_upload_shows_why_in_place(page_as, live, tmp_path) -> None:
    page = page_as("sec")
    page.goto(f"{live}/minutes")
    bad = tmp_path / "notes.exe"
    bad.write_bytes(b"MZ\x00\x00")
    page.set_input_files("#file-input", str(bad))
    page.click("#upload-form button[type=submit]")
    page.wait_for_selector("#upload-error")
    assert ".exe" in page.locator("#upload-error").inner_text()
    assert page.url == f"{live}/minutes"


def test_submit_a_request_see_it_routed_and_accepted(page_as, live) -> None:
    page = page_as("sec")
    page.goto(f"{live}/requests/new")
    page.fill("input[name=title]", "新同事入职开通账号")
    page.fill("textarea[name=text]",
              "下周一两位新同事入职，需要开通企业邮箱和VPN账号，并配置笔记本电脑。")
    page.fill("textarea[name=support]", "IT 同事半天时间")
    page.fill("#attachments", "入职名单.xlsx")
    page.click("#submit-request")
    page.wait_for_url(re.compile(r".*/requests/\d+$"))
    result = page.locator("#routing-result").inner_text()
    assert "信息技术部" in result and "%" in result
    assert page.locator("#why").is_visible()
    shot(page, "request-result")
    rid = page.url.rsplit("/", 1)[1]
    if page.locator(".badge.triage").count():
        # the model was unsure: a coordinator routes it with one click on its top suggestion
        coord = page_as("plan")
        coord.goto(f"{live}/triage")
        shot(coord, "triage")
        coord.locator(f"#tri-{rid} button.suggest.top").click()
        coord.wait_for_url(f"{live}/triage")
        assert coord.locator(f"#tri-{rid}").count() == 0
    it = page_as("itco")
    it.goto(f"{live}/inbox")
    row = it.locator(f"#req-{rid}")
    assert "新同事入职开通账号" in row.inner_text()
    shot(it, "request-inbox")
    row.locator("button[data-action=accept]").click()
    it.wait_for_selector(f"#req-{rid} .badge.accepted")


def test_move_a_task_then_approve(page_as, live) -> None:
    page = page_as("plan")
    page.goto(f"{live}/planner")
    page.click("#propose-btn")
    # "solving…" (the page reloads itself) until the job thread has stored the proposal
    page.wait_for_url(re.compile(r".*/planner/\d+$"))
    first = page.url
    assert page.locator("#loads svg").count() >= 2 and page.locator("#gantt svg").count() == 1
    row = page.locator("#assignments tr", has_text="发布会主视觉")
    current = row.locator("select[name=staff]").input_value()
    target = "hexin" if current != "hexin" else "xuli"
    row.locator("select[name=staff]").select_option(target)
    row.locator("button[data-move]").click()
    page.wait_for_url(lambda url: url != first and re.search(r"/planner/\d+(\?.*)?$", url))
    compare = page.locator("#compare").inner_text()
    assert "发布会主视觉" in compare
    shot(page, "planner-board")
    page.click("#approve-btn")
    page.wait_for_selector("#proposal-status:has-text('已批准')")


def test_script_in_minutes_and_requests_does_not_run(page_as, live) -> None:
    page = page_as("sec")
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(f"{live}/minutes")
    page.set_input_files("#file-input", str(FIXTURES / "xss_minutes.md"))
    page.click("#upload-form button[type=submit]")
    page.wait_for_url(re.compile(r".*/minutes/\d+$"))
    assert "<script>" in page.locator("#source").inner_text()       # shown as text
    assert "<script>" in page.locator("#meeting-title").inner_text()
    assert page.evaluate("typeof window.xss") == "undefined"
    page.goto(f"{live}/requests/new")
    page.fill("textarea[name=text]",
              '<img src=x onerror="alert(7)"><script>alert(8)</script>需要VPN')
    page.click("#submit-request")
    page.wait_for_url(re.compile(r".*/requests/\d+$"))
    assert "<script>alert(8)</script>" in page.locator("#request-text").inner_text()
    page.wait_for_timeout(300)  # give a would-be onerror handler the time to fire
    assert dialogs == []


def test_english_switch_and_dashboard(page_as, live) -> None:
    page = page_as("plan")
    page.goto(f"{live}/dashboard?lang=en")
    assert page.locator("h1").first.inner_text() == "Dashboard"
    page.goto(f"{live}/triage")
    assert "Triage" in page.locator("h1").inner_text()
    page.goto(f"{live}/dashboard?lang=zh")
    assert page.locator("#kpis").is_visible()
    # today: the minutes and requests these tests uploaded and submitted
    assert page.locator("#activity svg rect.meetings").count() == 1
    assert page.locator("#activity svg rect.requests").count() == 1
    shot(page, "dashboard")


def test_planner_sends_a_dead_letter_again(page_as, live) -> None:
    page = page_as("plan")
    page.goto(f"{live}/delivery")
    rows = page.locator("#dead tbody tr")
    assert rows.count() >= 1 and "催办：双11复盘海报" in page.inner_text("#dead")
    assert "zhangsan" in page.inner_text("#dead")
    shot(page, "delivery")
    before = rows.count()
    rows.first.locator("button").click()
    page.wait_for_load_state()
    assert "已重新排队" in page.inner_text(".flash")
    assert page.locator("#dead tbody tr").count() == before - 1 or page.locator("#no-dead").count()
