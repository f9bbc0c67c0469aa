"""The bot's words (merged into dispatch.messages.MESSAGES: one catalogue)."""

MESSAGES: dict[str, dict[str, str]] = {
    "chat_stranger": {"zh": "抱歉，我还不认识您（{platform} 账号未登记在组织通讯录中）。"
                            "请联系管理员在组织文件的 contacts 中加上您的 {platform} ID。",
                      "en": "Sorry, I do not know you yet: your {platform} account is not in "
                            "the organisation's contacts. Ask an administrator to add your "
                            "{platform} id to the org file."},
    "chat_no_account": {"zh": "{name}，您还没有 dispatch 账号，请联系管理员开通后再试。",
                        "en": "{name}, you have no dispatch account yet; ask an administrator "
                              "for one."},
    "chat_help": {"zh": "直接写下需求，我会分派给对应部门；在协作群里写「问题：…」登记问题；"
                        "「绑定 #协作编号」把本群与协作关联；「待办」列出您要处理的事项。",
                  "en": "Write what you need and I route it; in a collaboration's group write "
                        "'problem: …' to raise a problem; 'bind #id' ties this group to a "
                        "collaboration; 'todo' lists what waits for you."},
    "chat_routed": {"zh": "已转给 {dept}", "en": "Sent to {dept}"},
    "chat_triage": {"zh": "已交协调员分诊", "en": "Sent to triage"},
    "chat_request_line": {"zh": "需求 #{id}：{title}", "en": "Request #{id}: {title}"},
    "chat_confidence": {"zh": "置信度 {score}", "en": "confidence {score}"},
    "chat_suggested": {"zh": "建议：{dept}（置信度 {score}，低于自动分派阈值）",
                       "en": "Suggested: {dept} (confidence {score}, below the auto-route "
                             "threshold)"},
    "chat_collab": {"zh": "已发起协作 #{id}：{n} 个部门", "en": "Collaboration #{id} started: "
                                                         "{n} department{s}"},
    "chat_part_line": {"zh": "{dept}（{role}，置信度 {score}）：{text}",
                       "en": "{dept} ({role}, confidence {score}): {text}"},
    "chat_bound": {"zh": "本群已关联协作 #{id}：{title}", "en": "This group is now tied to "
                                                          "collaboration #{id}: {title}"},
    "chat_not_bound": {"zh": "本群还没有关联协作；请写「问题#协作编号：…」或先「绑定 #协作编号」。",
                       "en": "This group is not tied to a collaboration; write 'problem #id: "
                             "…' or 'bind #id' first."},
    "chat_problem": {"zh": "已登记问题 #{id}（{severity}），由 {dept} 负责，{due} 前处理",
                     "en": "Problem #{id} raised ({severity}); {dept} answers for it by {due}"},
    "chat_refused": {"zh": "未执行：{why}", "en": "Not done: {why}"},
    "chat_todo": {"zh": "待您处理：{n} 项", "en": "Waiting for you: {n} item{s}"},
    "chat_todo_part": {"zh": "协作 #{cid}「{title}」：{dept} 的部分待受理",
                       "en": "Collaboration #{cid} '{title}': {dept}'s part to accept"},
    "chat_todo_item": {"zh": "待办「{title}」截止 {due}", "en": "'{title}' due {due}"},
    "chat_todo_date": {"zh": "「{title}」申请改期到 {due}", "en": "'{title}': new date {due} "
                                                             "asked"},
    "chat_done": {"zh": "{who} 已处理：{what}", "en": "{who} did: {what}"},
    "chat_btn_accept": {"zh": "受理", "en": "Accept"},
    "chat_btn_return": {"zh": "退回", "en": "Return"},
    "chat_btn_done": {"zh": "已完成", "en": "Done"},
    "chat_btn_new_date": {"zh": "申请改期", "en": "Ask a new date"},
    "chat_btn_approve": {"zh": "同意改期", "en": "Approve date"},
    "chat_btn_decline": {"zh": "不同意", "en": "Decline"},
    "chat_lead": {"zh": "牵头", "en": "lead"},
    "chat_support": {"zh": "配合", "en": "support"},
}
