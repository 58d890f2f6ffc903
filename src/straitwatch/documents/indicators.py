# SPDX-License-Identifier: EUPL-1.2
"""Document-fraud indicators beyond the check digits: each a flag with its reason.

Check digits only prove an MRZ agrees with itself. A document specialist also looks at:
a specimen presented as real (published specimen numbers and specimen names), an issuing
state that issues no such document, a document number not in the format its state uses,
an expiry further ahead than the state's validity allows (for the holder's age too), an
implausible holder age, and a nationality other than the issuing state's. The rules are
data (``data/document_rules.yaml``), validated when first loaded; a rule not known for a
state is not applied. A flag asks for a closer look; no flag never means "genuine".

>>> [f.code for f in document_flags(result, today=date(2026, 1, 1))]  # doctest: +SKIP
['specimen_number', 'specimen_state']
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from importlib import resources
from typing import Any

import yaml

from straitwatch.documents.result import MrzResult
from straitwatch.errors import ConfigurationError

__all__ = ["Flag", "FlagCode", "document_flags"]


class FlagCode(StrEnum):
    SPECIMEN_NUMBER = "specimen_number"
    SPECIMEN_NAME = "specimen_name"
    NOT_AN_ISSUING_STATE = "not_an_issuing_state"
    NUMBER_FORMAT = "number_format"
    VALIDITY_TOO_LONG = "validity_too_long"
    HOLDER_AGE = "holder_age"
    NATIONALITY_NOT_ISSUER = "nationality_not_issuer"
    ISSUING_STATE_DATE = "issuing_state_date"
    ISSUE_DATE = "issue_date"
    VIZ_MRZ_MISMATCH = "viz_mrz_mismatch"
    LISTED = "listed_lost_stolen_revoked"


@dataclass(frozen=True, slots=True)
class Flag:
    """One reason to look closer at a document, naming the field and the rule."""

    code: FlagCode
    field: str
    reason: str

    def to_dict(self) -> dict[str, str]:
        return {"code": str(self.code), "field": self.field, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class _Rules:
    specimens: dict[tuple[str, str], str]
    specimen_surnames: frozenset[str]
    not_issuing: dict[str, str]
    own_nationals: dict[str, frozenset[str]]
    number_formats: dict[tuple[str, str], tuple[re.Pattern[str], str]]
    validity: dict[str, dict[str, int]]
    oldest_years: int
    state_dates: dict[str, tuple[date | None, date | None, str]]  # since, until, name


@functools.cache
def _rules() -> _Rules:
    where = "straitwatch/documents/data/document_rules.yaml"
    text = resources.files("straitwatch.documents").joinpath("data/document_rules.yaml")
    try:
        raw: dict[str, Any] = yaml.safe_load(text.read_text(encoding="utf-8"))
        specimens = {
            (str(row["state"]), str(row["number"])): str(row["source"])
            for row in raw["specimen_numbers"]
        }
        formats = {
            (str(state), str(kind)): (re.compile(str(rule["pattern"])), str(rule["says"]))
            for state, kinds in raw["number_formats"].items()
            for kind, rule in kinds.items()
        }
        validity = {
            str(state): {str(k): int(v) for k, v in rule.items()}
            for state, rule in raw["passport_validity"].items()
        }
        if "adult_years" not in validity["default"]:
            raise KeyError("passport_validity.default.adult_years")
        return _Rules(
            specimens=specimens,
            specimen_surnames=frozenset(str(s) for s in raw["specimen_surnames"]),
            not_issuing={str(k): str(v) for k, v in raw["not_issuing_states"].items()},
            own_nationals={
                str(k): frozenset(str(c) for c in v) for k, v in raw["own_nationals"].items()
            },
            number_formats=formats,
            validity=validity,
            oldest_years=int(raw["oldest_holder_years"]),
            state_dates={
                str(code): (_day(rule.get("since")), _day(rule.get("until")), str(rule["name"]))
                for code, rule in raw["issuing_state_dates"].items()
            },
        )
    except (KeyError, TypeError, ValueError, re.error, yaml.YAMLError) as exc:
        raise ConfigurationError(f"{where}: {exc}") from exc


def _day(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)")


def _years_between(earlier: date, later: date) -> float:
    return (later - earlier).days / 365.25


def document_flags(
    result: MrzResult, *, today: date, issued: date | None = None
) -> tuple[Flag, ...]:
    """The indicators ``result`` raises as of ``today`` (none for an unreadable MRZ).

    ``issued`` is the date of issue printed on the page (the MRZ does not carry it), when
    the officer gives it: the expiry is then weighed against it too.
    """
    if not result.readable:
        return ()
    rules = _rules()
    fields = result.fields
    state = fields.get("issuing_state", "")
    number = fields.get("document_number", "")
    kind = fields.get("document_code", "")[:1]
    flags: list[Flag] = []
    source = rules.specimens.get((state, number))
    if source is not None:
        flags.append(
            Flag(
                FlagCode.SPECIMEN_NUMBER,
                "document_number",
                f"{number} is the number of a published specimen ({source})",
            )
        )
    if fields.get("surname", "") in rules.specimen_surnames:
        flags.append(
            Flag(
                FlagCode.SPECIMEN_NAME,
                "surname",
                f"the surname {fields['surname']!r} is printed only on specimens",
            )
        )
    if state in rules.not_issuing:
        flags.append(Flag(FlagCode.NOT_AN_ISSUING_STATE, "issuing_state", rules.not_issuing[state]))
    rule = rules.number_formats.get((state, kind))
    if rule is not None and number and not rule[0].fullmatch(number):
        flags.append(
            Flag(
                FlagCode.NUMBER_FORMAT,
                "document_number",
                f"{number} is not in the format {state} uses for this document ({rule[1]})",
            )
        )
    flags += _dates(result, rules, today, state, kind)
    flags += _issue(result, rules, today, state, kind, issued)
    nationality = fields.get("nationality", "")
    own = rules.own_nationals.get(state, frozenset()) | {state}
    if kind == "P" and nationality and nationality not in own and not nationality.startswith("XX"):
        flags.append(
            Flag(
                FlagCode.NATIONALITY_NOT_ISSUER,
                "nationality",
                f"a passport of {state} for a national of {nationality}: states issue "
                "passports to their own nationals (refugee and stateless documents aside)",
            )
        )
    return tuple(flags)


def _dates(result: MrzResult, rules: _Rules, today: date, state: str, kind: str) -> list[Flag]:
    born = date.fromisoformat(result.dates["birth_date"]) if "birth_date" in result.dates else None
    expires = (
        date.fromisoformat(result.dates["expiry_date"]) if "expiry_date" in result.dates else None
    )
    flags: list[Flag] = []
    if born is not None and expires is not None and born >= expires:
        flags.append(
            Flag(
                FlagCode.HOLDER_AGE,
                "birth_date",
                f"the holder was born ({born.isoformat()}) after the document expires "
                f"({expires.isoformat()})",
            )
        )
    if born is not None and _years_between(born, today) > rules.oldest_years:
        flags.append(
            Flag(
                FlagCode.HOLDER_AGE,
                "birth_date",
                f"the holder would be {int(_years_between(born, today))} years old",
            )
        )
    if kind != "P" or expires is None or expires <= today:
        return flags
    validity = rules.validity.get(state, rules.validity["default"])
    ahead = _years_between(today, expires)
    if ahead > validity["adult_years"] + 0.1:  # a few weeks' grace for renewals
        flags.append(
            Flag(
                FlagCode.VALIDITY_TOO_LONG,
                "expiry_date",
                f"expires {ahead:.1f} years from today; a {state} passport is valid "
                f"for at most {validity['adult_years']} years",
            )
        )
    elif born is not None and "minor_under" in validity:
        age = _years_between(born, today)
        if age < validity["minor_under"] and ahead > validity["minor_years"] + 0.1:
            flags.append(
                Flag(
                    FlagCode.VALIDITY_TOO_LONG,
                    "expiry_date",
                    f"the holder is {int(age)}; a {state} passport for a holder under "
                    f"{validity['minor_under']} is valid for at most "
                    f"{validity['minor_years']} years, this one for {ahead:.1f} more",
                )
            )
    return flags


def _max_validity_years(rules: _Rules, state: str) -> int:
    return rules.validity.get(state, rules.validity["default"])["adult_years"]


def _issue(
    result: MrzResult, rules: _Rules, today: date, state: str, kind: str, issued: date | None
) -> list[Flag]:
    """The issuing state against the dates the document must have been issued between, and
    the date of issue (when given) against today, the holder's birth and the expiry."""
    expires = (
        date.fromisoformat(result.dates["expiry_date"]) if "expiry_date" in result.dates else None
    )
    born = date.fromisoformat(result.dates["birth_date"]) if "birth_date" in result.dates else None
    flags: list[Flag] = []
    since, until, name = rules.state_dates.get(state, (None, None, ""))
    longest = _max_validity_years(rules, state)
    if expires is not None and since is not None and expires <= since:
        flags.append(
            Flag(
                FlagCode.ISSUING_STATE_DATE,
                "issuing_state",
                f"expires {expires.isoformat()}, before {state} issued documents: {name}",
            )
        )
    if expires is not None and until is not None and _years_between(until, expires) > longest:
        flags.append(
            Flag(
                FlagCode.ISSUING_STATE_DATE,
                "issuing_state",
                f"expires {expires.isoformat()}, more than {longest} years after {state} "
                f"ceased to issue documents: {name}",
            )
        )
    if issued is None:
        return flags
    reasons = []
    if issued > today:
        reasons.append(f"issued {issued.isoformat()}, after today")
    if born is not None and issued < born:
        reasons.append(f"issued {issued.isoformat()}, before the holder was born")
    if expires is not None and expires <= issued:
        reasons.append(f"expires {expires.isoformat()}, not after its issue")
    elif expires is not None and kind == "P":
        years = _years_between(issued, expires)
        if years > longest + 0.1:  # a few weeks' grace, as for renewals
            reasons.append(
                f"valid {years:.1f} years from its issue; a {state} passport is valid "
                f"for at most {longest} years"
            )
    flags += [Flag(FlagCode.ISSUE_DATE, "issue_date", reason) for reason in reasons]
    return flags
