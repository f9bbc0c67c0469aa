"""Issue 16, defect 13: request text reaches group chats as text. Feishu lark_md,
DingTalk and WeCom markdown get no @-all mention and no disguised link from it; our own
mentions and links still work."""

from __future__ import annotations

from dispatch.notifications import channels as ch

EVIL = ("请处理 <at id=all></at> <@all> [点此领取奖金](https://evil.example/login) "
        "![x](https://evil.example/p.png) 谢谢")


def _msg(**kw) -> ch.Message:
    return ch.Message(message_id="msg_1", event="request.routed", subject="需求 <at id=all></at>",
                      body=EVIL, link="https://dispatch.example/requests/7",
                      mentions=[{"staff": "zhangsan", "name": "张三",
                                 "ids": {"feishu": "ou_z", "wecom": "zs", "dingtalk": "d_z"}}],
                      **kw)


def _digest() -> ch.Message:
    return _msg(items=[{"subject": "[钓鱼](https://evil.example)", "body": EVIL,
                        "link": "https://dispatch.example/requests/8"}])


def _assert_clean(text: str) -> None:
    assert "<at id=all>" not in text and "<@all>" not in text
    assert "](https://evil" not in text
    assert "点此领取奖金" in text and "evil.example" in text  # shown, as plain text


def test_d13_feishu_lark_md_escapes_request_text() -> None:
    for msg in (_msg(), _digest()):
        card = ch.render_feishu(msg)
        content = card["card"]["elements"][0]["text"]["content"]
        _assert_clean(content)
        assert "<at id=ou_z></at>" in content


def test_d13_dingtalk_markdown_escapes_request_text() -> None:
    for msg in (_msg(), _digest()):
        body = ch.render_dingtalk(msg)
        _assert_clean(body["markdown"]["text"])
        assert "@d_z" in body["markdown"]["text"]
        assert "](https://dispatch.example/requests/7)" in body["markdown"]["text"]
        assert body["at"] == {"atUserIds": ["d_z"], "isAtAll": False}


def test_d13_wecom_markdown_escapes_request_text() -> None:
    for msg in (_msg(), _digest()):
        content = ch.render_wecom(msg)["markdown"]["content"]
        _assert_clean(content)
        assert "<@zs>" in content
        assert "](https://dispatch.example/requests/7)" in content
