"""The app bots' credentials: the ``apps:`` section of the channels file.

They sit beside the group bots' secrets (one file, mode 600, never in the database, logs or
API answers)::

    apps:
      feishu:                 # 飞书/Lark 应用: 事件订阅 + 卡片回传交互
        app_id: cli_a1b2c3
        app_secret: …
        verification_token: … # 事件订阅 → Verification Token
        encrypt_key: …        # 事件订阅 → Encrypt Key (on: bodies are AES-256-CBC)
        base_url: https://open.feishu.cn   # https://open.larksuite.com for Lark
      dingtalk:               # 钉钉企业内部机器人 (HTTP 模式)
        app_secret: …         # checks the `sign` header
        app_key: ding…        # with agent_id: 工作通知 to one person (gettoken)
        agent_id: 123456789
        base_url: https://oapi.dingtalk.com
      wecom:                  # 企业微信自建应用 → 接收消息
        corp_id: ww…
        token: …
        encoding_aes_key: …   # 43 characters
        secret: …             # with agent_id: 应用消息 to one person (gettoken)
        agent_id: 1000002
        base_url: https://qyapi.weixin.qq.com
      max_skew_s: 300         # older (or future) timestamps are refused as replays

A platform without a section answers 401: no delivery can prove itself. A platform whose
section also holds the sending credentials (Feishu: app_id + app_secret; DingTalk: app_key +
agent_id; WeCom: secret + agent_id) gets personal action messages as direct app messages
(dispatch.notifications.apps); the base URLs exist so tests can point them at a loopback
server.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PLATFORMS = ("feishu", "dingtalk", "wecom")
_FIELDS = {
    "feishu": (("app_id", "app_secret", "verification_token"), ("encrypt_key", "base_url")),
    "dingtalk": (("app_secret",), ("app_key", "agent_id", "base_url")),
    "wecom": (("corp_id", "token", "encoding_aes_key"), ("agent_id", "secret", "base_url")),
}
DEFAULT_BASE = {"feishu": "https://open.feishu.cn", "dingtalk": "https://oapi.dingtalk.com",
                "wecom": "https://qyapi.weixin.qq.com"}
# what sending a direct message through the app needs, beyond the section itself
SEND_FIELDS = {"feishu": ("app_id", "app_secret"), "dingtalk": ("app_key", "agent_id"),
               "wecom": ("secret", "agent_id")}


class ChatConfigError(ValueError):
    """A broken ``apps:`` section: names the file and the field (never its value)."""


@dataclass(frozen=True)
class App:
    platform: str
    values: dict[str, str] = field(repr=False)  # secrets: never printed

    def get(self, name: str) -> str:
        return self.values.get(name, "")

    def can_send(self) -> bool:
        """Whether direct messages to a person can go through this app."""
        return all(self.values.get(f) for f in SEND_FIELDS[self.platform])


@dataclass(frozen=True)
class ChatApps:
    apps: dict[str, App] = field(default_factory=dict)
    max_skew_s: int = 300

    def app(self, platform: str) -> App | None:
        return self.apps.get(platform)


def parse_apps(data: Any, file: str = "<channels>") -> ChatApps:
    raw = (data or {}).get("apps") if isinstance(data, dict) else None
    if raw is None:
        return ChatApps()
    if not isinstance(raw, dict):
        raise ChatConfigError(f"{file}: apps: expected a mapping of platform to credentials")
    apps: dict[str, App] = {}
    for name, conf in raw.items():
        if name == "max_skew_s":
            continue
        platform = "feishu" if name == "lark" else str(name)
        if platform not in PLATFORMS:
            raise ChatConfigError(f"{file}: apps.{name}: use one of feishu, lark, dingtalk, "
                                  "wecom")
        if not isinstance(conf, dict):
            raise ChatConfigError(f"{file}: apps.{name}: expected a mapping")
        need, optional = _FIELDS[platform]
        missing = [f for f in need if not conf.get(f)]
        if missing:
            raise ChatConfigError(f"{file}: apps.{name}: missing {', '.join(missing)}")
        values = {f: str(conf[f]) for f in need + optional if conf.get(f)}
        if platform in DEFAULT_BASE:
            values.setdefault("base_url", DEFAULT_BASE[platform]
                              if name != "lark" else "https://open.larksuite.com")
        if not values.get("base_url", "http").startswith(("http://", "https://")):
            raise ChatConfigError(f"{file}: apps.{name}.base_url: must start with http:// "
                                  "or https://")
        if values.get("agent_id") and not values["agent_id"].isdigit():
            raise ChatConfigError(f"{file}: apps.{name}.agent_id: must be a number")
        if platform == "wecom" and len(values["encoding_aes_key"]) != 43:
            raise ChatConfigError(f"{file}: apps.{name}.encoding_aes_key: must be 43 "
                                  "characters")
        apps[platform] = App(platform, values)
    skew = raw.get("max_skew_s", 300)
    if isinstance(skew, bool) or not isinstance(skew, int) or not 10 <= skew <= 86400:
        raise ChatConfigError(f"{file}: apps.max_skew_s: seconds from 10 to 86400")
    return ChatApps(apps, skew)


_cache: dict[tuple[str, float], ChatApps] = {}


def load_apps(path: Path | None) -> ChatApps:
    """The ``apps:`` of the channels file at ``path`` (re-read when it changes)."""
    if path is None or not Path(path).exists():
        return ChatApps()
    key = (str(path), Path(path).stat().st_mtime)
    if key not in _cache:
        try:
            data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        except yaml.YAMLError as e:
            raise ChatConfigError(f"{path}: bad YAML: {getattr(e, 'problem', e)}") from None
        _cache.clear()
        _cache[key] = parse_apps(data, str(path))
    return _cache[key]
