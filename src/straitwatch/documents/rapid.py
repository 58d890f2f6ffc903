# SPDX-License-Identifier: EUPL-1.2
"""Reading text lines with RapidOCR's PP-OCRv6 ONNX models, which ship inside the PyPI
wheel ``rapidocr`` (Apache-2.0, models by the PaddleOCR authors; see
``rapidocr-*.dist-info/licenses/MODEL_LICENSES.md``): no download, no network.

The detector finds text lines anywhere on the page at any small angle (its boxes are
quadrilaterals, so a skewed or perspective-distorted line is warped straight). Only the
long, thin boxes an MRZ line makes are recognised, and the recogniser's per-time-step
probabilities are kept, restricted to the MRZ alphabet ``A-Z0-9<``: each character read
comes with its alternatives, so the ICAO constraints can choose between readings the
model saw (:mod:`.choose`) rather than invent characters.

>>> engine = RapidEngine.locate()                                     # doctest: +SKIP
>>> [line.text for line in engine.read_lines(rgb)]                     # doctest: +SKIP
['P<UTOERIKSSON<<ANNA<MARIA<<<...', 'L898902C36UT07408122F1204159ZE184226B<<<<<10']
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from straitwatch.errors import ConfigurationError

__all__ = ["ALPHABET", "LineReading", "RapidEngine"]

ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
"""The MRZ character set (OCR-B subset of Doc 9303-3 §4.2), in the order of the columns of
:attr:`LineReading.probabilities`."""

DETECT_SIDE_PX = 640
"""The page is scaled to this longest side for the detector (its cost grows with pixels;
at 640 px the MRZ of a data page that fills the photo is 10-15 px high, which the detector
finds; a page seen from further away is tried again at twice the size, see
:func:`~.rapid_read.read_page`)."""
_REC_HEIGHT_PX = 48
_MIN_ASPECT = 10.0  # an MRZ line is at least 10 times wider than tall (TD1: ~20)
_MIN_WIDTH_SHARE = 0.45  # ...and at least this share of the widest such line
_SAME_WIDTH = 0.08  # the lines of one MRZ differ in width by less than this share


@dataclass(frozen=True, slots=True)
class LineReading:
    """One text line as the recogniser saw it.

    ``probabilities`` has one row per character read and one column per character of
    :data:`ALPHABET`, normalised over that alphabet; ``text`` is the most likely reading.
    ``corners`` are the line's four corners in the page (x, y pixels), ``centre_y`` its
    height on the page (lines are ordered top to bottom by it).
    """

    text: str
    probabilities: NDArray[np.float64]
    corners: NDArray[np.float64]

    @property
    def centre_y(self) -> float:
        return float(self.corners[:, 1].mean())


def _mrz_columns(characters: list[str]) -> tuple[list[int], int]:
    """Columns of the recogniser's output for each MRZ character, and the CTC blank."""
    where = {char: i for i, char in enumerate(characters)}
    missing = [char for char in ALPHABET if char not in where]
    if missing:
        raise ConfigurationError(f"the OCR model cannot read the MRZ characters {missing}")
    return [where[char] for char in ALPHABET], 0


def _decode(
    logits: NDArray[np.float32], columns: list[int], blank: int
) -> tuple[str, NDArray[np.float64]]:
    """Greedy CTC over the MRZ alphabet (plus blank), with each character's alternatives.

    A character spans the time steps between two changes of the best label; its row is the
    mean of those steps' probabilities over the alphabet, renormalised.
    """
    keep = [blank, *columns]
    sub = logits[:, keep].astype(np.float64)
    sub = sub / np.maximum(sub.sum(axis=1, keepdims=True), 1e-12)
    best = sub.argmax(axis=1)
    text: list[str] = []
    rows: list[NDArray[np.float64]] = []
    previous = 0
    start = 0
    for t, label in enumerate([*best.tolist(), 0]):
        if label != previous:
            if previous != 0:
                row = sub[start:t, 1:].mean(axis=0)
                rows.append(row / max(float(row.sum()), 1e-12))
                text.append(ALPHABET[previous - 1])
            start = t
        previous = label
    matrix = np.array(rows) if rows else np.zeros((0, len(ALPHABET)))
    return "".join(text), matrix


@dataclass(frozen=True, slots=True)
class RapidEngine:
    """The detector and recogniser sessions (one CPU thread each), loaded once a process."""

    ocr: Any  # rapidocr.RapidOCR (untyped third-party object)

    @classmethod
    def locate(cls) -> RapidEngine:
        """The packaged models, loaded on first use, or a clear error if the wheel is absent."""
        return _engine()

    def read_lines(
        self, rgb: NDArray[np.uint8], *, side_px: int = DETECT_SIDE_PX
    ) -> list[LineReading]:
        """The MRZ-shaped text lines of a page (RGB, H×W×3), top to bottom.

        The detector sees the page at ``side_px`` on its longest side (shrunk or
        enlarged: its cost grows with pixels, and the page's text scales with the page).
        Only the long, thin lines are recognised, the likeliest MRZ block first
        (:func:`_mrz_block`); the other long lines only when that block does not read as
        a whole MRZ (:func:`_looks_complete`).
        """
        boxes = self.detect(rgb, side_px=side_px)
        if not boxes:
            return []
        bgr = rgb[:, :, ::-1].copy()
        block = _mrz_block(boxes)
        first = self._read(bgr, [boxes[i] for i in block])
        if _looks_complete([line.text for line in first]):
            return first
        rest = [box for i, box in enumerate(boxes) if i not in block]
        return sorted(first + self._read(bgr, rest), key=lambda line: line.centre_y)

    def detect(
        self, rgb: NDArray[np.uint8], *, side_px: int = DETECT_SIDE_PX
    ) -> list[NDArray[np.float64]]:
        """The long, thin text lines on the page (corners in page pixels), top to bottom."""
        height, width = rgb.shape[:2]
        scale = side_px / max(height, width)
        small = _resize(rgb, scale)
        found = self.ocr._load_det_model()(small[:, :, ::-1].copy())
        if found.boxes is None or len(found.boxes) == 0:
            return []
        boxes = [np.asarray(box, dtype=np.float64) / scale for box in found.boxes]
        lengths = [_box_size(box) for box in boxes]
        long_lines = [w for w, h in lengths if w >= _MIN_ASPECT * max(h, 1.0)]
        if not long_lines:
            return []
        widest = max(long_lines)
        chosen = [
            box
            for box, (w, h) in zip(boxes, lengths, strict=True)
            if w >= _MIN_ASPECT * max(h, 1.0) and w >= _MIN_WIDTH_SHARE * widest
        ]
        return sorted(chosen, key=lambda box: float(box[:, 1].mean()))

    def _read(self, bgr: NDArray[np.uint8], boxes: list[NDArray[np.float64]]) -> list[LineReading]:
        from rapidocr.utils.process_img import (  # type: ignore[import-untyped]
            get_rotate_crop_image,
        )

        crops = [get_rotate_crop_image(bgr, box.astype(np.float32)) for box in boxes]
        return [
            LineReading(text, probabilities, corners=box)
            for (text, probabilities), box in zip(self.recognise(crops), boxes, strict=True)
        ]

    def recognise(
        self, bgr_lines: list[NDArray[np.uint8]]
    ) -> list[tuple[str, NDArray[np.float64]]]:
        """Line images (BGR) read in one batch: each text and its character probabilities."""
        import cv2

        if not bgr_lines:
            return []
        recogniser = self.ocr._load_rec_model()
        widths = [
            max(1, int(np.ceil(_REC_HEIGHT_PX * w / max(h, 1))))
            for h, w in (line.shape[:2] for line in bgr_lines)
        ]
        batch = np.zeros((len(bgr_lines), 3, _REC_HEIGHT_PX, max(widths)), dtype=np.float32)
        for i, (line, width) in enumerate(zip(bgr_lines, widths, strict=True)):
            resized = cv2.resize(line, (width, _REC_HEIGHT_PX)).astype(np.float32)
            batch[i, :, :, :width] = (resized.transpose(2, 0, 1) / 255.0 - 0.5) / 0.5
        logits = np.asarray(recogniser.session(batch))
        columns, blank = _mrz_columns(list(recogniser.postprocess_op.character))
        return [_decode(row, columns, blank) for row in logits]


def _mrz_block(boxes: list[NDArray[np.float64]]) -> list[int]:
    """Indices of the likeliest MRZ among lines sorted top to bottom: the lowest run of
    two or three consecutive lines of nearly equal width (an MRZ's lines have the same
    number of characters), else every line.
    """
    widths = [_box_size(box)[0] for box in boxes]
    for end in range(len(boxes) - 1, 0, -1):
        run = [end]
        while run[0] > 0 and len(run) < 3:
            before = run[0] - 1
            if abs(widths[before] - widths[end]) > _SAME_WIDTH * widths[end]:
                break
            run.insert(0, before)
        if len(run) >= 2:
            return run
    return list(range(len(boxes)))


def _looks_complete(texts: list[str]) -> bool:
    """The lines end in a whole MRZ's shape: three lines of 30 characters (TD1), or two
    of 36 (TD2, MRV-B) or 44 (TD3, MRV-A)."""
    lengths = [len(text) for text in texts]
    return lengths[-3:] == [30, 30, 30] or lengths[-2:] in ([36, 36], [44, 44])


def _box_size(box: NDArray[np.float64]) -> tuple[float, float]:
    width = max(np.linalg.norm(box[0] - box[1]), np.linalg.norm(box[2] - box[3]))
    height = max(np.linalg.norm(box[0] - box[3]), np.linalg.norm(box[1] - box[2]))
    return float(width), float(height)


def _resize(rgb: NDArray[np.uint8], scale: float) -> NDArray[np.uint8]:
    import cv2

    height, width = rgb.shape[:2]
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    how = cv2.INTER_AREA if scale < 1.0 else cv2.INTER_LINEAR
    return np.asarray(cv2.resize(rgb, size, interpolation=how), dtype=np.uint8)


@functools.cache
def _engine() -> RapidEngine:
    try:
        from rapidocr import RapidOCR  # type: ignore[import-untyped]
    except ImportError as exc:
        raise ConfigurationError("the OCR models are missing (PyPI package rapidocr)") from exc
    single_thread = {
        "Global.log_level": "error",
        # the page is sized by read_lines; the detector only rounds it to multiples of 32
        "Det.limit_type": "max",
        "Det.limit_side_len": 8 * DETECT_SIDE_PX,
        "EngineConfig.onnxruntime.intra_op_num_threads": 1,
        "EngineConfig.onnxruntime.inter_op_num_threads": 1,
    }
    return RapidEngine(RapidOCR(params=single_thread))
