#!/usr/bin/env python3
"""Build the files of the shipyard minutes set that need a special encoding or
line ending, then derive gold.json from gold_evidence.json.

Re-runnable: every run rewrites the same bytes.

  sy02_tencent_H1272_sea_trial.txt   UTF-8 with BOM, CRLF (Tencent Meeting 转写 export)
  sy05_paint_quality_special.srt     UTF-8 without BOM, CRLF (SRT, speaker in the cue text)
  sy06_asr_raw_dump_gbk.txt          GBK, LF (raw ASR dump, 说话人N labels, little punctuation)

gold.json: each item's `line` is the line of its first evidence quote in the
file as saved (BOM not counted, CRLF = one break, cue-text line for SRT/VTT).
"""
import json, os

HERE = os.path.dirname(os.path.abspath(__file__))

SY02 = """会议主题：H1272 试航准备协调会
会议时间：2026/11/18 09:30:05 - 10:41:22
会议号：738 215 406
发起人：李振华
参会人数：11

文字转写：

李振华(00:00:08): 嗯，喂，大家能听到吧？能听到啊。那个，我们开始。今天就一个事，H1272试航。日子船东已经确认了，12月10号出海，不改了。

邱天(00:00:31): 对，我说一下大概情况。试航大纲现在是第三版，ABS那边上周回了十几条意见，船东那边基本没意见了。

李振华(00:00:52): 秋天，你牵头把试航大纲最后一版跟船东、ABS再确认一下，下周三前定稿。

邱天(00:01:03): 好的李总。

李振华(00:01:10): 嗯。机装这边，主机系泊到哪一步了？

彭飞(00:01:16): 主机系泊试验现在完成了大概百分之七十，剩下的是那个，负荷试验和应急停车。我们这周五之前全部做完。

李振华(00:01:38): 锚机那个负荷试验呢？

彭飞(00:01:42): 锚机上周五已经做完了，船东代表也签字了。

李振华(00:01:50): 好。阿斌，电站并车那个问题，你试航前一定要搞定，上次系泊的时候两台发电机并车老是跳。

林斌(00:02:08): 没问题李总。调速器的参数我再找厂家的服务工程师来一趟，现场再调一下。

李振华(00:02:20): 嗯，那个，就是说，试航的时候船东、船检都在船上，再跳就难看了。

钱永红(00:02:31): 我补一句，试航的报验项目清单，我们质量处这周内出，出了以后发给邱天和船东。

李振华(00:02:47): 好。安全这块，贺勇？

贺勇(00:02:51): 试航期间的应急预案，还有海事局那边的报备，我负责，12月3号前报上去。

李振华(00:03:05): 那试航要不要带拖轮？

邱天(00:03:09): 要的，两条拖轮，上周已经跟港作公司订好了。

李振华(00:03:17): 好。燃油滑油呢，孔处？

孔德明(00:03:21): 燃油和滑油的加注，采购这边下周内跟中石化船供落实，数量按试航大纲的四天算。

李振华(00:03:37): 行。白雪，试航人员名单，船东、船检的都算上，你汇总好报海事，月底前。

白雪(00:03:50): 好的，收到。

邱天(00:03:54): 李总，还有船东那边的试航邀请函，得您签字，明天能签吗？

李振华(00:04:00): 邀请函明天上午我签了给你。

邱天(00:04:06): 唐工，倾斜试验的计算书什么时候能给我？船检那边在催。

唐思远(00:04:13): 倾斜试验计算书下周一给你，现在就差空船重量的几个数。

郑大伟(00:04:27): 还有一个，压载水处理系统那个，厂家的调试工程师一直没来。我让范小东去联系厂家，叫他下周五前把调试工程师约到厂里。

李振华(00:04:47): 嗯，这个要抓紧。如果天气不好，试航就往后顺延，到时候再说，现在先按12月10号准备。

郑大伟(00:05:00): 我个人觉得压载水系统最好在试航前单独跑一遍，不然到海上出问题很麻烦。

李振华(00:05:10): 有道理，不过这个先看厂家什么时候能来。

李振华(00:05:18): 最后一个事，各部门把试航期间的值班人员名单周五前报给白雪。

白雪(00:05:27): 好的。

李振华(00:05:32): 那我简单重复一下，大纲下周三定稿，系泊周五做完，并车试航前解决，应急预案12月3号报，燃油下周落实，名单月底报海事。好，今天就到这儿，散会。
"""

SY06 = """================ 语音转写结果 ================
音频文件：REC_20261127_083512.wav
创建时间：2026-11-27 08:35:12
时长：00:31:47
识别模式：多人会议 自动区分说话人
说明：未经人工校对
==============================================

说话人1 00:00:02
喂 嗯 好 那个人差不多了 我们开始 今天礼拜五 就说两个事 一个是六百吨龙门吊的年度检验 一个是冬季防冻

说话人1 00:00:15
杜鹏你先说一下龙门吊的情况

说话人2 00:00:19
好 嗯 就是上礼拜点检的时候 主梁下盖板那里发现一条裂纹 大概十几公分 已经打了止裂孔 还有钢丝绳 有两根断丝超标了

说话人1 00:00:41
杜鹏 龙门吊主梁那个裂纹 你下周二之前 找特检院的人来复检一下 复检不过不能用

说话人2 00:00:52
好的王处 特检院那边我上礼拜已经打过电话了 他们说随时可以来

说话人2 00:01:01
还有那个钢丝绳 我月底前全部换完 换的时候要停机两天 停机通知我今天发

说话人1 00:01:15
嗯 江处 你们安环这边有什么要说的

说话人3 00:01:19
我安环这边说两句 龙门吊检验这段时间 吊装作业肯定要受影响 我这边出个临时管控方案 周一给大家

说话人3 00:01:36
还有个事 你们设备处 那个叉车 年检过期了两台 月底前都得办完 上面查到是要罚款的

说话人1 00:01:48
这个是我们的问题 认

说话人1 00:01:53
然后是吊装 韩磊 你们船体 下周吊装计划 按一台龙门吊排 你回去调一下 周一发我

说话人5 00:02:05
行 那B31总段的吊装就得往后推了 我跟计划处小刘说一声

说话人1 00:02:16
嗯 然后防冻 付涛你说

说话人4 00:02:19
冬季防冻 主要就是空压站那几根室外的管子 去年冻裂过一次 空压站的管道保温我下周三前包完

说话人3 00:02:35
付涛 上次变电所跳闸那个分析报告呢

说话人4 00:02:39
那个上个月就交了 蒋处你可以看一下邮件

说话人5 00:02:45
建国 我说一句 其实龙门吊的控制系统太老了 要是换新的 整个要几百万

说话人1 00:02:54
那个明年再说 今年没预算 不讨论

说话人1 00:03:00
年度检验的报告 我来签 下周五前报给李总

说话人1 00:03:08
还有信息中心那边 设备管理系统的点检模块 我让付涛去跟严俊对一下 年底前要上线

说话人4 00:03:18
好

说话人1 00:03:21
行 那就这样 裂纹下周二复检 钢丝绳月底换完 保温下周三 散会
"""

CUES = [
["【黄国栋】好，今天周二，临时加一个涂装质量专题会，就说H1268压载舱涂层的事。"],
["【曹敏】我先说情况。5号、6号压载舱，船东上周抽检膜厚，", "有十几个点低于320微米，最低的才260。"],
["【黄国栋】就是说，船东开了不符合项，这个必须返工。"],
["【黄国栋】戴俊，5号、6号压载舱的返工，你们班组这周五之前打磨补涂完。"],
["【戴俊】周五……有点紧，嗯，加个夜班应该可以。"],
["【曹敏】那个膜厚检测记录，我重新整理一份，明天给Howard。"],
["【黄国栋】Howard，船东那边的不符合项回复，", "你写一下英文版，周四前发Linda。"],
["【吴昊】好的，我先等曹敏的记录。"],
["【钱永红】我问一下，附着力有没有问题？"],
["【曹敏】附着力没问题，上周做的拉拔试验都合格，主要就是膜厚。"],
["【黄国栋】我觉得主要问题还是喷涂工的手法，边角那块老是喷不到。"],
["【秦月】还有一个情况，那个海虹老人的涂料，有一批批次号对不上，", "我今天联系厂家来人看一下。"],
["【袁琳】舱里打磨的时候通风一定要够。你们涂装今天就把舱内强制通风的风机再加两台。"],
["【戴俊】好，风机我们仓库有。"],
["【钱永红】返工完了以后，联合检验下周一搞，船东船检我来约。"],
["【钱永红】小田，湿度计那个校准证书是不是过期了？"],
["【田甜】对，上个月底过期的，我这周内拿去计量所重新校准。"],
["【黄国栋】这个事情的原因分析和整改报告，我来写，下周三前交给李总。"],
["【黄国栋】另外定一条，以后压载舱一律做两道条涂，不再讨论。"],
["【方琳】船东那边我先口头沟通一下，今天下午就打电话给Lars，", "免得他们等正式回复等急了。"],
["【黄国栋】好，那我重复一下：戴俊周五前返工，曹敏明天给记录，Howard周四前回复，", "联检下周一。散会。"],
]


def srt_text(cues):
    out = []
    t = 2.0
    def ts(x):
        ms = int(round(x * 1000))
        h, ms = divmod(ms, 3600000); m, ms = divmod(ms, 60000); s, ms = divmod(ms, 1000)
        return "%02d:%02d:%02d,%03d" % (h, m, s, ms)
    for i, lines in enumerate(cues, 1):
        d = 1.5 + sum(len(l) for l in lines) * 0.2
        out += [str(i), "%s --> %s" % (ts(t), ts(t + d))] + lines + [""]
        t += d + 0.8 + (i * 7 % 5) * 0.6
    return "\n".join(out)


def write(name, text, encoding, crlf=False, bom=False):
    if crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    data = text.encode(encoding)
    if bom:
        data = b"\xef\xbb\xbf" + data
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def read_lines(name):
    raw = open(os.path.join(HERE, name), "rb").read()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("gbk")
    return text.replace("\r\n", "\n").split("\n")


def build_gold():
    ev = json.load(open(os.path.join(HERE, "gold_evidence.json"), encoding="utf-8"))
    docs = []
    for d in ev["documents"]:
        lines = read_lines(d["file"])
        items = []
        for it in d["items"]:
            q = it["quotes"][0]
            hits = [i + 1 for i, l in enumerate(lines) if q in l]
            if len(hits) != 1:
                raise SystemExit("%s: quote %r found on lines %s" % (d["file"], q, hits))
            items.append({"task": it["task"], "owners": it["owners"], "department": it["department"],
                          "due": it["due"], "line": hits[0]})
        docs.append({"file": d["file"], "meeting_date": d["meeting_date"],
                     "pass_meeting_date": d["pass_meeting_date"], "items": items})
    with open(os.path.join(HERE, "gold.json"), "w", encoding="utf-8") as f:
        json.dump({"org": "org.yaml", "documents": docs}, f, ensure_ascii=False, indent=2)
        f.write("\n")


if __name__ == "__main__":
    write("sy02_tencent_H1272_sea_trial.txt", SY02, "utf-8", crlf=True, bom=True)
    write("sy05_paint_quality_special.srt", srt_text(CUES), "utf-8", crlf=True)
    write("sy06_asr_raw_dump_gbk.txt", SY06, "gbk")
    if os.path.exists(os.path.join(HERE, "gold_evidence.json")):
        build_gold()
    print("built")
