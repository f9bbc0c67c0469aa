#!/usr/bin/env python3
"""Writes org.yaml, the 8 meeting files, gold.json, gold_evidence.json. Hand-written content; dues computed by rule."""
import json, datetime as dt, os
import chinese_calendar
D = os.path.dirname(os.path.abspath(__file__))

ORG = """name: 华东铁路集团金陵动车段
name_en: Jinling EMU Depot, East China Railway Group (fictional)
timezone: Asia/Shanghai
calendar: cn
departments:
  - {id: jx, name: 检修车间, aliases: [检修, 检修车间, 高级修], head: gujianhua, description: 动车组一二级修以外的三四五级高级修、转向架、轮对、制动检修、委外修验收, keywords: [轮对, 转向架, 闸片, 镟修, 撒砂]}
  - {id: yy, name: 运用车间, aliases: [运用, 运用所], head: weiguoqiang, description: 动车组日常运用、一级修、随车机械师管理、备用车底、临修, keywords: [随车机械师, 车底, 临修, 一级修]}
  - {id: js, name: 技术科, aliases: [技术, 技术科室], head: daizhigang, description: 检修工艺、技术通知、作业指导书、故障分析、供应商技术对接, keywords: [工艺, 技术通知, 作业指导书, 阈值]}
  - {id: aq, name: 安全科, aliases: [安全, 安监], head: luhongmei, description: 安全生产、作业卡控、劳保用品、安全教育与考核、高压作业票证, keywords: [卡控, 劳保, 安全教育, 票证]}
  - {id: zl, name: 质量科, aliases: [质量, 质检], head: zhongguohua, description: 质量检查与抽检、质量追溯、首件检验、质量问题分析, keywords: [抽检, 追溯, 首件, 漏检]}
  - {id: wz, name: 物资科, aliases: [物资, 材料科], head: shiyonggang, description: 备品备件采购、库存、进口配件报关、防寒物资, keywords: [备件, 库存, 采购申请, 报关]}
  - {id: sb, name: 设备科, aliases: [设备, 设备管理], head: xionglixin, description: 不落轮镟床、架车机、洗车机、空压机、起重机等检修设备的维护与年检, keywords: [镟床, 架车机, 洗车机, 空压机, 起重机]}
  - {id: dd, name: 调度室, aliases: [调度, 生产调度], head: duanhaijun, description: 生产调度、检修排程、调车协调、值班表、调度命令, keywords: [排程, 调车, 值班, 调度命令]}
  - {id: xx, name: 信息科, aliases: [信息, 信息化], head: yanzhen, description: 检修作业管理系统、网络与服务器、账号权限、数据接口, keywords: [系统, 接口, 账号, 服务器]}
  - {id: rs, name: 人事科, aliases: [人事, 劳资], head: baisuqin, description: 人员调配、借调、持证管理、入职, keywords: [借调, 入职, 持证]}
  - {id: cw, name: 财务科, aliases: [财务], head: pangjianjun, description: 预算、委外修结算、加班费、付款与关账, keywords: [预算, 结算, 付款, 关账]}
  - {id: zb, name: 综合办, aliases: [综合办公室, 段办], head: keweidong, description: 段领导服务、会务、门禁、公文与会议纪要, keywords: [会议纪要, 会务, 门禁, 公文]}
staff:
  - {id: xuzhiyuan, name: 许志远, department: zb, title: 段长}
  - {id: keweidong, name: 柯卫东, department: zb, title: 综合办主任}
  - {id: yuxiaoyu, name: 余小雨, department: zb, title: 文秘}
  - {id: tanjing, name: 谭晶, department: zb, title: 干事}
  - {id: gujianhua, name: 顾建华, aliases: [老顾], department: jx, title: 检修车间主任}
  - {id: shaowei, name: 邵伟, department: jx, title: 工长}
  - {id: panxiaodong, name: 潘晓东, department: jx, title: 副主任}
  - {id: gongli, name: 龚丽, department: jx, title: 技术员}
  - {id: yanming, name: 严明, department: jx, title: 工程师}
  - {id: zhuoyue, name: 卓越, department: jx, title: 检修工}
  - {id: weiguoqiang, name: 韦国强, aliases: [韦主任], department: yy, title: 运用车间主任}
  - {id: qinhaibo, name: 覃海波, department: yy, title: 随车机械师长}
  - {id: lujing, name: 鲁静, department: yy, title: 材料员}
  - {id: shijun, name: 施俊, department: yy, title: 工长}
  - {id: daizhigang, name: 戴志刚, aliases: [戴总工], department: js, title: 总工程师}
  - {id: xuening, name: 薛宁, department: js, title: 工程师}
  - {id: fanyiming, name: 范一鸣, department: js, title: 工程师}
  - {id: heting, name: 贺婷, department: js, title: 助理工程师}
  - {id: tanglei, name: 汤磊, department: js, title: 制动专业工程师}
  - {id: luhongmei, name: 卢红梅, department: aq, title: 安全科科长}
  - {id: maojun, name: 毛军, department: aq, title: 安全员}
  - {id: jiangtao, name: 江涛, department: aq, title: 安全员}
  - {id: zhongguohua, name: 钟国华, department: zl, title: 质量科科长}
  - {id: fuxiaoyan, name: 傅晓燕, department: zl, title: 质检员}
  - {id: cuipeng, name: 崔鹏, department: zl, title: 质量工程师}
  - {id: shiyonggang, name: 石永刚, department: wz, title: 物资科科长}
  - {id: renfang, name: 任芳, department: wz, title: 采购员}
  - {id: jiangbo, name: 姜波, department: wz, title: 库管员}
  - {id: xionglixin, name: 熊立新, department: sb, title: 设备科科长}
  - {id: jinhao, name: 金浩, department: sb, title: 设备工程师}
  - {id: kongxiangyu, name: 孔祥宇, department: sb, title: 设备技术员}
  - {id: duanhaijun, name: 段海军, department: dd, title: 调度室主任}
  - {id: baixue, name: 白雪, department: dd, title: 调度员}
  - {id: qinlang, name: 秦朗, department: dd, title: 调度员}
  - {id: yanzhen, name: 阎振, department: xx, title: 信息科科长}
  - {id: luyifan, name: 陆一凡, aliases: [Evan], department: xx, title: 系统工程师}
  - {id: wanjia, name: 万佳, department: xx, title: 实施工程师}
  - {id: baisuqin, name: 柏素琴, aliases: [柏姐], department: rs, title: 人事科科长}
  - {id: gelei, name: 葛蕾, department: rs, title: 人事专员}
  - {id: pangjianjun, name: 庞建军, department: cw, title: 财务科科长}
  - {id: miaoxin, name: 苗欣, department: cw, title: 会计}
"""

def workday(d): return chinese_calendar.is_workday(d)
def resolve(md, rule):
    if rule is None: return None
    k, _, a = rule.partition(':')
    wd = md.weekday()
    if k == 'today': r = md
    elif k == 'tomorrow': r = md + dt.timedelta(1)
    elif k == 'houtian': r = md + dt.timedelta(2)
    elif k == 'wd':   # 周X: this week if on/after meeting day, else next week
        n = int(a); r = md + dt.timedelta(n - wd)
        if r < md: r += dt.timedelta(7)
    elif k == 'nwd':  # 下周X
        r = md + dt.timedelta(7 - wd + int(a))
    elif k == 'thisweek': r = md + dt.timedelta(4 - wd)
    elif k == 'nextweek': r = md + dt.timedelta(11 - wd)
    elif k == 'eom':
        r = (md.replace(day=28) + dt.timedelta(4)); r = r - dt.timedelta(r.day)
    elif k == 'eoy': r = dt.date(md.year, 12, 31)
    elif k == 'date':
        m, d = map(int, a.split('-')); r = dt.date(md.year, m, d)
        if r < md: r = dt.date(md.year + 1, m, d)
    elif k == 'nd': r = md + dt.timedelta(int(a))
    elif k == 'nw':
        n = int(a); r = md
        while n:
            r += dt.timedelta(1)
            if workday(r): n -= 1
    else: raise ValueError(rule)
    return r.isoformat()

def I(task, owners, dept, due, q): return dict(task=task, owners=owners, department=dept, rule=due, q=q)

# Each meeting: turns = list of (speaker, text, [items]); renderer decides lines.
# ---------------- M1 Feishu 妙记 ----------------
M1 = dict(file='r01_feishu_fanghan.txt', date='2026-12-02', title='冬季防寒过冬检修专题会', turns=[
 ('顾建华', '好，人差不多齐了吧？那个，段海军那边还在路上，我们先开始。今天就一个事儿，防寒过冬。', []),
 ('段海军', '到了到了，不好意思，刚才在调度台那边交接。', []),
 ('顾建华', '嗯，没事。今天外面是不是零下了？早上那个地沟口都结冰了。', []),
 ('熊立新', '零下三度，天气预报说下周还要降温。', []),
 ('顾建华', '所以啊，CRH380那几组车的撒砂装置去年冬天就出过问题。小邵，你这周五之前把那几组的撒砂装置排查清单给我。', [I('CRH380各组撒砂装置排查清单', ['shaowei'], 'jx', 'wd:4', '小邵，你这周五之前把那几组的撒砂装置排查清单给我')]),
 ('邵伟', '好的顾主任，周五前给您。', []),
 ('戴志刚', '我补充一下啊，防冻液更换那个技术通知，嗯，我们这边周一发出来，标准跟去年一样但是加了几个车型。', [I('发布防冻液更换技术通知', [], 'js', 'wd:0', '防冻液更换那个技术通知，嗯，我们这边周一发出来')]),
 ('熊立新', '那个……地沟加热那个，去年三号地沟一直不热，我下周三前找厂家来看一下。', [I('联系厂家检查三号地沟加热', ['xionglixin'], 'sb', 'nwd:2', '我下周三前找厂家来看一下')]),
 ('顾建华', '行。石科你那边把防寒棉和电伴热带的备料清单月底前报上来，然后卢姐，安全这块你们出一个冰雪天作业的卡控措施，周五下班前给我。', [
    I('上报防寒棉和电伴热带备料清单', ['shiyonggang'], 'wz', 'eom', '石科你那边把防寒棉和电伴热带的备料清单月底前报上来'),
    I('制定冰雪天作业卡控措施', ['luhongmei'], 'aq', 'wd:4', '卢姐，安全这块你们出一个冰雪天作业的卡控措施，周五下班前给我')]),
 ('石永刚', '没问题。', []),
 ('卢红梅', '可以。另外全段的防寒过冬安全教育，我后天组织一次，各车间派人来。', [I('组织全段防寒过冬安全教育', ['luhongmei'], 'aq', 'houtian', '全段的防寒过冬安全教育，我后天组织一次')]),
 ('顾建华', '好。段主任，夜里那个出库调车，你们调度能不能帮我们把顺序调一下？', []),
 ('段海军', '这个我们做不了，得找运用车间韦主任那边排，车底是他们管的。', []),
 ('顾建华', '行，那我会后跟韦主任对一下。', [I('会后与韦国强对接夜间出库调车顺序', ['gujianhua'], 'jx', None, '那我会后跟韦主任对一下')]),
 ('顾建华', '邵伟你再把去年的故障统计也拉一下……算了算了，这个技术科那边有，不用你弄了。', []),
 ('戴志刚', '对，去年的统计我让小薛发你。', [I('发送去年冬季故障统计', ['xuening'], 'js', None, '去年的统计我让小薛发你')]),
 ('熊立新', '还有洗车机，我们这边明天把洗车机的管路排空，不然要冻裂。', [I('洗车机管路排空防冻', [], 'sb', 'tomorrow', '我们这边明天把洗车机的管路排空')]),
 ('戴志刚', '嗯对。小范，那个转向架轴箱温度的报警阈值你重新核一下，12月10号前出个结论。', [I('重新核定转向架轴箱温度报警阈值', ['fanyiming'], 'js', 'date:12-10', '小范，那个转向架轴箱温度的报警阈值你重新核一下，12月10号前出个结论')]),
 ('范一鸣', '收到戴总。', []),
 ('顾建华', '还有，小卓，你今天下班前把三号地沟的照片拍给熊科。', [I('拍三号地沟照片发熊立新', ['zhuoyue'], 'jx', 'today', '小卓，你今天下班前把三号地沟的照片拍给熊科')]),
 ('石永刚', '备件这块我补一句，我让任芳下周内把防寒备件库存盘一遍。', [I('盘点防寒备件库存', ['renfang'], 'wz', 'nextweek', '我让任芳下周内把防寒备件库存盘一遍')]),
 ('顾建华', '好，那我重复一下啊：小邵周五排查清单，石科月底备料清单，卢姐周五卡控措施，熊科下周三地沟。就这些，谢谢大家，辛苦了。', []),
])

# ---------------- M2 Tencent Meeting ----------------
M2 = dict(file='r02_tencent_gaojixiu.txt', date='2026-12-04', title='12月动车组高级修计划协调会', turns=[
 ('段海军', '喂喂，能听到吗？好，我们开始，今天协调一下12月高级修的计划。', []),
 ('顾建华', '能听到。', []),
 ('段海军', '白雪，下周三把三级修的排程表更新一下发到群里。', [I('更新三级修排程表并发群', ['baixue'], 'dd', 'nwd:2', '白雪，下周三把三级修的排程表更新一下发到群里')]),
 ('白雪', '好的段主任。', []),
 ('潘晓东', '0312那组的轮对数据，我周一交给质量科。', [I('将0312组轮对数据交质量科', ['panxiaodong'], 'jx', 'wd:0', '0312那组的轮对数据，我周一交给质量科')]),
 ('钟国华', '嗯，晓燕，你下周二去现场抽检一下新到的那批闸片。', [I('现场抽检新到闸片', ['fuxiaoyan'], 'zl', 'nwd:1', '晓燕，你下周二去现场抽检一下新到的那批闸片')]),
 ('傅晓燕', '好的钟科，我下周二上午去。', []),
 ('钟国华', '要不质量科再出一个闸片的专项报告……哎，这个先不做了，抽检完再说。', []),
 ('庞建军', '我插一句啊，委外修的结算，年底关账，验收单不齐我没法付。', []),
 ('段海军', '潘哥，委外修的验收单你在18号前收齐交给财务科。', [I('收齐委外修验收单交财务科', ['panxiaodong'], 'jx', 'date:12-18', '潘哥，委外修的验收单你在18号前收齐交给财务科')]),
 ('潘晓东', '行，18号。', []),
 ('段海军', '还有，潘小东，呃潘晓东，0315那组镟修完了让崔鹏签字……哦这个不用了，已经签了。', []),
 ('韦国强', '我让施俊明天把0308那组临修的记录补给检修车间。', [I('补交0308组临修记录给检修车间', ['shijun'], 'yy', 'tomorrow', '我让施俊明天把0308那组临修的记录补给检修车间')]),
 ('庞建军', '那我这边月底前把委外修的款项都付掉。', [I('支付委外修款项', ['pangjianjun'], 'cw', 'eom', '我这边月底前把委外修的款项都付掉')]),
 ('韦国强', '我说一下调车机车的事，高级修进出库老是等调车机，这个我们做不了，得找调度室协调机务段。', []),
 ('段海军', '行，机务段那边我来协调，下周一给你回复。', [I('与机务段协调调车机车并回复韦国强', ['duanhaijun'], 'dd', 'nwd:0', '机务段那边我来协调，下周一给你回复')]),
 ('顾建华', '人员这块，高级修要持证的，我让严明下周内把持证人员名单核一遍。', [I('核对高级修持证人员名单', ['yanming'], 'jx', 'nextweek', '我让严明下周内把持证人员名单核一遍')]),
 ('韦国强', '运用这边我们下周五前把车底交付计划报给调度室。', [I('上报车底交付计划', [], 'yy', 'nwd:4', '运用这边我们下周五前把车底交付计划报给调度室')]),
 ('段海军', '还有个事，3号架车机上周又趴了，设备科那边尽快把3号架车机修好，熊科今天没来，会后我跟他说。', [I('修复3号架车机', [], 'sb', None, '设备科那边尽快把3号架车机修好')]),
 ('顾建华', '对对，那个架车机……', []),
 ('段海军', '——顾主任你那边的春运前的整备方案呢？', []),
 ('顾建华', '已经报上去了，上周三就报了。', []),
 ('段海军', '好。那我最后再过一遍：白雪下周三排程表，潘哥周一轮对数据、18号验收单，晓燕下周二抽检，严明持证名单。好，散会，谢谢各位。', []),
])

# ---------------- M3 DingTalk ----------------
M3 = dict(file='r03_dingtalk_xitong.txt', date='2026-12-08', title='检修作业管理系统上线推进会', turns=[
 ('阎振', '各位好，今天主要推进检修作业管理系统上线。Evan，接口联调你后天之前搞完，没问题吧？', [I('完成检修作业管理系统接口联调', ['luyifan'], 'xx', 'houtian', 'Evan，接口联调你后天之前搞完')]),
 ('陆一凡', '没问题，就差质量模块两个接口。压测我周五晚上做，避开白天作业。', [I('系统压测', ['luyifan'], 'xx', 'wd:4', '压测我周五晚上做')]),
 ('万佳', '用户培训手册我这周四把初稿发出来。', [I('发出用户培训手册初稿', ['wanjia'], 'xx', 'wd:3', '用户培训手册我这周四把初稿发出来')]),
 ('龚丽', '我们车间的试点班组，我明天把名单报给万佳。', [I('上报试点班组名单', ['gongli'], 'jx', 'tomorrow', '我明天把名单报给万佳')]),
 ('龚丽', '对对，Evan刚才说的那个质量模块我同意先上。', []),
 ('戴志刚', '技术科这边想把作业指导书电子化，这个我们做不了，得找信息科。', []),
 ('阎振', '行，那我们信息科来做，年底前我们信息科把模板做出来。', [I('制作作业指导书电子化模板', [], 'xx', 'eoy', '年底前我们信息科把模板做出来')]),
 ('阎振', '数据迁移那块……哦，那个上周已经迁完了，不说了。', []),
 ('柯卫东', '服务器机房的门禁授权，综合办这边三个工作日内办好。', [I('办理服务器机房门禁授权', [], 'zb', 'nw:3', '综合办这边三个工作日内办好')]),
 ('苗欣', '阎科，采购合同尾款要系统验收报告，你们验收报告15号前给我。', [I('提交系统验收报告', ['yanzhen'], 'xx', 'date:12-15', '你们验收报告15号前给我')]),
 ('阎振', '好。小万，账号开通的事，你让葛蕾那边把新入职人员名单给你。', [I('提供新入职人员名单用于开通账号', ['gelei'], 'rs', None, '你让葛蕾那边把新入职人员名单给你')]),
 ('柯卫东', '段长那边的上线汇报材料我来写，月底前。', [I('撰写系统上线汇报材料', ['keweidong'], 'zb', 'eom', '段长那边的上线汇报材料我来写，月底前')]),
 ('阎振', '那就下周一上午十点再碰一次，小万你订一下会议室。', [I('预订下周一推进会会议室', ['wanjia'], 'xx', 'nwd:0', '小万你订一下会议室')]),
 ('万佳', '好嘞。', []),
 ('阎振', '苗会计，尾款的付款流程你那边先走起来，下周五前。', [I('启动系统合同尾款付款流程', ['miaoxin'], 'cw', 'nwd:4', '苗会计，尾款的付款流程你那边先走起来，下周五前')]),
 ('阎振', '再确认一遍：Evan后天联调、周五压测，万佳周四手册，龚丽明天名单。谢谢大家。', []),
])

# ---------------- M4 Teams VTT ----------------
M4 = dict(file='r04_teams_zhiliang_anquan.vtt', date='2026-12-10', title='质量安全月度分析会', turns=[
 ('钟国华', '好，我们开始吧，质量安全月度分析会。', []),
 ('钟国华', '崔鹏，十一月的质量问题分析报告，周三前补全。', [I('补全十一月质量问题分析报告', ['cuipeng'], 'zl', 'wd:2', '崔鹏，十一月的质量问题分析报告，周三前补全')]),
 ('崔鹏', '好的，周三。', []),
 ('卢红梅', '毛军你下周五之前把劳保用品的检查结果汇总一下。', [I('汇总劳保用品检查结果', ['maojun'], 'aq', 'nwd:4', '毛军你下周五之前把劳保用品的检查结果汇总一下')]),
 ('毛军', '好的卢科。', []),
 ('卢红梅', '技术培训材料戴总工今天不在，让贺婷下周一前给我们一份。', [I('提供技术培训材料给安全科', ['heting'], 'js', 'nwd:0', '让贺婷下周一前给我们一份')]),
 ('江涛', '高压作业的票证，我本周内全部复查完。', [I('复查高压作业票证', ['jiangtao'], 'aq', 'thisweek', '我本周内全部复查完')]),
 ('顾建华', '漏检那两个班组，我们车间这边下周再培训一遍。', [I('漏检班组再培训', [], 'jx', 'nextweek', '我们车间这边下周再培训一遍')]),
 ('钟国华', '秦朗，调度命令的签收记录，你们调度室明天发我一份。', [I('发送调度命令签收记录', ['qinlang'], 'dd', 'tomorrow', '秦朗，调度命令的签收记录，你们调度室明天发我一份')]),
 ('秦朗', '签收记录可以，但是系统导出这个我们做不了，得找信息科万佳。', []),
 ('钟国华', '那导出的我自己找万佳要。', [I('向万佳要调度命令系统导出', ['zhongguohua'], 'zl', None, '那导出的我自己找万佳要')]),
 ('卢红梅', '崔工把质量追溯台账周五前同步给安全科，江涛你后天去现场把防护栏拍一下。', [
    I('同步质量追溯台账给安全科', ['cuipeng'], 'zl', 'wd:4', '崔工把质量追溯台账周五前同步给安全科'),
    I('现场拍摄防护栏照片', ['jiangtao'], 'aq', 'houtian', '江涛你后天去现场把防护栏拍一下')]),
 ('钟国华', '崔鹏你再做个PPT吧……算了，不用了，报告就行。', []),
 ('卢红梅', '年底前我把全年安全考核结果报给段长。', [I('上报全年安全考核结果', ['luhongmei'], 'aq', 'eoy', '年底前我把全年安全考核结果报给段长')]),
 ('钟国华', '好，总结一下：崔鹏周三报告，毛军下周五劳保，江涛本周票证。谢谢大家。', []),
])

# ---------------- M5 SRT ----------------
M5 = dict(file='r05_shebei_weekly_2026-12-11.srt', date='2026-12-11', title='设备科周例会', turns=[
 ('熊立新', '今天是12月11号，周五，设备周例会开始。', []),
 ('熊立新', '金浩，不落轮镟床的精度校验，下周二前搞定。', [I('不落轮镟床精度校验', ['jinhao'], 'sb', 'nwd:1', '金浩，不落轮镟床的精度校验，下周二前搞定')]),
 ('金浩', '好。我这边今天下班前把点检表上传。', [I('上传设备点检表', ['jinhao'], 'sb', 'today', '我这边今天下班前把点检表上传')]),
 ('孔祥宇', '空压机滤芯我周日去换。', [I('更换空压机滤芯', ['kongxiangyu'], 'sb', 'wd:6', '空压机滤芯我周日去换')]),
 ('熊立新', '蒋波，滤芯备件到了没有？你下周一给我个到货时间。', [I('提供滤芯备件到货时间', ['jiangbo'], 'wz', 'nwd:0', '你下周一给我个到货时间')]),
 ('汤磊', '镟床的参数，技术科这边我们出，12月18号前。', [I('出具镟床参数', [], 'js', 'date:12-18', '技术科这边我们出，12月18号前')]),
 ('熊立新', '小孔，还有起重机年检，你联系特检院，月底前。', [I('联系特检院完成起重机年检', ['kongxiangyu'], 'sb', 'eom', '小孔，还有起重机年检，你联系特检院，月底前')]),
 ('石永刚', '物资这边没问题。\n我让姜波三天内把采购申请提上去。', [I('提交滤芯等采购申请', ['jiangbo'], 'wz', 'nd:3', '我让姜波三天内把采购申请提上去')]),
 ('熊立新', '洗车机的刷子先不换了，等明年再说。', []),
 ('孔祥宇', '那我明天加个班把2号空压机也看一下。', [I('检查2号空压机', ['kongxiangyu'], 'sb', 'tomorrow', '那我明天加个班把2号空压机也看一下')]),
 ('熊立新', '我下周内把明年的设备大修计划初稿拿出来。', [I('明年设备大修计划初稿', ['xionglixin'], 'sb', 'nextweek', '我下周内把明年的设备大修计划初稿拿出来')]),
 ('熊立新', '好，就这样，辛苦大家。', []),
])

# ---------------- M6 raw ASR ----------------
M6 = dict(file='r06_asr_chunyun.txt', date='2026-12-16', title='春运动车组保障准备会', turns=[
 ('许志远', '嗯那个我们开始啊 今天主要是春运的保障 大家手上的事情先放一放', []),
 ('许志远', '魏主任你们运用车间春运前把备用车底的方案拿出来 这个很关键', [I('制定春运备用车底方案', ['weiguoqiang'], 'yy', None, '魏主任你们运用车间春运前把备用车底的方案拿出来')]),
 ('韦国强', '好的段长 那个我让秦海波这周把随车机械师的排班排出来', [I('排随车机械师春运排班', ['qinhaibo'], 'yy', 'thisweek', '我让秦海波这周把随车机械师的排班排出来')]),
 ('鲁静', '应急备品我这周四清点一遍 上次少了两个灭火器', [I('清点应急备品', ['lujing'], 'yy', 'wd:3', '应急备品我这周四清点一遍')]),
 ('许志远', '白素琴 你们人事科借调的人 月底前要到位啊', [I('落实借调人员到位', ['baisuqin'], 'rs', 'eom', '白素琴 你们人事科借调的人 月底前要到位')]),
 ('柏素琴', '嗯嗯 在办了', []),
 ('许志远', '颜振 你们信息科12月25号前出个春运期间系统保障预案 系统不能停', [I('制定春运期间系统保障预案', ['yanzhen'], 'xx', 'date:12-25', '颜振 你们信息科12月25号前出个春运期间系统保障预案')]),
 ('段海军', '春运加开计划 我们调度这边后天拿到路局文件就转给大家', [I('转发路局春运加开计划文件', [], 'dd', 'houtian', '我们调度这边后天拿到路局文件就转给大家')]),
 ('庞建军', '加班费预算我下周三前报给段长', [I('上报春运加班费预算', ['pangjianjun'], 'cw', 'nwd:2', '加班费预算我下周三前报给段长')]),
 ('韦国强', '阿俊 你把防滑器的故障记录整理一下 尽快', [I('整理防滑器故障记录', ['shijun'], 'yy', None, '阿俊 你把防滑器的故障记录整理一下 尽快')]),
 ('施俊', '防滑器那个软件下载我们做不了 得找技术科戴总工', []),
 ('许志远', '那戴总工那边我去说 要不要再搞个演练 算了时间来不及 演练先不搞了', [I('与戴志刚沟通防滑器软件下载', ['xuzhiyuan'], 'zb', None, '那戴总工那边我去说')]),
 ('许志远', '柯主任今天不在 让谭晶把会议纪要明天发出来', [I('发出会议纪要', ['tanjing'], 'zb', 'tomorrow', '让谭晶把会议纪要明天发出来')]),
 ('许志远', '好最后再说一遍 备用车底方案 机械师排班 借调人员 加班费预算 都抓紧 散会 大家辛苦', []),
])

# ---------------- M7 Zoom (date only in filename, GMT) ----------------
M7 = dict(file='GMT20261217-233000_Recording.transcript.vtt', date='2026-12-18', title='早交班会', turns=[
 ('段海军', '早，开始交班。昨晚临修三组车。', []),
 ('段海军', '白雪，今天上午把昨晚临修那三组车的记录补到系统里。', [I('补录昨晚临修三组车记录', ['baixue'], 'dd', 'today', '白雪，今天上午把昨晚临修那三组车的记录补到系统里')]),
 ('邵伟', 'G7032那组的受电弓，我们中午前处理完。', [I('处理G7032组受电弓', [], 'jx', 'today', 'G7032那组的受电弓，我们中午前处理完')]),
 ('段海军', '秦朗你周一之前把元旦的值班表排出来。', [I('排元旦值班表', ['qinlang'], 'dd', 'wd:0', '秦朗你周一之前把元旦的值班表排出来')]),
 ('秦朗', '好的。', []),
 ('段海军', '邵伟，受电弓处理完你让龚丽把记录拍照发我。', [I('受电弓处理记录拍照发段海军', ['gongli'], 'jx', None, '你让龚丽把记录拍照发我')]),
 ('覃海波', '我下班前把随车机械师的交接本送过来。', [I('送随车机械师交接本', ['qinhaibo'], 'yy', 'today', '我下班前把随车机械师的交接本送过来')]),
 ('金浩', '洗车线那个道岔，我们设备科后天上午去修。', [I('修洗车线道岔', [], 'sb', 'houtian', '我们设备科后天上午去修')]),
 ('段海军', '小金你修完给我报个备，覃师傅你今天通知机械师这两天别走7道。', [
    I('道岔修完向段海军报备', ['jinhao'], 'sb', None, '小金你修完给我报个备'),
    I('通知机械师这两天不走7道', ['qinhaibo'], 'yy', 'today', '覃师傅你今天通知机械师这两天别走7道')]),
 ('白雪', '要不要上报路局？', []),
 ('段海军', '不用了不用了，内部处理。我九点半把今天的调度计划发群里。', [I('发今日调度计划到群', ['duanhaijun'], 'dd', 'today', '我九点半把今天的调度计划发群里')]),
 ('段海军', '好，散了吧，辛苦。', []),
])

# ---------------- M8 English supplier call ----------------
M8 = dict(file='r08_supplier_call_en.txt', date='2026-12-22', title='Brake pad wear issue — call with Vossberg Bremstechnik', turns=[
 ('Shi Yonggang', 'Hi Markus, can you hear us? Good. Thanks for joining so early in your morning.', []),
 ('Markus Lehmann', 'No problem. So, about the pad wear on your CRH3 fleet: we will send the revised test report by Friday.', [I('Vossberg sends revised brake pad test report', [], None, 'wd:4', 'we will send the revised test report by Friday')]),
 ('Dai Zhigang', 'Good. I will confirm the wear limit values with our quality section by next Wednesday.', [I('Confirm wear limit values with quality section', ['daizhigang'], 'js', 'nwd:2', 'I will confirm the wear limit values with our quality section by next Wednesday')]),
 ('Dai Zhigang', 'Tang Lei, can you compare the friction coefficient curves before end of week?', [I('Compare friction coefficient curves', ['tanglei'], 'js', 'thisweek', 'Tang Lei, can you compare the friction coefficient curves before end of week')]),
 ('Tang Lei', 'Sure.', []),
 ('Dai Zhigang', 'Evan, could you also give Markus\' team access to the defect photos by tomorrow?', [I('Give supplier access to defect photos', ['luyifan'], 'xx', 'tomorrow', 'Evan, could you also give Markus')]),
 ('Evan Lu', 'Yes, will do.', []),
 ('Markus Lehmann', 'Could someone send us the mileage data for the affected trainsets?', []),
 ('Dai Zhigang', 'Tang Lei will send it by Thursday.', [I('Send mileage data of affected trainsets to Vossberg', ['tanglei'], 'js', 'wd:3', 'Tang Lei will send it by Thursday')]),
 ('Shi Yonggang', 'And the replacement pads — Ren Fang on my team will prepare the customs documents by December 28.', [I('Prepare customs documents for replacement pads', ['renfang'], 'wz', 'date:12-28', 'Ren Fang on my team will prepare the customs documents by December 28')]),
 ('Evan Lu', 'I can set up the shared folder today.', [I('Set up shared folder with supplier', ['luyifan'], 'xx', 'today', 'I can set up the shared folder today')]),
 ('Dai Zhigang', 'Maybe we should also run a fatigue test... actually, forget it, let us drop that.', []),
 ('Shi Yonggang', 'Markus, can your engineers do on-site training for our fitters?', []),
 ('Markus Lehmann', "That's not something we can do from Germany, you'd need to ask our Shanghai service partner.", []),
 ('Shi Yonggang', "OK, I'll contact them myself, no rush.", [I('Contact Vossberg Shanghai service partner about on-site training', ['shiyonggang'], 'wz', None, "I'll contact them myself, no rush")]),
 ('Shi Yonggang', 'On our side the quality section needs to sign off the first article inspection within 5 working days.', [I('Sign off first article inspection', [], 'zl', 'nw:5', 'the quality section needs to sign off the first article inspection within 5 working days')]),
 ('Shi Yonggang', 'So to recap: report by Friday, mileage data Thursday, customs documents by the 28th. Thanks everyone, and merry Christmas, Markus.', []),
 ('Markus Lehmann', 'Thank you, merry Christmas!', []),
])

def ts(i, base=5): 
    s = base + i * 11; return s
def hms(s, ms=False, sep=','):
    h, r = divmod(s, 3600); m, ss = divmod(r, 60)
    return f'{h:02d}:{m:02d}:{ss:02d}' + (f'{sep}{(s*137)%1000:03d}' if ms else '')

def render(M):
    f = M['file']; lines = []; marks = []   # marks: (line_no, item)
    def add(text, items=()):
        lines.append(text)
        for it in items: marks.append((len(lines), it))
    turns = M['turns']
    if f.startswith('r01'):  # Feishu 妙记
        add(M['title']); add('2026年12月02日 下午 2:30|52分钟 17秒'); add('')
        add('关键词:'); add('防寒过冬、撒砂装置、地沟加热、电伴热带、卡控措施'); add(''); add('文字记录:'); add('')
        for i, (sp, tx, it) in enumerate(turns):
            s = ts(i, 3); add(f'{sp} {s//60:02d}:{s%60:02d}'); add(tx, it); add('')
    elif f.startswith('r02'):  # Tencent Meeting
        add(f'会议主题：{M["title"]}'); add('会议时间：2026/12/04 09:00:00'); add('会议号：862 417 305'); add('转写由腾讯会议自动生成'); add('')
        for i, (sp, tx, it) in enumerate(turns):
            add(f'{sp}({hms(ts(i))}): {tx}', it)
    elif f.startswith('r03'):  # DingTalk
        add(f'【钉钉闪记】{M["title"]}'); add('会议时间：2026-12-08 10:00 - 10:48'); add('参会人：阎振、陆一凡、万佳、戴志刚、龚丽、柯卫东、苗欣'); add('——————————')
        for i, (sp, tx, it) in enumerate(turns):
            s = 36000 + ts(i, 12) * 3; add(f'[{hms(s)}] {sp}：{tx}', it)
    elif f.startswith('r04'):  # Teams
        add('WEBVTT'); add(''); add('NOTE'); add(f'Meeting: {M["title"]}'); add('Date: 2026-12-10 15:00 (UTC+08:00)'); add('')
        for i, (sp, tx, it) in enumerate(turns):
            s = ts(i, 4); add(f'7c1e2a4b-55d0-4c1e-9a0f-{i:012d}/{i*3}-0'); add(f'{hms(s,True,".")} --> {hms(s+9,True,".")}')
            add(f'<v {sp}>{tx}</v>', it); add('')
    elif f.startswith('r05'):  # SRT
        for i, (sp, tx, it) in enumerate(turns):
            s = ts(i, 2); add(str(i + 1)); add(f'{hms(s,True)} --> {hms(s+8,True)}')
            parts = tx.split('\n')
            for j, p in enumerate(parts):
                t = f'{sp}：{p}' if j == 0 else p
                add(t, [x for x in it if x['q'] in p])
            add('')
    elif f.startswith('r06'):  # raw ASR dump
        add('录音转写 2026-12-16 14:02:31 春运保障准备会.m4a'); add('引擎：通用中文 置信度未校对')
        for i, (sp, tx, it) in enumerate(turns):
            add(f'说话人 {sp} {tx}', it)
    elif f.startswith('GMT'):  # Zoom
        add('WEBVTT'); add('')
        for i, (sp, tx, it) in enumerate(turns):
            s = ts(i, 1); add(str(i + 1)); add(f'{hms(s,True,".")} --> {hms(s+7,True,".")}'); add(f'{sp}: {tx}', it); add('')
    elif f.startswith('r08'):  # Otter-style English
        add(M['title']); add('Tue, Dec 22, 2026 4:00PM • 34:12'); add('SPEAKERS'); add('Shi Yonggang, Markus Lehmann, Dai Zhigang, Tang Lei, Evan Lu'); add('')
        for i, (sp, tx, it) in enumerate(turns):
            s = ts(i, 2); add(f'{sp}  {s//60}:{s%60:02d}'); add(tx, it); add('')
    return lines, marks

def main():
    open(os.path.join(D, 'org.yaml'), 'w', encoding='utf-8').write(ORG)
    docs = []; ev = {}
    for M in (M1, M2, M3, M4, M5, M6, M7, M8):
        lines, marks = render(M)
        open(os.path.join(D, M['file']), 'w', encoding='utf-8', newline='\n').write('\n'.join(lines) + '\n')
        md = dt.date.fromisoformat(M['date']); items = []
        for n, it in marks:
            assert it['q'] in lines[n - 1], (M['file'], it['q'])
            items.append(dict(task=it['task'], owners=it['owners'], department=it['department'], due=resolve(md, it['rule']), line=n))
            ev.setdefault(M['file'], []).append(dict(line=n, quote=it['q'], rule=it['rule'] or 'no date (尽快/none/春运前)', due=items[-1]['due']))
        docs.append(dict(file=M['file'], meeting_date=M['date'], pass_meeting_date=False, items=items))
    json.dump(dict(org='org.yaml', documents=docs), open(os.path.join(D, 'gold.json'), 'w', encoding='utf-8'), ensure_ascii=False, indent=2)
    json.dump(ev, open(os.path.join(D, 'gold_evidence.json'), 'w', encoding='utf-8'), ensure_ascii=False, indent=2)
    print(sum(len(d['items']) for d in docs), 'items')
if __name__ == '__main__': main()
