#!/usr/bin/env python3
"""Builds the spoken-apparel blind set: 8 transcripts + gold.json.
Gold line numbers are computed from the exact lines written (1-based; BOM not counted,
CRLF = one break). Encodings are written byte-exact here."""
import json, os
HERE = os.path.dirname(os.path.abspath(__file__))

def I(task, owners, dept, due, sub=0):
    return {"task": task, "owners": owners, "department": dept, "due": due, "_sub": sub}

def U(spk, text, *items):
    return {"spk": spk, "text": text, "items": list(items)}

def timeline(utts, start=3.0):
    t = start
    for u in utts:
        u["t"] = t
        t += max(2.5, len(u["text"]) * 0.22) + 0.6

def hms(t):
    t = int(t); return f"{t//3600:02d}:{t%3600//60:02d}:{t%60:02d}"
def vtt_ts(t):
    ms = int(round(t * 1000)); return f"{ms//3600000:02d}:{ms%3600000//60000:02d}:{ms%60000//1000:02d}.{ms%1000:03d}"
def srt_ts(t):
    return vtt_ts(t).replace(".", ",")
def otter_ts(t):
    t = int(t); return f"{t//60}:{t%60:02d}"

class Doc:
    def __init__(self): self.lines, self.gold = [], []
    def add(self, s, items=()):
        self.lines.append(s)
        for it in items:
            g = dict(it); g.pop("_sub"); g["line"] = len(self.lines); self.gold.append(g)
    def add_text(self, text, items, prefix=""):
        parts = text.split("\n")
        for k, p in enumerate(parts):
            self.add((prefix if k == 0 else "") + p, [it for it in items if it["_sub"] == k])

# ---------------------------------------------------------------- a01 Feishu 妙记
A01 = [
U("沈佳怡", "好，那我们开始吧。嗯，今天主要是把秋冬第二波的企划定一下，那个，国庆前能定的尽量今天都定掉。"),
U("顾晓峰", "我先说一下设计这边，第二波一共是四十二个款，上周五已经过了一轮内审了，砍掉了六个。"),
U("沈佳怡", "四十二个还是多了，就是说，我们电商那边主推其实也就十几个款。"),
U("林子豪", "对对对，我们要的是能打的，羽绒和摇粒绒这两块。"),
U("沈佳怡", "那这样，顾总，你们明天下班前把款收到三十个以内，出一版新的款式清单给我。",
  I("将第二波款式收到30个以内并出新版款式清单", ["guxiaofeng"], "design", "2026-09-30")),
U("顾晓峰", "行，明天下班前给你。淼淼，羽绒那几个款你先别动，等清单定了再说。"),
U("唐淼", "好的好的。"),
U("何建平", "我插一句啊，羽绒的话，面料这块，那个，防钻绒的面料现在交期要二十五天，节前不下单的话就赶不上十一月了。"),
U("沈佳怡", "啊？那怎么办？"),
U("何建平", "嗯……量我得等款式清单出来才能算。这样吧，清单出来以后，我三个工作日内把防钻绒的面料订单下掉。",
  I("下防钻绒面料订单", ["hejianping"], "mat", "2026-10-09")),
U("王德胜", "工厂这边我说一下啊，十月份的产能基本排满了，外贸那两个单子占了差不多七成。"),
U("沈佳怡", "那王厂，电商的首批返单能不能插进去？"),
U("王德胜", "插是能插，但是得国强那边重新排。国强今天没来，我让他节后第一天把排产计划调好发群里。",
  I("调整十月排产计划（插入电商首批返单）并发群里", ["chenguoqiang"], "prod", "2026-10-08")),
U("林子豪", "王厂，那个，返单量我们这边还没最终定，我们周三之前把返单数量报给工厂。",
  I("把电商返单数量报给工厂", [], "ecom", "2026-09-30")),
U("沈佳怡", "嗯。还有一个就是吊牌和洗标，今年要换新的logo。"),
U("说话人7", "换logo的话，仓库里那批旧吊牌怎么办？大概还有两万多张。"),
U("沈佳怡", "晓东你先别管旧的，旧的到时候财务那边看怎么报损。"),
U("说话人7", "那行，那我们仓库这边节前先把旧吊牌盘一下，数量报给你。",
  I("盘点仓库旧吊牌数量并报给沈佳怡", [], "wms", "2026-09-30")),
U("唐淼", "新logo的吊牌稿我这边已经有了，就差……"),
U("顾晓峰", "淼淼你那个稿子尺寸改一下啊，上次那个太大了，挂在衣服上跟个门牌一样。",
  I("修改新logo吊牌稿尺寸", ["tangmiao"], "design", None)),
U("唐淼", "哈哈哈，嗯嗯，好。"),
U("邱悦", "那个，沈总，我想问一下，第二波的定价是不是还按去年的倍率？"),
U("沈佳怡", "倍率先按二点八走。邱悦，你把三十个款的成本核价表做出来，跟财务孙姐对一下，月底前给我。",
  I("制作30个款的成本核价表并与财务孙美玲核对", ["qiuyue"], "plan", "2026-09-30")),
U("邱悦", "好的。不过成本要等何经理的面料价格。"),
U("何建平", "面料价格我今天就发你。",
  I("把面料价格发给邱悦", ["hejianping"], "mat", "2026-09-29")),
U("林子豪", "还有拍摄，十月中旬要拍第二波的图，样衣能不能节前出来？"),
U("顾晓峰", "节前不可能，最快十号补班那天。"),
U("沈佳怡", "那就十号。淼淼，十号补班那天你把拍摄样衣给子豪那边送过去。"),
U("顾晓峰", "淼淼那几天要跟版，样衣这块让谢宁来跟吧。宁姐，十号你把拍摄样衣送到电商那边，行吧？",
  I("10号补班日把拍摄样衣送到电商部", ["xiening"], "design", "2026-10-10")),
U("谢宁", "可以，十号上午送过去。"),
U("林子豪", "好，那拍摄脚本我让雨婷九号前弄好。",
  I("完成第二波拍摄脚本", ["sunyuting"], "ecom", "2026-10-09")),
U("沈佳怡", "行。那个，logo换了要不要顺便把包装袋也换了？算了，这个明年再说吧。"),
U("沈佳怡", "今天先到这，大家国庆快乐。"),
U("王德胜", "哈哈，工厂可没有国庆。"),
]

def build_a01():
    d = Doc(); timeline(A01, 5)
    for s in ["2026秋冬第二波商品企划评审会", "2026年9月29日 14:03 | 47分钟 12秒", "",
              "关键词:", "秋冬第二波、款式清单、防钻绒、排产、吊牌、核价、拍摄样衣", "",
              "文字记录:", ""]:
        d.add(s)
    for u in A01:
        d.add(f"{u['spk']} {hms(u['t'])}")
        d.add_text(u["text"], u["items"])
        d.add("")
    return d, "\n".join(d.lines).encode("utf-8")

# ---------------------------------------------------------------- a02 Tencent Meeting (BOM, CRLF)
A02 = [
U("王德胜", "好，人差不多到齐了。那个，今天主要排一下十一月的大货，外贸两个单、电商返单一个。"),
U("陈国强", "我先报一下，德国那个客户的羽绒马甲，八千四百件，面料昨天到了一半。"),
U("吴凯", "国强，另一半面料我问过了，工厂说周五到。"),
U("王德胜", "周五到的话，明辉你裁床那边周六加个班，先把到了的那一半裁掉。",
  I("周六裁床加班，裁完已到的一半马甲面料", ["limingui"], "prod", "2026-11-07")),
U("李明辉", "周六可以，但是人我只有一半，嗯，那个……"),
U("黄翠萍", "人我这边可以调四个过去。"),
U("王德胜", "行，萍姐你周六调四个人给明辉。",
  I("周六从车间调4个人支援裁床", ["huangcuiping"], "prod", "2026-11-07")),
U("黄翠萍", "好。"),
U("周蕾", "王厂，我插一下，德国那个单子客人昨天来邮件，说要把交期提前一周，到12月10号出货。"),
U("王德胜", "提前一周？那不行啊，这个要谈。"),
U("周蕾", "我知道，所以我想先看看工厂能不能做到。国强你帮我算一下，提前一周的话产能缺口多少，明天给我一个数。",
  I("测算马甲交期提前一周的产能缺口", ["chenguoqiang"], "prod", "2026-11-05")),
U("陈国强", "明天上午给你。"),
U("许志军", "还有一个问题，马甲的那个压胶工艺，我们上次试的时候有开胶，嗯，就是说洗了三次以后边上起泡。"),
U("陈立新", "对，这个我们品质部要跟。许工，你这边压胶参数再调一下，调完以后我们做一轮水洗测试。",
  I("调整马甲压胶工艺参数", ["xuzhijun"], "prod", "2026-11-06"),
  I("压胶参数调整后做一轮水洗测试并出报告", [], "qc", "2026-11-10")),
U("许志军", "行，周五前吧。"),
U("吴凯", "那边上起泡那批样衣要不要寄给客人看？"),
U("周蕾", "不用不用，这个别寄。立新，水洗报告最晚什么时候能出？客人那边要。"),
U("陈立新", "嗯……下周二吧。"),
U("王德胜", "电商返单那个，三千件卫衣，林子豪那边说要十一月二十号前到仓。"),
U("陈国强", "卫衣的话，我排在马甲后面，线是够的，就是罗纹要等。排产表我下周三前更新出来。",
  I("更新含卫衣返单的排产表", ["chenguoqiang"], "prod", "2026-11-11")),
U("何建平", "罗纹我这边催过了，供应商说下周一发。"),
U("王德胜", "老何你下周一把罗纹的发货单号发给国强。",
  I("把罗纹发货单号发给陈国强", ["hejianping"], "mat", "2026-11-09")),
U("何建平", "没问题。"),
U("王德胜", "Kevin，德国客人那边提前交期的事，你先别答应，等国强的数出来以后，跟周总一起回复客人。",
  I("产能数出来后回复德国客人关于提前交期的要求", ["wukai", "zhoulei"], "trade", None)),
U("吴凯", "好的王厂。"),
U("黄翠萍", "还有一个事，车间的工人下个月想调休，双十二前后电商的活多。"),
U("王德胜", "这个回头再说吧，先不定。"),
U("李明辉", "王厂，那周六加班的加班单谁签？"),
U("王德胜", "我签。明辉你今天下班前把加班名单报给人事梅姐。",
  I("把周六加班名单报给人事杜红梅", ["limingui"], "prod", "2026-11-04")),
U("王德胜", "好，就这样。国强，会议纪要你整理一下发群里。",
  I("整理会议纪要发群里", ["chenguoqiang"], "prod", None)),
]

def build_a02():
    d = Doc(); timeline(A02, 4)
    for s in ["会议主题：11月大货生产排期会", "会议时间：2026/11/04 09:30:12 - 10:02:45",
              "会议号：682 391 554", "参会人：王德胜、陈国强、李明辉、黄翠萍、许志军、陈立新、周蕾、吴凯、何建平", ""]:
        d.add(s)
    for u in A02:
        d.add_text(u["text"], u["items"], prefix=f"{u['spk']}({hms(u['t'])}): ")
        d.add("")
    return d, b"\xef\xbb\xbf" + "\r\n".join(d.lines).encode("utf-8")

# ---------------------------------------------------------------- a03 DingTalk 闪记 (GBK)
A03 = [
U("陈立新", "好，开始吧。上周的客诉先过一下。"),
U("杨静", "上周一共三起，两起是电商的，线头和色差，还有一起是外贸的，日本客人那边说有断针风险。"),
U("陈立新", "断针这个要命啊。海波，你把上周那批的验针记录全部调出来，明天给我。",
  I("调出上周那批货的全部验针记录", ["zhouhaibo"], "qc", "2026-10-21")),
U("周海波", "嗯，好，明天上午。"),
U("陈薇", "陈经理，客人那边要一个书面的回复，就是说我们的纠正措施，8D报告那种。"),
U("陈立新", "8D报告我来写，周五前给你。",
  I("撰写断针客诉的8D报告给陈薇", ["chenlixin"], "qc", "2026-10-22")),
U("陈薇", "周五有点晚，客人周四那边是……嗯，他们周四开会。"),
U("陈立新", "那我周四上午给你。"),
U("许志军", "断针的话，车间那个针的管理制度其实早就有，就是没执行好。"),
U("黄翠萍", "许工你这话说的，我们车间每天都有登记的。"),
U("陈立新", "好了好了，不吵。萍姐，断针登记表你这周内改成每个班次交一次，你这边落实一下。",
  I("断针登记改为每班次上交", ["huangcuiping"], "prod", "2026-10-23")),
U("黄翠萍", "行行行。"),
U("冯莉", "我说一下测试这边，那个，德国客户的马甲面料送SGS了，甲醛和色牢度，结果大概下周出来。"),
U("陈立新", "小冯你结果出来第一时间转给Vivian。",
  I("SGS测试结果出来后转给陈薇", ["fengli"], "qc", None)),
U("冯莉", "好的。"),
U("陈薇", "还有就是客人的验货，尾期验货定在11月3号，第三方是BV。"),
U("陈立新", "Jenny，尾期验货前我们自己先做一次内验，你安排一下，10月30号之前做完。",
  I("尾期验货前组织一次内验", ["yangjing"], "qc", "2026-10-30")),
U("杨静", "嗯，好。那个，包装那边要仓库配合。"),
U("赵大海", "仓库这边没问题，我们提前一天把货码好。",
  I("内验前一天把待验货物码好", [], "wms", "2026-10-29")),
U("陈立新", "还有电商那个色差的，海波你跟一下，跟……嗯，那个，跟染厂要一下那批的回修方案。",
  I("向染厂要色差那批货的回修方案", ["zhouhaibo"], "qc", "2026-10-28")),
U("周海波", "染厂那边我熟。嗯，下周三前吧。"),
U("赵大海", "我顺便说一句，仓库上个月退回来的那批次品，现在还堆在三楼。"),
U("陈立新", "那个次品的处理，等财务定了再说。"),
U("陈薇", "陈经理，日本客人要的那个检针报告格式，我回头发你们一份模板。",
  I("把日本客人要求的检针报告模板发给品质部", ["chenwei"], "trade", None)),
U("杨静", "陈经理，还有一个，新来的两个QC实习生，培训谁带？"),
U("陈立新", "你带吧，Jenny。下周内把基础培训做完。",
  I("完成两名新QC实习生的基础培训", ["yangjing"], "qc", "2026-10-30")),
U("杨静", "啊？我……好吧。"),
U("陈立新", "那今天就这样。对了，下次例会改到周二下午，海波你帮忙约一下会议室。",
  I("预约下次品质例会的会议室", ["zhouhaibo"], "qc", None)),
]

def build_a03():
    d = Doc(); timeline(A03, 2)
    for s in ["钉钉闪记", "标题：10月第三周品质例会", "时间：2026-10-20 15:00", "时长：31分钟",
              "参与人：陈立新、杨静、周海波、冯莉、黄翠萍、许志军、陈薇、赵大海", ""]:
        d.add(s)
    for u in A03:
        d.add_text(u["text"], u["items"], prefix=f"[{hms(u['t'])}] {u['spk']}：")
    return d, ("\n".join(d.lines) + "\n").encode("gbk")

# ---------------------------------------------------------------- a04 Zoom VTT
A04 = [
U("Rachel Zhou", "好，人齐了吧？工厂那边能听到吗？"),
U("会议室-3F", "能听到能听到，我们这边王厂跟国强都在。"),
U("Rachel Zhou", "好。今天主要是美国那个客户的春夏订单，Vivian你先讲一下。"),
U("Vivian Chen", "嗯，客人上周确认了三个款，一共一万二千件，交期是明年二月底离港。"),
U("Vivian Chen", "然后他们要求下周五之前收到产前样。"),
U("Rachel Zhou", "产前样谁来做？设计那边还是工厂样衣间？"),
U("会议室-3F", "工厂这边做，我是王德胜啊，我们下周三前做出来。",
  I("制作美国客户春夏订单产前样", [], "prod", "2026-11-16")),
U("Vivian Chen", "王厂，下周三做出来的话，快递要三天，周五到不了。"),
U("会议室-3F", "那……那就下周一。"),
U("Kevin Wu", "快递我来安排，DHL我有账号。"),
U("Rachel Zhou", "嗯，另外大货面料，客人指定的那个再生涤纶要有GRS证书。"),
U("Jianping He's iPhone", "喂？喂，能听到吗？我刚进来，在路上。"),
U("Rachel Zhou", "何经理，正好，再生涤纶的GRS证书，你跟面料厂要一下，这周内给Vivian。",
  I("向面料厂要再生涤纶GRS证书并给陈薇", ["hejianping"], "mat", "2026-11-13")),
U("Jianping He's iPhone", "GRS是吧，好，好。"),
U("Vivian Chen", "还有TC证书，每一批都要。"),
U("Jianping He's iPhone", "TC的话要等出货才能申请的。"),
U("Rachel Zhou", "那TC到时候再说。"),
U("Kevin Wu", "周总，报价那边，客人还在压价，说越南那边便宜百分之八。"),
U("Rachel Zhou", "这个我来谈。Kevin你今天把成本明细表发我，我明天跟客人开个电话会。",
  I("把成本明细表发给周蕾", ["wukai"], "trade", "2026-11-12"),
  I("与美国客户开电话会谈价格", ["zhoulei"], "trade", "2026-11-13")),
U("Kevin Wu", "OK。"),
U("会议室-3F", "我是国强。那个，产能这边我提醒一下，一月份春节前工人要走，二月初基本没人。"),
U("Rachel Zhou", "对，所以大货一定要春节前做完。国强，你出一个倒排的生产计划，下周一之前给我跟Vivian。",
  I("出春夏订单倒排生产计划", ["chenguoqiang"], "prod", "2026-11-16")),
U("会议室-3F", "好，下周一。"),
U("Vivian Chen", "周总，唛头的话，客人的唛头文件我是不是还要再跟单证对一遍？"),
U("Rachel Zhou", "对，浩然那边要核一遍。Vivian你两个工作日内把唛头文件发给他。",
  I("把客户唛头文件发给李浩然核对", ["chenwei"], "trade", "2026-11-16")),
U("Kevin Wu", "还有测试，客人要的是Intertek，不是SGS。"),
U("Rachel Zhou", "好，那测试的事就Kevin你来跟品质部冯莉对接，面料到了就送测。",
  I("与品质部冯莉对接Intertek送测，面料到后送测", ["wukai"], "trade", None)),
U("会议室-3F", "周总，样衣做好我们这边直接寄给客人吧，省得再转一道。",
  I("产前样做好后由工厂直接寄给客人", [], "prod", None)),
U("Rachel Zhou", "也行，那Kevin快递你就不用管了，工厂直接寄。"),
U("Rachel Zhou", "行，差不多了。Vivian今天下班前你把要点整理成邮件发给大家。",
  I("整理会议要点邮件发给大家", ["chenwei"], "trade", "2026-11-12")),
U("Vivian Chen", "好的，没问题。"),
]

def build_a04():
    d = Doc(); timeline(A04, 1.52)
    d.add("WEBVTT"); d.add("")
    for n, u in enumerate(A04, 1):
        d.add(str(n)); d.add(f"{vtt_ts(u['t'])} --> {vtt_ts(u['t'] + max(2.5, len(u['text'])*0.22))}")
        d.add_text(u["text"], u["items"], prefix=f"{u['spk']}: ")
        d.add("")
    return d, "\n".join(d.lines).encode("utf-8")

# ---------------------------------------------------------------- a05 Teams VTT
A05 = [
U("林子豪", "好，今天一号了啊，双十二就剩十一天，我们把分工过一下。"),
U("孙雨婷", "我先说店铺，天猫的活动报名已经过了，抖音的还在审。"),
U("林子豪", "抖音那个审核你盯紧点，这周内必须过。",
  I("跟进抖音双12活动报名审核，确保通过", ["sunyuting"], "ecom", "2026-12-04")),
U("孙雨婷", "嗯嗯。"),
U("马俊杰", "豪哥，直播这边，十号那场大场，主播还没定。"),
U("林子豪", "阿杰你先跟两个达人都谈一下，周四前给我一个方案，我来定。",
  I("与两位达人沟通并出10号大场直播主播方案", ["majunjie"], "ecom", "2026-12-03")),
U("马俊杰", "好的。"),
U("高珊", "那主图跟详情页什么时候要？我这边现在手上还有年货节的。"),
U("林子豪", "双十二的优先。珊珊，主图下周一之前全部换完。",
  I("更换全部双12主图", ["gaoshan"], "ecom", "2026-12-07")),
U("高珊", "下周一……行吧，我尽量。"),
U("曹琳", "客服这边我说一下，双十一的时候退货率太高了，主要是尺码问题。"),
U("林子豪", "对，这个一直是个问题。"),
U("曹琳", "所以我们客服这边想把尺码表重新做一下，加一个身高体重推荐。我们下周三前出一版。",
  I("重做尺码表（加身高体重推荐）出第一版", [], "ecom", "2026-12-09")),
U("高珊", "尺码表做好了给我，我来上详情页。",
  I("新尺码表做好后上到详情页", ["gaoshan"], "ecom", None)),
U("钱晓东", "仓库这边我提一下，双十二当天的发货量预计是平时的四倍，打包台不够。"),
U("林子豪", "要加多少临时工？"),
U("钱晓东", "至少十五个。这个得人事那边招。"),
U("林子豪", "那晓东你今天就跟梅姐提需求。",
  I("向人事杜红梅提交双12临时工需求", ["qianxiaodong"], "wms", "2026-12-01")),
U("钱晓东", "好，我会后就提。"),
U("袁飞", "系统这边，ERP同步订单有延迟，高峰的时候大概五分钟。"),
U("林子豪", "五分钟不行啊。小袁，你看看能不能在双十二之前优化掉。",
  I("优化ERP订单同步延迟", ["yuanfei"], "it", "2026-12-12")),
U("袁飞", "我尽力，不过可能要加一台服务器，得财务批。"),
U("胡燕", "服务器的钱先走申请吧，你把申请单提上来，我这边两天内给你审。",
  I("提交服务器采购申请单", ["yuanfei"], "it", None),
  I("审批服务器采购申请", ["huyan"], "fin", "2026-12-03")),
U("林子豪", "还有一个，那个，赠品。去年送的暖宝宝大家说不好用。"),
U("孙雨婷", "今年要不送袜子？"),
U("林子豪", "袜子可以。雨婷你找采购……算了，赠品这个我自己去找何经理谈吧。",
  I("找何建平谈双12赠品（袜子）采购", ["linzihao"], "ecom", None)),
U("林子豪", "行，就这样，大家辛苦。"),
]

def build_a05():
    d = Doc(); timeline(A05, 3.12)
    d.add("WEBVTT"); d.add("")
    for n, u in enumerate(A05, 1):
        d.add(f"7f3c2a91-4b8e-4d2a-9c61-0e5b7d1a{n:04d}/{10+n}-0")
        d.add(f"{vtt_ts(u['t'])} --> {vtt_ts(u['t'] + max(2.5, len(u['text'])*0.22))}")
        d.add_text(u["text"], u["items"], prefix=f"<v {u['spk']}>")
        d.lines[-1] += "</v>"
        d.add("")
    return d, "\n".join(d.lines).encode("utf-8")

# ---------------------------------------------------------------- a06 SRT (CRLF, no date in text)
A06 = [
U("何建平", "好，开个短会啊，今天事情多。"),
U("何建平", "先说面料，晓芳你那边羊毛混纺的那个价格谈下来没有？"),
U("刘晓芳", "谈了，供应商降了两块五一米，但是起订量要三千米。"),
U("邓超", "三千米的话我们用不完吧？"),
U("刘晓芳", "秋冬两波加起来差不多，嗯，差不多刚好。"),
U("何建平", "那晓芳你把两波的用量再核一遍，周五前报给我，我再定下不下。",
  I("复核秋冬两波羊毛混纺面料用量并报给何建平", ["liuxiaofang"], "mat", "2026-11-20")),
U("刘晓芳", "好。对了，防钻绒那批，\n上次说的缩水率问题，我今天下午去工厂看一下。",
  I("去工厂查看防钻绒面料缩水率问题", ["liuxiaofang"], "mat", "2026-11-18", sub=1)),
U("邓超", "成本这块，羊毛混纺降价之后的单件成本我重新算一下，下周一前发给沈总。",
  I("重新核算羊毛混纺降价后的单件成本并发给沈佳怡", ["dengchao"], "fin", "2026-11-23")),
U("蒋涛", "辅料这边，拉链的那个YKK，交期又延了，说要到月底。"),
U("何建平", "又延？涛子，你换一家国产的试试，先打个样。",
  I("找国产拉链供应商打样替代YKK", ["jiangtao"], "mat", "2026-11-20")),
U("蒋涛", "国产的我有两家。嗯，这周内吧。"),
U("唐淼", "何经理，设计那边那个，嗯，那个新的撞色织带，我们下周要打样。"),
U("何建平", "织带的话雅琴在跟。雅琴？"),
U("宋雅琴", "在在在。织带我这边找了三家，明天把色卡给唐淼。",
  I("把撞色织带色卡给唐淼", ["songyaqin"], "mat", "2026-11-19")),
U("唐淼", "好，谢谢琴姐，琴姐出手肯定没问题哈哈。"),
U("陈国强", "何经理，我这边催一下，电商那批卫衣的罗纹，到底哪天到？"),
U("蒋涛", "罗纹是周一发的，物流显示周四到。"),
U("陈国强", "周四到的话，到了以后品质部要先验，验完才能上线。那卫衣上线时间我这边顺延，排产表我明天更新。",
  I("顺延卫衣上线时间并更新排产表", ["chenguoqiang"], "prod", "2026-11-19")),
U("何建平", "那涛子你到货当天通知一下品质部冯莉。",
  I("罗纹到货当天通知品质部冯莉来料检验", ["jiangtao"], "mat", "2026-11-19")),
U("邓超", "我插一句，上个月的面料对账单，还有三家供应商没回。"),
U("邓超", "月底要关账，你们这边得催一下。"),
U("何建平", "行，我让晓芳去催，下周三之前都回齐。",
  I("催三家供应商回上月面料对账单", ["liuxiaofang"], "mat", "2026-11-25")),
U("何建平", "还有一个，下个季度的供应商评估，我们部门要出一个评分表。这个不急，年底前吧。",
  I("制定下季度供应商评估评分表", [], "mat", "2026-12-31")),
U("宋雅琴", "何经理，那个评分表要不要参考品质部的来料合格率？"),
U("何建平", "要，你去找陈立新要一下数据。",
  I("向陈立新要来料合格率数据", ["songyaqin"], "mat", None)),
U("何建平", "好，今天就这样，散了。"),
]

def build_a06():
    d = Doc(); timeline(A06, 1.0)
    for n, u in enumerate(A06, 1):
        d.add(str(n)); d.add(f"{srt_ts(u['t'])} --> {srt_ts(u['t'] + max(2.5, len(u['text'])*0.22))}")
        d.add_text(u["text"], u["items"], prefix=f"{u['spk']}：")
        d.add("")
    return d, "\r\n".join(d.lines).encode("utf-8")

# ---------------------------------------------------------------- a07 ASR dump (no speakers, homophones)
A07 = [
U(None, "好那我们开始吧 嗯今天主要是说一下十二月下半月的排产还有就是年前的那个放假安排"),
U(None, "国墙你先说一下"),
U(None, "好的王场 嗯十二月目前在做的是德国那个马甲 已经做了百分之六十 下周二能全部下线"),
U(None, "然后美国那个春夏单的产前样上周已经寄走了客人说收到了"),
U(None, "大货棉料什么时候到"),
U(None, "棉料说是十五号到 何经理那边在跟"),
U(None, "那国墙你跟何经理再确认一下到货时间 明天给我回个话",
  I("与何建平确认大货面料到货时间并回复王德胜", ["chenguoqiang"], "prod", "2026-12-10")),
U(None, "十五号到的话裁床要马上跟上 明慧你那边十五号排上 十四号之前把人安排好",
  I("安排裁床人员，15号开裁春夏大货", ["limingui"], "prod", "2026-12-14")),
U(None, "大样的纸样要徐工那边出的"),
U(None, "对对对 徐工你那个纸样这周五之前给明慧",
  I("把打样纸样交给李明辉", ["xuzhijun"], "prod", "2026-12-11")),
U(None, "行没问题"),
U(None, "还有一个就是品质那边上个月说的断针的事情 平姐你们车间那个登记表现在每个班次都交了吧"),
U(None, "交了交了 每天都交的"),
U(None, "杨静你们品质部下周抽查一次 看看登记的跟实际的对不对得上",
  I("抽查车间断针登记与实际是否一致", ["yangjing"], "qc", "2026-12-16")),
U(None, "好的我下周找个时间 嗯周三吧"),
U(None, "还有验真机的校准证书到期了 品质部这个月底之前要重新送检",
  I("验针机重新送检校准", [], "qc", "2026-12-31")),
U(None, "然后放假的事情 两爽你说一下"),
U(None, "好的 嗯 今年春节是二月十五号到二十三号放假 公司这边工厂是想二月十号就开始放"),
U(None, "二月十号太早了吧外贸的单子怎么办"),
U(None, "这个还没定 老板的意思是看订单"),
U(None, "那放假方案两爽你先出一个初稿 月底之前给我跟杜经理看一下",
  I("出春节放假方案初稿给王德胜和杜红梅", ["liangshuang"], "hr", "2026-12-31")),
U(None, "好的"),
U(None, "还有年终的那个工人返乡车票 去年是公司统一订的大巴"),
U(None, "今年还订大巴吗"),
U(None, "订 今年还是订 人数让各个车间报上来 平姐你们车间下周一之前报一下人数",
  I("上报车间返乡大巴人数", ["huangcuiping"], "prod", "2026-12-14")),
U(None, "好嘞"),
U(None, "赵经理仓库的人要不要一起报"),
U(None, "要的要的我们仓库也报 一起下周一",
  I("上报仓库返乡大巴人数", [], "wms", "2026-12-14")),
U(None, "然后设备那个 二号线的那个平车坏了两台了 上周报修到现在没人来"),
U(None, "徐工你给厂家打个电话今天下午让他们来修",
  I("联系厂家今天下午上门维修二号线平车", ["xuzhijun"], "prod", "2026-12-09")),
U(None, "好我等下就打"),
U(None, "另外就是那个反单 电商的卫衣反单三千件下周五要交仓"),
U(None, "卫衣反单的话可能要加班 平姐那边要排一下周六"),
U(None, "加班的事情周五再定"),
U(None, "好那今天就到这 国墙你把纪要今天发一下群里",
  I("今天把会议纪要发群里", ["chenguoqiang"], "prod", "2026-12-09")),
U(None, "好的王场"),
]

def build_a07():
    d = Doc(); timeline(A07, 3)
    for s in ["语音转写结果", "文件名：生产例会1209.m4a", "录音时间：2026-12-09 08:31:07",
              "时长：00:24:18", "识别引擎：通用普通话（未开启说话人分离）", "----------------------------------------"]:
        d.add(s)
    for u in A07:
        d.add_text(u["text"], u["items"], prefix=f"[{hms(u['t'])}] ")
    return d, ("\n".join(d.lines) + "\n").encode("utf-8")

# ---------------------------------------------------------------- a08 English buyer call (Otter-style)
A08 = [
U("Tom Becker", "Hi everyone, can you hear me okay? I'm on the road, so sorry if it's noisy."),
U("Rachel Zhou", "Yes, loud and clear. Hi Tom, hi Sarah. So today we want to go through the PP samples and the shipping schedule."),
U("Tom Becker", "Great. So first, we got the PP samples on Monday. Overall good, but the hood drawcord on style 2210 is too short, like two centimeters."),
U("Vivian Chen", "Two centimeters shorter than the spec?"),
U("Tom Becker", "Yeah. Sarah has the measurement sheet."),
U("Sarah Kim", "I'll send the full measurement comments to Vivian by end of day today, our time.",
  I("Send full measurement comments on the PP samples to Vivian", [], None, "2026-11-24")),
U("Vivian Chen", "Okay, thank you. 那个，立新，绳子改一下工厂要多久？"),
U("Chen Lixin", "改绳子很快，工厂两天就好。"),
U("Vivian Chen", "Okay, so I will courier the revised sample to you by next Tuesday.",
  I("Courier the revised 2210 sample (corrected drawcord) to the buyer", ["chenwei"], "trade", "2026-12-01")),
U("Tom Becker", "Next Tuesday works."),
U("Tom Becker", "Second thing, the fabric test. We still don't have the Intertek report for the recycled poly."),
U("Kevin Wu", "Yes, the fabric arrived last week and we sent it for testing on Friday. The report usually takes five business days."),
U("Tom Becker", "So when can I have it?"),
U("Kevin Wu", "I'll chase the lab and send you the report no later than December 2nd.",
  I("Chase the lab and send the Intertek report to Tom", ["wukai"], "trade", "2026-12-02")),
U("Tom Becker", "Perfect. Also, our compliance team needs the GRS transaction certificate for every shipment, not just the scope certificate."),
U("Rachel Zhou", "Understood. The TC can only be applied for after shipment. Kevin, please send Tom the GRS scope certificate this week, and we'll handle the TC after shipment.",
  I("Send the GRS scope certificate to Tom", ["wukai"], "trade", "2026-11-27")),
U("Kevin Wu", "Sure, will do."),
U("Tom Becker", "And shipping. The ETD is still February 20?"),
U("Rachel Zhou", "Yes. Um, actually, 王厂那边说春节前能做完对吧？"),
U("Chen Lixin", "对，国强的计划是二月五号前全部完成，品质这边二月八号尾期。"),
U("Rachel Zhou", "Yes, production will finish before Chinese New Year, so ETD February 20 is fine."),
U("Tom Becker", "Good. One more: we're thinking of adding a fourth style, maybe a fleece vest. But it's not confirmed, our merchandising team is still debating."),
U("Rachel Zhou", "Sure, just let us know. If it's confirmed, we'd need the tech pack by mid-December at the latest."),
U("Tom Becker", "I'll get back to you on the fleece vest by next Friday either way.",
  I("Confirm whether the fleece vest style will be added", [], None, "2026-12-04")),
U("Sarah Kim", "And on our side, we'd like to do a virtual factory audit before bulk starts. Could you arrange a video walk-through?"),
U("Rachel Zhou", "Of course. Lixin, can you arrange the video walk-through with Sarah? 跟王厂说一下。",
  I("Arrange the virtual factory audit video walk-through with Sarah", ["chenlixin"], "qc", "2026-12-03")),
U("Chen Lixin", "Okay, no problem. How about next Thursday, December 3rd?"),
U("Sarah Kim", "December 3rd works for me. Morning your time is evening for us, that's fine."),
U("Kevin Wu", "Tom, about the price on style 2212, did your team review our last quote?"),
U("Tom Becker", "Honestly, we're still not happy with it. Vietnam is about eight percent cheaper."),
U("Rachel Zhou", "I understand. Let me go back to the factory and see what we can do. I'll send you a revised quote by Friday.",
  I("Send Tom a revised quote for style 2212", ["zhoulei"], "trade", "2026-11-30")),
U("Tom Becker", "Friday's good. Actually, wait, make it Monday, our buyer is out for Thanksgiving."),
U("Rachel Zhou", "Monday it is."),
U("Vivian Chen", "One more thing, Tom, the carton marks. I sent the final artwork last week, can you confirm?"),
U("Tom Becker", "Oh right, I'll have someone on my team confirm the carton marks tomorrow.",
  I("Confirm the carton mark artwork", [], None, "2026-11-25")),
U("Rachel Zhou", "Great. I'll send a recap email today. Thanks everyone.",
  I("Send a recap email of the call", ["zhoulei"], "trade", "2026-11-24")),
U("Tom Becker", "Thanks Rachel, talk soon. Bye."),
]

def build_a08():
    d = Doc(); timeline(A08, 4)
    for s in ["Hemu Apparel x Northline Outfitters - SS27 PP sample & shipping sync",
              "Tue, Nov 24, 2026 9:00 PM (GMT+8)", "Speakers: Tom Becker, Sarah Kim (Northline); Rachel Zhou, Vivian Chen, Kevin Wu, Chen Lixin (Hemu)", ""]:
        d.add(s)
    for u in A08:
        d.add(f"{u['spk']}  {otter_ts(u['t'])}")
        d.add_text(u["text"], u["items"])
        d.add("")
    d.add("Transcribed by https://otter.ai")
    return d, ("\n".join(d.lines) + "\n").encode("utf-8")

FILES = [
    ("a01_feishu_miaoji_秋冬企划评审.txt", "2026-09-29", False, build_a01),
    ("a02_tencent_meeting_大货排期会.txt", "2026-11-04", False, build_a02),
    ("a03_dingtalk_shanji_品质例会.txt", "2026-10-20", False, build_a03),
    ("GMT20261112-020312_Recording.transcript.vtt", "2026-11-12", True, build_a04),
    ("a05_teams_双12备战会.vtt", "2026-12-01", True, build_a05),
    ("a06_面辅料周会_20261118.srt", "2026-11-18", True, build_a06),
    ("a07_asr_生产例会1209.txt", "2026-12-09", False, build_a07),
    ("a08_buyer_call_northline_en.txt", "2026-11-24", False, build_a08),
]

def main():
    docs = []
    for fname, mdate, passd, fn in FILES:
        d, data = fn()
        with open(os.path.join(HERE, fname), "wb") as f:
            f.write(data)
        docs.append({"file": fname, "meeting_date": mdate, "pass_meeting_date": passd, "items": d.gold})
        print(f"{fname}: {len(d.lines)} lines, {len(d.gold)} items")
    with open(os.path.join(HERE, "gold.json"), "w", encoding="utf-8") as f:
        json.dump({"org": "org.yaml", "documents": docs}, f, ensure_ascii=False, indent=2)
    print("total items:", sum(len(x["items"]) for x in docs))

if __name__ == "__main__":
    main()
