# SPDX-License-Identifier: EUPL-1.2
"""Start-up (issue 19): ``straitwatch --help`` imports no command's module, and a command
imports only its own, so no command pays for the others' imports."""

from __future__ import annotations

import importlib
import subprocess
import sys

import typer

from straitwatch.cli.main import COMMANDS, GROUPS

HEAVY = ("sqlalchemy", "fastapi", "alembic", "numpy", "scipy", "pydantic_settings", "rich")


def _imported_after(code: str) -> set[str]:
    probe = f"{code}\nimport sys\nprint(' '.join(sorted(sys.modules)))"
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True, timeout=120
    )
    return set(done.stdout.strip().splitlines()[-1].split())


def test_help_imports_nothing_heavy() -> None:
    modules = _imported_after(
        "import contextlib, io\n"
        "from straitwatch.cli.main import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['--help']) == 0"
    )
    assert "straitwatch.cli.main" in modules
    assert sorted(m for m in modules if m.split(".")[0] in HEAVY) == []
    assert not [
        m for m in modules if m.startswith("straitwatch.cli.") and m != "straitwatch.cli.main"
    ]


def test_the_table_lists_every_command_of_every_module() -> None:
    for name, (module_name, _) in GROUPS.items():
        assert isinstance(importlib.import_module(module_name).app, typer.Typer), name
    registered: dict[str, str] = {}
    for module_name in {module for module, _ in COMMANDS.values()}:
        app = typer.Typer()
        importlib.import_module(module_name).register(app)
        registered |= {str(c.name): module_name for c in app.registered_commands}
    assert registered == {name: module for name, (module, _) in COMMANDS.items()}
