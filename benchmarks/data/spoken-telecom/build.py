#!/usr/bin/env python3
"""Writes the spoken-telecom test set: org.yaml, 8 meeting files, gold.json, gold_evidence.json.
Gold line numbers are found by locating each item's evidence quote in the rendered file;
due dates are computed from the stated rule (ANNOTATION.md, calendar cn)."""
import datetime as dt, json, os, calendar
import chinese_calendar

HERE = os.path.dirname(os.path.abspath(__file__))
D = dt.date

ORG = """# 华信通信集团临江市分公司 — fictional telecom operator city branch (spoken-telecom blind set)
name: 华信通信集团临江市分公司
name_en: Huaxin Telecom Group, Linjiang City Branch
timezone: Asia/Shanghai
calendar: cn

departments:
  - id: zq
    name: 政企客户部
    aliases: [政企部, 政企, 集团客户部, Enterprise]
    head: zhoujianjun
    description: 党政军、教育、医疗、港口物流等政企客户的专线、云网、ICT项目拓展与客户维系
    keywords: [专线, 政企客户, ICT, 智慧校园, 云专线, 续约, 投标]
  - id: gz
    name: 公众市场部
    aliases: [公众部, 市场部, 公众市场, Consumer Marketing]
    head: huangliping
    description: 个人与家庭市场的资费套餐、融合产品、促销活动、存量用户经营
    keywords: [套餐, 资费, 融合, 促销, 宽带, 升档, 存量]
  - id: yw
    name: 网络运维部
    aliases: [运维部, 网运, 运维, 网络维护, O&M]
    head: liguodong
    description: 无线、传输、核心网、动力环境的日常维护、故障处理、割接、网络优化与重大活动通信保障
    keywords: [故障, 告警, 割接, 基站, 路测, 油机, 蓄电池, OLT, 应急通信车]
  - id: js
    name: 网络建设部
    aliases: [网建部, 网建, 建设部, 工程建设]
    head: xiezhenhua
    description: 基站、机房、管道、光缆等网络工程的规划、立项、施工管理、验收与投资计划
    keywords: [工程, 管道, 勘察, 竣工, 投资计划, 机房新建]
  - id: kf
    name: 客服中心
    aliases: [客服, 10000号, 热线, Customer Service]
    head: qianfang
    description: 热线接听、投诉处理、服务质检、坐席培训与对外服务公告
    keywords: [投诉, 热线, 坐席, 话术, 质检, 公告, 工单]
  - id: qd
    name: 渠道部
    aliases: [渠道, 渠道管理部, Channel]
    head: wuzhigang
    description: 自有营业厅与社会渠道网点管理、渠道酬金结算、卖场合作
    keywords: [网点, 酬金, 营业厅, 代理商, 卖场]
  - id: it
    name: IT支撑中心
    aliases: [IT中心, IT, 信息化, IT支撑]
    head: chenzhuo
    description: BSS/OSS计费与业务支撑系统的开发、上线、运维，数据库与接口开发，信息安全
    keywords: [BSS, 计费, 系统, 接口, 上线, 数据库, 需求单, bug]
  - id: cw
    name: 财务部
    aliases: [财务, Finance]
    head: zhumin
    description: 预算编制、成本核算、酬金与供应商付款、发票认证、月结关账
    keywords: [预算, 付款, 发票, 关账, 成本, 预提]
  - id: hr
    name: 人力资源部
    aliases: [人力部, 人力, 人事, HR]
    head: fanxiaoyan
    description: 招聘、培训、薪酬绩效、年终奖测算、社保公积金
    keywords: [培训, 薪酬, 年终奖, 社保, 招聘]
  - id: zh
    name: 综合部
    aliases: [综合办, 办公室, 行政]
    head: wangjianping
    description: 行政后勤、公文、会务接待、消防器材等办公资产管理
    keywords: [会务, 接待, 公文, 灭火器, 值班表]
  - id: cg
    name: 采购部
    aliases: [采购, 采购中心, Procurement]
    head: panzhenyu
    description: 设备、物料与服务的采购寻源、比价招标、合同与付款申请
    keywords: [采购, 比价, 招标, 合同, 供应商, 集采]
  - id: aq
    name: 安全保卫部
    aliases: [安保部, 保卫部, 安保, 保卫科]
    head: qingang
    description: 安全生产、消防、机房门禁与值守、迎检
    keywords: [安全生产, 消防, 门禁, 值守, 迎检, 演练]

staff:
  # ---- 政企客户部 zq ----
  - {id: zhoujianjun, name: 周建军, department: zq, title: 政企客户部总经理, skills: [大客户拓展, 商务谈判]}
  - {id: linxiaowen, name: 林晓雯, department: zq, title: 客户经理, skills: [客户维系, 港口物流行业]}
  - {id: denghaibo, name: 邓海波, department: zq, title: 解决方案经理, skills: [ICT方案, SD-WAN, 智慧校园]}
  - {id: tangkexin, name: 唐可欣, aliases: [Cynthia, Cynthia Tang], department: zq, title: 大客户经理, skills: [大客户拓展, 英语, 商务谈判]}
  # ---- 公众市场部 gz ----
  - {id: huangliping, name: 黄丽萍, department: gz, title: 公众市场部经理, skills: [营销策划, 资费管理]}
  - {id: sunhao, name: 孙浩, department: gz, title: 产品经理, skills: [资费设计, 融合产品]}
  - {id: yeqing, name: 叶青, department: gz, title: 营销策划, skills: [活动策划, 物料设计]}
  - {id: guozihao, name: 郭子豪, department: gz, title: 数据分析师, skills: [存量经营, SQL, 数据分析]}
  # ---- 网络运维部 yw ----
  - {id: liguodong, name: 李国栋, aliases: [老李], department: yw, title: 网络运维部经理, skills: [网络维护, 应急保障]}
  - {id: hejun, name: 何俊, department: yw, title: 传输接入维护工程师, skills: [传输, OLT, 光缆]}
  - {id: maxiao, name: 马骁, department: yw, title: 无线优化工程师, skills: [无线优化, 路测, 应急通信车]}
  - {id: penglei, name: 彭磊, department: yw, title: 核心网工程师, skills: [核心网, 割接]}
  - {id: luyuan, name: 陆远, department: yw, title: 动力环境维护主管, skills: [动环, 蓄电池, 油机]}
  # ---- 网络建设部 js ----
  - {id: xiezhenhua, name: 谢振华, department: js, title: 网络建设部经理, skills: [工程管理, 投资计划]}
  - {id: luobin, name: 罗斌, department: js, title: 工程项目经理, skills: [工程管理, 施工安全]}
  - {id: caoxue, name: 曹雪, department: js, title: 规划工程师, skills: [管线规划, 现场勘察]}
  - {id: suqing, name: 苏晴, department: js, title: 工程造价工程师, skills: [工程造价, 预算]}
  # ---- 客服中心 kf ----
  - {id: qianfang, name: 钱芳, department: kf, title: 客服中心主任, skills: [客户服务, 投诉管理]}
  - {id: hanmei, name: 韩梅, department: kf, title: 投诉处理主管, skills: [投诉处理, 话术]}
  - {id: jiangtingting, name: 蒋婷婷, department: kf, title: 质检培训专员, skills: [质检, 坐席培训]}
  - {id: bailu, name: 白露, aliases: [Lucy], department: kf, title: 热线班长, skills: [排班, 热线管理]}
  # ---- 渠道部 qd ----
  - {id: wuzhigang, name: 吴志刚, aliases: [老吴], department: qd, title: 渠道部经理, skills: [渠道管理]}
  - {id: fengjia, name: 冯佳, department: qd, title: 渠道经理, skills: [酬金结算, 网点管理]}
  - {id: duming, name: 杜明, department: qd, title: 社会渠道主管, skills: [卖场合作, 网点拓展]}
  # ---- IT支撑中心 it ----
  - {id: chenzhuo, name: 陈卓, aliases: [Jason, Jason Chen], department: it, title: IT支撑中心主任, skills: [系统架构, 项目管理]}
  - {id: xuwenjie, name: 许文杰, department: it, title: BSS开发工程师, skills: [BSS, 计费, Java, 接口开发]}
  - {id: tiantian, name: 田甜, department: it, title: 系统运维工程师, skills: [系统运维, 上线管理]}
  - {id: shenhaoran, name: 沈浩然, department: it, title: 数据库工程师, skills: [数据库, 脚本开发]}
  # ---- 财务部 cw ----
  - {id: zhumin, name: 朱敏, department: cw, title: 财务部经理, skills: [预算, 财务管理]}
  - {id: yuyang, name: 于洋, department: cw, title: 会计, skills: [发票, 付款, 应收]}
  - {id: xiongwei, name: 熊伟, department: cw, title: 预算主管, skills: [预算, 成本分析]}
  # ---- 人力资源部 hr ----
  - {id: fanxiaoyan, name: 范晓燕, aliases: [Linda], department: hr, title: 人力资源部经理, skills: [人力资源管理]}
  - {id: chengliang, name: 程亮, department: hr, title: 培训主管, skills: [培训组织]}
  - {id: qiuyue, name: 邱月, department: hr, title: 薪酬专员, skills: [薪酬, 社保]}
  # ---- 综合部 zh ----
  - {id: wangjianping, name: 王建平, aliases: [王主任], department: zh, title: 综合部主任, skills: [行政管理, 会务]}
  - {id: fangjing, name: 方静, department: zh, title: 行政文秘, skills: [行政, 资产管理]}
  # ---- 采购部 cg ----
  - {id: panzhenyu, name: 潘振宇, department: cg, title: 采购部经理, skills: [采购管理, 招标]}
  - {id: yuanli, name: 袁丽, department: cg, title: 采购专员, skills: [比价, 合同]}
  # ---- 安全保卫部 aq ----
  - {id: qingang, name: 秦刚, aliases: [秦队], department: aq, title: 安全保卫部部长, skills: [安全生产, 消防]}
  - {id: yaochen, name: 姚晨, department: aq, title: 安全员, skills: [消防, 安全巡检]}
"""

# ---------------- due-date rules (ANNOTATION.md) ----------------
def due(rule, md):
    if rule is None or rule == "null":
        return None
    k, _, a = rule.partition(":")
    if k == "today": return md
    if k == "+1": return md + dt.timedelta(1)
    if k == "+2": return md + dt.timedelta(2)
    if k == "wd":   # 周X: this week if on/after meeting day, else next week
        x = md + dt.timedelta(int(a) - md.weekday())
        return x if x >= md else x + dt.timedelta(7)
    if k == "nwd":  # 下周X
        return md + dt.timedelta(7 - md.weekday() + int(a))
    if k == "tw": return md + dt.timedelta(4 - md.weekday())
    if k == "nw": return md + dt.timedelta(7 - md.weekday() + 4)
    if k == "eom": return D(md.year, md.month, calendar.monthrange(md.year, md.month)[1])
    if k == "ye": return D(md.year, 12, 31)
    if k == "date":
        y, m, d = map(int, a.split("-"))
        return D(y, m, d)
    if k == "md":   # month-day without year: next on/after meeting date
        m, d = map(int, a.split("-"))
        x = D(md.year, m, d)
        return x if x >= md else D(md.year + 1, m, d)
    if k == "nd": return md + dt.timedelta(int(a))
    if k == "nwork":
        n, x = int(a), md
        while n:
            x += dt.timedelta(1)
            if chinese_calendar.is_workday(x): n -= 1
        return x
    raise ValueError(rule)

RULE_TEXT = {"today": "今天/today = meeting date", "+1": "明天/tomorrow = +1", "+2": "后天 = +2",
             "wd": "周X = that weekday this week if on/after the meeting date, else next week",
             "nwd": "下周X/next X = that weekday of the following week", "tw": "本周内/这周内 = Friday of the meeting week",
             "nw": "下周内/next week = Friday of the following week", "eom": "月底/end of month = last day of month",
             "ye": "年底 = Dec 31", "date": "X前 = X itself (节前 = the holiday 元旦 = 2027-01-01, literal rule)",
             "md": "'N号/X月X日' without year = next such date on/after meeting date", "nd": "N天内/within N days = +N calendar days",
             "nwork": "N个工作日内 = Nth working day after meeting date (cn calendar)", "null": "no date / 尽快 → null"}

# ---------------- renderers ----------------
def ts_hms(s):  return "%02d:%02d:%02d" % (s // 3600, s % 3600 // 60, s % 60)
def ts_ms(s):   return "%02d:%02d" % (s // 60, s % 60)

def render_feishu(m):
    L = list(m["header"])
    t = 0
    for spk, txt in m["turns"]:
        L += [f"{spk} {ts_ms(t)}", txt, ""]
        t += 12 + len(txt) // 3
    return L

def render_tencent(m):
    L = list(m["header"]); t = 4
    for spk, txt in m["turns"]:
        L += [f"{spk}({m['depts'][spk]}) {ts_hms(t)}", txt, ""]
        t += 10 + len(txt) // 3
    return L

def render_ding(m):
    L = list(m["header"]); t = 3
    for spk, txt in m["turns"]:
        L.append(f"[{ts_hms(t)}] {spk}：{txt}"); t += 9 + len(txt) // 3
    return L

def vtime(s, sep="."):
    ms = int(round((s - int(s)) * 1000)); s = int(s)
    return "%02d:%02d:%02d%s%03d" % (s // 3600, s % 3600 // 60, s % 60, sep, ms)

def render_teams(m):
    L = list(m["header"]); t = 1.2
    for i, (spk, txt) in enumerate(m["turns"], 1):
        d = 2.5 + len(txt) / 5
        L += [f"8c1f3e2a-{i:04d}-4b7d-9a55-{i*7919:012d}/{i*3}-0", f"{vtime(t)} --> {vtime(t+d)}", f"<v {spk}>{txt}</v>", ""]
        t += d + 0.4
    return L

def render_srt(m):
    L = []; t = 1.0
    for i, (spk, txt) in enumerate(m["turns"], 1):
        d = 2.5 + len(txt) / 5
        L += [str(i), f"{vtime(t, ',')} --> {vtime(t+d, ',')}", f"{spk}：{txt}", ""]
        t += d + 0.5
    return L

def render_raw(m):
    L = list(m["header"]); t = 7
    for spk, txt in m["turns"]:
        L.append(f"{spk} {ts_hms(t)} {txt}"); t += 8 + len(txt) // 3
    return L

def render_zoom(m):
    L = ["WEBVTT", ""]; t = 0.9
    for i, (spk, txt) in enumerate(m["turns"], 1):
        d = 2.0 + len(txt) / 5
        L += [str(i), f"{vtime(t)} --> {vtime(t+d)}", f"{spk}: {txt}", ""]
        t += d + 0.3
    return L

def render_otter(m):
    L = list(m["header"]); t = 3
    for spk, txt in m["turns"]:
        L += [f"{spk}  {t // 60}:{t % 60:02d}", txt, ""]
        t += 6 + len(txt) // 12
    return L

from meetings import MEETINGS  # noqa: E402  (content lives in meetings.py)

def main():
    with open(os.path.join(HERE, "org.yaml"), "w", encoding="utf-8") as f:
        f.write(ORG)
    gold = {"org": "org.yaml", "documents": []}
    ev = {"documents": []}
    for m in MEETINGS:
        lines = globals()["render_" + m["fmt"]](m)
        text = "\n".join(lines) + "\n"
        nl = m.get("newline", "\n")
        data = text.replace("\n", nl)
        enc = m.get("encoding", "utf-8")
        raw = data.encode(enc)
        if m.get("bom"):
            raw = b"\xef\xbb\xbf" + raw
        with open(os.path.join(HERE, m["file"]), "wb") as f:
            f.write(raw)
        md = D.fromisoformat(m["date"])
        items, evs = [], []
        for it in m["items"]:
            quote, task, owners, dept, rule = it
            hits = [i for i, l in enumerate(lines, 1) if quote in l]
            assert len(hits) == 1, (m["file"], quote, hits)
            d = due(rule, md)
            items.append({"task": task, "owners": owners, "department": dept,
                          "due": d.isoformat() if d else None, "line": hits[0]})
            evs.append({"line": hits[0], "evidence": quote, "due_rule": rule or "null",
                        "due_rule_text": RULE_TEXT[(rule or "null").partition(":")[0]], "task": task})
        gold["documents"].append({"file": m["file"], "meeting_date": m["date"],
                                  "pass_meeting_date": m.get("pass", False), "items": items})
        ev["documents"].append({"file": m["file"], "encoding": enc + ("-sig" if m.get("bom") else ""),
                                "newline": "CRLF" if nl == "\r\n" else "LF", "items": evs})
    with open(os.path.join(HERE, "gold.json"), "w", encoding="utf-8") as f:
        json.dump(gold, f, ensure_ascii=False, indent=2)
    with open(os.path.join(HERE, "gold_evidence.json"), "w", encoding="utf-8") as f:
        json.dump(ev, f, ensure_ascii=False, indent=2)
    n = sum(len(d["items"]) for d in gold["documents"])
    print("documents", len(gold["documents"]), "items", n)

if __name__ == "__main__":
    main()
