#!/usr/bin/env python3
"""Regenerates the spoken-airport blind test set: org.yaml, 8 meeting files,
gold.json and gold_evidence.json. Gold line numbers are found by locating each
item's evidence quote in the rendered file (it must occur on exactly one line).
Due dates are computed from a hand-written rule per item (annotation aid only)."""
import datetime as dt, json, os, sys
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
D = dt.date

# ---------------------------------------------------------------- org
DEPTS = [
  ("checkin", "值机服务部", ["值机", "值机部", "值机组", "Check-in"], "chenjing",
   "旅客值机柜台、自助值机设备、特殊旅客（无陪儿童、轮椅旅客）服务、登机口服务", ["值机", "柜台", "自助值机", "登机口", "无陪"]),
  ("baggage", "行李服务部", ["行李部", "行李", "行李组", "Baggage"], "zhouhaitao",
   "行李分拣与装卸、转盘、行李查询、破损与错运行李处理、BRS行李再确认", ["分拣", "转盘", "行李查询", "破损行李", "BRS"]),
  ("loadctl", "配载平衡部", ["配载", "配载部", "载重平衡", "Load Control"], "sunjianguo",
   "航班配载与载重平衡、舱单制作、LDM/CPM报文", ["舱单", "配载", "平衡图", "LDM"]),
  ("ramp", "机坪运行部", ["机坪", "站坪", "机坪部", "Ramp"], "wanglei",
   "机坪调度、机位引导、航空器监护、远机位保障、机坪标线与防滑", ["机位", "引导", "监护", "远机位", "机坪"]),
  ("gse", "特种车辆部", ["特车", "特车部", "车队", "特种车辆", "GSE"], "xuzhigang",
   "摆渡车、除冰车、地面电源、牵引车等特种车辆的调度、驾驶与维修", ["摆渡车", "除冰车", "地面电源", "车辆维修", "司机"]),
  ("cargo", "货运部", ["货运", "货站", "货运站", "Cargo"], "caotao",
   "国内国际货邮收运、安检申报、冷库、监装、ULD管理、货代结算对接", ["货邮", "货代", "冷库", "ULD", "监装", "锂电池"]),
  ("secco", "安检协调部", ["安检协调", "安检对接", "安检协调组", "Security Liaison"], "liangbin",
   "与机场安检站的协调：安检通道与排队、特殊旅客安检、货邮安检协调", ["安检", "通道", "排队", "安检站"]),
  ("it", "信息技术部", ["信息部", "信息", "技术部", "IT"], "zhengyu",
   "离港系统、BRS、配载系统、航显与网络运维、系统培训", ["系统", "离港", "DCS", "航显", "运维", "接口"]),
  ("hr", "人力资源部", ["人事", "人事部", "人力", "HR"], "dongli",
   "招聘、临时工、排班政策、培训组织、证照管理", ["招聘", "临时工", "培训", "入职"]),
  ("fin", "财务部", ["财务", "财务组", "Finance"], "qianhui",
   "预算、结算、开票、应收账款、资产核对", ["预算", "发票", "对账", "账期", "报销"]),
  ("sq", "安全质量部", ["安质部", "安全质量", "安全部", "质量部", "QA", "Safety"], "mazhiyuan",
   "安全管理、不安全事件调查与通报、安全培训、服务质量检查、证照复审", ["安全", "事件", "通报", "整改", "检查"]),
  ("cs", "客户服务部", ["客服", "客服部", "客服中心", "Customer Service"], "hanxue",
   "旅客投诉与回访、服务质检、理赔对接、服务预案", ["投诉", "回访", "质检", "理赔"]),
  ("ops", "运行指挥中心", ["指挥中心", "AOC", "运控", "运控中心"], "linhai",
   "航班运行监控与协调、资源（柜台、机位）分配、春运指挥、夜班席位", ["航班", "延误", "柜台分配", "值班", "席位"]),
]
# id, name, dept, title, skills, aliases(or None), hours
STAFF = [
  ("chenjing", "陈静", "checkin", "值机服务部经理", ["值机管理", "特殊旅客服务"], None, 40),
  ("liusiyu", "刘思雨", "checkin", "值机主管", ["值机", "自助设备", "培训"], None, 40),
  ("tangmin", "唐敏", "checkin", "值机督导", ["值机", "预案编写"], None, 40),
  ("zhaoyang", "赵阳", "checkin", "值机员", ["值机"], None, 40),
  ("zhouhaitao", "周海涛", "baggage", "行李服务部经理", ["行李管理"], None, 40),
  ("fengxiaolong", "冯小龙", "baggage", "行李查询主管", ["行李查询", "BRS"], None, 40),
  ("lina", "李娜", "baggage", "分拣班长", ["分拣", "转盘"], None, 40),
  ("yanglu", "杨璐", "baggage", "行李查询员", ["行李查询", "理赔"], None, 32),
  ("sunjianguo", "孙建国", "loadctl", "配载平衡部经理", ["配载", "舱单"], ["老孙"], 40),
  ("hejie", "何杰", "loadctl", "配载员", ["配载", "舱单", "LDM"], None, 40),
  ("yuanfang", "袁芳", "loadctl", "配载主管", ["配载", "排班"], None, 40),
  ("wanglei", "王磊", "ramp", "机坪运行部经理", ["机坪管理", "远机位保障"], None, 40),
  ("gaofei", "高飞", "ramp", "机坪调度主管", ["机坪调度", "引导"], None, 40),
  ("panyu", "潘宇", "ramp", "站坪监护员", ["监护", "标线"], None, 40),
  ("xuzhigang", "徐志刚", "gse", "特种车辆部经理", ["车辆管理"], None, 40),
  ("dengkai", "邓凯", "gse", "车辆维修主管", ["车辆维修", "地面电源"], ["Kevin"], 40),
  ("lujun", "陆军", "gse", "车辆调度员", ["车辆调度"], None, 40),
  ("houjian", "侯建", "gse", "司机班长", ["摆渡车驾驶", "培训"], None, 40),
  ("caotao", "曹涛", "cargo", "货运部经理", ["货运管理", "报价"], None, 40),
  ("jiangwen", "蒋雯", "cargo", "货运主管", ["货代管理", "危险品"], None, 40),
  ("shiyong", "石勇", "cargo", "监装主管", ["监装", "冷库", "ULD"], None, 40),
  ("liangbin", "梁斌", "secco", "安检协调部经理", ["安检协调"], None, 40),
  ("tianxue", "田雪", "secco", "协调专员", ["数据整理", "培训课件"], None, 40),
  ("zhengyu", "郑宇", "it", "信息技术部经理", ["系统架构", "项目管理"], None, 40),
  ("huanghao", "黄浩", "it", "系统工程师", ["离港系统", "上线切换", "培训"], ["Howard"], 40),
  ("songjiayi", "宋佳怡", "it", "开发工程师", ["开发", "数据迁移"], None, 40),
  ("wangxiaoyan", "王晓燕", "it", "运维工程师", ["运维", "数据库", "航显"], None, 40),
  ("dongli", "董丽", "hr", "人力资源部经理", ["招聘", "用工"], None, 40),
  ("luoyi", "罗毅", "hr", "培训主管", ["培训组织"], None, 40),
  ("qianhui", "钱慧", "fin", "财务部经理", ["预算", "结算"], None, 40),
  ("zhuqing", "朱晴", "fin", "会计", ["开票", "对账", "资产核对"], ["Amy", "Amy Zhu"], 40),
  ("mazhiyuan", "马志远", "sq", "安全质量部经理", ["安全管理", "事件调查"], None, 40),
  ("tanxin", "谭欣", "sq", "安全督查", ["事件调查", "通报"], None, 40),
  ("xieli", "谢力", "sq", "质量专员", ["服务质量检查"], None, 40),
  ("hanxue", "韩雪", "cs", "客户服务部经理", ["投诉处理"], None, 40),
  ("bailu", "白露", "cs", "投诉主管", ["投诉处理", "回访"], None, 40),
  ("yeqing", "叶青", "cs", "服务质检员", ["质检"], None, 40),
  ("linhai", "林海", "ops", "运行指挥中心主任", ["运行指挥", "资源分配"], None, 40),
  ("caiming", "蔡明", "ops", "席位主管", ["席位排班", "航班监控"], None, 40),
  ("fanjiacheng", "范嘉诚", "ops", "运控席位", ["航班监控", "数据导出"], ["Jason", "Jason Fan"], 40),
]

def write_org():
    org = {"name": "蓉翼航空地面服务有限公司",
           "name_en": "Rongyi Airport Ground Services Co., Ltd.",
           "timezone": "Asia/Shanghai", "calendar": "cn", "departments": [], "staff": []}
    for i, n, a, h, desc, kw in DEPTS:
        org["departments"].append({"id": i, "name": n, "aliases": a, "head": h, "description": desc, "keywords": kw})
    for sid, n, dep, title, skills, al, hrs in STAFF:
        e = {"id": sid, "name": n}
        if al: e["aliases"] = al
        e.update({"department": dep, "title": title, "skills": skills, "hours_per_week": hrs,
                  "email": f"{sid}@rongyi-gs.example.com"})
        if sid == "dongli": e["leave"] = ["2026-11-26", "2026-11-27"]
        org["staff"].append(e)
    txt = ("# 蓉翼航空地面服务有限公司 — fictional airport ground-handling company (blind test set spoken-airport).\n"
           "# Most staff have no aliases on purpose: speech refers to them as 小+姓, 姓+哥/姐/总/工, given name, 阿+名, or ASR misspellings.\n")
    txt += yaml.safe_dump(org, allow_unicode=True, sort_keys=False, width=200)
    open(os.path.join(HERE, "org.yaml"), "w", encoding="utf-8").write(txt)

# ---------------------------------------------------------------- due rules
try:
    import chinese_calendar as cc
    def is_workday(d): return cc.is_workday(d)
except Exception:  # Dec 2026 has no statutory holidays; Jan 1 2027 assumed off
    def is_workday(d): return d.weekday() < 5 and d not in (D(2027, 1, 1),)

def due(md, rule):
    if rule is None: return None
    k = rule[0]
    if k == "today": return md
    if k == "tomorrow": return md + dt.timedelta(1)
    if k == "dayafter": return md + dt.timedelta(2)
    if k == "wd":   # 周X: this week if >= md else next week; X: 0=Mon
        x = rule[1]; d = md + dt.timedelta(x - md.weekday())
        return d if d >= md else d + dt.timedelta(7)
    if k == "nextwd":  # 下周X
        return md + dt.timedelta(7 - md.weekday() + rule[1])
    if k == "thisweek": return md + dt.timedelta(4 - md.weekday())
    if k == "nextweek": return md + dt.timedelta(11 - md.weekday())
    if k == "eom":
        n = D(md.year + (md.month == 12), md.month % 12 + 1, 1); return n - dt.timedelta(1)
    if k == "nextmonthstart": return D(md.year + (md.month == 12), md.month % 12 + 1, 5)
    if k == "date":
        d = D(md.year, rule[1], rule[2]);
        return d if d >= md else D(md.year + 1, rule[1], rule[2])
    if k == "ndays": return md + dt.timedelta(rule[1])
    if k == "nworkdays":
        d, n = md, 0
        while n < rule[1]:
            d += dt.timedelta(1)
            if is_workday(d): n += 1
        return d
    raise ValueError(rule)

# an item: (evidence, task, owners, department, rule, spoken due phrase)
def I(ev, task, owners, dept, rule, phrase=None):
    return {"evidence": ev, "task": task, "owners": owners, "department": dept, "rule": rule, "phrase": phrase}

from meetings import MEETINGS  # noqa: E402

def render(m):
    return m["render"](m)

def main():
    write_org()
    gold = {"org": "org.yaml", "documents": []}
    evid = {"documents": []}
    for m in MEETINGS:
        lines, enc, nl = render(m)
        data = nl.join(lines) + nl
        raw = data.encode(enc)
        open(os.path.join(HERE, m["file"]), "wb").write(raw)
        md = m["date"]
        gd = {"file": m["file"], "meeting_date": md.isoformat(), "pass_meeting_date": m.get("pass", False), "items": []}
        ed = {"file": m["file"], "encoding": enc, "newline": repr(nl), "items": []}
        for it in m["items"]:
            hits = [i for i, l in enumerate(lines) if it["evidence"] in l]
            if len(hits) != 1:
                sys.exit(f"{m['file']}: evidence {it['evidence']!r} found on {len(hits)} lines")
            ln = hits[0] + 1
            d = due(md, it["rule"])
            gd["items"].append({"task": it["task"], "owners": it["owners"], "department": it["department"],
                                "due": d.isoformat() if d else None, "line": ln})
            ed["items"].append({"line": ln, "task": it["task"], "evidence": it["evidence"],
                                "due_phrase": it["phrase"], "due_rule": list(it["rule"]) if it["rule"] else None})
        gold["documents"].append(gd); evid["documents"].append(ed)
    json.dump(gold, open(os.path.join(HERE, "gold.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=2)
    json.dump(evid, open(os.path.join(HERE, "gold_evidence.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=2)
    n = sum(len(d["items"]) for d in gold["documents"])
    print("wrote", len(gold["documents"]), "documents,", n, "items")

if __name__ == "__main__":
    sys.path.insert(0, HERE)
    main()
