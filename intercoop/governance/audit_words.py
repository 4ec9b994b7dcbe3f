"""The audit log in words: a sentence for each action code, a label for each detail.

The log itself (``audit.py``) stores codes and JSON, which its hash covers; people read this.
Every action code the code base can append needs an entry in ``ACTIONS`` (a test scans the
sources for them). Details are laid out as labelled values in the reader's language and time
zone: dates localized, numbers grouped the locale's way, choices by their names.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.apps import apps
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

ACTIONS: dict[str, Promise] = {
    "amendment.accepted": _("An amendment was accepted."),
    "amendment.rejected": _("An amendment was rejected."),
    "attachment.added": _("A file was attached to a proposal."),
    "attendance.recorded": _("A member's attendance was recorded."),
    "attendance.removed": _("A member's attendance was removed."),
    "ballot.cast": _("A ballot was cast."),
    "decision.closed": _("A vote was closed."),
    "decision.created": _("A decision was drafted."),
    "decision.opened": _("A vote was opened."),
    "election.ceremony_started": _("The trustees' key ceremony began."),
    "election.committed": _("A trustee committed to their key."),
    "election.credentials_handed_in": _("The credential authority handed in the credentials."),
    "election.decrypted": _("A trustee decrypted their share of the result."),
    "election.key_confirmed": _("A trustee confirmed the election key."),
    "election.keys_ready": _("The election key is ready."),
    "election.opened": _("The verifiable vote was opened."),
    "election.shares_dealt": _("A trustee dealt their key shares."),
    "meeting.adjourned": _("A meeting was adjourned for want of a quorum."),
    "meeting.cancelled": _("A meeting was cancelled."),
    "meeting.closed": _("A meeting was closed."),
    "meeting.convened": _("A meeting was convened."),
    "meeting.created": _("A meeting was planned."),
    "meeting.opened": _("A meeting was opened with its quorum."),
    "meeting.second_call": _("A meeting's second call was set."),
    "meeting.updated": _("A meeting was changed."),
    "member.added": _("A member was added to the register."),
    "member.changed": _("A member's details were changed."),
    "member.status_changed": _("A member's status was changed."),
    "minutes.generated": _("The minutes of a meeting were drawn up."),
    "proposal.created": _("A proposal was written."),
    "proposal.opened": _("A proposal was opened for discussion."),
    "proposal.withdrawn": _("A proposal was withdrawn."),
    "proxy.recorded": _("A proxy was recorded."),
    "proxy.revoked": _("A proxy was revoked."),
    "register.imported": _("The register of members was imported."),
    "roll.frozen": _("The voters' roll was frozen."),
    "rules.changed": _("The voting rules were changed."),
    "tally.made": _("The votes were counted."),
}

LABELS: dict[str, Promise] = {
    "added": _("Added"),
    "agenda": _("Agenda"),
    "ballots": _("Ballots"),
    "board_entries": _("Bulletin board entries"),
    "board_head": _("Bulletin board head"),
    "call": _("Call"),
    "categories": _("Categories"),
    "category": _("Category"),
    "changed": _("Changed"),
    "checked_at": _("Checked at"),
    "closes_at": _("Closes at"),
    "colleges": _("Colleges"),
    "counted": _("Counted"),
    "credential_authority": _("Credential authority"),
    "credentials": _("Credentials"),
    "description_hash": _("Description hash"),
    "eligible": _("Eligible"),
    "emailed": _("Emailed"),
    "fields": _("Fields"),
    "file_sha256": _("File's SHA-256"),
    "from": _("From"),
    "grantor": _("Grantor"),
    "has_rule": _("Has its own quorum"),
    "holder": _("Holder"),
    "key": _("Key"),
    "language": _("Language"),
    "made_by": _("Made by"),
    "manifest_hash": _("Manifest hash"),
    "max_proxies_per_holder": _("Proxies per holder at most"),
    "meeting": _("Meeting"),
    "member": _("Member"),
    "met": _("Met"),
    "method": _("Method"),
    "min_college_ballots_to_publish": _("Fewest ballots to publish a college's count"),
    "min_membership_days_to_vote": _("Days of membership before voting"),
    "mode": _("Mode"),
    "name": _("Name"),
    "notice_days": _("Days of notice"),
    "number": _("Member number"),
    "on": _("Date"),
    "one_member_one_vote": _("One member, one vote"),
    "options": _("Options"),
    "present": _("Present"),
    "preset": _("Preset"),
    "proposal": _("Proposal"),
    "proxies_allowed": _("Proxies allowed"),
    "public_key": _("Public key"),
    "quorum": _("Quorum (%)"),
    "reason": _("Reason"),
    "record_hash": _("Record hash"),
    "represented": _("Represented"),
    "required": _("Needed"),
    "resolutions": _("Resolutions"),
    "result_hash": _("Result hash"),
    "revote": _("Replaces an earlier ballot"),
    "roll_hash": _("Roll hash"),
    "rule": _("Rule"),
    "rule_percent": _("Rule (%)"),
    "seats": _("Seats"),
    "second_call_at": _("Second call at"),
    "second_call_quorum": _("Second call quorum (%)"),
    "secrecy": _("Secrecy"),
    "sha256": _("SHA-256"),
    "size": _("Size"),
    "starts_at": _("Starts at"),
    "status": _("Status"),
    "status_changed": _("Status changed"),
    "threshold": _("Threshold"),
    "title": _("Title"),
    "trustee": _("Trustee"),
    "trustees": _("Trustees"),
    "trustees_present": _("Trustees present"),
    "unchanged": _("Unchanged"),
    "via": _("Through"),
    "voters": _("Voters"),
    "voters_hash": _("Voters' hash"),
    "weight": _("Weight (%)"),
    "weighting_by_capital": _("Weighting by capital"),
    "winners": _("Winners"),
}

# Details whose values are choices of a model field: shown by the choice's name.
_CHOICES = {
    "method": ("governance", "Decision", "method"),
    "secrecy": ("governance", "Decision", "secrecy"),
    "status": ("governance", "Member", "status"),
    "mode": ("governance", "Attendance", "mode"),
    "preset": ("governance", "RuleSet", "preset"),
}

_HEX = re.compile(r"[0-9a-f]{32,}")
_DECIMAL = re.compile(r"-?\d+(\.\d+)?")


@dataclass(frozen=True)
class Detail:
    label: str
    text: str = ""
    code: bool = False  # a hash or key, shown in a monospaced font and allowed to wrap
    children: list[Detail] = field(default_factory=list)


def action_words(code: str) -> str:
    """The sentence for an action code; an unknown code says so rather than showing itself."""
    words = ACTIONS.get(code)
    return str(words) if words is not None else gettext("An action was recorded.")


def object_words(object_type: str) -> str:
    """The name of the kind of thing an entry concerns (``decision`` → “decision”)."""
    for model in apps.get_models():
        if model._meta.model_name == object_type:
            return str(model._meta.verbose_name)
    return object_type


def _label(key: str) -> str:
    words = LABELS.get(key)
    return str(words) if words is not None else key.replace("_", " ").capitalize()


def _choice(key: str, value: str) -> str | None:
    target = _CHOICES.get(key)
    if target is None:
        return None
    app, model_name, field_name = target
    try:
        choices = dict(apps.get_model(app, model_name)._meta.get_field(field_name).choices or [])
    except LookupError:
        return None
    label = choices.get(value)
    return str(label) if label is not None else None


def _scalar(key: str, value: Any) -> tuple[str, bool]:
    """A value as text in the reader's language, and whether it is a code (hash, key)."""
    if value is None or value == "":
        return "—", False
    if isinstance(value, bool):
        return (gettext("yes") if value else gettext("no")), False
    if isinstance(value, int | float):
        return formats.number_format(value, use_l10n=True, force_grouping=True), False
    text = str(value)
    if _HEX.fullmatch(text):
        return text, True
    moment = parse_datetime(text) if "T" in text else None
    if moment is not None:
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "DATETIME_FORMAT"), False
    day = parse_date(text) if len(text) == 10 else None
    if day is not None:
        return formats.date_format(day, "DATE_FORMAT"), False
    if _DECIMAL.fullmatch(text):
        try:
            number = Decimal(text).normalize()
        except InvalidOperation:
            return text, False
        return formats.number_format(number, use_l10n=True, force_grouping=True), False
    return _choice(key, text) or text, False


def _detail(key: str, label: str, value: Any) -> Detail:
    if isinstance(value, Mapping):
        return Detail(label, children=details(value))
    if isinstance(value, list | tuple):
        if any(isinstance(item, Mapping | list | tuple) for item in value):
            children = [
                _detail(
                    key,
                    str(item.get("name") or item.get("key") or n)
                    if isinstance(item, Mapping)
                    else str(n),
                    item,
                )
                for n, item in enumerate(value, start=1)
            ]
            return Detail(label, children=children)
        if not value:
            return Detail(label, "—")
        shown = [_scalar(key, item) for item in value]
        return Detail(label, ", ".join(text for text, _code in shown), any(c for _t, c in shown))
    text, code = _scalar(key, value)
    return Detail(label, text, code)


def details(data: Mapping[str, Any]) -> list[Detail]:
    """An entry's data as labelled values, in the order of the labels' keys."""
    return [_detail(key, _label(key), data[key]) for key in sorted(data)]
