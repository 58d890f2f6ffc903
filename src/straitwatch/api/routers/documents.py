# SPDX-License-Identifier: EUPL-1.2
"""``/api/documents``: an officer checks a travel document's MRZ.

- ``POST /api/documents/check`` — JSON: ``text`` (MRZ lines, pasted or typed) or
  ``image_base64`` (a photo or scan);
- ``POST /api/documents/check-image`` — ``multipart/form-data``: an ``image`` file field
  and an optional ``purpose``, as a browser form or ``curl -F image=@page.jpg`` sends it;
- ``POST /api/documents/check-batch`` — ``multipart/form-data``: up to
  :data:`MAX_BATCH_IMAGES` ``images`` file fields (a stack of scans) and one ``purpose``;
  each image is checked and audited on its own, and a bad one is reported in its place.

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
from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from pydantic import Field
from sqlalchemy.orm import Session
from starlette.formparsers import MultiPartException, MultiPartParser

from straitwatch.access.actions import Action
from straitwatch.access.actor import Actor
from straitwatch.access.policy import Resource, enforce
from straitwatch.api.deps import ActorDep, SessionDep
from straitwatch.api.inputs import RequestBody
from straitwatch.documents import (
    MAX_IMAGE_BYTES,
    MrzResult,
    Verdict,
    accept_image,
    check_list,
    check_mrz,
    document_verdict,
    mrz_lines_from_text,
    read_mrz,
    record_check,
)
from straitwatch.documents.viz import VizComparison, check_viz
from straitwatch.errors import InvalidInput

router = APIRouter(prefix="/api/documents", tags=["documents"])

DEFAULT_PURPOSE = "border check"
MAX_PURPOSE_CHARS = 200
_FORM_OVERHEAD_BYTES = 64 * 1024  # boundaries, part headers and the purpose field
MAX_BATCH_IMAGES = 20
MAX_BATCH_BYTES = 40 * 1024 * 1024


class CheckRequest(RequestBody):
    text: str | None = Field(default=None, max_length=4000)
    image_base64: str | None = Field(default=None, max_length=20_000_000)
    purpose: str = Field(default=DEFAULT_PURPOSE, min_length=1, max_length=MAX_PURPOSE_CHARS)
    from_ocr: bool = Field(
        default=False,
        description="the text is an OCR reading: only then are OCR corrections proposed",
    )
    issued: date | None = Field(
        default=None,
        description="the date of issue printed on the page (the MRZ does not carry it): "
        "weighed against the expiry, the holder's birth and today",
    )


@router.post("/check")
def check(body: CheckRequest, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    """Check one document: ``text`` (MRZ lines) or ``image_base64`` (a photo or scan)."""
    enforce(session, actor, Action.DOCUMENTS_CHECK, Resource("travel_document"))
    if body.text is not None:
        today = datetime.now(UTC).date()
        found = mrz_lines_from_text(body.text)
        result = check_mrz(found.lines, today=today, propose=body.from_ocr)
        verdict = _verdict(session, result, issued=body.issued)
        record_check(session, actor, result, purpose=body.purpose, source="text", verdict=verdict)
        return {
            "source": "text",
            "notes": list(found.notes),
            "result": result.to_dict(),
            "verdict": verdict.to_dict(),
        }
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
    spool_max_size = MAX_BATCH_BYTES + _FORM_OVERHEAD_BYTES + 1


async def _capped(
    request: Request, limit: int, max_bytes: int, field: str
) -> AsyncGenerator[bytes, None]:
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit:
            raise InvalidInput(
                f"the upload is over the {max_bytes // (1024 * 1024)} MB limit", where=field
            )
        yield chunk


async def read_image_form(request: Request) -> ImageForm:
    """The ``image`` and ``purpose`` of a multipart form, read in memory with a size cap
    (a declared length over the cap is refused before reading)."""
    images, purpose = await _read_form(request, "image", 1, MAX_IMAGE_BYTES)
    return ImageForm(images[0] if images else None, purpose)


@dataclass(frozen=True, slots=True)
class BatchForm:
    """The fields of a ``check-batch`` form, held in memory."""

    images: list[tuple[str, bytes]]
    purpose: str | None


async def read_batch_form(request: Request) -> BatchForm:
    """Up to :data:`MAX_BATCH_IMAGES` ``images`` and a ``purpose``, in memory, capped."""
    files, purpose = await _read_form(
        request, "images", MAX_BATCH_IMAGES, MAX_BATCH_BYTES, named=True
    )
    return BatchForm(files, purpose)


async def _read_form(
    request: Request, field: str, max_files: int, max_bytes: int, *, named: bool = False
) -> tuple[Any, str | None]:
    content_type = request.headers.get("content-type", "")
    if not content_type.lower().startswith("multipart/form-data"):
        raise InvalidInput(
            "send multipart/form-data with the document image in an 'image' file field "
            "(or JSON to /api/documents/check)",
            where="content-type",
        )
    limit = max_bytes + _FORM_OVERHEAD_BYTES
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise InvalidInput(
            f"the upload is {int(declared) / (1024 * 1024):.1f} MB, over the "
            f"{max_bytes // (1024 * 1024)} MB limit",
            where=field,
        )
    parser = _InMemoryParser(
        request.headers,
        _capped(request, limit, max_bytes, field),
        max_files=max_files,
        max_fields=4,
        max_part_size=4 * MAX_PURPOSE_CHARS,
    )
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise InvalidInput(f"not a readable multipart form: {exc.message}", where="body") from exc
    parts, purpose = form.getlist(field), form.get("purpose")
    files: list[Any] = []
    try:
        for part in parts:
            if isinstance(part, str):
                raise InvalidInput("must be a file, not a text field", where=field)
            data = await part.read()
            files.append((part.filename or f"{field}-{len(files) + 1}", data) if named else data)
    finally:
        await form.close()
    if purpose is not None and not isinstance(purpose, str):
        raise InvalidInput("must be a text field, not a file", where="purpose")
    return files, purpose


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


BatchFormDep = Annotated[BatchForm, Depends(read_batch_form)]


@router.post("/check-batch")
def check_batch(
    session: SessionDep, actor: DocumentCheckerDep, form: BatchFormDep
) -> dict[str, Any]:
    """Check a stack of scans: each image read, checked and audited on its own; an
    unreadable file is reported in its place rather than failing the batch."""
    if not form.images:
        raise InvalidInput("attach one or more images of data pages", where="images")
    purpose = DEFAULT_PURPOSE if form.purpose is None else form.purpose.strip()
    if not purpose or len(purpose) > MAX_PURPOSE_CHARS:
        raise InvalidInput(f"say why, in 1 to {MAX_PURPOSE_CHARS} characters", where="purpose")
    results: list[dict[str, Any]] = []
    for name, data in form.images:
        try:
            checked = _check_image(session, actor, data, purpose=purpose, where=name)
        except InvalidInput as exc:
            results.append({"file": name, "error": str(exc)})
            continue
        results.append({"file": name, **checked})
    return {"count": len(results), "results": results}


def _check_image(
    session: Session, actor: Actor, data: bytes, *, purpose: str, where: str
) -> dict[str, Any]:
    accepted = accept_image(data, where=where)
    ocr = read_mrz(data, today=datetime.now(UTC).date())
    verdict = None
    if ocr.result is not None:
        viz = check_viz(data, ocr.result) if ocr.result.readable else None
        verdict = _verdict(session, ocr.result, viz)
    record_check(session, actor, ocr.result, purpose=purpose, source="image", verdict=verdict)
    return {
        "source": "image",
        "image": accepted.to_dict(),
        **ocr.to_dict(),
        "verdict": verdict.to_dict() if verdict else None,
    }


def _verdict(
    session: Session,
    result: MrzResult,
    viz: VizComparison | None = None,
    *,
    issued: date | None = None,
) -> Verdict:
    """Well formed / in date / flags, with the lost, stolen and revoked list consulted."""
    today = datetime.now(UTC).date()
    listed = check_list(session, result)
    return document_verdict(result, today=today, list_check=listed, viz=viz, issued=issued)
