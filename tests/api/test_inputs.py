# SPDX-License-Identifier: EUPL-1.2
"""Request input is checked in one place (``straitwatch.api.inputs``), not per router."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from pydantic import ValidationError

import straitwatch.api.routers as routers_pkg
from straitwatch.api.inputs import RequestBody

ROUTERS = Path(routers_pkg.__file__).parent


class _Entities(RequestBody):
    entities: list[dict[str, object]]
    note: str | None = None


def test_nul_is_refused_at_any_depth_naming_the_field() -> None:
    assert _Entities(entities=[{"name": ["Ann"]}]).entities[0] == {"name": ["Ann"]}
    for bad in ([{"name": ["A\x00nn"]}], [{"na\x00me": "x"}]):
        with pytest.raises(ValidationError) as caught:
            _Entities(entities=bad)
        assert caught.value.errors()[0]["loc"] == ("entities",)
        assert "NUL" in caught.value.errors()[0]["msg"]
    with pytest.raises(ValidationError):
        _Entities(entities=[], note="\x00")


def _bases(tree: ast.Module) -> list[tuple[str, str]]:
    return [
        (node.name, base.id)
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        for base in node.bases
        if isinstance(base, ast.Name)
    ]


def test_no_router_writes_its_own_body_validator() -> None:
    """Every request body in a router is a RequestBody (or built on one), and no router
    declares its own field validator or NUL pattern."""
    for path in sorted(ROUTERS.glob("*.py")):
        text = path.read_text("utf-8")
        tree = ast.parse(text)
        assert [name for name, base in _bases(tree) if base == "BaseModel"] == [], path.name
        assert "field_validator" not in text, path.name
        assert "\\x00" not in text, path.name
