"""Decisions: create, open (the roll is frozen), cast ballots, close (the tally is made).

Ballots. ``ballot_cast`` takes ``choices`` as:

- single choice, yes/no, consent: a list of at most one option id (or the id, or None);
- approval: a list of option ids;
- ranked methods: a list of option ids, best first;
- score: a mapping {option id: score}, scores from 0 to ``max_score``.

An empty ballot is a blank vote: it counts for turnout and quorum, not as a valid vote. The
canonical form stored (``Participation.choices`` or ``SecretBallotCount.choices``) is a JSON
list: ``[id]``, sorted ids (approval), ids in rank order, or sorted ``[id, score]`` pairs.

Secret ballots. The choices go only into ``SecretBallotCount`` (counts of identical ballots per
college). The voter receives a random 128-bit receipt code; the ballot is sealed (libsodium
secretbox) in a ``RevoteSeal`` under ``key = BLAKE2b(code, salt, person="intercoop-seal")``
and found by ``BLAKE2b(code, salt, person="intercoop-find")``, where ``salt`` is derived from
the decision and the voter's college. Only the code opens the seal: to change a secret vote
the voter gives it back, the old ballot is taken off its count and the new one added.

The roll. ``roll_hash`` is the SHA-256 of the UTF-8 text ``"intercoop-roll/1\\t<decision id>\\t
<record date>\\n"`` followed by one line ``"<member id>\\t<college key>\\n"`` per roll entry,
in increasing member id order.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import nacl.encoding
import nacl.exceptions
import nacl.hash
import nacl.secret
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from intercoop.core.errors import Conflict, ServiceError
from intercoop.governance.audit import audit_append
from intercoop.governance.models import (
    Attendance,
    Decision,
    Meeting,
    Member,
    Option,
    Participation,
    Proposal,
    Proxy,
    RevoteSeal,
    RollEntry,
    SecretBallotCount,
)
from intercoop.governance.results import DecisionResult
from intercoop.governance.selectors.decisions import (
    ONE_CHOICE,
    ballot_text,
    canonical_ballot,
    result_hash,
    roll_hash,
    rules_snapshot,
    tally,
)
from intercoop.governance.selectors.register import member_roll, rules_of
from intercoop.governance.services.notifications import notify
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm, authorize
from intercoop_tools.tally import bundle

M = Decision.Method
FIXED_OPTIONS: dict[str, tuple[str, ...]] = {
    M.YES_NO: (gettext_noop("Yes"), gettext_noop("No")),
    M.CONSENT: (
        gettext_noop("Agree"),
        gettext_noop("Abstain"),
        gettext_noop("Disagree"),
        gettext_noop("Block"),
    ),
}
# The methods a verifiable ballot (intercoop.ballots) can count homomorphically: each option is
# a 0/1 selection, so the tally is one sum per option.
VERIFIABLE_METHODS = (M.YES_NO, M.SINGLE, M.APPROVAL)
MAX_OPTIONS = 50
MAX_SCORE = 100
RECEIPT_BYTES = 16


@dataclass(frozen=True)
class Receipt:
    """What the voter is shown after casting. ``code`` (secret ballots that may be changed) is
    shown once and stored nowhere in clear."""

    decision_id: int
    member_id: int
    member_name: str
    revote: bool
    cast_at: datetime
    via: int | None = None
    code: str | None = None


# --- Rules snapshot -------------------------------------------------------------------------


# --- Create -----------------------------------------------------------------------------------


def _refuse(message: str, code: str, status: int = 400) -> ServiceError:
    return ServiceError(message, code=code, status=status)


def _clean_options(method: str, options: Sequence[str], language: str) -> list[str]:
    if method in FIXED_OPTIONS:
        with translation.override(language):
            return [_(label) for label in FIXED_OPTIONS[method]]
    labels = [" ".join(str(o).split()) for o in options]
    labels = [label for label in labels if label]
    if len(labels) < 2:
        raise _refuse(_("Give at least two options, one per line."), "too_few_options")
    if len(labels) > MAX_OPTIONS:
        raise _refuse(_("At most %(n)s options.") % {"n": MAX_OPTIONS}, "too_many_options")
    if any(len(label) > 200 for label in labels):
        raise _refuse(_("An option is longer than 200 characters."), "option_too_long")
    names = [bundle.safe_name(label) for label in labels]
    if len(set(names)) != len(names):
        raise _refuse(_("Two options have the same text."), "duplicate_option")
    return labels


def decision_create(
    *,
    organization: Organization,
    by: Any,
    title: str,
    language: str,
    method: str,
    options: list[str],
    question: str = "",
    threshold: str = "majority",
    seats: int = 1,
    max_score: int = 5,
    secrecy: str = "public",
    allow_revote: bool = True,
    record_date: date,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    proposal: Proposal | None = None,
    meeting: Meeting | None = None,
) -> Decision:
    """A draft decision with its options."""
    authorize(by, Perm.MANAGE_DECISIONS, organization)
    title = " ".join((title or "").split())
    if not title:
        raise _refuse(_("Give the decision a title."), "title_missing")
    if method not in M.values:
        raise _refuse(_("Choose a voting method."), "method_unknown")
    if language not in dict(settings.LANGUAGES):
        raise _refuse(_("Choose a language."), "language_unknown")
    if threshold not in Decision.Threshold.values:
        raise _refuse(_("Choose a threshold."), "threshold_unknown")
    if secrecy not in Decision.Secrecy.values:
        raise _refuse(_("Choose whether the ballot is public or secret."), "secrecy_unknown")
    labels = _clean_options(method, options, language)
    if secrecy == Decision.Secrecy.VERIFIABLE:
        if method not in VERIFIABLE_METHODS:
            raise _refuse(
                _("A verifiable ballot is available for yes/no, single choice and approval votes."),
                "verifiable_method",
            )
        if meeting is not None:
            raise _refuse(
                _(
                    "A meeting's resolutions cannot use a verifiable ballot yet (proxies would "
                    "need the grantor's credential): choose a secret ballot."
                ),
                "verifiable_meeting",
            )
    if seats < 1:
        raise _refuse(_("At least one seat."), "seats_range")
    if method in (*ONE_CHOICE, M.IRV) and seats != 1:
        raise _refuse(_("This method decides one thing: one seat only."), "seats_one")
    if seats >= len(labels) and method not in ONE_CHOICE:
        raise _refuse(
            _("There must be more options (%(options)s) than seats (%(seats)s).")
            % {"options": len(labels), "seats": seats},
            "seats_not_below_options",
        )
    if method == M.SCORE and not 1 <= max_score <= MAX_SCORE:
        raise _refuse(
            _("The highest score must be between 1 and %(max)s.") % {"max": MAX_SCORE},
            "max_score_range",
        )
    if opens_at and closes_at and closes_at <= opens_at:
        raise _refuse(_("The vote must close after it opens."), "closes_before_opens")
    if proposal is not None and proposal.organization_id != organization.pk:
        raise _refuse(_("This proposal is not of this co-operative."), "proposal_other", 404)
    if meeting is not None and meeting.organization_id != organization.pk:
        raise _refuse(_("This meeting is not of this co-operative."), "meeting_other", 404)
    with transaction.atomic():
        decision = Decision.objects.create(
            organization=organization,
            proposal=proposal,
            meeting=meeting,
            agenda_position=(
                Decision.objects.filter(meeting=meeting).count() + 1 if meeting else 0
            ),
            title=title[:200],
            question=question or "",
            language=language,
            method=method,
            threshold=threshold,
            seats=seats,
            max_score=max_score,
            secrecy=secrecy,
            allow_revote=allow_revote,
            record_date=meeting.record_date if meeting else record_date,
            opens_at=opens_at,
            closes_at=closes_at,
            created_by=by,
        )
        Option.objects.bulk_create(
            Option(decision=decision, label=label, position=i) for i, label in enumerate(labels)
        )
        audit_append(
            organization=organization,
            action="decision.created",
            by=by,
            obj=decision,
            data={"method": method, "secrecy": secrecy, "options": len(labels), "seats": seats},
        )
    return decision


# --- Open -------------------------------------------------------------------------------------


def _locked(decision: Decision) -> Decision:
    return Decision.objects.select_for_update().select_related("organization").get(pk=decision.pk)


def _meeting_roll(decision: Decision, meeting: Meeting) -> dict[int, str]:
    """Members present (in person, remotely) or represented by an unrevoked proxy, eligible
    at the meeting's record date."""
    if meeting.state != Meeting.State.OPEN:
        raise _refuse(
            _("The meeting is not in session: its resolutions can be voted only once it opens."),
            "meeting_not_open",
            409,
        )
    roll = member_roll(decision.organization, meeting.record_date)
    college_of = {int(m): key for key, ids in roll.by_college.items() for m in ids}
    attending = (
        Attendance.objects.filter(meeting=meeting)
        .filter(Q(mode__in=("in_person", "remote")) | Q(mode="proxy", proxy__revoked_at=None))
        .values_list("member_id", flat=True)
    )
    return {m: college_of[m] for m in attending if m in college_of}


def _verifiable_elsewhere(message: str) -> ServiceError:
    return Conflict(message, code="verifiable")


def decision_open(*, decision: Decision, by: Any, verifiable: bool = False) -> Decision:
    """Open the vote: freeze the rules and the roll, then tell the voters. A verifiable
    decision is opened by ``ballots.services.election_open`` (``verifiable=True``), which
    freezes the credentials with the roll in the same transaction."""
    authorize(by, Perm.MANAGE_DECISIONS, decision.organization)
    with transaction.atomic():
        current = _locked(decision)
        if current.state != Decision.State.DRAFT:
            raise Conflict(_("This decision has already been opened."), code="not_draft")
        if (current.secrecy == Decision.Secrecy.VERIFIABLE) != verifiable:
            raise _verifiable_elsewhere(
                _("This vote has a verifiable ballot: open it from its election page.")
            )
        r = rules_of(current.organization)
        if current.meeting_id is not None:
            meeting = Meeting.objects.select_for_update().get(pk=current.meeting_id)
            colleges = _meeting_roll(current, meeting)
        else:
            roll = member_roll(current.organization, current.record_date)
            colleges = {int(m): key for key, ids in roll.by_college.items() for m in ids}
        if not colleges:
            raise _refuse(_("No member may vote: the roll is empty."), "roll_empty", 409)
        members = Member.objects.filter(pk__in=colleges).select_related(
            "user", "representative_user"
        )
        entries = [
            RollEntry(decision=current, member=m, college=colleges[m.pk], voter=m.voter)
            for m in members
        ]
        RollEntry.objects.bulk_create(entries)
        now = timezone.now()
        current.rules_snapshot = rules_snapshot(r)
        current.roll_hash = roll_hash(
            current.pk, current.record_date, [(e.member_id, e.college) for e in entries]
        )
        current.state = Decision.State.OPEN
        current.opened_at = now
        current.save(update_fields=["rules_snapshot", "roll_hash", "state", "opened_at"])
        per_college: dict[str, int] = defaultdict(int)
        for entry in entries:
            per_college[entry.college] += 1
        audit_append(
            organization=current.organization,
            action="roll.frozen",
            by=by,
            obj=current,
            data={
                "size": len(entries),
                "colleges": dict(per_college),
                "roll_hash": current.roll_hash,
            },
        )
        audit_append(
            organization=current.organization, action="decision.opened", by=by, obj=current
        )
        if current.proposal_id is not None:
            Proposal.objects.filter(pk=current.proposal_id).update(state=Proposal.State.VOTE)
        notify(
            users={e.voter for e in entries if e.voter is not None},
            organization=current.organization,
            kind="decision.opened",
            template=gettext_noop("The vote on “%(title)s” is open."),
            values={"title": current.title},
            url=reverse("governance:decision_detail", args=[current.organization.slug, current.pk]),
            dedupe_key=f"decision-opened-{current.pk}",
        )
    return current


# --- Cast -------------------------------------------------------------------------------------


def _salt(decision: Decision, college: str) -> bytes:
    # Per decision and college: a code works only for the ballot, and the college, it was
    # issued for.
    return hashlib.blake2b(
        f"intercoop-decision/{decision.pk}/{decision.roll_hash}/{college}".encode(),
        digest_size=16,
    ).digest()


def _derive(code: str, decision: Decision, college: str, person: bytes) -> bytes:
    return nacl.hash.blake2b(
        code.strip().lower().encode("ascii", "replace"),
        digest_size=32,
        salt=_salt(decision, college),
        person=person,
        encoder=nacl.encoding.RawEncoder,
    )


def _code_hash(code: str, decision: Decision, college: str) -> str:
    return _derive(code, decision, college, b"intercoop-find").hex()


def _box(code: str, decision: Decision, college: str) -> nacl.secret.SecretBox:
    return nacl.secret.SecretBox(_derive(code, decision, college, b"intercoop-seal"))


def _voter_may_cast(decision: Decision, entry: RollEntry, member: Member, by: Any) -> Member | None:
    """None if ``by`` casts as the member's own voter; the proxy holder if ``by`` casts as
    their voter; a ServiceError otherwise."""
    attendance = None
    if decision.meeting_id is not None:
        attendance = (
            Attendance.objects.filter(meeting_id=decision.meeting_id, member=member)
            .select_related("proxy")
            .first()
        )
    if entry.voter_id is not None and entry.voter_id == by.pk:
        if attendance is None and decision.meeting_id is None:
            return None
        if attendance is not None and attendance.mode in ("in_person", "remote"):
            return None
    if decision.meeting_id is not None and attendance is not None and attendance.mode == "proxy":
        proxy = (
            Proxy.objects.filter(meeting_id=decision.meeting_id, grantor=member, revoked_at=None)
            .select_related("holder__user", "holder__representative_user")
            .first()
        )
        if proxy is not None and attendance.proxy_id == proxy.pk:
            holder = proxy.holder
            voter = holder.voter
            if voter is not None and voter.pk == by.pk:
                return holder
    raise _refuse(
        _(
            "You may not cast this member's ballot (only they, or their proxy holder while they "
            "are represented at the meeting, may)."
        ),
        "not_your_ballot",
        403,
    )


def _count_change(decision: Decision, college: str, text: str, delta: int) -> None:
    counter, _created = SecretBallotCount.objects.get_or_create(
        decision=decision, college=college, choices=text
    )
    SecretBallotCount.objects.filter(pk=counter.pk).update(count=F("count") + delta)


def ballot_cast(
    *,
    decision: Decision,
    by: Any,
    member: Member,
    choices: Any,
    receipt_code: str | None = None,
) -> Receipt:
    """Cast (or change) ``member``'s ballot; one counted ballot per member."""
    authorize(by, Perm.PARTICIPATE, decision.organization)
    if member.organization_id != decision.organization_id:
        raise _refuse(_("This member is not on the roll."), "not_on_roll", 403)
    if decision.secrecy == Decision.Secrecy.VERIFIABLE:
        raise _verifiable_elsewhere(
            _("This vote has a verifiable ballot: vote in its booth, from its election page.")
        )
    option_ids = list(decision.options.values_list("pk", flat=True))
    canonical = canonical_ballot(decision, option_ids, choices)
    text = ballot_text(canonical)
    now = timezone.now()
    try:
        with transaction.atomic():
            current = _locked(decision)
            if current.state != Decision.State.OPEN:
                raise Conflict(_("This vote is not open."), code="not_open")
            if current.closes_at is not None and now >= current.closes_at:
                raise Conflict(_("This vote has closed."), code="closed")
            entry = RollEntry.objects.filter(decision=current, member=member).first()
            if entry is None:
                raise _refuse(_("This member is not on the roll."), "not_on_roll", 403)
            via = _voter_may_cast(current, entry, member, by)
            existing = (
                Participation.objects.select_for_update()
                .filter(decision=current, member=member)
                .first()
            )
            if existing is not None and not current.allow_revote:
                raise Conflict(
                    _("This ballot has already been cast, and this vote does not allow changes."),
                    code="already_voted",
                )
            secret = current.secrecy == Decision.Secrecy.SECRET
            code = None
            if existing is None:
                Participation.objects.create(
                    decision=current,
                    member=member,
                    college=entry.college,
                    cast_by=by,
                    cast_via=via,
                    cast_at=now,
                    choices=None if secret else canonical,
                )
                if secret:
                    _count_change(current, entry.college, text, +1)
                    if current.allow_revote:
                        code = secrets.token_hex(RECEIPT_BYTES)
                        RevoteSeal.objects.create(
                            decision=current,
                            code_hash=_code_hash(code, current, entry.college),
                            sealed=bytes(_box(code, current, entry.college).encrypt(text.encode())),
                        )
            else:
                if secret:
                    _secret_revote(current, entry, text, receipt_code)
                existing.cast_by = by
                existing.cast_via = via
                existing.cast_at = now
                existing.revotes = existing.revotes + 1
                existing.choices = None if secret else canonical
                existing.save(
                    update_fields=["cast_by", "cast_via", "cast_at", "revotes", "choices"]
                )
            audit_append(
                organization=current.organization,
                action="ballot.cast",
                by=by,
                obj=current,
                data={
                    "member": member.pk,
                    "revote": existing is not None,
                    "via": via.pk if via else None,
                },
            )
    except IntegrityError:
        # A second submission that raced the first past the checks (the database's one
        # ballot per member constraint stopped it).
        raise Conflict(_("This ballot has already been cast."), code="already_voted") from None
    return Receipt(
        decision_id=decision.pk,
        member_id=member.pk,
        member_name=member.name,
        revote=existing is not None,
        cast_at=now,
        via=via.pk if via else None,
        code=code,
    )


def _secret_revote(decision: Decision, entry: RollEntry, text: str, code: str | None) -> None:
    if not code or not code.strip():
        raise Conflict(
            _(
                "This secret ballot has already been cast. To change it, give the receipt code "
                "you were shown when you voted."
            ),
            code="receipt_code_needed",
        )
    seal = (
        RevoteSeal.objects.select_for_update()
        .filter(decision=decision, code_hash=_code_hash(code, decision, entry.college))
        .first()
    )
    if seal is None:
        raise _refuse(_("This receipt code is not right."), "receipt_code_wrong", 403)
    box = _box(code, decision, entry.college)
    try:
        old = box.decrypt(bytes(seal.sealed)).decode()
    except nacl.exceptions.CryptoError:
        raise _refuse(_("This receipt code is not right."), "receipt_code_wrong", 403) from None
    _count_change(decision, entry.college, old, -1)
    _count_change(decision, entry.college, text, +1)
    SecretBallotCount.objects.filter(decision=decision, count=0).delete()
    seal.sealed = bytes(box.encrypt(text.encode()))
    seal.save(update_fields=["sealed"])


# --- Close and tally --------------------------------------------------------------------------


def _outcome_text(decision: Decision, result: DecisionResult) -> str:
    with translation.override(decision.language):
        if not result.turnout.quorum.met:
            return _("The quorum was not reached.")
        if result.adopted is not None:
            return _("Adopted.") if result.adopted else _("Not adopted.")
        labels = {bundle.safe_name(o.label): o.label for o in decision.options.order_by("position")}
        winners = [labels.get(w, w) for w in result.overall.winners]
        if not winners:
            return _("No valid ballot was cast.")
        return _("Chosen: %(winners)s.") % {"winners": ", ".join(winners)}


def decision_close(*, decision: Decision, by: Any) -> Decision:
    """Close the vote, count it and store the result."""
    authorize(by, Perm.MANAGE_DECISIONS, decision.organization)
    with transaction.atomic():
        current = _locked(decision)
        if current.state != Decision.State.OPEN:
            raise Conflict(_("Only an open vote can be closed."), code="not_open")
        if current.secrecy == Decision.Secrecy.VERIFIABLE:
            raise _verifiable_elsewhere(
                _("This vote has a verifiable ballot: close it from its election page.")
            )
        result = tally(current)
        stored = result.to_json()
        now = timezone.now()
        current.result = stored
        current.state = Decision.State.CLOSED
        current.closed_at = now
        current.save(update_fields=["result", "state", "closed_at"])
        audit_append(
            organization=current.organization, action="decision.closed", by=by, obj=current
        )
        audit_append(
            organization=current.organization,
            action="tally.made",
            by=by,
            obj=current,
            data={
                "result_hash": result_hash(stored),
                "ballots": result.turnout.ballots,
                "winners": list(result.overall.winners),
            },
        )
        if current.proposal_id is not None:
            Proposal.objects.filter(pk=current.proposal_id).update(
                state=Proposal.State.OUTCOME,
                outcome=_outcome_text(current, result),
                decided_at=now,
            )
        voters = RollEntry.objects.filter(decision=current).exclude(voter=None)
        notify(
            users={e.voter for e in voters.select_related("voter")},
            organization=current.organization,
            kind="decision.closed",
            template=gettext_noop("The vote on “%(title)s” is closed: see the result."),
            values={"title": current.title},
            url=reverse("governance:decision_detail", args=[current.organization.slug, current.pk]),
            dedupe_key=f"decision-closed-{current.pk}",
        )
    return current
