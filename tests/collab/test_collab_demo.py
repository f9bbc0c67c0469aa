"""The demo loads a collaboration in progress: parts in three states, tasks staffed by an
approved plan, progress reported — and loading twice changes nothing."""

from __future__ import annotations


def test_demo_collaboration_is_in_progress(demo_cli) -> None:
    from dispatch.cli.context import db_session
    from dispatch.collab import demo, flows, service
    from dispatch.orgdir.service import current_org

    assert "3 parts" in demo_cli["samples"]["collab"], demo_cli["samples"]
    assert demo.load_sample() == "the demo collaboration exists already"
    with db_session() as s:
        org = current_org(db_session=s)
        [c] = [c for c in service.list_collabs(db_session=s) if c.title == demo.DEMO_TITLE]
        board = service.to_dict(c, org=org, db_session=s, today=flows._today(org))
    assert {p["department"]: p["state"] for p in board["parts"]} == \
        {"design": "in_progress", "logistics": "accepted", "it": "pending"}
    assert board["plan"]["status"] == "approved"
    assert all(t["assignees"] for t in board["tasks"])
    assert any(t["done_hours"] > 0 for t in board["tasks"])
    assert all(t["risk"] in ("low", "medium", "high") for t in board["tasks"])
