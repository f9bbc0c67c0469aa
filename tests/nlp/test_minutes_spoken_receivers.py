"""Task text of spoken items: whom the work goes to, by name, and no clock time (issue 17).

A task read back out of the meeting (in a to-do list, a reminder) says 「给我」 or 「发你」 to
nobody: the reader is not the one who spoke. Annotators, and readers, write the person:
「拿给我签字」 said by 赵峰 is 「拿给赵峰签字」, 「我下班前发你」 in answer to 赵峰 is 「发赵峰」.
A clock time before a deadline (「下午三点前」) is the item's due, not what is to be done.
"""

from __future__ import annotations

import pytest
from spoken_own import items, own_org

from models.org import Org
from nlp.minutes.dialogue import tidy_spoken_task


@pytest.fixture(scope="module")
def org() -> Org:
    return own_org()



def test_work_handed_back_to_the_one_asking_names_them(org: Org) -> None:
    got = items(
        org,
        "赵峰(00:00:10)：吴婷，周末的出库单你汇总好，下午三点前拿给我签字。\n"
        "孙敏(00:00:20)：质量这边这周没什么要说的。\n",
    )
    assert [i["owners"] for i in got] == [["wuting"]], got
    task = got[0]["task"]
    assert "给赵峰签字" in task and "给我" not in task, task
    assert "三点" not in task, task


def test_a_reply_promising_to_send_it_names_the_asker(org: Org) -> None:
    got = items(
        org,
        "赵峰(00:00:10)：芳姐，上个月各门店的销量数据能不能给我一下？\n"
        "李芳(00:00:20)：可以，我今天下班前发你。\n",
    )
    assert [(i["owners"], i["source"]["line"]) for i in got] == [(["lifang"], 1)], got
    task = got[0]["task"]
    assert "给我" not in task and "发你" not in task, task
    assert "赵峰" in task and "销量数据" in task, task


def test_an_own_commitment_answering_a_question_names_who_asked(org: Org) -> None:
    got = items(
        org,
        "赵峰(00:00:10)：海涛，盘点差异的原因查清楚了没有？\n"
        "刘海涛(00:00:20)：还没，我周五前查清楚，写个说明发你。\n",
    )
    assert [i["owners"] for i in got] == [["liuhaitao"]], got
    assert "发赵峰" in got[0]["task"] and "发你" not in got[0]["task"], got[0]["task"]


def test_we_and_on_my_behalf_are_not_the_receiver(org: Org) -> None:
    got = items(
        org,
        "赵峰(00:00:10)：陈杰，会议室你帮我订一下，周五前把方案发给我们部门。\n"
        "孙敏(00:00:20)：质量这边这周没什么要说的。\n",
    )
    assert got, got
    task = got[0]["task"]
    assert "帮我" in task or "订" in task, task
    assert "给我们" in task and "赵峰们" not in task, task


@pytest.mark.parametrize(
    "said, left",
    [
        ("汇总好，两点半前拿给我签字", "汇总好，拿给我签字"),
        ("下午三点以前把名单报上来", "把名单报上来"),
        ("明天上午10点前把车安排好", "把车安排好"),
        ("这三点前面都说过了", "这三点前面都说过了"),
    ],
)
def test_a_clock_time_deadline_is_no_task_word(said: str, left: str) -> None:
    assert tidy_spoken_task(said, []) == left


def test_a_clock_time_that_names_a_thing_stays() -> None:
    # 「三点的会」 says which meeting; it is no deadline
    assert "三点的会" in tidy_spoken_task("三点的会你替我去开", [])



def test_a_polite_you_is_the_one_answered_too(org: Org) -> None:
    got = items(
        org,
        "赵峰(00:00:10)：海涛，退货区的货架什么时候能到？\n"
        "刘海涛(00:00:20)：我下午问一下厂家，明天给您回复。\n",
    )
    assert [i["owners"] for i in got] == [["liuhaitao"]], got
    assert "给赵峰回复" in got[0]["task"] and "您" not in got[0]["task"], got[0]["task"]


def test_a_teams_promise_sends_to_the_one_who_asked(org: Org) -> None:
    got = items(
        org,
        "赵峰(00:00:10)：仓库那几个人的排班，报给我。\n"
        "刘海涛(00:00:20)：好，排班我们部门周五前给你。\n",
    )
    assert len(got) == 1, got
    task = got[0]["task"]
    assert "给我" not in task and "给你" not in task and "赵峰" in task, task

