#!/usr/bin/env python3
"""Generate the spoken-semi blind set: 8 transcripts + gold.json + gold_evidence.json.

Gold annotations are written inline in the transcript text as
    {{owners|dept|due|task|names}}
(owners comma-separated staff ids, '-' = none; dept id or '-' = null;
 due = a code resolved against the meeting date by the rules of ANNOTATION.md;
 names = the owner names as spoken).  The markers are stripped before the file is
written and the 1-based line number of the marker's line (as saved: BOM not counted,
CRLF = one break) becomes the gold `line`.

Due codes: d0/d1/d2 (today/明天/后天, calendar days); wdN (N working days, cn calendar);
wX (周X: that weekday this week if >= meeting date, else next week); nwX (下周X);
eow (本周内 = Friday of the meeting week); nweek (下周内 = Friday of next week);
eom (月底); YYYY-MM-DD explicit; none.
"""
import datetime as dt, json, os, re
import chinese_calendar

HERE = os.path.dirname(os.path.abspath(__file__))
MARK = re.compile(r"\{\{([^{}]*)\}\}")


def resolve(code, meeting):
    m = dt.date.fromisoformat(meeting)
    if code == "none":
        return None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", code):
        return code
    if code.startswith("d"):
        return (m + dt.timedelta(days=int(code[1:]))).isoformat()
    if code.startswith("wd"):
        n, d = int(code[2:]), m
        while n:
            d += dt.timedelta(days=1)
            if chinese_calendar.is_workday(d):
                n -= 1
        return d.isoformat()
    monday = m - dt.timedelta(days=m.weekday())
    if code == "nweek":
        return (monday + dt.timedelta(days=11)).isoformat()
    if code.startswith("nw"):
        return (monday + dt.timedelta(days=7 + int(code[2:]) - 1)).isoformat()
    if code.startswith("w"):
        d = monday + dt.timedelta(days=int(code[1:]) - 1)
        if d < m:
            d += dt.timedelta(days=7)
        return d.isoformat()
    if code == "eow":
        return (monday + dt.timedelta(days=4)).isoformat()
    if code == "nweek":
        return (monday + dt.timedelta(days=11)).isoformat()
    if code == "eom":
        nxt = (m.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return (nxt - dt.timedelta(days=1)).isoformat()
    raise ValueError(code)


def ts(sec, sep=":", ms=None):
    h, r = divmod(int(sec), 3600)
    mi, s = divmod(r, 60)
    base = f"{h:02d}:{mi:02d}:{s:02d}"
    if ms is not None:
        base += f"{ms}{int((sec % 1) * 1000):03d}"
    return base


def timeline(turns, start=3.0):
    """Yield (start, end, speaker, text) with durations from text length."""
    t = start
    for spk, text in turns:
        plain = MARK.sub("", text)
        dur = max(1.8, len(plain) * 0.23)
        yield t, t + dur, spk, text
        t += dur + 0.6


# ---------------------------------------------------------------- documents
DOCS = []


def doc(file, meeting_date, lines, encoding="utf-8", bom=False, eol="\n", pass_md=False):
    DOCS.append(dict(file=file, meeting_date=meeting_date, lines=lines, encoding=encoding,
                     bom=bom, eol=eol, pass_meeting_date=pass_md))


# 1. Feishu 妙记 txt export: speaker + timestamp line above the text ---------------------
T1 = [
    ("马国强", "嗯，那个，人差不多齐了，我们开始吧。今天主要过一下QFN-56那条线，上周综合良率掉到97.1%了，目标是98.5。"),
    ("周建华", "我先说吧。主要还是焊线，断线和球偏加起来占了一半以上，就是说第二焊点那个参数窗口太窄了。"),
    ("马国强", "那参数窗口这个谁在弄？"),
    ("周建华", "高远在弄。高远，你这周五前把新的DOE方案出一版吧。{{gaoyuan|pe|w5|出第二焊点参数窗口的新DOE方案|高远}}"),
    ("高远", "行，周五前我发群里。"),
    ("陆志明", "插一句啊，焊线机那边我们也查了，3号和7号机的劈刀寿命设的是80万次，有点偏长。"),
    ("马国强", "那就改短一点啊。"),
    ("陆志明", "对，我们这边今天下班前就把这两台的劈刀寿命改到60万次。{{-|eqp|d0|把3号、7号焊线机的劈刀寿命改到60万次|我们这边}}"),
    ("马国强", "好。小彭，你顺便把全部焊线机的劈刀更换记录拉一下，下周一给我。{{pengfei|eqp|nw2|拉全部焊线机近三个月的劈刀更换记录给马国强|小彭}}"),
    ("彭飞", "全部啊？那个，二十几台呢……而且下周一我在苏州厂培训，下周二行不行？"),
    ("马国强", "行，那就下周二，先拉近三个月的。"),
    ("许志刚", "我这边补充一下，华芯微昨天又来了一个8D，也是球偏，就是说跟这个是同一个问题。"),
    ("刘静", "志刚，这个8D的D3临时措施两个工作日内要回给客户。{{xuzhigang|qa|wd2|回复华芯微8D的D3临时措施|志刚}}"),
    ("许志刚", "明白，我周五前回。"),
    ("马国强", "塑封那边呢？老罗？"),
    ("罗平", "塑封还好，就是有几颗有wire sweep，我怀疑是注塑压力，嗯，我想下周做个对比实验，要占两天机台。"),
    ("马国强", "占两天不行啊，现在产能这么紧。这个先不做了，等产能松一点再说。"),
    ("罗平", "行吧。"),
    ("刘静", "还有，IQC那边金线来料最近有两个批次拉力偏低。梦婷你跟一下供应商，下周三前出个来料分析报告。{{sunmengting|qa|nw3|跟进金线供应商，出金线来料拉力偏低的分析报告|梦婷}}"),
    ("孙梦婷", "好的刘姐。"),
    ("周建华", "那个，供应商那边是不是要采购一起去？"),
    ("刘静", "对，王莉那边本周内给金线供应商发一个供应商质量改善通知单。{{wangli|scm|eow|给金线供应商发供应商质量改善通知单|王莉}}"),
    ("沈佳怡", "周总，新的焊线参数要更新到MES配方里，这个是不是要IT配合？"),
    ("周建华", "要的。佳怡你跟宋涛对一下，新参数验证完了再上。{{shenjiayi|pe|none|与宋涛对接，新焊线参数验证后更新到MES配方|佳怡}}"),
    ("冯小燕", "马总，我问一下，这周的计划要不要调？QFN现在在制品有点堆。"),
    ("马国强", "先不调。小燕，你明天把WIP按站点拉一个明细出来，我看了再定。{{fengxiaoyan|mfg|d1|按站点拉QFN的WIP明细|小燕}}"),
    ("冯小燕", "好。"),
    ("唐伟", "我插一句，后段切筋那边昨天又卡料了，我们已经把导轨换掉了，现在正常了。"),
    ("刘静", "客诉这块我也说一下，我月底前把Q4的客诉汇总给到林总。{{liujing|qa|eom|汇总Q4客诉并给林峰|我}}"),
    ("唐伟", "哈哈，今天食堂红烧肉又没了，我十一点四十去就没了。"),
    ("马国强", "这个你找田姐去。好，最后，下周周会还是周三这个时间，会议邀请我今天发出去。{{maguoqiang|mfg|d0|发下周三周会的会议邀请|我}}"),
]


def feishu(title, header, turns):
    out = [title, header, "", "关键词:", "QFN、焊线、良率、劈刀、塑封、8D", "", "文字记录:", ""]
    for a, b, spk, text in timeline(turns):
        out += [f"{spk}  {ts(a)}", text, ""]
    return out


doc("s01_qfn_yield_weekly_feishu.txt", "2026-11-04",
    feishu("QFN-56良率提升周会", "2026年11月4日 星期三 10:02 | 46分钟 38秒", T1))

# 2. Tencent Meeting export: 姓名(hh:mm:ss): text; UTF-8 BOM + CRLF --------------------
T2 = [
    ("钱立新", "嗯，那我们开始吧。今天是SiP-12新品导入的第三次周例会，主要对一下样品的时间节点。"),
    ("邵一鸣", "我先同步一下。客户华芯微那边样品需求是200颗，要求12月18号前交样。试产计划我明天下班前更新一版发给大家。{{shaoyiming|npi|d1|更新SiP-12试产计划并发给大家|我}}"),
    ("钱立新", "好。丁工，基板厂那边的设计review意见，你下周二前要回给他们。{{dinghao|npi|nw2|把基板设计review意见回给基板厂|丁工}}"),
    ("丁浩", "好的，下周二。"),
    ("钱立新", "测试这块，王总你们那边程序什么时候能好？"),
    ("王建华", "测试程序我让小邓来写，月底前出第一版。{{dengkai|te|eom|写SiP-12测试程序第一版|小邓}}"),
    ("王建华", "另外我们需要新做load board和socket，这个得走采购。"),
    ("钱立新", "那郑姐，load board和socket的采购你们那边走一下。"),
    ("郑海燕", "可以，我让秦磊跟，下周五前把PO发出去。{{qinlei|scm|nw5|发出load board和socket的采购PO|秦磊}}"),
    ("杨帆", "还有，客户那边要PFMEA和控制计划，这个要在交样之前给到。"),
    ("钱立新", "PFMEA佳怡牵头吧，封装工序你最熟，12月4号前。{{shenjiayi|pe|2026-12-04|牵头编制SiP-12的PFMEA|佳怡}}"),
    ("沈佳怡", "嗯，可以。"),
    ("杨帆", "控制计划我来汇总，我12月8号前发客户。{{yangfan|ce|2026-12-08|汇总SiP-12控制计划并发给客户|我}}"),
    ("刘静", "等一下，控制计划发客户之前QA要先审——"),
    ("杨帆", "对对对，审完再发。"),
    ("刘静", "那QA这边12月7号前审完。{{-|qa|2026-12-07|审核SiP-12控制计划|QA这边}}"),
    ("钱立新", "设备方面，塑封模具要新开一套，陆总？"),
    ("陆志明", "模具的话交期要六周，嗯，那个，我们这周内先把两家模具厂的报价拿回来。{{-|eqp|eow|拿回两家模具厂的塑封模具报价|我们}}"),
    ("邵一鸣", "要不要先拿老的模具改一下，凑合把样品做出来？"),
    ("钱立新", "不行，改模具风险太大，客户也不会认，这个不做。"),
    ("陆志明", "喂？喂？钱总你那边卡了，能听到吗？"),
    ("钱立新", "能听到能听到，刚才网断了一下。财务那边，这个项目的NRE报价，曹敏帮忙算一下，下周三前给杨帆。{{caomin|fin|nw3|核算SiP-12项目的NRE报价并给杨帆|曹敏}}"),
    ("曹敏", "收到。"),
    ("钱立新", "最后，一鸣，今天把会议纪要和下周四例会的邀请一起发出来。{{shaoyiming|npi|d0|发会议纪要和下周四例会的邀请|一鸣}}"),
    ("邵一鸣", "好的。"),
]


def tencent(turns):
    out = ["会议主题：SiP-12新品导入周例会", "会议时间：2026/11/12 14:00-15:05 (GMT+08:00)",
           "会议号：512 338 906", "参会人：钱立新、邵一鸣、丁浩、王建华、郑海燕、杨帆、沈佳怡、刘静、陆志明、曹敏",
           "本文件由腾讯会议智能转写生成，仅供参考", ""]
    for a, b, spk, text in timeline(turns):
        out.append(f"{spk}({ts(a)}): {text}")
    return out


doc("s02_sip12_npi_tencent.txt", "2026-11-12", tencent(T2), bom=True, eol="\r\n")

# 3. DingTalk 闪记 export saved in GBK --------------------------------------------------
T3 = [
    ("贺文斌", "好，开始吧，今天11月17号，EHS月度例会。先说一下，上个月化学品仓那次小泄漏的整改已经关闭了。"),
    ("贺文斌", "第一个事，年底消防演练。小姚，演练方案你这周三……不对，周三你要去园区开会，那就周四前给我吧。{{yaoqian|ehs|w4|出年底消防演练方案|小姚}}"),
    ("姚倩", "好的，周四。"),
    ("于海", "废水站那边，pH在线监测仪要校准了，我下周一安排第三方过来。{{yuhai|eqp|nw1|安排第三方校准废水站pH在线监测仪|我}}"),
    ("贺文斌", "田姐，新员工三级安全教育的台账，两个工作日内帮我补齐。{{tianlijuan|hr|wd2|补齐新员工三级安全教育台账|田姐}}"),
    ("田丽娟", "没问题。"),
    ("马国强", "上次说的车间噪音超标，我们生产这边先给夜班发耳塞，这周内发到位。{{-|mfg|eow|给夜班员工发放耳塞|我们生产这边}}"),
    ("贺文斌", "还有危废转移联单，郝云，你们仓库那边月底前把10月和11月的联单整理好给姚倩。{{haoyun|scm|eom|整理10月和11月的危废转移联单并交给姚倩|郝云}}"),
    ("于海", "我建议把那台老冷却塔直接换掉，一劳永逸。"),
    ("陆志明", "换冷却塔要七八十万，今年预算早没了，明年再说吧。"),
    ("贺文斌", "嗯，那先不换。"),
    ("陆志明", "不过水质检测可以先做。阿强，你下周内找检测机构来取个样。{{weiqiang|eqp|nweek|找检测机构对冷却塔水质取样检测|阿强}}"),
    ("韦强", "好。"),
    ("贺文斌", "另外，12月环保局要来做排污许可的年检，材料我来准备，12月4号前整理完。{{hewenbin|ehs|2026-12-04|准备排污许可年检材料|我}}"),
    ("姚倩", "化学品MSDS的更新我来弄，下周三前把新版挂到系统里。{{yaoqian|ehs|nw3|把新版化学品MSDS挂到系统里|我}}"),
    ("贺文斌", "最后两件事：宋涛，门禁系统里离职人员的权限清一下，周五前；黄姐，安全生产费用台账给我一份，月底前。{{songtao|it|w5|清理门禁系统里离职人员的权限|宋涛}}{{huangxiuying|fin|eom|提供安全生产费用台账|黄姐}}"),
    ("黄秀英", "行。"),
    ("田丽娟", "对了贺总，今年宿舍热水器又有人投诉，说是洗到一半就凉了。"),
    ("贺文斌", "哈哈，这个不归我管啊，你找后勤。上周的应急照明检查我们已经做完了，没什么问题。好，今天就到这。"),
]


def dingtalk(turns):
    out = ["钉钉闪记", "标题：11月EHS月度例会", "创建时间：2026-11-17 09:30:12", "时长：38分26秒",
           "参与人：贺文斌、姚倩、于海、陆志明、韦强、田丽娟、马国强、郝云、宋涛、黄秀英", ""]
    for a, b, spk, text in timeline(turns):
        out.append(f"[{ts(a)}] {spk}：{text}")
    return out


doc("s03_ehs_monthly_dingtalk.txt", "2026-11-17", dingtalk(T3), encoding="gbk")

# 4. Zoom .vtt: "Name: text"; the only date is in the file name (GMT20261124-013000 = 09:30 Beijing)
T4 = [
    ("王建华", "好，我们开始吧。今天主要说测试产能，下个月华芯微的量要上来了。"),
    ("崔琳", "我先报一下数据，上周ATE的OEE是71%，主要损失在换型和等料。"),
    ("王建华", "换型时间这块，小邓，你把三个主力程序的换型SOP整理一下，下周三前。{{dengkai|te|nw3|整理三个主力测试程序的换型SOP|小邓}}"),
    ("邓凯", "好的王总，下周三。"),
    ("王建华", "Tony，探针卡的备品现在够不够？"),
    ("方宇", "不够，还缺两张，我这周四前跟供应商确认交期。{{fangyu|te|w4|跟供应商确认两张探针卡备品的交期|我}}"),
    ("王建华", "分选机那边呢？"),
    ("韦强", "两台故障机，我们这边明天下班前先修好一台，另一台要等配件。{{-|eqp|d1|修好一台故障分选机|我们这边}}"),
    ("王建华", "配件谁跟？"),
    ("韦强", "配件要供应链催一下。"),
    ("王建华", "王莉，分选机配件你那边催一下，这周五之前要到。{{wangli|scm|w5|催分选机配件到货|王莉}}"),
    ("王莉", "好，我下午就打电话。"),
    ("冯小燕", "我这边提个需求啊，12月测试产能要排到每天18万颗，能不能做到？"),
    ("王建华", "现在最多15万。要不把一部分外包给苏州那家测试厂？"),
    ("刘静", "外包要先做供应商审核，来不及的，而且客户也没批。"),
    ("王建华", "那外包先不考虑，还是加班次。燕子，你把12月的测试排产按三班重新排一下，下周一给我。{{fengxiaoyan|mfg|nw1|按三班重排12月测试排产|燕子}}"),
    ("冯小燕", "三班的话要加人，人力那边……"),
    ("王建华", "加人这个我去跟田姐说。{{wangjianhua|te|none|就三班加人与田丽娟沟通|我}}"),
    ("马国强", "三班的话我们生产这边也要调，后段的人我来协调，周四前给个方案。{{maguoqiang|mfg|w4|协调后段人员，出三班人员方案|我}}"),
    ("崔琳", "我这边可以每天出一个测试良率和OEE的日报。"),
    ("王建华", "好，崔琳你先出个日报模板，周五给我看。{{cuilin|te|w5|出测试良率和OEE日报模板|崔琳}}"),
    ("张杰成", "不好意思我刚才掉线了，你们那边有回声，能听到吗？"),
    ("王建华", "能听到。正好，测试数据上传客户的那个接口，Jason你说周四能上？"),
    ("张杰成", "对，我周四前上线，之前先在测试环境跑一天。{{zhangjiecheng|it|w4|上线测试数据上传客户的接口|我}}"),
    ("王建华", "好。崔琳，今天的纪要你整理一下，今天发出来。{{cuilin|te|d0|整理并发出会议纪要|崔琳}}"),
]


def zoom(turns):
    out = ["WEBVTT", ""]
    for i, (a, b, spk, text) in enumerate(timeline(turns, 1.2), 1):
        out += [str(i), f"{ts(a, ms='.')} --> {ts(b, ms='.')}", f"{spk}: {text}", ""]
    return out


doc("GMT20261124-013000_Recording.transcript.vtt", "2026-11-24", zoom(T4))

# 5. Teams .vtt with <v Speaker> tags; the chair says the date ---------------------------
T5 = [
    ("刘静", "好，今天11月27号周五，我们过一下下个月8号华芯微年度审核的准备。"),
    ("刘静", "何工，可靠性报告，就是说HTOL和TC那几份，周三前要整理好。{{hewen|qa|w3|整理HTOL和TC可靠性报告|何工}}"),
    ("何文", "周三没问题。"),
    ("刘静", "志刚，去年审核那几个open item，你把关闭证据汇总一下，下周一前。{{xuzhigang|qa|nw1|汇总去年审核open item的关闭证据|志刚}}"),
    ("许志刚", "好。那个，有一个item是设备点检记录不全，这个要设备部补。"),
    ("陆志明", "点检记录我们这边下周五前补齐。{{-|eqp|nw5|补齐设备点检记录|我们这边}}"),
    ("刘静", "好。然后现场5S，马总？"),
    ("马国强", "5S我让唐伟带人做一次全面整理，下周三前。{{tangwei|mfg|nw3|带人做一次现场5S全面整理|唐伟}}"),
    ("林峰", "审核那两天的接待，Vivian，你把酒店和车订一下，下周内搞定。{{yangfan|ce|nweek|订客户审核期间的酒店和用车|Vivian}}"),
    ("刘静", "培训记录呢，田姐？"),
    ("田丽娟", "培训记录我们都有，电子版的。"),
    ("刘静", "客户要看纸质签到的。"),
    ("田丽娟", "那我让小钟打印出来装订好，下周四前给你。{{zhongxue|hr|nw4|打印并装订培训签到记录交给刘静|小钟}}"),
    ("许志刚", "要不要请个第三方顾问先来做一次预审？"),
    ("刘静", "时间不够了，也没这个预算，不请了。"),
    ("刘静", "MES追溯演示，宋涛你准备一下，要能从成品批次追到晶圆批次，下周二前演练一次。{{songtao|it|nw2|准备并演练MES从成品批次到晶圆批次的追溯演示|宋涛}}"),
    ("宋涛", "可以，不过那个晶圆批次的数据——"),
    ("刘静", "有问题会后单独说。"),
    ("宋涛", "好好。"),
    ("孙梦婷", "OQC出货检验记录，我今天下班前导出来给志刚。{{sunmengting|qa|d0|导出OQC出货检验记录交给许志刚|我}}"),
    ("刘静", "还有化学品区和危废区，姚倩和郝云你们俩一起走一遍现场，下周二前。{{yaoqian,haoyun|-|nw2|一起巡查化学品区和危废区现场|姚倩、郝云}}"),
    ("林峰", "听说客户这次来的是新的SQE，很严的。"),
    ("刘静", "严点好。审核议程和参会名单我来定，周一发给大家。{{liujing|qa|w1|定审核议程和参会名单并发给大家|我}}"),
]


def teams(turns):
    out = ["WEBVTT", ""]
    for i, (a, b, spk, text) in enumerate(timeline(turns, 4.5), 1):
        out += [f"5f2c9a1e-7b3d-4e8a-9c61-{0x3a0b7c2d4e00 + i:012x}/{i * 7 + 3}-0",
                f"{ts(a, ms='.')} --> {ts(b, ms='.')}", f"<v {spk}>{text}</v>", ""]
    return out


doc("s05_audit_prep_teams.vtt", "2026-11-27", teams(T5))

# 6. SRT: speaker prefix "Name: ", one two-line cue, one continuation cue with no prefix --
T6 = [
    ("郑海燕", "好，今天12月2号，我们把年底备货过一下，元旦前后供应商都要放假。"),
    ("秦磊", "我先说一下，框架和塑封料这两个长交期物料，目前库存只够到1月中。"),
    ("郑海燕", "那框架的补单，小秦你这周五前把需求算出来。{{qinlei|scm|w5|算出框架补单需求|小秦}}"),
    ("秦磊", "好。"),
    ("冯小燕", "需求要按新的1月排产算，我明天把1月的初版排产给你。{{fengxiaoyan|mfg|d1|把1月初版排产给秦磊|我}}"),
    ("郑海燕", "塑封料那边，王莉？"),
    ("王莉", "塑封料供应商说元旦放三天，\n我下周二前把他们节前最后发货日确认下来。{{wangli|scm|nw2|确认塑封料供应商元旦节前最后发货日|我}}"),
    ("王莉", "要不我们塑封料干脆一次多备两个月？"),
    ("郑海燕", "不行，塑封料有保质期，冷库也放不下，备一个半月就够了。"),
    ("郝云", "仓库这边，年底盘点定在12月28号，盘点方案我下周内出。{{haoyun|scm|nweek|出年底盘点方案|我}}"),
    ("郝云", "还有一个，仓库的温湿度计有好几个过期了，"),
    (None, "我这周内送去校准。{{haoyun|scm|eow|把过期的温湿度计送去校准|我}}"),
    ("郑海燕", "另外两件事：测试用的socket，秦磊你下周一前核一下库存；客户预测，杨帆月底前给我们一版更新的。{{qinlei|scm|nw1|核对测试用socket的库存|秦磊}}{{yangfan|ce|eom|提供更新的客户预测|杨帆}}"),
    ("秦磊", "年会节目定了没有啊？"),
    ("王莉", "别提了，又要跳舞。"),
    ("郑海燕", "好了好了。阿强，设备备件的年度需求你们那边周五前给我。{{weiqiang|eqp|w5|提供设备备件年度需求|阿强}}"),
    ("郑海燕", "仓库新来的那个小李，叉车证月底前要考出来。{{-|scm|eom|考取叉车证|小李}}"),
    ("郑海燕", "年底的呆滞物料清单我来拉，12月15号前发给财务。{{zhenghaiyan|scm|2026-12-15|拉年底呆滞物料清单发给财务|我}}"),
    ("郑海燕", "还有明年的采购价格谈判，节后再说，今天先不展开。"),
]


def srt(turns):
    out = []
    for i, (a, b, spk, text) in enumerate(timeline(turns, 0.8), 1):
        out += [str(i), f"{ts(a, ms=',')} --> {ts(b, ms=',')}"]
        body = text if spk is None else f"{spk}: {text}"
        out += body.split("\n")
        out.append("")
    return out


doc("s06_yearend_material_sync.srt", "2026-12-02", srt(T6))

# 7. ASR dump: no speaker labels, homophones for names, little punctuation ---------------
T7 = [
    "好那我们开始 今天是十二月九号周三 嗯 先说一下昨天夜班的情况",
    "江姐你说一下吧",
    "昨天夜班那个 就是说DB站停了两个小时 银浆用完了没及时补上",
    "物料这块啊 秦雷你们以后夜班的银浆要按班次配送 下周一之前安排上{{qinlei|scm|nw1|夜班银浆按班次配送|秦雷}}",
    "好的好的",
    "我江丽啊 夜班这边我今天晚上就把银浆的交接记录补上{{jiangli|mfg|d0|补上夜班银浆交接记录|江丽}}",
    "唐威 后段那个切筋模具你今天下班前找魏强看一下{{tangwei|mfg|d0|找韦强看后段切筋模具|唐威}}",
    "行",
    "然后品质这边 孙梦亭 OQC那三批hold的货明天上午之前给个结论 客户在催{{sunmengting|qa|d1|给出OQC三批hold货的结论|孙梦亭}}",
    "明天上午可以",
    "冯晓燕你把这周的出货计划跟销售再对一下 尤其是华芯微那两个PO 周五前{{fengxiaoyan|mfg|w5|与销售核对本周出货计划，尤其华芯微两个PO|冯晓燕}}",
    "还有那个罗萍说的塑封机温控的问题",
    "对对 塑封三号机温度老是飘 我看了一下应该是热电偶的问题 我们设备这边后天换掉{{-|eqp|d2|更换塑封三号机的热电偶|我们设备这边}}",
    "要不干脆把三号机停了等换完再开",
    "停不了停不了这周出货压力太大边跑边换吧",
    "那就不停",
    "徐志刚 那个客户投诉的8D最终报告你周四前交给客户{{xuzhigang|qa|w4|把客诉8D最终报告交给客户|徐志刚}}",
    "沈佳宜 新的焊线参数验证数据这周内发我{{shenjiayi|pe|eow|发送新焊线参数的验证数据|沈佳宜}}",
    "彭菲你们那个焊线机下周的PM计划今天发一下{{pengfei|eqp|d0|发焊线机下周的PM计划|彭菲}}",
    "哎今天好冷啊 空调是不是又坏了",
    "厂务说在修了在修了",
    "最后一个安全 上周那个员工手被夹的事情 姚谦已经做完调查了",
    "生产部各班组长这周五前把各自班组的安全培训再做一遍 签到表交给姚谦{{-|mfg|w5|各班组重做一遍安全培训并把签到表交给姚倩|生产部各班组长}}",
    "好 今天就到这 散会",
]
doc("s07_production_morning_asr.txt", "2026-12-09",
    ["[ASR] 录音文件：生产早会_1209.m4a  引擎：通用中文  自动分段", ""] + T7)

# 8. English call with an overseas customer, some Chinese asides -------------------------
T8 = [
    ("Frank Lin", "Hi Henrik, hi Priya, thanks for joining. Three topics today: the yield excursion on lot N2611, your Q1 forecast, and the NX-40 qualification."),
    ("Henrik Olsen", "Thanks Frank. First, we still need the final 8D for the N2611 excursion. When can we have it?"),
    ("Grace Liu", "I'll send you the final 8D report by this Friday.{{liujing|qa|w5|Send the final 8D report for the N2611 excursion to the customer|I (Grace Liu)}}"),
    ("Henrik Olsen", "Good. And please share the raw test data for the affected lots."),
    ("Frank Lin", "Tony, can you pull the raw STDF files for the three lots and upload them to the customer portal within two business days?{{fangyu|te|wd2|Pull the raw STDF files for the three affected lots and upload them to the customer portal|Tony}}"),
    ("Tony", "Sure, no problem."),
    ("Priya Raman", "On the forecast, our Q1 volume will go up by about twenty percent."),
    ("Frank Lin", "Noted. Vivian will update the capacity commitment letter and send it to Priya by next Tuesday.{{yangfan|ce|nw2|Update the capacity commitment letter and send it to Priya|Vivian}}"),
    ("Frank Lin", "子健，你会后把客户新的forecast录到系统里，明天下班前。{{liangzijian|ce|d1|把客户新的forecast录入系统|子健}}"),
    ("梁子健", "好的林总。"),
    ("Henrik Olsen", "For the NX-40, can you run a qualification build in January?"),
    ("Ethan Shao", "Yes. I'll send you the qual plan by end of next week.{{shaoyiming|npi|nweek|Send the NX-40 qualification plan to the customer|I (Ethan Shao)}}"),
    ("Grace Liu", "一鸣，qual plan里可靠性那部分我让何文写，周五前给你。{{hewen|qa|w5|编写NX-40 qual plan的可靠性部分并给邵一鸣|何文}}"),
    ("Henrik Olsen", "Could you also do a free engineering sample run, say 500 units?"),
    ("Frank Lin", "I'm afraid we can't do that free of charge. Let's discuss pricing offline."),
    ("Henrik Olsen", "Fair enough, let's park it for now. I'll send you the updated NX-40 drawings tomorrow.{{-|-|d1|Send the updated NX-40 drawings|Henrik Olsen}}"),
    ("Priya Raman", "And we need the revised quotation for the NX-40 NRE."),
    ("Frank Lin", "Our finance team will finalize the NRE numbers by Monday, and I'll send you the revised quote by next Wednesday.{{-|fin|w1|Finalize the NX-40 NRE numbers|our finance team}}{{linfeng|ce|nw3|Send the revised NX-40 NRE quotation to the customer|I (Frank Lin)}}"),
    ("Priya Raman", "Perfect. How's the weather in Wuxi? It's already dark here at three."),
    ("Frank Lin", "Cold and rainy, ha. Cherry, please set up our next call for early January and send the invite today.{{chenyuqi|ce|d0|Set up the next customer call for early January and send the invite|Cherry}}"),
    ("Cherry", "Will do."),
    ("Henrik Olsen", "Great, thanks all. Merry Christmas in advance!"),
]


def english(turns):
    out = ["Chengxin Microelectronics x Nordvik Semiconductor - Monthly Business Call",
           "Date: Dec 16, 2026, 16:00-16:45 (Beijing time), Zoom",
           "Attendees: Frank Lin, Vivian Yang, Grace Liu, Ethan Shao, Tony, 梁子健, Cherry (Chengxin); Henrik Olsen, Priya Raman (Nordvik)",
           ""]
    for a, b, spk, text in timeline(turns, 0):
        out.append(f"[{ts(a)[3:]}] {spk}: {text}")
    return out


doc("s08_nordvik_customer_call_en.txt", "2026-12-16", english(T8))


# ---------------------------------------------------------------- write
def build():
    import yaml
    org = yaml.safe_load(open(os.path.join(HERE, "org.yaml"), encoding="utf-8"))
    dept_of = {s["id"]: s["department"] for s in org["staff"]}
    gold = {"org": "org.yaml", "documents": []}
    evidence = {"documents": []}
    for d in DOCS:
        items, ev, clean = [], [], []
        for n, line in enumerate(d["lines"], 1):
            for m in MARK.finditer(line):
                owners, dept, due, task, names = m.group(1).split("|")
                owners = [] if owners == "-" else owners.split(",")
                dept = None if dept == "-" else dept
                if len(owners) == 1:
                    assert dept == dept_of[owners[0]], (d["file"], n, owners, dept)
                items.append({"task": task, "owners": owners, "department": dept,
                              "due": resolve(due, d["meeting_date"]), "line": n})
                ev.append({"line": n, "owner_names": [x for x in re.split("[、,]", names) if x],
                           "due_code": due, "quote": MARK.sub("", line).strip()})
            assert "{" not in MARK.sub("", line), line
            clean.append(MARK.sub("", line))
        text = d["eol"].join(clean) + d["eol"]
        data = text.encode(d["encoding"])
        if d["bom"]:
            data = b"\xef\xbb\xbf" + data
        with open(os.path.join(HERE, d["file"]), "wb") as f:
            f.write(data)
        gold["documents"].append({"file": d["file"], "meeting_date": d["meeting_date"],
                                  "pass_meeting_date": d["pass_meeting_date"], "items": items})
        evidence["documents"].append({"file": d["file"], "encoding": d["encoding"] + ("-sig" if d["bom"] else ""),
                                      "eol": "CRLF" if d["eol"] == "\r\n" else "LF", "items": ev})
        print(f"{d['file']}: {len(clean)} lines, {len(items)} items")
    json.dump(gold, open(os.path.join(HERE, "gold.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=2)
    json.dump(evidence, open(os.path.join(HERE, "gold_evidence.json"), "w", encoding="utf-8"), ensure_ascii=False, indent=2)
    print("total items:", sum(len(x["items"]) for x in gold["documents"]))


if __name__ == "__main__":
    build()
