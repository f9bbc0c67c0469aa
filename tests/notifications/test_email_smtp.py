"""E-mail through a real SMTP server on 127.0.0.1 (aiosmtpd)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy

import pytest
import yaml
from notify_support import channels_doc
from sqlalchemy import select

from dispatch.db import session_scope
from dispatch.notifications import service
from dispatch.notifications.config import NotifySettings
from dispatch.notifications.models import Notification
from dispatch.notifications.worker import Worker
from tests.hardening.hardening_support import free_port

aiosmtpd = pytest.importorskip("aiosmtpd.controller")


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.refuse: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address, options):  # noqa: N802
        if address in self.refuse:
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802
        self.messages.append(email.message_from_bytes(envelope.content,
                                                      policy=email.policy.default))
        return "250 Message accepted"


class Server:
    """An SMTP server that can go down and come back on the same port."""

    def __init__(self, inbox: Inbox, port: int) -> None:
        self.inbox, self.port, self.ctl = inbox, port, None

    def start(self) -> None:
        self.ctl = aiosmtpd.Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.ctl.start()

    def stop(self) -> None:
        if self.ctl is not None:
            self.ctl.stop()
            self.ctl = None


@pytest.fixture
def smtp(tmp_path, receiver):
    inbox = Inbox()
    port = free_port()
    ctl = Server(inbox, port)
    ctl.start()
    path = tmp_path / "channels.yaml"
    path.write_text(yaml.safe_dump(channels_doc(receiver, smtp_port=port)), encoding="utf-8")
    settings = NotifySettings(channels_file=path, public_base_url="https://dispatch.example",
                              notify_backoff_base_s=2.0, notify_max_attempts=3)
    service.use_settings(settings)
    yield inbox, ctl, settings
    service.use_settings(None)
    ctl.stop()


def test_each_recipient_gets_one_mail_with_a_stable_message_id(outbox, smtp) -> None:
    factory, _, _ = outbox
    inbox, _, settings = smtp
    with session_scope(factory) as s:
        service.notify_staff(db_session=s, staff_ids=["zhangsan", "hexin"],
                             event="action_item.overdue", subject="已逾期：库存盘点",
                             body="截止 11月27日", link="/minutes/1", lang="zh")
    now = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
    Worker(factory, settings=settings).drain(now)
    got = {m["To"]: m for m in inbox.messages}
    assert set(got) == {"zhangsan@xinghe.example", "hexin@xinghe.example"}
    m = got["zhangsan@xinghe.example"]
    assert m["Subject"] == "已逾期：库存盘点" and m["From"] == "dispatch@test.local"
    body = m.get_content()
    assert "截止 11月27日" in body and "https://dispatch.example/minutes/1" in body
    assert "张三" in body
    with session_scope(factory) as s:
        row = s.scalars(select(Notification).where(
            Notification.address == "zhangsan@xinghe.example")).one()
        assert m["Message-ID"] == f"<{row.message_id}@dispatch>" and row.status == "sent"


def test_smtp_down_is_retried_and_a_refused_address_is_a_dead_letter(outbox, smtp) -> None:
    factory, _, _ = outbox
    inbox, ctl, settings = smtp
    inbox.refuse.add("hexin@xinghe.example")
    with session_scope(factory) as s:
        service.notify_staff(db_session=s, staff_ids=["zhangsan", "hexin"], event="e",
                             subject="hello")
    ctl.stop()
    w = Worker(factory, settings=settings)
    now = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
    st = w.drain(now)
    assert st.failed >= 2 and not inbox.messages
    ctl.start()
    w.drain(now + dt.timedelta(minutes=5))
    with session_scope(factory) as s:
        rows = {r.address: r for r in s.scalars(select(Notification).where(
            Notification.kind == "email"))}
        assert rows["zhangsan@xinghe.example"].status == "sent"
        dead = rows["hexin@xinghe.example"]
        assert dead.status == "dead" and "recipient refused" in dead.last_error
    assert [m["To"] for m in inbox.messages] == ["zhangsan@xinghe.example"]
