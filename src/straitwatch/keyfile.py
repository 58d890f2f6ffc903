# SPDX-License-Identifier: EUPL-1.2
"""Installation keys kept in files beside the store (``var/``), readable by their owner only.

A key that is not configured is generated once per installation, the first time it is
needed, and kept in ``<data_dir>/<name>`` with mode 0600; a key file that others can read
is refused (the key would no longer be secret).

>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> key = installation_key(folder / "secret_key")
>>> key == installation_key(folder / "secret_key"), len(key) >= 32
(True, True)
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from straitwatch.errors import ConfigurationError

__all__ = ["installation_key"]

_MIN_CHARS = 32


def installation_key(path: Path) -> str:
    """The key kept at ``path``, generated (256 bits, mode 0600) when there is none yet."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return _read(path)
    except OSError as exc:
        raise ConfigurationError(f"cannot create key file {path}: {exc.strerror}") from exc
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(secrets.token_urlsafe(48) + "\n")
    return _read(path)


def _read(path: Path) -> str:
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigurationError(f"cannot read key file {path}: {exc}") from exc
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ConfigurationError(
            f"key file {path} can be read by other users: `chmod 600 {path}` (or configure "
            "the key in the environment)"
        )
    if len(text) < _MIN_CHARS:
        raise ConfigurationError(f"key file {path} holds fewer than {_MIN_CHARS} characters")
    return text
