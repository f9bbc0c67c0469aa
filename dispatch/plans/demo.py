"""Demo data: launch-preparation tasks in the backlog and a first proposal to review."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from dispatch.cli.context import db_session
from dispatch.orgdir.service import current_org
from dispatch.plans import service
from dispatch.plans.models import WorkTask

TASKS = [
    {"title": "发布会展台效果图", "department": "design", "skills": ["展台设计"],
     "effort_hours": 16, "due_in": 6, "priority": 4},
    {"title": "经销商大会 PPT 视觉包装", "department": "design", "skills": ["视觉设计"],
     "effort_hours": 10, "due_in": 4, "priority": 3},
    {"title": "新品短视频剪辑（30 秒版）", "department": "design", "skills": ["视频剪辑"],
     "effort_hours": 12, "due_in": 7, "priority": 3},
    {"title": "样机 200 台出库与打包", "department": "logistics", "skills": ["发货"],
     "effort_hours": 14, "due_in": 5, "priority": 4},
    {"title": "展会物资运输车辆预约", "department": "logistics", "skills": ["运输调度"],
     "effort_hours": 6, "due_in": 3, "priority": 5},
    {"title": "报名小程序压测与上线", "department": "it", "skills": ["小程序"],
     "effort_hours": 18, "due_in": 6, "priority": 5},
    {"title": "会场网络与直播推流保障方案", "department": "it", "skills": ["网络运维"],
     "effort_hours": 8, "due_in": 8, "priority": 3},
    {"title": "发布会费用付款计划", "department": "fin", "skills": ["预算管理"],
     "effort_hours": 6, "due_in": 3, "priority": 4},
    {"title": "经销商邀约电话回访", "department": "sales", "skills": ["客户回访"],
     "effort_hours": 20, "due_in": 7, "priority": 3, "borrowable": True},
    {"title": "临时礼仪人员招聘", "department": "hr", "skills": ["招聘"],
     "effort_hours": 8, "due_in": 6, "priority": 2},
]


def load_sample() -> str:
    """Add the demo tasks once and make a proposal when there is none; a summary line."""
    with db_session() as s:
        org = current_org(db_session=s)
        start = org.work_calendar.add_workdays(org.today(), 0)
        have = {t.title for t in s.scalars(select(WorkTask))}
        added = 0
        for t in TASKS:
            if t["title"] in have:
                continue
            fields = {k: v for k, v in t.items() if k != "due_in"}
            fields["due"] = start + dt.timedelta(days=t["due_in"])
            service.add_task(db_session=s, org=org, fields=fields)
            added += 1
        if service.list_proposals(db_session=s, limit=1):
            return f"{added} backlog task(s) added; proposals exist already"
        p = service.propose(db_session=s, org=org, start=start, horizon_days=10, time_limit=5)
        plan = p.plan
        return (f"{added} backlog task(s) added; proposal v{p.version}: "
                f"{len(plan['assignments'])} assigned, {len(plan['unassigned'])} unassigned, "
                f"on-time rate {plan['kpis']['on_time_rate']:.2f}")
