# SPDX-License-Identifier: EUPL-1.2
"""Which language a request is answered in: the user's choice (the ``sw_lang`` cookie the
page shell's language switch sets), else the browser's ``Accept-Language``, else English.

>>> choose_language(cookie=None, accept_language="de-DE,fr;q=0.8,en;q=0.5")
'fr'
>>> choose_language(cookie="en", accept_language="fr")
'en'
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = [
    "DEFAULT_LANGUAGE",
    "LANGUAGES",
    "LANG_COOKIE",
    "choose_language",
    "terminal_language",
]

LANGUAGES: tuple[str, ...] = ("en", "fr")
DEFAULT_LANGUAGE = "en"
LANG_COOKIE = "sw_lang"


def _ranked(accept_language: str) -> list[str]:
    """Primary language tags of an ``Accept-Language`` header, best first."""
    weighted: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept_language.split(",")):
        tag, _, params = part.strip().partition(";")
        q = 1.0
        for p in params.split(";"):
            key, _, value = p.strip().partition("=")
            if key == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if tag:
            weighted.append((-q, i, tag.split("-")[0].lower()))
    return [tag for q, _, tag in sorted(weighted) if q < 0]


def choose_language(*, cookie: str | None, accept_language: str | None) -> str:
    """The language to answer in, one of :data:`LANGUAGES`."""
    if cookie in LANGUAGES:
        return cookie
    for tag in _ranked(accept_language or ""):
        if tag in LANGUAGES:
            return tag
    return DEFAULT_LANGUAGE


def terminal_language(env: Mapping[str, str]) -> str:
    """The language of a command's output: ``STRAITWATCH_LANG``, else the POSIX locale
    variables (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else English.

    >>> terminal_language({"LANG": "fr_FR.UTF-8"})
    'fr'
    >>> terminal_language({"STRAITWATCH_LANG": "en", "LANG": "fr_FR.UTF-8"})
    'en'
    """
    for name in ("STRAITWATCH_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for part in env.get(name, "").split(":"):
            tag = part[:2].lower()
            if tag in LANGUAGES:
                return tag
    return DEFAULT_LANGUAGE
