"""The official test material the credential core's tests read: the standards copied beside
the checkout (../shared/standards), never anything from the network."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import intercoop

STANDARDS = Path(intercoop.__file__).resolve().parents[2] / "shared/standards"
EDDSA = STANDARDS / "vc-di-eddsa/TestVectors"
OB3 = STANDARDS / "ob3-eddsa-rdfc-2022"
RDF_CANON = STANDARDS / "rdf-canon/tests"


def load(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def text(path: Path) -> str:
    return path.read_text(encoding="utf-8")
