"""Issue 16, defects 2 and 17: one message that cannot be built or sent must not stop the
others (it is recorded on that message and dead-lettered), and webhook URL tokens never
reach ``last_error`` or the worker's log."""

from __future__ import annotations

import datetime as dt
import logging

import httpx
import pytest
import yaml
from notify_support import SECRETS, channels_doc
from sqlalchemy import select

from dispatch.db import session_scope
from dispatch.notifications import channels as ch
from dispatch.notifications import service
from dispatch.notifications.config import Bot, NotifySettings
from dispatch.notifications.models import Notification
from dispatch.notifications.worker import Worker


def _soon() -> dt.datetime:
    """A minute from now: everything queued so far is due (computed per call, not at
    import, so a long test session does not leave it in the past)."""
    return dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)


def _rows(factory) -> list[Notification]:
    with session_scope(factory) as s:
        rows = list(s.scalars(select(Notification).order_by(Notification.id)))
        s.expunge_all()
    return rows


def _use(tmp_path, doc) -> NotifySettings:
    path = tmp_path / "channels-broken.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    s = NotifySettings(channels_file=path, public_base_url="https://dispatch.example",
                       notify_backoff_base_s=2.0, notify_max_attempts=3, notify_lease_s=60)
    service.use_settings(s)
    return s


@pytest.fixture(autouse=True)
def _reset_settings():
    yield
    service.use_settings(None)


def test_d02_email_subject_with_newline_is_folded_and_the_batch_goes_on(outbox, receiver,
                                                                       tmp_path) -> None:
    smtp_mod = pytest.importorskip("aiosmtpd.controller")
    from test_email_smtp import Inbox

    from tests.hardening.hardening_support import free_port

    inbox, port = Inbox(), free_port()
    ctl = smtp_mod.Controller(inbox, hostname="127.0.0.1", port=port)
    ctl.start()
    try:
        settings = _use(tmp_path, channels_doc(receiver, smtp_port=port))
        factory, _, _ = outbox
        with session_scope(factory) as s:
            service.notify_staff(db_session=s, staff_ids=["zhangsan"], event="e",
                                 subject="任务 a\nBcc: victim@evil.example\r\nb")
            service.notify_staff(db_session=s, staff_ids=["hexin"], event="e",
                                 subject="第二封")
        Worker(factory, settings=settings, threads=1).drain(_soon())
    finally:
        ctl.stop()
    mails = {m["To"]: m for m in inbox.messages}
    assert set(mails) == {"zhangsan@xinghe.example", "hexin@xinghe.example"}
    assert mails["zhangsan@xinghe.example"]["Subject"] == "任务 a Bcc: victim@evil.example b"
    assert mails["zhangsan@xinghe.example"]["Bcc"] is None
    emails = [r for r in _rows(factory) if r.kind == "email"]
    assert {r.status for r in emails} == {"sent"}


def test_d02_message_that_raises_is_dead_lettered_and_others_delivered(outbox, receiver,
                                                                      tmp_path) -> None:
    doc = channels_doc(receiver)
    doc["default"][0]["secret"] = "whsec_***not base64***"  # hr, fin, design go here
    doc["departments"]["it"][0]["url"] = "http://[::1/send?key=WECOMKEY"
    settings = _use(tmp_path, doc)
    factory, _, _ = outbox
    with session_scope(factory) as s:
        service.notify_department(db_session=s, department="hr", event="e", subject="坏签名")
        service.notify_department(db_session=s, department="it", event="e", subject="坏地址")
        service.notify_department(db_session=s, department="mkt", event="e", subject="正常")
        service.notify_department(db_session=s, department="sales", event="e", subject="正常")
    stats = Worker(factory, settings=settings, threads=1).drain(_soon())
    by_subject = {r.subject: r for r in _rows(factory) if r.kind != "email"}
    assert by_subject["坏签名"].status == "dead" and by_subject["坏地址"].status == "dead"
    assert "secret" in by_subject["坏签名"].last_error
    assert "WECOMKEY" not in by_subject["坏地址"].last_error
    assert sorted(r.status for r in _rows(factory) if r.subject == "正常") == ["sent", "sent"]
    assert stats.dead == 2
    assert {h.kind for h in receiver.hits} == {"feishu", "slack"}


def test_d02_deliver_never_raises_for_a_broken_bot() -> None:
    msg = ch.Message(message_id="msg_1", event="e", subject="s", body="b")
    with httpx.Client() as client:
        for bot in (Bot(key="x", kind="webhook", url="http://127.0.0.1:9/h",
                        secret="whsec_%%%"),
                    Bot(key="y", kind="slack", url="not a url at all"),
                    Bot(key="z", kind="dingtalk", url="ftp://example.invalid/robot?x=1",
                        secret="s")):
            out = ch.deliver(msg, bot, client)
            assert not out.ok and out.permanent and out.error


def test_d17_echoed_webhook_token_is_redacted_from_last_error_and_log(outbox, receiver,
                                                                      push_settings,
                                                                      caplog) -> None:
    factory, _, _ = outbox
    # a receiver that echoes the path (with the token) in its error, without scheme or host
    receiver.script["slack"] = [(404, "no such hook: /slack/services/T0/B0/XYZ", {})]
    receiver.script["wecom"] = [(200, {"errcode": 93000, "errmsg": "invalid key WECOMKEY, "
                                       "path /wecom/send?key=WECOMKEY"}, {})]
    with session_scope(factory) as s:
        service.notify_department(db_session=s, department="sales", event="e", subject="x")
        service.notify_department(db_session=s, department="it", event="e", subject="y")
    with caplog.at_level(logging.DEBUG):
        Worker(factory, settings=push_settings, threads=1).drain(_soon())
    dead = [r for r in _rows(factory) if r.status == "dead"]
    assert len(dead) == 2
    for r in dead:
        assert "XYZ" not in r.last_error and "WECOMKEY" not in r.last_error, r.last_error
    assert "XYZ" not in caplog.text and "WECOMKEY" not in caplog.text
    assert SECRETS["webhook"] not in caplog.text
