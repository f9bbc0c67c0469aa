"""The one catalogue of words, Chinese (default) and English: page strings (STRINGS) and
the messages sent to people (MESSAGES), with the organisation's language.

An organisation's messages are in its language: the org file's ``language`` (``zh`` or
``en``, optional), else English when every department name is plain ASCII, else Chinese.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from dispatch.chat.texts import MESSAGES as _CHAT_MESSAGES
from dispatch.collab import strings as _collab_words
from dispatch.problems import strings as _problem_words
from models.org import Org

LANGS = ("zh", "en")

STRINGS: dict[str, dict[str, str]] = {
    "app": {"zh": "智能派单与会议纪要助手", "en": "Dispatch & minutes assistant"},
    "login": {"zh": "登录", "en": "Sign in"},
    "logout": {"zh": "退出", "en": "Sign out"},
    "username": {"zh": "用户名", "en": "User name"},
    "password": {"zh": "密码", "en": "Password"},
    "bad_login": {"zh": "用户名或密码错误", "en": "Wrong user name or password"},
    "home": {"zh": "首页", "en": "Home"},
    "organisation": {"zh": "组织架构", "en": "Organisation"},
    "departments": {"zh": "部门", "en": "Departments"},
    "staff": {"zh": "人员", "en": "Staff"},
    "head": {"zh": "负责人", "en": "Head"},
    "members": {"zh": "人数", "en": "Members"},
    "description": {"zh": "职责", "en": "Responsibilities"},
    "calendar": {"zh": "工作日历", "en": "Work calendar"},
    "no_org": {"zh": "尚未导入组织架构。请运行 dispatch org import ORG.yaml",
               "en": "No organisation imported yet. Run: dispatch org import ORG.yaml"},
    "signed_in_as": {"zh": "当前用户", "en": "Signed in as"},
    "role": {"zh": "角色", "en": "Role"},
    "switch_lang": {"zh": "English", "en": "中文"},
    # ------------------------------------------------------------------ web app (issue 7)
    "welcome": {"zh": "你好", "en": "Hello"},
    "role_requester": {"zh": "提单人", "en": "requester"},
    "role_planner": {"zh": "计划员/协调人", "en": "planner"},
    "role_admin": {"zh": "管理员", "en": "admin"},
    "error_400": {"zh": "请求有误", "en": "Bad request"},
    "error_403": {"zh": "无权访问", "en": "Not allowed"},
    "error_404": {"zh": "未找到", "en": "Not found"},
    "error_409": {"zh": "状态冲突", "en": "Conflict"},
    "error_413": {"zh": "文件过大", "en": "Too large"},
    "error_422": {"zh": "输入有误", "en": "Invalid input"},
    "go_back": {"zh": "返回上一页", "en": "Go back"},
    "nav_minutes": {"zh": "会议纪要", "en": "Minutes"},
    "nav_my_items": {"zh": "我的待办", "en": "My action items"},
    "nav_new_request": {"zh": "提需求单", "en": "New request"},
    "nav_requests": {"zh": "需求单", "en": "Requests"},
    "nav_inbox": {"zh": "部门收件箱", "en": "Department inbox"},
    "nav_triage": {"zh": "待分派", "en": "Triage"},
    "nav_planner": {"zh": "排班计划", "en": "Planner board"},
    "nav_dashboard": {"zh": "看板", "en": "Dashboard"},
    "tile_minutes": {"zh": "上传纪要，核对并确认行动项",
                     "en": "Upload minutes, review and confirm items"},
    "tile_my_items": {"zh": "查看并更新我负责的事项", "en": "See and update the items you own"},
    "tile_new_request": {"zh": "填写需求单，自动分派到部门",
                         "en": "Fill in a request; it is routed for you"},
    "tile_requests": {"zh": "查看需求单进度", "en": "Follow your requests"},
    "tile_inbox": {"zh": "接单、退单、转派", "en": "Accept, return or re-route"},
    "tile_triage": {"zh": "模型不确定的需求，一键分派", "en": "Requests the model was unsure of"},
    "tile_planner": {"zh": "人员负荷、甘特图、调整并批准", "en": "Load, Gantt, adjust and approve"},
    "tile_dashboard": {"zh": "周期、SLA、逾期与延误", "en": "Cycle time, SLA, overdue, delays"},
    "upload_minutes": {"zh": "上传会议纪要", "en": "Upload minutes"},
    "drop_here": {"zh": "把文件拖到这里，或点击选择文件", "en": "Drop a file here, or choose one"},
    "meeting_date_opt": {"zh": "会议日期（可选，默认取文中日期）",
                         "en": "Meeting date (optional; read from the text otherwise)"},
    "upload_and_extract": {"zh": "上传并提取行动项", "en": "Upload and extract"},
    "uploading": {"zh": "上传中", "en": "Uploading"},
    "extracting": {"zh": "已上传，正在提取行动项…", "en": "Uploaded; extracting action items…"},
    "meetings": {"zh": "会议列表", "en": "Meetings"},
    "no_meetings": {"zh": "还没有会议纪要", "en": "No meetings yet"},
    "title": {"zh": "标题", "en": "Title"},
    "date": {"zh": "日期", "en": "Date"},
    "file": {"zh": "文件", "en": "File"},
    "items": {"zh": "事项数", "en": "Items"},
    "status": {"zh": "状态", "en": "Status"},
    "st_draft": {"zh": "待确认", "en": "draft"},
    "st_confirmed": {"zh": "已确认", "en": "confirmed"},
    "st_open": {"zh": "进行中", "en": "open"},
    "st_done": {"zh": "已完成", "en": "done"},
    "st_cancelled": {"zh": "已取消", "en": "cancelled"},
    "st_all": {"zh": "全部", "en": "all"},
    "to_done": {"zh": "标记完成", "en": "Mark done"},
    "to_cancelled": {"zh": "取消", "en": "Cancel"},
    "to_open": {"zh": "重新打开", "en": "Reopen"},
    "capacity_warnings": {"zh": "负荷提醒", "en": "Capacity warnings"},
    "capacity_checking": {"zh": "已确认；正在检查负责人负荷…",
                          "en": "Confirmed; checking the owners' capacity…"},
    "capacity_failed": {"zh": "负荷检查失败", "en": "The capacity check failed"},
    "solving": {"zh": "正在求解…", "en": "Solving…"},
    "solving_hint": {"zh": "方案求解完成后本页自动打开它。",
                     "en": "This page opens the proposal when the solver has finished."},
    "solve_failed": {"zh": "求解失败", "en": "The solve failed"},
    "no_worker": {"zh": "没有在运行的后台进程：请启动 `dispatch worker`（或 `dispatch serve "
                        "--jobs`），然后刷新本页。",
                  "en": "No worker is running: start `dispatch worker` (or `dispatch serve "
                        "--jobs`), then reload this page."},
    "back_to_planner": {"zh": "返回", "en": "Back"},
    "no_capacity_warnings": {"zh": "已确认；负责人负荷正常",
                             "en": "Confirmed; no owner is over capacity"},
    "confirm_push": {"zh": "确认并推送", "en": "Confirm and push"},
    "confirm_hint": {"zh": "确认后事项开始跟踪，负责人会收到通知",
                     "en": "Items are then followed up and owners notified"},
    "action_items": {"zh": "行动项", "en": "Action items"},
    "task": {"zh": "事项", "en": "Task"},
    "owners": {"zh": "负责人", "en": "Owners"},
    "department": {"zh": "部门", "en": "Department"},
    "due": {"zh": "截止", "en": "Due"},
    "priority": {"zh": "优先级", "en": "Priority"},
    "prio_high": {"zh": "高", "en": "high"},
    "prio_normal": {"zh": "中", "en": "normal"},
    "prio_low": {"zh": "低", "en": "low"},
    "confidence": {"zh": "置信度", "en": "Confidence"},
    "manual": {"zh": "手工", "en": "manual"},
    "conf_short": {"zh": "置信", "en": "Conf."},
    "as_written": {"zh": "原文", "en": "as written"},
    "save": {"zh": "保存", "en": "Save"},
    "delete": {"zh": "删除", "en": "Delete"},
    "add": {"zh": "添加", "en": "Add"},
    "add_item": {"zh": "添加行动项", "en": "Add an action item"},
    "effort_hours": {"zh": "工时(h)", "en": "Effort (h)"},
    "source_text": {"zh": "原文", "en": "Source text"},
    "no_items_found": {"zh": "文中没有找到行动项，可以手工添加",
                       "en": "No action items were found; add them by hand"},
    "saved": {"zh": "已保存", "en": "Saved"},
    "unchanged": {"zh": "没有改动", "en": "Nothing changed"},
    "confirmed_n": {"zh": "已确认，开始跟踪的事项", "en": "Confirmed; items now followed up"},
    "person": {"zh": "人员", "en": "Person"},
    "show": {"zh": "查看", "en": "Show"},
    "meeting": {"zh": "会议", "en": "Meeting"},
    "change_status": {"zh": "更新状态", "en": "Change status"},
    "overdue": {"zh": "已逾期", "en": "overdue"},
    "not_linked": {"zh": "你的账号还没有关联到组织中的人员，请联系管理员",
                   "en": "Your user is not linked to a staff member; ask an admin"},
    "nothing_here": {"zh": "暂无内容", "en": "Nothing here"},
    "all": {"zh": "全部", "en": "All"},
    "request_form": {"zh": "需求单", "en": "Request form"},
    "request_form_hint": {"zh": "写清楚需要什么，系统会分派给合适的部门",
                          "en": "Say what you need; it is routed to the right department"},
    "title_ph": {"zh": "一句话概括（可选）", "en": "One line (optional)"},
    "request_text": {"zh": "需求内容", "en": "What you need"},
    "request_text_ph": {"zh": "例如：12月新品发布会需要设计主视觉海报……",
                        "en": "e.g. we need a key visual for the December launch…"},
    "expected_date": {"zh": "期望完成日期", "en": "Expected by"},
    "support_needed": {"zh": "需要的支持", "en": "Support needed"},
    "support_ph": {"zh": "人员、预算、资源等", "en": "People, budget, resources…"},
    "attachments": {"zh": "附件名称", "en": "Attachment names"},
    "attachments_ph": {"zh": "每行一个文件名", "en": "One file name per line"},
    "pick_files": {"zh": "或选择文件以填入文件名（文件本身不上传）",
                   "en": "or pick files to fill in their names (files are not uploaded)"},
    "submit": {"zh": "提交", "en": "Submit"},
    "requester": {"zh": "提单人", "en": "Requester"},
    "submitted_at": {"zh": "提交时间", "en": "Submitted"},
    "went_to": {"zh": "已分派到", "en": "Routed to"},
    "in_triage": {"zh": "模型不够确定，等待协调人分派",
                  "en": "The model was unsure: a coordinator decides"},
    "decision": {"zh": "决定", "en": "Decision"},
    "dec_auto": {"zh": "自动分派", "en": "routed automatically"},
    "dec_triage": {"zh": "人工分派", "en": "sent to triage"},
    "model": {"zh": "模型", "en": "model"},
    "router_failed": {"zh": "分派模型不可用", "en": "The router could not be used"},
    "why": {"zh": "分派理由", "en": "Why"},
    "key_terms": {"zh": "关键词", "en": "Key terms"},
    "similar_requests": {"zh": "相似的历史需求", "en": "Similar past requests"},
    "also_needs": {"zh": "可能还需要", "en": "May also need"},
    "actions": {"zh": "操作", "en": "Actions"},
    "history": {"zh": "处理记录", "en": "History"},
    "sla_breaches": {"zh": "SLA 超时", "en": "SLA breaches"},
    "rs_submitted": {"zh": "已提交", "en": "submitted"},
    "rs_triage": {"zh": "待分派", "en": "triage"},
    "rs_routed": {"zh": "待接单", "en": "routed"},
    "rs_accepted": {"zh": "已接单", "en": "accepted"},
    "rs_in_progress": {"zh": "处理中", "en": "in progress"},
    "rs_done": {"zh": "已完成", "en": "done"},
    "rs_returned": {"zh": "已退单", "en": "returned"},
    "act_accept": {"zh": "接单", "en": "Accept"},
    "act_start": {"zh": "开始处理", "en": "Start"},
    "act_finish": {"zh": "完成", "en": "Finish"},
    "act_return": {"zh": "退单", "en": "Return"},
    "act_reroute": {"zh": "转派", "en": "Re-route"},
    "done_accept": {"zh": "已接单", "en": "Accepted"},
    "done_start": {"zh": "已开始处理", "en": "Started"},
    "done_finish": {"zh": "已完成", "en": "Finished"},
    "done_return": {"zh": "已退单并转出", "en": "Returned and passed on"},
    "done_reroute": {"zh": "已转派", "en": "Re-routed"},
    "done_decide": {"zh": "已分派", "en": "Routed"},
    "return_reason": {"zh": "退单理由", "en": "Reason"},
    "return_to": {"zh": "转给", "en": "Pass to"},
    "next_best_auto": {"zh": "（自动：模型的下一个候选）",
                       "en": "(automatic: the model's next best)"},
    "request": {"zh": "需求", "en": "Request"},
    "ack_due": {"zh": "接单时限", "en": "Acknowledge by"},
    "inbox_empty": {"zh": "收件箱是空的", "en": "The inbox is empty"},
    "triage_hint": {"zh": "点击模型建议的部门即可分派；你的决定会用于改进模型",
                    "en": "Click a suggested department to route; your decision teaches the model"},
    "triage_empty": {"zh": "没有待分派的需求", "en": "Nothing waits for triage"},
    "route_to": {"zh": "分派", "en": "Route"},
    "start": {"zh": "开始日期", "en": "Start"},
    "horizon_days": {"zh": "计划天数", "en": "Days"},
    "propose": {"zh": "生成方案", "en": "Propose"},
    "propose_hint": {"zh": "对当前所有未完成任务求解一个新方案",
                     "en": "Solve every open backlog task into a new proposal"},
    "proposals": {"zh": "方案版本", "en": "Proposals"},
    "proposal": {"zh": "方案", "en": "Proposal"},
    "version": {"zh": "版本", "en": "Version"},
    "assigned": {"zh": "已分配", "en": "Assigned"},
    "unassigned": {"zh": "未分配", "en": "Unassigned"},
    "late": {"zh": "延期", "en": "Late"},
    "on_time_rate": {"zh": "按时率", "en": "On time"},
    "changes": {"zh": "调整", "en": "Changes"},
    "ps_draft": {"zh": "草案", "en": "draft"},
    "ps_approved": {"zh": "已批准", "en": "approved"},
    "ps_rejected": {"zh": "已驳回", "en": "rejected"},
    "ps_superseded": {"zh": "已被替代", "en": "superseded"},
    "no_proposals": {"zh": "还没有方案，点击“生成方案”", "en": "No proposal yet: press Propose"},
    "backlog": {"zh": "待排任务", "en": "Backlog"},
    "backlog_empty": {"zh": "没有待排任务（确认会议纪要或接受需求单后会出现在这里）",
                      "en": "No open work (confirmed minutes and accepted requests land here)"},
    "pinned_to": {"zh": "指定给", "en": "Pinned to"},
    "page_of": {"zh": "第 {page} / {pages} 页", "en": "page {page} of {pages}"},
    "page_prev": {"zh": "上一页", "en": "previous"},
    "page_next": {"zh": "下一页", "en": "next"},
    "source": {"zh": "来源", "en": "Source"},
    "src_action_item": {"zh": "会议行动项", "en": "action item"},
    "src_manual": {"zh": "手工", "en": "manual"},
    "src_request": {"zh": "需求单", "en": "request"},
    "days": {"zh": "天", "en": "days"},
    "solver": {"zh": "求解", "en": "solver"},
    "parent": {"zh": "基于", "en": "from"},
    "approve": {"zh": "批准方案", "en": "Approve"},
    "approved_n": {"zh": "已批准，生成的工作项", "en": "Approved; work items created"},
    "reject": {"zh": "驳回", "en": "Reject"},
    "rejected": {"zh": "已驳回", "en": "Rejected"},
    "reject_note": {"zh": "驳回原因（可选）", "en": "Why (optional)"},
    "resolve": {"zh": "重新求解", "en": "Re-solve"},
    "compare_with": {"zh": "对比", "en": "Compare"},
    "what_moved": {"zh": "变化", "en": "What moved"},
    "nothing_moved": {"zh": "没有任务换人", "en": "No task changed hands"},
    "newly_assigned": {"zh": "新分配", "en": "newly assigned"},
    "newly_unassigned": {"zh": "变为未分配", "en": "now unassigned"},
    "hours_delta": {"zh": "工时变化", "en": "Hours change"},
    "unassigned_tasks": {"zh": "未分配的任务", "en": "Unassigned tasks"},
    "late_tasks": {"zh": "会延期的任务", "en": "Late tasks"},
    "load_per_person": {"zh": "人员负荷（每天工时 / 当日产能）",
                        "en": "Load per person (hours per day / capacity)"},
    "hours_worked": {"zh": "安排工时", "en": "planned hours"},
    "over_capacity": {"zh": "超出产能", "en": "over capacity"},
    "capacity": {"zh": "产能", "en": "capacity"},
    "day_off": {"zh": "休息/请假", "en": "day off / leave"},
    "exclude": {"zh": "排除此人", "en": "Exclude"},
    "exclude_hint": {"zh": "此人不参与本方案（例如临时请假）",
                     "en": "Leave this person out of the plan (e.g. unexpected leave)"},
    "excluded": {"zh": "已排除", "en": "Excluded"},
    "include": {"zh": "恢复", "en": "Include"},
    "gantt": {"zh": "甘特图（按天）", "en": "Gantt by day"},
    "assignments": {"zh": "任务分配", "en": "Assignments"},
    "finish": {"zh": "完成", "en": "Finish"},
    "pinned": {"zh": "已固定", "en": "pinned"},
    "pin": {"zh": "固定", "en": "Pin"},
    "unpin": {"zh": "取消固定", "en": "Unpin"},
    "move": {"zh": "改派", "en": "Move"},
    "move_to": {"zh": "改派给", "en": "Move to"},
    "set_due": {"zh": "改截止", "en": "Set due"},
    "penalties": {"zh": "软约束代价", "en": "Soft-constraint costs"},
    "avg_cycle": {"zh": "平均需求周期", "en": "Average request cycle"},
    "sla_ack": {"zh": "接单 SLA 达标率", "en": "Acknowledgement SLA met"},
    "sla_resolve": {"zh": "需求按期完成率", "en": "Requests done by expected date"},
    "items_on_time": {"zh": "行动项按期完成率", "en": "Action items done on time"},
    "items_on_time_by_dept": {"zh": "各部门行动项按期完成率",
                              "en": "Action items done on time by department"},
    "items_on_time_of": {"zh": "按期 / 应完成", "en": "On time / due"},
    "items_on_time_note": {"zh": "近 30 天完成的事项，加上已逾期未完成的事项",
                           "en": "items done in the last 30 days, and those overdue and open"},
    "no_items_due": {"zh": "近期没有到期的行动项", "en": "No action item fell due recently"},
    "overdue_items": {"zh": "逾期行动项", "en": "Overdue action items"},
    "delay_events": {"zh": "延误事件", "en": "Delay events"},
    "overdue_by_dept": {"zh": "各部门逾期行动项", "en": "Overdue action items by department"},
    "cycle_by_dept": {"zh": "各部门平均周期（小时）", "en": "Average cycle by department (h)"},
    "none_overdue": {"zh": "没有逾期事项", "en": "Nothing overdue"},
    "no_done_requests": {"zh": "近期没有完成的需求", "en": "No request finished recently"},
    "activity": {"zh": "近 30 天动态", "en": "Activity, last 30 days"},
    "series_requests": {"zh": "新需求", "en": "new requests"},
    "series_meetings": {"zh": "上传纪要", "en": "minutes uploaded"},
    "series_items_done": {"zh": "完成事项", "en": "items done"},
    "series_delays": {"zh": "延误事件", "en": "delay events"},
    "kind": {"zh": "类型", "en": "Kind"},
    "detected": {"zh": "发现时间", "en": "Detected"},
    "delay_sla_ack": {"zh": "接单超时", "en": "not acknowledged in time"},
    "delay_sla_resolve": {"zh": "完成超期", "en": "not done by the expected date"},
    "delay_rescheduled": {"zh": "事项改期", "en": "item rescheduled"},
    "delay_new_date_requested": {"zh": "申请延期", "en": "new date requested"},
    "what": {"zh": "内容", "en": "What"},
    "add_task": {"zh": "手工添加任务", "en": "Add a task by hand"},
    "task_added": {"zh": "已添加任务", "en": "Task added"},
    "skills": {"zh": "技能", "en": "Skills"},
    "borrowable": {"zh": "可跨部门借调", "en": "may go to another department"},
    "cap_finish": {"zh": "预计完成", "en": "would finish"},
    "cap_after_due": {"zh": "晚于截止", "en": "after the due date"},
    "cap_suggest": {"zh": "建议改由", "en": "suggested instead"},
    "no_delays": {"zh": "没有延误事件", "en": "No delay events"},
    # ------------------------------------------------------------------ delivery page
    "nav_delivery": {"zh": "推送", "en": "Delivery"},
    "delivery_help": {
        "zh": "死信是多次重试仍未送达的消息（机器人失效、密钥错误、邮箱拒收）。"
              "修好推送配置后可重新发送，消息编号不变，接收方可去重。",
        "en": "Dead letters are messages the worker gave up on (bot gone, wrong secret, "
              "mailbox refused). Fix the channel, then send them again: the message id "
              "stays the same, so receivers can drop duplicates."},
    "dead_letters": {"zh": "死信", "en": "Dead letters"},
    "no_dead_letters": {"zh": "没有死信：所有消息都已送达或正在发送",
                        "en": "No dead letters: every message was delivered or is on its way"},
    "retry": {"zh": "重新发送", "en": "Retry"},
    "retry_all": {"zh": "全部重新发送", "en": "Retry all"},
    "requeued": {"zh": "已重新排队", "en": "Queued again"},
    "created": {"zh": "创建时间", "en": "Created"},
    "event": {"zh": "事件", "en": "Event"},
    "destination": {"zh": "发送到", "en": "Destination"},
    "subject": {"zh": "标题", "en": "Subject"},
    "attempts": {"zh": "尝试次数", "en": "Attempts"},
    "last_error": {"zh": "最后错误", "en": "Last error"},
    "status_msg_pending": {"zh": "待发送", "en": "Pending"},
    "status_msg_sending": {"zh": "发送中", "en": "Sending"},
    "status_msg_sent": {"zh": "已送达", "en": "Sent"},
    "status_msg_digested": {"zh": "已合并发送", "en": "In a digest"},
    "status_msg_dead": {"zh": "死信", "en": "Dead"},
    # ------------------------------------------------- follow-up pages of signed links
    "fu_closed": {"zh": "已结束", "en": "Closed"},
    "fu_link_refused": {"zh": "无法完成此操作", "en": "This link cannot do that"},
    "fu_nothing_to_decide": {"zh": "没有待审批的延期申请", "en": "Nothing to decide"},
    "fu_asked_new_date": {"zh": "申请将截止日期改为", "en": "Asked new date"},
    "fu_approve": {"zh": "同意", "en": "Approve"},
    "fu_decline": {"zh": "驳回", "en": "Decline"},
    "fu_mark_done": {"zh": "确认已完成", "en": "Mark done"},
    "fu_new_date": {"zh": "新的日期", "en": "New date"},
    "fu_reason": {"zh": "理由", "en": "Reason"},
    "fu_ask_this_date": {"zh": "提交延期申请", "en": "Ask for this date"},
    "fu_due": {"zh": "截止", "en": "Due"},
    "fu_done_ok": {"zh": "已标记完成，提醒已停止。", "en": "Marked done; reminders stopped."},
    "fu_new_date_ok": {"zh": "延期申请已提交，等待部门负责人确认；期间暂停提醒。",
                       "en": "Request sent to the department head; reminders paused."},
    "fu_approve_ok": {"zh": "已同意新的日期，提醒按新日期重新计算。",
                      "en": "New date approved; reminders follow it."},
    "fu_decline_ok": {"zh": "已驳回，原截止日期继续有效。", "en": "Declined; the old date stands."},
}


def translate(key: str, lang: str) -> str:
    entry = STRINGS.get(key)
    if entry is None:
        return key
    return entry.get(lang) or entry["zh"]


# ---------------------------------------------------------------- messages to people
# Keys are used by dispatch/followups/messages.py (fu_*), dispatch/requests/escalation.py
# (req_*), dispatch/plans/service.py (plan_*), dispatch/notifications (push_*, test_*).
MESSAGES: dict[str, dict[str, str]] = {
    # push channels: the frame around every message
    "push_open": {"zh": "查看详情", "en": "Open"},
    "push_to": {"zh": "请以下同事处理：{names}", "en": "For: {names}"},
    "push_digest": {"zh": "{n} 条通知：{subject}", "en": "{n} notifications: {subject}"},
    "test_subject": {"zh": "dispatch 测试消息", "en": "dispatch test message"},
    "test_body": {"zh": "收到说明推送通道配置正确。", "en": "The push channel works."},
    # follow-ups
    "list_sep": {"zh": "、", "en": ", "},
    "nobody": {"zh": "（未指定）", "en": "-"},
    "none_given": {"zh": "无", "en": "-"},
    "fu_actions": {"zh": "已完成？{done}\n需要延期？{new_date}",
                   "en": "Done? {done}\nNeed another date? {new_date}"},
    "fu_assigned_subject": {"zh": "新的待办：{title}", "en": "New for you: {title}"},
    "fu_assigned_body": {"zh": "截止时间：{due}。", "en": "Due {due}."},
    "fu_ask_subject": {"zh": "延期申请：{title}", "en": "New date asked: {title}"},
    "fu_ask_body": {
        "zh": "{who} 申请将截止时间由 {due} 调整为 {new}。理由：{note}。审批前暂停提醒。",
        "en": "{who} asks to move the due date from {due} to {new}. Reason: {note}. "
              "Reminders are paused until a planner decides."},
    "fu_decide": {"zh": "\n同意或驳回：{link}", "en": "\nDecide: {link}"},
    # a group message whose personal action links went to the person alone (issue 16)
    "fu_links_sent": {"zh": "\n（操作链接已单独发送给本人）",
                      "en": "\n(Action links were sent to the person directly.)"},
    "fu_before_subject": {"zh": "即将到期：{title}", "en": "Due soon: {title}"},
    "fu_before_body": {"zh": "截止时间 {due}，还有 {n} 个工作日。",
                       "en": "Due {due}; {n} working day{s} left."},
    "fu_due_subject": {"zh": "今天到期：{title}", "en": "Due today: {title}"},
    "fu_due_body": {"zh": "截止时间 {due}。", "en": "Due {due}."},
    "fu_overdue_subject": {"zh": "已逾期：{title}", "en": "Overdue: {title}"},
    "fu_overdue_body": {"zh": "截止时间 {due} 已过，请尽快处理。",
                        "en": "It was due {due}; please act on it now."},
    "fu_head_subject": {"zh": "督办：{title}（逾期 {n} 个工作日）",
                        "en": "Escalated: {title} ({n} working day{s} overdue)"},
    "fu_head_body": {
        "zh": "负责人 {owners}，截止时间 {due}，仍未完成，请部门负责人跟进。",
        "en": "Owners {owners}; due {due}; still open. Department head, please follow up."},
    "fu_committee_subject": {"zh": "升级至协调委员会：{title}（逾期 {n} 个工作日）",
                             "en": "To the committee: {title} ({n} working days overdue)"},
    "fu_committee_body": {
        "zh": "负责人 {owners}（{dept}），截止时间 {due}，已逾期 {n} 个工作日且部门负责人督办后"
              "仍未完成。",
        "en": "Owners {owners} ({dept}); due {due}; {n} working days overdue after the "
              "department head was told."},
    "fu_on_leave": {
        "zh": "\n（负责人 {owners} 今日休假，请部门负责人关注。）",
        "en": "\n(Owners {owners} are on leave today; department head, please keep an eye "
              "on it.)"},
    # cross-department requests
    "req_routed_subject": {"zh": "新的协作需求：{title}", "en": "New request: {title}"},
    "req_routed_body": {"zh": "{text}\n\n请在 {due} 前受理或退单（{dept}）。{extra}",
                        "en": "{text}\n\nPlease accept or return it by {due} ({dept}).{extra}"},
    "req_also": {"zh": "\n也需要：{depts}", "en": "\nAlso needs: {depts}"},
    "req_ack_title": {"zh": "受理协作需求：{title}", "en": "Accept the request: {title}"},
    "req_resolve_title": {"zh": "完成协作需求：{title}", "en": "Finish the request: {title}"},
    "req_routed_to_subject": {"zh": "您的需求已转交{dept}：{title}",
                              "en": "Your request went to {dept}: {title}"},
    "req_returned_subject": {"zh": "您的需求被退回：{title}",
                             "en": "Your request was returned: {title}"},
    "req_returned_body": {"zh": "理由：{reason}", "en": "Reason: {reason}"},
    "req_done_subject": {"zh": "您的需求已完成：{title}", "en": "Your request is done: {title}"},
    # approved plans
    "plan_subject": {"zh": "新的工作安排（方案 v{version}）：{n} 项",
                     "en": "New work for you (plan v{version}): {n} item{s}"},
    "plan_line": {"zh": "- {title}：{hours} 小时，{finish} 完成{due}",
                  "en": "- {title}: {hours} h, done {finish}{due}"},
    "plan_due": {"zh": "，截止 {due}", "en": ", due {due}"},
}
MESSAGES.update(_CHAT_MESSAGES)  # the chat bot's words (dispatch/chat/texts.py)
# Collaborations' and the problem log's page strings and messages live in their packages'
# strings.py, beside the pages that use them. One key, one meaning: a key defined twice (the
# problem log's ``ps_in_progress`` once overrode the parts') stops the import.
# Refusals both packages raise (DispatchError keys; the English is the raised message).
# A refusal given as {"zh", "en"} has its English in the catalogue too (the helper that
# raises it builds its message from it: ``dispatch.text_limits``).
REFUSALS: dict[str, str | dict[str, str]] = {
    "err_dept_needed": "请选择部门",
    "err_dept_unknown": "没有名为「{value}」的部门",
    "err_too_long": {"zh": "{field_key}共 {n:,} 字，最多 {limit:,} 字",
                     "en": "{field}: {n:,} characters; the limit is {limit:,}"},
    "err_due_past": "截止日期 {due} 已过（今天是 {today}）",
    "err_not_a_date": "「{value}」不是日期（格式：YYYY-MM-DD）",
    "err_effort": "预计工时「{value}」须为大于 0 的小时数",
    # roles, sign-in, forms (the 403 pages and the API)
    "err_page_role": "此页面需要「{role_key}」角色，你的角色是「{mine_key}」",
    "err_role": "此操作需要「{role_key}」角色，你的角色是「{mine_key}」",
    "err_csrf_form": "表单已过期或并非来自本站：请刷新页面后重试",
    "err_csrf_header": "已登录的浏览器请求缺少或带错了 X-CSRF-Token 请求头",
    # users
    "user_err_name": "请填写用户名",
    "user_err_role": "没有「{value}」这个角色；可选：{allowed_keys}",
    "user_err_exists": "用户「{name}」已存在",
    "user_err_password": "密码至少 {n} 个字符",
    "user_err_staff": "「{value}」不是{org}的人员",
    "user_err_staff_taken": "人员「{value}」已关联到用户「{name}」",
    "user_err_none": "没有名为「{name}」的用户",
    "err_not_linked": "你的账号还没有关联到组织中的人员，请联系管理员",
    "err_staff_unknown": "没有编号为「{value}」的人员",
    "err_person_unknown": "组织中没有「{value}」这个人",
    "err_person_ambiguous": "「{value}」可以指多个人（{ids}），请写明编号",
    "err_upload_size": "{file} 超过 {limit} MB 的上传上限",
    # minutes (会议纪要) and action items
    "min_err_edit": "只有上传人、计划员或管理员可以修改这份纪要",
    "min_err_draft": "会议纪要 #{id} 是他人尚未确认的草稿",
    "min_err_others": "只有计划员和管理员能查看他人的事项",
    "min_err_no_meeting": "没有编号为 {id} 的会议纪要",
    "min_err_no_item": "没有编号为 {id} 的行动项",
    "min_err_field": "「{value}」不是可修改的字段",
    "min_err_task": "请填写事项内容",
    "min_err_priority": "优先级「{value}」无效；可选：{allowed_keys}",
    "min_err_deleted": "事项 #{id} 已被删除",
    "min_err_changed": "事项 #{id} 已被他人修改（现在：{changed}），请刷新后再改",
    "min_err_delete": "事项 #{id} 已是「{state_key}」：请取消它，而不是删除",
    "min_err_status": "事项 #{id} 现在是「{state_key}」，只能改为：{allowed_keys}",
    "min_err_status_draft": "事项 #{id} 还是「{state_key}」：请先确认会议纪要",
    "min_err_status_moved": "事项 #{id} 已被他人处理：现在是「{state_key}」",
    "min_err_confirmed": "会议纪要 #{id} 已经确认过了",
    "min_err_many_items": "{file} 中找到 {n:,} 个行动项，超过每次会议 {limit:,} 个的上限；"
                          "请拆分文档",
    "min_err_no_file": "请选择纪要文件（.txt .md .docx .vtt .srt）",
    # the minutes reader's refusals of a file (nlp.readers: the English is its message)
    "min_read_format": "{file}：不支持的文件类型 {ext}；请使用 {allowed}",
    "min_read_no_ext": "{file}：文件没有扩展名；请使用 {allowed}",
    "min_read_size": "{file} 大小为 {mb} MB，超过 {limit} MB 的上限",
    "min_read_empty": "{file} 是空文件",
    "min_read_chars": "{file} 共 {n:,} 字，超过 {limit:,} 字的上限；请拆分为多个文件",
    "min_read_lines": "{file} 共 {n:,} 行，超过 {limit:,} 行的上限；请拆分为多个文件",
    "min_read_paragraphs": "{file} 共 {n:,} 个段落和表格行，超过 {limit:,} 个的上限；"
                           "请拆分为多个文件",
    "min_read_bom": "{file} 以 {enc} 编码标记开头，但内容不是 {enc} 文本",
    "min_read_binary_doc": "{file} 是二进制文档（Word/PDF/压缩包），不是文本文件",
    "min_read_binary": "{file} 是二进制数据，不是文本文件",
    "min_read_encoding": "{file}：无法识别文本编码；请另存为 UTF-8（或 GBK/UTF-16）后重试",
    "min_read_vtt": "{file} 不是 WebVTT 文件（须以 WEBVTT 开头）",
    "min_read_vtt_cue": "{file} 第 {line} 行：应为字幕时间行（00:00:01.000 --> 00:00:02.000）",
    "min_read_vtt_empty": "{file} 中没有字幕段（WebVTT）",
    "min_read_srt": "{file} 不是有效的 SRT 字幕文件（{detail}）",
    "min_read_srt_empty": "{file} 中没有字幕（SRT）",
    "min_read_not_zip": "{file} 不是 Word .docx 文件（不是 zip 压缩包）",
    "min_read_docx": "{file}：Word 文档已损坏或不是 .docx 文件",
    "min_read_unzipped": "{file} 解压后为 {mb} MB，超过 {limit} MB 的上限",
    "min_read_unzipped_text": "{file} 的正文（word/document.xml）解压后为 {mb} MB，"
                              "超过 {limit} MB 的上限",
    "min_read_docx_empty": "{file}：Word 文档中没有文字",
    "min_err_no_check": "会议纪要 #{id} 没有负荷检查（尚未确认）",
    # follow-ups (跟进事项) and the signed links of their messages
    "fu_err_link": "此链接无效、已过期或已失效（事项已有变更）",
    "fu_err_link_allows": "此链接只能：{allowed_keys}",
    "fu_err_nothing_to_approve": "没有待审批的延期申请",
    "fu_err_due_format": "请按 YYYY-MM-DD 格式填写新的日期",
    "fu_err_cancelled": "跟进事项 #{id} 已取消",
    "fu_err_done_already": "跟进事项 #{id} 已完成",
    "fu_err_not_open": "跟进事项 #{id} 已是「{state_key}」",
    "fu_err_new_date_day": "新的日期须为某一天（YYYY-MM-DD）",
    "fu_err_new_date_after": "新的日期须晚于当前截止日期 {due}",
    "fu_err_no_request": "跟进事项 #{id} 没有待审批的延期申请",
    "fu_err_moved": "跟进事项 #{id} 已被他人处理：现在是「{state_key}」",
    "fu_err_moved_asked": "跟进事项 #{id} 已被他人处理：现在是「{state_key}」，已申请新日期 {due}",
    "fu_err_due_tz": "截止时间须带时区（例如 {example}）",
    "fu_err_none": "没有编号为 {id} 的跟进事项",
    "fu_err_none_for": "{kind} {ref} 没有跟进事项",
    "fu_err_whom": "跟进事项需要负责人或部门",
    "fu_err_not_yours": "跟进事项 #{id} 只有负责人和计划员能处理",
    "fu_err_not_yours_see": "只有负责人和计划员能查看这条跟进事项",
    "fu_err_fields": "跟进事项需要 kind、ref_id 和标题",
    # notifications, calendar feeds
    "nt_err_whom": "请指定人员或部门",
    "nt_err_none": "没有编号为 {id} 的通知",
    "nt_err_not_dead": "通知 #{id} 现在是 {status}：只有死信可以重新发送",
    "cal_err_token": "日历订阅链接无效或已被撤销",
    "err_staff_unknown_list": "没有编号为「{ids_list}」的人员",
    "fu_state_open": "进行中",
    "fu_state_done": "已完成",
    "fu_state_cancelled": "已取消",
    # a form value the web framework's own validation refuses (its words are English)
    "val_missing": "请填写「{field}」",
    "val_int": "「{field}」须为整数（填的是「{value}」）",
    "val_number": "「{field}」须为数字（填的是「{value}」）",
    "val_min": "「{field}」须不小于 {limit}（填的是「{value}」）",
    "val_max": "「{field}」须不大于 {limit}（填的是「{value}」）",
    "val_too_long": "「{field}」最多 {limit} 个字符",
    "val_date": "「{field}」不是日期（格式：YYYY-MM-DD）",
    "val_invalid": "「{field}」的值无效（填的是「{value}」）",
    "val_hours_range": "「{field}」须在 0 到 168 之间（填的是 {value}）",
    # an org file refused (import over the API, `dispatch org import`): where, then what
    "org_err": "{file_said}：{where_said}：{problem_said}",
    "org_err_yaml": "{file_said}不是有效的 YAML：{reason}",
    "org_file_body": {"zh": "请求正文", "en": "request body"},
    "org_where_top": {"zh": "文件顶层", "en": "(top level)"},
    "org_where_file": {"zh": "文件", "en": "(file)"},
    "org_where_line": {"zh": "第 {line} 行", "en": "line {line}"},
    "org_where_line_id": {"zh": "第 {line} 行（id {id}）", "en": "line {line} (id {id})"},
    "rt_where_header": {"zh": "表头", "en": "header"},
    # the routing model: a retrain's history file, training, rollback, predictions
    "rt_p_header": "缺少列 {missing}（需要 text 和 department 两列）",
    "rt_p_fields": "字段比表头的列多",
    "rt_p_no_text": "没有文字（text）",
    "rt_p_long": "文字共 {n:,} 字，最多 {limit:,} 字",
    "rt_p_no_dept": "没有部门（department）",
    "rt_p_dept_unknown": "部门「{value}」不在组织中（请用部门编号、名称或别名）",
    "rt_p_weight": "权重「{value}」不是数字",
    "rt_p_weight_range": "权重 {value} 须大于 0、不超过 100",
    "rt_p_no_rows": "表头下面没有数据行",
    "rt_err_train": "无法训练：{problem_said}",
    "rt_err_rollback": "没有更早发布的模型版本可以回退",
    "rt_err_empty": "请填写{field_key}",
    "rt_err_batch": "共 {n} 条需求，一次最多 {limit} 条",
    "rt_err_batch_chars": "共 {n:,} 字，一次最多 {limit:,} 字",
    "org_p_top": "应为包含 name、departments、staff 的映射",
    "org_p_no_org_name": "缺少组织名称",
    "org_p_calendar": "没有「{value}」这种日历；可选：{kinds}",
    "org_p_timezone": "没有「{value}」这个时区（例如 Asia/Shanghai）",
    "org_p_departments": "应为部门列表（至少一个部门）",
    "org_p_staff": "应为人员列表",
    "org_p_mapping": "应为映射（键: 值）",
    "org_p_dept_id": "部门编号「{value}」只能由小写字母、数字、_ 和 - 组成",
    "org_p_dept_twice": "部门编号「{value}」重复了",
    "org_p_no_name": "缺少名称（name）",
    "org_p_staff_id": "人员编号「{value}」只能由字母、数字和 _ . @ - 组成",
    "org_p_staff_twice": "人员编号「{value}」重复了",
    "org_p_dept_unknown": "没有编号为「{value}」的部门",
    "org_p_head": "负责人「{value}」不在人员名单中",
    "org_p_liaisons_many": "接口人共 {n} 位，最多 {limit} 位",
    "org_p_liaisons_twice": "同一位接口人列了两次",
    "org_p_liaison_unknown": "接口人「{value}」不在人员名单中",
    "org_p_liaison_elsewhere": "接口人「{value}」属于部门「{dept}」，不是「{own}」",
    "org_p_no_file": "文件不存在",
    "org_p_unreadable": "无法读取（{reason}）",
    "org_p_not_utf8": "不是 UTF-8 编码的文本",
    "org_p_empty": "文件是空的",
    "org_p_bad_json": "不是有效的 JSON：{reason}",
    "org_p_bad_yaml": "不是有效的 YAML：{reason}",
    # plans (排班计划)
    "plan_err_input": "无法排班：{problem_said}",
    "plan_err_input_at": "无法排班（{where_said}）：{problem_said}",
    "plan_p_top": "应为包含 start、horizon_days、tasks 的映射",
    "plan_p_no_start": "缺少开始日期（start，YYYY-MM-DD）",
    "plan_p_tasks": "应为任务列表",
    "plan_p_no_effort": "缺少预计工时（effort_hours）",
    "plan_p_task_twice": "任务编号「{value}」重复了",
    "plan_p_no_staff": "组织中还没有可排班的人员",
    "plan_p_excluded_unknown": "排除的人员「{value}」已不在组织中",
    "plan_p_booked_unknown": "已有占用工时的人员「{value}」已不在组织中",
    "plan_err_title": "请填写任务名称",
    "plan_err_no_proposal": "没有编号为 {id} 的方案",
    "plan_err_no_tasks": "没有待排的任务",
    "plan_err_action": "「{value}」不是方案调整操作",
    "plan_err_task": "任务「{value}」不在方案 v{version} 中",
    "plan_err_not_draft": "方案 v{version} 已是「{state_key}」：只有草案可以{action_key}",
    "plan_err_others": "只有计划员和管理员能查看他人的工作安排",
    "plan_err_horizon": "计划天数须在 1 到 90 之间",
    # requests (需求单) and triage
    "req_err_empty": "需求内容为空：请写明需要什么",
    "req_err_expected_past": "期望完成日期 {due} 已过（今天是 {today}）",
    "req_err_attachment": "第 {n} 个附件名称无效",
    "req_err_attachments": "共 {n} 个附件名称，最多 {limit} 个",
    "req_err_no_request": "没有编号为 {id} 的需求单",
    "req_err_state": "没有「{value}」这个状态；可选：{allowed_keys}",
    "req_err_step": "需求单现在是「{state_key}」，不能{action_key}；现在可以：{allowed_keys}",
    "req_err_moved": "需求单 #{id} 已被他人处理：现在是「{state_key}」（{dept}）；"
                     "现在可以：{allowed_keys}。请刷新后再操作",
    "req_err_not_yours": "需求单 #{id} 不是你提交的；只有计划员和管理员能查看他人的需求单",
    "req_err_coordinator": "{action_key}需要计划员/协调人角色，你的角色是「{mine_key}」",
    "req_err_other_dept": "{action_key}：需求单 #{id} 在{dept}，你属于{mine}",
    "req_err_return_reason": "退单需要理由：请写明退回的原因",
    "req_err_return_to_self": "不能转给{dept}：正是{dept}在退单",
    "req_err_no_next_best": "模型没有其他合适的部门了，请指定一个部门",
    "req_err_already_with": "需求单已在{dept}",
    "req_act_route": "分派",
    "req_act_triage": "转人工分派",
    "req_act_decide": "分派",
    "req_act_accept": "接单",
    "req_act_return": "退单",
    "req_act_reroute": "转派",
    "req_act_start": "开始处理",
    "req_act_finish": "完成",
    "field_title": "标题",
    "field_text": "需求内容",
    "field_support": "需要的支持",
    "field_background": "需求背景",
    "field_goal": "目标",
    "field_expected_outcome": "预期成果",
    "field_part_text": "部门任务说明",
    "field_description": "问题描述",
    "field_impact": "影响范围",
    "field_proposed_solution": "建议解决方案",
}
_SOURCES = [(__name__, {}, {}, REFUSALS)] + [
    (w.__name__, w.STRINGS, w.MESSAGES, w.REFUSALS) for w in (_collab_words, _problem_words)]
for _name, _strings, _messages, _refusals in _SOURCES:
    for _have, _more in ((STRINGS, _strings), (MESSAGES, _messages),
                         (MESSAGES, {k: v if isinstance(v, dict) else {"zh": v}
                                     for k, v in _refusals.items()})):
        _twice = sorted(set(_have) & set(_more))
        if _twice:
            raise ValueError(f"{_name}: {', '.join(_twice)} already defined")
        _have.update(_more)

_WD_ZH = "一二三四五六日"


def message(key: str, lang: str, **kw: Any) -> str:  # noqa: ANN401 - format arguments
    """The message ``key`` in ``lang`` (Chinese when that language lacks it), filled in.

    ``s`` is the English plural ending of ``n`` unless given."""
    entry = MESSAGES[key]
    if "n" in kw and "s" not in kw:
        kw["s"] = "" if kw["n"] == 1 else "s"
    return (entry.get(lang) or entry["zh"]).format(**kw)


def stored_note(note: str, key: str | None,
                args: dict[str, Any] | None) -> tuple[str, dict[str, Any] | None]:
    """(note, args) as a history row keeps them: a person's ``note`` as written; a note the
    system writes as its catalogue ``key`` and ``args``, with the English words in ``note``
    (the API's field, and what shows when the key no longer fills)."""
    if not key:
        return note or "", None
    args = dict(args or {})
    return note or message(key, "en", **args), args


def note_text(key: str | None, args: dict[str, Any] | None, lang: str) -> str | None:
    """A note the system stored as a catalogue key and values (a history's "4 part(s), lead
    mkt"), said in ``lang``; a value named ``*_key`` is itself a key, said in ``lang`` too.
    None when there is no key or it no longer fills (the stored English then stands)."""
    if not key or key not in MESSAGES:
        return None
    def said(k: str) -> str:
        entry = MESSAGES.get(k) or STRINGS.get(k)
        return (entry.get(lang) or entry.get("zh") or k) if entry else k

    kw: dict[str, Any] = {}
    for name, value in (args or {}).items():
        if name.endswith("_key") and isinstance(value, str):
            value = said(value)
        elif name.endswith("_said"):  # a part said in its own right: text, or {key, args}
            value = _part(value, lang)
        elif name.endswith("_list") and isinstance(value, list):  # values (ids), as given
            value = ("、" if lang == "zh" else ", ").join(str(v) for v in value)
        elif name.endswith("_keys") and isinstance(value, list):  # a list of keys, said
            value = ("、" if lang == "zh" else ", ").join(said(v) for v in value) or "—"
        kw[name] = value
    try:
        return message(key, lang, **kw)
    except (KeyError, IndexError, ValueError):
        return None


def _part(value: Any, lang: str) -> str:  # noqa: ANN401 - a stored part
    """A ``*_said`` value of a refusal's args: plain text as given, or ``{"key", "args"}``
    said in ``lang`` (an org file's "line 3" / 「第 3 行」 inside the refusal's sentence)."""
    if isinstance(value, dict) and isinstance(value.get("key"), str):
        return note_text(value["key"], value.get("args"), lang) or str(value.get("text", ""))
    return str(value)


# pydantic's error types → the catalogue's sentence and the context value it names
VALIDATION_KEYS: dict[str, tuple[str, str | None]] = {
    "missing": ("val_missing", None), "int_parsing": ("val_int", None),
    "int_type": ("val_int", None), "int_from_float": ("val_int", None),
    "float_parsing": ("val_number", None), "float_type": ("val_number", None),
    "greater_than_equal": ("val_min", "ge"), "greater_than": ("val_min", "gt"),
    "less_than_equal": ("val_max", "le"), "less_than": ("val_max", "lt"),
    "string_too_long": ("val_too_long", "max_length"),
    "date_parsing": ("val_date", None), "date_from_datetime_parsing": ("val_date", None),
    "date_type": ("val_date", None), "hours_range": ("val_hours_range", None),
}


def validation_refusal(kind: str, field: str, value: Any,  # noqa: ANN401 - as typed
                       ctx: dict[str, Any] | None = None) -> tuple[str, dict[str, Any]]:
    """(key, args) of the catalogue's sentence for one value pydantic refused (``kind`` is
    its error type): a form field on a page, a field of an org file or a plan request."""
    key, limit = VALIDATION_KEYS.get(kind, ("val_invalid", None))
    return key, {"field": field, "value": "" if value is None else str(value)[:100],
                 "limit": (ctx or {}).get(limit, "") if limit else ""}


def doc_language(data: Any) -> str | None:  # noqa: ANN401 - a parsed file
    """The language an org document not yet imported (or refused) says it is in, as
    :func:`org_language` would read it; None when it does not say (not a mapping)."""
    if not isinstance(data, dict):
        return None
    given = str(data.get("language") or data.get("lang") or "").strip().lower()
    if given:
        return "en" if given.startswith("en") else "zh"
    depts = data.get("departments")
    names = [str(d.get("name") or "") for d in depts if isinstance(d, dict)] \
        if isinstance(depts, list) else []
    if not names:
        return None
    return "en" if all(n.isascii() for n in names) else "zh"


def org_language(org: Org | None) -> str:
    """``en`` or ``zh``: the org file's ``language``, else ``en`` when every department
    name is ASCII (an English-speaking organisation), else ``zh``."""
    if org is None:
        return "zh"
    extra = org.model_extra or {}
    given = str(extra.get("language") or extra.get("lang") or "").strip().lower()
    if given:
        return "en" if given.startswith("en") else "zh"
    names = [d.name for d in org.departments]
    return "en" if names and all(n.isascii() for n in names) else "zh"


def format_day(d: dt.date, lang: str) -> str:
    """A day as people read it: 11月27日（周五） / Fri 27 Nov 2026."""
    if lang == "en":
        return d.strftime("%a %d %b %Y")
    return f"{d.month}月{d.day}日（周{_WD_ZH[d.weekday()]}）"


def format_time(t: dt.datetime, lang: str) -> str:
    """A local date and time for a deadline: 11月27日 09:00 / Fri 27 Nov 09:00."""
    return t.strftime("%a %d %b %H:%M") if lang == "en" else t.strftime("%m月%d日 %H:%M")
