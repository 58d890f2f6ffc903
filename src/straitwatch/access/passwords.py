# SPDX-License-Identifier: EUPL-1.2
"""Password hashing (argon2id) and the rule for new passwords (NIST SP 800-63B).

The rule is the one SP 800-63B (rev. 4, §3.1.1.2) sets for a password used on its own:
at least 15 characters, up to 256 accepted, every printable character and space allowed,
**no composition rules** (no "one upper case, one digit"), and a check against a list of
passwords known from breaches (the 30,000 most common ones of the Xato corpus, shipped by
the ``zxcvbn`` package, MIT), words from the context (the user name, the service) and
repetitive or sequential strings.

>>> check_strength("Tide-Gris-Nez-2024")
>>> check_strength("Password1234")
Traceback (most recent call last):
...
straitwatch.errors.InvalidInput: weak password: fewer than 15 characters
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from straitwatch.errors import InvalidInput

__all__ = [
    "MAX_LENGTH",
    "MIN_LENGTH",
    "check_strength",
    "dummy_verify",
    "hash_password",
    "verify_password",
]

_HASHER = PasswordHasher()
MIN_LENGTH = 15
MAX_LENGTH = 256
_SERVICE_WORDS = ("straitwatch", "strait", "channel", "border", "password", "passw0rd")
_EDGES = re.compile(r"^[\W\d_]+|[\W\d_]+$")


@cache
def _breached() -> frozenset[str]:
    """The common/breached password list (loaded on first use, not at import)."""
    from zxcvbn.frequency_lists import FREQUENCY_LISTS  # type: ignore[import-untyped]

    return frozenset(FREQUENCY_LISTS["passwords"])


def _candidates(password: str) -> set[str]:
    """The password as a guesser would try it: lower case, and with the digits and
    symbols people add at either end stripped (``Password1234!`` -> ``password``)."""
    low = password.lower()
    core = _EDGES.sub("", low)
    return {low, core, core.replace(" ", "")} - {""}


def check_strength(password: str, *, context: Iterable[str] = ()) -> None:
    """Refuse a password SP 800-63B says must not be used; ``context`` holds words of the
    account (its user name) that must not make up the password.

    >>> check_strength("a quiet harbour at dawn")
    >>> check_strength("dragon-dragon-2024!!")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    straitwatch.errors.InvalidInput: weak password: too common (found in lists of ...)
    """
    if len(password) < MIN_LENGTH:
        raise InvalidInput(f"weak password: fewer than {MIN_LENGTH} characters")
    if len(password) > MAX_LENGTH:
        raise InvalidInput(f"password longer than {MAX_LENGTH} characters")
    candidates = _candidates(password)
    breached = _breached()
    if any(c in breached for c in candidates) or any(
        _repeats_breached(c, breached) for c in candidates
    ):
        raise InvalidInput("weak password: too common (found in lists of breached passwords)")
    words = [w.lower() for w in (*context, *_SERVICE_WORDS) if len(w) >= 4]
    rest = password.lower()
    for w in sorted(words, key=len, reverse=True):
        rest = rest.replace(w, "")
    if not re.sub(r"[\W\d_]", "", rest):  # nothing but those words, digits and symbols
        raise InvalidInput("weak password: made of the user name or the service's name")
    if len(set(password)) < 5 or _sequential(password.lower()):
        raise InvalidInput("weak password: repetitive or sequential characters")


def _repeats_breached(candidate: str, breached: frozenset[str]) -> bool:
    """``dragon-dragon``, ``qwertyqwerty``: one common password said again."""
    parts = [p for p in re.split(r"[\W_]+", candidate) if p]
    if len(parts) > 1 and len(set(parts)) == 1:
        return parts[0] in breached
    n = len(candidate)
    return any(
        n % k == 0 and candidate[:k] * (n // k) == candidate and candidate[:k] in breached
        for k in range(3, n // 2 + 1)
    )


def _sequential(text: str) -> bool:
    steps = {ord(b) - ord(a) for a, b in itertools.pairwise(text)}
    return len(steps) == 1 and steps <= {1, -1}


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


@cache
def _dummy_hash() -> str:
    return _HASHER.hash("straitwatch: no such user, same work")


def dummy_verify(password: str) -> None:
    """Do the work of one password check against nothing, so that a login for a user who
    does not exist takes as long as one for a user who does."""
    verify_password(_dummy_hash(), password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; never raises for a wrong or malformed hash."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
