# SPDX-License-Identifier: EUPL-1.2
"""Which uploads a check accepts: the type by the first bytes, the size in bytes and pixels."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from straitwatch.documents import MAX_IMAGE_BYTES, ImageType, accept_image
from straitwatch.documents.images import image_type
from straitwatch.errors import InvalidInput


def _encoded(fmt: str, size: tuple[int, int] = (120, 80)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "white").save(buffer, fmt)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("fmt", "kind"),
    [
        ("PNG", ImageType.PNG),
        ("JPEG", ImageType.JPEG),
        ("TIFF", ImageType.TIFF),
        ("WEBP", ImageType.WEBP),
    ],
)
def test_each_accepted_format_is_told_and_measured(fmt: str, kind: ImageType) -> None:
    data = _encoded(fmt)
    accepted = accept_image(data)
    assert (accepted.type, accepted.width_px, accepted.height_px) == (kind, 120, 80)
    assert accepted.to_dict()["kept"] is False and accepted.size_bytes == len(data)


def test_big_endian_tiff_is_a_tiff() -> None:
    assert image_type(b"MM\x00*" + bytes(8)) is ImageType.TIFF


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "image: the file is empty"),
        (b"GIF89a....", "image: not a PNG, JPEG, TIFF or WebP image (it looks like a GIF image)"),
        (b"RIFF\x00\x00\x00\x00WAVEfmt ", "image: not a PNG, JPEG, TIFF or WebP image"),
        (b"\x89PNG\r\n\x1a\n" + b"garbage", "image: a PNG file that cannot be read"),
    ],
)
def test_refusals_say_what_is_wrong_with_which_field(data: bytes, message: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        accept_image(data)
    assert str(refused.value).startswith(message)


def test_the_limits_are_in_bytes_and_pixels() -> None:
    with pytest.raises(
        InvalidInput, match=r"^photo: the file is 10\.0 MB \(10,485,761 bytes\), over"
    ):
        accept_image(b"\xff\xd8\xff" + bytes(MAX_IMAGE_BYTES - 2), where="photo")
    huge = io.BytesIO()
    Image.new("1", (8000, 6000)).save(huge, "PNG")
    with pytest.raises(InvalidInput, match="8000×6000 px is over the 40 megapixel limit"):
        accept_image(huge.getvalue())
