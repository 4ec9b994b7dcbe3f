"""The Django-free tools import with Django and the platform's other dependencies unimportable.

The import contract ``tools-pure`` in pyproject.toml checks the tools' imports in the source; this
test checks them where they run: each tool's modules are imported in a fresh interpreter in which
``import django`` (and every other dependency the contract forbids) fails, and the interpreter
may then hold no module of the platform but the tools and the packages that contain them. The
tools and the forbidden dependencies are read from the contracts, so the two checks cover the
same modules.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Run in the child: make the forbidden packages unimportable, import the modules, print the
# platform's modules then loaded.
CHILD = """
import importlib, json, sys
blocked, modules = json.loads(sys.argv[1])
for name in blocked:
    sys.modules[name] = None
for name in modules:
    importlib.import_module(name)
print(json.dumps(sorted(
    name for name in sys.modules if name.split(".")[0] in {"intercoop", "intercoop_tools"}
)))
"""


def _contract(contract_id: str) -> dict[str, Any]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = [c for c in config["tool"]["importlinter"]["contracts"] if c["id"] == contract_id]
    return contract


TOOLS: list[str] = _contract("tools-pure")["source_modules"]
BLOCKED = sorted(
    name
    for contract_id in ("tools-pure", "planner-packages-pure")
    for name in _contract(contract_id)["forbidden_modules"]
    if not name.startswith("intercoop")
)
# Importing a tool runs the __init__ of the packages above it.
PACKAGES = set(_contract("planner-packages-pure")["source_modules"])


def path_of(module: str) -> Path:
    """Where a module or package of the repository is, without the extension: the tools are in
    ``tools/`` (their own distribution), the platform at the root."""
    parts = module.split(".")
    return (
        ROOT.joinpath("tools", *parts) if parts[0] == "intercoop_tools" else ROOT.joinpath(*parts)
    )


def _modules_of(tool: str) -> list[str]:
    """The tool's module, or every module of the tool's package (but ``__main__``, which runs)."""
    path = path_of(tool)
    if not path.is_dir():
        return [tool]
    return [tool] + [
        ".".join((*tool.split("."), *file.relative_to(path).with_suffix("").parts))
        for file in sorted(path.rglob("*.py"))
        if file.stem not in {"__init__", "__main__"}
    ]


def _is_allowed(name: str, tool: str) -> bool:
    """A module the tool may load: its own, and for the planner the packages above it."""
    own = name == tool or name.startswith(tool + ".")
    return own or (not tool.startswith("intercoop_tools") and name in PACKAGES)


def test_the_contracts_name_the_tools_and_django() -> None:
    assert "intercoop_tools" in TOOLS
    assert "intercoop.directory.search.planner" in TOOLS
    assert "django" in BLOCKED


@pytest.mark.parametrize("tool", TOOLS)
def test_a_tool_imports_with_django_unimportable(tool: str) -> None:
    modules = _modules_of(tool)
    child = subprocess.run(  # noqa: S603 -- our own interpreter and our own modules
        [sys.executable, "-c", CHILD, json.dumps([BLOCKED, modules])],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert child.returncode == 0, child.stderr
    loaded = json.loads(child.stdout)
    assert set(modules) <= set(loaded)
    assert [name for name in loaded if not _is_allowed(name, tool)] == []
