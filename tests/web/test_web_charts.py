"""Chart geometry: overload, days off, due markers and stacking are drawn as such."""

from __future__ import annotations

import datetime as dt

from api.web import charts

MON = dt.date(2026, 11, 23)


def _plan(hours: dict[str, float], late: bool = False) -> dict:
    return {"assignments": [{"task": "W1", "staff": "zhangsan", "hours": hours,
                             "finish": max(hours), "late": late}]}


def test_load_chart_marks_overload_and_leave(demo_org) -> None:
    # 张三 works 8 h a day and is on leave on 2026-11-25
    plan = _plan({"2026-11-23": 8, "2026-11-24": 10, "2026-11-25": 2})
    days = charts.plan_days(MON, 7, plan)
    (load,) = charts.load_charts(demo_org, days, plan, {"W1": "海报"})
    assert load["name"] == "张三" and load["hours"] == 20
    bars = {b.title.split(":")[0]: b.cls for b in load["chart"].bars if b.cls in ("load", "over")}
    assert bars == {"2026-11-23": "load", "2026-11-24": "over", "2026-11-25": "over"}
    off = {b.title for b in load["chart"].bars if b.cls == "off"}
    assert {"2026-11-25", "2026-11-28", "2026-11-29"} <= off   # leave and the weekend
    assert load["capacity"] == 4 * 8                              # 5 workdays minus leave


def test_gantt_draws_work_days_due_and_late(demo_org) -> None:
    plan = _plan({"2026-11-23": 4, "2026-11-24": 8}, late=True)
    days = charts.plan_days(MON, 5, plan)
    g = charts.gantt(demo_org, days, plan, {"W1": {"title": "双11复盘海报", "due": "2026-11-23"}})
    assert [b.cls for b in g.bars if b.cls in ("work", "late")] == ["late", "late"]
    assert any(line["cls"] == "due" for line in g.lines)
    assert any("双11复盘海报 · 张三" in lbl.text for lbl in g.labels)


def test_plan_days_stretch_to_the_last_finish() -> None:
    plan = _plan({"2026-12-10": 1})
    assert charts.plan_days(MON, 3, plan)[-1] == dt.date(2026, 12, 10)


def test_timeseries_stacks_equal_counts_instead_of_hiding_them() -> None:
    days = [MON, MON + dt.timedelta(days=1)]
    c = charts.timeseries(days, {"requests": [0, 2], "meetings": [0, 2]})
    bars = [b for b in c.bars if b.cls.startswith("series")]
    assert len(bars) == 2
    low, high = sorted(bars, key=lambda b: -b.y)
    assert abs(low.y - (high.y + high.h)) < 1e-6                  # one on top of the other


def test_hbar_scales_to_the_largest_value() -> None:
    c = charts.hbar([("设计部", 4), ("信息技术部", 2)])
    assert c.bars[0].w == 2 * c.bars[1].w and not c.empty
    assert charts.hbar([]).empty
