# SPDX-License-Identifier: EUPL-1.2
"""straitwatch is EUPL-1.2, and nothing it needs to run is GPL-only (issue 19).

The core dependencies (``[project] dependencies``, followed through their own, extras
left out) are read from the installed packages' metadata: SPDX ``License-Expression``
where a package declares one, else its licence classifiers and ``License`` field. A
package offering a GPL licence among others (odfpy: Apache-2.0, GPL or LGPL) is fine; the
LGPL (psycopg, pycountry) is not the GPL. The dev and bench extras are not checked: they
never ship.
"""

from __future__ import annotations

import re
from importlib.metadata import Distribution, PackageNotFoundError, distribution
from pathlib import Path

from packaging.requirements import Requirement

_GPL = re.compile(r"(?<![L])\bA?GPL\b|(?<!Lesser )(?<!Library )General Public License")


def _core() -> dict[str, Distribution]:
    found: dict[str, Distribution] = {}
    todo = [Requirement(r) for r in distribution("straitwatch").requires or []]
    while todo:
        req = todo.pop()
        if req.marker is not None and not req.marker.evaluate({"extra": ""}):
            continue
        key = re.sub(r"[-_.]+", "-", req.name).lower()
        if key in found:
            continue
        try:
            found[key] = dist = distribution(req.name)
        except PackageNotFoundError:
            continue  # a platform-specific requirement not installed here
        todo += [Requirement(r) for r in dist.requires or []]
    return found


def gpl_only(dist: Distribution) -> bool:
    """Whether every licence ``dist`` offers is the GPL (or AGPL)."""
    meta = dist.metadata
    expression = meta.get("License-Expression")
    if expression:
        choices = re.split(r"\bOR\b", expression.replace("(", " ").replace(")", " "))
        return all(_GPL.search(choice) for choice in choices)
    classifiers = [c for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
    named = [c.split("::")[-1] for c in classifiers if "OSI Approved :: " in c or c.count("::") > 1]
    named = [n for n in named if n.strip() not in ("OSI Approved",)]
    if named:
        return all(_GPL.search(n) for n in named)
    return bool(_GPL.search((meta.get("License") or "")[:300]))


def test_straitwatch_is_eupl() -> None:
    meta = distribution("straitwatch").metadata
    assert meta.get("License-Expression") == "EUPL-1.2"


def test_no_core_dependency_is_gpl_only() -> None:
    core = _core()
    assert {"fastapi", "sqlalchemy", "numpy", "psycopg", "odfpy"} <= set(core)
    offenders = {
        name: dist.metadata.get("License") for name, dist in core.items() if gpl_only(dist)
    }
    assert offenders == {}


def test_the_check_tells_gpl_from_lgpl_and_choices() -> None:
    class Fake(Distribution):
        def __init__(self, **fields: str | list[str]) -> None:
            self.fields = fields

        def read_text(self, filename: str) -> str | None:
            if filename != "METADATA":
                return None
            lines = ["Metadata-Version: 2.4", "Name: fake"]
            for key, value in self.fields.items():
                for item in value if isinstance(value, list) else [value]:
                    lines.append(f"{key.replace('_', '-')}: {item}")
            return "\n".join(lines) + "\n\n"

        def locate_file(self, path: object) -> object:
            return path

    gpl = "License :: OSI Approved :: GNU General Public License v3 (GPLv3)"
    lgpl = "License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)"
    apache = "License :: OSI Approved :: Apache Software License"
    assert gpl_only(Fake(License_Expression="GPL-3.0-or-later"))
    assert gpl_only(Fake(License_Expression="GPL-2.0-only AND MIT"))
    assert not gpl_only(Fake(License_Expression="LGPL-3.0-only"))
    assert not gpl_only(Fake(License_Expression="GPL-2.0-only OR Apache-2.0"))
    assert gpl_only(Fake(Classifier=[gpl]))
    assert not gpl_only(Fake(Classifier=[gpl, apache, lgpl]))
    assert not gpl_only(Fake(Classifier=[lgpl]))
    assert gpl_only(Fake(License="GNU General Public License v2"))
    assert not gpl_only(Fake(License="MIT"))


SOURCE_SUFFIXES = (".py", ".js", ".mjs", ".css", ".sh")


def test_every_source_file_names_its_licence() -> None:
    """Our own source files carry an SPDX EUPL-1.2 line at the top; bundled third-party
    files (the web vendor folder, built from npm) keep their own notices."""
    root = Path(__file__).resolve().parents[1]
    folders = [root / name for name in ("src", "tests", "bench", "scripts", "web")]
    missing = [
        str(path.relative_to(root))
        for folder in folders
        for path in folder.rglob("*")
        if path.suffix in SOURCE_SUFFIXES
        and not {"vendor", "node_modules", "__pycache__"} & set(path.parts)
        and "SPDX-License-Identifier: EUPL-1.2" not in path.read_text(encoding="utf-8")[:300]
    ]
    assert missing == [], f"source files without the SPDX line: {missing[:20]}"
