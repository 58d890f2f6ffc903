"""One typed settings object, read once at the edge (CLI entry, server start) and passed down.

Every setting comes from an ``STRAITWATCH_``-prefixed environment variable (or ``.env``):

>>> s = Settings(database_url="sqlite:///var/test.db")
>>> s.env
'development'

``Settings.load()`` is the only place that reads the environment; it refuses a production
configuration that still carries the default secret key.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from straitwatch.errors import ConfigurationError

__all__ = ["DEFAULT_SECRET_KEY", "Settings"]

DEFAULT_SECRET_KEY = "dev-only-insecure-secret-key-change-me"  # noqa: S105 - a marker, refused in production


class Settings(BaseSettings):
    """Runtime configuration of every straitwatch process."""

    model_config = SettingsConfigDict(
        env_prefix="STRAITWATCH_", env_file=".env", extra="ignore", frozen=True
    )

    env: Literal["development", "test", "production"] = "development"
    database_url: str = "sqlite:///var/straitwatch.db"
    secret_key: str = DEFAULT_SECRET_KEY
    bus_url: str | None = Field(
        default=None, description="nats://host:port for NATS JetStream; None = in-process bus"
    )
    data_dir: Path = Path("var")
    token_default_days: int = 90
    login_max_failures: int = 5
    login_lockout_s: int = 900
    session_max_age_s: int = 12 * 3600
    reorder_window_s: float = 5.0
    distress_escalation_s: int = 120
    attachment_max_bytes: int = 10 * 1024 * 1024
    max_requests_in_flight: int = Field(
        default=32, ge=1, description="HTTP requests served at once; more get 503 + Retry-After"
    )

    @classmethod
    def load(cls, **overrides: object) -> Settings:
        """Read the environment once, validate, and refuse unsafe production settings."""
        try:
            settings = cls(**overrides)  # type: ignore[arg-type]
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"])
            raise ConfigurationError(
                f"setting STRAITWATCH_{field.upper()}: {first['msg']}"
            ) from exc
        settings.check()
        return settings

    def check(self) -> None:
        """Raise :class:`ConfigurationError` where a setting must not be used."""
        if self.env == "production":
            if self.secret_key == DEFAULT_SECRET_KEY or len(self.secret_key) < 32:
                raise ConfigurationError(
                    "production refuses to start: STRAITWATCH_SECRET_KEY is the default or "
                    "shorter than 32 characters"
                )
            if self.database_url.startswith("sqlite") and ":memory:" in self.database_url:
                raise ConfigurationError("production refuses an in-memory database")
