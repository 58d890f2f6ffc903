"""Password hashing (argon2id) and the strength rule for new passwords."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from straitwatch.errors import InvalidInput

__all__ = ["check_strength", "hash_password", "verify_password"]

_HASHER = PasswordHasher()
_COMMON = frozenset(
    {"password", "passw0rd", "123456789012", "qwertyuiopas", "letmein", "changeme", "admin"}
)
MIN_LENGTH = 12


def check_strength(password: str) -> None:
    """Refuse weak passwords: at least 12 characters and three kinds of character
    (lower, upper, digit, other), or a passphrase of 20 characters or more.

    >>> check_strength("Tide-Gris-Nez-2024")
    >>> check_strength("short")
    Traceback (most recent call last):
    ...
    straitwatch.errors.InvalidInput: weak password: fewer than 12 characters
    """
    if len(password) < MIN_LENGTH:
        raise InvalidInput(f"weak password: fewer than {MIN_LENGTH} characters")
    if password.lower() in _COMMON or len(set(password)) < 5:
        raise InvalidInput("weak password: too common or too repetitive")
    kinds = sum(
        (
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        )
    )
    if kinds < 3 and len(password) < 20:
        raise InvalidInput(
            "weak password: use three of lower case, upper case, digits and symbols, "
            "or a passphrase of 20 characters or more"
        )


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; never raises for a wrong or malformed hash."""
    try:
        return _HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False
