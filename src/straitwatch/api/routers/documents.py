"""``/api/documents/check``: an officer checks a travel document's MRZ, pasted as text or
read from an image (base64 in JSON). The verdict, fields, issues and proposed corrections
come back; the check is audited as a consultation. Images are never kept."""

from __future__ import annotations

import base64
import binascii
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field

from straitwatch.access.actions import Action
from straitwatch.access.policy import Resource, enforce
from straitwatch.api.deps import ActorDep, SessionDep
from straitwatch.documents import check_mrz, mrz_lines_from_text, read_mrz, record_check
from straitwatch.errors import InvalidInput

router = APIRouter(prefix="/api/documents", tags=["documents"])


class CheckRequest(BaseModel):
    text: str | None = Field(default=None, max_length=4000)
    image_base64: str | None = Field(default=None, max_length=20_000_000)
    purpose: str = Field(default="border check", min_length=1, max_length=200)


@router.post("/check")
def check(body: CheckRequest, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    """Check one document: ``text`` (MRZ lines) or ``image_base64`` (a photo or scan)."""
    enforce(session, actor, Action.DOCUMENTS_CHECK, Resource("travel_document"))
    today = datetime.now(UTC).date()
    if body.text is not None:
        result = check_mrz(mrz_lines_from_text(body.text).lines, today=today)
        record_check(session, actor, result, purpose=body.purpose, source="text")
        return {"source": "text", "result": result.to_dict()}
    if body.image_base64 is not None:
        try:
            data = base64.b64decode(body.image_base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise InvalidInput(f"image_base64: not valid base64 ({exc})") from exc
        ocr = read_mrz(data, today=today)
        if ocr.result is not None:
            record_check(session, actor, ocr.result, purpose=body.purpose, source="image")
        return {"source": "image", **ocr.to_dict()}
    raise InvalidInput("give 'text' (MRZ lines) or 'image_base64'")
