"""``/api/documents``: an officer checks a travel document's MRZ.

- ``POST /api/documents/check`` — JSON: ``text`` (MRZ lines, pasted or typed) or
  ``image_base64`` (a photo or scan);
- ``POST /api/documents/check-image`` — ``multipart/form-data``: an ``image`` file field
  and an optional ``purpose``, as a browser form or ``curl -F image=@page.jpg`` sends it.

The verdict, fields, issues and proposed corrections come back; each check is audited as a
consultation. Images are never kept: an upload is read into memory (never spooled to a
temporary file), at most :data:`~straitwatch.documents.MAX_IMAGE_BYTES`, checked for its
type by its first bytes, read, and dropped with the request.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import AsyncGenerator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session
from starlette.formparsers import MultiPartException, MultiPartParser

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor
from straitwatch.access.policy import Resource, enforce
from straitwatch.api.deps import ActorDep, SessionDep
from straitwatch.documents import (
    MAX_IMAGE_BYTES,
    accept_image,
    check_mrz,
    mrz_lines_from_text,
    read_mrz,
    record_check,
)
from straitwatch.errors import InvalidInput

router = APIRouter(prefix="/api/documents", tags=["documents"])

DEFAULT_PURPOSE = "border check"
MAX_PURPOSE_CHARS = 200
_FORM_OVERHEAD_BYTES = 64 * 1024  # boundaries, part headers and the purpose field


class CheckRequest(BaseModel):
    text: str | None = Field(default=None, max_length=4000)
    image_base64: str | None = Field(default=None, max_length=20_000_000)
    purpose: str = Field(default=DEFAULT_PURPOSE, min_length=1, max_length=MAX_PURPOSE_CHARS)
    from_ocr: bool = Field(
        default=False,
        description="the text is an OCR reading: only then are OCR corrections proposed",
    )


@router.post("/check")
def check(body: CheckRequest, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    """Check one document: ``text`` (MRZ lines) or ``image_base64`` (a photo or scan)."""
    enforce(session, actor, Action.DOCUMENTS_CHECK, Resource("travel_document"))
    if body.text is not None:
        today = datetime.now(UTC).date()
        found = mrz_lines_from_text(body.text)
        result = check_mrz(found.lines, today=today, propose=body.from_ocr)
        record_check(session, actor, result, purpose=body.purpose, source="text")
        return {"source": "text", "notes": list(found.notes), "result": result.to_dict()}
    if body.image_base64 is not None:
        try:
            data = base64.b64decode(body.image_base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise InvalidInput(f"image_base64: not valid base64 ({exc})") from exc
        return _check_image(session, actor, data, purpose=body.purpose, where="image_base64")
    raise InvalidInput("give 'text' (MRZ lines) or 'image_base64'")


@dataclass(frozen=True, slots=True)
class ImageForm:
    """The fields of a ``check-image`` form, held in memory: ``image`` is None when the
    form has no file field of that name."""

    image: bytes | None
    purpose: str | None


class _InMemoryParser(MultiPartParser):
    # Starlette spools file parts over 1 MB to a temporary file on disk; an uploaded
    # document image must never touch the disk, and the stream is capped below this.
    spool_max_size = MAX_IMAGE_BYTES + _FORM_OVERHEAD_BYTES + 1


async def _capped(request: Request, limit: int) -> AsyncGenerator[bytes, None]:
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit:
            raise InvalidInput(
                f"the upload is over the {MAX_IMAGE_BYTES // (1024 * 1024)} MB limit",
                where="image",
            )
        yield chunk


async def read_image_form(request: Request) -> ImageForm:
    """The ``image`` and ``purpose`` of a multipart form, read in memory with a size cap
    (a declared length over the cap is refused before reading)."""
    content_type = request.headers.get("content-type", "")
    if not content_type.lower().startswith("multipart/form-data"):
        raise InvalidInput(
            "send multipart/form-data with the document image in an 'image' file field "
            "(or JSON to /api/documents/check)",
            where="content-type",
        )
    limit = MAX_IMAGE_BYTES + _FORM_OVERHEAD_BYTES
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise InvalidInput(
            f"the upload is {int(declared) / (1024 * 1024):.1f} MB, over the "
            f"{MAX_IMAGE_BYTES // (1024 * 1024)} MB limit",
            where="image",
        )
    parser = _InMemoryParser(
        request.headers,
        _capped(request, limit),
        max_files=1,
        max_fields=4,
        max_part_size=4 * MAX_PURPOSE_CHARS,
    )
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise InvalidInput(f"not a readable multipart form: {exc.message}", where="body") from exc
    image, purpose = form.get("image"), form.get("purpose")
    try:
        data = await image.read() if image is not None and not isinstance(image, str) else None
    finally:
        await form.close()
    if isinstance(image, str):
        raise InvalidInput("must be a file, not a text field", where="image")
    if purpose is not None and not isinstance(purpose, str):
        raise InvalidInput("must be a text field, not a file", where="purpose")
    return ImageForm(data, purpose)


ImageFormDep = Annotated[ImageForm, Depends(read_image_form)]

_FORM_SCHEMA: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["image"],
                    "properties": {
                        "image": {
                            "type": "string",
                            "format": "binary",
                            "description": "PNG, JPEG, TIFF or WebP, at most 10 MB",
                        },
                        "purpose": {
                            "type": "string",
                            "minLength": 1,
                            "maxLength": MAX_PURPOSE_CHARS,
                            "default": DEFAULT_PURPOSE,
                        },
                    },
                }
            }
        },
    }
}


def may_check_documents(session: SessionDep, actor: ActorDep) -> Actor:
    """The actor, once the policy allows them to check documents (a dependency, so that a
    refusal comes before the upload is read)."""
    enforce(session, actor, Action.DOCUMENTS_CHECK, Resource("travel_document"))
    return actor


DocumentCheckerDep = Annotated[Actor, Depends(may_check_documents)]


@router.post("/check-image", openapi_extra=_FORM_SCHEMA)
def check_image(
    session: SessionDep, actor: DocumentCheckerDep, form: ImageFormDep
) -> dict[str, Any]:
    """Check one document from an uploaded photo or scan of its data page (sign-in and
    the access policy come first: the upload is read only for an officer who may check)."""
    if form.image is None:
        raise InvalidInput("attach the photo or scan of the data page", where="image")
    purpose = DEFAULT_PURPOSE if form.purpose is None else form.purpose.strip()
    if not purpose or len(purpose) > MAX_PURPOSE_CHARS:
        raise InvalidInput(f"say why, in 1 to {MAX_PURPOSE_CHARS} characters", where="purpose")
    return _check_image(session, actor, form.image, purpose=purpose, where="image")


def _check_image(
    session: Session, actor: Actor, data: bytes, *, purpose: str, where: str
) -> dict[str, Any]:
    accepted = accept_image(data, where=where)
    ocr = read_mrz(data, today=datetime.now(UTC).date())
    record_check(session, actor, ocr.result, purpose=purpose, source="image")
    return {"source": "image", "image": accepted.to_dict(), **ocr.to_dict()}
