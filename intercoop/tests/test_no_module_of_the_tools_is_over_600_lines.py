"""No module of the tools is over 600 lines, so that none grows back into a file that holds a
command line, a file format and a helper library at once.

The tools are those the import contract ``tools-pure`` in pyproject.toml lists (a module, or a
package and every module in it), the same list that
``test_the_tools_import_without_django.py`` imports without Django.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from intercoop.tests.test_the_tools_import_without_django import path_of

ROOT = Path(__file__).resolve().parents[2]
MAX_LINES = 600


def _tools() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    (contract,) = [c for c in contracts if c["id"] == "tools-pure"]
    return list(contract["source_modules"])


def _files_of(tool: str) -> list[Path]:
    """The tool's module file, or every module file of the tool's package."""
    path = path_of(tool)
    if path.is_dir():
        return sorted(path.rglob("*.py"))
    return [path.with_suffix(".py")]


TOOLS = _tools()


def test_the_contract_lists_the_tools() -> None:
    assert "intercoop_tools" in TOOLS
    assert "intercoop.directory.search.planner" in TOOLS


@pytest.mark.parametrize("tool", TOOLS)
def test_no_module_of_a_tool_is_over_600_lines(tool: str) -> None:
    files = _files_of(tool)
    assert files, f"{tool}: no module found"
    assert all(file.is_file() for file in files), f"{tool}: not a module or a package"
    lengths = {
        str(file.relative_to(ROOT)): len(file.read_text(encoding="utf-8").splitlines())
        for file in files
    }
    assert {name: n for name, n in lengths.items() if n > MAX_LINES} == {}
