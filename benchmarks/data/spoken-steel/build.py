#!/usr/bin/env python3
"""Build the steel blind set: writes the 8 meeting files (with their exact
encodings / line endings), gold.json and gold_evidence.json.

Re-runnable: every output is regenerated from the texts and the item list
below. The gold `line` of each item is computed by locating its evidence quote
in the file as saved (decoded, BOM stripped, split on line breaks), so a text
edit cannot silently shift a line number. Run validate.py afterwards.
"""
import json, os, codecs

HERE = os.path.dirname(os.path.abspath(__file__))

# ---------------------------------------------------------------------------
# Meeting texts. Each entry: file name -> (encoding, newline, bom, text)
# ---------------------------------------------------------------------------
FILES = {}

FILES["m1_feishu_bf2_annual_overhaul.txt"] = ("utf-8", "\n", False, """\
2号高炉年修协调会
2026年11月18日 下午 2:30|1小时 4分钟 37秒

关键词:
2号高炉、年修、休风、冷却壁、风口、煤气平衡、开炉方案

文字记录:

张建华 00:00:02
好，那个，人差不多齐了吧？老王到了没有？哦到了，好。我们开始，今天主要就是2号高炉年修的事情，大家把各自那块对一下。

王强 00:00:19
嗯，我先说吧。年修时间按上次定的，12月10号休风，计划十天，就是240个小时左右。休风方案我周五之前再过一遍，过完发给大家。

张建华 00:00:41
行。那个十天够不够啊？上次2023年那次年修，最后拖了两天。

王强 00:00:48
上次是因为冷却壁的——

王建军 00:00:49
冷却壁备件没到，对。

王强 00:00:51
对对，这次我们提前备了，应该够。

张建华 00:00:55
嗯。老王，设备部那个检修项目清单，你下周一前能不能定稿？

王建军 00:01:03
没问题。冷却壁备件到货的事情我让王工去核一下，下周三前给我个结论。

王磊 00:01:16
好的部长。那个，冷却壁这次我觉得可以把第七段到第九段全换了，反正都休风了。

张建华 00:01:26
冷却壁换哪几段，上次会已经定了，就按第八段换，这个不再改了。

何欣 00:01:31
采购这边说一下，风口小套还有两套没到，厂家说在路上，我明天打电话再催一下。

张建华 00:01:42
好。能源那边呢？休风以后煤气少了一大块，其他用户怎么办？

赵国强 00:01:50
对，这个我们也在算。休风期间的煤气平衡方案，我们能源这边月底前出，出了发生产部。

张伟 00:02:05
生产计划我说一下。铁水减量以后炼钢肯定要调，我让小刘把年修期间的炼钢排产调整一下，周五下班前发我。

张建华 00:02:18
好，张总那边就这样。安环呢？

黄伟 00:02:22
检修期间外协单位要进来四百多人，嗯，安全交底和入场培训，江波你负责，下周内搞完。

江波 00:02:33
收到。

张建华 00:02:36
还有开炉方案。海滔，就是复风以后那个操作方案，你牵头写，12月5号之前给我。

刘海涛 00:02:47
好的厂长。那个炉缸侵蚀模型我上个月已经更新过了，数据是现成的。

张建华 00:02:55
嗯那正好。阿强你那边把炉前的人员排班定一下，还有那个，炉缸侵蚀的测温数据也整理一下发给海涛，这两个都是本周内。

王强 00:03:09
好。

王磊 00:03:11
我再补充一个，炉顶布料器的齿轮箱这次要请厂家来人检修，这个我去联系。

张建华 00:03:20
嗯。热风炉那个格子砖，本来想这次一起换的，算了，这次先不做了，明年再说。

赵国强 00:03:29
如果焦炭价格再往下走，我们可以考虑年修前多囤一点，不过这个不归今天的会。

张建华 00:03:37
对，先不说这个。那下周三下午还是这个时间再碰一次，小孟你把会议室订一下，明天把通知发出去。

孟晓 00:03:48
好的，我明天发。

张建华 00:03:51
行，今天就到这，散会。
""")

FILES["m2_tencent_national_day_safety.txt"] = ("utf-8", "\r\n", True, """\
国庆节前安全生产暨节日保产部署会
会议时间：2026/09/29 15:00-16:05
会议号：738 215 406
发起人：张伟
转写内容：

张伟(00:00:04): 好，喂，能听到吗？嗯，好，那我们开始。那个，后天就放假了，今天主要两件事，一个是节前安全大检查，一个是节日期间保产。
黄伟(00:00:21): 我先说安全这块。节前安全大检查，我们安环部今天下午就开始，明天中午前把问题清单发到群里。
张伟(00:00:36): 好。去年国庆热轧那个液压站着火，大家还记得吧，这种事今年绝对不能再出。
周涛(00:00:45): 那个已经整改完了，液压站今年上半年全部换了阻燃液压油。
张伟(00:00:53): 嗯。Frank，节日期间的值班表你汇总一下，明天下班前报给我。
杨帆(00:01:01): 好的张总，各厂的值班表我已经收了一大半了。
钱立(00:01:07): 能源这边说一下，煤气柜节日期间的巡检频次我调到两小时一次，今天就落实下去。
张伟(00:01:16): 好。那个，要不要国庆期间把热轧2号线也停了？
周涛(00:01:21): 不停，订单——
陈志勇(00:01:22): 炼钢这边也停不了啊。
周涛(00:01:23): 对，订单排满了，10月上旬还有两船出口的。
张伟(00:01:27): 那就不停。周涛，节后复产那个，就是检修线的开机方案，你节后第一天上午报给生产部。
周涛(00:01:36): 可以。
陈志勇(00:01:39): 炼钢这边，转炉那个氧枪漏水的事情，上周已经换了新枪，现在没问题了。另外连铸中包烘烤器的改造方案，我们3个工作日内交。
秦芳(00:01:55): 人力说一下，节日加班的审批还有三倍工资，嗯，我让白雪节前把各厂的加班名单收齐。
叶青(00:02:06): 信息化部这边，节日期间网络安全值守还是两个人24小时在线，跟往年一样，值守名单我今天发群里。
丁宁(00:02:15): 环保还有一个，烧结那个烟气CEMS前两天掉线了一次，我明天找厂家来处理。
张伟(00:02:25): 行。那这样，钱立你把节日期间的煤气平衡预案再发一版，杨帆你把各厂保产联系人的电话汇总成一张表，都是明天中午前。
钱立(00:02:38): 好。
杨帆(00:02:39): 收到。
赵国强(00:02:41): 如果节日期间峰谷电价有调整，可以考虑多开一台制氧机，这个到时候再看。
江波(00:02:49): 还有节后复工的安全培训，我来组织，10号之前全部做完。
张伟(00:02:57): 10号是周六，调休上班的，没问题。节后第一次调度会还是放在周四早上。好，今天就这样，散会。
""")

FILES["m3_dingtalk_crm_quality_claim.txt"] = ("utf-8", "\n", False, """\
钉钉闪记
冷轧汽车板质量异议处理专题会
2026-12-08 14:02 · 时长 46分18秒 · 发言人 8
========================================

吴杰 | 00:00:03
好，我们抓紧，华晟汽车那边的投诉大家都看到了吧。Kevin你先把情况说一下。

唐凯 | 00:00:12
嗯，就是说上周五他们冲压线报的，我们供的GI镀锌板，表面有那种小的凸点，他们怀疑是锌渣，冲压以后很明显，已经挑出来十几件外板了。客户要求我们48小时内给8D的D3，就是临时措施。

郑艳 | 00:00:35
D3我们质量部来写。蔡明你牵头，周四前发给Kevin。

蔡明 | 00:00:42
好的。金相我上周末已经做了，基本确定是锌渣，底渣翻上来的那种。

吴杰 | 00:00:51
会不会是气刀的问题？

邓超 | 00:00:53
应该不——

林晓梅 | 00:00:53
气刀我们查过。

邓超 | 00:00:54
对，气刀距离都在范围内。主要是那几天锌锅温度波动大。捞渣频次我们上周已经改成每班四次了。

吴杰 | 00:01:06
嗯。晓梅，你把那三个卷的工艺参数，锌锅温度、带钢入锅温度、气刀这些，从MES里拉出来，明天给蔡明。

林晓梅 | 00:01:17
好。孔翔，MES那个锌锅温度的历史曲线好像只存七天，超过七天的你今天下班前能帮我导出来吗？

孔翔 | 00:01:27
可以，没问题，我从历史库里捞。

邓超 | 00:01:31
还有沉没辊，用了快四十天了，我下周二停机的时候换掉。

于海燕 | 00:01:38
赔偿这块，客户肯定要索赔的。我亲自去一趟华晟，这周五之前跟他们采购总监约好时间。

郑艳 | 00:01:48
剩下在途的那批，大概二百六十吨，我们质量部派人去客户库里挑选，下周一之前挑完，Kevin你对接一下客户那边的仓库。

唐凯 | 00:02:01
行，我来对接。我今晚先给客户回个邮件，把临时措施口头说一下，稳住他们。

吴杰 | 00:02:09
那整批要不要判废？

郑艳 | 00:02:12
判废损失太大了，先不判，等挑选结果出来再说。

蔡明 | 00:02:17
我再补充一下，光金相不够，我让检化验中心那边做个能谱，罗倩那边，周三前出报告。

吴杰 | 00:02:27
好。林小梅，还有一个，IATF那个过程审核要来了，PFMEA你下周五之前更新一下，把锌渣这个失效模式加进去。

林晓梅 | 00:02:38
好的吴厂。

郑艳 | 00:02:40
彭飞，客户二方审核一月中旬要来，你年底前把审核准备清单给我。

彭飞 | 00:02:48
收到郑部长。

吴杰 | 00:02:50
上个月酸轧那边也有一次类似的客诉，后来查出来是乳化液的问题，跟这次不一样。行，就这些，散会。
""")

FILES["m4_teams_energy_winter_gas.vtt"] = ("utf-8", "\n", False, """\
WEBVTT

3b1f6a2e-7c4d-4e59-9a1b-5d2c8e0f4a17/12-0
00:00:03.120 --> 00:00:09.480
<v 赵国强>好，我们开始吧。今天周三，21号，冬季保供周例会，主要是煤气平衡，还有超低排放的进度。</v>

3b1f6a2e-7c4d-4e59-9a1b-5d2c8e0f4a17/13-0
00:00:10.020 --> 00:00:17.860
<v Snow Han>我先 share 一下屏幕。嗯，上个冬天的煤气放散率是1.2%，比前年低了0.3个点。</v>

3b1f6a2e-7c4d-4e59-9a1b-5d2c8e0f4a17/14-0
00:00:18.300 --> 00:00:26.750
<v 赵国强>Snow，冬季煤气平衡的 model 你更新一下，把2号高炉年修那十天考虑进去，下周三之前给我。</v>

3b1f6a2e-7c4d-4e59-9a1b-5d2c8e0f4a17/15-0
00:00:27.100 --> 00:00:28.900
<v Snow Han>OK，没问题。</v>

3b1f6a2e-7c4d-4e59-9a1b-5d2c8e0f4a17/16-0
00:00:29.400 --> 00:00:36.210
<v 卢明>TRT这边，那台机组的叶片有点结垢，我们下周内安排一次停机检查。</v>

3b1f6a2e-7c4d-4e59-9a1b-5d2c8e0f4a17/17-0
00:00:36.800 --> 00:00:38.100
<v 赵国强>要停多久？</v>

3b1f6a2e-7c4d-4e59-9a1b-5d2c8e0f4a17/18-0
00:00:38.500 --> 00:00:42.300
<v 卢明>八个小时左右，跟高炉休风错开。</v>

8d0c2f91-1e3a-4b7c-b6d5-2a9f7e3c1b08/1-0
00:00:43.050 --> 00:00:50.640
<v 丁宁>超低排放这边，烧结机头烟气改造的环评材料，我周五前交给黄部长。</v>

8d0c2f91-1e3a-4b7c-b6d5-2a9f7e3c1b08/2-0
00:00:51.200 --> 00:01:00.400
<v 黄伟>嗯，另外在线监测数据要跟省平台联网，IT那边要配合，让叶青下周一前把网络专线开通。</v>

8d0c2f91-1e3a-4b7c-b6d5-2a9f7e3c1b08/3-0
00:01:01.000 --> 00:01:06.700
<v 赵国强>曹部长，脱硫剂那个新供应商，合同能不能月底前签下来？</v>

8d0c2f91-1e3a-4b7c-b6d5-2a9f7e3c1b08/4-0
00:01:07.100 --> 00:01:13.900
<v 曹军>月底前可以，我来办。价格上次已经谈下来了，比现在低8%。</v>

8d0c2f91-1e3a-4b7c-b6d5-2a9f7e3c1b08/5-0
00:01:14.300 --> 00:01:20.050
<v Frank Yang>调度这边，I'll send out 冬季限产的 schedule，明天发给大家。</v>

8d0c2f91-1e3a-4b7c-b6d5-2a9f7e3c1b08/6-0
00:01:20.600 --> 00:01:25.900
<v 钱立>煤气管网三号支管那个泄漏点，我去找设备部协调一下。</v>

8d0c2f91-1e3a-4b7c-b6d5-2a9f7e3c1b08/7-0
00:01:26.400 --> 00:01:31.800
<v 赵国强>老王，三号制氧机大修的方案，你11月10号前给我。</v>

8d0c2f91-1e3a-4b7c-b6d5-2a9f7e3c1b08/8-0
00:01:32.200 --> 00:01:33.900
<v 王建军>好，11月10号前。</v>

8d0c2f91-1e3a-4b7c-b6d5-2a9f7e3c1b08/9-0
00:01:34.500 --> 00:01:42.300
<v Snow Han>还有蒸汽管网保温，last year 冬天冻裂了两处。今年的保温检查 I'll do it，本周内。</v>

8d0c2f91-1e3a-4b7c-b6d5-2a9f7e3c1b08/10-0
00:01:42.900 --> 00:01:49.600
<v 赵国强>如果天然气价格降下来，燃气锅炉那个改造可以再评估，现在不考虑。</v>

8d0c2f91-1e3a-4b7c-b6d5-2a9f7e3c1b08/11-0
00:01:50.100 --> 00:01:58.700
<v 赵国强>OK，那冬季煤气优先保高炉热风炉，这个定了。Snow你明天把下次会的 invite 发一下，下周同一时间。</v>

8d0c2f91-1e3a-4b7c-b6d5-2a9f7e3c1b08/12-0
00:01:59.000 --> 00:02:00.200
<v Snow Han>好的。</v>
""")

FILES["m5_hsm_weekly.srt"] = ("utf-8", "\n", True, """\
1
00:00:01,200 --> 00:00:06,800
周涛：好，那个，热轧周例会，今天15号，开始吧。马骏先说产量。

2
00:00:07,300 --> 00:00:15,900
马骏：上周1780线产量完成计划的百分之一百零三，
卷取那边跳闸停了两次，一共四十分钟。

3
00:00:16,400 --> 00:00:18,700
周涛：F3的轧辊是不是该换了？

4
00:00:19,100 --> 00:00:22,500
方磊：还没到周期，还能再轧两千吨左右。

5
00:00:23,000 --> 00:00:29,400
周涛：马骏，F3的磨辊计划你周四前跟方磊一起排出来。

6
00:00:29,900 --> 00:00:35,200
方磊：行。层流冷却那几个集管堵了，我明天白班去清。

7
00:00:35,800 --> 00:00:43,100
田静：X80管线钢那批性能不合，屈服偏高，我这周内把工艺调整方案出了。

8
00:00:43,600 --> 00:00:50,300
肖红：生产部这边，1月份的订单排产，我们下周一前把初稿发给各厂。

9
00:00:50,800 --> 00:00:57,000
周涛：高峻，卷取机那个助卷辊电机老跳闸，你帮我找个原因。

10
00:00:57,400 --> 00:01:00,100
高峻：行，我周五之前给你答复。

11
00:01:00,600 --> 00:01:05,900
罗倩：上周送的那几个拉伸试样，我们检化验明天出结果。

12
00:01:06,400 --> 00:01:14,800
周涛：另外年底安全检查，
磊子你负责设备区域，马骏负责主操室，都是下周三前自查完。

13
00:01:15,300 --> 00:01:19,600
马骏：加热炉二号炉燃耗这两周偏高，我去查一下。

14
00:01:20,100 --> 00:01:28,900
周涛：如果一月份订单不够，可以考虑停一条线检修，到时候再说。表面划伤那个问题上周已经解决了，就不说了。散会。
""")

FILES["m6_asr_caster_segment_gbk.txt"] = ("gbk", "\r\n", False, """\
[ASR] 离线语音识别结果
音频文件：REC_20261203_083012.wav
录音时间：2026-12-03 08:30:12
时长：00:41:26
识别引擎：通用中文 v3.2  说话人分离：开启（5人）
----------------------------------------
说话人1 [00:00:03]：好 人到齐了吧 那个 今天就说一下 三号扇形段 上周那个事故 大家对一下
说话人2 [00:00:14]：我李硕啊 连铸这边先说 就是 上周六夜班 三号机二流 扇形段那个轴承 抱死了 漏钢 停了六个多小时
说话人1 [00:00:31]：上次十一月二十号 也是三号扇形段 对吧
说话人2 [00:00:36]：对 也是它 同一个位置 对对 同一个
说话人3 [00:00:40]：我觉得主要是润滑不行 干油那个 打不进去
说话人1 [00:00:47]：会不会是冷却水的问题
说话人3 [00:00:51]：冷却水查过了 流量压力都正常 就是润滑
说话人1 [00:00:57]：王工你把三号扇形段的拆检报告 周五前 出来
说话人3 [00:01:03]：好的好的部长
说话人2 [00:01:06]：我们连铸这边 结晶器液位波动的那个数据 我今天下午就发给你们
说话人1 [00:01:14]：何新 备件那个 扇形段的轴承 就是SKF的那个 你问一下多久能到货 明天给我回个话
说话人4 [00:01:24]：好 我问一下 还有那个国产替代的 我这周内找两家询个价
说话人1 [00:01:32]：如果换进口的话要八周 那肯定不行 先看国产的
说话人1 [00:01:38]：点检标准 这个要修订 我们设备部月底前弄完
说话人3 [00:01:45]：我让徐亮把二冷水的喷嘴全部检查一遍 下周二之前
说话人5 [00:01:52]：我高峻 电气这块 扇形段驱动电机的绝缘 我后天去测
说话人2 [00:02:00]：王部长 那个安环部那边 要不要报一下
说话人1 [00:02:04]：要报 这个我来写个情况说明 给黄部长
说话人1 [00:02:10]：还有 计划检修原来定在十二月十号 往后推到十七号 这个我明天跟张总汇报
说话人2 [00:02:19]：行 那就这样
""")

FILES["GMT20261124-233000_Recording.transcript.vtt"] = ("utf-8", "\n", False, """\
WEBVTT

1
00:00:01.230 --> 00:00:05.870
张伟: 各位早，开始早调会。Frank，先过一下昨天的情况。

2
00:00:06.400 --> 00:00:19.950
杨帆: 好。昨天铁产量一万二千三百吨，钢一万一千八，热轧出材一万零五百，基本都完成了。夜班高炉炉温往下走了一段，后来拉回来了。

3
00:00:20.500 --> 00:00:25.100
张伟: 张厂长，炉温那个事，你今天中午前给我一个书面说明。

4
00:00:25.600 --> 00:00:30.200
张建华: 好的张总。主要是焦炭水分大了，已经调了。

5
00:00:30.800 --> 00:00:35.600
陈志勇: 炼钢这边，二号转炉炉衬要喷补，我们今天白班做完。

6
00:00:36.100 --> 00:00:37.900
张伟: 二号炉炉龄多少了？

7
00:00:38.300 --> 00:00:40.100
陈志勇: 一万一千多炉了。

8
00:00:40.700 --> 00:00:48.300
周涛: 热轧出口越南那批SPHC要赶27号的船，我让马俊盯着，明天必须全部下线。

9
00:00:48.900 --> 00:00:53.400
张伟: Frank你跟码头确认一下船期，今天下午给周涛回话。

10
00:00:53.900 --> 00:01:01.600
沈月: 那个，越南客户昨天说27号的船可能会推迟，我今天上午再 confirm 一下，然后跟 Frank 讲。

11
00:01:02.100 --> 00:01:10.500
吴杰: 冷轧酸洗线昨天下午断带，今天凌晨三点恢复了。断带原因我让小谢写个分析，周五前。

12
00:01:11.000 --> 00:01:18.700
赵国强: 今天下午四点到六点，电网要求我们限负荷三万千瓦，我们能源这边会马上通知各厂。

13
00:01:19.200 --> 00:01:23.900
张伟: 小刘，限电期间各厂的负荷调整表，你今天上午收上来。

14
00:01:24.300 --> 00:01:25.600
刘畅: 好的张总。

15
00:01:26.100 --> 00:01:33.800
江波: 昨天煤气报警误报那个事，查了是探头老化。我这周内组织一次煤气区域的应急演练。

16
00:01:34.300 --> 00:01:43.900
张伟: 环保督察下周可能来，还没定。另外月底前各厂把12月的检修计划报到生产部。好，散会。
""")

FILES["m8_redbank_ore_call_en.txt"] = ("utf-8", "\n", False, """\
Linjiang Steel x Redbank Ore - Q1 2027 supply review
Tue, Dec 1, 2026 · 3:00 PM (China Standard Time) · 44 min
Participants: Lucy Lu, Cao Jun, Tony Liu, Luo Qian (Linjiang Steel); Mark Thompson, Priya Nair (Redbank Ore)

Lucy Lu  0:04
Hi Mark, hi Priya, can you hear us okay? Great. So, um, today we want to go through the Q1 cargo schedule, the quality issue on the last shipment, and the demurrage claim.

Mark Thompson  0:17
Sounds good. Just so you know, the January laycans are still moving a bit because of the cyclone season. We'll send you the revised laycan schedule for the January cargoes by Friday.

Lucy Lu  0:31
Okay, Friday works. On pricing, I'll send over the draft price adjustment clause by Thursday, the one we talked about in Singapore.

Priya Nair  0:44
Thanks. On quality, we saw your complaint about moisture on the Pacific Dawn cargo. Our number at load port was 8.9 percent.

Luo Qian  0:55
Yeah, our lab measured 10.2 at discharge. Our lab will re-run moisture and phosphorus on the retained samples, and we'll have results within three business days.

Priya Nair  1:10
Could someone send us your umpire sample split procedure? Our lab manager wants to check it.

Luo Qian  1:17
I'll do that today.

Mark Thompson  1:20
And the alumina spike you flagged in October, we already traced that to the western pit, it's been blended out since November.

Cao Jun  1:30
Okay, good. Tony, can you share the sinter pot test results with Priya's team next week?

Tony Liu  1:37
Sure, will do. Um, and once the revised specs come in, I'll update the burden calculation for the blast furnaces.

Mark Thompson  1:46
Quick question, do you still need the 62 fines blend, or are you moving to the 60.5?

Tony Liu  1:52
We're staying on the 62 for Q1. Maybe we test the 60.5 in the summer, but nobody's signed up for that yet.

Cao Jun  2:01
On demurrage, I'll check the laytime calculation with our port team and get back to you before December 10.

Lucy Lu  2:10
And Tony, I need the January consumption forecast for the two blast furnaces, ASAP please, so I can confirm tonnage with Mark.

Tony Liu  2:18
Yep.

Cao Jun  2:20
Lucy, please book a follow-up call for the week after next, and send the invite out tomorrow.

Lucy Lu  2:27
Will do. Okay, thanks everyone, talk soon.
""")

# ---------------------------------------------------------------------------
# Meeting metadata and gold items.
#   quote:  exact substring of the gold line (must occur on exactly one line)
#   also:   further quotes that support owner / due (e.g. the reply turn)
#   rule:   how the due date follows from the text (re-checked by validate.py)
# ---------------------------------------------------------------------------
MEET = {
    "m1_feishu_bf2_annual_overhaul.txt": ("2026-11-18", False),
    "m2_tencent_national_day_safety.txt": ("2026-09-29", False),
    "m3_dingtalk_crm_quality_claim.txt": ("2026-12-08", False),
    "m4_teams_energy_winter_gas.vtt": ("2026-10-21", True),
    "m5_hsm_weekly.srt": ("2026-12-15", True),
    "m6_asr_caster_segment_gbk.txt": ("2026-12-03", False),
    "GMT20261124-233000_Recording.transcript.vtt": ("2026-11-25", False),
    "m8_redbank_ore_call_en.txt": ("2026-12-01", False),
}

def I(task, owners, dept, due, rule, quote, also=None, note=None):
    d = {"task": task, "owners": owners, "department": dept, "due": due,
         "rule": rule, "quote": quote}
    if also:
        d["also"] = also
    if note:
        d["note"] = note
    return d

ITEMS = {
"m1_feishu_bf2_annual_overhaul.txt": [
    I("复核2号高炉休风方案并发给大家", ["wangqiang"], "ironmaking", "2026-11-20", "周五",
      "休风方案我周五之前再过一遍，过完发给大家"),
    I("设备部年修检修项目清单定稿", ["wangjianjun"], "equip", "2026-11-23", "下周一",
      "老王，设备部那个检修项目清单，你下周一前能不能定稿", also=["没问题。冷却壁备件到货"],
      note="ask confirmed by 王建军's reply on the next turn: one item, on the ask line"),
    I("核实冷却壁备件到货情况并给出结论", ["wanglei"], "equip", "2026-11-25", "下周三",
      "冷却壁备件到货的事情我让王工去核一下，下周三前给我个结论", note="delegation: 我让王工 → 王磊"),
    I("打电话催风口小套厂家发货", ["hexin"], "purchase", "2026-11-19", "明天",
      "我明天打电话再催一下"),
    I("出休风期间煤气平衡方案并发生产部", [], "energy", "2026-11-30", "月底",
      "休风期间的煤气平衡方案，我们能源这边月底前出", note="我们 speaking for 能源动力厂"),
    I("调整年修期间炼钢排产并发张总", ["liuchang"], "dispatch", "2026-11-20", "周五",
      "我让小刘把年修期间的炼钢排产调整一下，周五下班前发我", note="delegation: 小刘 = 刘畅"),
    I("完成外协单位安全交底和入场培训", ["jiangbo"], "hse", "2026-11-27", "下周内",
      "安全交底和入场培训，江波你负责，下周内搞完"),
    I("牵头编写复风开炉操作方案", ["liuhaitao"], "ironmaking", "2026-12-05", "12月5日",
      "海滔，就是复风以后那个操作方案，你牵头写，12月5号之前给我", note="ASR homophone 海滔 = 刘海涛 (alias 海涛)"),
    I("确定炉前人员排班", ["wangqiang"], "ironmaking", "2026-11-20", "本周内",
      "阿强你那边把炉前的人员排班定一下", also=["这两个都是本周内"]),
    I("整理炉缸侵蚀测温数据发给刘海涛", ["wangqiang"], "ironmaking", "2026-11-20", "本周内",
      "炉缸侵蚀的测温数据也整理一下发给海涛", also=["这两个都是本周内"]),
    I("联系厂家来人检修炉顶布料器齿轮箱", ["wanglei"], "equip", None, "无日期",
      "炉顶布料器的齿轮箱这次要请厂家来人检修，这个我去联系"),
    I("预订下次协调会会议室并发通知", ["mengxiao"], "ironmaking", "2026-11-19", "明天",
      "小孟你把会议室订一下，明天把通知发出去", also=["好的，我明天发。"]),
],
"m2_tencent_national_day_safety.txt": [
    I("节前安全大检查并把问题清单发群里", [], "hse", "2026-09-30", "明天",
      "我们安环部今天下午就开始，明天中午前把问题清单发到群里"),
    I("汇总节日期间值班表报张总", ["yangfan"], "dispatch", "2026-09-30", "明天",
      "Frank，节日期间的值班表你汇总一下，明天下班前报给我", also=["好的张总，各厂的值班表"]),
    I("煤气柜节日巡检频次调为两小时一次并落实", ["qianli"], "energy", "2026-09-29", "今天",
      "煤气柜节日期间的巡检频次我调到两小时一次，今天就落实下去"),
    I("报检修线节后复产开机方案", ["zhoutao"], "hsm", "2026-10-08", "节后第一天",
      "节后复产那个，就是检修线的开机方案，你节后第一天上午报给生产部"),
    I("提交连铸中包烘烤器改造方案", [], "steelmaking", "2026-10-09", "3个工作日",
      "连铸中包烘烤器的改造方案，我们3个工作日内交"),
    I("收齐各厂节日加班名单", ["baixue"], "hr", "2026-09-30", "节前",
      "我让白雪节前把各厂的加班名单收齐"),
    I("发节日网络安全值守名单", ["yeqing"], "it", "2026-09-29", "今天",
      "值守名单我今天发群里"),
    I("找厂家处理烧结烟气CEMS掉线", ["dingning"], "hse", "2026-09-30", "明天",
      "烧结那个烟气CEMS前两天掉线了一次，我明天找厂家来处理"),
    I("再发一版节日煤气平衡预案", ["qianli"], "energy", "2026-09-30", "明天",
      "钱立你把节日期间的煤气平衡预案再发一版", also=["都是明天中午前"]),
    I("汇总各厂保产联系人电话表", ["yangfan"], "dispatch", "2026-09-30", "明天",
      "杨帆你把各厂保产联系人的电话汇总成一张表", also=["都是明天中午前"]),
    I("组织节后复工安全培训", ["jiangbo"], "hse", "2026-10-10", "10月10日",
      "节后复工的安全培训，我来组织，10号之前全部做完"),
],
"m3_dingtalk_crm_quality_claim.txt": [
    I("牵头编写8D D3临时措施发给唐凯", ["caiming"], "quality", "2026-12-10", "周四",
      "蔡明你牵头，周四前发给Kevin"),
    I("从MES导出三个卷的镀锌工艺参数给蔡明", ["linxiaomei"], "crm", "2026-12-09", "明天",
      "晓梅，你把那三个卷的工艺参数", also=["从MES里拉出来，明天给蔡明"]),
    I("从历史库导出超过七天的锌锅温度曲线", ["kongxiang"], "it", "2026-12-08", "今天",
      "孔翔，MES那个锌锅温度的历史曲线好像只存七天，超过七天的你今天下班前能帮我导出来吗",
      also=["可以，没问题，我从历史库里捞。"], note="ask confirmed by reply: one item, ask line"),
    I("停机时更换沉没辊", ["dengchao"], "crm", "2026-12-15", "下周二",
      "我下周二停机的时候换掉"),
    I("与华晟采购总监约定拜访时间", ["yuhaiyan"], "sales", "2026-12-11", "周五",
      "我亲自去一趟华晟，这周五之前跟他们采购总监约好时间"),
    I("派人去客户库挑选在途260吨", [], "quality", "2026-12-14", "下周一",
      "我们质量部派人去客户库里挑选，下周一之前挑完"),
    I("对接客户仓库配合挑选", ["tangkai"], "sales", None, "无日期",
      "Kevin你对接一下客户那边的仓库", also=["行，我来对接。"]),
    I("给客户回邮件说明临时措施", ["tangkai"], "sales", "2026-12-08", "今晚=今天",
      "我今晚先给客户回个邮件"),
    I("检化验中心做能谱并出报告", ["luoqian"], "quality", "2026-12-09", "周三",
      "我让检化验中心那边做个能谱，罗倩那边，周三前出报告", note="delegation to 罗倩"),
    I("更新PFMEA加入锌渣失效模式", ["linxiaomei"], "crm", "2026-12-18", "下周五",
      "PFMEA你下周五之前更新一下", also=["林小梅，还有一个"], note="ASR homophone 林小梅 = 林晓梅"),
    I("准备客户二方审核准备清单", ["pengfei"], "quality", "2026-12-31", "年底",
      "彭飞，客户二方审核一月中旬要来，你年底前把审核准备清单给我"),
],
"m4_teams_energy_winter_gas.vtt": [
    I("更新冬季煤气平衡模型（含2号高炉年修）", ["hanxue"], "energy", "2026-10-28", "下周三",
      "Snow，冬季煤气平衡的 model 你更新一下"),
    I("安排TRT机组停机检查叶片", [], "energy", "2026-10-30", "下周内",
      "我们下周内安排一次停机检查"),
    I("提交烧结机头烟气改造环评材料给黄伟", ["dingning"], "hse", "2026-10-23", "周五",
      "烧结机头烟气改造的环评材料，我周五前交给黄部长"),
    I("开通在线监测联网网络专线", ["yeqing"], "it", "2026-10-26", "下周一",
      "让叶青下周一前把网络专线开通"),
    I("签订脱硫剂新供应商合同", ["caojun"], "purchase", "2026-10-31", "月底",
      "曹部长，脱硫剂那个新供应商，合同能不能月底前签下来", also=["月底前可以，我来办。"]),
    I("发出冬季限产排程", ["yangfan"], "dispatch", "2026-10-22", "明天",
      "I'll send out 冬季限产的 schedule，明天发给大家"),
    I("协调设备部处理煤气管网三号支管泄漏点", ["qianli"], "energy", None, "无日期",
      "煤气管网三号支管那个泄漏点，我去找设备部协调一下"),
    I("提交三号制氧机大修方案", ["wangjianjun"], "equip", "2026-11-10", "11月10日",
      "老王，三号制氧机大修的方案，你11月10号前给我", also=["好，11月10号前。"]),
    I("检查蒸汽管网保温", ["hanxue"], "energy", "2026-10-23", "本周内",
      "今年的保温检查 I'll do it，本周内"),
    I("发下次周例会邀请", ["hanxue"], "energy", "2026-10-22", "明天",
      "Snow你明天把下次会的 invite 发一下"),
],
"m5_hsm_weekly.srt": [
    I("排出F3磨辊计划", ["majun", "fanglei"], "hsm", "2026-12-17", "周四",
      "马骏，F3的磨辊计划你周四前跟方磊一起排出来", note="two owners, same department → department hsm"),
    I("清理层流冷却堵塞集管", ["fanglei"], "hsm", "2026-12-16", "明天",
      "层流冷却那几个集管堵了，我明天白班去清"),
    I("出X80管线钢工艺调整方案", ["tianjing"], "hsm", "2026-12-18", "本周内",
      "我这周内把工艺调整方案出了"),
    I("1月订单排产初稿发各厂", [], "dispatch", "2026-12-21", "下周一",
      "我们下周一前把初稿发给各厂"),
    I("查找助卷辊电机跳闸原因并答复", ["gaojun"], "equip", "2026-12-18", "周五（回复中）",
      "高峻，卷取机那个助卷辊电机老跳闸，你帮我找个原因", also=["行，我周五之前给你答复。"],
      note="ask line is gold; the date is given in the reply cue"),
    I("出拉伸试样检验结果", [], "quality", "2026-12-16", "明天",
      "我们检化验明天出结果"),
    I("年底安全检查：设备区域自查", ["fanglei"], "hsm", "2026-12-23", "下周三",
      "磊子你负责设备区域"),
    I("年底安全检查：主操室自查", ["majun"], "hsm", "2026-12-23", "下周三",
      "马骏负责主操室，都是下周三前自查完"),
    I("排查加热炉二号炉燃耗偏高原因", ["majun"], "hsm", None, "无日期",
      "加热炉二号炉燃耗这两周偏高，我去查一下"),
],
"m6_asr_caster_segment_gbk.txt": [
    I("出三号扇形段拆检报告", ["wanglei"], "equip", "2026-12-04", "周五",
      "王工你把三号扇形段的拆检报告 周五前 出来", also=["好的好的部长"]),
    I("发结晶器液位波动数据", ["lishuo"], "steelmaking", "2026-12-03", "今天",
      "结晶器液位波动的那个数据 我今天下午就发给你们", also=["我李硕啊"],
      note="说话人2 identifies himself as 李硕"),
    I("问SKF扇形段轴承到货周期并回复", ["hexin"], "purchase", "2026-12-04", "明天",
      "何新 备件那个 扇形段的轴承 就是SKF的那个 你问一下多久能到货 明天给我回个话",
      note="ASR homophone 何新 = 何欣"),
    I("找两家国产替代轴承询价", ["hexin"], "purchase", "2026-12-04", "本周内",
      "还有那个国产替代的 我这周内找两家询个价", note="说话人4 is 何欣 (answers the ask to 何新)"),
    I("修订点检标准", [], "equip", "2026-12-31", "月底",
      "点检标准 这个要修订 我们设备部月底前弄完"),
    I("检查全部二冷水喷嘴", ["xuliang"], "equip", "2026-12-08", "下周二",
      "我让徐亮把二冷水的喷嘴全部检查一遍 下周二之前"),
    I("测扇形段驱动电机绝缘", ["gaojun"], "equip", "2026-12-05", "后天",
      "扇形段驱动电机的绝缘 我后天去测", also=["我高峻 电气这块"]),
    I("写事故情况说明报安环部黄部长", ["wangjianjun"], "equip", None, "无日期",
      "要报 这个我来写个情况说明 给黄部长", also=["王部长 那个安环部那边"],
      note="说话人1 is addressed as 王部长 = 王建军"),
    I("向张总汇报计划检修推迟到12月17日", ["wangjianjun"], "equip", "2026-12-04", "明天",
      "这个我明天跟张总汇报"),
],
"GMT20261124-233000_Recording.transcript.vtt": [
    I("提交高炉炉温下行书面说明", ["zhangjianhua"], "ironmaking", "2026-11-25", "今天",
      "张厂长，炉温那个事，你今天中午前给我一个书面说明", also=["好的张总。"]),
    I("二号转炉炉衬喷补", [], "steelmaking", "2026-11-25", "今天",
      "二号转炉炉衬要喷补，我们今天白班做完"),
    I("盯出口越南SPHC全部下线", ["majun"], "hsm", "2026-11-26", "明天",
      "我让马俊盯着，明天必须全部下线", note="ASR homophone 马俊 = 马骏; delegation"),
    I("与码头确认船期并回复周涛", ["yangfan"], "dispatch", "2026-11-25", "今天",
      "Frank你跟码头确认一下船期，今天下午给周涛回话"),
    I("向越南客户确认船期是否推迟并告知杨帆", ["shenyue"], "sales", "2026-11-25", "今天",
      "我今天上午再 confirm 一下，然后跟 Frank 讲"),
    I("写酸洗线断带原因分析", ["xieyu"], "crm", "2026-11-27", "周五",
      "断带原因我让小谢写个分析，周五前"),
    I("通知各厂下午限负荷", [], "energy", "2026-11-25", "今天",
      "我们能源这边会马上通知各厂"),
    I("收齐限电期间各厂负荷调整表", ["liuchang"], "dispatch", "2026-11-25", "今天",
      "小刘，限电期间各厂的负荷调整表，你今天上午收上来"),
    I("组织煤气区域应急演练", ["jiangbo"], "hse", "2026-11-27", "本周内",
      "我这周内组织一次煤气区域的应急演练"),
    I("各厂上报12月检修计划", [], None, "2026-11-30", "月底",
      "另外月底前各厂把12月的检修计划报到生产部", note="several departments (各厂) → owners [], department null"),
],
"m8_redbank_ore_call_en.txt": [
    I("Send revised laycan schedule for January cargoes (Redbank)", [], None, "2026-12-04", "Friday",
      "We'll send you the revised laycan schedule for the January cargoes by Friday.",
      note="external supplier (not in org) → owners [], department null"),
    I("Send draft price adjustment clause", ["lujia"], "purchase", "2026-12-03", "Thursday",
      "I'll send over the draft price adjustment clause by Thursday"),
    I("Re-run moisture and phosphorus on retained samples", [], "quality", "2026-12-04", "3 business days",
      "Our lab will re-run moisture and phosphorus on the retained samples",
      note="Luo Qian speaking for her lab (我们) → owners [], quality"),
    I("Send umpire sample split procedure to Redbank", ["luoqian"], "quality", "2026-12-01", "today",
      "I'll do that today.", also=["Could someone send us your umpire sample split procedure?"],
      note="request with no owner; the reply line names the owner"),
    I("Share sinter pot test results with Redbank", ["liuhaitao"], "ironmaking", "2026-12-11", "next week",
      "Tony, can you share the sinter pot test results with Priya's team next week?", also=["Sure, will do."]),
    I("Update burden calculation once revised specs arrive", ["liuhaitao"], "ironmaking", None, "no date",
      "I'll update the burden calculation for the blast furnaces"),
    I("Check laytime calculation for demurrage and revert", ["caojun"], "purchase", "2026-12-10", "December 10",
      "I'll check the laytime calculation with our port team and get back to you before December 10"),
    I("Send January consumption forecast for the blast furnaces", ["liuhaitao"], "ironmaking", None, "ASAP",
      "And Tony, I need the January consumption forecast for the two blast furnaces, ASAP please"),
    I("Book follow-up call and send invite", ["lujia"], "purchase", "2026-12-02", "tomorrow",
      "Lucy, please book a follow-up call for the week after next, and send the invite out tomorrow.",
      also=["Will do."]),
],
}


def encode(enc, nl, bom, text):
    text = text.replace("\n", nl)
    data = text.encode(enc)
    if bom:
        data = codecs.BOM_UTF8 + data
    return data


def read_lines(path):
    """Decode a saved file the way the gold counts lines (BOM not a line)."""
    raw = open(path, "rb").read()
    if raw.startswith(codecs.BOM_UTF8):
        text = raw[3:].decode("utf-8")
    else:
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text = raw.decode("gb18030")
    return text.replace("\r\n", "\n").split("\n")


def find_line(lines, quote, fname):
    hits = [i + 1 for i, l in enumerate(lines) if quote in l]
    if len(hits) != 1:
        raise SystemExit(f"{fname}: quote {quote!r} found on lines {hits}, need exactly one")
    return hits[0]


def main():
    for fname, (enc, nl, bom, text) in FILES.items():
        with open(os.path.join(HERE, fname), "wb") as f:
            f.write(encode(enc, nl, bom, text))
    gold = {"org": "org.yaml", "documents": []}
    evidence = {}
    for fname, items in ITEMS.items():
        date, passdate = MEET[fname]
        lines = read_lines(os.path.join(HERE, fname))
        gitems, eitems = [], []
        for it in items:
            ln = find_line(lines, it["quote"], fname)
            gitems.append({"task": it["task"], "owners": it["owners"], "department": it["department"],
                           "due": it["due"], "line": ln})
            e = {"line": ln, "task": it["task"], "quote": it["quote"], "due_rule": it["rule"]}
            if "also" in it:
                e["also"] = it["also"]
            if "note" in it:
                e["note"] = it["note"]
            eitems.append(e)
        gold["documents"].append({"file": fname, "meeting_date": date,
                                  "pass_meeting_date": passdate, "items": gitems})
        evidence[fname] = eitems
    with open(os.path.join(HERE, "gold.json"), "w", encoding="utf-8") as f:
        json.dump(gold, f, ensure_ascii=False, indent=2)
        f.write("\n")
    with open(os.path.join(HERE, "gold_evidence.json"), "w", encoding="utf-8") as f:
        json.dump(evidence, f, ensure_ascii=False, indent=2)
        f.write("\n")
    n = sum(len(v) for v in ITEMS.values())
    print(f"wrote {len(FILES)} meeting files, gold.json ({n} items), gold_evidence.json")


if __name__ == "__main__":
    main()
