# SPDX-License-Identifier: EUPL-1.2
"""The reader on phone-photo distortions of a shipped specimen (tilt, sideways, keystone,
blur, JPEG, shadow, low light, glare); per-distortion accuracy over all eight
ground-truth images is in bench/RESULTS.md (``bench/documents.py``)."""

from __future__ import annotations

from datetime import date

import pytest

from straitwatch.documents import OcrResult, read_mrz
from straitwatch.documents.distort import DISTORTIONS, distort
from tests.documents.conftest import image_path, rows

TODAY = date(2026, 6, 1)
SPECIMEN = next(
    row for row in rows("images/passporteye/MANIFEST.jsonl") if row["file"] == "100_pass-cze.jpg"
)


@pytest.fixture(scope="module")
def readings() -> dict[str, OcrResult]:
    page = image_path(SPECIMEN).read_bytes()
    return {
        name: read_mrz(distort(page, name), today=TODAY, engines=("rapidocr",))
        for name in DISTORTIONS
    }


def test_every_distortion_changes_the_image() -> None:
    page = image_path(SPECIMEN).read_bytes()
    photos = {distort(page, name) for name in DISTORTIONS}
    assert len(photos) == len(DISTORTIONS)
    assert distort(page, "low_light") == distort(page, "low_light")  # seeded: repeatable


def test_the_mrz_is_found_under_every_distortion(readings: dict[str, OcrResult]) -> None:
    for name, read in readings.items():
        assert read.found, name


def test_the_mrz_is_read_exactly_under_nearly_every_distortion(
    readings: dict[str, OcrResult],
) -> None:
    truth = tuple(SPECIMEN["ground_truth_mrz"])
    exact = [name for name, read in readings.items() if read.lines == truth]
    # Measured 8 of 8 for this specimen (bench/RESULTS.md has all eight images).
    assert len(exact) >= len(DISTORTIONS) - 1, exact
