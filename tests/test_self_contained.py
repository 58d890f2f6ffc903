# SPDX-License-Identifier: EUPL-1.2
"""The repository carries what its tests, demo and benchmarks read (issue 19, item 4).

A clone outside the workspace has no ``../shared``; code that reaches for it fails there.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# A path built to the workspace's shared folder: '/ "shared"' or '../shared/data'.
REACHES_OUT = re.compile(r"""/\s*["']shared["']|\.\./shared/data""")
# Benchmarks may name it in their help (a larger data set a user can point them at) but
# never build a path to it.
BUILDS_PATH = re.compile(r"""/\s*["']shared["']|["']\.\./shared""")


def test_no_code_reads_the_workspace_shared_folder() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for folder, pattern in (
            ("src", REACHES_OUT),
            ("tests", REACHES_OUT),
            ("scripts", REACHES_OUT),
            ("bench", BUILDS_PATH),
        )
        for path in sorted((ROOT / folder).rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line) and path != Path(__file__).resolve()
    ]
    assert offenders == []


def test_vendored_data_carries_its_attribution() -> None:
    data = ROOT / "tests" / "data"
    for folder in ("ais", "flows", "documents"):
        sources = (data / folder / "SOURCES.md").read_text(encoding="utf-8")
        assert "Licence" in sources or "licence" in sources.lower()
        for path in (data / folder).rglob("*"):
            assert path.exists(), f"{path} is a broken link"
            if path.is_file() and path.parent.name != "passporteye":
                assert path.name in sources, f"{path.name} is not in its SOURCES.md"
