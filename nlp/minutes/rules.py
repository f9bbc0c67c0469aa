"""The rules that decide what in a line is an action item, whose it is, and by when.

Why rules and not a classifier (measured, 2026-11): the dev set has 86 items in 10 styles,
far too few to train on without learning its phrasings, and there is no Chinese training
data in our format. The only sizeable labelled set, AMI (English meeting speech), favours a
trained detector for *detection* — TF-IDF + logistic regression trained on AMI train gets
F1 0.29 on AMI dev / 0.29 on test against 0.19 / 0.17 for these rules — but it says nothing
about owners or due dates, which are most of the value. Each rule here encodes a
grammatical cue of Chinese or English minutes (由X负责, X，…你…, I'll…, Name - task,
已/went live, 如果/if, 先不/parked …), so it carries over to other organisations' minutes
(checked on ten held-out sets of two other organisations in tests/fixtures/minutes);
every cue is listed once, below.

Work is done per sentence: exclusions that scope over a whole sentence (questions,
hypotheticals, cancellations, decisions) kill it; exclusions that scope over a clause
(done work, reporting verbs, meeting logistics) only remove that clause, so that
"跟数据部 Zoe 对过了，CDC 同步由 Joy 在下周一前切到新 topic" still yields Joy's item.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left
from dataclasses import dataclass, field

from models.org import Org
from nlp.dates import DateMention, pick_due
from nlp.minutes.lexicon import (
    PAUSE_BEFORE_CODE,
    TEAM_WORDS_EN,
    UNKNOWN,
    Mention,
    OrgLexicon,
    department_of,
)

# ---------------------------------------------------------------- cue lists (one place)

_Q = (
    r"[？?]|[是对]吧[。！!]?\s*$|谁来|是不是|要不要|能不能|可不可以|行不行|(?<!不)对不对|有没有|"
    r"吗[。！!]?\s*$"
)
# An embedded question after a checking verb (「你查一下…有没有异常」, 「你过一遍，看要不要改」)
# is the task's object, not a question put to the meeting.
_INDIRECT_Q = re.compile(
    r"(?:看|查|问|确认|核实|核对|了解|评估|判断|测|试)(?:一下|下|看|一遍)?"
    r"[^。？?！!]{0,30}?(?:是不是|要不要|能不能|有没有|可不可以|行不行|对不对|够不够|齐不齐|是否)"
    r"(?![^，,。]*[吗？?])"
)
# 「…你周五之前搞完，没问题吧？」: a tag after an ask asks only for a yes; the ask stands.
_TAG_Q = re.compile(
    r"(?<=[\u4e00-\u9fff\w])[，,]\s*(?:(?:应该)?(?:没问题|没事|可以|行|好|来得及|赶得上|能搞定|搞得定|能行)"
    r"[吧吗么嘛]|行不行|好不好|可不可以|有没有问题|来不来得及)[？?]\s*$"
)
_POLITE_REQUEST = re.compile(
    r"\b(?:can|could|would|will)\s+(?:you\b|your\s+(?:[\w-]+\s+){0,2}" + TEAM_WORDS_EN + r")|"
    r"能不能|可不可以|能否|可否|可以帮|麻烦|辛苦|"
    r"能[^，,。？?]{0,8}吗[？?]?\s*$",
    re.I,
)
_WH_QUESTION = re.compile(
    r"\b(?:what|when|whether|why|how|who|which|where)\b|是否|什么|哪|多少|几|怎么|为什么|吗", re.I
)
_HYPOTHETICAL = re.compile(
    r"如果|假如|(?<![主需只还重])要是|万一|也许|或许|可能要|可能会|可能需要|可以考虑|考虑一下|不一定|看情况|到时候再|"
    r"\bif\b|\bmaybe\b|\bperhaps\b|\bmight\b|just a thought|\bidea\b|\bwould be nice\b",
    re.I,
)
_CANCEL = re.compile(
    r"先不|不做了|不做|暂不|不考虑|再议|再说|先等|不讨论|取消(?!政策|率|规则|条款|费|险|原因|申请)|搁置|暂缓|延期|推迟|"
    r"不批|不定|不需要|不用了|再讨论|再定|再看|待定|"
    r"不用(?:你们?|您)[\u4e00-\u9fff]{0,2}了|"  # 「…，不用你弄了」: the ask taken back
    # 「…这个你不用管了」, 「你们就不用跟了」: told they need not bother
    r"(?:你们?|您)(?:就|也|都)?不用(?:再)?(?:管|操心|跟|弄|做|跑|处理)|"
    r"\bparked\b|^\W*dropped\b|\(dropped\)|\bdropped\s*[.;)]|not for now|on hold|~~|"
    r"\b(?:is|was|were|been|be|are|got)\s+(?:cancell?ed|postponed|dropped|deferred)\b|"
    r"\bcancel\s+(?:it|this|that|the)\b|\bpostpone\b|\bpark\s+(?:it|this|that)\b|"
    r"nobody is taking|nobody assigned|let's not|"
    r"not decided|under discussion|to be discussed|\bTBD\b|"
    r"\bno need\b|\bwon't\b|\bwill not\b|"
    r"\b(?:can't|cannot|can not)\s+(?:commit|promise)\b|"
    r"not this (?:year|quarter|time)|\bdeferred\b",
    re.I,
)
# "…which dock they want to use": a want inside an embedded question is its object, no wish
_WANT_ASKED_EN = re.compile(
    r"\b(?:which|what|where|when|how|whether)\b[^,.;!?]{0,30}?\bwants?\b", re.I
)
_WISH = re.compile(
    r"(?:我|我们)(?:还是|也|就|都|很|比较|是)?(?:想|希望)|\bwants?\b|would like|\bhopes?\b|"
    r"建议|\bsuggest",
    re.I,
)
# Things said about the meeting itself, done while speaking ("I'll just draw it", "我先说一下").
_IN_MEETING = re.compile(
    r"\bI'll\s+just\b|\bI(?:'ll|\s+will)\s+(?:go\s+with|start|show|draw|talk(?!\s+(?:to|with)\b)|"
    r"explain|read|load|copy|"
    r"see\s+you|make\s+this|say|rub|save|give\s+(?:it\s+)?a|go\s+first|take\s+a\s+note|"
    r"make\s+a\s+note|write\s+(?:that\s+|it\s+)?down|put\s+(?:it|that|this|them)\s+(?:in|on|there|here)|"
    r"try|pass\s+(?:it|this)|hand\s+over)\b|"
    # "check with Kuang - I mean Mr. Kuang": after a dash, 'I mean' corrects a word
    r"\bI\s+think\b|(?<![-–—]\s)\bI\s+mean\b|\bI\s+guess\b|\bI'm\s+going\s+to\s+talk\b|"
    # (「郭总我这边说一下，…」: taking the floor, not the one who then does it; only where a
    # mark ends it — in an unpunctuated dump the clause would be the whole turn)
    r"我先(?:说|讲|过|介绍|汇报)|我(?:来)?说一下|我这边(?:来)?说一下(?=\s*[，,。：:；;！!]|\s*$)|"
    r"我(?:这边)?(?:再)?补充|"
    # 「我这边提一个，设计所这边…」: raising a point, the ask follows in the next clause
    r"我(?:这边)?(?:先|再)?提(?:一个|一下|个事|一点)(?=[啊哈吧]?(?:[，,。：:\s]|$))|"
    # 「海涛你先说一下」: asked to speak now, in the meeting
    r"你先(?:说|讲|介绍|汇报)(?:一下)?(?=[吧啊，,。！!\s]|$)|"
    # 「江姐你说一下吧」: the floor given, nothing to tell named after it
    r"你(?:来)?(?:说|讲)(?:一下)?(?=[吧啊]?(?:[，,。！!\s]|$))|"
    # 「先请许工说一下生产设计的整体进度」: the chair asks someone to report now (not 「请X跟客户
    # 说一下」: 跟/和/给/向/对 name someone outside the meeting)
    r"请(?:(?![跟和给向对与])[\u4e00-\u9fff]){1,4}?(?:先|来)?(?:说|讲|介绍|汇报)一下"
    r"(?:[\u4e00-\u9fff]{0,12}?(?:数据|情况|进展|进度))?(?=[吧啊，,。！!\s]|$)|"
    # 「吴婷你说一下数据」: the figures, now
    r"你(?:先)?(?:说|讲|介绍|汇报)一下(?:数据|情况|进展|进度)(?=[吧啊，,。！!\s]|$)|"
    # 「何部长，你们资产部先说一下欠费的整体情况」: a team asked to report now, the topic after
    # the verb (「你跟客户说一下情况」 is not: 跟/和/给/向/对 name someone outside the meeting)
    r"你们?(?:(?![跟和给向对与])[\u4e00-\u9fff]){0,4}?先(?:说|讲|介绍|汇报)一下"
    r"[\u4e00-\u9fff]{0,12}?(?:数据|情况|进展|进度)(?=[吧啊，,。！!\s]|$)|"
    r"(?:我们|咱们)(?:就|现在)?开始(?:吧|了|啊)?(?=[，,。\s]|$)",
    re.I,
)
_FILLER = re.compile(r"\b(?:um+|uh+|er+|erm|hmm+|mm+|ah+|oh|yeah|okay|ok|so|well)\b", re.I)
# A turn of an English call about the call itself (issue 17, a metro operator's vendor call):
# joining late, checking the line, the chair's agenda. The learned detector marks such turns
# by their words ("send", "go through", "test"); there is no work in them.
_ABOUT_THE_CALL_EN = re.compile(
    r"\b(?:sorry|apologies)\b[^.?!]{0,24}?\b(?:I'm|I\s+am|for\s+being|we're)\s+(?:a\s+bit\s+)?late\b|"
    r"\bcan\s+(?:you|everyone|everybody|you\s+all)\s+(?:hear|see)\s+(?:me|us|my\s+screen)\b|"
    r"\byou(?:'re|\s+are)\s+(?:still\s+)?(?:on\s+)?mute(?:d)?\b|"
    r"^\W*(?:(?:so|ok(?:ay)?|right|alright|um+|uh+|well|and)\W+)*today,?\s+we(?:'ll|\s+will|'re\s+going"
    r"\s+to|\s+are\s+going\s+to|\s+want\s+to)?\s+(?:go\s+through|cover|walk\s+through|talk\s+about)\b|"
    r"^\W*(?:(?:so|ok(?:ay)?|right|alright|um+|uh+|well|and)\W+)*(?:the\s+)?agenda\s+(?:for\s+)?"
    r"(?:today\s+)?is\b",
    re.I,
)


def about_the_call(text: str) -> bool:
    """Is this English turn about the call itself — a late joiner, a check of the line, the
    agenda — with no work in it? (The detector's verdict is not taken for such a turn.)"""
    return bool(_ABOUT_THE_CALL_EN.search(text))


_DECISION = re.compile(r"决定|决议|定了|就定|定为|敲定|原则上|维持|\bdecision\b|\bdecided\b", re.I)
_QUESTION = re.compile(_Q, re.I)

_DONE = re.compile(
    r"已|过了|完了|好了|做完了|\b(?:signed|finished|completed|shipped|closed|received|merged|went|"
    r"was|were|did|delivered|launched)\b|\balready\b|\byesterday\b|\blast\s+(?:week|month|"
    r"monday|tuesday|wednesday|thursday|friday)\b|刚刚|刚才|"
    # 「上周的报表你今天发我」: 上周的 / 昨天的 names which thing, the work is still to do
    r"昨天(?!的)|上周(?![一二三四五六日天]?的)|"
    r"(?<![还都])没来(?![得及])|"  # 「吴婷今天没来」: who is absent, a fact
    # 「采购那边我打过招呼了」, 「问过他们了」: 过 after the verb, 了 closing it
    r"[打问看说查试做发找聊谈讲]过[\u4e00-\u9fff]{0,4}?了",
    re.I,
)
# "get the build signed by Monday", "have it merged": a participle of work still to do.
_FUTURE_PASSIVE = re.compile(
    r"\b(?:get|gets|getting|have|has|be|being|will|'ll|to|needs?)\b[\w\s'-]{0,30}$", re.I
)


def _is_done(clause: str) -> bool:
    """Work already done: 已/过了/…, past tense, yesterday, last week."""
    for m in _DONE.finditer(clause):
        if m.group(0)[0].isascii() and _FUTURE_PASSIVE.search(clause[: m.start()]):
            continue
        if m.group(0).endswith(("好了", "完了")) and _HAND_OVER.match(clause, m.end()):
            continue  # 「值班表排好了周五前给我」: done first, then handed over (work to do)
        if m.group(0) == "已" and _BA_OBJECT_BEFORE.search(clause[: m.start()]) and (
            _OF_AFTER.match(clause, m.end())
        ):
            continue  # 「把已交票网点的酬金付掉」: 已 describes what 把 names, the work is to do
        return True
    return False


# 已 inside the object 把 names (「把已交票网点的酬金付掉」, 「把已经签约客户的名单发我」): 把 a few
# characters before, 的 a few after, no break between.
_BA_OBJECT_BEFORE = re.compile(r"把[^，,。；;！!？?\s]{0,4}$")
_OF_AFTER = re.compile(r"[^，,。；;！!？?\s的]{1,8}的")


# What is handed over once it is done: 「…排好了这周五前给我」, 「…弄完了发群里」.
_HAND_OVER = re.compile(
    r"\S{0,10}?(?:给我|发我|发给|交给|报给|交上来|报上来|告诉我|发群里|同步一下)"
)


# Reporting verbs right after the clause's subject ("马建国介绍，…", "叶子涵指出…"); later in a
# clause they are part of a task ("4月30日前反馈结果").
_REPORT = re.compile(
    # 反馈 before 你/表/单/意见 is the thing asked for: 「试用反馈你月底前收回来」
    r"^[\s\d.、．)）]*[^，,。；;\d]{0,8}?(?:汇报|介绍|反馈(?![你表单意])|说明|指出|提出|表示|认为|觉得|感觉|倾向|提到|强调|补充一下)|"
    r"\b(?:asked|said|mentioned|reported|noted|agreed|explained|raised)\b",
    re.I,
)
# What an outside party said or wants (「客户问我们能不能…」, 「他们说月底前给我们签」,
# 「三月底是客户要的」): its clause is no work of ours; 「跟客户说一下」 still is.
_THIRD_PARTY = re.compile(
    r"^\W*(?:\S{0,10}?(?<![跟和给向找问帮让请对与同把]))?"
    # 「他们那个SQE说…」: one of their people (not 「客户的试用反馈你…收回来」: their thing)
    r"(?:客户|甲方|对方|他们|供应商|厂家|厂商|业主)"
    r"(?:那边|方面|(?:那个|那边的)[A-Za-z\u4e00-\u9fff]{1,4}?)?(?:也|还|都|已经|又|是)?"
    r"(?:问|说|要求|希望|想要|要的|在审|还在|反馈|表示)"
)
# 「华联那边要求我们十号前交…」, 「人事那边说这周四来…」: what a side (a customer, another team)
# said or demands, told at the start of a clause — not 「我跟采购那边说一下」 (telling them)
_SIDE_SAID = re.compile(
    r"^\W*(?![跟和给向找问帮让请对与同把我你])[\u4e00-\u9fffA-Za-z]{2,6}?(?:那边|方面)"
    r"(?:也|还|都|已经|又|是)?(?:说|要求|希望|反馈|表示)(?!一下|一声|清楚|了算)"
)
# 「这个大家知道一下就行」: for information only.
_FYI = re.compile(r"(?:知道|了解|知悉)(?:一下)?就(?:行|好|可以)|知悉即可")
# 「今天有点赶」: a date pushed back on, not agreed (its clause lends no date).
PUSHBACK = (
    r"(?:(?:有点|太|可能)?(?:赶|来不及|够呛|排不开)(?![上到])|"
    r"(?:有点|太|比较|挺)(?:紧|难|悬)(?![张度说受看过])|"  # 「周五有点悬」
    # 「今天出不来」, 「明天给不了」: what cannot be done by the date asked
    r"(?:出|给|做|弄|交|写)不(?:出来|来|了|完)(?![解])"
    r")"
)
# the time asked for, said back before the pushback: 「两个工作日有点紧」
PUSHBACK_DAYS = (
    r"(?:今天|今晚|明天|后天|这周内?|本周内?|周[一二三四五六日]|"
    r"[零一二三四五六七八九十两\d]+个?(?:工作日|天)(?:之?内)?)"
)
_PUSHBACK_CLAUSE = re.compile(
    rf"^\W*\S{{0,6}}?{PUSHBACK_DAYS}?{PUSHBACK}(?:[啊呀哈吧]\S{{0,3}})?\W*$"
)
# 「这个我回头跟老板汇报一下」: reporting later is work promised, not a report given now.
_LATER = re.compile(r"我\S{0,3}(?:回头|会后|晚点|过后|之后|改天)")
_LOGISTICS = re.compile(
    r"下次|碰头|再碰(?:一下|一次|个头)?|还是这个时间|老时间|"
    # 「仓库这边提醒一下，…」: a lead-in said now, not the owner of what follows
    r"(?:这边|我)(?:再)?(?:提醒|强调|通知)(?:大家)?一下(?=[，,。：:\s]|$)|"
    r"会议时间|打断一下|插一句|插一下|插一嘴|补一句|定于|改到|照常|same time|开始吧|"
    r"(?:我|这边)(?:再)?补充(?:一点|两点|一句|两句|一下)(?=[，,。：:\s]|$)|"
    r"(?:周会|例会|会议)开始|"
    r"今天主要|(?<![我你他她们])会(?:就)?(?:放|定在|挪到)(?=到?[下本这周明后\d一二三四五六七八九十])|"
    r"(?:也|都|要|不|照常)(?:上班|放假|休息)(?=[\s，,。！!？?吗呢吧]|$)|"
    r"主要(?:说|讲|讨论|对)一下|就到这|"
    r"(?:今天|先)(?:就)?(?:到这|这样)(?:里|儿)?(?=[吧啊哈了，,。！!\s]|$)|"
    r"\bmain topic\b|let's (?:get )?start|"
    r"\bthanks,? (?:everyone|all)\b|"
    r"\bnext\s+(?:sync|meeting|review|stand-?up|call)\b",
    re.I,
)

# The verbs of a recap, one table for the rule below and for the ASR-dump reader, which ends
# a sentence after them (segment.py). Going over the list is a recap only with 最后 / 再 or
# a colon after 我 (「这份清单我过一遍，…」 is a promise); saying it over needs 最后 / 再.
GO_OVER = ("捋一下", "捋一捋", "过一遍", "过一下", "重复一下", "重复一遍", "梳理一下")
SAY_OVER = ("说一遍", "念一遍")
SUM_UP = ("总结一下", "小结一下")
RECAP_VERBS = GO_OVER + SAY_OVER + SUM_UP
# Fillers a chair opens a closing turn with: one way to read each (好的 is 好 + 的; re.I folds
# OK/ok), so 「好的，好的，…」 cannot backtrack exponentially.
_OPENING_FILLERS = r"(?:(?:好|那|嗯|行|ok(?:ay)?|so)[吧啊了的]?[，,。.\s]*)*"
_TODAY = r"(?:今天的?)?[啊吧哈呀]?"

# Going over the list with a colon after it (「我过一遍：…」, 「快速过一下：…」, 「那收一下：…」,
# 「好，我总结：…」):
# 我 is not needed, the colon says a list follows. 收一下 (wrapping up) is read only here, not by
# the ASR-dump reader (「你收一下快递」).
_LIST_BY_COLON = (
    r"(?:那)?(?:我(?:们)?)?(?:最后|再|快速|简单)?(?:"
    + "|".join(GO_OVER + SUM_UP + ("收一下", "总结", "小结"))
    + ")"
    + _TODAY
    + r"(?=[：:])"
)

# The chair's closing recap (「好 我总结一下 老王周五前报告 小李下周一排产 就这些 散会」,
# 「好，就这样：…」, "OK recap 一下 …"): it restates asks already made, so it adds no item. A
# summary promised (「评审意见我总结一下，周五前发给大家」) is not one: the lead-in must open the
# turn and at least two clauses must follow it.
_RECAP = re.compile(
    r"^\W*"
    # the end of the last exchange may come first (「九号。 好，那最后总结一下：…」)
    r"(?:[^。！？!?：:]{1,8}[。！？!?]\s*)?"
    + _OPENING_FILLERS
    # a closing sentence may come first (「行，那今天就这些。我最后捋一下：…」)
    + r"(?:[^。！？!?：:]{0,10}?就这些[吧啊了]?[。！!，,\s]+)?"
    + r"(?:(?:(?:那)?我(?:们)?(?:就)?)?(?:最后|再)?(?:简单)?(?:"
    + "|".join(SUM_UP + ("回顾一下", "复述一下"))
    + ")"
    + _TODAY
    + r"|(?:那)?(?:我(?:们)?)?(?:最后再|最后|再)(?:简单)?(?:"
    + "|".join(GO_OVER + SAY_OVER)
    + ")"
    + _TODAY
    + r"(?=[：:，,。\s])"
    # 最后 before 我 (「最后我重复一下啊：…」, 「最后我再重复一下，…」), and repeating the list
    # briefly with no 最后 (「那我简单重复一下，…」): repeating is always of what was said
    + r"|(?:那)?最后我(?:们)?(?:再)?(?:简单)?(?:"
    + "|".join(GO_OVER + SAY_OVER)
    + ")"
    + _TODAY
    + r"(?=[：:，,。\s])"
    + r"|(?:那)?(?:我(?:们)?)?(?:再)?简单(?:重复一下|重复一遍)" + _TODAY + r"(?=[：:，,。\s])"
    + r"|" + _LIST_BY_COLON
    # 「我最后说一下哈。」: saying the last thing is a recap only as a sentence of its own (or
    # before a colon); 「最后说一下，王晓你明天…」 is a last ask
    + r"|(?:那)?(?:我(?:们)?)?最后(?:再)?说一下" + _TODAY + r"(?=[。！!：:])"
    + r"|(?:最后|再)?(?:我(?:们)?\s*|let\s+me\s+|let's\s+)?recap\s*一下|就这样(?=[：:])"
    # 「好，今天就这样。…。散会。」: the close, the list, and 散会 at its end
    + r"|(?:今天)?就这样[吧啊了]?(?=[，,。\s].*(?:散会|就这些)[吧啊了]?\W*$))"
    + r"[，,。：:\s]",
    re.I,
)
# The list may also come after a longer last exchange (「抖音这次先不做了，人手不够，七月再说。
# 那收一下：…」) when the lead-in is one of going over the list and a colon opens it.
_RECAP_AFTER_EXCHANGE = re.compile(
    r"^\W*(?:[^。！？!?：:]{1,30}[。！？!?]\s*){1,2}"
    + _OPENING_FILLERS
    + _LIST_BY_COLON
    + r"[：:]",
    re.I,
)


# 「好，最后：吴婷周五盘点表，李芳下周一报销单，王晓明天测试。」: 最后 and a colon open the list;
# three parts at least, so that 「最后：王晓明天把报告发我，周五前」 stays an ask.
_LAST_BY_COLON = re.compile(
    r"^\W*" + _OPENING_FILLERS + r"(?:那)?(?:我(?:们)?)?最后[：:]", re.I
)

_RECAP_PARTS = re.compile(r"[^，,、。；;：:\s]+")  # clauses, or words of unpunctuated speech


# 「那基本就这些，叶婷今天晚上澄清，韩松下周二图纸，晓雯周五数据」: the closing words, then
# the list without a verb of going over it; three short parts at least, so that 「就这些，小王
# 你明天把报告发我」 (one more ask after the close) stays an ask.
_CLOSE_THEN_LIST = re.compile(
    r"^\W*"
    + _OPENING_FILLERS
    + r"(?:今天)?(?:基本|差不多|大概)?(?:就这些|就这么多)[吧啊了]?[，,：:]",
    re.I,
)


# 「再确认一遍：Evan后天联调、周五压测，…」: checking the list once more, a colon after it
_CONFIRM_LIST = re.compile(
    r"^\W*" + _OPENING_FILLERS + r"(?:那)?(?:我(?:们)?)?(?:最后|再)确认一(?:遍|下)[：:]", re.I
)


def closing_recap(text: str) -> bool:
    """Is this speaker turn the chair's closing recap of the asks (no item of its own)?"""
    m = _RECAP.match(text) or _RECAP_AFTER_EXCHANGE.match(text) or _CONFIRM_LIST.match(text)
    if m is not None and len(_RECAP_PARTS.findall(text, m.end())) >= 2:
        return True
    m = _LAST_BY_COLON.match(text)
    if m is not None and len(_RECAP_PARTS.findall(text, m.end())) >= 3:
        return True
    m = _CLOSE_THEN_LIST.match(text)
    if m is None:
        return False
    parts = [p for p in re.split(r"[，,；;。]", text[m.end():]) if p.strip()]
    return len(parts) >= 3 and all(len(p.strip()) <= 16 for p in parts)


_ZH_STRONG = re.compile(
    r"负责(?!人)|牵头|我来|我去|我会|我将|你来|你去|跟进|请|马上|立即|尽快|这边来|"
    r"我(?:自己|就|先|再|回头|这边|直接)(?:去|来)?(?:找|发|做|写|弄|改|排|约|联系|催|问|盯|查|整理|准备|安排|"
    r"补|提交|处理|搞|出)(?![了过完])|"
    # 「我跟袁总说一下」 「我查一下再回你」: the speaker will check or tell someone
    r"我(?:这边)?(?:再|先|回头|去|来){0,2}(?:(?:跟|和|找|问)\S{1,5}?)?"
    r"(?:说|问|查|确认|核实|核对|联系|沟通|催|对|汇报|反映|谈|聊)一下|"
    # 「我顺便把发票清单也一起带上」: work added on the way, the speaker's own
    r"我(?:顺便|顺手|顺带)(?:也)?把|"
    # 「纪要晓晓帮忙发一下」: asking a favour is asking
    r"帮忙(?=[\u4e00-\u9fff])|"
    # 「我可以推荐两家，会后发给你」: sent on after the meeting
    r"会后(?:就|马上)?(?:发|转|传)(?:给)?(?:你|您)"
)
# "报名是下周三截止", "活动是周五": a date stated as a fact about something, not a due date
# (but "截止时间是周五" and "都是下周一之前" are due dates).
_STATED_DATE = re.compile(r"(?<!也)是\s*$")  # 「…你来，也是下周三」: the same due date
_DUE_NOUN = re.compile(r"(?:截止|期限|时间|日期|交期)\S{0,2}是\s*$")


# 「周五……哦不对」, 「月底前……不对，」, 「十号前，说错了」: the date just said is taken back.
_TAKEN_BACK = re.compile(r"^[前之以内]*[…\.。，,\s]*[哦噢啊呃]?\s*(?:不对|说错了|口误)")


# "by Friday - actually, make that Monday, the committee meets on Friday": the date made
# instead, whatever is said after it.
_MADE_INSTEAD = re.compile(r"\b(?:make\s+(?:it|that)|let'?s\s+say)\s*$", re.I)


def dates_standing(text: str, dates: list[DateMention]) -> list[DateMention]:
    """The dates still standing when a speaker corrects a date mid-turn: the last one said
    (「周五……哦不对周五端午。那就明天下班前」 → 明天), or the one made instead ("make that
    Monday"); all of them when nothing is taken back."""
    for d in dates[1:]:
        if _MADE_INSTEAD.search(text[max(0, d.start - 16) : d.start]):
            return [d]
    if any(_TAKEN_BACK.match(text[d.end : d.end + 12]) for d in dates[:-1]):
        return dates[-1:]
    return dates


def _stated_date(text: str, d: DateMention) -> bool:
    before = text[max(0, d.start - 6) : d.start]
    return bool(
        _STATED_DATE.search(before)
        and not _DUE_NOUN.search(before)
        # 「都是明天中午前」: a time of day between the date and 前 keeps it a limit
        and not re.match(r"\s*(?:中午|上午|下午|晚上|早上|下班)?\s*(?:之前|以前|前)",
                         text[d.end : d.end + 6])
        # 「…，两个都是下周一。」: the one date of the asks just made, ending what was said
        # (「这两批都是周五到的货」 goes on: a fact)
        and not (
            _ALL_OF_THEM.search(before)
            and re.match(r"\s*[吧啊哈]?\s*(?:[。！!，,；;]|$)", text[d.end : d.end + 4])
        )
    )
# "Let me check the terms and come back to you": the speaker checks and answers later
_LET_ME_EN = re.compile(
    r"\blet\s+me\s+(?:check|look|find|confirm|ask|verify|review|dig)\b[^.;!?]*?"
    r"\b(?:(?:get|come)\s+back\s+to\s+you|follow\s+up)\b",
    re.I,
)
_EN_STRONG = re.compile(
    _LET_ME_EN.pattern + r"|\bI'll\b|\bI\s+will\b|\bI'm\s+going\s+to\b|\bI\s+am\s+going\s+to\b|"
    r"\bwill\s+(?:own|take|handle|do|send|prepare|follow)\b|\bplease\b|"
    r"\bcan\s+you\b|\bcould\s+you\b|\bwe'll\b|\bwe\s+will\b|\bI\s+can\s+take\b|"
    r"\byou(?:\s+two|\s+both)?(?:'re|\s+are)\s+(?:going\s+to|gonna)\b|\byou'll\b|\byou\s+will\b",
    re.I,
)

_HIGH = re.compile(
    r"紧急|尽快|加急|立即|马上|火速|优先级高|高优先级|\bASAP\b|\burgent(?:ly)?\b|\bP0\b|"
    r"\bcritical\b|\bimmediately\b|\bhigh\s+priority\b",
    re.I,
)
_LOW = re.compile(
    r"不急|有空|低优先级|优先级低|\blow\s+priority\b|\bwhen you have time\b|\bP3\b|"
    r"\bnice to have\b",
    re.I,
)

# A subject-less sentence that starts with the task's verb (said by its owner).
_ZH_TASK_START = re.compile(
    r"^\s*(?:\d+[.、)）]\s*)?(?:完成|输出|提交|整理|组织|确认|跟进|准备|更新|安排|推进|落实|联系|沟通|核对|"
    r"统计|制定|编制|梳理|对接|修改|补齐|起草|发布|上线|提测|交付)"
)
_ZH_TASK_VERB_ANY = re.compile(
    r"做|完成|输出|提交|整理|组织|确认|跟进|准备|更新|安排|推进|落实|联系|沟通|核对|统计|制定|编制|梳理|"
    r"对接|修改|补齐|起草|发布|排查|处理"
)
# Verbs of a request made to a named person without a date ("李华，…安排两个人跟进一下").
_TASK_VERB = re.compile(
    r"安排|跟进|处理|落实|准备|整理|确认|联系|沟通|核对|统计|更新|修改|提交|排查|补齐|起草"
)
# An answer that only accepts the previous line's request ("没问题，我来安排。").
# One word per repetition (嗯, not 嗯+; the 啊/呀 class holds no word's letters): the patterns
# below repeat it, and overlapping alternatives would backtrack exponentially on 「嗯嗯嗯…x」.
_ACK_WORD = r"(?:好的|好嘞|好|行|可以|没问题|收到|明白|OK|ok|嗯|对)"
_ACK = re.compile(
    rf"^\s*(?:{_ACK_WORD}[，,。!！\s]*)+(?:我来(?:安排|弄|做|办|处理)?|我去办)?[。!！]?\s*$"
)
# A reply that opens by accepting ("好的峰哥，…", "行，…"): a name right after it is the
# person being answered, not the owner.
ACK_START = re.compile(rf"^\s*(?:{_ACK_WORD}[啊呀吧，,。!！\s]*)+")
# A time of day with no day (今晚, 下午, 下班前): the meeting's own day. Not 会后: it says
# when the work starts, and four companies' writers gave 「我会后跟X说」 no due date.
_TIME_OF_DAY = re.compile(
    r"(?<![明后昨前天日号一二三四五六末每])(?:晚上|今晚|下午|中午|上午|下班前)"
)
# 我 as the one who acts: not 给我/跟我/告诉我… (but 「报告我今天整理」 is the speaker's)
# (「会议邀请我今天发出去」: after the noun 邀请, a 我 that goes on to a day or a doing acts)
# (「…周五前报我这边」, 「交我这里」: after 报/交/传/送, a 我 followed by 这边 or a pause is
# where the work goes, not who does it; 「周报我明天交」 still acts)
FIRST_PERSON_ZH = re.compile(
    r"(?:(?<![给跟帮发找问和与向让请叫])(?<!告诉)|(?<=邀请)(?=我(?:今天|明天|后天|今晚|这周|本周|"
    r"下周|周[一二三四五六日]|马上|尽快|来|去|会|先|负责)))"
    r"(?:(?<![报交传送])|(?!我(?:这边|这里|这儿|[，,。！!？?；;\s]|$)))我(?!们|请|让|叫)"
)
_CONNECTOR = re.compile(
    r"^(?:另外|还有|那么|那个|那|好的|好|行|对对对|对对|对|嗯嗯|嗯|呃|额|哦|啊|就是说|就是|然后|最后|以及|"
    r"并且|并|同时|此外|据此|这个|这块|"
    r"and|also|then|so|okay|ok|finally|lastly|plus|会议明确|会议要求|会议同意|明确)(?![A-Za-z])[，,、\s]*",
    re.I,
)
# 「…，海涛那边重新核一下，…」: a person's side asked to do a thing once is that person's ask
# (read after a name by the owner rules and, in unpunctuated speech, by segment.restore);
# 「李芳那边汇总，…」, 「吴婷统计一下…」: 那边 or 一下 with a task verb asks it too
SIDE_ASKED = r"(?:这边|那边)(?:重新|再|先|也|赶紧|抓紧|尽快|帮忙)?[\u4e00-\u9fff]{1,2}一下"
_SPOKEN_DOES = (
    r"汇总|协调|统计|整理|安排|准备|落实|跟进|对接|核对|确认|联系|沟通|催|排|出|发|做|弄|盯|查|写|"
    r"算|改|报|约|问"
)
_ZH_SUBJECT_FOLLOW = re.compile(
    r"^(?:也|都|一起|这边|那边|同学|同事|同志|老师|经理|主任){0,2}(?:负责(?!人)|牵头|来|去|将|会|于|在|把|据此|须|需|应|要|"
    r"今天|明天|后天|下周|本周|这周|周[一二三四五六日]|(?:月底|年底)(?!的)|\d|尽快|马上|立即)"
    r"|^" + SIDE_ASKED + "|"
    rf"^那边(?:先|再|就)?(?:{_SPOKEN_DOES})(?![了过])|^(?:先|再)?(?:{_SPOKEN_DOES}){{1,2}}一下"
    r"|^(?:这边|那边)?帮(?:个)?忙(?![了过的])"  # 「李芳帮忙算一下」: asked for a hand
)
_EN_SUBJECT_FOLLOW = re.compile(
    r"^(?:\s+(?:on|from|in)\s+[\w' ]{1,20}?)?\s+(?:will|'ll|is going to|has to|"
    r"needs? to|must|should|to\s+[a-z]+)\b|^'ll\b",
    re.I,
)
_EN_FUTURE = re.compile(
    r"\b(?:will|'ll|shall|going to|gonna|can|could|need to|have to|has to|"
    r"must|plan to|should|to-?do)\b",
    re.I,
)
_DEPT_FOLLOW = re.compile(
    # 各 before the team's units or leads: 「仓储部各班组长这周五前…」 (not 各项/各种, the work)
    r"^\s*(?:须|需|应|要|负责(?!人)|牵头|在|于|将|把|尽快|务必|：|:|每个人|每人|全体|所有人|同事|"
    r"各(?![项种类样式方])|"
    r"各位|团队|这边|那边|\s*[-–—]\s|\s+(?:has|have|needs?|must|should|will)\b|\s+to\s+[a-z]+\b)",
    re.I,
)
# A date said once for several asks: 「…，都是下周一之前」, "both by Friday".
# A date said once for the asks before it, in the last of several sentences.
_ALL_OF_THEM = re.compile(
    r"(?:两|三|几|这两|这几|这些|这三)(?:个|件|样)?(?:事情?|东西)?(?:都|一起|统一)(?:是|要|得|在)?\s*$"
)
_SHARED_DUE = re.compile(r"都|统一|一律|全部|\bboth\b|\ball\b", re.I)
# A department told what it must do, with or without a date ("Finance should release…").
_DEPT_MODAL = re.compile(r"\b(?:should|must|needs? to|has to|have to)\b|须|务必|负责", re.I)
_GROUP = re.compile(
    r"^(?:全体参会人员|全体人员|全体|大家|各位|所有人|全员|各部门|各组|你们几个|你们俩|你们两个|"
    # 「各项目五个工作日内把…交上来」, 「各门店…」: every unit of a kind
    r"各(?:个)?(?:项目部?|门店|站点?|分公司|片区|班组|小组|单位|车间|网点|校区|区域)|"
    # 「各厂…」, 「所有门店…」, 「三家门店…」: every unit, or a counted few, of a kind
    r"(?:各(?:个|家)?|所有(?:的)?|全部|每个|每家|[两三四五六七八九十几]\s*(?:个|家))"
    r"(?:分厂|工厂|厂区|厂|门店|店|仓库|车间|分公司|子公司|基地|站点|网点|科室|班组|单位|区域|片区|项目部?)|"
    r"everyone|everybody|all attendees|all participants|the whole team)",
    re.I,
)
_YOU_ASK = r"(?:please|can you|could you|would you|you'll|you will|you need|I need you)\b"
# Words said between a name called on and the ask: "Alex, on your side, could you…",
# "Haitao, once the forms come in, book…", "Haitao, just share…"
_ASIDE_EN = (
    r"(?:(?:on|from)\s+(?:your|their)\s+(?:side|end)\s*,\s*"
    r"|(?:once|when|after|as\s+soon\s+as)\s+[^,.;:?!]{1,60},\s*)?(?:just\s+)?"
)
_ADDRESSEE_EN = re.compile(
    r"^\s*[,，:]?\s*" + _ASIDE_EN + _YOU_ASK
    # "Lin, send them our catalogue today": a name called on, then an imperative verb
    + r"|^\s*,\s*" + _ASIDE_EN
    + r"(?:send|draft|book|check|prepare|update|share|review|confirm|set\s+up|"
    r"follow\s+up|call|email|write|finish|fix|schedule|arrange|pull|make\s+sure|put\s+together|"
    r"reach\s+out|get\s+(?:the|us|me|them|a|an)|take\s+care|book)\b",
    re.I,
)
_ASKED_LATER_EN = re.compile(r"\b" + _YOU_ASK, re.I)
# "Haitao, please prepare the count, and Sun Min, the records…": a second name after an ask in the
# same sentence, with only the thing, takes that ask's verb
_SECOND_ASKED_EN = re.compile(
    r"\b(?:please|can\s+you|could\s+you)\b[^.!?;]*,\s*and\s+$", re.I
)
_RECIPIENT_BEFORE = re.compile(
    r"(?:给|跟|和|与|向|对|找|问|告诉|发|抄送|\bto|\bwith|\bsend|\bcc|\bbrief|"
    r"\btell|\binform|\bask(?:ed)?)\s*$",
    re.I,
)

SECTION_KINDS = (
    (
        "action",
        r"行动项|待办|后续工作|后续跟进|下一步|任务分工|工作安排|议定事项|分工|todo|to-do|"
        r"工作计划|本周计划|下周计划|下阶段计划|协调事项|待协调|"
        r"action items?|next steps|follow-?ups?|tasks|assignments|action points|^actions?$",
    ),
    ("decision", r"决议|决定|结论|decisions?|resolutions?|^decided$|^agreed$"),
    ("logistics", r"下次会议|next\s+(?:sync|meeting|review)"),
    ("agenda", r"议程|议题|agenda"),
    (
        "background",
        r"背景|数据回顾|回顾|recap|background|where we are|status|open questions?|updates?$|"
        r"^open$|open (?:items|issues|points)|待定事项|遗留问题",
    ),
    ("discussion", r"讨论|discussion"),
)


def section_kind(title: str) -> str | None:
    """What a section heading announces: action list, decisions, agenda…; None if unknown."""
    t = re.sub(r"^[\s#*\d一二三四五六七八九十、.．)）(（]+", "", title).strip().rstrip(":：")
    for kind, pat in SECTION_KINDS:
        if re.search(pat, t, re.I):
            return kind
    return None


# ---------------------------------------------------------------- data


@dataclass
class LineContext:
    """What the extractor knows about the line beyond its text."""

    meeting: dt.date
    speaker_label: str | None = None
    speaker_id: str | None = None
    section: str | None = None
    bullet: bool = False
    checked: bool = False
    # In a transcript: the person the speaker is talking to (the previous speaker, or the
    # one the speaker called on in their previous turn) — the owner of a bare 你.
    listener_id: str | None = None
    listener_label: str | None = None
    # In a transcript: the previous turn, by someone else, asked when (「什么时候能完」).
    answers_when: bool = False
    # The speaker's department: "our procurement team will…" names it only when it is theirs.
    speaker_dept: str | None = None
    # In a transcript: the turn just before is the listener's, and asked or took on nothing
    # (「初稿有了，还差两个模块」): a dated ask that names nobody is put to them.
    listener_spoke: bool = False
    # In a transcript: the turn just before, by someone else, named the speaker (「药品这块，
    # 彭主任，…还是旧版」): a dated finish said back with no subject is the speaker's.
    named_before: bool = False
    # In a transcript: the turns just before, each its words and the days said in it (oldest
    # first), for a date counted from an event dated there (「升级前一天」, 「提前一天」).
    said_before: tuple[tuple[str, tuple[dt.date, ...]], ...] = ()


@dataclass
class Owner:
    rule: int  # lower is stronger
    persons: list[Mention] = field(default_factory=list)
    depts: list[Mention] = field(default_factory=list)
    names: list[str] = field(default_factory=list)  # names as written (incl. unresolved)
    speaker: bool = False
    we: bool = False
    group: bool = False
    pos: int = 0


@dataclass
class Candidate:
    """An action item found in one line, before it is turned into the contract shape."""

    task: str
    owners: list[str]
    owner_names: list[str]
    department: str | None
    due: dt.date | None
    priority: str
    confidence: float
    explicit: bool
    group: bool = False  # asked of everyone (大家, 各部门): nobody's by a reply
    # how many characters at the start of ``task`` are words carried from before the ask
    # (dialogue._with_context): a date said there names a thing and is not the due date
    context: int = 0


# ---------------------------------------------------------------- splitting

_SENT_END = re.compile(
    # a title's full stop ends no sentence: "please check with Mr. Kuang and confirm…"
    r"[。！？!?；;]+|(?<!\bMr)(?<!\bMrs)(?<!\bMs)(?<!\bDr)\.(?=\s+[A-Z@\u4e00-\u9fff\d]|\s*$)|"
    # 「我再说几个事：海涛，…；芳姐，…」: the lead-in is talk in the meeting, the asks follow
    r"(?:(?<=几个)|(?<=几件)|(?<=几点)|(?<=几个事)|(?<=几件事)|(?<=几个事情))[：:]|"
    # 「我先说几个事情，童飞…」 said without a colon
    r"(?:(?<=几个事)|(?<=几件事)|(?<=几个事情)|(?<=几件事情))[哈啊吧]?[，,]"
)
_CLAUSE_END = re.compile(r"[，,：]|:(?=\s)|\s[-–—]\s")


def _spans(
    text: str, rx: re.Pattern[str], start: int = 0, end: int | None = None
) -> list[tuple[int, int]]:
    end = len(text) if end is None else end
    out, pos = [], start
    for m in rx.finditer(text, start, end):
        if m.end() > pos:
            out.append((pos, m.end()))
            pos = m.end()
    if pos < end:
        out.append((pos, end))
    return [(a, b) for a, b in out if text[a:b].strip(" \t，,。；;：:")]


_MAX_SENT = 300


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; an overlong one is cut at clause ends, then hard, to bound the work."""
    out: list[tuple[int, int]] = []
    for a, b in _spans(text, _SENT_END):
        if b - a > _MAX_SENT:
            start = a
            for ca, _ in _spans(text, _CLAUSE_END, a, b):
                if ca - start >= _MAX_SENT // 2:
                    out.append((start, ca))
                    start = ca
            a = start
        while b - a > 3 * _MAX_SENT:
            out.append((a, a + 3 * _MAX_SENT))
            a += 3 * _MAX_SENT
        out.append((a, b))
    return out


# ---------------------------------------------------------------- owners


def _clause_start(
    text: str,
    pos: int,
    clauses: list[tuple[int, int]],
    mentions: list[Mention],
    dates: list[DateMention],
) -> bool:
    """Is ``pos`` the first word of its clause (after connectors, dates, a department)?"""
    cs = next((a for a, b in clauses if a <= pos < b), 0)
    prefix = list(text[cs:pos])
    for x in [*mentions, *dates]:
        if x.end <= pos and x.start >= cs and not (isinstance(x, Mention) and x.kind == "person"):
            for i in range(x.start - cs, x.end - cs):
                prefix[i] = " "
    rest = "".join(prefix).strip(" \t，,、:：;；(（)）[]*-–—")
    while rest:
        m = _CONNECTOR.match(rest)
        if not m or m.end() == 0:
            break
        rest = rest[m.end() :].strip(" \t，,、:：")
    rest = re.sub(r"^(?:由|请|@|你们|你们的)", "", rest).strip()
    # 「财务那边温晴月底前…」, 「仓库这边吴婷周五前…」: a side (a department, said short or
    # not, masked above when the org knows it) and 这边/那边 before its person; not one
    # asked of (「找财务那边李芳…」)
    return rest == "" or bool(_SIDE_BEFORE.fullmatch(rest))


_SIDE_BEFORE = re.compile(r"(?![找让请跟和给问向叫])[\u4e00-\u9fff]{0,4}(?:这边|那边)")


_TOGETHER_AFTER = re.compile(r"\s*(?:这边|那边)?\s*(?:两个人?|俩)?\s*(?:一起|一块儿?)")
# between two names said together (compiled once: asked for every name of a long line)
_AND_GAP = re.compile(r"\s*(?:和|与|及|、|,|，|and|&)\s*@?", re.I)
_WITH_GAP = re.compile(r"\s*(?:跟|同)\s*")
_BOTH_AFTER = re.compile(r"[，,\s]*(?:你们(?:俩|两个|两位)|你俩)")


def _chain(text: str, first: Mention, mentions: list[Mention]) -> list[Mention]:
    """X和Y / X、Y / X and Y: the people named together with ``first``."""
    out = [first]
    i = mentions.index(first)
    while i + 1 < len(mentions):
        gap = text[out[-1].end : mentions[i + 1].start]
        nxt = mentions[i + 1]
        if (
            _AND_GAP.fullmatch(gap)
            or (gap.isspace() and nxt.text.startswith("@"))  # "@a @b"
            # 「吴昊跟苏晴一起…」, 「姚晨跟康健两个人一起…」: the two of them
            or (_WITH_GAP.fullmatch(gap) and _TOGETHER_AFTER.match(text, nxt.end))
            # 「邝总跟老庞你们俩下来商量一下」: the two of them, told so
            or (_WITH_GAP.fullmatch(gap) and _BOTH_AFTER.match(text, nxt.end))
        ) and nxt.kind == "person":
            out.append(mentions[i + 1])
            i += 1
        else:
            break
    return out


def _named_owner(
    rule: int, text: str, m: Mention, persons: list[Mention], ms: list[Mention]
) -> Owner:
    """A department right before a person (由生产部赵磊) only says where the person works."""
    if m.kind == "dept":
        nxt = [p for p in persons if p.start >= m.end and p.start - m.end <= 1]
        if nxt:
            return Owner(rule, persons=_chain(text, nxt[0], ms), pos=nxt[0].start)
        return Owner(rule, depts=[m], pos=m.start)
    return Owner(rule, persons=_chain(text, m, ms), pos=m.start)


@dataclass
class _Scope:
    """The part of a line one owner is looked for in, with its names and dates."""

    text: str
    a: int
    b: int
    clauses: list[tuple[int, int]]
    ms: list[Mention]
    dates: list[DateMention]
    ctx: LineContext
    en: bool

    @property
    def persons(self) -> list[Mention]:
        return [m for m in self.ms if m.kind == "person"]

    @property
    def seg(self) -> str:
        return self.text[self.a : self.b]

    def starts_clause(self, pos: int) -> bool:
        return _clause_start(self.text, pos, self.clauses, self.ms, self.dates)


def _by_you(s: _Scope) -> Owner | None:
    """1. 由X负责 / 由X牵头 / 由X于…完成"""
    for m in s.ms:
        pre = s.text[max(s.a, m.start - 8) : m.start]
        if re.search(r"由\s*(?:\S{0,6}部\s*)?$", pre) and (
            m.kind == "person" or not any(p.start == m.end for p in s.persons)
        ):
            return _named_owner(1, s.text, m, s.persons, s.ms)
    return None


def _pair_you(s: _Scope) -> Owner | None:
    """1. 「魏东和阿强你们俩一起盯」, 「佳琪和阿杰你们两个一起做」: the people named together
    right before 你们俩/你们两个 (after a topic too) are the ones asked."""
    for m in s.persons:
        chain = _chain(s.text, m, s.ms)
        if len(chain) >= 2 and re.match(
            r"[，,\s]*(?:你们(?:俩|两个|两位)|你俩)", s.text[chain[-1].end : s.b]
        ):
            return Owner(1, persons=chain, pos=m.start)
    return None


def _asked(s: _Scope) -> Owner | None:
    """2. 请X / 我让X / ask X to"""
    for m in s.ms:
        pre = s.text[max(s.a, m.start - 10) : m.start]
        if (
            re.search(r"(?:请|让|叫|安排)\s*(?:\S{0,6}部\s*)?$", pre)
            # 「麻烦海涛把…」, 「辛苦晓晓…」: a polite ask; 「这事儿交给海涛」: handed over
            or re.search(
                r"(?:^|[，,。\s])(?:麻烦|辛苦|拜托)\s*$|(?:事儿?|这个|这块|活儿?|任务)交给\s*$",
                pre if m.start - 10 > s.a else s.text[s.a : m.start],
            )
            or _handed_to_do(s.text, s.a, m)  # 「我交给曹阳来排」
            or re.search(
                # "ask our logistics guy, Peng Tao, to…": the role first, the name after it
                r"\b(?:ask|have|get)\s+(?:(?:our|my|the)\s+[\w\s'&-]{1,30}?,\s*)?@?$",
                s.text[max(s.a, m.start - 48) : m.start],
                re.I,
            )
            # "ask Owen to check", "ask Owen from our IT team to check"
            and re.match(
                r",?\s+(?:(?:from|in|on|of)\s+[\w\s'&-]{1,30}?\s+)?to\b", s.text[m.end :], re.I
            )
        ):
            return _named_owner(2, s.text, m, s.persons, s.ms)
        if (
            # "Let's have Sun Min redo the plan": have + name + a verb
            re.search(
                r"\b(?:let's|let us|I'll|we'll|I will|we will)\s+have\s+@?$",
                s.text[max(s.a, m.start - 16) : m.start],
                re.I,
            )
            and re.match(
                r"\s+(?!(?:on|in|at|as|and|with|here|there|for|from|the|a|an)\b)[a-z]+\b",
                s.text[m.end :],
            )
        ):
            return _named_owner(2, s.text, m, s.persons, s.ms)
    return None if s.en else _him_named(s.text, s.a, s.b, s.persons)


# 「我交给曹阳来排」: handed over to be done by them; 「我周一交给财务部」 hands in (the speaker
# does it, the one after 交给 receives it).
_HANDED_BY_ME = re.compile(r"我\S{0,2}?交给\s*$")
_THEN_THEY_DO = re.compile(r"\s*(?:来|去|负责|处理|跟进|跟|弄|做|排|办|盯|安排|落实|接)")


def _handed_to_do(text: str, a: int, m: Mention) -> bool:
    """Is ``m`` the one the speaker hands work to (「我交给曹阳来排」), not a receiver?"""
    return bool(
        _HANDED_BY_ME.search(text, max(a, m.start - 10), m.start)
        and _THEN_THEY_DO.match(text, m.end)
    )


def _him_named(text: str, a: int, b: int, persons: list[Mention]) -> Owner | None:
    """「包文杰他今天出差了，我回头让他把…整理出来」: 他 is the one person just named — also
    when the day comes before the verb (「我让他节后第一天把…」) and when the clause that
    named him is no task of its own (「国强今天没来，」 is dropped as a status, but it is
    whom 他 means)."""
    him = _LET_HIM.search(text, a, b)
    if him is None:
        return None
    named = [p for p in persons if p.end <= him.start() and p.id != UNKNOWN]
    if named and len({p.id for p in named}) == 1:
        return Owner(2, persons=named[:1], pos=named[0].start)
    return None


# 我让他 + (a day, a time of day: no clause end) + the verb of the work
_LET_HIM = re.compile(
    r"我\S{0,3}?(?:让|叫)(?:他|她)(?=[^，,。；;！？!?\s]{0,8}?(?:把|去|来|先|再))"
)


# "…换一下", "…帮忙弄一下": a request however the verb is spelt (not 说/讲一下: meeting talk).
_REQUEST_ONCE = re.compile(
    r"(?<![说讲聊谈绍报释])一下|帮忙|帮我|(?:跟|告诉|通知|同步|知会)我(?:说|一声)?(?![们])"
)
# A vocative may carry an interjection: "小陈啊，…", "海涛呀，…".
VOCATIVE_TAIL = r"(?:[啊呀哈啦哎呢]\s*)?"


_NAME_YOU = re.compile(r"你(?!们|俩)")
# Nothing but fillers (the whole text before a name: read up to the first other word, where
# removing every filler and looking at what is left read the whole line at each name).
_FILLERS_ONLY = re.compile(r"(?:[呃嗯啊哦，,\s]|那个|就是)*")
# 「王晓啊，…」: the particle after a name called on, matched at the start only
_TAIL_THEN_PAUSE = re.compile(rf"{VOCATIVE_TAIL}(?=[，,：:\s])")
# a comma after a name called on, or in a dump of speech the pause a space stands for before
# a code in Latin letters (「孙敏 QC那两批退货明天中午之前给个结论」: a space between Chinese
# words is read as a comma already, one before Latin letters is left as the recogniser's
# spacing); not 「人力行政部 于倩 整理」, a minute-taker's signature
_NAME_PAUSE = re.compile(r"^\s*[，,]|^" + PAUSE_BEFORE_CODE)
# 「阿杰你先谈一下，周四前给我一个方案，我来定」: the asker's closing word that they will decide
# on what comes back — no work the speaker takes on, so the one asked stays the owner
_I_DECIDE = re.compile(
    r"[，,]\s*(?:然后|最后)?\s*我(?:来|再)?(?:定|拍板|决定|选)[吧啊。！!]*\s*$"
)
# 「X你不用…了」, 「X，你别管了」: the one named is told not to do it
_NOT_YOU = re.compile(r"^\s*[，,]?\s*你?\s*(?:就|也)?(?:不用|别|不必|甭)")


# 「小余这个你自己弄吧」: the name called, then the thing pointed back at, then 你
_POINTER_THEN_YOU = re.compile(r"^\s*(?:这个|那个|这块|那块|这事儿?)\s*[，,]?\s*你(?!们|俩)")


# 「你把…」, 「你先去…」 right after the name: an ask in so many words
_YOU_DO_FIRST = re.compile(r"^\s*[，,]?\s*你(?:先|就|再)?(?:把|去|帮我)")


def _asked_first(rest: str) -> bool:
    """「孙敏你把清单整理一下发过来，约谈我来安排」: the one who just spoke is asked in so
    many words first; the speaker's own 我 comes only in a later clause (their next step),
    so the turn is no answer to them."""
    first = re.split(r"[，,。；;！!？?]", rest.lstrip(" ，,"), maxsplit=1)[0]
    return bool(_YOU_DO_FIRST.match(rest)) and not FIRST_PERSON_ZH.search(first)


def _addressee(s: _Scope) -> Owner | None:
    """3. the person spoken to: "X，…你…", "X你…", "Fiona, please…", "方晴，预案周三前给我一版"."""
    text, a, b = s.text, s.a, s.b
    # 「红姐，那个安全教育…，闫博你六月二十号之前把教材更新一下」: the one told 「X你…」 is
    # asked before a name said earlier to get attention
    for m in sorted(s.persons, key=lambda m: not _NAME_YOU.match(text, m.end, b)):
        if _RECIPIENT_BEFORE.search(text[max(a, m.start - 8) : m.start]):
            continue
        after = text[m.end : b]
        if (
            not s.en
            and text[a : m.start].strip()
            and ACK_START.fullmatch(text[a : m.start])
            and not _calls_on(after)
            and not _hums_then_asks(text[a : m.start], after)
        ):
            continue  # "好的峰哥，…": the reply names the asker, who is not the owner
        if not s.en and _NOT_YOU.match(after):
            continue  # 「老龚你不用找人事了，我直接跟姜红说」: told not to
        if (
            not s.en
            and m.id == s.ctx.listener_id
            and _FILLERS_ONLY.fullmatch(text, 0, m.start)
            # what follows the name, less the asker's closing 「我来定」 (read once)
            and FIRST_PERSON_ZH.search(rest := _I_DECIDE.sub("", text[m.end :]))
            and not _calls_on(rest)
            and not _asked_first(rest)
        ):
            continue  # 「峰哥，那家三天有点难，…我争取周五前」: the one answered, opening the turn
        if s.en:
            # "Can you take the checklist, Chen Jie?": the one asked named at the end
            if (
                re.match(r"^\s*[?.!]", after)
                and re.search(r"[,，]\s*$", text[a : m.start])
                and _ASKED_LATER_EN.search(text[a : m.start])
            ):
                return Owner(3, persons=[m], pos=m.start)
            if s.starts_clause(m.start) and (
                _ADDRESSEE_EN.match(after)
                # "Omar, the deposit — can you take care of that…"
                or (re.match(r"^\s*,", after) and _ASKED_LATER_EN.search(after))
            ):
                return Owner(3, persons=[m], pos=m.start)
            if _SECOND_ASKED_EN.search(text[max(0, m.start - 200) : m.start]) and re.match(
                r"^\s*,\s*(?:the|your|our|a|an|all)\b", after
            ):
                return Owner(3, persons=[m], pos=m.start)  # "…, and Sun Min, the records…"
            continue
        if tail := _TAIL_THEN_PAUSE.match(after):
            after = after[tail.end() :]
        if s.starts_clause(m.start) and re.match(
            r"^\s*(?:这边|那边)?\s*(?:能不能|可不可以|能否|可否)|"
            r"^\s*(?:这边|那边)?\s*(?:今天|明天|后天|这周|本周|下周\S?|周\S)?\s*能[^，,。？?]{0,8}吗",
            after,
        ):
            return Owner(3, persons=[m], pos=m.start)  # 「芳姐那边能不能周五前给个数？」
        if re.match(r"^\s*[，,]?\s*你", after) or _POINTER_THEN_YOU.match(after):
            return Owner(3, persons=_both(s, m, [m, *_partner(s, m)]), pos=m.start)
        if re.match(r"^\s*你", after) or (
            s.starts_clause(m.start) and re.match(r"^\s*[，,：:]|^\s", after) and "你" in after
        ):
            return Owner(3, persons=_both(s, m, [m, *_partner(s, m)]), pos=m.start)
        if (
            s.starts_clause(m.start)
            and _NAME_PAUSE.match(after)
            and (
                any(d.weight >= 2 and d.start >= m.end for d in s.dates)
                or _TASK_VERB.search(after)
                or _REQUEST_ONCE.search(after)
            )
            and not FIRST_PERSON_ZH.search(after)
            and not re.search(r"我们|咱们", after)
        ):
            return Owner(3, persons=[m], pos=m.start)
    return None


# 「海涛你和吴婷先把…」, 「你跟芳姐一起…」: the one spoken to and a partner do it together;
# 「你跟孙敏对接一下」 only names whom to work with.
# 「你跟」, 「你们质量跟」, 「你们人力这边跟」: the addressee (and their team) with a partner
_WITH_YOU = re.compile(
    r"^\s*[，,]?\s*你(?:们[\u4e00-\u9fff]{0,4}?(?:这边|那边)?)?\s*(?:跟|和|与|同)\s*$"
)
_TOGETHER = re.compile(r"^\s*(?:你们(?=俩|两个))?(?:一起|一块儿?|共同|俩|两个人?|先把|把)")
# 「方旭，唐林，值班表你们俩排一下」, 「罗萍、吴昊，你们俩…」: the two people just named.
_BOTH_YOU = re.compile(r"你们(?:俩|两个|两位)|你俩")


def _partner(s: _Scope, m: Mention) -> list[Mention]:
    """The person who does the asked thing together with the addressee ``m``."""
    for p in s.persons:
        if p.start <= m.end:
            continue
        between = re.sub(rf"^{VOCATIVE_TAIL}", "", s.text[m.end : p.start])
        if _WITH_YOU.match(between):
            return [p] if _TOGETHER.match(s.text[p.end : s.b]) else []
        # 「婷婷你把…列出来，跟龙师傅一起看…」: a later clause of the same ask, with 一起
        if (
            # 「海涛，运费的事，你先别答应，…，跟周总一起回复」: a topic before the 你 too
            re.search(r"(?:^|[，,])\s*你", between)
            # (「晓燕，上线前的备份，你跟黄浩一起，…」: the topic, then 你跟 the partner 一起)
            and re.search(r"[，,]\s*(?:再|然后)?(?:你\s*)?(?:跟|和|与|同)\s*$", between)
            and re.match(r"^\s*(?:一起|一块儿?|共同)", s.text[p.end : s.b])
            and not re.search(r"我|[。；;]", between)
        ):
            return [p]
        # 「马骏，磨辊计划你周四前跟方磊一起排出来」: a date (or 先/再) between 你 and 跟
        if (
            re.search(r"你[^，,。；;？?！!你我]{1,8}?(?:跟|和|与|同)\s*$", between)
            and re.match(r"^\s*(?:一起|一块儿?|共同)", s.text[p.end : s.b])
            and not re.search(r"我|[。；;]", between)
        ):
            return [p]
    return []


def _both(s: _Scope, m: Mention, persons: list[Mention]) -> list[Mention]:
    """The addressee ``m`` and the one other person named before 你们俩/你们两个 in the same
    sentence (「海涛，吴婷，…你们俩…」, 「你跟仓库的吴婷一起弄，…你们俩…」): both own it.
    Unchanged when a partner is already found, when no pair is addressed, or when the
    sentence names more than one other person (then whom 你们俩 means is not clear)."""
    if s.en or len(persons) > 1:
        return persons
    both = _BOTH_YOU.search(s.text, m.end, s.b)
    if both is None:
        return persons
    others = {
        p.id: p
        for p in s.persons
        if p.id not in (m.id, UNKNOWN)
        and p.start < both.start()
        and not (
            _RECIPIENT_BEFORE.search(s.text[max(s.a, p.start - 8) : p.start])
            and not re.search(r"你\s*(?:跟|和|与|同)\s*$", s.text[max(s.a, p.start - 8) : p.start])
        )
    }
    if len(others) != 1:
        return persons
    return sorted([m, *others.values()], key=lambda p: p.start)


_YOU_ANY = re.compile(r"(?<![给跟和与帮向找问])你(?![们好说觉看吗呢])")


# 「嗯嗯嗯王晓，周五前把报表发给我」: only hums before the name (no 好/行/收到 that accepts), and
# the speaker is the one the work goes to — an ask of the one named, not a reply to them
_HUMS_ONLY = re.compile(r"[\s嗯呃额哦，,。、…]*")
_TO_ME = re.compile(r"(?:给|发|报|交|传|找|跟|告诉|通知)我(?!们)|我这(?:边|里)")


def _hums_then_asks(before: str, after: str) -> bool:
    return (
        bool(_HUMS_ONLY.fullmatch(before))
        and bool(_TO_ME.search(after))
        and not FIRST_PERSON_ZH.search(after)
        and "你" not in after
    )


def _calls_on(after: str) -> bool:
    """After 「好，海涛，」: does the turn go on to ask that person (a 你 who does something,
    and no 我 of the speaker's own: 「好的峰哥，你放心，我周五前弄完」 answers instead)?"""
    return bool(_YOU_ANY.search(after)) and not FIRST_PERSON_ZH.search(after)


def _owner_field(s: _Scope) -> Owner | None:
    """0. an owner field: "（负责人：王磊）", "Owner: Bob", "周杰（负责）：" """
    for m in s.ms:
        if m.kind == "person" and re.match(
            r"^\s*[（(]\s*(?:负责|牵头|主责|owner|lead)\s*[)）]", s.text[m.end : s.b], re.I
        ):
            return Owner(0, persons=[m], pos=m.start)
        if re.search(
            r"(?:负责人|责任人|执行人|责任单位|责任部门|牵头单位|牵头部门|承办单位|主办部门|owner|assignee)"
            r"\s*[:：]?\s*@?$",
            s.text[max(s.a, m.start - 12) : m.start],
            re.I,
        ):
            if m.kind == "dept":
                return Owner(0, depts=[m], pos=m.start)
            return Owner(0, persons=_chain(s.text, m, s.ms), pos=m.start)
    return None


def _list_prefix(s: _Scope) -> Owner | None:
    """4. list item "Name (and Name|and I) - task" / "@a and @b agree…"; in an action list,
    an @-mention anywhere ("输出方案 @李婷 本周五前")."""
    text, a, b, persons = s.text, s.a, s.b, s.persons
    lead = re.match(r"^[\s\[\]xX]*", s.seg)
    if persons and persons[0].start - a <= (lead.end() if lead else 0) + 1:
        chain = _chain(text, persons[0], s.ms)
        after = text[chain[-1].end : b]
        me = re.match(r"^\s*(?:and|&|和)\s+(?:I|me|我)\b", after)
        after2 = after[me.end() :] if me else after
        if (
            persons[0].text.startswith("@")
            or re.match(r"^\s*[-–—:：]\s*\S", after2)
            or (s.ctx.section == "action" and not s.en and re.match(r"^\s+[\u4e00-\u9fff]", after2))
        ):
            return Owner(4, persons=chain, speaker=bool(me), pos=persons[0].start)
    if s.ctx.section == "action":
        for m in persons:
            if m.text.startswith("@") and not _RECIPIENT_BEFORE.search(
                text[max(a, m.start - 12) : m.start]
            ):
                return Owner(4, persons=_chain(text, m, s.ms), pos=m.start)
    return None


# "报表和权限阿杰负责", "这块晓晓来跟": a topic first, then the person who takes it.
_TOPIC_TAKER = re.compile(
    # 「应急预案阿杰来写」: 来 before any verb takes the topic on
    r"^\s*(?:这边|那边)?来(?![了的过自看说讲])(?=[\u4e00-\u9fff])|"
    r"^\s*(?:这边|那边)?(?:一起|来|去)?(?:负责(?!人)|牵头|跟进|对接|排查|跟|弄|做|盯|搞|处理|"
    # 「会议纪要常悦整理，今天发」: the verb of the work itself, right after the name
    r"整理|汇总|准备|统计|写|"
    r"出(?![差现来去门])|帮忙(?=[\u4e00-\u9fff]))(?![的了过])"
)


# 「…海涛你再压一压价格，另外吴婷问问别的供应商」: a further name after 另外/还有 opens the next ask
_NEXT_ASK = re.compile(r"(?:另外|还有|然后)[，,\s]*$")
_NEXT_ASK_VERB = re.compile(
    r"\s*(?:再|也|先)?(?:找|谈|问|催|约|查|核|盯|跟|交|发|出|做|写|改|补)(?![了过着])|"
    r"\s*(?:再|也|先)?(?:" + _ZH_TASK_VERB_ANY.pattern + ")"
)


_SIDE_OF = re.compile(r"(?:这边|那边)(?![，,。？?])")


# 「加班人数吴婷这周内报给人事」: after the topic and the name, the date, then the verb of the work
_VERB_AFTER_DATE = re.compile(
    r"(?:之前|以前|前|内|以内)?(?:就|要|得|先)?(?:" + _SPOKEN_DOES + r"|提交|交|给)"
    r"(?![了过的])"
)


def _topic_name_date_verb(after: str, chain: list[Mention], s: _Scope) -> bool:
    """Does a date follow the name at once, then the verb of the work (「…吴婷这周内报给人事」)?"""
    end = chain[-1].end
    d = next((d for d in s.dates if d.start == end and d.weight >= 2), None)
    return d is not None and bool(_VERB_AFTER_DATE.match(s.text, d.end, s.b))


def _subject(s: _Scope) -> Owner | None:
    """5. person as the subject: "唐军负责…", "孙莉据此于…", "Will Yao on my team will own it";
    or after a topic: "报表和权限阿杰负责"."""
    text, b = s.text, s.b
    for m in s.persons:
        chain = _chain(text, m, s.ms)
        after = text[chain[-1].end : b]
        if not s.en and len(chain) > 1 and _TOGETHER_AFTER.match(after):
            # 「仓库那边姚晨跟康健两个人一起，…盘完」: after a topic, the pair who do it
            return Owner(5, persons=chain, pos=m.start)
        if not s.starts_clause(m.start):
            if (
                not s.en
                and (_TOPIC_TAKER.match(after) or _topic_name_date_verb(after, chain, s))
                and not _RECIPIENT_BEFORE.search(text[max(s.a, m.start - 4) : m.start])
            ):
                return Owner(5, persons=chain, pos=m.start)
            continue
        if (
            not s.en
            and ACK_START.fullmatch(text[s.a : m.start])
            and not _calls_on(after)
            and not _SIDE_OF.match(after)
        ):
            # 「好的峰哥，明天下午弄完」: the asker answered, not the subject (but 「对，王莉那边
            # 本周内发…」: one's side is said of the one who does it, never of the one called)
            continue
        # "陈静两天内确认…" (not 「李芳，年底的对账…」: a period naming the work)
        dated = any(0 <= d.start - chain[-1].end <= 1 and d.weight > 0 for d in s.dates)
        if (
            not s.en
            and _NEXT_ASK.search(text[max(s.a, m.start - 4) : m.start])
            and _NEXT_ASK_VERB.match(after)
        ):
            return Owner(3, persons=chain, pos=m.start)  # 「…，另外吴婷问问别家…」: asked
        if (not s.en and (_ZH_SUBJECT_FOLLOW.match(after) or dated)) or (
            s.en and _EN_SUBJECT_FOLLOW.match(after)
        ):
            return Owner(5, persons=chain, pos=m.start)
    return None


# 你 as the one who does it (not 给你/跟你, not 你们): 「你把接口文档补一下」 「那你来跟」.
# (「厂家来的时候你全程跟着」: after a when-clause too)
_YOU_DO = re.compile(r"(?:^|[，,。；;\s]|那|就|还是|要不|的时候|以后|之后)你(?![们好说觉看看吗呢])")


# 「样品你周四前准备好」 「报名你下周三前也弄了」: a topic, then 你 with a date or a task verb.
_YOU_AFTER_TOPIC = re.compile(
    r"(?<![给跟和与帮向找问谢])你(?=\s*(?:也|再|就)?(?:今天|明天|后天|下周|本周|这周|周[一二三四五六日]|"
    r"月底|\d|[一二三四五六七八九十两]+(?:天|号|个工作日)|把|负责|跟进|准备|安排|盯))"
)


# 「哪几个柜台你发我」: what is wanted, fronted as a question word, then 你 + send it to me —
# an ask for a list, not a question put to the meeting
_WHICH_THEN_YOU = re.compile(
    r"^\W*哪(?:几|些)?(?:个|家|条|份|张|批|位|台)?[\u4e00-\u9fff]{0,6}?你(?=\s*(?:先|就)?"
    r"(?:发|给|报|告诉|列|拉|整理)(?:我|一下|个|给))"
)


_OPENS_ANSWER = re.compile(r"[\s，,]*(?:要|对|好|行|可以|嗯|是)[的啊吧]?[\s，,。]+")


def _listener(s: _Scope) -> Owner | None:
    """5b. a bare 你 in a transcript: the person the speaker is talking to."""
    if s.en or not s.ctx.listener_id:
        return None
    seg = _CONNECTOR.sub("", s.seg.lstrip(" ，,"), count=1)
    m = _YOU_DO.search(seg) or _YOU_AFTER_TOPIC.search(s.seg) or _WHICH_THEN_YOU.search(s.seg)
    if not m:
        return None
    pos = s.a + s.seg.find("你")
    if s.persons and not (
        # 「要，你去找孙敏要一下数据」: a 你 opening the answer; a name after it is whom to go
        # to, not the doer (not 「样机你…给老周」 after 「梧桐，」, a call the rules may not hear)
        _OPENS_ANSWER.fullmatch(s.text[s.a : pos]) and all(p.start > pos for p in s.persons)
    ):
        return None
    who = Mention(pos, pos + 1, s.ctx.listener_label or s.ctx.listener_id, "person",
                  s.ctx.listener_id)
    return Owner(5, persons=[who], pos=pos)


# "I" who acts, not one who hedges ("…, I'd say by the twentieth", "I think").
_I_ACTS = re.compile(
    r"\bI\b(?!')(?!\s+(?:think|guess|believe|suppose|mean)\b)|\bI'(?:ll|m)\b|\bI'd\b(?!\s+say\b)"
)


# 「时间我看……四月八号吧」, 「我觉得周五可以」: 我 giving a view, not doing the work (not
# 「我看一下」, 「我看看」: a look the speaker takes)
_OPINION = re.compile(r"我(?:觉得|估计|感觉|认为|看(?=\s*(?:…|\.{2}|[，,]|应该|还是|就是)))")


def _first_person(s: _Scope) -> Owner | None:
    """6. first person singular: the speaker (and whoever is named with "and I" / "我和X");
    in English only with a future or modal verb ("I'm pairing with…" is not a commitment)."""
    seg, a = s.seg, s.a
    fp = (
        (_I_ACTS.search(seg) if _EN_FUTURE.search(seg) else _LET_ME_EN.search(seg))
        if s.en
        else next(
            (m for m in FIRST_PERSON_ZH.finditer(seg) if not _OPINION.match(seg, m.start())),
            None,
        )
    )
    if not fp:
        return None
    if not s.en and s.ctx.speaker_id is None and (we := _we(s)) is not None and we.depts:
        # 「我看了一下…，我们设备这边后天换掉」 by nobody the org knows (a dump's line): 我 names
        # no one, the team said after it does the work
        return we
    extra = []
    for m in s.persons:
        if re.fullmatch(
            r"\s*(?:and|和|与)\s*", s.text[m.end : a + fp.start()], re.I
        ) or re.fullmatch(r"\s*(?:and|和|与)\s*", s.text[a + fp.end() : m.start], re.I):
            extra.append(m)
        elif (
            not s.en
            and m.start > a + fp.end()
            and _WITH_ME.fullmatch(s.text[a + fp.end() : m.start])
            and re.match(r"\s*一起", s.text[m.end : s.b])
        ):
            extra.append(m)  # 「我亲自去一趟，下周二吧，跟廖婷一起」: the two of them
        elif (
            not s.en
            and m.start > a + fp.end()
            and re.fullmatch(r"\s*(?:跟|和)\s*", s.text[a + fp.end() : m.start])
            and _DONE_TOGETHER.match(s.text[m.end : s.b])
        ):
            extra.append(m)  # 「我跟佳宁月底前对完」 (but 「我跟周总说一下」 is mine alone)
    return Owner(6, persons=extra, speaker=True, pos=a + fp.start())


# after 「我跟X」: a date and a verb done to the end (对完, 弄好), not talk (说一下, 打个招呼)
_DONE_TOGETHER = re.compile(
    r"[^，,。；;？?]{0,10}?(?<![说讲聊问提要借])(?:完|好)(?![吗了没])(?!.*(?:说|讲|聊|沟通|打招呼|汇报))"
)


# between 我 and a partner named before 一起: 「我跟 X 一起」, 「我去一趟，下周二吧，跟X一起」
_WITH_ME = re.compile(r"[^你。？?！!；;]{0,20}?(?:跟|和|与|同)\s*")


# a team asked in English: "could your logistics team confirm…", "can your QA people…"
_ASKED_TEAM_EN = re.compile(r"\b(?:can|could|would|will)\s+your\s+$", re.I)


# 「阀门井普查管网运行部牵头」, 「续签你们采购部牵头」: a topic, then the team that leads it.
_TEAM_LEADS = re.compile(r"^\s*(?:这边|那边)?(?:来)?(?:牵头|负责(?!人))")
_TITLE_BEFORE = re.compile(r"(?:部长|主任|经理|总监|主管|老师|总|工|姐|哥)[，,\s]*(?:你们|你)?\s*$")


# 「…要你们仓库月底前给我」, 「你们质量部出一个」: the team spoken to, then (a date and) the verb
_YOU_TEAM_BEFORE = re.compile(r"(?<![给跟和与向对找问帮让请叫把被])(?:要|那|就|让)?你们$")
_YOU_TEAM_VERB = re.compile(
    r"(?:之前|以前|前|内|以内)?(?:也|就|先|再)?(?:要|得)?(?:把|提|出|" + _SPOKEN_DOES + r"|给|交)"
    r"(?![了过的])"
)


# 「计划处你们月底前把…」, 「涂装车间，你们油漆库的台账节前要…」: the team named first, then
# spoken to as 你们; the words up to the date name the thing (no comma, no one else's 你)
_YOU_TEAM_AFTER = re.compile(r"(?:这边|那边)?[，,]?\s*你们(?!的)")
_YOU_TEAM_TOPIC = re.compile(r"[^，,。；;？?！!你我他她]{0,14}")
_YOU_TEAM_MUST = re.compile(r"(?:之前|以前|前|内|以内)?(?:也|就|先|再)?(?:要|得|必须)")


def _team_named_then_you(s: _Scope, m: Mention) -> bool:
    """Is dept mention ``m`` said at a clause's start (after 那) and then spoken to with 你们,
    who then do something by a date? (「那计划处你们月底前把需求报给人力处」)"""
    start = m.start - 1 if s.text[max(s.a, m.start - 1) : m.start] == "那" else m.start
    if not s.starts_clause(start):
        return False
    you = _YOU_TEAM_AFTER.match(s.text, m.end, s.b)
    if you is None:
        return False
    if _YOU_TEAM_VERB.match(s.text, you.end(), s.b):
        return True
    topic = _YOU_TEAM_TOPIC.match(s.text, you.end(), s.b)
    d = next(
        (d for d in s.dates if you.end() <= d.start <= topic.end() and d.weight >= 2), None
    )
    return d is not None and bool(
        _YOU_TEAM_VERB.match(s.text, d.end, s.b) or _YOU_TEAM_MUST.match(s.text, d.end, s.b)
    )


def _team_spoken_to(s: _Scope, m: Mention) -> bool:
    """Is dept mention ``m`` the team addressed with 你们, who then does something
    (「呆滞料的清单要你们仓库月底前给我」)? Not 「发给你们仓库」: the team is sent to."""
    if _team_named_then_you(s, m):
        return True
    if not _YOU_TEAM_BEFORE.search(s.text, max(s.a, m.start - 4), m.start):
        return False
    pos = m.end
    side = re.compile(r"这边|那边").match(s.text, pos)
    pos = side.end() if side else pos
    d = next((d for d in s.dates if d.start == pos and d.weight >= 2), None)
    pos = d.end if d else pos
    return bool(_YOU_TEAM_VERB.match(s.text, pos, s.b))


def _department(s: _Scope) -> Owner | None:
    """7. a department as the subject: "财务部须…", "Finance has to…", "技术部每个人…"."""
    for m in s.ms:
        rest = s.text[m.end : s.b]
        if m.kind == "dept" and not s.en and _team_spoken_to(s, m):
            return Owner(3, depts=[m], pos=m.start)  # asked as 你 is: an explicit ask
        if m.kind == "dept" and _ASKED_TEAM_EN.search(s.text[max(s.a, m.start - 24) : m.start]):
            return Owner(7, depts=[m], pos=m.start)  # "Could your logistics team confirm…"
        if (
            m.kind == "dept"
            and not s.en
            and not s.starts_clause(m.start)
            and _TEAM_LEADS.match(rest)
            and not _RECIPIENT_BEFORE.search(s.text[max(s.a, m.start - 4) : m.start])
            # 「海涛你们仓储部牵头」, 「刘部长你们安全部牵头」: the one called on leads it
            and not any(p.end <= m.start for p in s.persons)
            and not _TITLE_BEFORE.search(s.text[max(s.a, m.start - 8) : m.start])
        ):
            return Owner(7, depts=[m], pos=m.start)  # 「续签你们采购部牵头」: after a topic
        if (
            m.kind == "dept"
            and s.starts_clause(m.start)
            # "Finance needs the accrual from us": Finance asks, it does not own the task
            and not re.search(r"\bfrom\s+(?:us|me)\b|向我们要|找我们要", rest, re.I)
            and (
                _DEPT_FOLLOW.match(rest)
                or any(0 <= d.start - m.end <= 1 for d in s.dates)  # "仓储部这周内把…"
                or re.match(
                    r"^[^，,。]{0,8}(?:实习生|同事|同学|新人|负责人|主管|经理|专员|人员|团队|小组)[^，,。]{0,4}[，,]"
                    # 「仓库新来的那个小李，…」: a newcomer the org file does not list yet
                    r"|^新来的[^，,。]{0,6}[，,]",
                    rest,
                )
            )
        ):
            return Owner(7, depts=[m], pos=m.start)
    return None


# "Then our procurement team will prepare…" said by one of us: the team named is the subject
# (not "with our finance team", "Yiyi from our legal team will…").
_OUR_TEAM_EN = re.compile(
    r"(?:^|[,;.]\s*|\b(?:then|so|and)\s+)our\s+[a-z][\w&-]*\s+(?:team|group|department|dept)\b"
    r"(?=\s+(?:will|'ll|is going to|has to|needs? to|must|should|can)\b)",
    re.I,
)


def _we(s: _Scope) -> Owner | None:
    """8. we: the speaker's department ("我们数据部", "our procurement team will…" name it)."""
    wm = (
        re.search(r"\bwe\b|\bwe'll\b|\b(?:our|my)\s+(?:team|group|department|dept)\b", s.seg, re.I)
        or (_OUR_TEAM_EN.search(s.seg) if s.ctx.speaker_id else None)
        if s.en
        else re.search(r"我们|咱们|我这边团队|我们组", s.seg)
    )
    if not wm:
        return None
    named = [
        m
        for m in s.ms
        if m.kind == "dept"
        and (0 <= m.start - (s.a + wm.end()) <= 1 or s.a + wm.start() < m.start < s.a + wm.end())
    ]
    if s.en and wm.re is _OUR_TEAM_EN and [m.id for m in named] != [s.ctx.speaker_dept]:
        return None  # 「David, our planning team will confirm…」 said by sales: passed on
    return Owner(8, depts=named, we=True, pos=s.a + wm.start())


def _group(s: _Scope) -> Owner | None:
    """9. the whole group: 大家 / 各部门 / everyone."""
    for cs, ce in s.clauses:
        if s.a <= cs < s.b:
            body = s.text[cs:ce].strip(" ，,：:")
            body = _CONNECTOR.sub("", body, count=1)
            body = re.sub(r"^\S{1,8}[：:]\s*", "", body)
            body = _date_first(body, s.dates, cs, ce)
            if _GROUP.match(body):
                return Owner(9, group=True, pos=cs)
    return None


def _date_first(body: str, dates: list[DateMention], cs: int, ce: int) -> str:
    """「另外月底前各厂把…报到生产部」: the limit said before the group it is asked of; the
    words after it are the clause's subject."""
    for d in dates:
        if cs <= d.start < ce and d.text and body.startswith(d.text):
            # a limit (前 / 之前 / 以内) only: 「这周大家都辛苦了」 asks nothing
            limit = re.match(r"(?:之|以)?(?:前|内)[，,\s]*", body[len(d.text) :])
            if limit:
                return body[len(d.text) + limit.end() :]
            if re.search(r"[前内]$", d.text):
                return body[len(d.text) :].lstrip("，, ")
            return body
    return body


def _bare_speaker(s: _Scope) -> Owner | None:
    """10. no subject at all, said by a known speaker: "Today: will finish X by Thursday",
    "高明：完成三号线爬坡方案（本周五）"."""
    if not s.ctx.speaker_label:
        return None
    if s.en and re.match(
        r"^[\s\-*•]*(?:\w+\s*:\s*)?(?:will|'ll|going to|plan to|gonna)\b", s.seg, re.I
    ):
        return Owner(10, speaker=True, pos=s.a)
    if not s.en and _ZH_TASK_START.match(s.seg) and any(d.weight >= 2 for d in s.dates):
        return Owner(10, speaker=True, pos=s.a)
    return None


# Work said to be finished by then: 打包完, 对完, 弄好, 修复上线, 发过去.
_FINISHED = re.compile(
    r"[\u4e00-\u9fff](?:完|好|出来)(?![了过])|上线|修复|到位|(?:交|发|报)(?:上|过|出)?去"
)


def _answer_when(s: _Scope) -> Owner | None:
    """10b. a dated answer to 「什么时候能完？」, or to a turn that named the speaker, with no
    subject: the answerer's word (「剩下的明天肯定打包完」, 「两个工作日内修复上线」)."""
    if not (s.ctx.answers_when or s.ctx.named_before) or s.persons or not any(
        d.weight >= 2 for d in s.dates
    ):
        return None
    if not _FINISHED.search(s.seg):
        return None  # 「下周一就空了」, 「供应商说下周二到」: when, but nobody's work
    if _asked_earlier_in_line(s):
        return None
    return Owner(10, speaker=True, pos=s.a)


def _asked_earlier_in_line(s: _Scope) -> bool:
    """「小余这个你自己弄吧 二十三号之前搞完」: the speaker has just put the work to 你 in
    this line, so a dated clause with no subject after it is the rest of that ask, not
    the speaker's answer to the turn before that named them."""
    return bool(_YOU_EARLIER.search(s.text[: s.a]))


# 你 in the sentence just before (a dump's pause is read as 。 already) or earlier in this one
_YOU_EARLIER = re.compile(r"你(?![们好说觉看吗呢])[^。！!？?]*(?:[。！!]\s*[^。！!？?]*)?$")


# Work asked for, said with no doer: 「…要全部弄完」, 「出完整版」, 「交上来」, 「得有人跟一下」.
_WORK_ASKED = re.compile(r"要|得|出|交|发|弄|做|改|修|补|跟")
# A turn that speaks for the speaker or to several people, or a sentence that agrees or
# settles a date for something said before (「对，那就九月三十号前培训完」): not put to one
_NOT_ONE_PERSON = re.compile(r"你们|大家|各|我")
_SETTLES = re.compile(r"^\W*(?:(?:对|好|行|嗯|可以)[的吧啊]?\W*)+|^\W*那就")
# The rule number of an ask put to the one who just spoke: it gives way to any owner the
# same line names (「…要求二十号前报上去。蒋涛，初稿你牵头，十三号前给我」).
PUT_TO_LISTENER = 12


def _previous_speaker(s: _Scope) -> Owner | None:
    """12. a dated ask that names nobody, right after the listener explained where things
    stand (「小王，盘点表呢？」 → 「初稿有了，还差两个仓的数」 → 「周五前出完整版」): theirs."""
    if s.en or not s.ctx.listener_spoke or not s.ctx.listener_id or s.ms:
        return None
    if not any(d.weight >= 2 for d in s.dates):
        return None
    if _NOT_ONE_PERSON.search(s.text) or _SETTLES.match(s.seg):
        return None
    if not (_FINISHED.search(s.seg) or _ZH_TASK_VERB_ANY.search(s.seg)
            or _WORK_ASKED.search(s.seg)):
        return None
    who = Mention(s.a, s.a, s.ctx.listener_label or s.ctx.listener_id, "person",
                  s.ctx.listener_id)
    return Owner(PUT_TO_LISTENER, persons=[who], pos=s.a)


def _unnamed_you(s: _Scope) -> Owner | None:
    """11. an unnamed addressee: "you're going to look at the evaluation" (owner not known)."""
    if s.en and re.search(
        r"\byou(?:\s+two|\s+guys|\s+both)?(?:'re|\s+are)?\s+(?:going\s+to|gonna|"
        r"will|'ll|should|need\s+to|have\s+to)\b|\byou'll\b",
        s.seg,
        re.I,
    ):
        return Owner(11, pos=s.a)
    return None


# Strongest first; the number in each docstring is the Owner.rule it gives (lower = stronger).
# "And Rahul, please send us the runbook", "Alex, could you send us the list?": someone of
# another company (a vendor, a client) asked in an English call: an item with owners [] and
# the name kept. Words that open a sentence the same way are not names.
_OUTSIDER_EN = re.compile(
    r"(?:^|[.!?]\s+)\W*(?:(?:and|so|ok|okay|then|also)\s*,?\s+)?([A-Z][a-z]{2,}),\s*"
    + _ASIDE_EN + r"(?:please|can you|could you|would you)\b",
    re.I,
)
_NOT_A_NAME_EN = frozenset(
    "sorry yes yeah no okay also then so well please great good right sure thanks hi hello "
    "guys everyone everybody team folks all now and but actually anyway alright fine cool "
    "perfect listen look honestly finally first second next last lastly plus still oh um uh "
    "hmm wait sir madam boss".split()
)


def _outsider(s: _Scope) -> Owner | None:
    """3b. an English ask to a person the org does not list (owners [], the name kept)."""
    if not s.en:
        return None
    for m in _OUTSIDER_EN.finditer(s.seg):
        name = m.group(1)
        if name[0].isupper() and name.casefold() not in _NOT_A_NAME_EN and not any(
            p.start <= s.a + m.start(1) < p.end for p in s.ms
        ):
            return Owner(3, names=[name], pos=s.a + m.start(1))
    return None


# 「我让代维公司的老赵他们…」, 「我叫厂家的师傅…」: the speaker hands the work to another
# company (a contractor, a supplier, the manufacturer), whose people the org file does not list
_HANDED_OUT = re.compile(
    r"我(?:这边)?(?:回头|已经|会)?(?:让|叫|请)"
    r"(?P<who>(?:[\u4e00-\u9fff]{1,6}?(?:公司|厂家|厂商|供应商|外包|物业|承包商|施工队)|代维|厂家|供应商)"
    r"(?:那边)?(?:的[\u4e00-\u9fff]{1,4}?)?(?:他们|师傅)?)"
    r"(?=[^，,。；;！？!?]{0,12}?(?:把|去|来|先|再|从|每|多|今天|明天|后天|下周|周[一二三四五六日天]))"
)


def _outsider_zh(s: _Scope) -> Owner | None:
    """3c. work the speaker hands to another company (「我让代维公司的老赵他们从下周开始每周多
    巡一次」): an item with no owner of ours (ANNOTATION: a name not in the org file → owners
    []), the party kept as written. Not when someone of ours is named in it."""
    if s.en:
        return None
    m = _HANDED_OUT.search(s.seg)
    if m is None or any(s.a + m.start() <= x.start < s.a + m.end() for x in s.ms):
        return None
    return Owner(3, names=[m.group("who")], pos=s.a + m.start("who"))


_OWNER_RULES = (
    _by_you,
    _pair_you,
    _asked,
    _addressee,
    _outsider,
    _outsider_zh,
    _owner_field,
    _list_prefix,
    _subject,
    _listener,
    _first_person,
    _department,
    _we,
    _group,
    _bare_speaker,
    _answer_when,
    _previous_speaker,
    _unnamed_you,
)


def find_owner(
    text: str,
    a: int,
    b: int,
    clauses: list[tuple[int, int]],
    mentions: list[Mention],
    dates: list[DateMention],
    ctx: LineContext,
    en: bool,
) -> Owner | None:
    """The owner stated in text[a:b], by the strongest rule that applies."""
    scope = _Scope(text, a, b, clauses, [m for m in mentions if a <= m.start < b], dates, ctx, en)
    for rule in _OWNER_RULES:
        owner = rule(scope)
        if owner is not None:
            return owner
    return None


# ---------------------------------------------------------------- per line


# A task that only points back at what the sentence before said: "have it ready by Monday".
# 「这个探头你周五前换掉」 points back in Chinese (这个 before a noun; 「那个，」 is a filler).
_REFERS_BACK = re.compile(
    r"\b(?:it|that|them)\b|它|(?:这|那)(?:个|块|件事|事)(?=[\u4e00-\u9fff])(?![是就])", re.I
)
_Found = tuple[Owner | None, str, DateMention | None, bool]  # owner, task, due, explicit


@dataclass
class _LineItems:
    """What :func:`analyse_line` gathers over the sentences of one line."""

    found: list[_Found] = field(default_factory=list)
    # a dated sentence without owner lends its date (and words) to the line's single item
    spare_due: DateMention | None = None
    spare_text: str = ""
    # short ownerless sentences before the first item: the task when the owner is a field
    # after it (「开展高温隐患排查。责任单位：生产部」)
    lead_text: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)  # the whole line's


# "You both need to…", "You two…": the pair called on just before ("Leo and Ouyang, you two…")
_BOTH_EN = re.compile(r"^\W*(?:(?:and|so|then)\s+)?(?:you\s+(?:two|both)|both\s+of\s+you)\b", re.I)
_PAIR_JOIN_EN = re.compile(r"\s*(?:,\s*)?(?:and|&)\s+|\s*,\s*")
_PAIR_CALLED_EN = re.compile(r"\s*,\s*(?:you\s+(?:two|both)|both\s+of\s+you|please)\b", re.I)
PAIR_REACH = 160  # characters back from the sentence where the pair may be called on


def _pair_called_before(text: str, a: int, mentions: list[Mention]) -> list[Mention]:
    """The two people called on together shortly before ``a`` ("Leo and Ouyang, you two go
    to Augsburg together."), or [] when there is no such pair."""
    people = [m for m in mentions if m.kind == "person" and m.id != UNKNOWN
              and a - PAIR_REACH <= m.start and m.end <= a]
    for x, y in zip(people, people[1:], strict=False):
        if (
            x.id != y.id
            and _PAIR_JOIN_EN.fullmatch(text[x.end : y.start])
            and _PAIR_CALLED_EN.match(text, y.end)
        ):
            return [x, y]
    return []


_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def _chinese_sentence(sent: str) -> bool:
    """More Chinese characters than English words and at least four of them: a sentence of a
    speaker who switched to Chinese (a Chinese name in an English sentence is not one)."""
    cjk = len(_CJK_CHAR.findall(sent))
    return cjk >= 4 and cjk > len(_LATIN_WORD.findall(sent))


def analyse_line(
    text: str,
    ctx: LineContext,
    mentions: list[Mention],
    dates: list[DateMention],
    lex: OrgLexicon,
    en: bool,
) -> list[Candidate]:
    """Action items stated in one line of a meeting record (usually 0 or 1).

    Steps: each sentence is screened (:func:`_screened_out`), cut to its live clauses
    (:func:`_live_clauses`) and judged (:func:`_judge_sentence`); then ownerless sentences
    give way to owned ones (:func:`_drop_ownerless`), sentences of one owner become one
    task (:func:`_merge_same_owner`) and each task becomes a :class:`Candidate`."""
    if ctx.section in ("agenda", "logistics") or ctx.checked:
        return []
    if ctx.speaker_label is not None and closing_recap(text):
        return []
    acc = _LineItems(mentions=mentions)
    m_starts = [m.start for m in mentions]
    said = [d for d in dates if not _stated_date(text, d)]
    dates = dates_standing(text, said)
    corrected = dates[-1] if dates != said else None
    d_starts = [d.start for d in dates]
    for a, b in _sentences(text):
        # Only this sentence's names and dates: keeps a whole transcript pasted as one
        # line linear instead of quadratic.
        _judge_sentence(
            text,
            a,
            b,
            mentions[bisect_left(m_starts, a) : bisect_left(m_starts, b)],
            dates[bisect_left(d_starts, a) : bisect_left(d_starts, b)],
            ctx,
            # a Chinese sentence said inside an English turn ("OK. 我周一先把清单整理出来",
            # "…a rollback plan. 这个我来起草, by Friday.") is read by the Chinese rules
            en and not _chinese_sentence(text[a:b]),
            acc,
        )
    if not acc.found:
        return []
    if any(o is not None and o.rule != PUT_TO_LISTENER for o, *_ in acc.found) or any(
        m.kind == "person" for m in mentions
    ):
        # the line names its owner elsewhere (「然后林晶，批记录这块，…。…三个工作日内全部拉个
        # 清单出来」): no sentence of it is put to the listener
        acc.found = [
            (None if o is not None and o.rule == PUT_TO_LISTENER else o, *rest)
            for o, *rest in acc.found
        ]
    _drop_ownerless(acc)
    merged = _given_on(_merge_same_owner(acc.found))
    last_due = merged[-1][2]
    if len(merged) > 1 and last_due is not None and _ALL_OF_THEM.search(
        text[max(0, last_due.start - 10) : last_due.start]
    ):
        # 「老黄，…出一个方案；娟姐，…统计一下，两个都是下周三之前给我」: one date for all
        merged = [(o, t, d or last_due, e) for o, t, d, e in merged]
    out = []
    for owner, task, due, explicit in merged:
        lead = acc.lead_text
        if due is None and acc.spare_due is not None and len(merged) == 1:
            due, task = acc.spare_due, f"{task} {acc.spare_text}"
            lead = [t for t in lead if t != acc.spare_text]
        if due is None and corrected is not None and len(merged) == 1:
            due = corrected  # 「你周五……哦不对周五端午。那就明天下班前，先口头跟我说一下」
        if (
            owner is not None
            and (
                owner.rule == 0
                or _REFERS_BACK.search(task)
                # 「…是吴婷在弄。吴婷，你明天…」: the sentence before names the one asked
                or any(p.text in t for p in owner.persons for t in lead)
                # "…needs a rollback plan. 这个我来起草": switching to Chinese goes on
                # with the thing just said in English
                or (en and _chinese_sentence(task))
            )
            and lead
            and len(merged) == 1
        ):
            # "开展高温隐患排查。责任单位：生产部；完成时限：7月24日前。"; "I can update the
            # notice. I'll have it ready by Monday.": the task is said before the owner
            task = " ".join([*lead, task])
        out.append(_candidate(task, owner, due, ctx, lex, explicit))
    return out


# A promise only to pass the word on, the whole sentence: "I'll tell Xie Hong's team.",
# "OK, I'll let him know." (with a date it stays: "I'll tell the customer by Friday").
_RELAY_EN = re.compile(
    r"^\W*(?:(?:ok(?:ay)?|sure|yes|yeah|right|fine)[,.!\s]+)*"
    r"(?:I'll|I will|we'll|we will|let me)\s+"
    r"(?:tell|inform|remind|let\s+(?:[\w'-]+\s+){1,4}know|pass\s+(?:it|this|that)\s+on)\b"
    r"(?![\w\s'-]*\b(?:and|then|to)\b)[\w\s'-]{0,40}[.!]?\s*$",  # "…and update the plan"
    re.I,
)


# 「…能不能分流一部分，哦不对，退货不是仓库管的」: the ask taken back as soon as said (not
# 「李芳……不对，吴婷，你把…」, another name instead).
_ASK_TAKEN_BACK = re.compile(r"不对[，,。…\s]+[^，,。！!？?]{0,12}?不是")


# 「雨婷你找一下采购……算了，这个我自己去谈」: what was begun is dropped for what follows
# (a sentence that ends on 算了 is a cancellation, left to the other screens)
# (said twice, 「……算了算了，」, it is the same)
_ASK_DROPPED = re.compile(
    r"(?<![就也还那])(?:[…\.]+\s*|[，,]\s*)算了(?:[，,\s]*算了)?[，,…\s]+(?=[^\s。！？!?])"
)


# 「…十号之前要全部报完，过了十号的明年再说」: what comes in after the deadline is put off,
# not the ask; that clause alone is not read for a cancellation
_LATE_ONES_PUT_OFF = re.compile(
    r"[，,；;]\s*(?:过了|超过|晚于)[^，,。；;！!]{1,8}?的[^，,。；;！!]*"
)


# 「我先去谈一下，看能不能先挂账，等结果出来再定」: after work taken on, a decision left until a
# result is in; only that last clause is put off, not the work before it
_DECIDED_LATER = re.compile(
    r"[，,；;]\s*等[^，,。；;！!？?]{1,14}?(?:出来|回来|到了|结果)(?:以后|之后)?"
    r"[^，,。；;！!？?]{0,3}?再(?:定|说|看|议|讨论)[^，,。；;！!？?]{0,4}[。！!]?\s*$"
)


def _put_off_tail_cut(sent: str) -> str:
    """``sent`` less a closing 「，等…出来再定」 when the speaker takes work on before it."""
    m = _DECIDED_LATER.search(sent)
    if m is None or not _ZH_STRONG.search(sent[: m.start()]):
        return sent
    return sent[: m.start()]


# 「客户昨天说周五的货可能要推迟，我今天上午再确认一下」: news heard from someone (X说, 听说),
# then the speaker's own dated step on it — the news is not what the speaker may or may not do
_NEWS_THEN_MINE = re.compile(
    r"^(?:[^，,。；;！!？?]{0,4}[，,]\s*)?"  # 「那个，…」
    r"[^，,。；;！!？?]*?(?:说|听说|据说|反馈|通知)[^，,。；;！!？?]*[，,]\s*"
    r"(?=我(?:今天|明天|后天|今晚|下午|上午|会后|马上|一会儿?|这周|本周|下周)"
    r"[^，,。；;！!？?]{0,4}?(?:再|先|去)?)"
)


def _screened_out(sent: str, dates: list[DateMention], ctx: LineContext, en: bool) -> bool:
    """Sentences that state no item whatever their owner: questions (unless a polite request),
    hypotheticals, cancellations, wishes, talk about the meeting itself, fragments of speech,
    bare acknowledgements."""
    if _QUESTION.search(_INDIRECT_Q.sub("", _TAG_Q.sub("", sent))) and not (
        _POLITE_REQUEST.search(sent)
        and (any(d.weight >= 2 for d in dates) or not _WH_QUESTION.search(sent))
    ):
        return True  # a question, unless it is a polite request ("Erin, could you confirm…?")
    if en and about_the_call(sent):
        return True  # joining late, checking the line, the agenda: the call itself
    heard = _NEWS_THEN_MINE.sub("", sent)
    if (_HYPOTHETICAL.search(heard)
            or _CANCEL.search(_LATE_ONES_PUT_OFF.sub("", _put_off_tail_cut(heard)))
            or _WISH.search(_WANT_ASKED_EN.sub("", sent))
            or _FYI.search(sent) or _ASK_TAKEN_BACK.search(sent)):
        return True
    words = len(_FILLER.sub(" ", sent).split()) if en else 99
    dated = any(d.weight >= 2 for d in dates)
    if en and not dated and _RELAY_EN.match(sent):
        return True  # "I'll tell Xie Hong's team.": a message passed on, not work taken on
    if ctx.section != "action" and (
        # "I'll load the rates by June 24" has a deadline: work, not done on screen
        (_IN_MEETING.search(sent) and not (en and dated) and not (not en and _opens_only(sent)))
        or words < 4
        or (words < 5 and not dated)
    ):
        return True  # talk about the meeting itself, or a fragment of speech
    return not dated and bool(_ACK.match(sent))


def _opens_only(sent: str) -> bool:
    """Is the talk about the meeting only the opening clause of a long spoken sentence
    (「我来说一下发货，…，…，销售部明天下班前把需求报给我」)? Then only that clause is dead."""
    m = _IN_MEETING.search(sent)
    clauses = _spans(sent, _CLAUSE_END)
    return (
        m is not None
        and len(clauses) >= 3
        and m.end() <= clauses[0][1]
        and not _IN_MEETING.search(sent, clauses[0][1])
    )


# "I'll set up the invitation for our next call": work after the meeting, though it names one
_INVITE = re.compile(
    r"\b(?:send|sending|book|set\s+up|schedule)\b[^.;!?]{0,20}?\b(?:invite|invitation)s?\b",
    re.I,
)


# 「月底还有两场促销」, 「有的部门月底还有活动」: what a date already holds, the reason given in a
# pushback — no work asked (「下周还有个报告要交」 has its 要, 「月底还有一批货要盘」 too)
_DATE_HOLDS = re.compile(
    r"(?:月底|月初|月中|年底|周[一二三四五六日末]|下周|这周|本周|今天|明天|后天|"
    r"[零一二三四五六七八九十\d]+号)(?:还|也|都)有"
)
_DATE_HOLDS_ASK = re.compile(r"要|得|把|给|让|请|需|必须|负责")


def _date_holds(clause: str) -> bool:
    return bool(
        _DATE_HOLDS.search(clause)
        and not _DATE_HOLDS_ASK.search(clause)
        and not _ZH_TASK_VERB_ANY.search(clause)
    )


# A sentence or clause that only thanks someone: 「谭经理辛苦。」, 「辛苦了」, 「谢谢大家」; after a
# remark on the day (「今天天气不错，大家辛苦了」) it is still no ask of 大家.
THANKS = re.compile(r"^[^，,。！!？?]{0,4}(?:辛苦了?|谢谢|感谢)[^，,。！!？?]{0,4}[。！!]?$")


# 「…，发票不齐我没法付」: what the speaker cannot do, a condition, not work taken on
_CANNOT = re.compile(r"(?:我|我们)(?:这边)?(?:就|也|都|实在|真的|根本)?(?:没法|没办法)")


def _live_clauses(text: str, a: int, b: int, en: bool = False) -> list[tuple[int, int]]:
    """The clauses of text[a:b] that can hold an item: not done work, reporting, logistics
    or (in Chinese) talk about the meeting itself."""
    return [
        (ca, cb)
        for ca, cb in _spans(text, _CLAUSE_END, a, b)
        if not (
            _is_done(text[ca:cb])
            or (not en and _CANNOT.search(text[ca:cb]))
            or (_REPORT.search(text[ca:cb]) and not _LATER.search(text[ca:cb]))
            or _THIRD_PARTY.search(text[ca:cb])
            or (not en and _SIDE_SAID.search(text[ca:cb]))
            or (_LOGISTICS.search(text[ca:cb]) and not _INVITE.search(text[ca:cb]))
            or (not en and _IN_MEETING.search(text[ca:cb]))
            or _PUSHBACK_CLAUSE.match(text[ca:cb])
            or (not en and _date_holds(text[ca:cb]))
            or (not en and THANKS.fullmatch(text[ca:cb].strip(" ，,")))
        )
    ]


# 「这个我回头自己找李总」: two adverbs before the speaker's own errand (one is _ZH_STRONG's)
_I_LATER_MYSELF = re.compile(
    r"我(?:回头|会后|晚点|待会儿?)(?:自己|亲自)(?:去|来)?(?:找|跟|问|催|联系|沟通|对接|落实)"
)


# 「…，会后我跟他说」, 「…，我跟周总说一下」: the speaker passing the word on, the whole clause
_RELAY_CLAUSE = re.compile(
    r"^\W*(?:那|然后)?(?:会后|回头|晚点|等下)?我(?:会后|回头|晚点|等下|再)?(?:去)?(?:跟|和|给)"
    r"[^，,。！!？?\s]{1,6}?(?:说|讲|打个招呼|带个话|通知)(?:一下|一声)?[。！!]?\s*$"
)


def _without_relay(
    text: str,
    live: list[tuple[int, int]],
    ms: list[Mention],
    ds: list[DateMention],
    ctx: LineContext,
) -> list[tuple[int, int]]:
    """``live`` without a clause that only passes the word on, when the other clauses name
    who is to do the work (「采购部那边尽快把叉车修好，周总今天没来，会后我跟他说」): the
    speaker carries the message, the ask stays theirs. A relay said alone is the speaker's
    own step and stays."""
    rest = [(ca, cb) for ca, cb in live if not _RELAY_CLAUSE.match(text[ca:cb])]
    if not rest or len(rest) == len(live):
        return live
    inside = [m for m in ms if any(ca <= m.start < cb for ca, cb in rest)]
    days = [d for d in ds if any(ca <= d.start < cb for ca, cb in rest)]
    o = find_owner(text, rest[0][0], rest[-1][1], rest, inside, days, ctx, False)
    return rest if o is not None and not o.speaker and (o.depts or o.persons) else live


# 「从明天开始每班加测一次，一直做到…」, 「自下周起每批抽检」: work that starts on a day and then
# goes on (every shift, until something closes) — a standing commitment, as firm as a date,
# whose start is no deadline (``nlp.dates`` drops a date followed by 开始/起).
_STANDING = re.compile(
    r"(?:从|自)(?:今天|今晚|明天|后天|现在|即日|本周|这周|下周[一二三四五六日天]?"
    r"|下个?礼拜[一二三四五六日天]?|下个?月|[0-9一二三四五六七八九十]+[月号日])"
    r"(?:开始|起)[^。！!？?；;]{0,20}?(?:每|一直|持续|天天)"
)


def _asks_enough(owner: Owner, due: DateMention | None, live_text: str, strong: bool) -> bool:
    """Outside an action list, an owned sentence is an item only with a strong verb, a date,
    an explicit ask, a department speaking for itself or a department's modal."""
    dated = (due is not None and due.weight >= 2) or bool(_STANDING.search(live_text))
    speaks_for_dept = owner.rule == 8 and bool(owner.depts)
    if owner.rule == 8 and not dated and not (
        speaks_for_dept and _ZH_TASK_VERB_ANY.search(live_text)
    ):
        return False  # "we need…" with no date is a wish; "我们质量部做一次确认" is not
    return bool(
        strong
        or dated
        or owner.rule <= 3
        or speaks_for_dept
        or (owner.rule == 7 and _DEPT_MODAL.search(live_text))
    )


# What someone of another company (a speaker the org does not list) wants from us
_PARTNER_WISH = re.compile(
    r"\bwe\s+(?:need|want|'d\s+like|would\s+like|require|expect)\b", re.I
)
_LATIN_NAME = re.compile(r"[A-Za-z]{2,}")


# 「下周三可以。」: a date asked for, accepted — the date of that ask, not of what follows it
_DATE_ACCEPTED = re.compile(
    r"^\W*(?:那|好的?|行|嗯)?\W*(?:之前|以前|前)?\W*(?:应该|也)?"
    r"(?:可以|没问题|行|来得及|能行|OK)[的吧啊]?\W*$",
    re.I,
)


def _judge_sentence(
    text: str,
    a: int,
    b: int,
    mentions: list[Mention],
    dates: list[DateMention],
    ctx: LineContext,
    en: bool,
    acc: _LineItems,
) -> None:
    """Add the items of sentence text[a:b] to ``acc`` (or its spare date / lead text)."""
    if not en:
        back = _ASK_DROPPED.search(text, a, b)
        if back is not None and back.end() < b:
            a = back.end()  # 「雨婷你找采购……算了，这个我自己去谈」: only what replaces it
        decide = _I_DECIDE.search(text[a:b])
        if decide is not None and decide.start() > 0:
            b = a + decide.start()  # 「…，周四前给我一个方案，我来定」: the asker decides later
    sent = text[a:b]
    if _screened_out(sent, dates, ctx, en):
        return
    live = _live_clauses(text, a, b, en)
    if not live:
        return
    if not en and (kept := _without_relay(text, live, mentions, dates, ctx)) != live:
        live, b = kept, kept[-1][1]  # 「…，会后我跟他说」 carries the word, owns nothing
    live_ms = [m for m in mentions if any(ca <= m.start < cb for ca, cb in live)]
    live_ds = [d for d in dates if any(ca <= d.start < cb for ca, cb in live)]
    # a dead lead-in ("我插一句，…", "上周已经签了，…") must not lend its 我 or names
    owner = find_owner(text, live[0][0], b, live, live_ms, live_ds, ctx, en)
    if owner is not None and not any(ca <= owner.pos < cb for ca, cb in live):
        # 「对账，我这边已经整理了一半了，剩下的我下周五弄完」: the 我 of the done clause is
        # dead; the owner is looked for again in the live clauses after it
        after = [(ca, cb) for ca, cb in live if ca > owner.pos]
        # 「那你们仓库提个单子就行，采购那边我打过招呼了」: the done clause closes the sentence,
        # the owner is looked for in the live clauses before it
        before = [(ca, cb) for ca, cb in live if cb <= owner.pos] if not after else []
        if after:
            owner = find_owner(text, after[0][0], b, after,
                               [m for m in live_ms if m.start >= after[0][0]],
                               [d for d in live_ds if d.start >= after[0][0]], ctx, en)
        elif before and not en:
            owner = find_owner(text, before[0][0], before[-1][1], before,
                               [m for m in live_ms if m.start < before[-1][1]],
                               [d for d in live_ds if d.start < before[-1][1]], ctx, en)
        else:
            owner = None
        if owner is not None and not any(ca <= owner.pos < cb for ca, cb in after + before):
            owner = None
    if not en and (owner is None or owner.rule > 2):
        # 「国强今天没来，我让他…」: a dead clause still names whom 他 is
        owner = _him_named(
            text, live[0][0], b, [m for m in mentions if m.kind == "person" and m.start < b]
        ) or owner
    if en and (owner is None or len(owner.persons) < 2) and _BOTH_EN.match(sent):
        pair = _pair_called_before(text, a, acc.mentions)
        if pair:
            owner = Owner(1, persons=pair, pos=live[0][0])  # "…, you two go… You both need…"
    if en and owner is not None and owner.rule == 8 and _PARTNER_WISH.search(sent) and (
        ctx.speaker_id is None and _LATIN_NAME.search(ctx.speaker_label or "")
    ):
        return  # "we need the files by the 30th" said by the other company: asked of us
    explicit = owner is not None and owner.rule <= 5
    strongly_owned = owner is not None and owner.rule <= 3
    if _DECISION.search(sent) and not strongly_owned:
        return
    if ctx.section in ("decision", "background") and not strongly_owned:
        return
    live_text = "".join(text[ca:cb] for ca, cb in live)
    due = pick_due(live_ds) or _time_of_day(text, live, ctx, en)
    if owner is not None and owner.speaker and not en:
        # 「…月底得改成一周三次，我今天跟物流商把频次改了」: the date of the speaker's own
        # clause is the one they commit to
        mine = [d for d in live_ds if any(ca <= owner.pos < cb and ca <= d.start < cb
                                          for ca, cb in live)]
        if mine:
            due = pick_due(mine) or due
    strong = bool((_EN_STRONG if en else _ZH_STRONG).search(live_text)) or (
        not en and bool(_I_LATER_MYSELF.search(live_text))
    )
    in_list = ctx.section == "action" and (ctx.bullet or owner is not None)
    if owner is None and not in_list:
        if (
            due is not None
            and due.weight >= 2
            and acc.spare_due is None
            and not _DATE_ACCEPTED.match(sent.replace(due.text, "", 1))
        ):
            acc.spare_due, acc.spare_text = due, sent.strip()
        if not acc.found and len(sent) <= 80:
            acc.lead_text.append(sent.strip())  # the task, when the owner is a field after it
        return
    if not in_list:
        assert owner is not None
        if not _asks_enough(owner, due, live_text, strong):
            if not acc.found and len(sent) <= 80:
                acc.lead_text.append(sent.strip())  # "I can update the notice. I'll have it…"
            return
    # One clause-level split: "由A于X前完成…，B据此于Y前完成…" is two items.
    split = _split_two_owner(text, a, b, live, live_ms, live_ds, ctx, en, owner)
    if split:
        acc.found.extend(_segment_items(text, *split, live_ds))
        return
    two = None if en or due is None else _two_counted(sent)
    if two is not None:
        acc.found.extend((owner, t, due, explicit or in_list) for t in two)
        return
    acc.found.append((owner, sent.strip(), due, explicit or in_list))


# 「海涛你把排班定一下，还有那个，温度记录也整理一下发给芳姐，这两个都是本周内」: two asks
# of one person joined by 还有/另外, counted and dated together at the end
_TWO_COUNTED = re.compile(
    r"[，,]\s*(?:这|那)?两(?:个|件|样)?(?:事情?|东西)?(?:都|一起|统一)(?:是|要|得|在)?"
    r"[^，,。；;！!？?]{1,12}[。！!]?\s*$"
)
_AND_ALSO = re.compile(r"[，,]\s*(?:还有|另外)(?:那个|就是|一个)?[，,]?\s*")


def _two_counted(sent: str) -> tuple[str, str] | None:
    """The two tasks of a sentence that ends by counting them (「这两个都是本周内」): one
    item each, both the speaker's one ask (the owner and the date are shared). None when
    the sentence is not so counted, or does not join exactly two tasks with 还有/另外."""
    end = _TWO_COUNTED.search(sent)
    if end is None:
        return None
    body = sent[: end.start()]
    joins = list(_AND_ALSO.finditer(body))
    if len(joins) != 1:
        return None
    first, second = body[: joins[0].start()].strip(" ，,"), body[joins[0].end() :].strip(" ，,")
    if len(first) < 4 or len(second) < 4:
        return None
    return first, second


def _segment_items(
    text: str, segments: list[tuple[int, int, Owner]], first: int, ds: list[DateMention]
) -> list[_Found]:
    """One item per segment of a several-asks sentence, each with its own date. A topic said
    before the first ask, with no date of its own (「服务器的钱先走申请吧，你把申请单提上来，
    我这边两天内给你批」), is what the later asks are about too: their task keeps it."""
    dues = [pick_due([d for d in ds if sa <= d.start < sb]) for sa, sb, _ in segments]
    last = segments[-1]
    if dues[-1] is not None and _shared_date(text, last[0], dues[-1]):
        # "王晓你跟一下物流，吴婷你负责赠品，都是下周一之前": one date for all (not a date of
        # the topic before the first ask: 「年底盘点，吴婷你负责冷库，…都是下周三前」)
        dues = [dues[-1] if d is None or d.start < first else d for d in dues]
    a = segments[0][0]
    lead = text[a:first].strip(" ，,。")
    if any(a <= d.start < first for d in ds) or len(lead) > 24 or _our_side(segments[0][2]):
        lead = ""
    return [
        (so, (lead + "，" if i and lead else "") + text[sa:sb].strip(" ，,。"), sd, True)
        for i, ((sa, sb, so), sd) in enumerate(zip(segments, dues, strict=True))
    ]


def _our_side(o: Owner) -> bool:
    """Is the owner the speaker's side said with 我们, no department named (rule 8)? Its
    work is the speaker's own: 「网建的三个工地，年底前我们也要自查，我让苏工明天出个自查表」 —
    a topic said before it is that work's object, and it is an item of its own beside the
    step handed on after it."""
    return o.rule == 8 and o.we and not o.depts


def _drop_ownerless(acc: _LineItems) -> None:
    """An ownerless sentence of a list line only counts when the line has nothing better;
    its due date can still serve ("Will Yao will own it. He'll have it live by …")."""
    if not any(o is not None for o, *_ in acc.found):
        return
    keep = []
    for item in acc.found:
        if item[0] is None:
            if item[2] is not None and (
                acc.spare_due is None or acc.spare_due.weight < item[2].weight
            ):
                acc.spare_due, acc.spare_text = item[2], item[1]
        else:
            keep.append(item)
    acc.found = keep


# A sentence that gives work said just before to the one called on, with no work of its own:
# 「许倩你组织，各部门配合」, 「吴婷你牵头」, 「海涛你来负责」.
_BARE_TAKE = re.compile(
    r"^[^，,。！!？?]{0,8}?你(?:来)?(?:组织|牵头|负责|安排|跟进|落实|盯着?)(?:一下)?"
    r"(?:[，,]\s*[^，,。！!？?]{0,8}配合[^，,。！!？?]{0,6})?[。！!]?\s*$"
)


def _shared_lead_in(a: str, b: str) -> int:
    """How much of ``b`` is the lead-in it shares with ``a`` (up to a comma of both), 0 if
    none: the topic carried into each clause of one sentence."""
    n = 0
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            break
        if x in "，,":
            n = i + 1
    return n


def _given_on(merged: list[_Found]) -> list[_Found]:
    """「月底我们再复查一次。许倩你组织，各部门配合。」: what "we" will do, then handed to
    one person by a bare 组织/牵头 — one item, theirs, with the first sentence's words and
    date (as 「月底要复查一次。许倩你组织。」 already is)."""
    out: list[_Found] = []
    for item in merged:
        prev = out[-1] if out else None
        # 「盘点这块，我们仓库这边月底前…，吴婷你牵头」: both clauses carry the topic said before
        # them; the take is what follows it
        take = item[1][_shared_lead_in(prev[1], item[1]) :] if prev is not None else item[1]
        if (
            prev is not None
            and prev[0] is not None
            and prev[0].we
            and not prev[0].persons
            and item[0] is not None
            and item[0].persons
            and _BARE_TAKE.match(take)
        ):
            out[-1] = (item[0], prev[1] + " " + take, prev[2] or item[2], prev[3] or item[3])
        else:
            out.append(item)
    return out


# 「行，我来对接。」: the speaker takes on what was asked, naming nothing of its own
_BARE_OWN_TAKE = re.compile(
    rf"^\W*(?:{_ACK_WORD}[啊呀吧，,。!！\s]*)*(?:那|这个)?我(?:这边)?来[\u4e00-\u9fff]{{0,3}}?[吧啊]?[。！!]?\s*$"
)
# 「我今晚先给客户回个邮件」: a dated first step of the speaker's own
_DATED_FIRST_STEP = re.compile(
    r"^\W*(?:那|然后)?我(?:这边)?(?:今天|今晚|明天|马上|现在|这两天|下班前|晚上)\S{0,3}?先"
)


def _take_then_first_step(prev: _Found, item: _Found) -> bool:
    """「行，我来对接。我今晚先给客户回个邮件，…」: a bare take of the work asked, then a
    dated step the speaker does first — two tasks (the take answers the ask; the step is
    the speaker's own), not one."""
    return (
        prev[2] is None
        and item[2] is not None
        and bool(_BARE_OWN_TAKE.match(prev[1]))
        and bool(_DATED_FIRST_STEP.match(item[1]))
    )


def _merge_same_owner(found: list[_Found]) -> list[_Found]:
    """Sentences of one line with the same owner are one task ("Will Yao will own it. He'll…")."""
    merged: list[_Found] = []
    for item in found:
        if (
            merged
            and _same_owner(merged[-1][0], item[0])
            and not (merged[-1][2] and item[2])
            and not _take_then_first_step(merged[-1], item)
        ):
            o, t, d, e = merged[-1]
            merged[-1] = (o or item[0], t + " " + item[1], d or item[2], e or item[3])
        else:
            merged.append(item)
    return merged


_CUES: dict[str, re.Pattern[str]] = {
    "question": _QUESTION,
    "hypothetical": _HYPOTHETICAL,
    "cancel": _CANCEL,
    "wish": _WISH,
    "in_meeting": _IN_MEETING,
    "decision": _DECISION,
    "done": _DONE,
    "report": _REPORT,
    "logistics": _LOGISTICS,
    "pushback": re.compile(PUSHBACK),
    "strong": _ZH_STRONG,
    "task_start": _ZH_TASK_START,
    "task_verb": _ZH_TASK_VERB_ANY,
    "ack": _ACK,
    "ack_start": ACK_START,
    "first_person": FIRST_PERSON_ZH,
    "you": _YOU_ANY,
    "group": _GROUP,
    "time_of_day": _TIME_OF_DAY,
    "later": _LATER,
}


def cues(text: str) -> tuple[str, ...]:
    """Names of the rules' own patterns a line matches (a question, a hypothetical, a strong
    verb, 我, 你, an acknowledgement, …): general signals the learned Chinese detector
    weighs, whatever the rules then decided."""
    # (a tag after an ask, 「…搞完，没问题吧？」, is no question: ``_TAG_Q``)
    untagged = _TAG_Q.sub("", text.strip())
    return tuple(
        name for name, rx in _CUES.items() if rx.search(untagged if name == "question" else text)
    )


def detected_item(
    text: str,
    ctx: LineContext,
    mentions: list[Mention],
    dates: list[DateMention],
    lex: OrgLexicon,
    en: bool,
) -> Candidate:
    """The item of a line the learned detector marks and these rules passed over (a
    fragment of speech: 「so you'll do the buttons」): owner and date by the same rules."""
    clauses = _spans(text, _CLAUSE_END, 0, len(text)) or [(0, len(text))]
    owner = find_owner(text, 0, len(text), clauses, mentions, dates, ctx, en)
    due = pick_due(dates) or _time_of_day(text, clauses, ctx, en)
    return _candidate(text, owner, due, ctx, lex, False)


def _time_of_day(
    text: str, live: list[tuple[int, int]], ctx: LineContext, en: bool
) -> DateMention | None:
    """「我晚上发邮件给大家」: a time of day with no day is the meeting's own day; so is a
    clock time (「我九点半把计划发群里」)."""
    if en:
        return None
    for ca, cb in live:
        m = _TIME_OF_DAY.search(text, ca, cb) or _clock(text, ca, cb)
        if m:
            return DateMention(m.start(), m.end(), m.group(0), ctx.meeting, 2)
    return None


# 「九点半」, 「十点前」, 「3点把…」: a clock time (not 「提高一点」, 「百分之九点五」, 第三点,
# 「有三点要改」)
_CLOCK = re.compile(
    r"(?<![之第快早晚多少慢好大小高低差有再稍\d一二三四五六七八九十两])"
    r"(?:[二三四五六七八九十两]|十[一二]|\d{1,2})点"
    r"(?:半|钟|[零一二三四五]?十?[一二三四五六七八九]?分)?"
    r"(?=之?前|以前|左右|[，,。！!\s]|$|[把给发交送到弄搞做出报])"
)


def _clock(text: str, ca: int, cb: int) -> re.Match[str] | None:
    """A clock time in text[ca:cb] said for one day (not 「每天中午十二点前报…」, which recurs)."""
    m = _CLOCK.search(text, ca, cb)
    return None if m is None or "每" in text[max(ca, m.start() - 6) : m.start()] else m


def _same_owner(x: Owner | None, y: Owner | None) -> bool:
    if x is None or y is None:
        return y is None or x is None
    return ([m.id for m in x.persons], x.speaker, x.we, [m.id for m in x.depts]) == (
        [m.id for m in y.persons],
        y.speaker,
        y.we,
        [m.id for m in y.depts],
    )


def _units(
    text: str, live: list[tuple[int, int]], ms: list[Mention]
) -> list[tuple[int, int]]:
    """Clauses, with a bare call-out joined to what follows: 「还有吴婷，下周一前把样品送检」."""
    out: list[tuple[int, int]] = []
    joining = called = False
    for k, (ca, cb) in enumerate(live):
        if joining and out:
            out[-1] = (out[-1][0], cb)
        else:
            out.append((ca, cb))
        body = _CONNECTOR.sub("", text[ca:cb].strip(" ，,：:"), count=1)
        body = re.sub(rf"{VOCATIVE_TAIL}$", "", body).strip()
        was_called, called = called, any(
            m.kind == "person" and ca <= m.start < cb and m.text == body for m in ms
        )
        # 「然后廖婷，宁夏二期的标书十月十号开标，你九月三十号之前…」: the topic said after
        # the call-out, then the ask to 你
        joining = called or (
            was_called
            and "你" not in body
            and k + 1 < len(live)
            and _CONNECTOR.sub("", text[live[k + 1][0] : live[k + 1][1]].strip(), count=1)
            .startswith("你")
        )
    return out


# 「…你把箱号整理一下发我，我去跟孙敏申请换一批」: the speaker takes the next step
_OWN_STEP = re.compile(r"^\W*(?:那|然后)?我(?:这边)?(?:去|来)(?![说讲看问])")
# 「高哥你把库存清点一下报上来，采购流程我来走」: the step named first, then 我来/我去
_TOPIC_THEN_OWN_STEP = re.compile(
    r"^\W*(?:那|然后)?[^\W\d你我们]{2,8}?我(?:这边)?(?:去|来)(?![说讲看问])"
)
_YOU_ASKED = re.compile(r"^\W*(?:那|然后)?你(?:先|就)?(?:把|去|来)(?![说讲看问])")


# 「客服中心那边通过短信发出去」: a team told what to do (not 「程序那边要接」, a reason).
_TEAM_TOLD = re.compile(
    r"那边(?:先|再|也)?(?:通过|把|去|来|负责|牵头|发|出|做|弄|报|交|通知|安排|准备|整理|统计|汇总|协调)"
)


def _cuts_an_item(o: Owner | None, due: DateMention | None, unit: str = "") -> bool:
    """A clause that starts an item of its own: an explicit ask (由/请/addressee), or a named
    owner, department, the speaker or the group together with a date, or the speaker
    taking a step of their own (我去…/我来…) even undated."""
    if o is None:
        return False
    dated = due is not None and due.weight >= 2
    return (
        o.rule <= 3
        # 「我们财务部月底前…，各部门十号之前…」: the speaker's department, named, with a date
        or (dated and (o.rule <= 7 or o.group or (o.rule == 8 and bool(o.depts))))
        or (o.rule == 6 and bool(_OWN_STEP.match(unit) or _TOPIC_THEN_OWN_STEP.match(unit)))
        # 「你把申请单提上来，我这边两天内给你批」: the listener asked in so many words
        or (o.rule == 5 and bool(_YOU_ASKED.match(unit) or _WHICH_THEN_YOU.match(unit)))
        # 「…，客服中心那边通过短信发出去」: a team told in so many words, dated or not
        or (o.rule == 7 and bool(o.depts) and bool(_TEAM_TOLD.search(unit)))
        or _our_own_then_handed(o, due, unit)
    )


def _our_own_then_handed(o: Owner, due: DateMention | None, unit: str) -> bool:
    """「年底前我们也要自查，我让苏工明天出个自查表」: what the speaker's side will do, dated
    and said with 我们 before the verb, is an item of its own when the same sentence then
    hands a further step to someone (the hand-over cuts by itself, rule 3)."""
    return (
        _our_side(o)
        and due is not None
        and due.weight >= 2
        and bool(_WE_WILL.search(unit))
    )


# 我们 + an obligation: 「我们也要自查」, 「我们这边得补上」 (not 「我们的…」, a report)
_WE_WILL = re.compile(r"[我咱]们(?:这边)?(?:也|还|都)?(?:要|得|必须|需要|会)")


# 「我们这边内部整改」: the clause opens with the speaker's side
_WE_OPEN = re.compile(r"^\W*(?:那|然后|再)?[我咱]们(?:这边)?")


def _ours_dated_later(o: Owner | None, unit: str, rest: list[DateMention]) -> bool:
    """「哪几个柜台你发我，我们这边内部整改，下周五前给你整改报告」: after an ask of
    someone else, a clause opening with 我们(这边) and holding no date starts our side's own
    item when a date follows it in the same sentence (the clause with the date names no doer
    of its own). Not 「老庞你定稿了直接发我，我们下周一就排试产」: dated in itself, that clause is
    left to _cuts_an_item (a spoken-canteen line whose annotator read it as one item)."""
    return (
        o is not None
        and _our_side(o)
        and bool(_WE_OPEN.match(unit))
        and any(d.weight >= 2 for d in rest)
    )


# 「我们质量部派人去…」: the department named sends its people
_WE_SEND = re.compile(r"(?:派|出|安排|抽)(?:个|几个|两个)?人")


def _ours_dated_next(
    text: str,
    o: Owner | None,
    unit: tuple[int, int],
    following: list[tuple[int, int]],
    ms: list[Mention],
    ds: list[DateMention],
    ctx: LineContext,
) -> bool:
    """「我们质量部派人去仓库抽检，下周一之前抽完，海涛你对接一下」: a clause opening with
    我们 (the speaker's side or department) and holding no date starts an item of its own
    when the very next clause gives a deadline (X前) and names no doer — that date finishes our
    work, and a later clause asking someone else (你对接) is another item. So is such a
    clause, dated or not, in which our department, named, sends people (派人/出人/安排人)."""
    if o is None or o.rule != 8 or not o.we or not following:
        return False
    ua, ub = unit
    na, nb = following[0]
    if not _WE_OPEN.match(text[ua:ub]) or any(ua <= x.start < ub for x in ds):
        return False
    if o.depts and _WE_SEND.search(text[ua:ub]):
        return True  # 「我们质量部派人去现场，吴婷你对接一下」: the department sends someone
    due = pick_due([x for x in ds if na <= x.start < nb])
    if due is None or due.weight < 3:
        return False  # a deadline (「下周一之前抽完」), not 「今天是复盘…」
    return (
        find_owner(
            text, na, nb, [(na, nb)], [m for m in ms if na <= m.start < nb],
            [x for x in ds if na <= x.start < nb], ctx, False,
        )
        is None
    )


def _owner_key(o: Owner) -> tuple[object, ...]:
    return (tuple((m.id, m.text) for m in o.persons + o.depts), o.speaker, o.group)


def _split_two_owner(
    text: str,
    a: int,
    b: int,
    live: list[tuple[int, int]],
    ms: list[Mention],
    ds: list[DateMention],
    ctx: LineContext,
    en: bool,
    first: Owner | None,
) -> tuple[list[tuple[int, int, Owner]], int] | None:
    """One sentence, several asks: "由A于X前完成…，B据此于Y前完成…", "仓库周五前盘点，另外
    各部门下周三前交清单", "郑磊你把记录补一下，还有吴婷，下周一前送检" are two items each.
    Also where the first ask starts (after a topic said for all of them)."""
    if first is None or len(live) < 2:
        return None
    cuts = []
    units = _units(text, live, ms)
    for k, (ua, ub) in enumerate(units):
        o = find_owner(
            text,
            ua,
            ub,
            [(ua, ub)],
            [m for m in ms if ua <= m.start < ub],
            [d for d in ds if ua <= d.start < ub],
            ctx,
            en,
        )
        if (
            _cuts_an_item(o, pick_due([x for x in ds if ua <= x.start < ub]), text[ua:ub])
            or (
                cuts
                and not any(ua <= x.start < ub for x in ds)
                and _ours_dated_later(o, text[ua:ub], [x for x in ds if ub <= x.start < b])
            )
            or _ours_dated_next(text, o, (ua, ub), units[k + 1 : k + 2], ms, ds, ctx)
            or _duty_dated_for_all(o, text, ua, ub, b, ds)
        ):
            assert o is not None
            if o.group and cuts and cuts[-1][1].persons and _BOTH_YOU.match(
                _CONNECTOR.sub("", text[ua:ub].strip(" ，,"), count=1)
            ):
                continue  # 「海涛，你跟吴婷一起弄，…你们俩周五前出一版」: the same two people
            cuts.append((ua, o))
    if len(cuts) < 2 or (
        len({_owner_key(o) for _, o in cuts}) < 2 and not _own_dated_things(text, cuts, b, ds)
    ):
        return None
    out = []
    for i, (ca, o) in enumerate(cuts):
        end = cuts[i + 1][0] if i + 1 < len(cuts) else b
        start = a if i == 0 else ca
        out.append((start, end, o))
    return out, cuts[0][0]


# 「停机通知我今天发」: a thing named, then 我 and a date
_THING_THEN_I = re.compile(r"^\W*(?:那|然后|还有)?[^\W\d你我们]{2,8}?我(?!们)")


def _own_dated_things(
    text: str, cuts: list[tuple[int, Owner]], b: int, ds: list[DateMention]
) -> bool:
    """「钢丝绳我月底前全部换完，换的时候要停两天，停机通知我今天发」: one speaker's clauses,
    each dated on a different day and each after the first naming its own thing before 我,
    are that many items of the speaker's (one sentence of a dump with no stops, or commas)."""
    if not all(o.rule == 6 and o.speaker and not o.persons for _, o in cuts):
        return False
    days = []
    for i, (ca, _) in enumerate(cuts):
        end = cuts[i + 1][0] if i + 1 < len(cuts) else b
        due = pick_due([d for d in ds if ca <= d.start < end])
        if due is None or due.weight < 2:
            return False
        if i and not _THING_THEN_I.match(_CONNECTOR.sub("", text[ca:end].strip(" ，,"), count=1)):
            return False
        days.append(due.date)
    return len(set(days)) == len(days)


# 「吴婷你负责冷库，郑磊负责常温库，都是下周三前盘完」: each named person's share of one job
_DUTY = re.compile(r"^\W*(?:那|然后|另外)?[^，,。；;]{0,8}?负责(?!人)")


def _duty_dated_for_all(
    o: Owner | None, text: str, ua: int, ub: int, b: int, ds: list[DateMention]
) -> bool:
    """A named person's share (X负责Y), undated, cuts an item of its own when a date said
    later in the sentence is said for all of them (都是…前, 周五前都…)."""
    if o is None or not o.persons or o.rule > 5 or not _DUTY.match(text[ua:ub]):
        return False
    return any(
        _shared_date(text, ub, d) for d in ds if ub <= d.start < b and d.weight >= 2
    )


def _shared_date(text: str, start: int, d: DateMention) -> bool:
    """Is the date ``d`` said for every ask before it: 「…，都是下周一之前」, 「周五前都盘完」."""
    return bool(
        _SHARED_DUE.search(text[start : d.start])
        or re.match(r"(?:之|以)?前?\s*都", text[d.end : d.end + 4])
    )


def _candidate(
    task: str,
    owner: Owner | None,
    due: DateMention | None,
    ctx: LineContext,
    lex: OrgLexicon,
    explicit: bool,
) -> Candidate:
    org: Org | None = lex.org
    ids: list[str] = []
    names: list[str] = []
    dept: str | None = None
    if owner is not None:
        if owner.speaker:
            if ctx.speaker_id:
                ids.append(ctx.speaker_id)
            if ctx.speaker_label:
                names.append(ctx.speaker_label)
        for m in owner.persons:
            if m.id == UNKNOWN:
                names.append(m.text.lstrip("@"))  # a name not in the directory: kept as written
            elif m.id not in ids:
                ids.append(m.id)
                names.append(m.text.lstrip("@"))
        names.extend(n for n in owner.names if n not in names)
        if ids:
            depts = {department_of(org, i) for i in ids}
            dept = depts.pop() if len(depts) == 1 else None
        elif owner.depts:
            dept = owner.depts[0].id
        elif owner.we and ctx.speaker_id:
            dept = department_of(org, ctx.speaker_id)
    priority = "high" if _HIGH.search(task) else "low" if _LOW.search(task) else "normal"
    conf = 0.55 + (0.2 if explicit else 0.1 if owner is not None else 0.0) + (0.15 if due else 0.0)
    if owner is not None and any(m.fuzzy for m in owner.persons):
        conf -= 0.15  # the owner was recognised by the sound of the name only
    if ctx.section == "action":
        conf += 0.05
    return Candidate(
        task=_clean_task(task),
        owners=ids,
        owner_names=names,
        department=dept,
        due=due.date if due else None,
        priority=priority,
        confidence=round(min(conf, 0.95), 2),
        explicit=explicit,
        group=owner is not None and owner.group,
    )


def _clean_task(task: str) -> str:
    t = re.sub(r"^\s*(?:\[[ xX]\]\s*)", "", task)
    return re.sub(r"\s+", " ", t).strip(" ，,。;；")
