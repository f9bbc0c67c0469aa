"""Personal action messages go to the person by direct app message (issue 16 defect 5, issue
19 item 2): Feishu/Lark, DingTalk 工作通知 and WeCom 应用消息 against a loopback server that
speaks each API; e-mail when the person cannot be reached by app; the group never sees the
links."""

from __future__ import annotations

import datetime as dt
import json
import logging

import pytest
import yaml
from app_servers import DINGTALK_APP, FEISHU_APP, WECOM_APP, AppServer
from notify_support import channels_doc
from sqlalchemy import select

from dispatch.db import session_scope
from dispatch.notifications.apps import forget_tokens
from dispatch.notifications.config import NotifySettings
from dispatch.notifications.models import Notification
from dispatch.notifications.service import use_settings
from dispatch.notifications.worker import Worker

OWNERS = {"feishu": ("zhangsan", "ou_zhangsan"), "dingtalk": ("wanggang", "ding_wanggang"),
          "wecom": ("wuhao", "wuhao")}
SECRETS = {"feishu": FEISHU_APP["app_secret"], "dingtalk": DINGTALK_APP["app_secret"],
           "wecom": WECOM_APP["secret"]}


@pytest.fixture
def apps_srv():
    s = AppServer().start()
    yield s
    s.stop()


def _settings(tmp_path, receiver, apps_srv, **overrides) -> NotifySettings:
    doc = {**channels_doc(receiver, smtp_port=1), **apps_srv.channels_doc(**overrides)}
    path = tmp_path / "channels.yaml"
    path.write_text(yaml.safe_dump(doc), encoding="utf-8")
    s = NotifySettings(channels_file=path, public_base_url="https://dispatch.example",
                       notify_backoff_base_s=2.0, notify_max_attempts=4, notify_lease_s=60,
                       notify_sqlite_sync_normal=False)
    use_settings(s)
    forget_tokens()
    return s


@pytest.fixture
def app_settings(tmp_path, receiver, apps_srv):
    yield _settings(tmp_path, receiver, apps_srv)
    use_settings(None)
    forget_tokens()


def _track(factory, org, owner: str, ref: str = "1") -> int:
    from dispatch.followups import service as fservice

    with session_scope(factory) as s:
        fu = fservice.track(db_session=s, kind="action_item", ref_id=ref, title="完成库存盘点",
                            owners=[owner], due=org.today() + dt.timedelta(days=5), org=org)
        return fu.id


def _rows(factory) -> list[Notification]:
    with session_scope(factory) as s:
        rows = list(s.scalars(select(Notification).order_by(Notification.id)))
        s.expunge_all()
    return rows


@pytest.mark.parametrize("platform", ["feishu", "dingtalk", "wecom"])
def test_owner_gets_a_direct_card_with_buttons_and_the_token_is_reused(
        outbox, app_settings, apps_srv, platform):
    factory, _, org = outbox
    staff, to = OWNERS[platform]
    fid = _track(factory, org, staff)
    rows = _rows(factory)
    dm = [r for r in rows if r.kind == f"{platform}_app"]
    assert len(dm) == 1 and dm[0].address == to and dm[0].recipients == [staff]
    assert dm[0].destination == f"app:{platform}:{to}"
    assert not [r for r in rows if r.kind == "email"]  # reached by app: no e-mail copy
    group = [r for r in rows if not r.kind.endswith("_app")]
    assert group, "the group still hears what changed"
    for r in group:  # ... without the links or the buttons
        assert "/api/followups/act/" not in r.body + json.dumps(r.payload)
        assert "buttons" not in r.payload

    w = Worker(factory, settings=app_settings, threads=1)
    w.drain()
    assert [r.status for r in _rows(factory) if r.kind.endswith("_app")] == ["sent"]
    assert apps_srv.tokens[platform] == 1
    [got] = apps_srv.sent
    if platform == "feishu":
        assert got.query == {"receive_id_type": "open_id"} and got.body["receive_id"] == to
        card = json.loads(got.body["content"])
        acts = [a["value"]["act"] for el in card["elements"]
                for a in (el.get("actions") or el.get("elements") or []) if "value" in a]
        assert sorted(acts) == [f"item.done:{fid}", f"item.new_date:{fid}"]
    elif platform == "dingtalk":
        assert got.body["userid_list"] == to and got.body["agent_id"] == DINGTALK_APP["agent_id"]
        card = got.body["msg"]["action_card"]
        urls = [b["action_url"] for b in card["btn_json_list"]]
        assert len(urls) == 2 and all("/api/followups/act/" in u for u in urls)
        assert urls[0].endswith("action=done") and urls[1].endswith("action=new_date")
    else:
        assert got.body["touser"] == to and got.body["agentid"] == WECOM_APP["agent_id"]
        card = got.body["template_card"]
        assert card["card_type"] == "button_interaction"
        # a typed new date has no place on a WeCom button: the card opens the page instead
        assert [b["key"] for b in card["button_list"]] == [f"item.done:{fid}"]

    # a second personal message reuses the cached token
    _track(factory, org, staff, ref="2")
    w.drain()
    assert len(apps_srv.sent) == 2 and apps_srv.tokens[platform] == 1
    w.close()


@pytest.mark.parametrize("platform", ["feishu", "dingtalk", "wecom"])
def test_a_5xx_is_retried_and_a_stale_token_fetched_again(outbox, app_settings, apps_srv,
                                                          platform):
    factory, _, org = outbox
    staff, _ = OWNERS[platform]
    _track(factory, org, staff)
    apps_srv.fail_sends = 1
    w = Worker(factory, settings=app_settings, threads=1)
    now = dt.datetime.now(dt.UTC)
    w.drain(now)
    [dm] = [r for r in _rows(factory) if r.kind.endswith("_app")]
    assert dm.status == "pending" and dm.attempts == 1 and "HTTP 500" in dm.last_error
    apps_srv.stale(platform)  # the platform revoked the token meanwhile
    w.drain(now + dt.timedelta(minutes=5))
    [dm] = [r for r in _rows(factory) if r.kind.endswith("_app")]
    assert dm.status == "sent" and len(apps_srv.sent) == 1
    assert apps_srv.tokens[platform] == 2
    w.close()


@pytest.mark.parametrize("platform", ["feishu", "dingtalk", "wecom"])
def test_a_bad_credential_is_dead_lettered_without_the_secret(
        outbox, tmp_path, receiver, apps_srv, platform, caplog):
    factory, _, org = outbox
    staff, _ = OWNERS[platform]
    field = {"feishu": "app_secret", "dingtalk": "app_secret", "wecom": "secret"}[platform]
    wrong = f"WRONG-{platform}-secret-9999"
    settings = _settings(tmp_path, receiver, apps_srv, **{platform: {field: wrong}})
    try:
        _track(factory, org, staff)
        caplog.set_level(logging.DEBUG)
        w = Worker(factory, settings=settings, threads=1)
        w.drain()
        w.close()
    finally:
        use_settings(None)
        forget_tokens()
    [dm] = [r for r in _rows(factory) if r.kind.endswith("_app")]
    assert dm.status == "dead" and dm.attempts == 1
    assert "credentials refused" in dm.last_error and f"apps.{platform}" in dm.last_error
    assert not apps_srv.sent
    for text in (dm.last_error, caplog.text):
        assert wrong not in text and SECRETS[platform] not in text


def test_without_an_app_id_or_app_credentials_the_links_go_by_email(
        outbox, tmp_path, receiver, apps_srv):
    factory, _, org = outbox
    # 王刚 has a DingTalk id but the DingTalk app lacks agent_id (cannot send): e-mail;
    # 孙丽 has no chat id at all: e-mail
    _settings(tmp_path, receiver, apps_srv, dingtalk={"agent_id": None})
    try:
        _track(factory, org, "wanggang")
        _track(factory, org, "sunli", ref="2")
        _track(factory, org, "zhangsan", ref="3")
    finally:
        use_settings(None)
    rows = _rows(factory)
    mails = sorted(r.address for r in rows if r.kind == "email")
    assert mails == ["sunli@xinghe.example", "wanggang@xinghe.example"]
    assert [r.address for r in rows if r.kind.endswith("_app")] == ["ou_zhangsan"]


def test_the_heads_approve_card_goes_to_the_head_alone(outbox, app_settings, apps_srv):
    from dispatch.followups import service as fservice

    factory, _, org = outbox
    fid = _track(factory, org, "wuhao")  # IT; its head 陈明 has no chat id: e-mail
    with session_scope(factory) as s:
        fservice.request_new_date(db_session=s, followup_id=fid, by="wuhao",
                                  due=org.today() + dt.timedelta(days=9), note="等配件", org=org)
    asks = [r for r in _rows(factory) if r.event.endswith("new_date_requested")]
    private = [r for r in asks if "/api/followups/act/" in r.body]
    assert [(r.kind, r.address) for r in private] == [("email", "chenming@xinghe.example")]
    # the buttons name the request they are about (the first asked), as the link does
    assert [b["act"] for b in private[0].payload["buttons"]] == [f"item.approve:{fid}:1",
                                                                 f"item.decline:{fid}:1"]
    assert all(r.kind != "wecom_app" for r in asks)  # the owner never gets the head's card


def test_apps_section_checks_the_sending_keys_without_printing_them():
    from dispatch.chat.config import ChatConfigError, parse_apps

    ok = parse_apps({"apps": {"wecom": {**WECOM_APP}, "dingtalk": {**DINGTALK_APP}}})
    assert ok.app("wecom").can_send() and ok.app("dingtalk").can_send()
    assert ok.app("dingtalk").get("base_url") == "https://oapi.dingtalk.com"
    no_agent = parse_apps({"apps": {"wecom": {**WECOM_APP, "agent_id": None}}})
    assert not no_agent.app("wecom").can_send()  # callbacks only: links go by e-mail
    for bad, needle in (({"agent_id": "10x"}, "agent_id"), ({"base_url": "ftp://x"}, "base_url")):
        with pytest.raises(ChatConfigError, match=needle) as e:
            parse_apps({"apps": {"wecom": {**WECOM_APP, **bad}}})
        assert WECOM_APP["secret"] not in str(e.value)
