# SPDX-License-Identifier: EUPL-1.2
"""Settings: read from STRAITWATCH_* variables; the default environment is the strict one;
keys are generated per installation (mode 0600) and the published key is refused."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from straitwatch.config import DEFAULT_SECRET_KEY, Settings
from straitwatch.errors import ConfigurationError


@pytest.fixture(autouse=True)
def _data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("ENV", "SECRET_KEY", "AUDIT_KEY", "DATABASE_URL", "AUDIT_CHECKPOINTS"):
        monkeypatch.delenv(f"STRAITWATCH_{name}", raising=False)
    monkeypatch.setenv("STRAITWATCH_DATA_DIR", str(tmp_path / "var"))


def test_defaults_work_on_one_machine(tmp_path: Path) -> None:
    settings = Settings.load()
    assert settings.database_url == "sqlite:///var/straitwatch.db"
    assert settings.env == "production"  # the strict one, unless told otherwise
    assert settings.secret_key and settings.secret_key != DEFAULT_SECRET_KEY
    assert settings.audit_key and settings.audit_key != settings.secret_key
    key_file = tmp_path / "var" / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert key_file.read_text().strip() == settings.secret_key
    # The same installation keeps its key (sessions survive a restart).
    assert Settings.load().secret_key == settings.secret_key
    assert settings.audit_checkpoints == tmp_path / "var" / "audit-checkpoints.jsonl"


def test_two_installations_get_different_keys(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = Settings.load().session_secret()
    monkeypatch.setenv("STRAITWATCH_DATA_DIR", str(tmp_path / "other"))
    assert Settings.load().session_secret() != first


def test_a_key_file_others_can_read_is_refused(tmp_path: Path) -> None:
    Settings.load()
    (tmp_path / "var" / "secret_key").chmod(0o644)
    with pytest.raises(ConfigurationError, match="chmod 600"):
        Settings.load()


def test_environment_prefix_is_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRAITWATCH_DATABASE_URL", "postgresql://sw@127.0.0.1/sw")
    monkeypatch.setenv("STRAITWATCH_REORDER_WINDOW_S", "2.5")
    settings = Settings.load()
    assert settings.database_url == "postgresql://sw@127.0.0.1/sw"
    assert settings.reorder_window_s == 2.5


@pytest.mark.parametrize("env", ["production", "development"])
def test_the_published_key_is_refused_outside_tests(
    monkeypatch: pytest.MonkeyPatch, env: str
) -> None:
    monkeypatch.setenv("STRAITWATCH_ENV", env)
    monkeypatch.setenv("STRAITWATCH_SECRET_KEY", DEFAULT_SECRET_KEY)
    with pytest.raises(ConfigurationError, match="STRAITWATCH_SECRET_KEY"):
        Settings.load()
    monkeypatch.setenv("STRAITWATCH_SECRET_KEY", "x" * 48)
    assert Settings.load().secret_key == "x" * 48
    monkeypatch.setenv("STRAITWATCH_ENV", "test")
    monkeypatch.setenv("STRAITWATCH_SECRET_KEY", DEFAULT_SECRET_KEY)
    assert Settings.load().session_secret() == DEFAULT_SECRET_KEY


def test_production_refuses_a_short_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRAITWATCH_AUDIT_KEY", "short")
    with pytest.raises(ConfigurationError, match="STRAITWATCH_AUDIT_KEY"):
        Settings.load()


def test_bad_values_name_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STRAITWATCH_ENV", "staging")
    with pytest.raises(ConfigurationError, match="STRAITWATCH_ENV"):
        Settings.load()


def test_cli_start_with_the_published_key_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from straitwatch.cli import context
    from straitwatch.cli.main import main

    monkeypatch.setenv("STRAITWATCH_SECRET_KEY", DEFAULT_SECRET_KEY)
    context.settings.cache_clear()
    context.engine.cache_clear()
    try:
        assert main(["agencies", "list"]) == 2
    finally:
        context.settings.cache_clear()
        context.engine.cache_clear()
    assert "published development key" in capsys.readouterr().err
