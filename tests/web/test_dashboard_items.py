"""The dashboard's on-time rate of action items: items done by their due date over the items
done (in the window) or overdue, overall and by department, from items that went through the
minutes service (created, confirmed, done at their own past moments)."""

from __future__ import annotations

import datetime as dt
import re

from dispatch.db import replay_at


def _items(db, org, planner):
    """A confirmed meeting whose items meet every case the figure has to tell apart;
    returns today (org time)."""
    from dispatch.minutes import service as minutes
    from dispatch.minutes.models import Meeting

    now = dt.datetime.now(dt.UTC)
    today = now.astimezone(org.tz).date()

    def at(day: dt.date, hour: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour), tzinfo=org.tz).astimezone(dt.UTC)

    def day(n: int) -> dt.date:
        return today + dt.timedelta(days=n)

    m = Meeting(title="周会", filename="weekly.md", format="md", attendees=[], lines=[],
                status="draft")
    db.add(m)
    db.flush()
    # (task, department, due, what happens: ("done", day, hour) / "cancel" / None)
    cases = [
        ("提前交的海报", "design", day(-5), ("done", day(-6), 16)),       # on time
        ("晚交的海报", "design", day(-5), ("done", day(-2), 10)),        # late
        ("还没交的视频", "design", day(-3), None),                        # overdue
        ("当天修好的打印机", "it", day(-10), ("done", day(-10), 23)),     # on time (org day)
        ("下周的机房巡检", "it", day(5), None),                          # not due yet
        ("早就交了的报表", "it", day(-40), ("done", day(-35), 10)),      # outside the window
        ("拖了很久的备份", "it", day(-45), None),                        # overdue all along
        ("没有日期的事", "hr", None, ("done", day(-3), 10)),             # no date: no verdict
        ("取消的培训", "hr", day(-4), "cancel"),                          # cancelled
    ]
    with replay_at(at(day(-50), 9)):
        items = [minutes.add_item(db_session=db, org=org, meeting=m, actor=planner,
                                  fields={"task": task, "department": dept, "due": due})
                 for task, dept, due, _ in cases]
        minutes.confirm(db_session=db, meeting=m, actor=planner)
        db.flush()  # the events take their time when written
    for item, (*_, fate) in zip(items, cases, strict=True):
        if fate == "cancel":
            with replay_at(at(day(-4), 9)):
                minutes.set_status(db_session=db, item=item, status="cancelled", actor=planner)
                db.flush()
        elif fate is not None:
            _, when, hour = fate
            with replay_at(at(when, hour)):
                minutes.set_status(db_session=db, item=item, status="done", actor=planner)
                db.flush()
    return today


def test_item_on_time_rate_counts_done_in_the_window_and_overdue(db, people, org_in_db) -> None:
    from dispatch.reporting.service import indicators

    _items(db, org_in_db, people["planner"])
    k = indicators(db_session=db, org=org_in_db)
    # counted: two design items done (one on time), one design overdue; the IT printer done
    # on its day, the IT backup overdue for 45 days. Not counted: not due yet, done before
    # the window, no due date, cancelled.
    assert (k["items_on_time"], k["items_due"]) == (2, 5)
    assert k["item_on_time_rate"] == 0.4
    by_dept = {name: (on_time, n) for name, on_time, n in k["item_on_time_by_dept"]}
    assert by_dept == {"设计部": (1, 3), "信息技术部": (1, 2)}


def test_item_on_time_rate_with_no_item_due_is_a_dash(db, people, org_in_db) -> None:
    from dispatch.reporting.service import indicators

    k = indicators(db_session=db, org=org_in_db)
    assert (k["item_on_time_rate"], k["items_due"], k["item_on_time_by_dept"]) == (None, 0, [])


def test_dashboard_page_shows_the_item_on_time_rate_in_both_languages(browser, db, people,
                                                                    org_in_db) -> None:
    _items(db, org_in_db, people["planner"])
    b = browser("planner")
    zh = b.get("/dashboard?lang=zh").text
    assert 'id="kpi-items-ontime">40%<' in zh and "行动项按期完成率" in zh
    table = zh.split('id="items-on-time-by-dept"')[1].split("</table>")[0]
    assert re.search(r"设计部</td>\s*<td>33%</td>\s*<td>1 / 3</td>", table), table
    assert re.search(r"信息技术部</td>\s*<td>50%</td>\s*<td>1 / 2</td>", table), table
    en = b.get("/dashboard?lang=en").text
    assert "Action items done on time" in en and 'id="kpi-items-ontime">40%<' in en
