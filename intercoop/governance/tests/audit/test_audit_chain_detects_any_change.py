"""The audit log is hash-chained: verification passes on the log as written and fails, at the
right entry, when any entry is changed, removed or reordered."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from intercoop.governance import audit
from intercoop.governance.models import AuditEntry
from intercoop.governance.tests.conftest import Governance


def _write_three(governance: Governance) -> list[AuditEntry]:
    org, alice = governance.personas.coop_a, governance.personas.alice
    return [
        audit.audit_append(organization=org, action="proposal.opened", by=alice, data={"n": 1}),
        audit.audit_append(organization=org, action="roll.frozen", by=alice, data={"size": 10}),
        audit.audit_append(organization=org, action="vote.closed", by=None, data={"é": "ü"}),
    ]


def test_a_log_as_written_verifies(governance: Governance) -> None:
    entries = _write_three(governance)
    result = audit.verify(governance.personas.coop_a)
    assert result.ok, result.breaks
    assert result.entries == 3
    assert result.head == entries[-1].hash
    assert [e.seq for e in entries] == [1, 2, 3]
    assert entries[1].prev_hash == entries[0].hash


def test_co_ops_have_separate_chains(governance: Governance) -> None:
    _write_three(governance)
    other = audit.audit_append(organization=governance.personas.coop_b, action="x.y")
    assert other.seq == 1
    assert other.prev_hash == audit.GENESIS


@pytest.mark.parametrize(
    "field, value",
    [("action", "vote.reopened"), ("actor", "Mallory"), ("data", {"size": 11}), ("object_id", "9")],
)
def test_changing_any_field_of_an_entry_is_found(
    governance: Governance, field: str, value: object
) -> None:
    entries = _write_three(governance)
    AuditEntry.objects.filter(pk=entries[1].pk).update(**{field: value})
    result = audit.verify(governance.personas.coop_a)
    assert not result.ok
    assert result.breaks[0].seq == 2


def test_removing_the_last_entry_is_found(governance: Governance) -> None:
    entries = _write_three(governance)
    AuditEntry.objects.filter(pk=entries[2].pk).delete()
    result = audit.verify(governance.personas.coop_a)
    assert not result.ok
    assert "removed" in result.breaks[-1].reason


def test_removing_a_middle_entry_is_found(governance: Governance) -> None:
    entries = _write_three(governance)
    AuditEntry.objects.filter(pk=entries[1].pk).delete()
    result = audit.verify(governance.personas.coop_a)
    assert [b.seq for b in result.breaks][:1] == [3]


def test_the_command_passes_then_fails_after_tampering(
    governance: Governance, capsys: pytest.CaptureFixture[str]
) -> None:
    entries = _write_three(governance)
    call_command("auditverify", "--org", "coop-a")
    assert "pass  coop-a: 3 entries" in capsys.readouterr().out
    AuditEntry.objects.filter(pk=entries[0].pk).update(actor="Mallory")
    with pytest.raises(CommandError, match="1 audit log"):
        call_command("auditverify")
    assert "FAIL  coop-a" in capsys.readouterr().out
