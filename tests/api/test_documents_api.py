# SPDX-License-Identifier: EUPL-1.2
"""``POST /api/documents/check``: MRZ text and images checked, audited, access-controlled."""

from __future__ import annotations

import base64
import io
import secrets
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from sqlalchemy import func, select

from straitwatch.documents import MAX_IMAGE_BYTES
from straitwatch.store.access import AuditEventRow
from straitwatch.store.db import transaction
from tests.api.conftest import Server
from tests.documents.conftest import IMAGES

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


def test_image_upload_reads_lines(server: Server, real_data: Path) -> None:
    officer = server.as_user("uk.watch")
    image = real_data / "documents/images/passporteye/100_id-che.jpg"
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


def test_pasted_text_changes_are_returned_as_notes(server: Server) -> None:
    officer = server.as_user("uk.watch")
    r = officer.post("/api/documents/check", json={"text": TD3.replace("<<ANNA", "<< ANNA")})
    assert r.status_code == 200, r.text
    assert r.json()["notes"] == ["line 1: removed 1 space"]
    assert r.json()["result"]["valid"] is True


def test_base64_that_is_no_image_is_refused_naming_the_field(server: Server) -> None:
    officer = server.as_user("uk.watch")
    payload = base64.b64encode(b"%PDF-1.7 a scanned page").decode()
    r = officer.post("/api/documents/check", json={"image_base64": payload})
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["where"] == "image_base64"
    assert "not a PNG, JPEG, TIFF or WebP image (it looks like a PDF document)" in error["message"]


# --- multipart upload: POST /api/documents/check-image ---------------------------------

UTO_TD2 = IMAGES / "100_pass2-uto.jpg"  # the ICAO TD2 specimen (UTO)


def _last_audit(server: Server) -> AuditEventRow:
    with transaction(server.engine) as session:
        row = session.scalars(select(AuditEventRow).order_by(AuditEventRow.seq.desc())).first()
        assert row is not None
        session.expunge(row)
    return row


def _png_with_padding(image: Path, padding: bytes) -> bytes:
    """``image`` re-encoded as PNG carrying ``padding`` in a text chunk (a big upload that
    still reads as the same page)."""
    info = PngInfo()
    info.add_text("comment", padding.decode("ascii"), zip=False)
    buffer = io.BytesIO()
    with Image.open(image) as page:
        page.save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


def test_uploaded_image_is_read_and_audited_as_a_consultation(
    server: Server, real_data: Path
) -> None:
    officer = server.as_user("uk.watch")
    before = _audits(server)
    r = officer.post(
        "/api/documents/check-image",
        files={"image": ("page.jpg", (real_data / UTO_TD2).read_bytes(), "image/jpeg")},
        data={"purpose": "entry check Dover"},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["source"] == "image"
    assert body["image"]["type"] == "jpeg" and body["image"]["kept"] is False
    assert body["lines"][0] == "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<"
    assert body["result"]["format"] == "TD2"
    assert body["result"]["fields"]["surname"] == "ERIKSSON"
    # The model reads the nationality 'UT0'; the letter is taken and the officer told why.
    (doubt,) = [u for u in body["uncertain"] if u["field"] == "nationality"]
    assert (doubt["chosen"], doubt["read"], doubt["kind"]) == ("O", "0", "look_alike")
    assert _audits(server) == before + 1
    event = _last_audit(server)
    assert (event.action, event.actor, event.resource_kind) == (
        "consultation",
        "uk.watch",
        "travel_document",
    )
    assert event.purpose == "entry check Dover"
    assert event.detail["source"] == "image" and event.detail["image_kept"] is False
    assert event.resource_id is not None and event.resource_id.startswith("UTO:")


def test_purpose_defaults_to_border_check(server: Server, real_data: Path) -> None:
    officer = server.as_user("fr.watch")
    image = (real_data / "documents/images/passporteye/100_id-che.jpg").read_bytes()
    r = officer.post("/api/documents/check-image", files={"image": ("id.jpg", image)})
    assert r.status_code == 200, r.text
    assert _last_audit(server).purpose == "border check"


def test_a_large_upload_is_read_in_memory_and_kept_nowhere(
    server: Server, real_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 2 MB upload (past Starlette's 1 MB spooling threshold) never reaches a temporary
    file, and no byte of it lands in the store."""
    marker = secrets.token_hex(1024 * 1024)  # 2 MB of text no store would hold by chance
    image = _png_with_padding(real_data / UTO_TD2, marker.encode())
    assert len(image) > 2 * 1024 * 1024
    temporary_files: list[object] = []
    real_temporary_file = tempfile.TemporaryFile

    def recording_temporary_file(*args: Any, **kwargs: Any) -> Any:
        temporary_files.append(args or kwargs)
        return real_temporary_file(*args, **kwargs)

    # Recording (not replacing) the standard library's temporary files: a spooled upload
    # would roll over into one.
    monkeypatch.setattr(tempfile, "TemporaryFile", recording_temporary_file)
    officer = server.as_user("uk.watch")
    r = officer.post("/api/documents/check-image", files={"image": ("page.png", image)})
    assert r.status_code == 200, r.text
    assert r.json()["image"] == {
        "type": "png",
        "bytes": len(image),
        "width_px": r.json()["image"]["width_px"],
        "height_px": r.json()["image"]["height_px"],
        "kept": False,
    }
    assert r.json()["lines"], r.json()
    assert temporary_files == []
    server.engine.dispose()
    store = Path(str(server.engine.url.database))
    for path in store.parent.glob(store.name + "*"):  # the database and any -wal/-journal
        assert marker[:64].encode() not in path.read_bytes(), path


def test_a_file_that_is_no_image_is_refused_and_not_audited(server: Server) -> None:
    officer = server.as_user("uk.watch")
    before = _audits(server)
    r = officer.post(
        "/api/documents/check-image",
        files={"image": ("page.png", b"%PDF-1.7\n1 0 obj", "image/png")},  # the name lies
    )
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "invalid_input" and error["where"] == "image"
    assert error["message"] == "not a PNG, JPEG, TIFF or WebP image (it looks like a PDF document)"
    assert _audits(server) == before


def test_each_accepted_type_is_told_by_its_first_bytes(server: Server) -> None:
    officer = server.as_user("uk.watch")
    blank = Image.new("L", (300, 200), 255)
    before = _audits(server)
    for fmt, kind in (("PNG", "png"), ("JPEG", "jpeg"), ("TIFF", "tiff"), ("WEBP", "webp")):
        buffer = io.BytesIO()
        blank.save(buffer, fmt)
        r = officer.post(
            "/api/documents/check-image",
            files={"image": ("scan.bin", buffer.getvalue(), "application/octet-stream")},
        )
        assert r.status_code == 200, (fmt, r.text)
        assert r.json()["image"]["type"] == kind
        assert r.json()["result"] is None  # a blank page: no MRZ read
    # Each attempt is a consultation all the same, recorded as one that read nothing.
    assert _audits(server) == before + 4
    event = _last_audit(server)
    assert event.resource_kind == "travel_document" and event.resource_id is None
    assert event.detail["mrz_read"] is False and event.detail["valid"] is None


def test_a_file_over_10_mb_is_refused_naming_the_field(server: Server) -> None:
    officer = server.as_user("uk.watch")
    too_big = b"\x89PNG\r\n\x1a\n" + bytes(MAX_IMAGE_BYTES - 7)
    r = officer.post("/api/documents/check-image", files={"image": ("big.png", too_big)})
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["where"] == "image"
    assert "over the 10 MB limit" in error["message"], error


def test_an_upload_declared_far_over_the_limit_is_refused_before_reading(server: Server) -> None:
    officer = server.as_user("uk.watch")
    r = officer.post(
        "/api/documents/check-image",
        files={"image": ("big.png", b"\x89PNG\r\n\x1a\n" + bytes(MAX_IMAGE_BYTES + 100_000))},
    )
    assert r.status_code == 422
    assert r.json()["error"]["where"] == "image"
    assert "over the 10 MB limit" in r.json()["error"]["message"]


def test_a_streamed_upload_without_length_is_cut_at_the_limit(server: Server) -> None:
    officer = server.as_user("uk.watch")
    boundary = "specimen-boundary"

    def body() -> Iterator[bytes]:
        yield (
            f"--{boundary}\r\nContent-Disposition: form-data; name=image; filename=a.png\r\n"
            "Content-Type: image/png\r\n\r\n"
        ).encode()
        yield b"\x89PNG\r\n\x1a\n"
        for _ in range(12):  # 12 MB in 1 MB chunks, no Content-Length
            yield bytes(1024 * 1024)
        yield f"\r\n--{boundary}--\r\n".encode()

    r = officer.post(
        "/api/documents/check-image",
        content=body(),
        headers={"Content-Type": f"multipart/form-data; boundary={boundary}"},
    )
    assert r.status_code == 422
    assert r.json()["error"]["where"] == "image"
    assert "over the 10 MB limit" in r.json()["error"]["message"]


def test_a_huge_pixel_count_is_refused_before_decoding(server: Server) -> None:
    officer = server.as_user("uk.watch")
    buffer = io.BytesIO()
    Image.new("1", (10_000, 5_000), 1).save(buffer, "PNG")  # 50 Mpx in a few kB
    r = officer.post("/api/documents/check-image", files={"image": ("huge.png", buffer.getvalue())})
    assert r.status_code == 422
    assert r.json()["error"] == {
        "code": "invalid_input",
        "message": "10000×5000 px is over the 40 megapixel limit",
        "where": "image",
    }


def test_form_without_image_or_with_json_is_refused_clearly(server: Server) -> None:
    officer = server.as_user("uk.watch")
    r = officer.post("/api/documents/check-image", files={"purpose": (None, "entry check")})
    assert r.status_code == 422
    assert r.json()["error"] == {
        "code": "invalid_input",
        "message": "attach the photo or scan of the data page",
        "where": "image",
    }
    r = officer.post("/api/documents/check-image", files={"image": (None, "not a file")})
    assert r.status_code == 422
    assert r.json()["error"]["message"] == "must be a file, not a text field"
    for wrong in ({"json": {"text": TD3}}, {"data": {"purpose": "entry check"}}):
        r = officer.post("/api/documents/check-image", **wrong)  # type: ignore[arg-type]
        assert r.status_code == 422
        assert r.json()["error"]["where"] == "content-type"
        assert "multipart/form-data" in r.json()["error"]["message"]


def test_upload_needs_sign_in_permission_and_csrf(server: Server) -> None:
    files = {"image": ("page.png", b"\x89PNG\r\n\x1a\n")}
    r = server.client.post("/api/documents/check-image", files=files)
    assert r.status_code == 401
    analyst = server.as_user("uk.analyst")
    r = analyst.post("/api/documents/check-image", files=files)
    assert r.status_code == 403
    assert r.json()["error"]["code"] == "not_allowed"
    assert _last_audit(server).action == "access_denied"
    officer = server.as_user("uk.watch")
    del officer.headers["X-CSRF-Token"]  # a browser session without the header
    r = officer.post("/api/documents/check-image", files=files)
    assert r.status_code == 403
    assert "X-CSRF-Token" in r.json()["error"]["message"]


def test_the_verdict_keeps_well_formed_in_date_and_flags_apart(server: Server) -> None:
    officer = server.as_user("uk.watch")
    r = officer.post("/api/documents/check", json={"text": TD3})
    assert r.status_code == 200, r.text
    verdict = r.json()["verdict"]
    assert (verdict["well_formed"], verdict["in_date"], verdict["clear"]) == (True, False, False)
    assert {f["code"] for f in verdict["flags"]} == {"specimen_number", "not_an_issuing_state"}
    assert verdict["list"] is not None and "genuine" not in r.text
    with transaction(server.engine) as session:
        event = session.scalars(select(AuditEventRow).order_by(AuditEventRow.seq.desc())).first()
    assert event is not None and event.detail["flags"] == [
        "not_an_issuing_state",
        "specimen_number",
    ]
    assert event.detail["in_date"] is False and event.detail["list_consulted"] is True


def test_a_stack_of_scans_is_checked_in_one_batch_each_audited(server: Server) -> None:
    officer = server.as_user("uk.watch")
    before = _audits(server)
    files = [
        ("images", ("a.jpg", UTO_TD2.read_bytes(), "image/jpeg")),
        ("images", ("b.jpg", (IMAGES / "53_id-d.jpg").read_bytes(), "image/jpeg")),
        ("images", ("c.png", b"not an image at all", "image/png")),
    ]
    r = officer.post("/api/documents/check-batch", files=files, data={"purpose": "ferry arrivals"})
    assert r.status_code == 200, r.text
    out = r.json()
    assert out["count"] == 3
    a, b, c = out["results"]
    assert a["file"] == "a.jpg" and a["lines"][1] == "D231458907UTO7408122F1204159<<<<<<<6"
    assert b["verdict"]["flags"][0]["code"] == "specimen_number"
    assert "error" in c
    assert _audits(server) == before + 2
    with transaction(server.engine) as session:
        events = session.scalars(
            select(AuditEventRow).order_by(AuditEventRow.seq.desc()).limit(2)
        ).all()
        audited = [
            (e.action, e.actor, e.purpose, e.resource_id, e.detail["list_consulted"])
            for e in reversed(events)
        ]
    assert audited == [  # one consultation per document read, each with the batch's purpose
        ("consultation", "uk.watch", "ferry arrivals", "UTO:D23145890", True),
        ("consultation", "uk.watch", "ferry arrivals", "D:T22000129", True),
    ]


def test_an_empty_batch_is_refused_naming_the_field(server: Server) -> None:
    officer = server.as_user("uk.watch")
    r = officer.post(
        "/api/documents/check-batch",
        files=[("other", ("x.txt", b"x", "text/plain"))],
    )
    assert r.status_code == 422
    assert "images" in r.text


def test_typed_lines_get_no_ocr_correction_and_expiry_is_its_own_answer(server: Server) -> None:
    client = server.as_user("uk.watch")
    specimen = (
        "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10"
    )
    ok = client.post("/api/documents/check", json={"text": specimen}).json()["result"]
    assert ok["well_formed"] is True and ok["expired"] is True and ok["valid_today"] is False
    # One typed wrong character: an error, never a proposal that makes the digits agree.
    typed = specimen.replace("L898902C36", "L8989O2C36")
    out = client.post("/api/documents/check", json={"text": typed}).json()["result"]
    assert out["valid"] is False and out["corrections"] == []
    # The same text declared as an OCR reading: the correction is proposed (not applied).
    ocr = client.post("/api/documents/check", json={"text": typed, "from_ocr": True}).json()
    assert [c["proposed"] for c in ocr["result"]["corrections"]] == ["0"]
    assert ocr["result"]["valid"] is False


def test_a_printed_date_of_issue_is_weighed_and_a_bad_one_refused(server: Server) -> None:
    client = server.as_user("uk.watch")
    # The specimen expires 2012-04-15: issued in 2000, it would be valid 12.3 years.
    out = client.post("/api/documents/check", json={"text": TD3, "issued": "2000-01-01"}).json()
    issue = [f for f in out["verdict"]["flags"] if f["code"] == "issue_date"]
    assert [f["field"] for f in issue] == ["issue_date"] and "12.3 years" in issue[0]["reason"]
    fine = client.post("/api/documents/check", json={"text": TD3, "issued": "2007-04-16"}).json()
    assert "issue_date" not in [f["code"] for f in fine["verdict"]["flags"]]
    bad = client.post("/api/documents/check", json={"text": TD3, "issued": "2000-13-01"})
    assert bad.status_code == 422 and "issued" in bad.text
