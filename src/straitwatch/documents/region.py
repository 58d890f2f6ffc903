# SPDX-License-Identifier: EUPL-1.2
"""Finding the machine-readable zone on a photo or scan of a document's data page.

The MRZ is two or three lines of dense, evenly spaced OCR-B characters of one height,
every line the same length, at the foot of the page. On a grey image scaled to a fixed
working width: a black-hat transform keeps dark strokes on a light ground, the horizontal
gradient keeps character edges, a wide closing smears each text line into one blob
(Hans Boone's method, as PassportEye does it), and each blob is measured. Runs of 2–3
blobs of near-equal width, stacked at line spacing, are the candidates, best first.

>>> boxes = find_mrz_regions(gray)                    # doctest: +SKIP
>>> boxes[0].top, boxes[0].bottom                     # doctest: +SKIP
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy import ndimage

__all__ = ["Box", "find_mrz_regions"]

WORK_WIDTH_PX = 800
"""Width the page is scaled to for the search (characters of a TD3 MRZ are then ~10 px wide)."""


@dataclass(frozen=True, slots=True)
class Box:
    """A region in pixels of the original image (``bottom``/``right`` exclusive)."""

    top: int
    left: int
    bottom: int
    right: int
    line_count: int
    line_height_px: float

    def to_dict(self) -> dict[str, int]:
        return {"top": self.top, "left": self.left, "bottom": self.bottom, "right": self.right}


@dataclass(frozen=True, slots=True)
class _Blob:
    top: float
    left: float
    bottom: float
    right: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top


def _otsu(values: NDArray[np.float64]) -> float:
    hist, edges = np.histogram(values, bins=256)
    centres = (edges[:-1] + edges[1:]) / 2
    weight = np.cumsum(hist)
    total = weight[-1]
    mean = np.cumsum(hist * centres)
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean[-1] * weight / total - mean) ** 2 / (weight * (total - weight))
    return float(centres[int(np.nanargmax(between))])


def _text_lines(small: NDArray[np.float64]) -> list[_Blob]:
    """Blobs, one per line of text, in the scaled grey image (0 black .. 1 white)."""
    low, high = np.percentile(small, [2, 98])
    if high - low <= 1e-6:
        return []
    stretched = np.clip((small - low) / (high - low), 0, 1)  # faint scans, tinted pages
    blackhat = ndimage.grey_closing(stretched, size=(7, 13)) - stretched
    gradient = np.abs(ndimage.sobel(blackhat, axis=1))
    # A few strong edges (page border, photo) must not set the scale for the text.
    ceiling = np.percentile(gradient, 99)
    if ceiling <= 0:
        return []
    gradient = np.minimum(gradient / ceiling, 1.0)
    smeared = ndimage.grey_closing(gradient, size=(3, 17))
    mask = smeared > _otsu(smeared)
    mask = ndimage.binary_opening(mask, structure=np.ones((2, 5), dtype=bool))
    labels, _ = ndimage.label(mask)
    blobs = []
    for rows, cols in ndimage.find_objects(labels):
        blob = _Blob(rows.start, cols.start, rows.stop, cols.stop)
        if blob.height >= 4 and blob.width >= 8 * blob.height:
            blobs.append(blob)
    return blobs


def _runs(blobs: list[_Blob], image_width: float) -> list[tuple[float, list[_Blob]]]:
    """Runs of 2-3 stacked lines of near-equal width and left edge, scored."""
    blobs = sorted(blobs, key=lambda b: b.top)
    scored = []
    for i, first in enumerate(blobs):
        run = [first]
        for other in blobs[i + 1 :]:
            last = run[-1]
            gap = other.top - last.bottom
            spacing_ok = -0.3 * last.height <= gap <= 1.6 * max(last.height, other.height)
            width_ok = abs(other.width - first.width) <= 0.12 * first.width
            left_ok = abs(other.left - first.left) <= 0.06 * first.width
            if spacing_ok and width_ok and left_ok:
                run.append(other)
                if len(run) == 3:
                    break
            elif other.top > last.bottom + 2 * last.height:
                break
        for count in (3, 2) if len(run) == 3 else (len(run),):
            if count < 2:
                continue
            part = run[:count]
            heights = np.array([b.height for b in part])
            evenness = float(heights.min() / heights.max())
            width = float(np.mean([b.width for b in part])) / image_width
            score = width * evenness + 0.1 * part[-1].bottom / max(b.bottom for b in blobs)
            scored.append((score, part))
    scored.sort(key=lambda item: -item[0])
    return scored


def find_mrz_regions(gray: NDArray[np.float64], *, limit: int = 3) -> list[Box]:
    """Candidate MRZ regions of a grey image (values 0..1), best first, at most ``limit``."""
    height, width = gray.shape
    scale = WORK_WIDTH_PX / width
    small = ndimage.zoom(gray, scale, order=1) if scale != 1 else gray
    blobs = _text_lines(small)
    boxes: list[Box] = []
    for _, run in _runs(blobs, small.shape[1]):
        line_h = float(np.median([b.height for b in run])) / scale
        pad_y, pad_x = 0.8 * line_h, 1.5 * line_h
        box = Box(
            top=max(0, int(min(b.top for b in run) / scale - pad_y)),
            left=max(0, int(min(b.left for b in run) / scale - pad_x)),
            bottom=min(height, int(max(b.bottom for b in run) / scale + pad_y)),
            right=min(width, int(max(b.right for b in run) / scale + pad_x)),
            line_count=len(run),
            line_height_px=line_h,
        )
        if not any(_overlaps(box, kept) for kept in boxes):
            boxes.append(box)
        if len(boxes) == limit:
            break
    return boxes


def _overlaps(a: Box, b: Box) -> bool:
    return a.top < b.bottom and b.top < a.bottom and a.left < b.right and b.left < a.right
