"""Channel rendering, signatures, answer classification and the channels file (pure)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import time

import pytest
from notify_support import demo_org_with_contacts

from dispatch.notifications import channels as ch
from dispatch.notifications.config import Bot, ChannelsError, parse_channels
from dispatch.scheduled import SWEEPS, register, run_due

NOW = dt.datetime(2026, 11, 23, 2, 0, tzinfo=dt.UTC)


def msg(**kw) -> ch.Message:
    base = {"message_id": "msg_1", "event": "action_item.assigned", "subject": "Stocktake",
            "body": "Due Fri 27 Nov", "link": "https://d.example/m/1", "lang": "en",
            "mentions": [{"staff": "zhangsan", "name": "张三",
                          "ids": {"feishu": "ou_z", "slack": "UZ", "dingtalk": "dz",
                                  "wecom": "wz"}},
                         {"staff": "lina", "name": "李娜", "ids": {}}]}
    base.update(kw)
    return ch.Message(**base)


def test_english_rendering_in_each_platform_names_people_without_an_id() -> None:
    f = ch.render("feishu", msg())
    assert f["card"]["elements"][1]["actions"][0]["text"]["content"] == "Open"
    assert "<at id=ou_z></at> @李娜" in f["card"]["elements"][0]["text"]["content"]
    d = ch.render("dingtalk", msg())
    assert d["at"]["atUserIds"] == ["dz"] and "@dz @李娜" in d["markdown"]["text"]
    assert "[Open](https://d.example/m/1)" in d["markdown"]["text"]
    assert "<@wz> @李娜" in ch.render("wecom", msg())["markdown"]["content"]
    s = ch.render("slack", msg(body="a <b> & c"))
    assert s["blocks"][1]["text"]["text"].startswith("a &lt;b&gt; &amp; c")
    w = ch.render("webhook", msg(), NOW)
    assert w["type"] == "action_item.assigned" and w["timestamp"] == "2026-11-23T02:00:00Z"
    assert w["data"]["message_id"] == "msg_1"
    with pytest.raises(ValueError):
        ch.render("fax", msg())


def test_wecom_is_cut_to_4096_bytes_keeping_mentions_and_link() -> None:
    body = ch.render("wecom", msg(body="长" * 5000))["markdown"]["content"]
    assert len(body.encode()) <= 4096
    assert body.rstrip().endswith("[Open](https://d.example/m/1)") and "<@wz>" in body


def test_digest_lists_every_item_with_its_link() -> None:
    items = [{"subject": f"item {i}", "body": f"b{i}", "link": f"https://d/{i}"}
             for i in range(3)]
    m = msg(event="digest", body="", items=items, lang="zh")
    for kind in ("feishu", "dingtalk", "wecom", "slack"):
        text = json.dumps(ch.render(kind, m), ensure_ascii=False)
        assert all(f"https://d/{i}" in text for i in range(3)), kind
    assert "item 2 <https://d/2>" in ch.plain_text(m)


def test_signatures_match_the_platforms_recipes() -> None:
    bot = Bot(key="k:feishu", kind="feishu", url="https://open.feishu.cn/hook/x", secret="s")
    url, headers, body = ch.build_request(bot, msg(), NOW)
    data = json.loads(body)
    ts = int(NOW.timestamp())
    want = base64.b64encode(hmac.new(f"{ts}\ns".encode(), b"", hashlib.sha256).digest())
    assert data["timestamp"] == str(ts) and data["sign"] == want.decode()
    ding = Bot(key="k:dingtalk", kind="dingtalk", url="https://oapi/robot/send?access_token=t",
               secret="SEC1")
    url, _, _ = ch.build_request(ding, msg(), NOW)
    assert url.startswith("https://oapi/robot/send?access_token=t&timestamp=")
    hook = Bot(key="k:webhook", kind="webhook", url="https://h/in",
               secret="whsec_" + base64.b64encode(b"k" * 24).decode())
    _, headers, body = ch.build_request(hook, msg(), NOW)
    signed = f"msg_1.{ts}.".encode() + body
    mac = base64.b64encode(hmac.new(b"k" * 24, signed, hashlib.sha256).digest()).decode()
    assert headers["webhook-signature"] == f"v1,{mac}" and headers["webhook-id"] == "msg_1"
    assert ch.verify_webhook(hook.secret, headers, body, now=NOW)
    assert not ch.verify_webhook(hook.secret, headers, body + b" ", now=NOW)
    assert not ch.verify_webhook(hook.secret, headers, body,
                                 now=NOW + dt.timedelta(minutes=6))  # replay window


@pytest.mark.parametrize(("kind", "status", "text", "ok", "throttled", "permanent"), [
    ("feishu", 200, '{"code":0,"msg":"success"}', True, False, False),
    ("feishu", 200, '{"StatusCode":0,"StatusMessage":"success"}', True, False, False),
    ("feishu", 200, '{"code":11232,"msg":"frequency limited"}', False, True, False),
    ("feishu", 200, '{"code":19024,"msg":"Key Words Not Found"}', False, False, True),
    ("dingtalk", 200, '{"errcode":310000,"errmsg":"sign not match"}', False, False, True),
    ("wecom", 200, '{"errcode":93000,"errmsg":"invalid webhook url"}', False, False, True),
    ("wecom", 200, "<html>", False, False, False),
    ("slack", 200, "ok", True, False, False),
    ("slack", 400, "invalid_payload", False, False, True),
    ("slack", 500, "rollup_error", False, False, False),
    ("webhook", 410, "gone", False, False, True),
    ("webhook", 408, "", False, False, False),
    ("webhook", 429, "", False, True, False),
])
def test_answers_are_classified_per_platform(kind, status, text, ok, throttled,
                                             permanent) -> None:
    out = ch.classify(kind, status, text, None)
    assert (out.ok, out.throttled, out.permanent) == (ok, throttled, permanent)


def test_retry_after_accepts_seconds_and_http_dates() -> None:
    assert ch.retry_after_seconds("12") == 12.0
    when = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=90)
    secs = ch.retry_after_seconds(time.strftime("%a, %d %b %Y %H:%M:%S GMT", when.timetuple()))
    assert 80 <= secs <= 91
    assert ch.retry_after_seconds("soon") is None and ch.retry_after_seconds(None) is None


def test_transport_errors_are_scrubbed_of_tokens_and_secrets(caplog, receiver) -> None:
    import logging

    import httpx

    caplog.set_level(logging.DEBUG)

    bot = Bot(key="k:slack", kind="slack", url="http://127.0.0.1:9/services/T/B/SECRETPATH",
              secret=None)
    with httpx.Client(timeout=1) as c:
        out = ch.deliver(msg(), bot, c, NOW)
    assert not out.ok and not out.permanent
    assert "SECRETPATH" not in (out.error or "")
    ok_bot = Bot(key="k:slack", kind="slack", url=receiver.url("slack", "T/B/SECRETPATH"))
    with httpx.Client(timeout=5) as c:
        assert ch.deliver(msg(), ok_bot, c, NOW).ok
    assert "SECRETPATH" not in caplog.text  # httpx would log the URL at INFO


def test_channels_file_errors_name_the_entry_and_org_urls_merge() -> None:
    org = demo_org_with_contacts()
    with pytest.raises(ChannelsError, match=r"departments.nope: no such department"):
        parse_channels({"departments": {"nope": [{"kind": "slack", "url": "https://x"}]}}, org)
    with pytest.raises(ChannelsError, match=r"default\[0\]: unknown kind 'fax'"):
        parse_channels({"default": [{"kind": "fax", "url": "https://x"}]})
    with pytest.raises(ChannelsError, match="url must start"):
        parse_channels({"default": {"kind": "slack", "url": "ftp://x"}})
    with pytest.raises(ChannelsError, match="smtp"):
        parse_channels({"smtp": {"port": 25}})
    # the org file names the bot URL, the channels file only its secret
    doc = org.model_dump(mode="json")
    doc["departments"][0]["contacts"] = {"feishu": "https://open.feishu.cn/hook/ORG"}
    from models.org import parse_org

    org2 = parse_org(doc)
    c = parse_channels({"departments": {"mkt": [{"kind": "feishu", "secret": "s3"}]}}, org2)
    bot = c.bots_for("mkt")[0]
    assert (bot.url, bot.secret) == ("https://open.feishu.cn/hook/ORG", "s3")
    assert "s3" not in json.dumps(c.public()) and "ORG" not in json.dumps(c.public())
    assert c.bots_for("hr") == ()  # no default configured


def test_scheduled_registry_runs_due_sweeps_and_survives_a_failing_one() -> None:
    calls: list[str] = []
    saved = dict(SWEEPS)
    SWEEPS.clear()  # only this test's sweeps
    register("test.ok", lambda f, now: calls.append("ok") or 3, every_s=60)

    def boom(f, now):
        raise RuntimeError("x")

    register("test.boom", boom, every_s=60)
    try:
        last: dict = {}
        got = run_due(None, NOW, last)
        assert got["test.ok"] == 3 and got["test.boom"] == -1
        assert "test.ok" not in run_due(None, NOW + dt.timedelta(seconds=30), last)
        assert run_due(None, NOW + dt.timedelta(seconds=61), last)["test.ok"] == 3
    finally:
        SWEEPS.clear()
        SWEEPS.update(saved)


def test_the_shipped_example_channels_file_is_valid_for_the_demo_org() -> None:
    from pathlib import Path

    from dispatch.notifications.config import load_channels

    example = Path(ch.__file__).with_name("channels.example.yaml")
    c = load_channels(example, demo_org_with_contacts())
    assert {b.kind for bs in c.departments.values() for b in bs} == {
        "feishu", "dingtalk", "wecom", "slack"}
    assert c.smtp is not None and c.smtp.starttls and c.default[0].kind == "webhook"
    with pytest.raises(ChannelsError, match="not found"):
        load_channels(example.with_name("missing.yaml"))
