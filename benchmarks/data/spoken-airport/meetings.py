# Meeting content for build.py. Each meeting: file, date, render fn, turns, items.
import datetime as dt
D = dt.date

def I(ev, task, owners, dept, rule, phrase=None):
    return {"evidence": ev, "task": task, "owners": owners, "department": dept, "rule": rule, "phrase": phrase}

def ts(sec, ms=False, sep="."):
    h, r = divmod(int(sec), 3600); m, s = divmod(r, 60)
    return f"{h:02d}:{m:02d}:{s:02d}" + (f"{sep}{int((sec % 1) * 1000):03d}" if ms else "")

def clock(turns, start=3.0):
    t = start; out = []
    for sp, tx in turns:
        dur = max(2.0, len(tx) * 0.23)
        out.append((t, t + dur, sp, tx)); t += dur + 0.6
    return out

# ------------------------------------------------------------------ 1 Feishu 妙记 txt
def r_feishu(m):
    L = [m["title"], "2026年11月26日 下午 2:30|47分钟 12秒", "", "关键词:",
         "自助值机、除冰季、延时关闭、行李分拣、柜台分配、换季", "", "文字记录:", ""]
    for s, e, sp, tx in clock(m["turns"]):
        L += [f"{sp} {ts(s)}", tx, ""]
    return L, "utf-8", "\n"

M1 = dict(file="01_feishu_checkin_baggage_winter.txt", date=D(2026, 11, 26), render=r_feishu,
  title="值机行李冬春换季协调会",
  turns=[
   ("陈静", "嗯好，那个我们开始吧。今天主要就是说，换季以后值机跟行李这边的几个问题，还有就是除冰季的预案。"),
   ("周海涛", "我先说吧，就是说上周那个中转行李错运的事情，嗯，已经跟航司那边对完了，一共十一件，都找回来了。"),
   ("陈静", "好。那个思宇，自助值机那几台机器老是卡纸的问题，你周五前把故障清单整理一下发给我。"),
   ("刘思雨", "行，我周五前给你。"),
   ("陈静", "然后信息部那边，郑工，卡纸这个是不是要你们换打印模块？"),
   ("郑宇", "嗯这个……硬件我们做不了，得找厂家，我们只管系统那块。"),
   ("陈静", "那行，那联系厂家换打印模块我来弄吧。"),
   ("林海", "我插一句啊，除冰季那个，嗯，航班大面积延误以后值机柜台延时关闭的预案，指挥中心这边要一个版本。"),
   ("陈静", "这个我来盯，下周三前给到指挥中心。唐姐你先起个草，下周一给我。"),
   ("唐敏", "好的好的。"),
   ("周海涛", "还有就是行李这边，嗯，那个早班分拣人手不够，人事那边……董姐今天没来是吧？"),
   ("陈静", "没来，她请假了。"),
   ("周海涛", "那我们这边先把早班的人员缺口算一下，月底前报给人事。"),
   ("冯小龙", "周总，那个查询系统导出报表的功能，之前说要加的，嗯……"),
   ("周海涛", "算了这个先不用，等新系统上线再说。"),
   ("陈静", "嗯。阿龙，你那边把上个月破损行李的理赔单汇总一下，后天给客服部韩姐。"),
   ("冯小龙", "好，后天之前给韩姐。"),
   ("刘思雨", "陈经理，还有那个……嗯，值机柜台上面的航班信息屏，有两块不亮了。"),
   ("郑宇", "这个是我们的，我让晓燕明天去看一下。"),
   ("唐敏", "那个……无陪儿童的交接单，新版本印出来了没有？"),
   ("陈静", "还没有。小赵，你明天去印务那边催一下。"),
   ("赵阳", "好的陈经理。"),
   ("周海涛", "对了，二号转盘那个皮带有点跑偏，我让李娜周一之前报个维修。"),
   ("林海", "另外就是……那个，换季以后有三家新航司的柜台分配，我来出表，周五下班前发群里。"),
   ("陈静", "好，那就这样，嗯，还有别的吗？没有就散了。下次会还是周四，同一时间。"),
  ],
  items=[
   I("自助值机那几台机器老是卡纸的问题，你周五前把故障清单整理一下发给我", "整理自助值机设备卡纸故障清单发给陈静", ["liusiyu"], "checkin", ("wd", 4), "周五前"),
   I("联系厂家换打印模块我来弄吧", "联系设备厂家更换自助值机打印模块", ["chenjing"], "checkin", None),
   I("这个我来盯，下周三前给到指挥中心", "牵头出除冰季值机柜台延时关闭预案并交指挥中心", ["chenjing"], "checkin", ("nextwd", 2), "下周三前"),
   I("唐姐你先起个草，下周一给我", "起草值机柜台延时关闭预案初稿", ["tangmin"], "checkin", ("nextwd", 0), "下周一"),
   I("那我们这边先把早班的人员缺口算一下，月底前报给人事", "测算行李早班分拣人员缺口并报人事", [], "baggage", ("eom",), "月底前"),
   I("阿龙，你那边把上个月破损行李的理赔单汇总一下", "汇总上月破损行李理赔单交客服部韩雪", ["fengxiaolong"], "baggage", ("dayafter",), "后天"),
   I("我让晓燕明天去看一下", "检修值机柜台两块不亮的航班信息屏", ["wangxiaoyan"], "it", ("tomorrow",), "明天"),
   I("小赵，你明天去印务那边催一下", "到印务催印新版无陪儿童交接单", ["zhaoyang"], "checkin", ("tomorrow",), "明天"),
   I("我让李娜周一之前报个维修", "为二号转盘皮带跑偏报修", ["lina"], "baggage", ("wd", 0), "周一之前"),
   I("我来出表，周五下班前发群里", "出三家新航司值机柜台分配表并发群", ["linhai"], "ops", ("wd", 4), "周五下班前"),
  ])

# ------------------------------------------------------------------ 2 Tencent Meeting txt
def r_tencent(m):
    L = ["腾讯会议 录制转写", f"会议主题：{m['title']}", "会议时间：2026/12/01 14:00-15:08 (GMT+08:00)",
         "会议号：523 881 407", "发起人：林海", "参会人数：9", "", "转写内容："]
    for s, e, sp, tx in clock(m["turns"]):
        L += [f"{sp}({ts(s)})：{tx}"]
    L += ["", "（本转写由腾讯会议AI生成，仅供参考）"]
    return L, "utf-8-sig", "\n"

M2 = dict(file="02_tencent_chunyun_prep.txt", date=D(2026, 12, 1), render=r_tencent,
  title="2027春运保障第一次筹备会",
  turns=[
   ("林海", "喂，大家能听到吗？嗯好，那我们开始。今天是春运保障的第一次筹备会，主要是把各部门的准备工作过一下。"),
   ("王磊", "机坪这边，嗯，春运期间航班量预计涨百分之十八，远机位保障压力是最大的。"),
   ("林海", "磊哥，远机位的保障方案你们下周五前出一版。高飞，远机位引导员的缺口你算一下，周四前报给我。"),
   ("王磊", "行，没问题。"),
   ("徐志刚", "那个我插一下，远机位要用摆渡车，我们摆渡车现在能用的就十四台，还有两台在修。"),
   ("林海", "两台什么时候能修好？"),
   ("徐志刚", "配件还没到，我让Kevin去催配件，争取15号之前两台都修好。"),
   ("董丽", "人事这边……春运临时工，去年招了六十个，今年估计要八十个，招聘方案我周四前发出来。"),
   ("林海", "好。钱总，临时工的预算……"),
   ("钱慧", "预算这个得总经理签字，嗯，我们这边先做个费用测算，下周内给到董姐。"),
   ("孙建国", "配载这边说一下，春运加班包机比较多。何杰，你把春运期间配载员的排班表做一下，12月20号前给我。"),
   ("何杰", "好的孙经理。"),
   ("曹涛", "货运这边，春运期间货邮量会下降，我们可以抽四个人去支援行李。"),
   ("林海", "这个好。那曹总你跟周海涛对接一下具体哪几个人，周三前定下来。"),
   ("曹涛", "可以。"),
   ("马志远", "安全这块，嗯，春运前要做一次全员安全培训，培训课件我们安质部来出，月底前。"),
   ("马志远", "培训的场地跟时间，嗯，那个，我让小罗来排。"),
   ("董丽", "罗毅今天在外面，临时工的岗前培训需求我回去跟他说，让他12月15号之前跟各部门收一下。"),
   ("马志远", "还有谢力，春运期间的服务质量检查计划你来做，下周三前给我。"),
   ("谢力", "收到。"),
   ("林海", "还有一个，春运指挥部的值班表，嗯，我这边出，元旦前发给大家。"),
   ("王磊", "林总，那个廊桥的……算了，这个先不说了。"),
   ("徐志刚", "还有就是除冰车的除冰液采购，去年是财务那边……"),
   ("钱慧", "除冰液采购不是我们，得你们车队自己报计划，我们只管付款。"),
   ("徐志刚", "哦对，那我们这边自己报，这周内报上去。"),
   ("林海", "好，那今天就先这样。下次筹备会定在下周二，蔡明，你明天把会议室订好，通知发出去。"),
   ("蔡明", "好的林总。"),
  ],
  items=[
   I("磊哥，远机位的保障方案你们下周五前出一版", "出春运远机位保障方案", ["wanglei"], "ramp", ("nextwd", 4), "下周五前"),
   I("高飞，远机位引导员的缺口你算一下，周四前报给我", "测算春运远机位引导员缺口报林海", ["gaofei"], "ramp", ("wd", 3), "周四前"),
   I("我让Kevin去催配件", "催配件修复两台在修摆渡车", ["dengkai"], "gse", ("date", 12, 15), "15号之前"),
   I("招聘方案我周四前发出来", "发布春运临时工招聘方案", ["dongli"], "hr", ("wd", 3), "周四前"),
   I("我们这边先做个费用测算，下周内给到董姐", "做春运临时工费用测算给董丽", [], "fin", ("nextweek",), "下周内"),
   I("何杰，你把春运期间配载员的排班表做一下", "做春运期间配载员排班表", ["hejie"], "loadctl", ("date", 12, 20), "12月20号前"),
   I("那曹总你跟周海涛对接一下具体哪几个人", "与周海涛确定货运支援行李的四名人员", ["caotao"], "cargo", ("wd", 2), "周三前"),
   I("培训课件我们安质部来出，月底前", "制作春运前全员安全培训课件", [], "sq", ("eom",), "月底前"),
   I("我让小罗来排", "安排春运安全培训的场地和时间", ["luoyi"], "hr", None),
   I("让他12月15号之前跟各部门收一下", "向各部门收集临时工岗前培训需求", ["luoyi"], "hr", ("date", 12, 15), "12月15号之前"),
   I("还有谢力，春运期间的服务质量检查计划你来做", "制定春运期间服务质量检查计划", ["xieli"], "sq", ("nextwd", 2), "下周三前"),
   I("春运指挥部的值班表，嗯，我这边出，元旦前发给大家", "出春运指挥部值班表发给大家", ["linhai"], "ops", ("date", 1, 1), "元旦前"),
   I("那我们这边自己报，这周内报上去", "上报除冰液采购计划", [], "gse", ("thisweek",), "这周内"),
   I("蔡明，你明天把会议室订好，通知发出去", "预订下次筹备会会议室并发通知", ["caiming"], "ops", ("tomorrow",), "明天"),
  ])

# ------------------------------------------------------------------ 3 DingTalk 闪记
def r_dingtalk(m):
    L = ["【钉钉闪记】", f"标题：{m['title']}", "时间：2026年12月3日（星期四）10:00 - 10:38",
         "参与人：马志远、王磊、徐志刚、高飞、潘宇、侯建、谭欣、陆军", "记录方式：智能语音转写", "-" * 24]
    for s, e, sp, tx in clock(m["turns"]):
        L += [f"[{ts(s)}] {sp}：{tx}"]
    L += ["-" * 24, "以上内容由钉钉闪记自动生成"]
    return L, "utf-8", "\n"

M3 = dict(file="03_dingtalk_ramp_safety.txt", date=D(2026, 12, 3), render=r_dingtalk,
  title="机坪车辆刮碰事件整改会",
  turns=[
   ("马志远", "好，人到齐了。那个，上周六摆渡车刮碰飞机翼尖的事情，调查报告已经出了，今天主要是定整改措施。"),
   ("谭欣", "我简单说一下原因，嗯，就是司机视线盲区，再加上那个机位引导员当时不在位。"),
   ("马志远", "老徐，你们车队所有摆渡车的盲区摄像头，这个月底之前全部检查一遍。"),
   ("徐志刚", "全部啊？三十多台车……行，月底前我们弄完。"),
   ("马志远", "高飞，引导员在位这个，你们机坪调度出一个交叉核对的流程，嗯，下周三之前。"),
   ("高飞", "好的马总。"),
   ("王磊", "我补充一下，这个流程出来以后，引导员要全部培训一遍，这个我来安排，十二月十八号之前培训完。"),
   ("侯建", "那个……司机这边也要培训吧？"),
   ("徐志刚", "司机的培训侯建你来组织，下周内搞完。"),
   ("侯建", "行，我下周搞完。"),
   ("谭欣", "还有事件通报，要报监管局那边，这个是我们安质部的事，我来写，明天上午发马总审。"),
   ("马志远", "好。小攀，那个翼尖位置的地面标线重新喷一下，你跟场务对接，周五前。"),
   ("潘宇", "好，我周五前跟场务对好。"),
   ("陆军", "马总，那个车辆调度系统里面能不能加一个盲区提醒……"),
   ("王磊", "这个要信息部做，我们做不了。"),
   ("马志远", "嗯，那加盲区提醒的需求我来跟郑宇提，下次例会我带结果回来。"),
   ("谭欣", "另外，所有驾驶员的机坪驾驶证，有效期到年底的要复审。"),
   ("马志远", "复审名单我们安质部出，下周内。"),
   ("王磊", "高飞，远机位引导从下周开始都要双人，你把引导员排班调一下，周一之前。"),
   ("高飞", "没问题。"),
   ("谭欣", "整改完了是不是还要做一次复查？"),
   ("马志远", "复查的话……嗯，如果整改都按时完成，可以考虑一月份跟机场做个联合检查，到时候再说。"),
   ("马志远", "好，就这样。陆军，会议纪要你今天下班前发到钉钉群里。"),
  ],
  items=[
   I("老徐，你们车队所有摆渡车的盲区摄像头，这个月底之前全部检查一遍", "检查全部摆渡车盲区摄像头", ["xuzhigang"], "gse", ("eom",), "这个月底之前"),
   I("高飞，引导员在位这个，你们机坪调度出一个交叉核对的流程", "制定引导员在位交叉核对流程", ["gaofei"], "ramp", ("nextwd", 2), "下周三之前"),
   I("这个我来安排，十二月十八号之前培训完", "组织全部引导员培训", ["wanglei"], "ramp", ("date", 12, 18), "十二月十八号之前"),
   I("司机的培训侯建你来组织，下周内搞完", "组织摆渡车司机培训", ["houjian"], "gse", ("nextweek",), "下周内"),
   I("我来写，明天上午发马总审", "撰写刮碰事件通报报马志远审核", ["tanxin"], "sq", ("tomorrow",), "明天上午"),
   I("小攀，那个翼尖位置的地面标线重新喷一下", "与场务对接重喷翼尖位置地面标线", ["panyu"], "ramp", ("wd", 4), "周五前"),
   I("那加盲区提醒的需求我来跟郑宇提", "向信息部郑宇提出调度系统盲区提醒需求", ["mazhiyuan"], "sq", None),
   I("复审名单我们安质部出，下周内", "出机坪驾驶证复审名单", [], "sq", ("nextweek",), "下周内"),
   I("你把引导员排班调一下，周一之前", "调整远机位双人引导的引导员排班", ["gaofei"], "ramp", ("wd", 0), "周一之前"),
   I("陆军，会议纪要你今天下班前发到钉钉群里", "把会议纪要发到钉钉群", ["lujun"], "gse", ("today",), "今天下班前"),
  ])

# ------------------------------------------------------------------ 4 Teams .vtt
def r_teams(m):
    L = ["WEBVTT", "", f"NOTE 会议: {m['title']} | 日期: 2026-12-08 | Microsoft Teams 转录", ""]
    for k, (s, e, sp, tx) in enumerate(clock(m["turns"])):
        L += [f"8c1f4e2a-77b3-4d10-9e65-2b0c9d3a51f7/{11 + k}-0", f"{ts(s, True)} --> {ts(e, True)}",
              f"<v {sp}>{tx}</v>", ""]
    return L, "utf-8", "\n"

M4 = dict(file="04_teams_dcs_cutover.vtt", date=D(2026, 12, 8), render=r_teams,
  title="离港系统升级上线评审",
  turns=[
   ("郑宇", "好，那我们开始，今天 review 一下离港系统升级的上线计划。"),
   ("郑宇", "上线时间初定在十二月二十二号凌晨，那个窗口航班最少。"),
   ("黄浩", "嗯，cutover plan 我这周四之前写完，然后发给大家 review。"),
   ("郑宇", "佳怡，回滚方案你来写，同样周四。"),
   ("宋佳怡", "好的。"),
   ("陈静", "那个值机这边要做用户测试吧？测试人员我们这边出，名单明天发给郑工。"),
   ("周海涛", "行李这边BRS也要联调，我让冯晓龙对接，下周五前联调完。"),
   ("孙建国", "配载系统的接口会不会受影响？"),
   ("黄浩", "配载接口不变，but 报文格式有一个字段要改，就是 LDM message，何杰那边要确认一下。"),
   ("孙建国", "好，我让何杰 check 一下，周五前回复你。"),
   ("王晓燕", "运维这边，上线当晚要有人值守，嗯，值守表我来排，下周一给大家。"),
   ("郑宇", "还有培训，值机员要培训新界面。陈经理，培训这个……"),
   ("陈静", "培训我们做不了，新界面我们自己都没见过，得信息部先培训我们的督导。"),
   ("郑宇", "那行，Howard，你给值机督导先做一场 train-the-trainer，下周二之前。"),
   ("黄浩", "OK，没问题。"),
   ("周海涛", "还有那个行李标签打印机的驱动，新系统要不要换？"),
   ("黄浩", "要换，驱动包我下周一前打好发给你们。"),
   ("郑宇", "另外数据迁移，之前说要把三年的历史旅客数据都迁过来，这个算了，先不迁三年了，只迁一年。"),
   ("宋佳怡", "那一年的迁移脚本我本周内写完。"),
   ("郑宇", "对。晓燕，上线前的数据库全量备份，你跟黄浩一起，21号晚上做。"),
   ("王晓燕", "好的。"),
   ("郑宇", "好，那就这样，thanks everyone。"),
  ],
  items=[
   I("cutover plan 我这周四之前写完", "编写离港系统上线切换计划并发大家评审", ["huanghao"], "it", ("wd", 3), "这周四之前"),
   I("佳怡，回滚方案你来写，同样周四", "编写离港系统上线回滚方案", ["songjiayi"], "it", ("wd", 3), "同样周四"),
   I("测试人员我们这边出，名单明天发给郑工", "出值机用户测试人员名单发给郑宇", [], "checkin", ("tomorrow",), "明天"),
   I("我让冯晓龙对接，下周五前联调完", "完成BRS与新离港系统联调", ["fengxiaolong"], "baggage", ("nextwd", 4), "下周五前"),
   I("好，我让何杰 check 一下，周五前回复你", "确认LDM报文字段变更对配载的影响并回复黄浩", ["hejie"], "loadctl", ("wd", 4), "周五前"),
   I("值守表我来排，下周一给大家", "排上线当晚运维值守表", ["wangxiaoyan"], "it", ("nextwd", 0), "下周一"),
   I("Howard，你给值机督导先做一场 train-the-trainer", "为值机督导做新界面 train-the-trainer 培训", ["huanghao"], "it", ("nextwd", 1), "下周二之前"),
   I("驱动包我下周一前打好发给你们", "打包行李标签打印机新驱动发给行李部", ["huanghao"], "it", ("nextwd", 0), "下周一前"),
   I("那一年的迁移脚本我本周内写完", "编写一年历史旅客数据迁移脚本", ["songjiayi"], "it", ("thisweek",), "本周内"),
   I("晓燕，上线前的数据库全量备份，你跟黄浩一起", "上线前做数据库全量备份", ["wangxiaoyan", "huanghao"], "it", ("date", 12, 21), "21号晚上"),
  ])

# ------------------------------------------------------------------ 5 SRT
def r_srt(m):
    L = []
    for k, (s, e, sp, tx) in enumerate(clock(m["turns"], 1.0)):
        L += [str(k + 1), f"{ts(s, True, ',')} --> {ts(e, True, ',')}", f"{sp}：{tx}", ""]
    return L, "utf-8", "\n"

M5 = dict(file="05_service_quality_weekly.srt", date=D(2026, 12, 10), render=r_srt,
  title="服务质量周会",
  turns=[
   ("韩雪", "好，今天是2026年12月10号，服务质量周会现在开始。"),
   ("白露", "上周投诉一共二十三起，其中安检排队的投诉有九起。"),
   ("韩雪", "安检排队这个，梁总，你们能不能跟机场安检站沟通一下高峰期多开通道？"),
   ("梁斌", "嗯，开通道我们决定不了，得安检站定，我们只能去协调。我让小田把高峰时段的排队数据整理一下，下周一发给安检站。"),
   ("韩雪", "好。白露，那九起投诉的回访你明天之前做完。"),
   ("白露", "行，我明天之前做完。"),
   ("叶青", "质检这边，上周抽查了值机的服务用语，有几个柜台不太规范。"),
   ("陈静", "哪几个柜台你发我，我们这边内部整改，下周五前给你整改报告。"),
   ("谢力", "还有行李破损理赔的时效，旅客反映太慢了。"),
   ("韩雪", "这个行李部的小杨在吗？"),
   ("杨璐", "在的。"),
   ("韩雪", "小羊，理赔流程你回去梳理一下，本周内给我一个方案。"),
   ("杨璐", "好的韩姐，我周五前给您。"),
   ("韩雪", "还有，谢力你跟叶青一起，把这个月的神秘旅客暗访安排一下，月底前做完。"),
   ("田雪", "梁总，安检站那边要的数据，除了排队时长，还要航班波次。"),
   ("梁斌", "航班波次找指挥中心要，我回头让范佳成导一份。"),
   ("田雪", "还有轮椅旅客的安检绿色通道，上次说要做个指引。"),
   ("梁斌", "这个我来盯，圣诞节前出来。"),
   ("韩雪", "好的。叶青，这周的质检周报周五前发给大家。"),
   ("韩雪", "另外白露，节前那个……算了，元旦的服务预案下次再说。"),
   ("韩雪", "就这样，散会。"),
  ],
  items=[
   I("我让小田把高峰时段的排队数据整理一下，下周一发给安检站", "整理高峰时段安检排队数据发给安检站", ["tianxue"], "secco", ("nextwd", 0), "下周一"),
   I("白露，那九起投诉的回访你明天之前做完", "完成九起安检排队投诉的回访", ["bailu"], "cs", ("tomorrow",), "明天之前"),
   I("哪几个柜台你发我", "把服务用语不规范的值机柜台清单发给陈静", ["yeqing"], "cs", None),
   I("我们这边内部整改，下周五前给你整改报告", "值机服务用语内部整改并提交整改报告", [], "checkin", ("nextwd", 4), "下周五前"),
   I("小羊，理赔流程你回去梳理一下，本周内给我一个方案", "梳理行李破损理赔流程并出提速方案", ["yanglu"], "baggage", ("thisweek",), "本周内"),
   I("谢力你跟叶青一起，把这个月的神秘旅客暗访安排一下", "安排并完成本月神秘旅客暗访", ["xieli", "yeqing"], None, ("eom",), "月底前"),
   I("我回头让范佳成导一份", "导出航班波次数据", ["fanjiacheng"], "ops", None),
   I("这个我来盯，圣诞节前出来", "出轮椅旅客安检绿色通道指引", ["liangbin"], "secco", ("date", 12, 25), "圣诞节前"),
   I("叶青，这周的质检周报周五前发给大家", "发本周质检周报", ["yeqing"], "cs", ("wd", 4), "周五前"),
  ])

# ------------------------------------------------------------------ 6 raw ASR dump (GB18030)
def r_asr(m):
    spk = {"曹涛": "SPEAKER_00", "蒋雯": "SPEAKER_01", "石勇": "SPEAKER_02", "钱慧": "SPEAKER_03", "梁斌": "SPEAKER_04"}
    L = ["ASR_RESULT task_id=7f3a91c2e0 model=paraformer-zh audio=cargo_weekly_20261204.m4a",
         "start_time=2026-12-04 09:30:12 duration=00:41:07 lang=zh",
         "speakers: " + " ".join(f"{v}={k}" for k, v in spk.items()), ""]
    for s, e, sp, tx in clock(m["turns"], 4.2):
        L += [f"[{ts(s, True)}] {spk[sp]}: {tx}"]
    return L, "gb18030", "\n"

M6 = dict(file="06_asr_raw_cargo_weekly.txt", date=D(2026, 12, 4), render=r_asr,
  title="货运周例会",
  turns=[
   ("曹涛", "好那个我们开始吧 今天货运周例会 嗯 主要说几个事"),
   ("曹涛", "第一个是那个锂电池的 就是说上周有一票锂电池没申报 被安检查出来了 这个事情江雯你跟货代那边沟通一下 下周二之前给我一个书面的情况说明"),
   ("蒋雯", "好的曹总 我下周二之前给你"),
   ("梁斌", "这个安检站那边我们也要报一下 我们这边出个协调函 今天下午就发"),
   ("曹涛", "第二个就是冷库温度监控老是报警 石哥你看一下是设备问题还是 嗯 还是系统的问题"),
   ("石勇", "这个我看过了 应该是传感器的问题 我们做不了 得找厂家或者信息部"),
   ("曹涛", "那你联系一下信息部郑工 让他们派人来看 周一之前"),
   ("石勇", "行"),
   ("钱慧", "我说一下财务的事 货代的账期有三家超期了 超过九十天 蒋雯你把这三家的对账单月底前给朱晴"),
   ("蒋雯", "嗯好"),
   ("曹涛", "还有年底的货站盘点 这个我来牵头 十二月二十八号之前盘完"),
   ("钱慧", "盘点结果出来以后财务这边要做资产核对 我让Amy跟一下"),
   ("曹涛", "还有那个 那个监装的新人培训 之前说要做 算了这个先不用 人还没招到"),
   ("石勇", "曹总 冷库的门帘坏了要换新的 我下周三前报个采购申请"),
   ("梁斌", "还有锂电池这个 下个月安检协调这边要给货代做一次培训 田学你月底前把课件弄出来"),
   ("钱慧", "曹总 下个月开始执行新的计费标准 你们的报价单下月初之前更新一下"),
   ("曹涛", "行 那就这样 哦对了 下周例会改到周四 石哥你通知一下大家"),
  ],
  items=[
   I("这个事情江雯你跟货代那边沟通一下 下周二之前给我一个书面的情况说明", "与货代沟通锂电池未申报事件并出书面情况说明", ["jiangwen"], "cargo", ("nextwd", 1), "下周二之前"),
   I("我们这边出个协调函 今天下午就发", "就锂电池事件向安检站发协调函", [], "secco", ("today",), "今天下午"),
   I("那你联系一下信息部郑工 让他们派人来看 周一之前", "联系信息部派人检查冷库温度监控报警", ["shiyong"], "cargo", ("wd", 0), "周一之前"),
   I("蒋雯你把这三家的对账单月底前给朱晴", "把三家超期货代的对账单交朱晴", ["jiangwen"], "cargo", ("eom",), "月底前"),
   I("这个我来牵头 十二月二十八号之前盘完", "牵头完成年底货站盘点", ["caotao"], "cargo", ("date", 12, 28), "十二月二十八号之前"),
   I("我让Amy跟一下", "盘点后做资产核对", ["zhuqing"], "fin", None),
   I("我下周三前报个采购申请", "提交冷库门帘更换采购申请", ["shiyong"], "cargo", ("nextwd", 2), "下周三前"),
   I("田学你月底前把课件弄出来", "制作货代锂电池安检培训课件", ["tianxue"], "secco", ("eom",), "月底前"),
   I("你们的报价单下月初之前更新一下", "按新计费标准更新货运报价单", ["caotao"], "cargo", ("nextmonthstart",), "下月初之前"),
   I("石哥你通知一下大家", "通知大家下周例会改到周四", ["shiyong"], "cargo", None),
  ])

# ------------------------------------------------------------------ 7 Zoom .vtt (date only in file name, GMT)
def r_zoom(m):
    L = ["WEBVTT", ""]
    for k, (s, e, sp, tx) in enumerate(clock(m["turns"], 2.0)):
        L += [str(k + 1), f"{ts(s, True)} --> {ts(e, True)}", f"{sp}: {tx}", ""]
    return L, "utf-8", "\n"

# GMT 2026-12-15 17:00 = Asia/Shanghai 2026-12-16 01:00 (Wednesday)
M7 = dict(file="GMT20261215-170000_Recording.transcript.vtt", date=D(2026, 12, 16), render=r_zoom,
  title="夜班运行交班会",
  turns=[
   ("林海", "好，夜班的兄弟们辛苦了，咱们简单过一下今晚的情况，然后说几个事。"),
   ("蔡明", "今晚延误了四班，主要是那个成都方向的流控。"),
   ("林海", "嗯。Jason，今晚延误航班的保障时间节点你整理一下，周四下班前给我。"),
   ("范嘉诚", "OK，没问题。"),
   ("高飞", "机坪这边，206机位的地面电源又坏了，夜里用不了。"),
   ("林海", "这个是特车的还是……"),
   ("陆军", "地面电源是我们特车的，我让邓凯三天内修好。"),
   ("李娜", "行李这边，今晚有一班行李晚到了四十分钟，嗯，三号转盘又卡了。"),
   ("林海", "娜姐你写个情况说明，这周五前报安质部。"),
   ("李娜", "三号转盘卡了已经第三次了，得彻底修。"),
   ("陆军", "转盘不是我们特车的设备，我们做不了，得找转盘厂家。"),
   ("李娜", "那行，那我们这边自己联系厂家，这周内。"),
   ("赵阳", "值机这边说一下，早班六点的柜台人一直不够，能不能……"),
   ("林海", "这个你们值机内部调，我这边管不了，你找陈经理。"),
   ("何杰", "配载这边，夜里那个加班包机的舱单有一份数据不对，已经改过来了。"),
   ("林海", "何工，舱单出错这个你写个差错报告，下周一之前给孙经理。"),
   ("蔡明", "林总，下周的夜班排班我这边还没出，我周五之前出。"),
   ("林海", "行。"),
   ("高飞", "还有，冬季了夜里机坪结冰，融雪剂库存不多了。"),
   ("林海", "高哥你把融雪剂库存清点一下报上来，采购流程我来走。"),
   ("林海", "还有各位，交班记录所有席位都要在系统里补齐，每个人自己补，周四之前。"),
   ("林海", "好，今天就到这，大家辛苦。"),
  ],
  items=[
   I("Jason，今晚延误航班的保障时间节点你整理一下，周四下班前给我", "整理今晚延误航班保障时间节点", ["fanjiacheng"], "ops", ("wd", 3), "周四下班前"),
   I("我让邓凯三天内修好", "修好206机位地面电源", ["dengkai"], "gse", ("ndays", 3), "三天内"),
   I("娜姐你写个情况说明，这周五前报安质部", "写行李晚到及三号转盘卡滞情况说明报安质部", ["lina"], "baggage", ("wd", 4), "这周五前"),
   I("那我们这边自己联系厂家，这周内", "联系转盘厂家彻底维修三号转盘", [], "baggage", ("thisweek",), "这周内"),
   I("何工，舱单出错这个你写个差错报告，下周一之前给孙经理", "写包机舱单差错报告交孙建国", ["hejie"], "loadctl", ("nextwd", 0), "下周一之前"),
   I("我周五之前出", "出下周夜班排班", ["caiming"], "ops", ("wd", 4), "周五之前"),
   I("高哥你把融雪剂库存清点一下报上来", "清点融雪剂库存并上报", ["gaofei"], "ramp", None),
   I("采购流程我来走", "走融雪剂采购流程", ["linhai"], "ops", None),
   I("交班记录所有席位都要在系统里补齐", "在系统里补齐各席位交班记录", [], None, ("wd", 3), "周四之前"),
  ])

# ------------------------------------------------------------------ 8 English call (Otter-style txt, CRLF)
def r_otter(m):
    L = [m["title"], "Wed, Dec 9, 2026 3:00PM • 46:18", "", "SUMMARY KEYWORDS",
         "on-time performance, mishandled bags, ULD, de-icing, invoice, DCS upgrade", "", "SPEAKERS",
         "Chen Jing, Mark Reynolds, Zhou Haitao, Cao Tao, Amy Zhu, Howard Huang, Ma Zhiyuan, Jason Fan", ""]
    for s, e, sp, tx in clock(m["turns"], 4.0):
        mm, ss = divmod(int(s), 60)
        L += [f"{sp}  {mm}:{ss:02d}", tx, ""]
    return L, "utf-8", "\r\n"

M8 = dict(file="08_skyline_airways_review_en.txt", date=D(2026, 12, 9), render=r_otter,
  title="Skyline Airways - Station Handling Quarterly Review",
  turns=[
   ("Chen Jing", "Okay, I think everyone's here. Mark, thanks for joining. Let's start with the performance numbers."),
   ("Mark Reynolds", "Sure. Our on-time performance at your station dropped to 86% in November, which is below the SLA."),
   ("Chen Jing", "Yeah, we looked at that. Most of it was the check-in closure on the early wave. I'll send you a root-cause breakdown by Friday."),
   ("Mark Reynolds", "Great. Also the mishandled bag rate went up. Can someone own that?"),
   ("Zhou Haitao", "That's us. Lina on my team will pull the November mishandled bag report for you by next Wednesday."),
   ("Mark Reynolds", "And on the cargo side, we had two ULDs come back damaged."),
   ("Cao Tao", "We're checking that. Shi Yong will inspect both units and send you photos within 3 business days."),
   ("Mark Reynolds", "Okay. On billing, the October invoice has a discrepancy on the de-icing charges."),
   ("Amy Zhu", "Yes, I saw your email. I'll reissue the October invoice by end of month."),
   ("Mark Reynolds", "Could you also break out the de-icing fluid usage per flight?"),
   ("Amy Zhu", "That we can't do from finance, the usage data sits with the GSE team, 特车那边."),
   ("Chen Jing", "Okay, I'll ask Lao Xu. Xu Zhigang will send the per-flight de-icing usage to Amy next week."),
   ("Mark Reynolds", "And the DCS upgrade on the 22nd, will our agents be affected?"),
   ("Howard Huang", "Minimal impact. 我们会提前 — sorry — we'll share the cutover schedule with your station tomorrow."),
   ("Mark Reynolds", "Nice. Can your team also re-train the agents on the new bag tag format?"),
   ("Chen Jing", "Yes, Siyu will run a refresher for all check-in agents before December 20."),
   ("Mark Reynolds", "One more thing, we'd like a joint safety walk on the ramp in January."),
   ("Ma Zhiyuan", "Sure, happy to. I'll propose two dates by email before Christmas."),
   ("Mark Reynolds", "Let me also check with HQ about the new SLA template. Actually, scratch that, we'll keep the current one."),
   ("Jason Fan", "From the ops center side: Mark, could you send us your updated contact list for irregular operations?"),
   ("Mark Reynolds", "Sure, I'll send it over ASAP."),
   ("Cao Tao", "And I'll personally follow up with your cargo team on the ULD damage claims, no fixed date yet."),
   ("Chen Jing", "Great, thanks everyone. Jason, can you set up the next quarterly review and send the invite?"),
   ("Jason Fan", "Will do."),
  ],
  items=[
   I("I'll send you a root-cause breakdown by Friday", "Send Skyline a root-cause breakdown of the November OTP drop", ["chenjing"], "checkin", ("wd", 4), "by Friday"),
   I("Lina on my team will pull the November mishandled bag report", "Pull the November mishandled bag report for Skyline", ["lina"], "baggage", ("nextwd", 2), "by next Wednesday"),
   I("Shi Yong will inspect both units and send you photos within 3 business days", "Inspect the two damaged ULDs and send photos", ["shiyong"], "cargo", ("nworkdays", 3), "within 3 business days"),
   I("I'll reissue the October invoice by end of month", "Reissue the October invoice with corrected de-icing charges", ["zhuqing"], "fin", ("eom",), "by end of month"),
   I("Xu Zhigang will send the per-flight de-icing usage to Amy next week", "Send per-flight de-icing fluid usage to Amy", ["xuzhigang"], "gse", ("nextweek",), "next week"),
   I("we'll share the cutover schedule with your station tomorrow", "Share the DCS cutover schedule with Skyline's station", [], "it", ("tomorrow",), "tomorrow"),
   I("Siyu will run a refresher for all check-in agents before December 20", "Run a bag-tag format refresher for all check-in agents", ["liusiyu"], "checkin", ("date", 12, 20), "before December 20"),
   I("I'll propose two dates by email before Christmas", "Propose two dates for the January joint ramp safety walk", ["mazhiyuan"], "sq", ("date", 12, 25), "before Christmas"),
   I("Mark, could you send us your updated contact list for irregular operations?", "Send updated IROPS contact list (external: Mark Reynolds)", [], None, None),
   I("I'll personally follow up with your cargo team on the ULD damage claims", "Follow up with Skyline cargo on ULD damage claims", ["caotao"], "cargo", None),
   I("Jason, can you set up the next quarterly review and send the invite?", "Set up the next quarterly review and send the invite", ["fanjiacheng"], "ops", None),
  ])

MEETINGS = [M1, M2, M3, M4, M5, M6, M7, M8]
