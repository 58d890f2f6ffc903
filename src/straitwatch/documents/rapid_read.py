# SPDX-License-Identifier: EUPL-1.2
"""The MRZ of a page read with the packaged ONNX models (:mod:`.rapid`), its characters
chosen under the ICAO rules (:mod:`.choose`).

The detector's lines are taken top to bottom; :func:`~.text.mrz_lines_from_text` picks the
consecutive lines that have an MRZ's shape. Where each line has exactly its format's
length, the per-character probabilities choose the reading; otherwise the lines are fitted
(padded or cut, with a note) and checked as they are. A page with no MRZ-shaped lines is
tried upside down, then on each side.

>>> read = read_page(rgb, engine=RapidEngine.locate())  # doctest: +SKIP
>>> read.lines, read.method                             # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from straitwatch.documents.choose import Uncertain, choose_reading
from straitwatch.documents.formats import LAYOUTS, detect_format
from straitwatch.documents.rapid import DETECT_SIDE_PX, LineReading, RapidEngine
from straitwatch.documents.region import Box
from straitwatch.documents.text import mrz_lines_from_text

__all__ = ["PageReading", "read_page"]


@dataclass(frozen=True, slots=True)
class PageReading:
    """The MRZ lines read on a page, where they are, and what stayed uncertain."""

    lines: tuple[str, ...]
    region: Box | None
    raw_text: str
    notes: tuple[str, ...]
    uncertain: tuple[Uncertain, ...]
    method: str


def _turn(rgb: NDArray[np.uint8], degrees: int) -> NDArray[np.uint8]:
    return np.ascontiguousarray(np.rot90(rgb, k=degrees // 90)) if degrees else rgb


def _region(readings: list[LineReading], degrees: int, shape: tuple[int, ...]) -> Box:
    """The lines' bounding box in the turned page, mapped back to the original image."""
    corners = np.vstack([r.corners for r in readings])
    height, width = shape[:2]  # of the turned page
    xs, ys = corners[:, 0], corners[:, 1]
    # np.rot90 turns a quarter counter-clockwise: T[y, x] = O[x, W_O - 1 - y]; undo each turn.
    for _ in range(degrees // 90):
        xs, ys = height - 1 - ys, xs
        height, width = width, height
    top, bottom = max(0, int(ys.min())), int(np.ceil(ys.max()))
    left, right = max(0, int(xs.min())), int(np.ceil(xs.max()))
    pitch = float(np.mean([r.corners[3, 1] - r.corners[0, 1] for r in readings]))
    return Box(top, left, bottom, right, len(readings), abs(pitch))


def _from_lines(readings: list[LineReading]) -> tuple[PageReading, list[LineReading]] | None:
    text = "\n".join(line.text for line in readings)
    found = mrz_lines_from_text(text)
    if not found.lines:
        return None
    by_text = {line.text: line for line in readings}
    used = [by_text.get(line) for line in found.lines]
    layout = LAYOUTS.get(fmt) if (fmt := detect_format(found.lines)) else None
    taken = [u for u in used if u is not None]
    if layout is not None and len(taken) == len(used):
        chosen = choose_reading(layout, [u.probabilities for u in taken])
        lines, uncertain = chosen.lines, chosen.uncertain
    else:  # a line was padded or cut: checked as fitted, without the model's alternatives
        lines, uncertain = found.lines, ()
        taken = [r for r in readings if any(r.text[:8] == line[:8] for line in lines)]
    return PageReading(lines, None, text, found.notes, uncertain, "rapidocr"), taken


_ATTEMPTS = (
    (0, DETECT_SIDE_PX),
    (0, 2 * DETECT_SIDE_PX),
    (180, DETECT_SIDE_PX),
    (90, DETECT_SIDE_PX),
    (270, DETECT_SIDE_PX),
)
"""(turn in degrees, detector size in px), in the order tried: the upright page again at
twice the size (an MRZ small in the photo, or two tight lines the detector joined), then
upside down, then on each side."""


def read_page(rgb: NDArray[np.uint8], *, engine: RapidEngine) -> PageReading | None:
    """The MRZ on the page, upright or turned (see module doc), or None."""
    for degrees, side_px in _ATTEMPTS:
        turned = _turn(rgb, degrees)
        readings = engine.read_lines(turned, side_px=side_px)
        found = _from_lines(readings)
        if found is None:
            continue
        page, taken = found
        region = _region(taken or readings, degrees, turned.shape)
        method = f"rapidocr|rotated({degrees})" if degrees else "rapidocr"
        return PageReading(page.lines, region, page.raw_text, page.notes, page.uncertain, method)
    return None
