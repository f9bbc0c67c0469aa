"""Action links are bearer credentials: never posted to a group chat (issue 16, defect 5)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from notify_support import Receiver, channels_doc, demo_org_with_contacts
from sqlalchemy import select

from dispatch.followups import service
from dispatch.notifications.models import Notification
from dispatch.orgdir.service import import_org


@pytest.fixture
def mail_settings(tmp_path: Path):
    """Group bots per department and e-mail on (the SMTP server is never reached here)."""
    from dispatch.notifications.config import NotifySettings
    from dispatch.notifications.service import use_settings

    rec = Receiver()  # only its URLs are used: nothing is delivered in these tests
    path = tmp_path / "channels.yaml"
    path.write_text(yaml.safe_dump(channels_doc(rec, smtp_port=2525)), encoding="utf-8")
    use_settings(NotifySettings(channels_file=path, public_base_url="https://dispatch.example"))
    yield
    use_settings(None)


@pytest.fixture
def org(db):
    o = demo_org_with_contacts()
    import_org(db_session=db, org=o, source="test")
    db.flush()
    return o


def _rows(db, event: str) -> list[Notification]:
    return list(db.scalars(select(Notification).where(Notification.event == event)))


def test_d05_group_messages_carry_no_action_links(db, org, mail_settings) -> None:
    fu = service.track(db_session=db, kind="action_item", ref_id="77", title="展台搭建",
                       owners=["mayun"], due=dt.date(2026, 12, 30), org=org)
    rows = _rows(db, "action_item.assigned")
    group = [r for r in rows if r.kind != "email"]
    mail = [r for r in rows if r.kind == "email"]
    assert group and mail
    for r in group:  # the logistics chat hears what changed, without a credential
        assert "/api/followups/act/" not in r.body and "actions" not in r.payload
        assert "展台搭建" in r.subject
    assert [r.address for r in mail] == ["mayun@xinghe.example"]
    assert "/api/followups/act/" in mail[0].body and mail[0].payload["actions"]

    service.request_new_date(db_session=db, followup_id=fu.id, due=dt.date(2027, 1, 8),
                             by="mayun", note="供应商延迟", org=org)
    asks = _rows(db, "action_item.new_date_requested")
    assert all("/api/followups/act/" not in r.body for r in asks if r.kind != "email")
    [head_mail] = [r for r in asks if r.kind == "email"]
    assert head_mail.address == "liuqiang@xinghe.example"  # the head only, not the owner
    assert "/api/followups/act/" in head_mail.body


def test_d05_head_link_is_refused_after_a_decline(db, org, mail_settings) -> None:
    """The owner saw no head link, but even one kept from before must not approve the
    owner's next request: a head link decides the one request it was sent about."""
    from dispatch.followups.messages import decision_link

    fu = service.track(db_session=db, kind="action_item", ref_id="78", title="物资清点",
                       owners=["mayun"], due=dt.date(2026, 12, 30), org=org)
    service.request_new_date(db_session=db, followup_id=fu.id, due=dt.date(2027, 1, 8),
                             by="mayun", org=org)
    token = decision_link(fu).rsplit("/", 1)[1]
    from dispatch.settings import get_settings

    secret = get_settings().secret_key
    assert service.verify_action_token(db_session=db, token=token, secret=secret) is not None
    service.decline_request(db_session=db, followup_id=fu.id, by="liuqiang")
    assert service.verify_action_token(db_session=db, token=token, secret=secret) is None
    service.request_new_date(db_session=db, followup_id=fu.id, due=dt.date(2027, 1, 15),
                             by="mayun", org=org)
    assert service.verify_action_token(db_session=db, token=token, secret=secret) is None
    fresh = decision_link(fu).rsplit("/", 1)[1]
    assert service.verify_action_token(db_session=db, token=fresh, secret=secret) is not None
