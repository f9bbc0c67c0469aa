"""Demo data: a collaboration in progress, so a newcomer sees the board filled — three
departments asked, two answered (one already working, with a staffed and approved plan),
one still on its clock."""

from __future__ import annotations

from sqlalchemy import select

DEMO_TITLE = "新品发布会（联合项目）"
LIAISONS = (("zhoujie", "zhoujie"), ("wanggang", "wanggang"))


def load_sample() -> str:
    """Start the demo collaboration once and move it along; a summary line."""
    from dispatch.cli.context import db_session
    from dispatch.collab import flows, service
    from dispatch.collab.models import Collaboration
    from dispatch.collab.service import CollabIn, MilestoneIn, PartIn
    from dispatch.demo import DEMO_PASSWORD
    from dispatch.orgdir.service import require_org
    from dispatch.settings import get_settings
    from dispatch.users import service as users

    settings = get_settings()
    with db_session() as s:
        org = require_org(db_session=s)
        if s.scalars(select(Collaboration).where(Collaboration.title == DEMO_TITLE)).first():
            return "the demo collaboration exists already"
        people = {}
        for name, staff in LIAISONS:
            user = users.get_by_name(db_session=s, name=name)
            if user is None:
                user = users.create(db_session=s, name=name, role="requester",
                                    password=DEMO_PASSWORD, staff_id=staff)
            people[name] = user
        requester = users.get_by_name(db_session=s, name="requester")
        planner = users.get_by_name(db_session=s, name="planner")
        cal, today = org.work_calendar, org.today()
        poster = cal.add_workdays(today, 4)
        launch = cal.add_workdays(today, 9)
        c = flows.start(db_session=s, settings=settings, org=org, user=requester,
                        data=CollabIn(
            title=DEMO_TITLE,
            background="12月新品发布会：设计部出主视觉海报和背景板，物流部派4人把120台样机"
                       "运到会场并搭好展台，信息技术部负责现场网络和直播推流。",
            goal="发布会如期举行，现场物料、样机和直播全部到位",
            expected_outcome="主视觉与背景板定稿并印刷；样机与展台就位；直播零中断",
            parts=[PartIn("design", "设计部出主视觉海报和背景板", "lead"),
                   PartIn("logistics", "物流部派4人把120台样机运到会场并搭好展台"),
                   PartIn("it", "信息技术部负责现场网络和直播推流")],
            milestones=[MilestoneIn("海报定稿", poster), MilestoneIn("发布会", launch)],
            due=launch))
        design, logistics = service.part_of(c, "design"), service.part_of(c, "logistics")
        flows.act(db_session=s, org=org, user=people["zhoujie"], c=c, part=design,
                  action="accept", note="收到，徐丽和何欣负责")
        flows.act(db_session=s, org=org, user=people["wanggang"], c=c, part=logistics,
                  action="accept", note="车辆已预留")
        for who, part, fields in (  # the first of a part reshapes its default task
                ("zhoujie", design, {"title": "主视觉海报三版方案", "effort_hours": 16,
                                     "skills": ["海报设计"], "milestone": "海报定稿"}),
                ("zhoujie", design, {"title": "背景板与朋友圈长图", "effort_hours": 12,
                                     "skills": ["视觉设计"]}),
                ("wanggang", logistics, {"title": "样机打包与运输调度", "effort_hours": 12,
                                         "skills": ["运输调度"]})):
            default = next((t for t in c.tasks if t.part_id == part.id
                            and t.title == part.text), None)
            if default is not None:
                flows.update_task(db_session=s, org=org, user=people[who], c=c,
                                  task_id=default.id, fields=fields)
            else:
                flows.add_task(db_session=s, org=org, user=people[who], c=c, part=part,
                               fields=fields)
        flows.propose(db_session=s, org=org, user=planner, c=c, time_limit=5)
        flows.approve(db_session=s, org=org, user=planner, c=c)
        flows.act(db_session=s, org=org, user=people["zhoujie"], c=c, part=design,
                  action="start")
        first = next(t for t in c.tasks if t.title == "主视觉海报三版方案")
        flows.update_task(db_session=s, org=org, user=people["zhoujie"], c=c,
                          task_id=first.id, fields={"done_hours": 6})
        return (f"collaboration #{c.id} {DEMO_TITLE}: {len(c.parts)} parts "
                f"({', '.join(f'{p.department} {p.state}' for p in c.parts)}), "
                f"{len(c.tasks)} tasks, plan approved")
