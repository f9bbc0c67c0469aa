"""Chart geometry for the server-rendered SVG plots (no JavaScript chart library).

Each function turns data into plain shapes (rectangles, lines, labels with coordinates);
the templates in ``_charts.html`` draw them, so every label goes through Jinja's escaping.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from models.org import Org


@dataclass
class Bar:
    x: float
    y: float
    w: float
    h: float
    cls: str = ""
    title: str = ""


@dataclass
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"
    cls: str = ""


@dataclass
class Chart:
    """A ready-to-draw chart: the SVG's size and its shapes."""

    width: float
    height: float
    bars: list[Bar] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    lines: list[dict[str, Any]] = field(default_factory=list)   # x1 y1 x2 y2 cls
    paths: list[dict[str, Any]] = field(default_factory=list)   # points cls title
    empty: bool = False


def _nice_max(value: float) -> float:
    """A round axis maximum at or above ``value`` (1, 2, 5 × 10^n)."""
    if value <= 0:
        return 1.0
    mag = 10 ** len(str(int(value))) / 10
    for step in (1, 2, 5, 10):
        if value <= step * mag:
            return step * mag
    return 10 * mag


def hbar(rows: list[tuple[str, float]], *, width: float = 520, unit: str = "",
         bar_h: float = 22, label_w: float = 130, cls: str = "") -> Chart:
    """Horizontal bars, one per (label, value); the value is written after the bar."""
    chart = Chart(width=width, height=max(len(rows), 1) * (bar_h + 8) + 10, empty=not rows)
    top = max((v for _, v in rows), default=0) or 1
    span = width - label_w - 70
    for i, (name, value) in enumerate(rows):
        y = 5 + i * (bar_h + 8)
        w = span * value / top
        chart.bars.append(Bar(label_w, y, max(w, 1), bar_h, cls, f"{name}: {value:g}{unit}"))
        chart.labels.append(Label(label_w - 6, y + bar_h * .7, name, "end"))
        chart.labels.append(Label(label_w + w + 5, y + bar_h * .7, f"{value:g}{unit}", cls="num"))
    return chart


def timeseries(days: list[dt.date], series: dict[str, list[float]], *, width: float = 900,
               height: float = 220) -> Chart:
    """Stacked bars per day, one colour per series (class = series name), with a y axis.

    Stacked rather than lines, so equal counts of two series never hide each other."""
    left, bottom, top_pad = 36, 24, 10
    chart = Chart(width=width, height=height, empty=not days)
    if not days:
        return chart
    totals = [sum(v[i] for v in series.values()) for i in range(len(days))]
    top = _nice_max(max(totals, default=0))
    plot_w, plot_h = width - left - 10, height - bottom - top_pad
    col = plot_w / len(days)
    for frac in (0, .5, 1):
        y = top_pad + plot_h * (1 - frac)
        chart.lines.append({"x1": left, "y1": y, "x2": width - 10, "y2": y, "cls": "grid"})
        chart.labels.append(Label(left - 4, y + 4, f"{top * frac:g}", "end", "axis"))
    step = max(1, len(days) // 6)
    for i, day in enumerate(days):
        x = left + i * col
        if i % step == 0:
            chart.labels.append(Label(x + col / 2, height - 6, day.strftime("%m-%d"), "middle",
                                      "axis"))
        base = 0.0
        for name, values in series.items():
            v = values[i]
            if not v:
                continue
            h = plot_h * v / top
            y = top_pad + plot_h * (1 - (base + v) / top)
            chart.bars.append(Bar(x + col * .15, y, col * .7, h, f"series {name}",
                                  f"{day.isoformat()} {name}: {v:g}"))
            base += v
    return chart


# ------------------------------------------------------------------------ planner board


def plan_days(start: dt.date, horizon_days: int, plan: dict[str, Any]) -> list[dt.date]:
    """The calendar days the board shows: the horizon, stretched to the last finish."""
    last = start + dt.timedelta(days=max(horizon_days, 1) - 1)
    for a in plan.get("assignments", []):
        for day in a.get("hours", {}):
            last = max(last, dt.date.fromisoformat(day))
    return [start + dt.timedelta(days=i) for i in range((last - start).days + 1)]


def load_charts(org: Org, days: list[dt.date], plan: dict[str, Any],
                titles: dict[str, str], *, width: float = 300, height: float = 90
                ) -> list[dict[str, Any]]:
    """One small chart per person with work: hours per day against that day's capacity.

    Capacity is the person's daily hours on a workday they are not on leave, else 0, so a
    bar above the line is overload and a bar on a red-hatched day is work on a day off.
    """
    per: dict[str, dict[str, list[tuple[str, float]]]] = {}
    for a in plan.get("assignments", []):
        for day, h in a.get("hours", {}).items():
            per.setdefault(a["staff"], {}).setdefault(day, []).append(
                (titles.get(a["task"], a["task"]), float(h)))
    cal = org.work_calendar
    out = []
    left, bottom = 26, 16
    plot_w, plot_h = width - left - 4, height - bottom - 6
    col = plot_w / max(len(days), 1)
    for sid in sorted(per, key=lambda s: (org.person(s).department if org.has_person(s) else "",
                                          s)):
        person = org.person(sid) if org.has_person(sid) else None
        daily = person.daily_hours if person else 8.0
        peak = max([daily] + [sum(h for _, h in v) for v in per[sid].values()])
        top = _nice_max(peak)
        chart = Chart(width=width, height=height)
        total = 0.0
        cap_total = 0.0
        for i, day in enumerate(days):
            x = left + i * col
            cap = daily if cal.is_workday(day) and not (person and person.on_leave(day)) else 0
            cap_total += cap
            if cap == 0:
                chart.bars.append(Bar(x, 6, col, plot_h, "off", day.isoformat()))
            work = per[sid].get(day.isoformat(), [])
            used = sum(h for _, h in work)
            total += used
            if used:
                h = plot_h * used / top
                tip = f"{day.isoformat()}: {used:g}h / {cap:g}h — " + "; ".join(
                    f"{t} {hh:g}h" for t, hh in work)
                chart.bars.append(Bar(x + 1, 6 + plot_h - h, max(col - 2, 1), h,
                                      "over" if used > cap + 1e-9 else "load", tip))
            y = 6 + plot_h * (1 - cap / top)
            chart.lines.append({"x1": x, "y1": y, "x2": x + col, "y2": y, "cls": "cap"})
            if i % max(1, len(days) // 5) == 0:
                chart.labels.append(Label(x + col / 2, height - 3, day.strftime("%d"), "middle",
                                          "axis"))
        chart.labels.append(Label(left - 3, 14, f"{top:g}h", "end", "axis"))
        out.append({"staff": sid, "name": person.name if person else sid,
                    "department": person.department if person else "", "chart": chart,
                    "hours": round(total, 1), "capacity": round(cap_total, 1)})
    return out


def gantt(org: Org, days: list[dt.date], plan: dict[str, Any], tasks: dict[str, dict[str, Any]],
          *, label_w: float = 250, col: float = 56, row_h: float = 26,
          weekdays: str = "一二三四五六日") -> Chart:
    """One row per assigned task, a cell per day it is worked; due date marked, late in red."""
    rows = sorted(plan.get("assignments", []),
                  key=lambda a: (min(a["hours"], default=""), a["staff"], a["task"]))
    header = 30
    chart = Chart(width=label_w + col * len(days) + 10, height=header + row_h * len(rows) + 6,
                  empty=not rows)
    cal = org.work_calendar
    for i, day in enumerate(days):
        x = label_w + i * col
        if not cal.is_workday(day):
            chart.bars.append(Bar(x, header, col, row_h * len(rows), "off", day.isoformat()))
        chart.labels.append(Label(x + col / 2, 12, day.strftime("%m-%d"), "middle", "axis"))
        chart.labels.append(Label(x + col / 2, 25, weekdays[day.weekday()], "middle",
                                  "axis"))
    index = {d.isoformat(): i for i, d in enumerate(days)}
    for r, a in enumerate(rows):
        y = header + r * row_h
        task = tasks.get(a["task"], {})
        person = org.person(a["staff"]) if org.has_person(a["staff"]) else None
        name = person.name if person else a["staff"]
        title = task.get("title") or a["task"]
        short = title if len(title) <= 14 else title[:13] + "…"
        chart.labels.append(Label(4, y + row_h * .68, f"{short} · {name}", cls="row"))
        daily = person.daily_hours if person else 8.0
        for day, h in a["hours"].items():
            if day not in index:
                continue
            frac = min(1.0, float(h) / daily) if daily else 1.0
            bh = max(4.0, (row_h - 6) * frac)
            chart.bars.append(Bar(label_w + index[day] * col + 2, y + (row_h - bh) / 2, col - 4,
                                  bh, "late" if a.get("late") else "work",
                                  f"{title} · {name} · {day}: {h:g}h"))
        due = task.get("due")
        if due in index:
            x = label_w + (index[due] + 1) * col
            chart.lines.append({"x1": x, "y1": y + 2, "x2": x, "y2": y + row_h - 2, "cls": "due"})
        chart.lines.append({"x1": 0, "y1": y + row_h, "x2": chart.width, "y2": y + row_h,
                            "cls": "grid"})
    return chart
