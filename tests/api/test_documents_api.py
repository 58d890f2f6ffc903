"""``POST /api/documents/check``: MRZ text and images checked, audited, access-controlled."""

from __future__ import annotations

import base64
from pathlib import Path

from sqlalchemy import func, select

from straitwatch.store.access import AuditEventRow
from straitwatch.store.db import transaction
from tests.api.conftest import Server

TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"


def _audits(server: Server) -> int:
    with transaction(server.engine) as session:
        n: int = (
            session.scalar(
                select(func.count())
                .select_from(AuditEventRow)
                .where(AuditEventRow.action == "consultation")
            )
            or 0
        )
    return n


def test_valid_mrz_text_is_checked_and_audited(server: Server) -> None:
    officer = server.as_user("uk.watch")
    before = _audits(server)
    r = officer.post("/api/documents/check", json={"text": TD3})
    assert r.status_code == 200, r.text
    result = r.json()["result"]
    assert result["format"] is not None
    assert result["check_digits"]
    assert _audits(server) == before + 1


def test_bad_check_digit_is_invalid_with_errors(server: Server) -> None:
    officer = server.as_user("uk.watch")
    bad = TD3.replace("L898902C36", "L898902C35")
    r = officer.post("/api/documents/check", json={"text": bad})
    assert r.status_code == 200, r.text
    result = r.json()["result"]
    assert result["valid"] is False
    assert result["errors"]


def test_garbage_is_422_in_error_shape(server: Server) -> None:
    officer = server.as_user("uk.watch")
    r = officer.post("/api/documents/check", json={"image_base64": "not base64!!"})
    assert r.status_code == 422
    assert "image_base64" in r.text


def test_image_upload_reads_lines(server: Server, shared_data: Path) -> None:
    officer = server.as_user("uk.watch")
    image = shared_data / "documents/images/passporteye/100_id-che.jpg"
    payload = base64.b64encode(image.read_bytes()).decode()
    r = officer.post("/api/documents/check", json={"image_base64": payload})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["source"] == "image"
    assert body["lines"], body  # the Swiss ID specimen's MRZ is read


def test_unauthenticated_is_401(server: Server) -> None:
    r = server.client.post("/api/documents/check", json={"text": TD3})
    assert r.status_code == 401


def test_analyst_is_403(server: Server) -> None:
    analyst = server.as_user("uk.analyst")
    r = analyst.post("/api/documents/check", json={"text": TD3})
    assert r.status_code == 403
