"""Outbox → worker → real HTTP receivers: shapes, signatures, retries, digests, dead letters."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from dispatch.db import session_scope
from dispatch.notifications import service
from dispatch.notifications.models import DeliveryAttempt, Notification
from dispatch.notifications.worker import Worker

T0 = dt.datetime.now(dt.UTC)


@pytest.fixture(autouse=True)
def _frozen_clock() -> None:
    """The worker's clock, frozen a minute after this test queues its rows (at "now")."""
    global T0
    T0 = dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(minutes=1)


def _worker(factory, settings) -> Worker:
    return Worker(factory, settings=settings, threads=2)


def _rows(factory) -> list[Notification]:
    with session_scope(factory) as s:
        rows = list(s.scalars(select(Notification).order_by(Notification.id)))
        s.expunge_all()
    return rows


def test_each_platform_gets_its_own_signed_format_with_mentions(outbox, receiver,
                                                                 push_settings) -> None:
    factory, _, _ = outbox
    with session_scope(factory) as s:
        service.notify_staff(db_session=s, staff_ids=["zhangsan", "wanggang", "wuhao", "linxue"],
                             event="action_item.assigned", subject="新的待办：库存盘点",
                             body="截止 11月27日（周五）", link="/minutes/1#item-2",
                             dedupe_key="ai:2:assigned")
        service.notify_department(db_session=s, department="hr", event="request.routed",
                                  subject="新的协作请求", body="招聘海报", link="/requests/7")
    w = _worker(factory, push_settings)
    stats = w.drain(T0)
    assert stats.sent == 5 and stats.failed == 0
    assert all(h.valid for h in receiver.hits), [h.kind for h in receiver.hits if not h.valid]
    feishu = receiver.of("feishu")[0].body
    assert feishu["card"]["header"]["title"]["content"] == "新的待办：库存盘点"
    text = feishu["card"]["elements"][0]["text"]["content"]
    assert "<at id=ou_zhangsan></at>" in text
    button = feishu["card"]["elements"][1]["actions"][0]
    assert button["url"] == "https://dispatch.example/minutes/1#item-2"
    assert button["text"]["content"] == "查看详情"
    ding = receiver.of("dingtalk")[0]
    assert ding.body["at"]["atUserIds"] == ["ding_wanggang"]
    assert "@ding_wanggang" in ding.body["markdown"]["text"]
    assert "<@wuhao>" in receiver.of("wecom")[0].body["markdown"]["content"]
    slack = receiver.of("slack")[0].body
    assert "<@ULINXUE>" in slack["blocks"][1]["text"]["text"]
    assert slack["blocks"][2]["elements"][0]["url"] == "https://dispatch.example/minutes/1#item-2"
    # hr has no bot: the default Standard-Webhooks endpoint, head 孙丽 named plainly
    hook = receiver.of("webhook")[0]
    assert hook.body["type"] == "request.routed"
    assert hook.body["data"]["mentions"][0]["staff"] == "sunli"
    assert hook.headers["webhook-id"].startswith("msg_")
    assert {r.status for r in _rows(factory)} == {"sent"}


def test_same_dedupe_key_queues_once(outbox, receiver, push_settings) -> None:
    factory, _, _ = outbox
    for _ in range(3):
        with session_scope(factory) as s:
            service.notify_staff(db_session=s, staff_ids=["zhangsan"], event="x.assigned",
                                 subject="once", dedupe_key="only-once")
    assert len(_rows(factory)) == 1


def test_bad_input_is_refused_and_nothing_is_queued(outbox, push_settings) -> None:
    from dispatch.errors import InvalidInput

    factory, _, _ = outbox
    with session_scope(factory) as s, pytest.raises(InvalidInput, match="nobody"):
        service.notify_staff(db_session=s, staff_ids=["nobody"], event="e", subject="s")
    with session_scope(factory) as s, pytest.raises(InvalidInput, match="department"):
        service.notify_department(db_session=s, department="nope", event="e", subject="s")
    with session_scope(factory) as s, pytest.raises(InvalidInput):
        service.enqueue(db_session=s, event="", recipients=["zhangsan"], subject="s")
    assert _rows(factory) == []


def test_receiver_down_then_up_delivers_each_message_exactly_once(outbox, receiver,
                                                                   push_settings) -> None:
    factory, _, _ = outbox
    with session_scope(factory) as s:
        for i in range(6):
            service.enqueue(db_session=s, event="test.down", recipients=[], subject=f"m{i}",
                            department="hr", dedupe_key=f"down-{i}")  # default webhook
    port = receiver.port
    receiver.stop()
    w = _worker(factory, push_settings)
    st = w.drain(T0)
    assert st.failed == 6 and st.sent == 0
    rows = _rows(factory)
    assert all(r.status == "pending" and r.attempts == 1 for r in rows)
    assert "127.0.0.1" not in (rows[0].last_error or "") or "[redacted]" in rows[0].last_error
    ids = {r.message_id for r in rows}
    # still down at the first retry time, then back up
    st = w.drain(T0 + dt.timedelta(seconds=3))
    assert st.failed == 6
    receiver.port = port
    receiver.start()
    assert w.drain(T0 + dt.timedelta(seconds=5)).sent == 0  # backoff not over yet
    st = w.drain(T0 + dt.timedelta(seconds=60))
    assert st.sent == 6
    assert w.drain(T0 + dt.timedelta(hours=2)).claimed == 0
    got = [h.message_id for h in receiver.hits]
    assert sorted(got) == sorted(ids)  # every one, once, under its original id
    assert all(h.valid for h in receiver.hits)


def test_429_retry_after_is_honoured_and_not_counted_as_failure(outbox, receiver,
                                                                 push_settings) -> None:
    factory, _, _ = outbox
    receiver.script["slack"] = [(429, "rate_limited", {"Retry-After": "30"})]
    with session_scope(factory) as s:
        service.notify_staff(db_session=s, staff_ids=["linxue"], event="e", subject="slow")
    w = _worker(factory, push_settings)
    assert w.drain(T0).throttled == 1
    row = _rows(factory)[0]
    assert row.status == "pending" and row.attempts == 0 and row.throttled == 1
    assert row.next_attempt_at == T0 + dt.timedelta(seconds=30)
    assert w.drain(T0 + dt.timedelta(seconds=29)).claimed == 0
    assert w.drain(T0 + dt.timedelta(seconds=30)).sent == 1


@pytest.mark.parametrize(("kind", "dept", "staff", "answer", "wait"), [
    ("feishu", "mkt", "zhangsan", {"code": 9499, "msg": "too many request"}, 1.0),
    ("dingtalk", "logistics", "wanggang", {"errcode": 130101, "errmsg": "send too fast"}, 600.0),
    ("wecom", "it", "wuhao", {"errcode": 45009, "errmsg": "api freq out of limit"}, 60.0),
])
def test_platform_throttle_codes_wait_as_the_platform_asks(outbox, receiver, push_settings,
                                                           kind, dept, staff, answer,
                                                           wait) -> None:
    factory, _, _ = outbox
    receiver.script[kind] = [(200, answer, {})]
    with session_scope(factory) as s:
        service.notify_staff(db_session=s, staff_ids=[staff], event="e", subject="t")
    w = _worker(factory, push_settings)
    assert w.drain(T0).throttled == 1
    row = _rows(factory)[0]
    assert row.next_attempt_at == T0 + dt.timedelta(seconds=wait)
    assert w.drain(T0 + dt.timedelta(seconds=wait)).sent == 1
    assert len(receiver.of(kind)) == 1


def test_repeated_failures_become_a_dead_letter_then_retry_on_request(outbox, receiver,
                                                                      push_settings) -> None:
    factory, _, _ = outbox
    receiver.script["webhook"] = [(503, "busy", {})] * 4
    with session_scope(factory) as s:
        service.notify_department(db_session=s, department="hr", event="e", subject="dl")
    w = _worker(factory, push_settings)
    now = T0
    for _ in range(4):
        w.drain(now)
        now += dt.timedelta(hours=1)
    row = _rows(factory)[0]
    assert row.status == "dead" and row.attempts == 4
    assert row.last_error.startswith("HTTP 503")
    with session_scope(factory) as s:
        assert len(list(s.scalars(select(DeliveryAttempt)))) == 4
        assert service.retry_dead(db_session=s, event="other") == 0
        assert service.retry_dead(db_session=s) == 1
    w.drain(now)
    after = _rows(factory)[0]
    assert after.status == "sent" and after.message_id == row.message_id
    assert receiver.of("webhook")[0].message_id == row.message_id


def test_permanent_errors_go_dead_at_once_and_hide_secrets(outbox, receiver,
                                                           push_settings) -> None:
    factory, _, _ = outbox
    receiver.script["feishu"] = [(200, {"code": 19021, "msg": "sign match fail or timestamp "
                                        "is not within one hour from current time"}, {})]
    receiver.script["slack"] = [(404, "no_service", {})]
    with session_scope(factory) as s:
        service.notify_staff(db_session=s, staff_ids=["zhangsan", "linxue"], event="e",
                             subject="p")
    st = _worker(factory, push_settings).drain(T0)
    assert st.dead == 2
    for r in _rows(factory):
        assert r.status == "dead" and r.attempts == 1
        assert "abc123TOKEN" not in r.last_error and "XYZ" not in r.last_error
        d = service.to_dict(r, with_body=True)
        assert "feishu-secret" not in str(d) and "abc123TOKEN" not in str(d)


def test_burst_over_the_bot_limit_becomes_a_digest_not_a_drop(outbox, receiver,
                                                              push_settings) -> None:
    factory, _, _ = outbox
    with session_scope(factory) as s:
        for i in range(30):  # DingTalk: 20 per minute per robot
            service.notify_staff(db_session=s, staff_ids=["wanggang"], event="e",
                                 subject=f"发货单 {i}", body=f"第 {i} 单", link=f"/r/{i}")
    w = _worker(factory, push_settings)
    st = w.drain(T0)
    assert st.sent >= 1 and st.digested == 30
    hits = receiver.of("dingtalk")
    assert len(hits) <= 20 and all(h.valid for h in hits)
    text = "\n".join(h.body["markdown"]["text"] for h in hits)
    for i in range(30):
        assert f"发货单 {i}" in text  # every message is in some digest
    rows = _rows(factory)
    members = [r for r in rows if r.digest_id is not None]
    assert len(members) == 30 and all(r.status == "digested" for r in members)
    assert all(r.status == "sent" for r in rows if r.digest_of)


def test_rate_limit_defers_when_the_window_is_full(outbox, receiver, push_settings) -> None:
    factory, _, _ = outbox
    w = _worker(factory, push_settings)
    for i in range(20):  # fill WeCom's minute one by one
        with session_scope(factory) as s:
            service.notify_staff(db_session=s, staff_ids=["wuhao"], event="e", subject=f"{i}")
        w.drain(T0 + dt.timedelta(seconds=i))
    assert len(receiver.of("wecom")) == 20
    with session_scope(factory) as s:
        service.notify_staff(db_session=s, staff_ids=["wuhao"], event="e", subject="21st")
    st = w.drain(T0 + dt.timedelta(seconds=30))
    assert st.deferred == 1 and len(receiver.of("wecom")) == 20
    row = _rows(factory)[-1]
    assert row.status == "pending" and row.next_attempt_at == T0 + dt.timedelta(seconds=60)
    assert w.drain(T0 + dt.timedelta(seconds=61)).sent == 1


def test_message_without_any_destination_is_a_visible_dead_letter(outbox, tmp_path) -> None:
    from dispatch.notifications.config import NotifySettings

    factory, _, _ = outbox
    service.use_settings(NotifySettings(channels_file=None))
    try:
        with session_scope(factory) as s:
            rows = service.notify_staff(db_session=s, staff_ids=["zhangsan"], event="e",
                                        subject="nowhere")
        assert rows[0].status == "dead"
        assert "no channel configured" in rows[0].last_error
    finally:
        service.use_settings(None)


def test_a_broken_channels_file_keeps_messages_as_dead_letters_until_fixed(outbox, receiver,
                                                                           push_settings
                                                                           ) -> None:
    from dispatch.notifications.config import ChannelsError

    factory, _, _ = outbox
    good = push_settings.channels_file.read_text(encoding="utf-8")
    push_settings.channels_file.write_text("default: [{kind: fax}]", encoding="utf-8")
    with session_scope(factory) as s:  # the caller's own change still commits
        rows = service.notify_staff(db_session=s, staff_ids=["zhangsan"], event="e",
                                    subject="kept")
    assert rows[0].status == "dead" and "channels file is broken" in rows[0].last_error
    with pytest.raises(ChannelsError):  # the worker refuses to run on it, claiming nothing
        _worker(factory, push_settings).run_once(T0)
    push_settings.channels_file.write_text(good, encoding="utf-8")
    with session_scope(factory) as s:
        assert service.retry_dead(db_session=s) == 1
    assert _worker(factory, push_settings).drain(T0).sent == 1
    assert "<at id=ou_zhangsan></at>" in str(receiver.of("feishu")[0].body)
