"""The apps: section of the channels file: the example parses, mistakes name the field and
never print a secret."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dispatch.chat.config import ChatConfigError, parse_apps
from dispatch.notifications import config as channels_config


def test_the_example_file_configures_all_three_and_hides_secrets():
    example = Path(channels_config.__file__).with_name("channels.example.yaml")
    apps = parse_apps(yaml.safe_load(example.read_text(encoding="utf-8")))
    assert sorted(apps.apps) == ["dingtalk", "feishu", "wecom"] and apps.max_skew_s == 300
    assert "your-app-secret" not in repr(apps)
    assert apps.app("feishu").get("base_url") == "https://open.feishu.cn"


@pytest.mark.parametrize("apps, words", [
    ({"feishu": {"app_id": "a", "app_secret": "s3cret"}}, "missing verification_token"),
    ({"wecom": {"corp_id": "c", "token": "t", "encoding_aes_key": "short"}}, "43 characters"),
    ({"slack": {}}, "use one of"),
    ({"dingtalk": "s3cret"}, "expected a mapping"),
    ({"max_skew_s": 1}, "seconds from 10"),
    ("s3cret", "expected a mapping"),
])
def test_mistakes_name_the_field_not_the_value(apps, words):
    with pytest.raises(ChatConfigError) as e:
        parse_apps({"apps": apps}, "ch.yaml")
    assert words in str(e.value) and "s3cret" not in str(e.value)


def test_lark_is_feishu_on_the_lark_host():
    apps = parse_apps({"apps": {"lark": {"app_id": "a", "app_secret": "b",
                                         "verification_token": "c"}}})
    assert apps.app("feishu").get("base_url") == "https://open.larksuite.com"
