# SPDX-License-Identifier: EUPL-1.2
"""The travel-document test data of ``tests/data/documents`` (see its SOURCES.md).

Rows are read at collection time so that each labelled case is its own test.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REAL_DATA

DOCUMENTS = REAL_DATA / "documents"
IMAGES = DOCUMENTS / "images" / "passporteye"


def rows(name: str) -> list[dict[str, Any]]:
    """The JSON lines of one data file (fails collection loudly when the data is missing)."""
    path = DOCUMENTS / name
    if not path.is_file():
        raise FileNotFoundError(f"test data missing: {path}")
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def cases(name: str, key: str = "id") -> list[Any]:
    """``rows(name)`` as pytest params named by ``key`` (or by position)."""
    return [
        pytest.param(row, id=str(row.get(key, i)) if key else str(i))
        for i, row in enumerate(rows(name))
    ]


def image_path(row: dict[str, Any]) -> Path:
    return IMAGES / str(row["file"])


def character_error_rate(read: list[str], truth: list[str]) -> float:
    """Levenshtein distance between the two MRZs (lines joined by newlines) / truth length."""
    a, b = "\n".join(read), "\n".join(truth)
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1] / max(len(b), 1)
