# SPDX-License-Identifier: EUPL-1.2
"""Travel-document checks: read the machine-readable zone (MRZ) of a passport, ID card or
visa from an image, and validate it against ICAO Doc 9303.

The public surface:

- :func:`check_mrz` — MRZ lines in, :class:`MrzResult` out (verdict, fields, errors,
  warnings, proposed OCR corrections);
- :func:`read_mrz` — an image (bytes or path) in, :class:`OcrResult` out (the lines read
  and their check);
- :func:`mrz_lines_from_text` — the MRZ lines in raw OCR or pasted text;
- :func:`accept_image` — whether an uploaded file is an image a check reads (type by its
  first bytes, size), before any decoding;
- :func:`record_check` — the consultation event for the audit log;
- :func:`document_verdict` — well formed / in date / flags raised, kept apart, with the
  lost, stolen and revoked list's answer (:func:`check_list`, :func:`add_listed`);
- :func:`check_digit`, :func:`compare_with_viz` — the building blocks officers ask about.

Imports stay light: the OCR engine and the country tables load on first use.
"""

from straitwatch.documents.audit import record_check
from straitwatch.documents.checkdigit import check_digit
from straitwatch.documents.formats import MrzFormat, detect_format
from straitwatch.documents.images import (
    MAX_IMAGE_BYTES,
    AcceptedImage,
    ImageType,
    accept_image,
)
from straitwatch.documents.indicators import Flag, FlagCode
from straitwatch.documents.listed import ListCheck, ListStatus, add_listed
from straitwatch.documents.mrz import check_mrz
from straitwatch.documents.names import MrzName, VizMatch, compare_with_viz, read_name
from straitwatch.documents.ocr import OcrResult, read_mrz
from straitwatch.documents.result import CheckDigitReport, Correction, Issue, IssueCode, MrzResult
from straitwatch.documents.text import FoundLines, mrz_lines_from_text
from straitwatch.documents.verdict import Verdict, check_list, document_verdict

__all__ = [
    "MAX_IMAGE_BYTES",
    "AcceptedImage",
    "CheckDigitReport",
    "Correction",
    "Flag",
    "FlagCode",
    "FoundLines",
    "ImageType",
    "Issue",
    "IssueCode",
    "ListCheck",
    "ListStatus",
    "MrzFormat",
    "MrzName",
    "MrzResult",
    "OcrResult",
    "Verdict",
    "VizMatch",
    "accept_image",
    "add_listed",
    "check_digit",
    "check_list",
    "check_mrz",
    "compare_with_viz",
    "detect_format",
    "document_verdict",
    "mrz_lines_from_text",
    "read_mrz",
    "read_name",
    "record_check",
]
