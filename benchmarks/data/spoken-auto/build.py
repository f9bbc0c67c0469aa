#!/usr/bin/env python3
"""Regenerate the spoken-auto blind set: the 8 transcript files, gold.json and
gold_evidence.json.

Each meeting is a list of turns (speaker, text, items). An item names its task,
owners, department, a due-date *rule* (resolved here on the cn work calendar
against the meeting date, following ANNOTATION.md) and the evidence quotes; the
first quote must sit on exactly one line of the rendered file and that line is
the gold `line`.

Usage: python build.py        (writes into the directory of this script)
"""
import calendar
import datetime as dt
import json
import os
import uuid

import chinese_calendar

HERE = os.path.dirname(os.path.abspath(__file__))
D = dt.date


# --------------------------------------------------------------------------- dates
def is_workday(d):
    return chinese_calendar.is_workday(d)


def resolve(rule, m):
    """rule: None | 'today' | 'tomorrow' | 'after2' | ('wd', n) 周X | ('nextwd', n) 下周X
    | 'eow' 本周内 | 'nextweek' 下周内 | 'eom' 月底 | 'eoy' 年底 | ('date', y, mo, d)
    | ('workdays', n) | ('days', n).  Weekday n: 0 = Monday."""
    if rule is None:
        return None
    if rule == 'today':
        return m
    if rule == 'tomorrow':
        return m + dt.timedelta(1)
    if rule == 'after2':
        return m + dt.timedelta(2)
    if rule == 'eow':
        return m + dt.timedelta(4 - m.weekday())
    if rule == 'nextweek':
        return m + dt.timedelta(4 - m.weekday() + 7)
    if rule == 'eom':
        return D(m.year, m.month, calendar.monthrange(m.year, m.month)[1])
    if rule == 'eoy':
        return D(m.year, 12, 31)
    kind = rule[0]
    if kind == 'wd':
        d = m + dt.timedelta(rule[1] - m.weekday())
        return d if d >= m else d + dt.timedelta(7)
    if kind == 'nextwd':
        return m + dt.timedelta(rule[1] - m.weekday() + 7)
    if kind == 'date':
        return D(rule[1], rule[2], rule[3])
    if kind == 'days':
        return m + dt.timedelta(rule[1])
    if kind == 'workdays':
        d, n = m, 0
        while n < rule[1]:
            d += dt.timedelta(1)
            if is_workday(d):
                n += 1
        return d
    raise ValueError(rule)


def I(task, owners, dept, due, *quotes, note=None):
    return dict(task=task, owners=list(owners), department=dept, due=due,
                quotes=list(quotes), note=note)


# --------------------------------------------------------------------- timestamps
def clock(texts, start=3.0, cps=4.2, gap=0.6):
    """Fake but monotone (start, end) seconds for each text."""
    out, t = [], start
    for x in texts:
        dur = max(1.2, len(x) / cps)
        out.append((t, t + dur))
        t += dur + gap
    return out


def hms(s, sep='.', ms=True):
    h, r = divmod(int(s), 3600)
    mi, se = divmod(r, 60)
    frac = int(round((s - int(s)) * 1000)) % 1000
    return f"{h:02d}:{mi:02d}:{se:02d}" + (f"{sep}{frac:03d}" if ms else "")


# =================================================================== M1 Feishu 妙记
M1 = dict(
    file="飞书妙记_北辰X7项目APQP周例会_文字记录.txt", date="2026-11-18", pass_date=False,
    encoding="utf-8", newline="\n",
    turns=[
        ("吴昊", "嗯喂，能听到吗？好好，那我们开始吧，人差不多了。今天主要是过一下X7后地板的OTS进度，然后PPAP的时间节点北辰那边又催了。", []),
        ("陈曦", "对，北辰那边OTS样件要求12月4号之前送到他们试制车间。然后他们那个SQE说PPAP文件包要在12月18号前提交，我这边会把PPAP的清单先拉出来，周五前发群里。",
         [I("拉出X7后地板PPAP文件清单并发群里", ["chenxi"], "pm", ("wd", 4), "我这边会把PPAP的清单先拉出来，周五前发群里")]),
        ("吴昊", "好。王鹏，冲压这边呢？", []),
        ("王鹏", "冲压这边嗯，后地板那个件的回弹还是有点大，就是R角那里，我们这周又调了一次。现在CMM测下来还有三个点超差。", []),
        ("蒋涛", "那个模具我们要再修一次型面，这个我来盯，下周三之前给你们出T3的件。",
         [I("再修一次后地板模具型面并出T3的件", ["jiangtao"], "tool", ("nextwd", 2), "这个我来盯，下周三之前给你们出T3的件")]),
        ("吴昊", "好。那检具呢？检具供应商那边到底什么时候能来？上次说的是这周。", []),
        ("罗明", "检具那个，呃，昨天我问了，他们说下周内到厂。我再催一下，让他们给个准确日子，明天给你回复。",
         [I("催检具供应商给出准确到厂日期并回复吴昊", ["luoming"], "scm", "tomorrow", "让他们给个准确日子，明天给你回复")]),
        ("吴昊", "嗯行。王工，焊装夹具那边呢？", []),
        ("王志勇", "夹具上周已经验收完了，这个没问题。就是节拍，现在是68秒，北辰要求是60秒。", []),
        ("吴昊", "那差八秒啊。", []),
        ("王志勇", "对，我们在想把两个补焊点挪到机器人工位，嗯，这个得胡磊那边改程序。", []),
        ("吴昊", "胡磊今天没来是吧。那王工你回去跟胡磊对一下，月底前把节拍优化方案拿出来。",
         [I("与胡磊对接，拿出焊装节拍优化方案", ["wangzhiyong"], "weld", "eom", "那王工你回去跟胡磊对一下，月底前把节拍优化方案拿出来")]),
        ("王志勇", "行。", []),
        ("李红梅", "质量这边我说两句。OTS的全尺寸报告，还有材料的那个……材质报告，张伟你这边要在送样前准备好，就是12月3号之前。",
         [I("准备OTS全尺寸报告和材质报告", ["zhangwei"], "qa", ("date", 2026, 12, 3), "张伟你这边要在送样前准备好，就是12月3号之前")]),
        ("张伟", "嗯好的，材质报告我得找罗明要钢厂的质保书。", []),
        ("罗明", "质保书我今天就发你。",
         [I("把钢厂质保书发给张伟", ["luoming"], "scm", "today", "质保书我今天就发你")]),
        ("李红梅", "还有那个PFMEA，上次评审提的那几条，嗯，严重度九的那两条，措施还没落地。你们冲压这边要在下周五前把控制计划更新掉。",
         [I("按PFMEA评审意见更新冲压控制计划", [], "pe", ("nextwd", 4), "你们冲压这边要在下周五前把控制计划更新掉")]),
        ("王鹏", "好，我们来改。那个……梅姐，严重度九那两条是哪两条来着？", []),
        ("李红梅", "就是毛刺和开裂那两条，评审记录里都有。", []),
        ("谢云", "我插一句啊，北辰采购那边昨天打电话，说X7的年降要谈，让我们报一下明年的价格。", []),
        ("吴昊", "这个不是今天的议题吧，嗯……", []),
        ("谢云", "对对，我就是说一下。那个报价我们销售这边先出一版，下周二前给北辰，到时候要财务配合一下。",
         [I("出X7明年价格（年降）报价第一版并给北辰", [], "sales", ("nextwd", 1), "那个报价我们销售这边先出一版，下周二前给北辰")]),
        ("唐欣", "计划这边，OTS送样的车我来安排，就12月3号下午装车，4号早上到北辰。",
         [I("安排OTS送样车辆（12月3日下午装车）", ["tangxin"], "plc", ("date", 2026, 12, 3), "OTS送样的车我来安排，就12月3号下午装车")]),
        ("谢云", "还有包装，北辰要确认OTS的包装方案。唐欣你把包装图给我，我转给北辰。",
         [I("把OTS包装图发给谢云（转北辰确认）", ["tangxin"], "plc", "tomorrow", "唐欣你把包装图给我，我转给北辰", "行，我明天下班前发你",
            note="ask names the owner and the task; the due date comes from the reply on the next line")]),
        ("唐欣", "行，我明天下班前发你。", []),
        ("吴昊", "那个，试生产的时候要不要请北辰的SQE过来现场看一下？", []),
        ("陈曦", "我觉得可以，但是他们最近好像挺忙的。", []),
        ("吴昊", "那就先不请了，等PPAP审核的时候再说。", []),
        ("李红梅", "另外IATF的内审下个月开始，这个跟X7没关系，会后单独说，今天不展开。", []),
        ("吴昊", "好。那最后我总结一下啊，OTS 12月4号到北辰，PPAP 12月18号提交，这两个节点不能动。今天的会议纪要我来发，今天下班前。",
         [I("整理并发出本次会议纪要", ["wuhao"], "pm", "today", "今天的会议纪要我来发，今天下班前")]),
        ("陈曦", "嗯。", []),
        ("吴昊", "然后下次周会改到下周四上午，陈曦你帮忙订一下会议室。",
         [I("预订下次周会（下周四上午）的会议室", ["chenxi"], "pm", None, "陈曦你帮忙订一下会议室")]),
        ("陈曦", "好的好的。", []),
        ("吴昊", "行，那散会，谢谢大家。", []),
    ],
)


def render_feishu(doc):
    texts = [t[1] for t in doc["turns"]]
    lines = ["北辰X7项目APQP周例会", "2026年11月18日 下午 2:30|52分钟 37秒", "",
             "关键词:", "OTS、PPAP、后地板、节拍、检具、控制计划、年降", "", "文字记录:", ""]
    for (spk, text, _), (s, _) in zip(doc["turns"], clock(texts, start=4.0, cps=3.6)):
        lines += [f"{spk} {hms(s, ms=False)}", text, ""]
    return lines


# ================================================================ M2 Tencent Meeting
M2 = dict(
    file="腾讯会议_焊装二线停线8D复盘会_转写.txt", date="2026-12-01", pass_date=False,
    encoding="utf-8", newline="\r\n",
    turns=[
        ("陈建华", "嗯，那个，人都到了吧？曹阳到了没？好，那开始。今天主要复盘一下上礼拜四焊装二线停线那个事，东岳那边已经正式发了8D。", []),
        ("曹阳-质量部", "到了到了。", []),
        ("高明", "今天好冷啊，车间暖气还没开吗？", []),
        ("陈建华", "说是这周开。好，先说D3，临时措施已经做完了，库存那批件全部凿检过了，在途的也拦下来了。", []),
        ("李红梅-质量部", "东岳那边要求我们8号前交8D报告。D4根因这块，曹阳你牵头，周四前把鱼骨图和5Why做出来。",
         [I("牵头D4根因分析，做出鱼骨图和5Why", ["caoyang"], "qa", ("wd", 3), "曹阳你牵头，周四前把鱼骨图和5Why做出来")]),
        ("曹阳-质量部", "好的，那我要设备那边的报警记录。", []),
        ("郭军（设备）", "报警记录我让田野导出来。田野你今天下午弄完，发给曹阳。",
         [I("导出焊装二线机器人报警记录并发给曹阳", ["tianye"], "eqp", "today", "田野你今天下午弄完，发给曹阳")]),
        ("田野", "嗯，收到。", []),
        ("胡磊", "修磨器那个，就是刀片磨损了我们没发现，我觉得根本原因是点检表里压根没有这一项。", []),
        ("郭军（设备）", "对，点检表我们设备部这边来改，这周内改完。",
         [I("修改点检表，加入电极帽修磨器刀片检查项", [], "eqp", "eow", "点检表我们设备部这边来改，这周内改完")]),
        ("陈建华", "还有那个电极帽修磨的效果，能不能加一个在线检测？", []),
        ("胡磊", "可以加，就是要买传感器，一套大概两万多。", []),
        ("陈建华", "两万多……那这个，胡磊你先出个方案和预算，下周三之前。",
         [I("出电极帽修磨在线检测的方案和预算", ["hulei"], "weld", ("nextwd", 2), "胡磊你先出个方案和预算，下周三之前")]),
        ("高明", "客户那边我补充一下，东岳的质量部长周五要来我们厂审核，嗯，这次就是冲着这个问题来的，大家重视一下。", []),
        ("陈建华", "那审核接待谁来负责？", []),
        ("李红梅-质量部", "我来牵头吧，审核要的资料我周四下班前准备好，现场的部分让王工配合一下。",
         [I("牵头东岳质量审核，准备审核资料", ["lihongmei"], "qa", ("wd", 3), "审核要的资料我周四下班前准备好")]),
        ("王志勇", "没问题。", []),
        ("于海", "另外就是退回来的那批件，三百二十件，现在在隔离区放着，返修还是报废得定一下。", []),
        ("陈建华", "能返修的返修。邓丽，你们班明天把这批件返修完。",
         [I("返修东岳退回的320件隔离件", ["dengli"], "weld", "after2", "邓丽，你们班明天把这批件返修完", "明天？嗯……三百多件明天够呛，后天吧", "行，那就后天",
            note="deadline renegotiated on the next two lines: 明天 -> 后天")]),
        ("邓丽", "明天？嗯……三百多件明天够呛，后天吧。", []),
        ("陈建华", "行，那就后天。", []),
        ("于海", "返修完了要补货，东岳线边库存只够两天了，我们计划这边周三晚上安排加班补一车。",
         [I("安排周三晚上加班给东岳补一车货", [], "plc", ("wd", 2), "我们计划这边周三晚上安排加班补一车")]),
        ("高明", "嗯还有一个，索赔。东岳那边说停线损失要我们赔，大概八万多。", []),
        ("李红梅-质量部", "这个先别认，等8D出来再说。", []),
        ("高明", "对，我也是这个意思，索赔的事先放着，8D出来以后再谈。", []),
        ("陈建华", "还有水平展开，一线三号线用的是同样的修磨器。王工你这周五之前把一线的修磨器都排查一遍。",
         [I("排查焊装一线全部修磨器（水平展开）", ["wangzhiyong"], "weld", ("wd", 4), "王工你这周五之前把一线的修磨器都排查一遍")]),
        ("王志勇", "好。", []),
        ("郭军（设备）", "另外修磨器的刀片，库里只有两套了，这个要买。", []),
        ("陈建华", "那你们设备部提个请购单就行，采购那边我打过招呼了。",
         [I("提修磨器刀片的请购单", [], "eqp", "tomorrow", "你们设备部提个请购单就行", "嗯，我们明天提",
            note="ask to the department; the date is in the reply on the next line")]),
        ("郭军（设备）", "嗯，我们明天提。", []),
        ("李红梅-质量部", "最后8D报告的汇总我来写，8号前发给东岳。",
         [I("汇总撰写8D报告并发给东岳", ["lihongmei"], "qa", ("date", 2026, 12, 8), "8D报告的汇总我来写，8号前发给东岳")]),
        ("陈建华", "好，今天先到这。", []),
    ],
)


def render_tencent(doc):
    texts = [t[1] for t in doc["turns"]]
    lines = ["会议主题：焊装二线停线8D复盘会", "会议时间：2026/12/01 09:30-10:26",
             "发起人：陈建华", "转写内容：", ""]
    for (spk, text, _), (s, _) in zip(doc["turns"], clock(texts, start=2.0, cps=3.2, gap=2)):
        mi, se = divmod(int(s), 60)
        lines += [f"{spk}  {mi:02d}:{se:02d}", text, ""]
    return lines


# ================================================================== M3 DingTalk 闪记
M3 = dict(
    file="钉钉闪记-北辰售后索赔专题会.txt", date="2026-11-26", pass_date=False,
    encoding="utf-8", newline="\n",
    turns=[
        ("杨帆", "好，我们开始，今天就一个事，北辰的售后索赔。邱莉你先说一下情况。", []),
        ("邱莉", "嗯，北辰这个月一共推过来17单索赔，都是后纵梁加强板生锈，金额四万六。旧件要在本周内申请退回，不然过期就默认认赔了。", []),
        ("邱莉", "旧件退回这个我来申请，明天就在他们系统里提。",
         [I("在北辰系统里申请索赔旧件退回", ["qiuli"], "sales", "tomorrow", "旧件退回这个我来申请，明天就在他们系统里提")]),
        ("薛芳", "旧件回来以后实验室做盐雾和膜厚，嗯，大概一个礼拜。", []),
        ("杨帆", "芳姐，那旧件一到你们就尽快做，报告出来发我和邱莉。",
         [I("旧件到后做盐雾和膜厚试验，报告发杨帆和邱莉", ["xuefang"], "qa", None, "芳姐，那旧件一到你们就尽快做，报告出来发我和邱莉")]),
        ("周静", "我怀疑是九月份那段时间电泳槽固含量偏低。那段时间的槽液记录我去翻一下，下周一前整理出来。",
         [I("整理九月份电泳槽液记录", ["zhoujing"], "paint", ("nextwd", 0), "那段时间的槽液记录我去翻一下，下周一前整理出来")]),
        ("钱卫东", "九月那段时间我们还换过一次阳极膜，就是……", []),
        ("杨帆", "对对，卫东你把九月的换膜记录和维修记录也一起给周静。",
         [I("把九月的换膜记录和维修记录给周静", ["qianweidong"], "paint", "tomorrow", "卫东你把九月的换膜记录和维修记录也一起给周静", "行，我明天下班前发你",
            note="due date from the reply on the next line")]),
        ("钱卫东", "行，我明天下班前发你。", []),
        ("谢云", "索赔金额这块，北辰的索赔员跟我还比较熟，我先去谈一下，看能不能先挂账，等分析结果出来再定责。",
         [I("与北辰索赔员沟通索赔先挂账、待分析结果再定责", ["xieyun"], "sales", None, "我先去谈一下，看能不能先挂账")]),
        ("杨帆", "可以。", []),
        ("冯丽", "财务这边提醒一下，如果要认赔是要走预提的，12月5号前要告诉我们金额，不然赶不上这个月结账。", []),
        ("杨帆", "那邱莉你12月5号前把预估金额报给冯丽。",
         [I("把索赔预估金额报给冯丽（预提）", ["qiuli"], "sales", ("date", 2026, 12, 5), "那邱莉你12月5号前把预估金额报给冯丽")]),
        ("发言人4", "那个，要不要把九月那批的客户都查一下，东岳那边是不是也用的同一个槽？", []),
        ("杨帆", "对，小钱你……哦不对，东岳的件是喷粉的，不走电泳，不用查了。", []),
        ("杨帆", "膜厚控制这块，我们涂装这边从明天开始每班加测一次，一直做到这个问题关闭。",
         [I("每班加测一次膜厚直至问题关闭", [], "paint", None, "我们涂装这边从明天开始每班加测一次")]),
        ("薛芳", "另外说一下，实验室的盐雾箱下周二要做年度校准，那两天做不了试验。", []),
        ("杨帆", "这个问题北辰要不要我们上8D？", []),
        ("邱莉", "北辰没要求8D，但是要一份分析报告。", []),
        ("杨帆", "那分析报告我来写，下周五前给到谢云。",
         [I("撰写后纵梁加强板生锈分析报告并交给谢云", ["yangfan"], "paint", ("nextwd", 4), "那分析报告我来写，下周五前给到谢云")]),
        ("杨帆", "最后，邱莉，下周四同一时间再碰一次，你拉个钉钉会。",
         [I("拉下周四的跟进钉钉会", ["qiuli"], "sales", None, "邱莉，下周四同一时间再碰一次，你拉个钉钉会")]),
        ("邱莉", "好的。", []),
    ],
)


def render_dingtalk(doc):
    texts = [t[1] for t in doc["turns"]]
    lines = ["钉钉闪记", "标题：北辰售后索赔（后纵梁加强板生锈）专题会",
             "时间：2026-11-26 16:05    时长：38分12秒",
             "参与人：杨帆、周静、钱卫东、邱莉、谢云、薛芳、冯丽、发言人4", "", "—— 智能摘要未生成，以下为原文 ——", ""]
    for (spk, text, _), (s, _) in zip(doc["turns"], clock(texts, start=8.0, cps=3.4, gap=1.5)):
        lines.append(f"[{hms(s, ms=False)}] {spk}：{text}")
    return lines


# ======================================================================= M4 Teams VTT
M4 = dict(
    file="T1试模评审_20261210.vtt", date="2026-12-10", pass_date=False,
    encoding="utf-8", newline="\n",
    turns=[
        ("蒋涛", "嗯好，那我们开始吧，今天主要看一下东岳电池托盘横梁这副模具T1的情况。", []),
        ("吕志明", "T1主要两个问题，一个是拉延序这里开裂，还有一个是压料面研配不到位。", []),
        ("吕志明", "开裂的问题，我回去重新做一下CAE分析，下周二前出结果。",
         [I("重新做拉延序开裂的CAE分析", ["lvzhiming"], "tool", ("nextwd", 1), "开裂的问题，我回去重新做一下CAE分析，下周二前出结果")]),
        ("蒋涛", "方正，压料面那块你们先研配一下，周六加个班弄完。",
         [I("研配压料面", ["fangzheng"], "tool", ("wd", 5), "方正，压料面那块你们先研配一下，周六加个班弄完")]),
        ("方正", "周六……行吧。", []),
        ("方正", "还有修边刀口有两处崩刃，我顺便一起换掉，周六一起弄。",
         [I("更换修边刀口崩刃的镶块", ["fangzheng"], "tool", ("wd", 5), "修边刀口有两处崩刃，我顺便一起换掉，周六一起弄")]),
        ("王鹏", "T2试模要排压机，2000吨那台下周基本排满了。", []),
        ("蒋涛", "那你们冲压能不能挤一个班出来？", []),
        ("王鹏", "我回去跟赵主任商量一下，明天给你答复。",
         [I("与赵主任商量T2试模压机时间并答复蒋涛", ["wangpeng"], "pe", "tomorrow", "我回去跟赵主任商量一下，明天给你答复")]),
        ("宋涛", "T1件的测量报告，三坐标现在排队排到下周一了。", []),
        ("蒋涛", "能不能插个队？", []),
        ("宋涛", "我尽量吧，最晚下周一出。",
         [I("出T1件三坐标测量报告", ["songtao"], "qa", ("nextwd", 0), "我尽量吧，最晚下周一出")]),
        ("郑宇", "项目这边，东岳要求月底前看到T2的件，节点比较紧。我这边把更新后的模具开发计划周五前发给东岳的项目经理。",
         [I("把更新后的模具开发计划发给东岳项目经理", ["zhengyu"], "pm", ("wd", 4), "我这边把更新后的模具开发计划周五前发给东岳的项目经理")]),
        ("刘杰", "还有一个，T1的时候上料那个料片定位不准，我觉得要加两个定位销。", []),
        ("蒋涛", "阿杰说得对。吕工，定位销你在设计变更里一起加上。",
         [I("在设计变更中增加两个料片定位销", ["lvzhiming"], "tool", None, "吕工，定位销你在设计变更里一起加上")]),
        ("蔡静", "材料这块，这个件用的是DC04，替代料我们也在找，华东精钢那边说一月份才能供。", []),
        ("蒋涛", "替代料要不要现在就开始认证？", []),
        ("郑宇", "先不用，东岳没同意换料，等他们回复再说。", []),
        ("蒋涛", "修模费用这次是我们设计的问题，算内部的。蔡静这个你不用管了。", []),
        ("蒋涛", "刘杰，T2试模的时候你们班出两个人配合，名单下周一前给我。",
         [I("安排两人配合T2试模并报名单", ["liujie"], "pe", ("nextwd", 0), "刘杰，T2试模的时候你们班出两个人配合，名单下周一前给我")]),
        ("刘杰", "好嘞。", []),
        ("蒋涛", "还有模具的验收标准，你们质量部出一个，T2之前要有。",
         [I("制定模具验收标准", [], "qa", None, "还有模具的验收标准，你们质量部出一个，T2之前要有")]),
        ("宋涛", "这个我回去跟梅姐说一下。", []),
        ("郑宇", "会后我把今天的问题点清单整理一下，今天发到Teams群里。",
         [I("整理T1问题点清单并发到Teams群", ["zhengyu"], "pm", "today", "会后我把今天的问题点清单整理一下，今天发到Teams群里")]),
        ("蒋涛", "好，那今天就到这儿，大家辛苦。", []),
    ],
)


def render_teams(doc):
    texts = [t[1] for t in doc["turns"]]
    lines = ["WEBVTT", ""]
    base = uuid.UUID("6f1c2a9e-3b7d-4e55-9a10-2c8d4f6b7e01")
    for i, ((spk, text, _), (s, e)) in enumerate(zip(doc["turns"], clock(texts, start=3.45, cps=4.0))):
        lines += [f"{base}/{12 + i * 3}-0", f"{hms(s)} --> {hms(e)}", f"<v {spk}>{text}</v>", ""]
    return lines


# ============================================================================ M5 SRT
# Cues: (text lines); speaker label only on some cues; sentences split across cues.
M5 = dict(
    file="冲压车间班前会.srt", date="2026-11-23", pass_date=True,
    encoding="utf-8-sig", newline="\n",
    cues=[
        ("赵国强：好，早上好，开个短会，", []),
        ("上周的安全先说一下。", []),
        ("周五下午二号线那个，", []),
        ("有个员工手被夹了一下，还好没事。", []),
        ("阿杰，二号线的光栅你今天找设备部的人", [I("找设备部的人检查二号线的光栅", ["liujie"], "pe", "today", "阿杰，二号线的光栅你今天找设备部的人", "过来查一下。")]),
        ("过来查一下。", []),
        ("刘杰：好，我等下就打电话。", []),
        ("刘杰：还有上周五三号线漏了一张首件记录，", []),
        ("我上午就把首件记录补上。", [I("补上三号线上周五漏填的首件记录", ["liujie"], "pe", "today", "我上午就把首件记录补上。")]),
        ("王鹏：上周那个B柱加强板的毛刺，", []),
        ("客户那边又投诉了一次。", []),
        ("赵国强：这个必须这周解决，", []),
        ("王鹏你周三前把修边模的刃口状态", [I("与模具中心一起确认B柱加强板修边模的刃口状态", ["wangpeng"], "pe", ("wd", 2), "王鹏你周三前把修边模的刃口状态", "跟模具中心一起确认一下。")]),
        ("跟模具中心一起确认一下。", []),
        ("孙艳，上周的OEE报表你今天下班前", [I("做出上周的OEE报表并发群里", ["sunyan"], "pe", "today", "孙艳，上周的OEE报表你今天下班前", "做出来发群里啊。")]),
        ("做出来发群里啊。", []),
        ("我们这个月废品率有点高啊，", []),
        ("三点二个点，目标是二点五。", []),
        ("彭刚：物流这边说一下，周转箱不够用了，", []),
        ("冲压件下线没地方放。", []),
        ("赵国强：彭刚，周转箱你跟于经理申请一下，", [I("向于经理申请增加两百个周转箱", ["penggang"], "plc", "eow", "彭刚，周转箱你跟于经理申请一下，", "这周内要加两百个到位。")]),
        ("这周内要加两百个到位。", []),
        ("刘杰：二号线的模具下午要换，", []),
        ("需要模修的人过来。", []),
        ("赵国强：我来打电话给蒋工。", [I("打电话给蒋工安排模修人员支持二号线换模", ["zhaoguoqiang"], "pe", None, "赵国强：我来打电话给蒋工。")]),
        ("王鹏：主任，那个新员工培训，", []),
        ("人事那边说这周四来我们车间。", []),
        ("赵国强：那培训的材料", []),
        ("我们车间自己准备，小王你周三前弄好。", [I("准备新员工车间培训材料", ["wangpeng"], "pe", ("wd", 2), "我们车间自己准备，小王你周三前弄好。", note="小王 = 王鹏, the only 王 in this meeting (not an alias in org.yaml)")]),
        ("孙艳：主任，那个劳保手套", []),
        ("这个月的还没发。", []),
        ("赵国强：这个我问一下行政。", [I("向行政询问本月劳保手套发放", ["zhaoguoqiang"], "pe", None, "赵国强：这个我问一下行政。")]),
        ("好，就这些，", []),
        ("大家注意安全，干活吧。", []),
    ],
)


def render_srt(doc):
    texts = [c[0] for c in doc["cues"]]
    lines = []
    for i, (txt, (s, e)) in enumerate(zip(texts, clock(texts, start=1.0, cps=4.5, gap=0.3)), 1):
        lines += [str(i), f"{hms(s, sep=',')} --> {hms(e, sep=',')}", txt, ""]
    return lines


# ====================================================================== M6 raw ASR
# No punctuation, diarised speakers without names, homophone errors:
# 郭俊=郭军, 田也=田野, 王晓明=王小明, 鱼海=于海, 鹏钢=彭刚, 小红=肖红, 磨具=模具,
# 充压=冲压, 汗装=焊装, 图装=涂装, 电用=电泳, 点件=点检, 鱼晴=余晴.
M6 = dict(
    file="录音转写_20260924_1402_设备节前检修会.txt", date="2026-09-24", pass_date=False,
    encoding="gbk", newline="\r\n",
    turns=[
        ("SPK1", "好那我们开始吧 今天主要是节前的设备保养 还有国庆停产期间的检修计划 嗯 人都到了吧 鱼海来了没有", []),
        ("SPK2", "来了来了 刚在车间", []),
        ("SPK1", "好 那个 先说空压机 二号空压机上个礼拜又报高温了 田也你这个礼拜把那个油冷器拆下来洗一下 中秋节前要弄好",
         [I("拆洗二号空压机油冷器", ["tianye"], "eqp", ("date", 2026, 9, 25), "田也你这个礼拜把那个油冷器拆下来洗一下 中秋节前要弄好",
            note="中秋节 = 2026-09-25; 'X前' = X itself (ANNOTATION)")]),
        ("SPK3", "中秋前 那就是明天了啊 明天上午我要去汗装那边 下午弄吧", []),
        ("SPK1", "行 然后充压那边 两千吨压机的液压油要换 国庆停产的时候做 十月七号前弄完 王晓明你负责 备件这个礼拜报给小红那边采购",
         [I("更换两千吨压机液压油（国庆停产期间）", ["wangxiaoming"], "eqp", ("date", 2026, 10, 7), "王晓明你负责 备件这个礼拜报给小红那边采购", "十月七号前弄完"),
          I("把换油所需备件报给采购（肖红）", ["wangxiaoming"], "eqp", "eow", "王晓明你负责 备件这个礼拜报给小红那边采购",
            note="two tasks for the same person on one line; 这个礼拜 = 本周内 = Fri 09-25 (a holiday, rule applied as written)")]),
        ("SPK4", "液压油的话 要两千升 现在库里只有八百 要买的", []),
        ("SPK1", "对 所以要赶紧报 节后再报采购周期 嗯 来不及", []),
        ("SPK5", "郭工 图装那边烘房的燃烧机 上次说要检的 这次一起弄吗", []),
        ("SPK1", "燃烧机要厂家来 厂家国庆不上班的 那就 等节后吧 节后再说", []),
        ("SPK1", "汗装这边机器人的减速机保养 陈主任你们车间配合一下 停产第一天就开始 机器人的保养计划 三个工作日内报给我",
         [I("制定焊装机器人减速机保养计划并报给设备部", ["chenjianhua"], "weld", ("workdays", 3), "机器人的保养计划 三个工作日内报给我", "陈主任你们车间配合一下",
            note="陈主任 = 陈建华 (焊装车间主任); 3 working days across 中秋 -> 09-30")]),
        ("SPK6", "可以 计划我们来做 不过机器人厂家的工程师 要你们设备部去约", []),
        ("SPK1", "那个我来约 ABB的那个 嗯 明天打电话",
         [I("约ABB机器人厂家工程师", ["guojun"], "eqp", "tomorrow", "那个我来约 ABB的那个 嗯 明天打电话",
            note="SPK1 is the chair, addressed as 郭工 by SPK5 -> 郭军")]),
        ("SPK2", "计划这边说一下 二十九三十号两天要给北辰备库存 所以那两天不能停 检修只能放国庆", []),
        ("SPK1", "知道 鱼海 节后第一时间要盘点 备件库的 盘点结果五个工作日内给我",
         [I("盘点备件库并给出盘点结果", ["yuhai"], "plc", ("workdays", 5), "鱼海 节后第一时间要盘点 备件库的 盘点结果五个工作日内给我")]),
        ("SPK2", "行", []),
        ("SPK1", "鱼晴 值班表你们行政明天发一下 中秋国庆各车间都要有人值班",
         [I("发布中秋国庆各车间值班表", ["yuqing"], "hr", "tomorrow", "鱼晴 值班表你们行政明天发一下")]),
        ("SPK7", "好的 收到", []),
        ("SPK3", "郭工 电工房那个变压器年检 是十月份到期的", []),
        ("SPK1", "对对 这个我差点忘了 田也你跟供电局约一下 国庆前",
         [I("与供电局预约变压器年检", ["tianye"], "eqp", ("date", 2026, 10, 1), "田也你跟供电局约一下 国庆前")]),
        ("SPK5", "那我们图装 电用槽国庆期间不能停循环 要有人看着", []),
        ("SPK1", "图装自己安排人 杨主任你们车间排一下 二十八号前把名单给鱼晴",
         [I("排国庆期间电泳槽值守人员并把名单给余晴", ["yangfan"], "paint", ("date", 2026, 9, 28), "杨主任你们车间排一下 二十八号前把名单给鱼晴")]),
        ("SPK1", "然后我们设备部这边 节前最后一天 二十九还是三十号 嗯 三十号 所有设备点件一遍 停机的要挂牌上锁",
         [I("节前对所有设备点检并对停机设备挂牌上锁", [], "eqp", ("date", 2026, 9, 30), "我们设备部这边 节前最后一天 二十九还是三十号 嗯 三十号 所有设备点件一遍")]),
        ("SPK4", "那个磨具库的行车 要不要也检一下", []),
        ("SPK1", "行车上个月刚检过 不用", []),
        ("SPK1", "好 那就这样 散了吧 纪要 小明你整理一下发群里",
         [I("整理会议纪要并发群里", ["wangxiaoming"], "eqp", None, "纪要 小明你整理一下发群里")]),
    ],
)


def render_asr(doc):
    lines = ["转写结果（自动生成，未校对）", "音频：REC_20260924_140211.m4a  时长 00:31:47", ""]
    texts = [t[1] for t in doc["turns"]]
    for (spk, text, _), (s, _) in zip(doc["turns"], clock(texts, start=0.5, cps=5.0, gap=0.8)):
        lines.append(f"{spk} {hms(s, ms=False)} {text}")
    return lines


# ======================================================================= M7 Zoom VTT
# File name gives the start in GMT: 2026-12-15 23:45 GMT = 2026-12-16 07:45 Asia/Shanghai.
M7 = dict(
    file="GMT20261215-234500_Recording.transcript.vtt", date="2026-12-16", pass_date=False,
    encoding="utf-8", newline="\n",
    turns=[
        ("于海", "早上好，嗯，我们开始吧，今天说一下年底和春节前的备货。谢云你先说一下北辰的预测。", []),
        ("谢云", "北辰那边发了新的预测，一月份X7要涨百分之二十，然后春节前要多备两周的货。", []),
        ("于海", "唐欣，你根据新预测把一月份的生产计划重排一下，周五前出来。",
         [I("根据北辰新预测重排一月份生产计划", ["tangxin"], "plc", ("wd", 4), "唐欣，你根据新预测把一月份的生产计划重排一下，周五前出来")]),
        ("唐欣", "周五可以。不过钢材够不够要罗明那边确认一下。", []),
        ("罗明", "钢材我今天跟华东精钢确认一下库存，明天上午给你答复。",
         [I("与华东精钢确认钢材库存并答复唐欣", ["luoming"], "scm", "tomorrow", "钢材我今天跟华东精钢确认一下库存，明天上午给你答复")]),
        ("卢晓雨", "还有个问题，就是进口的那个紧固件，德国那家，现在交期要十二周。", []),
        ("Nina Ding", "对，那个我这两天一直在催，嗯，我争取两个工作日内拿到他们的确认交期。",
         [I("拿到德国紧固件供应商的确认交期", ["dingning"], "scm", ("workdays", 2), "我争取两个工作日内拿到他们的确认交期")]),
        ("肖红", "Nina，空运的价格你也问一下，这个不急，月底前给我就行。",
         [I("询价进口紧固件空运价格并报给肖红", ["dingning"], "scm", "eom", "Nina，空运的价格你也问一下，这个不急，月底前给我就行")]),
        ("冯丽", "提醒一下，空运费用超过五万的要走总经理审批。", []),
        ("彭刚的iPhone", "仓库这边，外租的那个仓库合同三十一号就到期了。", []),
        ("于海", "外租仓续不续，这个今天要定一下。", []),
        ("肖红", "续吧，续一年。合同我们采购来续，元旦前签完。",
         [I("续签外租仓库合同（一年）", [], "scm", ("date", 2027, 1, 1), "合同我们采购来续，元旦前签完",
            note="元旦 = 2027-01-01; 'X前' = X itself")]),
        ("于海", "彭刚，年底盘点的方案你下周一前给我，盘点定在二十九号三十号两天。",
         [I("出年底盘点方案", ["penggang"], "plc", ("nextwd", 0), "彭刚，年底盘点的方案你下周一前给我")]),
        ("彭刚的iPhone", "好的于经理。", []),
        ("马晓东", "总装这边，元旦前后要加班，三十一号和一号二号。加班人数晓晓这周内报给人事。",
         [I("把元旦前后加班人数报给人事", ["linxiaoxiao"], "assy", "eow", "加班人数晓晓这周内报给人事")]),
        ("马晓东", "还有，总装二号线的拧紧枪上周坏了两把，设备部到现在还没修好，于经理你帮我催一下郭军。",
         [I("催郭军修好总装二号线的两把拧紧枪", ["yuhai"], "plc", "today", "于经理你帮我催一下郭军", "好，我今天问一下",
            note="due date from the reply on the next line")]),
        ("于海", "好，我今天问一下。", []),
        ("于海", "然后春节的放假安排，人事那边还没出，这个等等吧，今天先不说。", []),
        ("卢晓雨", "于经理，安全库存的参数要不要改一下？现在还是按去年的。", []),
        ("于海", "要改。晓雨你跟唐欣一起，年底前把安全库存参数更新了。",
         [I("更新安全库存参数", ["luxiaoyu", "tangxin"], "plc", "eoy", "晓雨你跟唐欣一起，年底前把安全库存参数更新了",
            note="two owners from the same department -> department plc")]),
        ("冯丽", "财务这边还有一个事，年底要做存货跌价，呆滞料的清单要你们计划部12月25号前给我。",
         [I("给财务提供呆滞料清单", [], "plc", ("date", 2026, 12, 25), "呆滞料的清单要你们计划部12月25号前给我")]),
        ("于海", "行。最后，明天早会改到八点十五，我今天在群里发个通知。",
         [I("在群里发明天早会改时间的通知", ["yuhai"], "plc", "today", "明天早会改到八点十五，我今天在群里发个通知")]),
        ("于海", "好，散会。", []),
    ],
)


def render_zoom(doc):
    texts = [t[1] for t in doc["turns"]]
    lines = ["WEBVTT", ""]
    for i, ((spk, text, _), (s, e)) in enumerate(zip(doc["turns"], clock(texts, start=1.52, cps=4.3)), 1):
        lines += [str(i), f"{hms(s)} --> {hms(e)}", f"{spk}: {text}", ""]
    return lines


# ================================================================= M8 English call
M8 = dict(
    file="Voss_Hengchi_weekly_quality_call_transcript.txt", date="2026-11-11", pass_date=False,
    encoding="utf-8", newline="\r\n",
    turns=[
        ("Helen Han", "Hi Markus, hi Anna, can you hear us? Kevin and Zhang Wei are in the room with me, Nina is dialing in from the plant.", []),
        ("Markus Becker", "Yes, loud and clear. Okay, so the hinge reinforcement. We found burrs on the trim edge again in last week's delivery, two containers are still in transit to our Bremen warehouse.", []),
        ("Markus Becker", "First thing, I need the D3 containment confirmed. Can you do a hundred percent sort of the stock in transit?", []),
        ("Helen Han", "Yes, of course. Zhang Wei?", []),
        ("Zhang Wei", "Yes. I'll get a third-party sorting company into the Bremen warehouse and finish the hundred percent sort by Friday.",
         [I("Have a third-party sorter do the 100% sort of the in-transit stock at the Bremen warehouse", ["zhangwei"], "qa", ("wd", 4), "I'll get a third-party sorting company into the Bremen warehouse and finish the hundred percent sort by Friday")]),
        ("Markus Becker", "Good. And the 8D itself, D4 and D5, by next Wednesday please.", []),
        ("Helen Han", "Okay. Zhang Wei will own the 8D. 张伟，D4 D5 下周三前要给他，你那边能搞定吗？",
         [I("Deliver 8D D4 and D5 to Voss", ["zhangwei"], "qa", ("nextwd", 2), "张伟，D4 D5 下周三前要给他")]),
        ("Zhang Wei", "可以，没问题。", []),
        ("Markus Becker", "We also need a PPAP resubmission for the new trim die. Level 3.", []),
        ("Kevin Wu", "Right. I'll update the PPAP package, the PSW, the dimensional results and the updated control plan, and submit it by November 27.",
         [I("Update and resubmit the PPAP package (PSW, dimensional results, control plan) for the new trim die", ["wuhao"], "pm", ("date", 2026, 11, 27), "I'll update the PPAP package, the PSW, the dimensional results and the updated control plan, and submit it by November 27")]),
        ("Markus Becker", "Can you include the capability study too? Cpk for the hole position.", []),
        ("Kevin Wu", "Sure, it will be in the package.", []),
        ("Markus Becker", "And please update the FMEA with the burr failure mode.", []),
        ("Zhang Wei", "Yes, I'll update the PFMEA and send it together with D4 and D5 next Wednesday.",
         [I("Update the PFMEA with the burr failure mode and send it with D4/D5", ["zhangwei"], "qa", ("nextwd", 2), "I'll update the PFMEA and send it together with D4 and D5 next Wednesday")]),
        ("Anna Schulz", "On the commercial side, the sorting cost will be charged back to you as usual.", []),
        ("Helen Han", "Understood. Anna, about the 2027 price agreement, I'll send you our revised quotation by end of next week.",
         [I("Send Voss the revised quotation for the 2027 price agreement", ["hanbing"], "sales", "nextweek", "I'll send you our revised quotation by end of next week")]),
        ("Anna Schulz", "That works. Also, our logistics people complained that some KLT boxes arrived damaged.", []),
        ("Helen Han", "Sorry about that. We'll have our logistics department look at the box damage, 回去让计划物流部那边看一下包装。",
         [I("Look into the damaged KLT boxes (packaging)", [], "plc", None, "We'll have our logistics department look at the box damage, 回去让计划物流部那边看一下包装")]),
        ("Markus Becker", "One more point. Is your steel supplier still the same mill?", []),
        ("Nina Ding", "Yes, same mill, no change. Their annual audit was done in October. I'll share the audit report with you by November 30.",
         [I("Share the steel mill's annual audit report with Voss", ["dingning"], "scm", ("date", 2026, 11, 30), "I'll share the audit report with you by November 30")]),
        ("Zhang Wei", "Markus, one question, do you need the failed parts sent back?", []),
        ("Markus Becker", "No, photos are enough. Keep them.", []),
        ("Kevin Wu", "And internally, for D7, 模具中心要出一个修边刃口的寿命管理方案，月底前. 蒋工 is already aware.",
         [I("Draw up a trim-edge wear/life management plan for the trim dies (D7)", [], "tool", "eom", "模具中心要出一个修边刃口的寿命管理方案，月底前")]),
        ("Markus Becker", "Good. We should have a short call next week to go through D4 and D5.", []),
        ("Helen Han", "Sure, I'll set up a Teams call for next Thursday.",
         [I("Set up a Teams call with Voss for next Thursday", ["hanbing"], "sales", None, "I'll set up a Teams call for next Thursday")]),
        ("Helen Han", "And I'll send the minutes to everyone today. Thanks Markus, thanks Anna.",
         [I("Send the call minutes to everyone", ["hanbing"], "sales", "today", "I'll send the minutes to everyone today")]),
        ("Markus Becker", "Thanks, bye.", []),
    ],
)


def render_meet(doc):
    lines = ["Voss / Hengchi - Weekly Quality Call (hinge reinforcement 8D) - Transcript",
             "Nov 11, 2026 · 15:00-15:46 CST (Google Meet)",
             "Attendees: Helen Han, Kevin Wu, Zhang Wei, Nina Ding, Markus Becker (Voss), Anna Schulz (Voss)",
             "", "Transcript", "", "00:00:00", ""]
    texts = [t[1] for t in doc["turns"]]
    mark = 0
    for (spk, text, _), (s, _) in zip(doc["turns"], clock(texts, start=2, cps=14, gap=4)):
        if s // 300 > mark:
            mark = int(s // 300)
            lines += ["", hms(mark * 300, ms=False), ""]
        lines.append(f"{spk}: {text}")
    return lines


DOCS = [(M1, render_feishu), (M2, render_tencent), (M3, render_dingtalk), (M4, render_teams),
        (M5, render_srt), (M6, render_asr), (M7, render_zoom), (M8, render_meet)]


def items_of(doc):
    if "cues" in doc:
        for c in doc["cues"]:
            yield from c[1]
    else:
        for t in doc["turns"]:
            yield from t[2]


def main():
    gold_docs, ev_docs = [], []
    for doc, render in DOCS:
        lines = render(doc)
        text = doc["newline"].join(lines) + doc["newline"]
        with open(os.path.join(HERE, doc["file"]), "wb") as f:
            f.write(text.encode(doc["encoding"]))
        m = D.fromisoformat(doc["date"])
        g_items, e_items = [], []
        for it in items_of(doc):
            q = it["quotes"][0]
            hits = [i for i, ln in enumerate(lines, 1) if q in ln]
            assert len(hits) == 1, (doc["file"], q, hits)
            due = resolve(it["due"], m)
            g_items.append({"task": it["task"], "owners": it["owners"], "department": it["department"],
                            "due": due.isoformat() if due else None, "line": hits[0]})
            e = {"line": hits[0], "task": it["task"], "evidence": it["quotes"]}
            if it["note"]:
                e["note"] = it["note"]
            e_items.append(e)
        g_items.sort(key=lambda x: x["line"])
        e_items.sort(key=lambda x: x["line"])
        gold_docs.append({"file": doc["file"], "meeting_date": doc["date"],
                          "pass_meeting_date": doc["pass_date"], "items": g_items})
        ev_docs.append({"file": doc["file"], "items": e_items})
        print(f"{doc['file']}: {len(g_items)} items, {len(lines)} lines")
    with open(os.path.join(HERE, "gold.json"), "w", encoding="utf-8") as f:
        json.dump({"org": "org.yaml", "documents": gold_docs}, f, ensure_ascii=False, indent=2)
        f.write("\n")
    with open(os.path.join(HERE, "gold_evidence.json"), "w", encoding="utf-8") as f:
        json.dump({"documents": ev_docs}, f, ensure_ascii=False, indent=2)
        f.write("\n")
    print("total", sum(len(d["items"]) for d in gold_docs))


if __name__ == "__main__":
    main()
