# SPDX-License-Identifier: EUPL-1.2
"""Which uploaded images a document check accepts, decided before any decoding.

A photo or scan of a data page is PNG, JPEG, TIFF or WebP — told by the file's first bytes,
never by its name or declared content type — of at most :data:`MAX_IMAGE_BYTES` and
:data:`MAX_IMAGE_PIXELS` (a 10 MB file may otherwise decode to gigabytes). The image is
checked and read in memory: nothing here writes it anywhere.

>>> accept_image(Path("specimen.png").read_bytes()).type       # doctest: +SKIP
<ImageType.PNG: 'png'>
>>> accept_image(b"%PDF-1.7 ...")                              # doctest: +SKIP
Traceback (most recent call last):
InvalidInput: image: not a PNG, JPEG, TIFF or WebP image (it looks like a PDF document)
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from enum import StrEnum

from PIL import Image, UnidentifiedImageError

from straitwatch.errors import InvalidInput

__all__ = [
    "MAX_IMAGE_BYTES",
    "MAX_IMAGE_PIXELS",
    "AcceptedImage",
    "ImageType",
    "accept_image",
    "image_type",
]

MAX_IMAGE_BYTES = 10 * 1024 * 1024
"""The largest image file a check takes (a phone photo of a data page is 2-5 MB)."""
MAX_IMAGE_PIXELS = 40_000_000
"""The most pixels it may decode to (a 12-megapixel phone photo is well inside)."""


class ImageType(StrEnum):
    """The image formats a check reads."""

    PNG = "png"
    JPEG = "jpeg"
    TIFF = "tiff"
    WEBP = "webp"


_SIGNATURES: tuple[tuple[bytes, ImageType], ...] = (
    (b"\x89PNG\r\n\x1a\n", ImageType.PNG),
    (b"\xff\xd8\xff", ImageType.JPEG),
    (b"II*\x00", ImageType.TIFF),
    (b"MM\x00*", ImageType.TIFF),
)

# What a refused file most likely is, so the officer knows what they picked.
_LOOKS_LIKE: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "a PDF document"),
    (b"GIF8", "a GIF image"),
    (b"BM", "a BMP image"),
    (b"PK\x03\x04", "a ZIP archive or office document"),
    (b"\x00\x00\x00", "a HEIC/HEIF photo or another container"),
    (b"<", "an HTML, XML or SVG text"),
)


@dataclass(frozen=True, slots=True)
class AcceptedImage:
    """An image that passed the checks: its type, size in bytes and in pixels."""

    type: ImageType
    size_bytes: int
    width_px: int
    height_px: int

    def to_dict(self) -> dict[str, object]:
        return {
            "type": str(self.type),
            "bytes": self.size_bytes,
            "width_px": self.width_px,
            "height_px": self.height_px,
            "kept": False,
        }


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def image_type(data: bytes) -> ImageType | None:
    """The format told by the first bytes of ``data``, or None for anything else."""
    for signature, kind in _SIGNATURES:
        if data.startswith(signature):
            return kind
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return ImageType.WEBP
    return None


def accept_image(data: bytes, *, where: str = "image") -> AcceptedImage:
    """Check that ``data`` is an image a check reads; raise :class:`InvalidInput` naming
    ``where`` (the form field) and saying what is wrong otherwise."""
    if not data:
        raise InvalidInput("the file is empty", where=where)
    if len(data) > MAX_IMAGE_BYTES:
        raise InvalidInput(
            f"the file is {_megabytes(len(data))} ({len(data):,} bytes), over the "
            f"{MAX_IMAGE_BYTES // (1024 * 1024)} MB limit ({MAX_IMAGE_BYTES:,} bytes)",
            where=where,
        )
    kind = image_type(data)
    if kind is None:
        guess = next((what for start, what in _LOOKS_LIKE if data.startswith(start)), None)
        raise InvalidInput(
            "not a PNG, JPEG, TIFF or WebP image" + (f" (it looks like {guess})" if guess else ""),
            where=where,
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as opened:  # reads the header only
                width, height = opened.size
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as exc:
        raise InvalidInput(f"a {kind.name} file that cannot be read: {exc}", where=where) from exc
    if width * height > MAX_IMAGE_PIXELS:
        raise InvalidInput(
            f"{width}×{height} px is over the {MAX_IMAGE_PIXELS // 1_000_000} megapixel limit",
            where=where,
        )
    return AcceptedImage(kind, len(data), width, height)
