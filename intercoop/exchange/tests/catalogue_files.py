"""Catalogue files the catalogue tests share: a small CSV catalogue, and the OFN DFC files."""

from __future__ import annotations

from pathlib import Path

import intercoop
from intercoop.testing.requirements import require

OFFICIAL = Path(intercoop.__file__).resolve().parents[2] / "shared/standards/dfc"

HEADER = "sku,name,description,unit,quantity,case_size,price,currency,vat_rate,available\n"
APPLES = "APL-1,Apples,Crisp and sweet,kg,1,6,2.50,EUR,5.5,40\n"
FLOUR = "FLR-5,Flour T80,,kg,5,1,7.20,EUR,5.5,\n"
JUICE = "JUI-1,Apple juice,,l,0.75,12,3.10,EUR,20,0\n"
CATALOGUE = (HEADER + APPLES + FLOUR + JUICE).encode()


def ofn_file(name: str) -> bytes:
    path = OFFICIAL / name
    require(path.is_file(), f"the DFC file {path} is missing")
    return path.read_bytes()
