# SPDX-License-Identifier: EUPL-1.2
"""Reading the MRZ from a photo or scan of a document's data page.

:func:`read_mrz` first reads the page with the ONNX models packaged with RapidOCR
(:mod:`.rapid_read`: line detection at any angle, characters chosen under the ICAO rules
from the model's own alternatives). When the models read no MRZ at all, the Tesseract
path runs as well and the better reading is kept (where the models read an MRZ whose check
digits fail, Tesseract never read it better in ``bench/documents.py``, so it is not run:
it would only cost time). The Tesseract path finds
candidate MRZ regions (:mod:`.region`), reads each with Tesseract
(:mod:`.tesseract`) in a few preparations — two scales, a taller crop for a TD1 line the
finder missed, a thresholded copy — and keeps the first reading that is valid once the
proposed OCR corrections are applied, or else the best one (readable, then most check
digits right). The lines read are then
checked by :func:`~straitwatch.documents.mrz.check_mrz`, whose result is returned as is:
corrections stay proposals.

>>> result = read_mrz(Path("passport.jpg").read_bytes(), today=date(2026, 1, 1))  # doctest: +SKIP
>>> result.lines, result.result.valid                                              # doctest: +SKIP
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from PIL import Image, ImageOps, UnidentifiedImageError

from straitwatch.documents.choose import Uncertain
from straitwatch.documents.mrz import check_mrz
from straitwatch.documents.rapid import RapidEngine
from straitwatch.documents.rapid_read import read_page
from straitwatch.documents.region import Box, find_mrz_regions
from straitwatch.documents.result import MrzResult
from straitwatch.documents.tesseract import TesseractEngine
from straitwatch.documents.text import mrz_lines_from_text
from straitwatch.errors import InvalidInput

__all__ = ["ENGINES", "OcrResult", "load_page", "read_mrz"]

ENGINES = ("rapidocr", "tesseract")
"""The OCR engines, in the order they are tried."""

MAX_READINGS = 8
"""Tesseract runs one image may cost at most (each ~0.1-0.5 s)."""


@dataclass(frozen=True, slots=True)
class OcrResult:
    """The MRZ read from an image: the lines, where they were, and their check.

    ``result`` is None when no MRZ could be read (no region, or no text of MRZ shape).
    ``notes`` lists every change made to the OCR text to get the lines (spaces removed,
    a line padded...), so nothing is altered silently.
    """

    lines: tuple[str, ...]
    result: MrzResult | None
    region: Box | None = None
    raw_text: str = ""
    notes: tuple[str, ...] = ()
    readings: int = 0
    method: str = ""
    uncertain: tuple[Uncertain, ...] = ()
    _score: tuple[int, ...] = field(default=(-1,), repr=False, compare=False)

    @property
    def found(self) -> bool:
        return self.result is not None and self.result.readable

    def to_dict(self) -> dict[str, Any]:
        return {
            "lines": list(self.lines),
            "region": self.region.to_dict() if self.region else None,
            "notes": list(self.notes),
            "readings": self.readings,
            "method": self.method,
            "engine": self.method.split(":")[0].split("|")[0] or None,
            "uncertain": [u.to_dict() for u in self.uncertain],
            "result": self.result.to_dict() if self.result else None,
        }


def _load(image: bytes | str | Path) -> NDArray[np.uint8]:
    """The image as RGB (H×W×3, 0..255), upright per its EXIF orientation."""
    where = str(image) if isinstance(image, str | Path) else "uploaded image"
    try:
        source = io.BytesIO(image) if isinstance(image, bytes) else Path(image)
        with Image.open(source) as opened:
            picture = ImageOps.exif_transpose(opened)
            if picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info:
                picture = picture.convert("RGBA")
                ground = Image.new("RGBA", picture.size, "white")
                picture = Image.alpha_composite(ground, picture)
            return np.asarray(picture.convert("RGB"), dtype=np.uint8)
    except FileNotFoundError as exc:
        raise InvalidInput("no such file", where=where) from exc
    except (UnidentifiedImageError, Image.DecompressionBombError) as exc:
        raise InvalidInput(f"not a readable image: {exc}", where=where) from exc
    except OSError as exc:
        raise InvalidInput(f"cannot read the image: {exc}", where=where) from exc


def load_page(image: bytes | str | Path) -> NDArray[np.uint8]:
    """The page as RGB, upright (see :func:`read_mrz`); bad input is :class:`InvalidInput`."""
    return _load(image)


def _png(gray: NDArray[np.float64]) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(np.clip(gray * 255 + 0.5, 0, 255).astype(np.uint8)).save(buffer, "PNG")
    return buffer.getvalue()


def _crop(
    gray: NDArray[np.float64], box: Box, char_height_px: int, *, taller: bool
) -> NDArray[np.float64]:
    top, bottom = box.top, box.bottom
    if taller:  # one more line pitch each way: TD1's first line often escapes the finder
        pitch = int(2.2 * box.line_height_px)
        top, bottom = max(0, top - pitch), min(gray.shape[0], bottom + pitch)
    crop = gray[top:bottom, box.left : box.right]
    scale = char_height_px / max(box.line_height_px, 1.0)
    size = (max(1, round(crop.shape[1] * scale)), max(1, round(crop.shape[0] * scale)))
    resized = Image.fromarray(np.clip(crop * 255, 0, 255).astype(np.uint8)).resize(
        size, Image.Resampling.LANCZOS
    )
    return np.asarray(resized, dtype=np.float64) / 255.0


def _threshold(gray: NDArray[np.float64]) -> NDArray[np.float64]:
    """Black text on white, cut halfway between the ink and the paper."""
    ink, paper = np.percentile(gray, [5, 60])
    cut: NDArray[np.float64] = (gray > (ink + paper) / 2).astype(np.float64)
    return cut


def _preparations() -> Iterator[tuple[str, int, bool, bool]]:
    """(name, line height px, taller crop, thresholded), in the order they are tried."""
    yield "scaled(32)", 32, False, False
    yield "scaled(40)", 40, False, False
    yield "threshold(scaled(32))", 32, False, True
    yield "taller(scaled(32))", 32, True, False
    yield "scaled(26)", 26, False, False
    yield "scaled(48)", 48, False, False


def _score(result: MrzResult, today: date) -> tuple[int, ...]:
    """Readable first, then valid once the proposed corrections are applied, then more
    check digits right and fewer errors."""
    if not result.readable:
        return (0,)
    corrected = check_mrz(result.corrected_lines(), today=today) if result.corrections else result
    right = sum(report.ok for report in corrected.check_digits)
    return (1, int(corrected.valid), right, -len(corrected.errors), -len(result.corrections))


def read_mrz(
    image: bytes | str | Path,
    *,
    today: date,
    engine: TesseractEngine | None = None,
    models: RapidEngine | None = None,
    engines: tuple[str, ...] = ENGINES,
) -> OcrResult:
    """Find and read the MRZ in ``image`` (file bytes or a path), then check it as of ``today``.

    ``engines`` names which readers run, in order (see :data:`ENGINES`); Tesseract runs
    only when no MRZ has been read so far (see module doc).
    """
    unknown = set(engines) - set(ENGINES)
    if unknown or not engines:
        raise InvalidInput(f"unknown OCR engine {sorted(unknown)}; known: {list(ENGINES)}")
    rgb = _load(image)
    if min(rgb.shape[:2]) < 32:
        raise InvalidInput(f"image too small to hold an MRZ ({rgb.shape[1]}×{rgb.shape[0]} px)")
    best = OcrResult((), None)
    for name in engines:
        if name == "tesseract" and best.found:
            break
        if name == "rapidocr":
            found = _read_with_models(rgb, today, models or RapidEngine.locate())
        else:
            gray = rgb.astype(np.float64).mean(axis=2) / 255.0
            found = _read_with_tesseract(gray, today, engine or TesseractEngine.locate())
        if found._score > best._score:
            best = found
    return best


def _read_with_models(rgb: NDArray[np.uint8], today: date, models: RapidEngine) -> OcrResult:
    page = read_page(rgb, engine=models)
    if page is None:
        return OcrResult((), None, readings=1, method="rapidocr")
    result = check_mrz(page.lines, today=today)
    return OcrResult(
        page.lines,
        result,
        page.region,
        page.raw_text,
        page.notes,
        1,
        page.method,
        page.uncertain,
        _score(result, today),
    )


def _read_with_tesseract(
    gray: NDArray[np.float64], today: date, engine: TesseractEngine
) -> OcrResult:
    best = OcrResult((), None)
    readings = 0

    def consider(
        lines: tuple[str, ...], box: Box, text: str, notes: tuple[str, ...], method: str
    ) -> None:
        nonlocal best
        result = check_mrz(lines, today=today)
        candidate = OcrResult(lines, result, box, text, notes, 0, method, (), _score(result, today))
        if candidate._score > best._score:
            best = candidate

    for turn in (0, 90, 270, 180):  # upright first; a portrait photo or an upside-down scan
        page = np.rot90(gray, k=turn // 90) if turn else gray
        suffix = f"|rotated({turn})" if turn else ""
        for box in find_mrz_regions(page):
            for method, height, taller, threshold in _preparations():
                if readings >= MAX_READINGS:
                    return _with_count(best, readings)
                crop = _crop(page, box, height, taller=taller)
                text = engine.read(_png(_threshold(crop) if threshold else crop))
                readings += 1
                found = mrz_lines_from_text(text)
                if found.lines:
                    consider(found.lines, box, text, found.notes, f"tesseract:{method}{suffix}")
                if best._score[:2] == (1, 1):
                    return _with_count(best, readings)
        if best.found:
            break  # an MRZ was read the right way up; turning the page will not help
    return _with_count(best, readings)


def _with_count(result: OcrResult, readings: int) -> OcrResult:
    return OcrResult(
        result.lines,
        result.result,
        result.region,
        result.raw_text,
        result.notes,
        readings,
        result.method,
        result.uncertain,
        result._score,
    )
