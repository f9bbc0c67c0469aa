#!/usr/bin/env python3
"""Build the spoken-water blind set: writes the 8 documents, gold.json and gold_evidence.json.

Each document is a list of rendered lines; a line may carry gold items, so gold line
numbers are computed, never typed. Due dates are written by hand (see README) and
re-checked by validate.py against the cn work calendar.
Run: python3 build.py   (no third-party packages needed)
"""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))


def I(task, owners, dept, due, q, *also):
    """A gold item. q: a quote that must occur on the gold line; also: supporting quotes elsewhere."""
    return {"task": task, "owners": owners, "department": dept, "due": due, "q": q, "also": list(also)}


class Doc:
    def __init__(self, fname, meeting_date, pass_md, encoding="utf-8", newline="\n", bom=False):
        self.fname, self.meeting_date, self.pass_md = fname, meeting_date, pass_md
        self.encoding, self.newline, self.bom = encoding, newline, bom
        self.lines = []  # (text, [items])

    def add(self, text, *items):
        self.lines.append((text, list(items)))

    def raw(self, block):
        for t in block.split("\n"):
            self.add(t)


def ts(sec, ms=None, sep="."):
    h, m, s = sec // 3600, sec % 3600 // 60, sec % 60
    if ms is None:
        return "%02d:%02d:%02d" % (h, m, s)
    return "%02d:%02d:%02d%s%03d" % (h, m, s, sep, ms)


DOCS = []

# ---------------------------------------------------------------------------
# 1. Feishu 妙记 export: speaker + timestamp line above the words. 2026-11-18 (Wed)
d = Doc("01_feishu_miaoji_winter_supply.txt", "2026-11-18", False)
d.raw("""冬季供水保障及低温应急准备会
2026年11月18日 14:30 | 46分12秒
参会人：周建华 陈杰 马超 杨帆 张伟明 刘小军 孙丽萍 胡斌 黄芳

关键词：
低温、冻管、投药、应急预案、抢修物资

文字记录：
""")
t = [3]
def fs(spk, text, *items):
    d.add("%s %s" % (spk, ts(t[0])[3:] if t[0] < 3600 else ts(t[0])))
    d.add(text, *items)
    d.add("")
    t[0] += 17 + len(text) // 3
fs("周建华", "嗯，那个人差不多了吧，我们开始。今天主要就是冬季供水保障，天气预报说下周有一波寒潮，那个，各个口子都说一下。")
fs("周建华", "先说厂里。去年寒潮那次我们二期加药间的管子冻裂了，然后出厂水浊度也有波动，这个大家都还记得。")
fs("陈杰", "对，水温一低，那个混凝效果就差。嗯，低温期的投加量调整方案我这周五之前出一版，给厂长看一下。",
   I("出低温期混凝剂投加量调整方案（给厂长审）", ["chenjie"], "plant", "2026-11-20", "低温期的投加量调整方案我这周五之前出一版"))
fs("周建华", "行。二期加热带上周已经装完了，这个不用再说了。马超，二期滤池反冲洗的周期，你下周一前按低温工况重新排一下。",
   I("按低温工况重新排二期滤池反冲洗周期", ["machao"], "plant", "2026-11-23", "马超，二期滤池反冲洗的周期，你下周一前按低温工况重新排一下", "好的好的，没问题，下周一给您"))
fs("马超", "好的好的，没问题，下周一给您。")
fs("张伟明", "管网这边我说一下。嗯，就是去年冻坏的主要是老城区那些明装的水表和立管。我们管网所月底前把暴露管段的保温包扎全部弄完。",
   I("完成暴露管段保温包扎", [], "network", "2026-11-30", "我们管网所月底前把暴露管段的保温包扎全部弄完"))
fs("周建华", "老城区那几个小区呢？")
fs("张伟明", "那个我让小刘去跑一下，下周三前把老城区明装水表的排查清单拉出来。",
   I("排查老城区明装水表并出清单", ["liuxiaojun"], "network", "2026-11-25", "我让小刘去跑一下，下周三前把老城区明装水表的排查清单拉出来"))
fs("刘小军", "嗯，好，我跟班组说。")
fs("周建华", "然后抢修物资的话，张工，你那边列个清单，后天之前给我。",
   I("列冬季抢修物资清单", ["zhangweiming"], "network", "2026-11-20", "抢修物资的话，张工，你那边列个清单，后天之前给我", "行，这个没问题"))
fs("张伟明", "行，这个没问题。")
fs("孙丽萍", "水质这边，低温期间余氯衰减慢一点，但是管网末梢要加测。我们水质中心明天中午前把加测点位表发给调度。",
   I("把低温期管网末梢加测点位表发给调度", [], "lab", "2026-11-19", "我们水质中心明天中午前把加测点位表发给调度"))
fs("杨帆", "好的收到。那个，调度这边低温期间的压力曲线，这个我来盯，夜里要是压力掉得厉害我直接打电话给厂里。",
   I("盯低温期间管网压力曲线", ["yangfan"], "dispatch", None, "调度这边低温期间的压力曲线，这个我来盯"))
fs("孙丽萍", "还有应急检测车上的试剂，我周四去跟采购那边确认一下到货时间。",
   I("跟采购确认应急检测车试剂到货时间", ["sunliping"], "lab", "2026-11-19", "应急检测车上的试剂，我周四去跟采购那边确认一下到货时间"))
fs("胡斌", "我插一句啊。那个，你们制水厂下周内把加药间和泵房的防冻保温自查做完，报我们安环部。",
   I("完成加药间和泵房防冻保温自查并报安环部", [], "plant", "2026-11-27", "你们制水厂下周内把加药间和泵房的防冻保温自查做完"))
fs("周建华", "可以可以。")
fs("黄芳", "热线这边，就是去年寒潮那两天热线打爆了，一天一千二百多个电话。停水和冻管的话术，我让宋佳改一下，11月25号前弄好。",
   I("修改停水和冻管咨询话术", ["songjia"], "hotline", "2026-11-25", "停水和冻管的话术，我让宋佳改一下，11月25号前弄好"))
fs("杨帆", "如果真降到零下十度的话，可能要考虑夜间降压，嗯，这个到时候看情况再说吧。")
fs("胡斌", "对，这个先不定。")
fs("周建华", "好，那就定了，今年寒潮预警一来就启动二级响应，各部门按预案走。阿杰，会后你把今天的纪要整理一下，今天下班前发群里。",
   I("整理本次会议纪要并发群里", ["chenjie"], "plant", "2026-11-18", "阿杰，会后你把今天的纪要整理一下，今天下班前发群里"))
fs("陈杰", "嗯好。")
fs("周建华", "下次碰头就下周三这个时间，散会。")
DOCS.append(d)

# ---------------------------------------------------------------------------
# 2. Tencent Meeting transcript: 「姓名(00:01:30)：…」. 2026-11-24 (Tue)
d = Doc("02_tencent_meeting_leakage.txt", "2026-11-24", False)
d.raw("""会议主题：管网漏损治理专题会
会议时间：2026/11/24 09:30-10:42 (GMT+08:00) 中国标准时间 - 北京
会议号：825 316 907
参会人：张伟明、郭涛、刘小军、贺建军、杨帆、钱俊、赵峰、许志刚、王磊、袁伟、冯敏、李国强、何静

文字转写（由腾讯会议生成，仅供参考）
""")
t = [12]
def tx(spk, text, *items):
    d.add("%s(%s)：%s" % (spk, ts(t[0]), text), *items)
    t[0] += 11 + len(text) // 2
tx("李国强", "喂，能听到吗？好，我们开始。今天就一个事，漏损。去年全集团漏损率百分之十四点几，省里考核要求明年降到百分之十二以内。")
tx("张伟明", "我先汇报一下。上个月我们已经修了37处暗漏，东片区的夜间流量降了一些，但是西片区基本没动。")
tx("何静", "我先回顾一下上次会上定的几件事：郭涛的阀门普查已经做完了，小刘那边听漏做了一半，采购的检漏仪参数上周也报上来了。")
tx("李国强", "东片区先做试点，这个定了。")
tx("张伟明", "郭涛，东片区DMA分区的夜间最小流量，你周五前拉一份给我。",
   I("拉东片区DMA分区夜间最小流量数据", ["guotao"], "network", "2026-11-27", "郭涛，东片区DMA分区的夜间最小流量，你周五前拉一份给我", "收到收到"))
tx("郭涛", "收到收到。")
tx("张伟明", "然后刘晓军，你这周内把东片区听漏再过一遍，重点是那个，就是主干管沿线。",
   I("东片区主干管沿线听漏复查", ["liuxiaojun"], "network", "2026-11-27", "刘晓军，你这周内把东片区听漏再过一遍"))
tx("刘小军", "好。")
tx("杨帆", "压力管理那块我来，嗯，下周二前出一个东片区分时调压的方案。",
   I("出东片区分时调压方案", ["yangfan"], "dispatch", "2026-12-01", "压力管理那块我来，嗯，下周二前出一个东片区分时调压的方案"))
tx("张伟明", "需要SCADA的数据，信息中心那边…")
tx("钱俊", "数据接口的事我让小唐去对一下，她比较熟。",
   I("对接SCADA数据接口（支持分时调压）", ["tangwei"], "it", None, "数据接口的事我让小唐去对一下"))
tx("张伟明", "好。还有就是，你们营业那边能不能把东片区大用户的抄表数据导一份？要做水量平衡。")
tx("许志刚", "可以，这个我让小王明天把抄表数据导出来发你。",
   I("导出东片区大用户抄表数据", ["wanglei"], "billing", "2026-11-25", "这个我让小王明天把抄表数据导出来发你"))
tx("王磊", "嗯嗯。")
tx("李国强", "水量平衡的报表，贺建军和王磊你们俩一起弄，下周五前给我。",
   I("编制东片区水量平衡报表", ["hejianjun", "wanglei"], None, "2026-12-04", "水量平衡的报表，贺建军和王磊你们俩一起弄，下周五前给我"))
tx("赵峰", "老旧管网改造那批，嗯，西片区那几条铸铁管，我们工程部月底前把施工图预算报上来。",
   I("上报西片区老旧铸铁管改造施工图预算", [], "eng", "2026-11-30", "我们工程部月底前把施工图预算报上来"))
tx("袁伟", "检漏仪的采购，我们采购这边12月4号前把招标文件挂出去。",
   I("挂出检漏仪招标文件", [], "purchase", "2026-12-04", "我们采购这边12月4号前把招标文件挂出去"))
tx("张伟明", "那个卫星检漏的方案呢？")
tx("李国强", "卫星检漏先不搞了，太贵，今年没这个预算。")
tx("冯敏", "漏损考核的奖惩细则我来牵头，财务这边12月10号之前出个初稿。",
   I("牵头起草漏损考核奖惩细则初稿", ["fengmin"], "fin", "2026-12-10", "漏损考核的奖惩细则我来牵头，财务这边12月10号之前出个初稿"))
tx("贺建军", "要是明年漏损率能压到百分之十以下，可以申请省里的节水奖补，这个可以先了解一下。")
tx("李国强", "嗯，那是后话。张工，下周一的总经理办公会上你汇报一下漏损治理的进展。",
   I("在总经理办公会上汇报漏损治理进展", ["zhangweiming"], "network", "2026-11-30", "张工，下周一的总经理办公会上你汇报一下漏损治理的进展"))
tx("张伟明", "好的李总。")
tx("李国强", "何静，你明天把下次专题会的会议通知发出去。下次会就下周四，还是这个时间。",
   I("发出下次漏损专题会的会议通知", ["hejing"], "office", "2026-11-25", "何静，你明天把下次专题会的会议通知发出去"))
tx("何静", "好的。")
DOCS.append(d)

# ---------------------------------------------------------------------------
# 3. DingTalk meeting minutes (钉钉闪记) with AI summary then 发言记录. 2026-12-03 (Thu)
d = Doc("03_dingtalk_hotline_arrears.txt", "2026-12-03", False)
d.raw("""钉钉闪记 | 会议纪要
会议主题：热线工单积压与欠费停水投诉分析会
会议时间：2026-12-03 15:00 ~ 16:05
发起人：黄芳
参会人：黄芳、邓丽、宋佳、许志刚、罗婷、钱俊、林晓东、田梅、吴晓燕

智能摘要：
会议回顾了11月热线工单积压及欠费停水引发的投诉情况，讨论了催缴流程、工单系统派单问题、坐席缺员和媒体舆情应对。

发言记录：""")
t = [5]
def dt(spk, text, *items):
    d.add("[%s] %s：%s" % (ts(t[0]), spk, text), *items)
    t[0] += 9 + len(text) // 2
dt("黄芳", "好，开始吧。11月热线一共受理了一万三千多个，嗯，超过48小时没回访的还有两百多单。")
dt("黄芳", "邓丽，积压的那批，就是超过48小时的，你明天下班前全部回访完。",
   I("回访完积压超48小时的工单", ["dengli"], "hotline", "2026-12-04", "邓丽，积压的那批，就是超过48小时的，你明天下班前全部回访完", "好的芳姐"))
dt("邓丽", "好的芳姐，我们排一下班。")
dt("许志刚", "投诉里面欠费停水的占了快一半。催缴短信那个模板太硬了，我们营业部下周三前改好。",
   I("修改欠费催缴短信模板", [], "billing", "2026-12-09", "催缴短信那个模板太硬了，我们营业部下周三前改好"))
dt("黄芳", "对，就是很多老人根本不知道自己欠费。")
dt("许志刚", "那就这么定，以后欠费停水前必须电话提醒两次。")
dt("罗婷", "停水前的电话提醒，这个我来盯。")
dt("黄芳", "还有派单的问题，系统老是把东片区的单子派到西片区去。")
dt("钱俊", "那个是自动派单规则的bug，上周三升级以后出的。晓东，你两个工作日内修掉。",
   I("修复工单系统自动派单规则bug", ["linxiaodong"], "it", "2026-12-07", "晓东，你两个工作日内修掉", "行，我今天先看日志"))
dt("林晓东", "行，我今天先看日志。")
dt("黄芳", "另外，你们信息中心能不能在12月15号前把热线和营业系统的用户信息打通？现在坐席要开两个系统查。",
   I("打通热线系统与营业收费系统的用户信息", [], "it", "2026-12-15", "你们信息中心能不能在12月15号前把热线和营业系统的用户信息打通", "可以，我们排一下"))
dt("钱俊", "可以，我们排一下。")
dt("田梅", "坐席缺两个人对吧？热线缺的两个坐席，我们人力月底前招到位。",
   I("招聘两名热线坐席", [], "hr", "2026-12-31", "热线缺的两个坐席，我们人力月底前招到位"))
dt("黄芳", "那太好了。宋嘉，你把十一月的投诉分类统计做一下，下周一给我。",
   I("做11月投诉分类统计", ["songjia"], "hotline", "2026-12-07", "宋嘉，你把十一月的投诉分类统计做一下，下周一给我"))
dt("宋佳", "好。")
dt("吴晓燕", "媒体曝光的那两个事情，综合办这边我来对接宣传口径，周五前出一个回应稿。",
   I("对接宣传口径并出媒体回应稿", ["wuxiaoyan"], "office", "2026-12-04", "综合办这边我来对接宣传口径，周五前出一个回应稿"))
dt("黄芳", "如果下个月还积压的话，可以考虑把夜班坐席外包出去，这个先不定。")
dt("许志刚", "嗯，那个，停水流程调整的事，我周一去跟李总汇报一下。",
   I("向李总汇报停水流程调整", ["xuzhigang"], "billing", "2026-12-07", "停水流程调整的事，我周一去跟李总汇报一下"))
dt("吴晓燕", "下周四再碰一次吧，我让何静今天把会议室订了。",
   I("预订下周四复盘会的会议室", ["hejing"], "office", "2026-12-03", "我让何静今天把会议室订了"))
dt("黄芳", "好，今天先这样。")
DOCS.append(d)
# 罗婷's 「这个我来盯」 line is gold (owner = speaker, no date)
d.lines[[i for i, (x, _) in enumerate(d.lines) if "这个我来盯" in x][0]] = (
    d.lines[[i for i, (x, _) in enumerate(d.lines) if "这个我来盯" in x][0]][0],
    [I("盯欠费停水前的两次电话提醒", ["luoting"], "billing", None, "停水前的电话提醒，这个我来盯")])

# ---------------------------------------------------------------------------
# 4. Microsoft Teams .vtt with <v Name> voices. No date in the file. 2026-12-09 (Wed)
d = Doc("04_teams_scada_platform.vtt", "2026-12-09", True)
d.add("WEBVTT")
d.add("")
t = [3]
n = [0]
def tv(spk, text, *items, multi=None):
    n[0] += 1
    d.add("4f2a9c1e-7b3d-4e8a-9d61-%012d/%d-0" % (n[0] * 7919, n[0] % 37))
    d.add("%s --> %s" % (ts(t[0], 120 * (n[0] % 8)), ts(t[0] + 4 + len(text) // 6, 480)))
    if multi:
        d.add(multi, *items)
    else:
        d.add("<v %s>%s</v>" % (spk, text), *items)
    d.add("")
    t[0] += 6 + len(text) // 6
tv("钱俊", "嗯，好，我们开始。今天主要对一下SCADA和智慧水务平台的对接进度。")
tv("钱俊", "上周我们已经把一期的RTU全部换完了，这个大家知道。")
tv("钱俊", "Vivian，那个OPC接口的点表你周五前整理完。",
   I("整理OPC接口点表", ["tangwei"], "it", "2026-12-11", "Vivian，那个OPC接口的点表你周五前整理完", "OK，没问题"))
tv("唐薇", "OK，没问题。")
tv("杨帆", "调度这边，嗯，报警阈值那个表我明天中午前发给你们。",
   I("把报警阈值表发给信息中心", ["yangfan"], "dispatch", "2026-12-10", "报警阈值那个表我明天中午前发给你们"))
tv("", "", multi="<v 林晓东>我这边数据库——</v><v 曹阳>等一下，我先说一下切换的事。</v>")
tv("杨帆", "切换演练的话，我让曹阳下周一晚上值班的时候配合做一次。",
   I("下周一夜班配合做一次平台切换演练", ["caoyang"], "dispatch", "2026-12-14", "我让曹阳下周一晚上值班的时候配合做一次"))
tv("周建华", "水厂这边，我们下周内把二期的PLC程序备份拷出来。",
   I("拷出二期PLC程序备份", [], "plant", "2026-12-18", "我们下周内把二期的PLC程序备份拷出来"))
tv("周建华", "阿杰，厂里加药的那几个在线仪表，你跟Alex对一下点位，下周三前。",
   I("与信息中心核对加药在线仪表点位", ["chenjie"], "plant", "2026-12-16", "阿杰，厂里加药的那几个在线仪表，你跟Alex对一下点位，下周三前"))
tv("陈杰", "嗯，好的。")
tv("彭飞", "水质在线仪表那几个余氯仪的历史数据，我们水质中心下周一前补传到平台上。",
   I("补传余氯在线仪表历史数据到平台", [], "lab", "2026-12-14", "我们水质中心下周一前补传到平台上"))
tv("钱俊", "平台的用户操作手册谁来写一下？")
tv("夏雨", "我来吧，我先写调度模块的，下周五前。",
   I("编写平台调度模块用户操作手册", ["xiayu"], "dispatch", "2026-12-18", "我来吧，我先写调度模块的，下周五前", "平台的用户操作手册谁来写一下？"))
tv("林晓东", "数据库扩容我来提申请，这周内。",
   I("提交数据库扩容申请", ["linxiaodong"], "it", "2026-12-11", "数据库扩容我来提申请，这周内"))
tv("胡斌", "等保测评那个，你们信息中心12月25号前要把整改报告交上来啊。",
   I("提交等保测评整改报告", [], "it", "2026-12-25", "你们信息中心12月25号前要把整改报告交上来"))
tv("钱俊", "好。然后工控防火墙的采购，我回头让采购部邱凯催一下厂家，争取月底前到货。",
   I("催厂家工控防火墙到货", ["qiukai"], "purchase", "2026-12-31", "我回头让采购部邱凯催一下厂家，争取月底前到货"))
tv("钱俊", "平台上线时间还是定在1月18号，这个不变。")
tv("杨帆", "要是厂家来不及，那可能得推到春节后，但这个现在也说不准。")
tv("钱俊", "嗯，先按1月18号准备。好，今天就到这儿。")
DOCS.append(d)

# ---------------------------------------------------------------------------
# 5. .srt, names in the cue text, UTF-8 BOM, one two-line cue. No date. 2026-12-15 (Tue)
d = Doc("05_safety_winter_check.srt", "2026-12-15", True, bom=True)
t = [1]
n = [0]
def sr(text, *items, second=None, items2=()):
    n[0] += 1
    d.add(str(n[0]))
    d.add("%s --> %s" % (ts(t[0], 0, ","), ts(t[0] + 5, 200, ",")))
    d.add(text, *items)
    if second is not None:
        d.add(second, *items2)
    d.add("")
    t[0] += 7
sr("胡斌：好，冬季安全生产检查部署，开始。上周的消防检查发现了十一项问题，已经整改了九项。")
sr("胡斌：剩下两项问题的整改我来盯。",
   I("盯剩余两项消防检查问题的整改", ["hubin"], "safety", None, "剩下两项问题的整改我来盯"))
sr("胡斌：潘勇，加氯间的泄漏报警器，你周四前全部测一遍。",
   I("测试加氯间全部泄漏报警器", ["panyong"], "safety", "2026-12-17", "潘勇，加氯间的泄漏报警器，你周四前全部测一遍", "好的胡部"))
sr("潘勇：好的胡部。")
sr("方圆：有限空间作业的台账我来补，",
   I("补齐有限空间作业台账", ["fangyuan"], "safety", "2026-12-21", "有限空间作业的台账我来补", "下周一给您"),
   second="下周一给您。")
sr("胡斌：你们管网所抢修现场的围挡和警示灯，这个月底前要配齐。")
sr("张伟明：没问题，围挡和警示灯我让郭涛这个月底前配齐。",
   I("配齐抢修现场围挡和警示灯", ["guotao"], "network", "2026-12-31", "围挡和警示灯我让郭涛这个月底前配齐", "你们管网所抢修现场的围挡和警示灯，这个月底前要配齐"))
sr("胡斌：老周，次氯酸钠储罐围堰那个整改，你下周内弄完。",
   I("完成次氯酸钠储罐围堰整改", ["zhoujianhua"], "plant", "2026-12-25", "老周，次氯酸钠储罐围堰那个整改，你下周内弄完"))
sr("周建华：嗯，行。")
sr("李国强：元旦期间的值班表，综合办12月25号前排出来。",
   I("排出元旦期间值班表", [], "office", "2026-12-25", "元旦期间的值班表，综合办12月25号前排出来"))
sr("田梅：特种作业证到期的那几个，我们人力这周五前把复审报名报上去。",
   I("上报特种作业证到期人员复审报名", [], "hr", "2026-12-18", "我们人力这周五前把复审报名报上去"))
sr("田梅：复审培训的课，我让董亮去联系，12月30号前定下来。",
   I("联系并落实特种作业复审培训课程", ["dongliang"], "hr", "2026-12-30", "复审培训的课，我让董亮去联系，12月30号前定下来"))
sr("胡斌：消防演练的方案方圆来写，演练物资谢娜那边准备，都是下周三前。",
   I("编写消防演练方案", ["fangyuan"], "safety", "2026-12-23", "消防演练的方案方圆来写"),
   I("准备消防演练物资", ["xiena"], "purchase", "2026-12-23", "演练物资谢娜那边准备"))
sr("胡斌：要是有寒潮的话，可能还要再加一次夜查，到时候再说。")
sr("胡斌：那个外请的安全培训先不弄了，明年再看。")
sr("李国强：今年冬季安全检查按周通报，这个定了。散会。")
DOCS.append(d)

# ---------------------------------------------------------------------------
# 6. Raw ASR dump, GBK, 说话人N labels, names only when addressed. 2026-12-29 (Tue), before New Year
# 说话人1 = 许志刚 (许经理/徐经理), 说话人2 = 王磊 (小王), 说话人3 = 冯敏 (冯经理), 说话人4 = 罗婷 (婷婷)
d = Doc("06_asr_raw_billing_yearend.txt", "2026-12-29", False, encoding="gbk")
d.raw("""[录音文件] 20261229_营业收费年底冲刺会.m4a
[识别时间] 2026-12-29 16:20:33
[识别引擎] 通用普通话 v3.2  说话人分离:开启  标点:自动
""")
t = [1]
def asr(spk, text, *items):
    d.add("说话人%d %s" % (spk, ts(t[0])))
    d.add(text, *items)
    t[0] += 8 + len(text) // 2
asr(1, "喂 喂 能听到吗 好 那我们开始 就是年底了 收费率这个 去年这个时候我们是百分之九十六点二 今年现在才九十四")
asr(1, "小王 那个集团大客户的欠费清单 你明天上午弄出来给我",
    I("整理集团大客户欠费清单", ["wanglei"], "billing", "2026-12-30", "小王 那个集团大客户的欠费清单 你明天上午弄出来给我", "好的徐经理"))
asr(2, "好的徐经理 然后那个银行代扣失败的那批 我两个工作日内重新推一遍",
    I("重新推送银行代扣失败的扣款", ["wanglei"], "billing", "2026-12-31", "银行代扣失败的那批 我两个工作日内重新推一遍"))
asr(1, "嗯 冯经理 你们财务那边年度的收费对账呢")
asr(3, "财务这边 年度收费的对账 我们三个工作日内跟你们对完",
    I("完成年度收费对账", [], "fin", "2027-01-04", "年度收费的对账 我们三个工作日内跟你们对完"))
asr(3, "还有坏账核销的材料 我下周五前整理好报集团",
    I("整理坏账核销材料报集团", ["fengmin"], "fin", "2027-01-08", "坏账核销的材料 我下周五前整理好报集团"))
asr(3, "还有代收手续费那个 我让姚红明天付给银行",
    I("向银行支付代收手续费", ["yaohong"], "fin", "2026-12-30", "代收手续费那个 我让姚红明天付给银行"))
asr(1, "行 停水通知上周已经都发了 这个不说了 婷婷 节前你把营业厅元旦值班的排班贴出来",
    I("张贴营业厅元旦值班排班", ["luoting"], "billing", "2026-12-31", "婷婷 节前你把营业厅元旦值班的排班贴出来", "好的"))
asr(4, "好的 那个 还有阶梯水价调整的告知书 我下周三前印好")
asr(1, "嗯 元旦三天营业厅不开门 线上缴费照常 这个定了")
asr(2, "那个 要是一月份还收不上来 是不是要走法院强制执行")
asr(1, "这个再说 先不考虑 然后电子发票系统年底切换的事 我去找信息中心钱主任说一下 这个我来盯",
    I("协调信息中心完成电子发票系统年底切换", ["xuzhigang"], "billing", None, "电子发票系统年底切换的事 我去找信息中心钱主任说一下 这个我来盯"))
asr(1, "还有热线那边 我让黄主任把欠费咨询的话术更新一下 下周一前",
    I("更新热线欠费咨询话术", ["huangfang"], "hotline", "2027-01-04", "我让黄主任把欠费咨询的话术更新一下 下周一前"))
asr(2, "我们收费组 元旦后第一个工作日 把十二月的收费日报汇总出来")
asr(4, "嗯 那个营业厅的POS机 有一台坏了 我今天已经报修了")
asr(1, "好 今天就这样 大家辛苦")
DOCS.append(d)
for i, (x, _) in enumerate(d.lines):
    if "我们收费组 元旦后第一个工作日" in x:
        d.lines[i] = (x, [I("汇总十二月收费日报", [], "billing", "2027-01-04", "我们收费组 元旦后第一个工作日 把十二月的收费日报汇总出来")])
# 说话人4's 阶梯水价 line: owner = 罗婷 (identified as 婷婷 by the previous turn)
for i, (x, _) in enumerate(d.lines):
    if "阶梯水价调整的告知书" in x:
        d.lines[i] = (x, [I("印好阶梯水价调整告知书", ["luoting"], "billing", "2027-01-06", "阶梯水价调整的告知书 我下周三前印好")])

# ---------------------------------------------------------------------------
# 7. Zoom transcript; the only date is in the file name (GMT 01:30 = 09:30 Beijing). 2026-12-01 (Tue)
d = Doc("GMT20261201-013000_Recording.transcript.vtt", "2026-12-01", False)
d.add("WEBVTT")
d.add("")
t = [2]
n = [0]
def zm(spk, text, *items):
    n[0] += 1
    d.add(str(n[0]))
    d.add("%s --> %s" % (ts(t[0], 310), ts(t[0] + 3 + len(text) // 6, 950)))
    d.add("%s: %s" % (spk, text), *items)
    d.add("")
    t[0] += 5 + len(text) // 6
zm("赵峰", "嗯好，那个我们开始，城东加压泵站的推进会。上个月底基坑已经回填完了，主体现在在做二层。")
zm("李国强", "节点目标是年底通水，泵站定在12月28号试运行，这个不能再拖。")
zm("赵峰", "钟明，泵站主体的进度计划你周四前更新一版。",
   I("更新泵站主体进度计划", ["zhongming"], "eng", "2026-12-03", "钟明，泵站主体的进度计划你周四前更新一版", "好嘞"))
zm("钟明", "好嘞。")
zm("蒋宏", "电气设备的到货验收我来跟，下周二前。",
   I("跟进电气设备到货验收", ["jianghong"], "eng", "2026-12-08", "电气设备的到货验收我来跟，下周二前"))
zm("赵峰", "你们采购部那个水泵的合同，月底前一定要签下来。",
   I("签订泵站水泵采购合同", [], "purchase", "2026-12-31", "你们采购部那个水泵的合同，月底前一定要签下来", "好，我们尽量"))
zm("袁伟", "好，我们尽量。")
zm("杨帆", "泵站投运前调度这边要做联调方案，我们12月18号前出。",
   I("出泵站投运联调方案", [], "dispatch", "2026-12-18", "泵站投运前调度这边要做联调方案，我们12月18号前出"))
zm("李国强", "吴主任，下周一之前你把这个项目报市里的专报起草好。",
   I("起草泵站项目报市里的专报", ["wuxiaoyan"], "office", "2026-12-07", "吴主任，下周一之前你把这个项目报市里的专报起草好"))
zm("吴晓燕", "好的李总。")
zm("赵峰", "进度款那个，我跟财务程琳说一下，让她三个工作日内把进度款付了。",
   I("支付城东泵站工程进度款", ["chenglin"], "fin", "2026-12-04", "我跟财务程琳说一下，让她三个工作日内把进度款付了"))
zm("胡斌", "施工现场的安全交底，你们工程部明天之前再做一次，上次检查发现有工人没戴安全带。",
   I("重新做一次施工现场安全交底", [], "eng", "2026-12-02", "施工现场的安全交底，你们工程部明天之前再做一次"))
zm("赵峰", "还有江宏，变压器增容的申请，你这周五前报到供电局。",
   I("向供电局报变压器增容申请", ["jianghong"], "eng", "2026-12-04", "江宏，变压器增容的申请，你这周五前报到供电局"))
zm("赵峰", "如果十二月中旬降温，混凝土养护可能要加保温，这个看天气再说。")
zm("赵峰", "原来说的外立面亮化先不做了，等明年预算。")
zm("赵峰", "中明，那个管线迁改跟燃气公司的协调，你也一起跟一下。",
   I("协调燃气公司做管线迁改", ["zhongming"], "eng", None, "中明，那个管线迁改跟燃气公司的协调，你也一起跟一下"))
zm("钟明", "嗯，行。")
zm("李国强", "好，就这样。")
DOCS.append(d)

# ---------------------------------------------------------------------------
# 8. English call transcript (.txt), a few Chinese names, external vendor. 2026-12-10 (Thu), CRLF
d = Doc("08_ami_vendor_sync_en.txt", "2026-12-10", False, newline="\r\n")
d.raw("""AMI Smart Meter Pilot - Weekly Vendor Sync (call transcript)
Date: Dec 10, 2026, 10:00-10:50 (Beijing time)
Attendees: Jason Qian, Alex Lin, Vivian Tang, 许志刚, 王磊, William Yuan, 杨帆, David Miller (HydroMet), Priya Nair (HydroMet)
""")
t = [4]
def en(spk, text, *items):
    d.add("[%s] %s: %s" % (ts(t[0]), spk, text), *items)
    t[0] += 6 + len(text) // 10
en("Jason Qian", "Okay, um, let's get started. Quick recap first: we already installed 120 units in the Riverside block last week, and the read rate is about 97 percent.")
en("David Miller", "Yeah, that matches what we see on our side.")
en("Jason Qian", "Alex, can you get the head-end API credentials to David's team by tomorrow?",
   I("Send head-end API credentials to the vendor team", ["linxiaodong"], "it", "2026-12-11", "Alex, can you get the head-end API credentials to David's team by tomorrow?", "Sure, will do"))
en("Alex Lin", "Sure, will do.")
en("Vivian Tang", "I'll draft the data mapping for the billing interface by next Wednesday.",
   I("Draft the data mapping for the billing interface", ["tangwei"], "it", "2026-12-16", "I'll draft the data mapping for the billing interface by next Wednesday"))
en("许志刚", "On our side, 王磊 will pull the list of the two thousand pilot accounts, by Monday.",
   I("Pull the list of the 2,000 pilot accounts", ["wanglei"], "billing", "2026-12-14", "王磊 will pull the list of the two thousand pilot accounts, by Monday"))
en("David Miller", "Great. And we'll ship the remaining 500 meters by December 18.",
   I("Ship the remaining 500 meters (vendor HydroMet)", [], None, "2026-12-18", "we'll ship the remaining 500 meters by December 18"))
en("William Yuan", "Procurement will issue the PO for phase two within three business days.",
   I("Issue the PO for phase two", [], "purchase", "2026-12-15", "Procurement will issue the PO for phase two within three business days"))
en("Jason Qian", "So we're going with NB-IoT, not LoRa. That's decided.")
en("Jason Qian", "杨帆, could you set up the pressure logging at the two DMA sites by end of next week? Before the install starts.",
   I("Set up pressure logging at the two DMA sites", ["yangfan"], "dispatch", "2026-12-18", "杨帆, could you set up the pressure logging at the two DMA sites by end of next week?", "OK, no problem"))
en("杨帆", "OK, no problem.")
en("Priya Nair", "If the pilot goes well, you might extend it to the whole east district next year.")
en("Jason Qian", "Maybe, but nobody's committing to that yet.")
en("Jason Qian", "I'll follow up with Legal on the data privacy clause.",
   I("Follow up with Legal on the data privacy clause", ["qianjun"], "it", None, "I'll follow up with Legal on the data privacy clause"))
en("许志刚", "And I'll ask 芳姐 to brief the hotline agents on the pilot before the installs start, by the 17th.",
   I("Brief the hotline agents on the AMI pilot", ["huangfang"], "hotline", "2026-12-17", "I'll ask 芳姐 to brief the hotline agents on the pilot before the installs start, by the 17th"))
en("Alex Lin", "I'll also set up the VPN account for HydroMet, as soon as possible.",
   I("Set up the VPN account for HydroMet", ["linxiaodong"], "it", None, "I'll also set up the VPN account for HydroMet, as soon as possible"))
en("Jason Qian", "Vivian, please book the training room and send the invite by this Friday.",
   I("Book the training room and send the invite", ["tangwei"], "it", "2026-12-11", "Vivian, please book the training room and send the invite by this Friday"))
en("Vivian Tang", "Got it.")
en("Jason Qian", "Next sync same time next Thursday. Thanks everyone.")
DOCS.append(d)


# ---------------------------------------------------------------------------
def main():
    gold = {"org": "org.yaml", "documents": []}
    evid = {"documents": []}
    for d in DOCS:
        texts = [x for x, _ in d.lines]
        body = d.newline.join(texts) + d.newline
        data = body.encode(d.encoding)  # GBK file: fails loudly if a character is not GBK
        if d.bom:
            data = b"\xef\xbb\xbf" + data
        with open(os.path.join(HERE, d.fname), "wb") as f:
            f.write(data)
        items, ev = [], []
        for i, (x, its) in enumerate(d.lines, 1):
            for it in its:
                assert it["q"] in x, (d.fname, i, it["q"])
                for a in it["also"]:
                    assert a in body, (d.fname, a)
                items.append({"task": it["task"], "owners": it["owners"], "department": it["department"],
                              "due": it["due"], "line": i})
                ev.append({"line": i, "task": it["task"], "quotes": [it["q"]] + it["also"]})
        gold["documents"].append({"file": d.fname, "meeting_date": d.meeting_date,
                                  "pass_meeting_date": d.pass_md, "items": items})
        evid["documents"].append({"file": d.fname, "encoding": d.encoding, "items": ev})
        print("%-48s %-5s %2d items" % (d.fname, d.encoding, len(items)))
    with open(os.path.join(HERE, "gold.json"), "w", encoding="utf-8") as f:
        json.dump(gold, f, ensure_ascii=False, indent=2)
    with open(os.path.join(HERE, "gold_evidence.json"), "w", encoding="utf-8") as f:
        json.dump(evid, f, ensure_ascii=False, indent=2)
    print("total", sum(len(x["items"]) for x in gold["documents"]))


if __name__ == "__main__":
    main()
