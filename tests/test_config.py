"""Settings: read from STRAITWATCH_* variables; production refuses the default secret."""

from __future__ import annotations

import pytest

from straitwatch.config import DEFAULT_SECRET_KEY, Settings
from straitwatch.errors import ConfigurationError


def test_defaults_work_on_one_machine(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("STRAITWATCH_DATABASE_URL", raising=False)
    settings = Settings.load()
    assert settings.database_url == "sqlite:///var/straitwatch.db"
    assert settings.env == "development"


def test_environment_prefix_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRAITWATCH_DATABASE_URL", "postgresql://sw@127.0.0.1/sw")
    monkeypatch.setenv("STRAITWATCH_REORDER_WINDOW_S", "2.5")
    settings = Settings.load()
    assert settings.database_url == "postgresql://sw@127.0.0.1/sw"
    assert settings.reorder_window_s == 2.5


def test_production_refuses_the_default_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRAITWATCH_ENV", "production")
    monkeypatch.delenv("STRAITWATCH_SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="STRAITWATCH_SECRET_KEY"):
        Settings.load()
    monkeypatch.setenv("STRAITWATCH_SECRET_KEY", "x" * 48)
    assert Settings.load().secret_key != DEFAULT_SECRET_KEY


def test_bad_values_name_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRAITWATCH_ENV", "staging")
    with pytest.raises(ConfigurationError, match="STRAITWATCH_ENV"):
        Settings.load()


def test_production_cli_start_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from straitwatch.cli import context
    from straitwatch.cli.main import main

    monkeypatch.setenv("STRAITWATCH_ENV", "production")
    monkeypatch.delenv("STRAITWATCH_SECRET_KEY", raising=False)
    context.settings.cache_clear()
    context.engine.cache_clear()
    try:
        assert main(["agencies", "list"]) == 2
    finally:
        context.settings.cache_clear()
        context.engine.cache_clear()
    assert "production refuses to start" in capsys.readouterr().err
