# SPDX-License-Identifier: EUPL-1.2
"""Phone-photo distortions of a page image, to measure the MRZ reader on what officers
actually photograph: tilt, a page turned sideways, keystone perspective, focus blur,
heavy JPEG compression, a hand's shadow, low light with sensor noise, and glare.

Each distortion is deterministic (a fixed seed), so a benchmark or a test run twice gives
the same images.

>>> photo = distort(page_bytes, "shadow")           # doctest: +SKIP
>>> read_mrz(photo, today=date(2026, 1, 1)).lines  # doctest: +SKIP
"""

from __future__ import annotations

import io
from collections.abc import Callable

import numpy as np
from PIL import Image, ImageFilter

__all__ = ["DISTORTIONS", "distort"]


def _rotate(degrees: float) -> Callable[[Image.Image], Image.Image]:
    def turn(page: Image.Image) -> Image.Image:
        return page.rotate(degrees, expand=True, fillcolor=(235, 235, 235))

    return turn


def _perspective(page: Image.Image) -> Image.Image:
    """The camera below and left of the page: its top edge 12 % narrower than its bottom."""
    w, h = page.size
    inset = 0.12 * w
    # Corners of the source quadrilateral mapped onto the output rectangle.
    src = [(inset, 0), (w - inset * 0.3, 0.04 * h), (w, h), (0, h * 0.97)]
    dst: list[tuple[float, float]] = [(0, 0), (w, 0), (w, h), (0, h)]
    coefficients = _perspective_coefficients(dst, src)
    return page.transform(
        (w, h), Image.Transform.PERSPECTIVE, coefficients, Image.Resampling.BICUBIC
    )


def _perspective_coefficients(
    dst: list[tuple[float, float]], src: list[tuple[float, float]]
) -> tuple[float, ...]:
    rows = []
    for (x, y), (u, v) in zip(dst, src, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
    solution = np.linalg.solve(np.array(rows, dtype=float), np.array(src, dtype=float).ravel())
    return tuple(float(c) for c in solution)


def _blur(page: Image.Image) -> Image.Image:
    radius = max(1.0, page.size[0] / 600)  # about a third of a character's stroke spacing
    return page.filter(ImageFilter.GaussianBlur(radius))


def _jpeg(page: Image.Image) -> Image.Image:
    buffer = io.BytesIO()
    page.save(buffer, "JPEG", quality=15)
    with Image.open(io.BytesIO(buffer.getvalue())) as compressed:
        return compressed.convert("RGB")


def _shadow(page: Image.Image) -> Image.Image:
    """A soft diagonal shadow over the lower half, down to 40 % of the light."""
    pixels = np.asarray(page, dtype=np.float64)
    h, w = pixels.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    edge = (yy / h + 0.5 * xx / w - 0.8) * 8
    light = 1.0 - 0.6 / (1.0 + np.exp(-edge))
    return Image.fromarray(np.clip(pixels * light[:, :, None], 0, 255).astype(np.uint8))


def _low_light(page: Image.Image) -> Image.Image:
    """Under-exposed (a quarter of the light, lifted gamma) with sensor noise."""
    pixels = np.asarray(page, dtype=np.float64) / 255.0
    rng = np.random.default_rng(18)
    dark = 0.25 * pixels**1.4 + rng.normal(0.0, 0.02, pixels.shape)
    return Image.fromarray(np.clip(dark * 255, 0, 255).astype(np.uint8))


def _glare(page: Image.Image) -> Image.Image:
    """A bright elliptical reflection on the laminate, centred low on the page."""
    pixels = np.asarray(page, dtype=np.float64)
    h, w = pixels.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w]
    spot = np.exp(-(((xx - 0.6 * w) / (0.18 * w)) ** 2 + ((yy - 0.75 * h) / (0.12 * h)) ** 2))
    lit = pixels + spot[:, :, None] * (255 - pixels) * 0.75
    return Image.fromarray(np.clip(lit, 0, 255).astype(np.uint8))


DISTORTIONS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "rotation_7deg": _rotate(7),
    "rotation_90deg": _rotate(90),
    "perspective": _perspective,
    "blur": _blur,
    "jpeg_q15": _jpeg,
    "shadow": _shadow,
    "low_light": _low_light,
    "glare": _glare,
}
"""Each distortion by name, in the order reports list them."""


def distort(image: bytes, name: str) -> bytes:
    """The page (file bytes) with one distortion of :data:`DISTORTIONS`, as PNG bytes."""
    with Image.open(io.BytesIO(image)) as opened:
        page = opened.convert("RGB")
    out = io.BytesIO()
    DISTORTIONS[name](page).save(out, "PNG")
    return out.getvalue()
