"""The service behind the collaboration form's suggested departments: ``suggest_parts``."""

from __future__ import annotations

import pytest

from dispatch.errors import InvalidInput
from dispatch.requests.routing import suggest_parts


def test_suggest_parts_splits_the_issue_example(settings, demo_org, trained_store) -> None:
    text = "发布会需要设计部出主视觉海报，同时需要物流部派4人把样机搬到会场"
    parts = suggest_parts(settings=settings, org=demo_org, text=text)
    assert [p.department for p in parts] == ["design", "logistics"]
    assert parts[0].role == "lead" and parts[1].role == "support"
    assert parts[1].text == "需要物流部派4人把样机搬到会场" or parts[1].text.startswith("物流部")
    assert all(text[p.start:p.end] == p.text for p in parts)


def test_suggest_parts_keeps_a_single_request_whole(settings, demo_org, trained_store) -> None:
    [part] = suggest_parts(settings=settings, org=demo_org, text="我的电脑开不了机，帮忙看一下")
    assert part.department == "it" and part.role == "lead"


@pytest.mark.parametrize("bad", ["", "  ", "字" * 30_000])
def test_suggest_parts_refuses_unusable_text(settings, demo_org, trained_store, bad) -> None:
    with pytest.raises(InvalidInput):
        suggest_parts(settings=settings, org=demo_org, text=bad)
