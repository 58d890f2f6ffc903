# SPDX-License-Identifier: EUPL-1.2
"""Fixtures for flows: the real published files, parsed once per session."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.conftest import REAL_DATA

from straitwatch.cli import context
from straitwatch.cli.main import main
from straitwatch.flows.dataset import FlowsDataset
from straitwatch.flows.sources import ParsedSource, bundled_sources, parse_source

WORKBOOK = "homeoffice_small_boats_time_series_2026-08-21.ods"


@pytest.fixture(scope="session")
def flows_dir() -> Path:
    """``tests/data/flows`` (real published data; see its SOURCES.md)."""
    return REAL_DATA / "flows"


@pytest.fixture(scope="session")
def bundled() -> list[ParsedSource]:
    """The data straitwatch ships, parsed (about two seconds, so once per session)."""
    return [parse_source(p) for p in bundled_sources()]


@pytest.fixture(scope="session")
def dataset(bundled: list[ParsedSource]) -> FlowsDataset:
    return FlowsDataset.from_sources(bundled)


@dataclass
class Result:
    code: int
    out: str
    err: str


Cli = Callable[..., Result]


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    """``cli("flows", "stats")`` runs the command in-process on its own SQLite store."""
    monkeypatch.setenv("STRAITWATCH_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.chdir(tmp_path)

    def run(*argv: str) -> Result:
        context.settings.cache_clear()
        context.engine.cache_clear()
        monkeypatch.setattr(sys, "stdin", io.StringIO(""))
        code = main(list(argv))
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return run
