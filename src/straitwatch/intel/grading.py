# SPDX-License-Identifier: EUPL-1.2
"""Evaluation scales and handling codes as data (``data/grading.yaml``), the grade a provider
gave, its normalised form for sorting, and translation between partners' scales.

A grade is kept exactly as given (scale + source code + information code); the normalised
grade is derived by the mapping stated in ``grading.yaml`` (scores 0–100 per axis).

>>> g = parse_grade("uk_3x5x2", "1", "b")
>>> (g.source, g.information, g.normalised)
('1', 'B', (100, 75))
>>> translate_grade(g, "europol_4x4").as_text
'europol_4x4 A3'
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

import yaml

from straitwatch.errors import ConfigurationError, InvalidInput

__all__ = [
    "Code",
    "Effect",
    "Grade",
    "HandlingCode",
    "Scale",
    "agency_scale",
    "handling_code",
    "parse_grade",
    "scale",
    "scales",
    "translate_grade",
    "translate_handling",
]


class Effect(StrEnum):
    """What a dissemination outside the providing agency needs under a handling code."""

    PERMIT = "permit"
    CONDITIONS = "conditions"
    PERMISSION = "permission"
    REFUSE = "refuse"


@dataclass(frozen=True, slots=True)
class Code:
    """One code of one axis of a scale, e.g. 3x5x2 source ``1`` "reliable" (score 100)."""

    code: str
    label: str
    score: int


@dataclass(frozen=True, slots=True)
class HandlingCode:
    """A handling code of a scale and what it means for dissemination."""

    scale: str
    code: str
    label: str
    effect: Effect
    rank: int
    banner: str | None = None
    needs_conditions: bool = False

    @property
    def as_text(self) -> str:
        return f"{self.scale} {self.code}"


@dataclass(frozen=True, slots=True)
class Scale:
    name: str
    label: str
    source: dict[str, Code]
    information: dict[str, Code]
    handling: dict[str, HandlingCode]


@dataclass(frozen=True, slots=True)
class Grade:
    """A grade as its provider gave it; ``normalised`` is (source score, information score)."""

    scale: str
    source: str
    information: str

    @property
    def normalised(self) -> tuple[int, int]:
        s = scale(self.scale)
        return (s.source[self.source].score, s.information[self.information].score)

    @property
    def sort_key(self) -> int:
        """0 (worst) to 200 (best): the sum of the normalised scores."""
        return sum(self.normalised)

    @property
    def as_text(self) -> str:
        return f"{self.scale} {self.source}{self.information}"


def _load(name: str) -> Any:
    text = resources.files("straitwatch.intel").joinpath("data", name).read_text("utf-8")
    return yaml.safe_load(text)


def _codes(where: str, raw: Any) -> dict[str, Code]:
    if not isinstance(raw, dict) or not raw:
        raise ConfigurationError(f"grading.yaml {where}: expected a mapping of codes")
    out = {}
    for code, spec in raw.items():
        score = spec.get("score") if isinstance(spec, dict) else None
        if not isinstance(score, int) or not 0 <= score <= 100:
            raise ConfigurationError(f"grading.yaml {where}.{code}: score must be 0..100")
        out[str(code)] = Code(str(code), str(spec["label"]), score)
    return out


@cache
def scales() -> dict[str, Scale]:
    """Every declared scale by name, validated once."""
    raw = _load("grading.yaml")
    if not isinstance(raw, dict) or not isinstance(raw.get("scales"), dict):
        raise ConfigurationError("grading.yaml: expected a top-level 'scales' mapping")
    out: dict[str, Scale] = {}
    for name, spec in raw["scales"].items():
        handling: dict[str, HandlingCode] = {}
        for code, h in (spec.get("handling") or {}).items():
            try:
                handling[str(code)] = HandlingCode(
                    scale=name,
                    code=str(code),
                    label=str(h["label"]),
                    effect=Effect(h["effect"]),
                    rank=int(h["rank"]),
                    banner=h.get("banner"),
                    needs_conditions=bool(h.get("needs_conditions", False)),
                )
            except (KeyError, ValueError, TypeError) as exc:
                raise ConfigurationError(f"grading.yaml {name}.handling.{code}: {exc}") from exc
        out[name] = Scale(
            name=name,
            label=str(spec["label"]),
            source=_codes(f"{name}.source", spec.get("source")),
            information=_codes(f"{name}.information", spec.get("information")),
            handling=handling,
        )
    return out


def scale(name: str) -> Scale:
    """The scale called ``name``, or :class:`InvalidInput` listing the known ones."""
    try:
        return scales()[name]
    except KeyError:
        raise InvalidInput(
            f"unknown grading scale {name!r} (known: {', '.join(scales())})"
        ) from None


def _pick(codes: dict[str, Code] | dict[str, HandlingCode], value: str, what: str) -> str:
    key = value.strip().upper()
    if key not in codes:
        raise InvalidInput(f"{what} {value!r} is not one of {', '.join(codes)}")
    return key


def parse_grade(scale_name: str, source: str, information: str) -> Grade:
    """Validate a grade as given (codes are case-insensitive and stored upper-case)."""
    s = scale(scale_name)
    return Grade(
        s.name,
        _pick(s.source, source, f"{s.label} source code"),
        _pick(s.information, information, f"{s.label} information code"),
    )


def handling_code(scale_name: str, code: str) -> HandlingCode:
    """The handling code ``code`` of ``scale_name`` (3x5x2 P/C, 5x5x5 1–5, SIENA H0–H3)."""
    s = scale(scale_name)
    if not s.handling:
        with_codes = ", ".join(n for n, sc in scales().items() if sc.handling)
        raise InvalidInput(f"{s.label} has no handling codes: use one of {with_codes}")
    return s.handling[_pick(s.handling, code, f"{s.label} handling code")]


@dataclass(frozen=True, slots=True)
class _Direction:
    source: dict[str, str]
    information: dict[str, str]
    handling: dict[str, str]


@cache
def _translations() -> dict[tuple[str, str], _Direction]:
    raw = _load("translations.yaml")
    if not isinstance(raw, list):
        raise ConfigurationError("translations.yaml: expected a list of directions")
    out: dict[tuple[str, str], _Direction] = {}
    for i, item in enumerate(raw):
        src, dst = scales().get(item.get("from")), scales().get(item.get("to"))
        if src is None or dst is None:
            raise ConfigurationError(f"translations.yaml entry {i}: unknown scale")
        d = _Direction(
            *(
                {str(k): str(v) for k, v in (item.get(axis) or {}).items()}
                for axis in ("source", "information", "handling")
            )
        )
        for axis, a, b in (
            ("source", src.source, dst.source),
            ("information", src.information, dst.information),
            ("handling", src.handling, dst.handling),
        ):
            mapping = getattr(d, axis)
            bad = [f"{k}->{v}" for k, v in mapping.items() if k not in a or v not in b]
            if bad or (axis != "handling" and set(mapping) != set(a)):
                raise ConfigurationError(
                    f"translations.yaml {src.name}->{dst.name} {axis}: unknown or missing "
                    f"codes {bad or sorted(set(a) - set(mapping))}"
                )
        for k, v in d.handling.items():
            if dst.handling[v].rank < src.handling[k].rank:
                raise ConfigurationError(
                    f"translations.yaml {src.name}->{dst.name}: {k}->{v} relaxes the code"
                )
        out[(src.name, dst.name)] = d
    return out


def _direction(frm: str, to: str) -> _Direction:
    try:
        return _translations()[(frm, to)]
    except KeyError:
        raise InvalidInput(f"no translation declared from {frm} to {to}") from None


def translate_grade(grade: Grade, to: str) -> Grade:
    """The grade in the receiving partner's scale, by the declared table for that direction."""
    if grade.scale == to:
        return grade
    d = _direction(grade.scale, to)
    return Grade(to, d.source[grade.source], d.information[grade.information])


def translate_handling(code: HandlingCode, to: str) -> HandlingCode | None:
    """The equally strict code in ``to``, or ``None`` when there is none (keep the original)."""
    if code.scale == to:
        return code
    target = _direction(code.scale, to).handling.get(code.code)
    return scale(to).handling[target] if target else None


@cache
def _agency_scales() -> dict[str, str]:
    raw = _load("agency_scales.yaml")
    if not isinstance(raw, dict) or any(v not in scales() for v in raw.values()):
        raise ConfigurationError("agency_scales.yaml: expected agency: known scale name")
    return {str(k): str(v) for k, v in raw.items()}


def agency_scale(agency_code: str) -> str | None:
    """The scale an agency's analysts work in (``data/agency_scales.yaml``), if declared."""
    return _agency_scales().get(agency_code)
