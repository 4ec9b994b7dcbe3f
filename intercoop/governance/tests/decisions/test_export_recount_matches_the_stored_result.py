"""The anonymous ballot bundle of every method, weighted or not, recounted by `intercoop
recount`, gives the result stored at the close; ballots-weighted.blt recounted as a plain BLT
file elects the same candidates; the bundle names no voter."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from intercoop.governance.models import Member
from intercoop.governance.services.decisions import decision_close
from intercoop.governance.tests.conftest import Governance
from intercoop.governance.tests.decisions.conftest import MakeDecision, cast, result

pytestmark = pytest.mark.django_db

A, B, C, D = "Anne", "Brian", "Carol", "Dan"
RANKED = [[A, B], [B, C, A], [C], [D, A], [A, C], [B, A], [C, B], [A], [], [D, C, B]]
BALLOTS: dict[str, list[Any]] = {
    "single": [[A], [B], [C], [D], [A], [B], [B], [A], [], [C]],
    "yes_no": [["Yes"], ["No"], ["Yes"], ["Yes"], ["No"], [], ["Yes"], ["No"], ["Yes"], ["No"]],
    "consent": [
        ["Agree"],
        ["Abstain"],
        ["Agree"],
        ["Disagree"],
        ["Agree"],
        [],
        ["Agree"],
        ["Disagree"],
        ["Agree"],
        ["Abstain"],
    ],
    "approval": [[A, B], [B], [C, D], [D], [A], [A, B, C], [], [B], [A, D], [C]],
    "score": [
        {A: 5, B: 1},
        {B: 4},
        {C: 3, D: 0},
        {D: 5},
        {A: 2},
        {},
        {B: 5, C: 5},
        {A: 1},
        {C: 2},
        {D: 4, A: 4},
    ],
    "irv": RANKED,
    "stv_scottish": RANKED,
    "stv_meek": RANKED,
    "schulze": RANKED,
}


def recount(path: Path, *args: str) -> dict[str, Any]:
    out = io.StringIO()
    call_command("recount", str(path), *args, stdout=out)
    parsed: dict[str, Any] = json.loads(out.getvalue())
    return parsed


@pytest.mark.parametrize("weighted", [True, False], ids=["weighted", "unweighted"])
@pytest.mark.parametrize("method", list(BALLOTS))
def test_the_recount_of_the_export_equals_the_stored_result(
    governance: Governance,
    voters: list[Member],
    make_decision: MakeDecision,
    tmp_path: Path,
    method: str,
    weighted: bool,
) -> None:
    if not weighted:
        governance.rules.colleges.update(weight_percent=None)
    seats = 2 if method in ("stv_scottish", "stv_meek", "approval", "schulze") else 1
    decision = make_decision(method, (A, B, C, D), seats=seats, secrecy="secret")
    for member, ballot in zip(voters, BALLOTS[method], strict=True):
        cast(decision, member, ballot)
    decision = decision_close(decision=decision, by=governance.personas.alice)

    response = governance.personas.client_for("bob").get(
        f"/en/orgs/coop-a/decisions/{decision.pk}/ballots.zip"
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    bundle = tmp_path / "ballots.zip"
    bundle.write_bytes(response.content)

    recounted = recount(bundle)
    stored = result(decision)
    assert recounted["overall"] == stored["overall"]
    assert recounted["outcome"] == stored["outcome"]
    assert recounted["colleges"] == stored["colleges"]
    assert recounted["weighted"] is weighted

    with zipfile.ZipFile(bundle) as archive:
        manifest = json.loads(archive.read("manifest.json"))
        names = set(archive.namelist())
        text = "".join(archive.read(n).decode() for n in names)
    assert manifest["roll"]["hash"] == decision.roll_hash
    assert manifest["roll"]["size"] == 10
    assert manifest["result"]["overall"] == stored["overall"]
    assert sum(c["ballots"] for c in manifest["colleges"]) == 10
    for member in voters:
        assert member.name not in text and member.number not in text
    if weighted and decision.ranked:
        assert "ballots-weighted.blt" in names
        weighted_file = tmp_path / "weighted.blt"
        with zipfile.ZipFile(bundle) as archive:
            weighted_file.write_bytes(archive.read("ballots-weighted.blt"))
        engine = manifest["engine_method"]
        plain = recount(weighted_file, "--method", engine, "--seats", str(seats))
        assert plain["winners"] == stored["overall"]["winners"]
    else:
        assert "ballots-weighted.blt" not in names


def test_a_decision_still_open_has_no_export(
    governance: Governance, voters: list[Member], make_decision: MakeDecision
) -> None:
    decision = make_decision("single")
    cast(decision, voters[0], [A])
    response = governance.personas.client_for("alice").get(
        f"/en/orgs/coop-a/decisions/{decision.pk}/ballots.zip"
    )
    assert response.status_code == 404


def test_a_damaged_bundle_is_refused_clearly(tmp_path: Path) -> None:
    from django.core.management.base import CommandError

    path = tmp_path / "broken.zip"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", json.dumps({"format": "intercoop-ballots/1"}))
    path.write_bytes(buffer.getvalue())
    with pytest.raises(CommandError, match=r"manifest\.json is incomplete"):
        call_command("recount", str(path))
