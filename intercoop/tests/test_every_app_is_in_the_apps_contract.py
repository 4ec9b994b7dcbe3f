"""Every app of the platform is a layer of the import contract between apps (``apps`` in
pyproject.toml), so a new app cannot be added outside it: it must be placed above or below the
others, and lint-imports then checks its arrows."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

PACKAGE = Path(__file__).resolve().parents[1]
PYPROJECT = PACKAGE.parent / "pyproject.toml"


def _contract() -> dict[str, Any]:
    contracts = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["tool"]["importlinter"][
        "contracts"
    ]
    (contract,) = [c for c in contracts if c["id"] == "apps"]
    return dict(contract)


def _names_in(layers: list[str]) -> set[str]:
    """The modules a layers contract names: a layer is a name, or names joined by ``|`` (side by
    side) or ``:`` (independent), each perhaps in brackets (optional)."""
    return {
        name.strip()
        for layer in layers
        for name in re.split(r"[|:]", layer.replace("(", "").replace(")", ""))
        if name.strip()
    }


def _apps() -> set[str]:
    return {p.parent.name for p in PACKAGE.glob("*/apps.py") if (p.parent / "__init__.py").exists()}


def test_the_contract_is_over_the_platform_package_and_exhaustive() -> None:
    contract = _contract()
    assert contract["type"] == "layers"
    assert contract["containers"] == ["intercoop"]
    assert contract["exhaustive"] is True


def test_every_app_is_a_layer_of_the_contract() -> None:
    apps = _apps()
    assert {"core", "accounts", "organizations", "directory", "governance", "ballots"} <= apps
    missing = apps - _names_in(_contract()["layers"])
    assert not missing, f"Apps missing from the contract 'apps' in pyproject.toml: {missing}"


def test_no_app_is_left_out_as_wiring() -> None:
    contract = _contract()
    assert not _apps() & set(contract.get("exhaustive_ignores", []))
