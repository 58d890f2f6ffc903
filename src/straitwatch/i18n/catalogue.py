# SPDX-License-Identifier: EUPL-1.2
"""One language's server messages, read from ``locale/<lang>/LC_MESSAGES/straitwatch.po``.

Messages raised in the code are English sentences, often with values in them
("role dpo may not sensors.read"). A catalogue entry whose ``msgid`` holds ``{name}``
placeholders is a *pattern*: a message it matches is rendered from the ``msgstr`` with
the values found, each value itself translated under the context named after its
placeholder (``msgctxt "role"`` / ``msgid "dpo"``). So every place that raises an error
keeps raising plain English, and the one catalogue decides what the user reads.

>>> fr = catalogue("fr")
>>> fr.translate("role dpo may not sensors.read").startswith("Votre rôle")
True
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib.resources import files
from io import BytesIO

from babel.messages.pofile import read_po

from straitwatch.errors import InvalidInput
from straitwatch.i18n.negotiate import LANGUAGES

__all__ = ["Catalogue", "catalogue"]

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def _pattern(msgid: str) -> re.Pattern[str]:
    """``"alert {alert} is {state}"`` -> a regex with one named group per placeholder."""
    out, pos = [], 0
    for m in _PLACEHOLDER.finditer(msgid):
        out.append(re.escape(msgid[pos : m.start()]))
        out.append(f"(?P<{m.group(1)}>.+?)")
        pos = m.end()
    out.append(re.escape(msgid[pos:]))
    return re.compile("".join(out), re.DOTALL)


@dataclass(frozen=True, slots=True)
class Catalogue:
    """The messages of one language: exact ones, contextual ones and patterns."""

    language: str
    messages: dict[tuple[str | None, str], str]
    patterns: tuple[tuple[re.Pattern[str], str], ...]

    def gettext(self, msgid: str, context: str | None = None) -> str:
        """The translation of ``msgid`` (under ``context``), or ``msgid`` itself."""
        return self.messages.get((context, msgid)) or msgid

    def translate(self, message: str) -> str:
        """``message`` as this language says it: an exact entry, else the first pattern
        that matches it, else the message unchanged."""
        exact = self.messages.get((None, message))
        if exact:
            return exact
        for rx, msgstr in self.patterns:
            m = rx.fullmatch(message)
            if m:
                values = {k: self.gettext(v, context=k) for k, v in m.groupdict().items()}
                return msgstr.format(**values)
        return message


@functools.cache
def catalogue(language: str) -> Catalogue:
    """The catalogue of ``language`` (one of ``en``, ``fr``), read once."""
    if language not in LANGUAGES:
        raise InvalidInput(f"no catalogue for language {language!r}", where="language")
    path = files("straitwatch.i18n") / "locale" / language / "LC_MESSAGES" / "straitwatch.po"
    po = read_po(BytesIO(path.read_bytes()), locale=language)
    messages: dict[tuple[str | None, str], str] = {}
    patterns: list[tuple[re.Pattern[str], str]] = []
    for msg in po:
        if not msg.id or not isinstance(msg.id, str) or not isinstance(msg.string, str):
            continue
        if not msg.string or msg.fuzzy:
            continue
        messages[(msg.context, msg.id)] = msg.string
        if msg.context is None and _PLACEHOLDER.search(msg.id):
            patterns.append((_pattern(msg.id), msg.string))
    # Longer (more specific) patterns first, so "a {x} b {y}" wins over "a {x}".
    patterns.sort(key=lambda p: -len(p[0].pattern))
    return Catalogue(language, messages, tuple(patterns))
