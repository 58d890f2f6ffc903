# SPDX-License-Identifier: EUPL-1.2
"""Run the ``straitwatch`` command in-process against a temporary store."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from straitwatch.cli import context
from straitwatch.cli.main import main


@dataclass
class Result:
    code: int
    out: str
    err: str


Cli = Callable[..., Result]


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """``cli("users", "list")`` runs the command with its own SQLite store; ``stdin=`` feeds input."""
    monkeypatch.setenv("STRAITWATCH_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.chdir(tmp_path)

    def run(*argv: str, stdin: str = "") -> Result:
        context.settings.cache_clear()
        context.engine.cache_clear()
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run
