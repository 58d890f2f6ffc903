# SPDX-License-Identifier: EUPL-1.2
"""One typed settings object, read once at the edge (CLI entry, server start) and passed down.

Every setting comes from an ``STRAITWATCH_``-prefixed environment variable (or ``.env``):

>>> s = Settings(database_url="sqlite:///var/test.db")
>>> s.env
'production'

``Settings.load()`` is the only place that reads the environment. The default environment
is ``production``, the strict one. The keys that sign session cookies and seal the audit
chain come from ``STRAITWATCH_SECRET_KEY`` / ``STRAITWATCH_AUDIT_KEY``, or else are generated
once per installation under ``data_dir`` (mode 0600). The published development key is
refused everywhere but in tests.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from straitwatch.errors import ConfigurationError
from straitwatch.keyfile import installation_key

__all__ = ["DEFAULT_SECRET_KEY", "Settings"]

DEFAULT_SECRET_KEY = "dev-only-insecure-secret-key-change-me"  # noqa: S105 - a marker, refused outside tests


class Settings(BaseSettings):
    """Runtime configuration of every straitwatch process."""

    model_config = SettingsConfigDict(
        env_prefix="STRAITWATCH_", env_file=".env", extra="ignore", frozen=True
    )

    env: Literal["development", "test", "production"] = "production"
    database_url: str = "sqlite:///var/straitwatch.db"
    secret_key: str | None = Field(
        default=None, description="signs session cookies; None = generated under data_dir"
    )
    audit_key: str | None = Field(
        default=None, description="seals the audit chain (HMAC); None = generated under data_dir"
    )
    audit_checkpoints: Path | None = Field(
        default=None,
        description="signed audit checkpoints (JSON lines) outside the store; "
        "None = data_dir/audit-checkpoints.jsonl (tests: none)",
    )
    bus_url: str | None = Field(
        default=None, description="nats://host:port for NATS JetStream; None = in-process bus"
    )
    data_dir: Path = Path("var")
    token_default_days: int = 90
    login_client_attempts_per_min: int = 20
    login_failures_per_client_account: int = 5
    login_failures_per_account_hour: int = 50
    session_max_age_s: int = 12 * 3600
    stream_recheck_s: float = 5.0
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
        if settings.env != "test":
            update: dict[str, object] = {}
            if settings.secret_key is None:
                update["secret_key"] = installation_key(settings.data_dir / "secret_key")
            if settings.audit_key is None:
                update["audit_key"] = installation_key(settings.data_dir / "audit_key")
            if settings.audit_checkpoints is None:
                update["audit_checkpoints"] = settings.data_dir / "audit-checkpoints.jsonl"
            settings = settings.model_copy(update=update)
        return settings

    def session_secret(self) -> str:
        """The key that signs session cookies (tests may leave it to the published one)."""
        if self.secret_key is not None:
            return self.secret_key
        if self.env == "test":
            return DEFAULT_SECRET_KEY
        raise ConfigurationError("no secret key: use Settings.load(), which generates one")

    def audit_secret(self) -> bytes:
        """The key that seals the audit chain (tests may leave it to the published one)."""
        if self.audit_key is not None:
            return self.audit_key.encode()
        if self.env == "test":
            return DEFAULT_SECRET_KEY.encode()
        raise ConfigurationError("no audit key: use Settings.load(), which generates one")

    def check(self) -> None:
        """Raise :class:`ConfigurationError` where a setting must not be used."""
        for name, key in (("SECRET_KEY", self.secret_key), ("AUDIT_KEY", self.audit_key)):
            if key is None:
                continue
            if key == DEFAULT_SECRET_KEY and self.env != "test":
                raise ConfigurationError(
                    f"refusing to start: STRAITWATCH_{name} is the published development key "
                    "(leave it unset to have one generated for this installation)"
                )
            if len(key) < 32 and self.env == "production":
                raise ConfigurationError(
                    f"production refuses to start: STRAITWATCH_{name} is shorter than 32 characters"
                )
        if self.env == "production" and (
            self.database_url.startswith("sqlite") and ":memory:" in self.database_url
        ):
            raise ConfigurationError("production refuses an in-memory database")
