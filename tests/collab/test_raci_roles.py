"""Roles as a meeting line states them (nlp.raci.roles): 牵头/负责 → R, 审批 → A, 配合 → C,
知会/抄送 → I; a name without a role word gets none; English too."""

from __future__ import annotations

import pytest

from nlp.raci import roles


@pytest.mark.parametrize("text,expected", [
    ("主视觉海报12月10日前定稿，周杰牵头，王芳配合，赵敏审批预算。",
     {"R": ["zhoujie"], "A": ["zhaomin"], "C": ["wangfang"], "I": []}),
    ("物流部王刚负责把样机运到会场，结果抄送黄伟知悉", {"R": ["wanggang"], "A": [], "C": [],
                                           "I": ["huangwei"]}),
    ("王刚负责运输，黄伟知会", {"R": ["wanggang"], "A": [], "C": [], "I": ["huangwei"]}),
    ("Jay Zhou leads the poster, Fiona Wang supports, Min Zhao approves the budget",
     {"R": ["zhoujie"], "A": ["zhaomin"], "C": ["wangfang"], "I": []}),
    ("周杰和王芳讨论了海报", {"R": [], "A": [], "C": [], "I": []}),
])
def test_roles(demo_org, text, expected) -> None:
    assert roles(text, demo_org) == expected
