"""Where messages go and how the worker behaves: settings and the channels file.

Settings (environment, ``DISPATCH_`` prefix, or ``.env``):

- ``DISPATCH_CHANNELS_FILE``: a YAML file with the group bots and SMTP (secrets live here,
  never in the database, logs or API answers)::

      default:                      # where a department without a bot of its own goes
        - {kind: webhook, url: https://hooks.example/dispatch, secret: whsec_MfKQ9r8G…}
      departments:
        mkt:
          - {kind: feishu, url: https://open.feishu.cn/open-apis/bot/v2/hook/…, secret: …}
        logistics:
          - {kind: dingtalk, url: https://oapi.dingtalk.com/robot/send?access_token=…,
             secret: SEC…}
      smtp: {host: smtp.example.com, port: 587, starttls: true, sender: dispatch@example.com,
             username: dispatch, password: …}
      email: true                   # also e-mail each recipient who has an address

  A department may instead name its bot in the org file (non-secret part only):
  ``contacts: {feishu: https://open.feishu.cn/…/hook/…}``; its secret then comes from the
  channels file entry of the same department and kind (``{kind: feishu, secret: …}``).
- ``DISPATCH_PUBLIC_BASE_URL``: how people reach the web app; links in messages start here.
- ``DISPATCH_NOTIFY_*``: retry and lease tuning (see
  :class:`dispatch.settings.NotificationSettings`).

Kinds: ``feishu`` (also ``lark``), ``dingtalk``, ``wecom``, ``slack``, ``webhook``
(Standard Webhooks), and e-mail through ``smtp``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from dispatch.settings import NotificationSettings
from models.org import Org

BOT_KINDS = ("feishu", "lark", "dingtalk", "wecom", "slack", "webhook")

# Per-bot limits as (per second, per minute); None = not limited by the platform.
RATE_LIMITS: dict[str, tuple[int | None, int | None]] = {
    "feishu": (5, 100), "lark": (5, 100), "dingtalk": (None, 20), "wecom": (None, 20),
    "slack": (1, None), "webhook": (None, None), "email": (None, None),
    # direct app messages: the destination is one person (Feishu: 5/s to one user)
    "feishu_app": (5, None), "dingtalk_app": (None, None), "wecom_app": (None, None),
}


# The push section of the one Settings object (dispatch.settings): the same fields.
NotifySettings = NotificationSettings


class ChannelsError(ValueError):
    """A broken channels file: names the file, the entry and the problem."""


@dataclass(frozen=True)
class Bot:
    """One group bot / webhook. ``key`` names it in the outbox; url and secret stay here."""

    key: str
    kind: str
    url: str = field(repr=False)  # tokens live in webhook URLs
    secret: str | None = field(default=None, repr=False)
    name: str = ""

    def public(self) -> dict[str, Any]:
        """What may be shown: kind, key, host; never the path (tokens) or the secret."""
        return {"key": self.key, "kind": self.kind, "name": self.name,
                "host": urlsplit(self.url).hostname, "signed": bool(self.secret)}


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int = 25
    sender: str = "dispatch@localhost"
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    starttls: bool = False
    ssl: bool = False


@dataclass(frozen=True)
class Channels:
    """The resolved destinations: bots by department, default bots, SMTP."""

    default: tuple[Bot, ...] = ()
    departments: dict[str, tuple[Bot, ...]] = field(default_factory=dict)
    smtp: Smtp | None = None
    email: bool = True

    def bots_for(self, department: str | None) -> tuple[Bot, ...]:
        """The department's own bots, else the default ones."""
        if department and self.departments.get(department):
            return self.departments[department]
        return self.default

    def bot(self, key: str) -> Bot | None:
        for b in (*self.default, *(b for bs in self.departments.values() for b in bs)):
            if b.key == key:
                return b
        return None

    def public(self) -> dict[str, Any]:
        return {"default": [b.public() for b in self.default],
                "departments": {d: [b.public() for b in bs] for d, bs in self.departments.items()},
                "smtp": {"host": self.smtp.host, "port": self.smtp.port} if self.smtp else None,
                "email": self.email}


def _bot(raw: Any, key: str, where: str, fallback_url: str | None = None) -> Bot:
    if not isinstance(raw, dict):
        raise ChannelsError(f"{where}: expected a mapping with kind, url, secret")
    kind = str(raw.get("kind") or "").lower()
    if kind not in BOT_KINDS:
        raise ChannelsError(f"{where}: unknown kind {kind!r}; use one of {', '.join(BOT_KINDS)}")
    url = str(raw.get("url") or fallback_url or "")
    if not url.startswith(("http://", "https://")):
        raise ChannelsError(f"{where}: url must start with http:// or https://")
    secret = raw.get("secret")
    return Bot(key=f"{key}:{kind}", kind=kind, url=url,
               secret=str(secret) if secret else None, name=str(raw.get("name") or ""))


def parse_channels(data: Any, org: Org | None = None, file: str = "<channels>") -> Channels:
    """Validate a channels document (already parsed) and merge the org file's bot URLs."""
    data = data or {}
    if not isinstance(data, dict):
        raise ChannelsError(f"{file}: expected a mapping with default, departments, smtp")
    default = tuple(_bot(b, f"default{i}" if i else "default", f"{file}: default[{i}]")
                    for i, b in enumerate(_as_list(data.get("default"))))
    depts: dict[str, tuple[Bot, ...]] = {}
    raw_depts = data.get("departments") or {}
    if not isinstance(raw_depts, dict):
        raise ChannelsError(f"{file}: departments: expected a mapping of department id to bots")
    org_urls: dict[str, dict[str, str]] = {}
    if org is not None:
        for d in org.departments:
            urls = {k.lower(): str(v) for k, v in (d.contacts or {}).items()
                    if k.lower() in BOT_KINDS and isinstance(v, str)}
            if urls:
                org_urls[d.id] = urls
    for did, bots in raw_depts.items():
        if org is not None and not org.has_department(str(did)):
            raise ChannelsError(f"{file}: departments.{did}: no such department in the org")
        out = []
        for i, b in enumerate(_as_list(bots)):
            kind = str(b.get("kind") or "").lower() if isinstance(b, dict) else ""
            out.append(_bot(b, f"dept:{did}" + (f"{i}" if i else ""),
                            f"{file}: departments.{did}[{i}]",
                            org_urls.get(str(did), {}).get(kind)))
        depts[str(did)] = tuple(out)
    for did, urls in org_urls.items():  # bots named only in the org file (no secret)
        have = {b.kind for b in depts.get(did, ())}
        extra = tuple(Bot(key=f"dept:{did}:{k}", kind=k, url=u)
                      for k, u in urls.items() if k not in have)
        if extra:
            depts[did] = depts.get(did, ()) + extra
    smtp = None
    if data.get("smtp"):
        s = data["smtp"]
        if not isinstance(s, dict) or not s.get("host"):
            raise ChannelsError(f"{file}: smtp: expected a mapping with at least host")
        smtp = Smtp(host=str(s["host"]), port=int(s.get("port") or 25),
                    sender=str(s.get("sender") or "dispatch@localhost"),
                    username=s.get("username"), password=s.get("password"),
                    starttls=bool(s.get("starttls")), ssl=bool(s.get("ssl")))
    return Channels(default=default, departments=depts, smtp=smtp,
                    email=bool(data.get("email", True)))


def _as_list(v: Any) -> list[Any]:
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def load_channels(path: Path | None, org: Org | None = None) -> Channels:
    """The channels file at ``path`` (None: only what the org file names)."""
    if path is None:
        return parse_channels({}, org)
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ChannelsError(f"{path}: channels file not found") from None
    except yaml.YAMLError as e:
        raise ChannelsError(f"{path}: bad YAML: {getattr(e, 'problem', e)}") from None
    return parse_channels(data, org, str(path))
