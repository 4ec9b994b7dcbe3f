"""What changes a verifiable election: the trustees and their key ceremony, opening the vote
with the credentials frozen with the roll, casting and auditing ballots, closing, the trustees'
decryption and the publication of the result.

Every step checks what it receives with the same code the independent verifier uses
(``crypto``, ``record``, ``trustee``), takes the election's row lock, and either completes or
changes nothing. The lifecycle, in ``Election.State``:

setup → ceremony (commitments, encrypted shares, confirmations) → ready → open → decrypting →
published.
"""

from __future__ import annotations

import os
import smtplib
from collections.abc import Sequence
from typing import Any

import nacl.signing
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from intercoop.ballots.models import AuditedBallot, BoardEntry, Credential, Election, Trustee
from intercoop.ballots.selectors import (
    authority_voters,
    ceremony_progress,
    decision_result,
    description_for,
    description_of,
    manifest_of,
    outcome_text,
    published_colleges,
    record_board,
    record_college,
    record_of,
    trustee_commitments,
)

# A read, in the selectors; still reachable here for the callers outside this app that have not
# moved to ``selectors.trustee_for`` yet.
from intercoop.ballots.selectors import trustee_for as trustee_for
from intercoop.core.errors import Conflict, ServiceError
from intercoop.core.ratelimit import rate_limit
from intercoop.core.site import email_body_signed
from intercoop.governance.audit import audit_append
from intercoop.governance.models import Decision, Participation, Proposal
from intercoop.governance.models import RollEntry as GovernanceRollEntry
from intercoop.governance.selectors.decisions import decision_rules
from intercoop.governance.selectors.register import rules_of
from intercoop.governance.services import decisions as governance
from intercoop.governance.services.notifications import notify
from intercoop.organizations.models import Role
from intercoop.organizations.policy import Perm, authorize
from intercoop_tools import credentials as credential_files
from intercoop_tools.credentials import credential_code
from intercoop_tools.crypto.ballot import (
    BallotOpening,
    EncryptedBallot,
    SignedBallot,
    ballot_check_opening,
    ballot_verify,
    ballot_verify_proofs,
)
from intercoop_tools.crypto.dkg import (
    DealerCommitment,
    DecryptionShare,
    combine_decryption_shares,
    joint_public_key,
    verification_keys,
)
from intercoop_tools.crypto.elgamal import Ciphertext, DiscreteLog
from intercoop_tools.crypto.errors import CryptoError
from intercoop_tools.crypto.group import Point
from intercoop_tools.crypto.jsonshape import DuplicateKeyError, loads_strict
from intercoop_tools.crypto.transcript import Context
from intercoop_tools.record.encoding import entry_hash_of, hash_json, tracker_of
from intercoop_tools.record.manifest import (
    Ceremony,
    Manifest,
    Roll,
    RollEntry,
)
from intercoop_tools.record.result import weighted_result
from intercoop_tools.record.tally import CollegeTally, SelectionTally, Tally
from intercoop_tools.simulate import college_sums
from intercoop_tools.trustee.ceremony import (
    commitments_hash,
    parse_commitment_file,
    parse_confirmation_file,
    parse_shares_file,
)
from intercoop_tools.trustee.decryption import parse_decryption_file
from intercoop_tools.verify.record import verify_record

MAX_TRUSTEES = 9
MAX_UPLOAD_BYTES = 4 * 1024 * 1024
MAX_BALLOT_BYTES = 256 * 1024
# Audits per voter: enough to check the booth several times, not to flood the public list.
MAX_AUDITS = 10

S = Election.State


def _refuse(message: str, code: str, status: int = 400) -> ServiceError:
    return ServiceError(message, code=code, status=status)


def _locked(election: Election) -> Election:
    return (
        Election.objects.select_for_update()
        .select_related("decision__organization")
        .get(pk=election.pk)
    )


def _parse_json(data: bytes | str, *, limit: int = MAX_UPLOAD_BYTES) -> Any:
    raw = data.encode() if isinstance(data, str) else data
    if len(raw) > limit:
        raise _refuse(_("This file is too large."), "too_large", 413)
    # The trustee and credential tools' loader: a key given twice would give this server and a
    # tool (or a person reading the file) two different files.
    try:
        return loads_strict(raw)
    except DuplicateKeyError as exc:
        raise _refuse(
            _("This file gives the key “%(key)s” twice; each key may appear only once.")
            % {"key": exc.key},
            "duplicate_key",
        ) from None
    except ValueError:
        raise _refuse(_("This is not a JSON file."), "not_json") from None


def _audit(election: Election, action: str, by: Any, data: dict[str, Any] | None = None) -> None:
    """An entry of the co-op's hash-chained audit log, about the election's decision."""
    audit_append(
        organization=election.decision.organization,
        action=action,
        by=by,
        obj=election.decision,
        data=data,
    )


def _crypto_refusal(exc: CryptoError) -> ServiceError:
    return _refuse(_("This file was refused: %(reason)s") % {"reason": str(exc)}, "refused")


# --- the election's description -------------------------------------------------------------


def election_of(decision: Decision) -> Election:
    """The decision's election, made on first use (its trustees are chosen in ``setup``)."""
    if decision.secrecy != Decision.Secrecy.VERIFIABLE:
        raise _refuse(_("This vote does not have a verifiable ballot."), "not_verifiable", 404)
    election, _created = Election.objects.get_or_create(
        decision=decision,
        defaults={
            "minimum_ballots": rules_of(decision.organization).min_college_ballots_to_publish
        },
    )
    return election


# --- trustees and the key ceremony ----------------------------------------------------------


def trustees_setup(
    *,
    election: Election,
    by: Any,
    users: Sequence[Any],
    threshold: int,
    authority: Any | None = None,
) -> None:
    """Choose the trustees (in order: trustee 1, 2, ...), the threshold and, optionally, an
    independent credential authority, and start (or restart) the key ceremony. Any earlier
    ceremony's files, and credentials handed in, are discarded."""
    decision = election.decision
    authorize(by, Perm.MANAGE_DECISIONS, decision.organization)
    users = list(users)
    if len({u.pk for u in users}) != len(users):
        raise _refuse(_("A person can be only one of the trustees."), "trustee_twice")
    if not 1 <= len(users) <= MAX_TRUSTEES:
        raise _refuse(
            _("Choose between 1 and %(max)s trustees.") % {"max": MAX_TRUSTEES}, "trustee_count"
        )
    if not 1 <= threshold <= len(users):
        raise _refuse(
            _("The number of trustees needed to decrypt must be between 1 and %(n)s.")
            % {"n": len(users)},
            "threshold_range",
        )
    people = set(
        Role.objects.filter(organization=decision.organization, user__in=users).values_list(
            "user_id", flat=True
        )
    )
    if any(u.pk not in people for u in users):
        raise _refuse(_("Every trustee must be one of the co-op's people."), "trustee_outsider")
    if (
        authority is not None
        and not Role.objects.filter(organization=decision.organization, user=authority).exists()
    ):
        raise _refuse(
            _("The credential authority must be one of the co-op's people."), "authority_outsider"
        )
    with transaction.atomic():
        current = _locked(election)
        if current.decision.state != Decision.State.DRAFT or current.state not in (
            S.SETUP,
            S.CEREMONY,
            S.READY,
        ):
            raise Conflict(_("The vote has opened: its trustees are fixed."), code="opened")
        current.minimum_ballots = rules_of(
            current.decision.organization
        ).min_college_ballots_to_publish
        description = description_for(
            current.decision,
            trustees=len(users),
            threshold=threshold,
            minimum_ballots=current.minimum_ballots,
        )
        current.trustees.all().delete()
        Trustee.objects.bulk_create(
            Trustee(election=current, index=i, user=u) for i, u in enumerate(users, start=1)
        )
        current.trustee_count = len(users)
        current.threshold = threshold
        current.description = description.to_json()
        current.description_hash = hash_json(current.description).hex()
        current.ceremony = None
        current.state = S.CEREMONY
        current.credential_authority = authority
        current.authority_voters_hash = ""
        current.authority_keys = None
        current.authority_keys_at = None
        current.save()
        _audit(
            current,
            "election.ceremony_started",
            by,
            data={
                "trustees": [u.pk for u in users],
                "threshold": threshold,
                "credential_authority": authority.pk if authority is not None else None,
                "description_hash": current.description_hash,
            },
        )
        notify(
            users=users,
            organization=current.decision.organization,
            kind="election.trustee",
            template=gettext_noop(
                "You are a trustee of the verifiable vote “%(title)s”: take part in its key "
                "ceremony."
            ),
            values={"title": current.decision.title},
            url=reverse(
                "ballots:trustee",
                args=[current.decision.organization.slug, current.decision.pk],
            ),
            dedupe_key=f"trustee-{current.pk}-{current.description_hash[:16]}",
        )


def _own_trustee(election: Election, by: Any) -> Trustee:
    trustee = Trustee.objects.select_for_update().filter(election=election, user=by).first()
    if trustee is None:
        raise _refuse(_("You are not a trustee of this election."), "not_trustee", 403)
    return trustee


def commitment_submit(*, election: Election, by: Any, data: bytes) -> None:
    """Step 1: a trustee's public commitment file (``intercoop-trustee start``). It may be
    replaced until every trustee has handed theirs in (a trustee who lost their secret file
    starts again)."""
    value = _parse_json(data)
    with transaction.atomic():
        current = _locked(election)
        trustee = _own_trustee(current, by)
        if current.state != S.CEREMONY or ceremony_progress(current) != "commit":
            raise Conflict(_("The commitments are complete: this step is over."), code="step")
        try:
            box_key, commitment = parse_commitment_file(
                value,
                description=description_of(current),
                description_hash=bytes.fromhex(current.description_hash),
                trustee=trustee.index,
            )
        except CryptoError as exc:
            raise _crypto_refusal(exc) from None
        trustee.box_public_key = box_key.hex()
        trustee.commitment = commitment.to_json()
        trustee.committed_at = timezone.now()
        trustee.save(update_fields=["box_public_key", "commitment", "committed_at"])
        _audit(
            current,
            "election.committed",
            by,
            data={"trustee": trustee.index},
        )


def shares_submit(*, election: Election, by: Any, data: bytes) -> None:
    """Step 2: the shares a trustee dealt, each encrypted to its recipient (the server cannot
    read them)."""
    value = _parse_json(data)
    with transaction.atomic():
        current = _locked(election)
        trustee = _own_trustee(current, by)
        if current.state != S.CEREMONY or ceremony_progress(current) != "share":
            raise Conflict(_("This is not the step of the shares."), code="step")
        if trustee.shares is not None:
            raise Conflict(_("You have already handed in your shares."), code="done")
        try:
            boxes = parse_shares_file(
                value,
                description_hash=bytes.fromhex(current.description_hash),
                commitments_hash=commitments_hash(trustee_commitments(current)),
                dealer=trustee.index,
                trustees=current.trustee_count,
            )
        except CryptoError as exc:
            raise _crypto_refusal(exc) from None
        trustee.shares = {str(j): box.hex() for j, box in sorted(boxes.items())}
        trustee.shared_at = timezone.now()
        trustee.save(update_fields=["shares", "shared_at"])
        _audit(
            current,
            "election.shares_dealt",
            by,
            data={"trustee": trustee.index},
        )


def _dealer_commitments(election: Election) -> list[DealerCommitment]:
    params = description_of(election).params()
    return [
        DealerCommitment.from_json(t.commitment, params=params, where=f"trustee {t.index}")
        for t in election.trustees.order_by("index")
    ]


def confirmation_submit(*, election: Election, by: Any, data: bytes) -> None:
    """Step 3: a trustee confirms they checked every share they received and hold their key
    share. When the last one confirms, the ceremony is complete."""
    value = _parse_json(data)
    with transaction.atomic():
        current = _locked(election)
        trustee = _own_trustee(current, by)
        if current.state != S.CEREMONY or ceremony_progress(current) != "confirm":
            raise Conflict(_("This is not the step of the confirmations."), code="step")
        params = description_of(current).params()
        commitments = _dealer_commitments(current)
        vks = verification_keys(params=params, commitments=commitments)
        public_key = joint_public_key(params=params, commitments=commitments)
        try:
            parse_confirmation_file(
                value,
                description_hash=bytes.fromhex(current.description_hash),
                trustee=trustee.index,
                expected_verification_key=vks[trustee.index],
                expected_public_key=public_key,
            )
        except CryptoError as exc:
            raise _crypto_refusal(exc) from None
        trustee.verification_key = vks[trustee.index].hex()
        trustee.confirmed_at = timezone.now()
        trustee.save(update_fields=["verification_key", "confirmed_at"])
        _audit(
            current,
            "election.key_confirmed",
            by,
            data={"trustee": trustee.index},
        )
        if ceremony_progress(current) == "done":
            ceremony = Ceremony(
                bytes.fromhex(current.description_hash),
                tuple(commitments),
                tuple(vks[j] for j in range(1, params.trustees + 1)),
                public_key,
            )
            current.ceremony = ceremony.to_json()
            current.state = S.READY
            current.save(update_fields=["ceremony", "state"])
            _audit(
                current,
                "election.keys_ready",
                by,
                data={"public_key": public_key.hex()},
            )


# --- the credential authority ---------------------------------------------------------------


def _roll_changed() -> ServiceError:
    return Conflict(
        _(
            "The roll has changed since the credential authority made the credentials: they "
            "must make them again for the new list of voters."
        ),
        code="roll_changed",
    )


def authority_keys_submit(*, election: Election, by: Any, data: bytes) -> None:
    """The credential authority hands in the public keys of the credentials they made, one per
    voter of ``authority_voters``; they replace any handed in before."""
    if len(data) > MAX_UPLOAD_BYTES * 16:  # a million voters' keys fit
        raise _refuse(_("This file is too large."), "too_large", 413)
    try:
        value = credential_files.parse_json(data, label="keys file")
    except CryptoError as exc:
        raise _crypto_refusal(exc) from None
    with transaction.atomic():
        current = _locked(election)
        if current.credential_authority_id is None or current.credential_authority_id != by.pk:
            raise _refuse(
                _("You are not the credential authority of this election."), "not_authority", 403
            )
        if current.state not in (S.CEREMONY, S.READY):
            raise Conflict(_("The vote has opened: its credentials are fixed."), code="opened")
        voters = authority_voters(current)
        voters_hash = credential_files.voters_hash(voters)
        try:
            keys = credential_files.parse_keys_file(
                value,
                election_id=description_of(current).election_id,
                description_hash=bytes.fromhex(current.description_hash),
                voters_hash=voters_hash,
                voters=[v["voter"] for v in voters],
            )
        except CryptoError as exc:
            raise _crypto_refusal(exc) from None
        current.authority_voters_hash = voters_hash.hex()
        current.authority_keys = {str(m): key.hex() for m, key in sorted(keys.items())}
        current.authority_keys_at = timezone.now()
        current.save(update_fields=["authority_voters_hash", "authority_keys", "authority_keys_at"])
        _audit(
            current,
            "election.credentials_handed_in",
            by,
            data={"voters": len(keys), "voters_hash": current.authority_voters_hash},
        )


# --- opening: credentials frozen with the roll ----------------------------------------------


def _send_credential(decision: Decision, user: Any, code: str) -> None:
    language = getattr(user, "language", "") or decision.language
    with translation.override(language):
        body = render_to_string(
            "ballots/email/credential.txt",
            {"decision": decision, "code": code, "user": user},
        )
        subject = _("Your voting credential for “%(title)s”") % {"title": decision.title}
    # Sent at once, not queued: the code must not wait in the task queue's storage.
    EmailMessage(subject, email_body_signed(body), settings.DEFAULT_FROM_EMAIL, [user.email]).send()


def election_open(*, election: Election, by: Any) -> None:
    """Open the vote: the governance roll is frozen (``decision_open``), each voter on it gets a
    credential whose public key joins the public roll, and the manifest is frozen.

    With a credential authority, the credentials are the ones they handed in, for exactly the
    voters the roll freezes (else nothing opens), and they send the codes. Without one, the
    server makes a fresh credential per voter and emails it; the private keys are never stored,
    and if an email cannot be sent, nothing is opened (the codes already sent are void) and the
    board can try again."""
    decision = election.decision
    authorize(by, Perm.MANAGE_DECISIONS, decision.organization)
    with transaction.atomic():
        current = _locked(election)
        if current.state != S.READY:
            raise Conflict(
                _("The key ceremony is not complete: the vote cannot open yet."), code="not_ready"
            )
        authority_keys: dict[int, str] | None = None
        if current.credential_authority_id is not None:
            if not current.authority_keys:
                raise Conflict(
                    _("The credential authority has not handed in the credentials yet."),
                    code="no_credentials",
                )
            if credential_files.voters_hash(authority_voters(current)).hex() != (
                current.authority_voters_hash
            ):
                raise _roll_changed()
            authority_keys = {int(m): key for m, key in current.authority_keys.items()}
        description = description_of(current)
        now_description = description_for(
            current.decision,
            trustees=current.trustee_count,
            threshold=current.threshold,
            minimum_ballots=rules_of(current.decision.organization).min_college_ballots_to_publish,
        )
        if now_description.to_json() != current.description:
            raise Conflict(
                _(
                    "The question, its options, the colleges, their weights or the fewest ballots "
                    "to publish a college's result changed after the key ceremony: choose the "
                    "trustees again to run a new ceremony."
                ),
                code="description_changed",
            )
        governance.decision_open(decision=current.decision, by=by, verifiable=True)
        current.decision.refresh_from_db()
        r = decision_rules(current.decision)
        entries = list(
            GovernanceRollEntry.objects.filter(decision=current.decision)
            .select_related("voter", "member")
            .order_by("member_id")
        )
        credentials: list[Credential] = []
        private: list[dict[str, Any]] = []
        codes: list[tuple[Any, str]] = []
        if authority_keys is not None and set(authority_keys) != {e.member_id for e in entries}:
            raise _roll_changed()
        for entry in entries:
            college = record_college(r, entry.college)
            if authority_keys is not None:
                # The authority made this credential; its code went to the voter from them.
                public = authority_keys[entry.member_id]
            else:
                seed = os.urandom(32)
                public = bytes(nacl.signing.SigningKey(seed).verify_key).hex()
                if entry.voter is not None and entry.voter.email:
                    codes.append((entry.voter, credential_code(seed)))
                del seed
            credentials.append(
                Credential(
                    election=current, member=entry.member, college=college, public_key=public
                )
            )
            private.append({"member": entry.member_id, "credential": public})
        Credential.objects.bulk_create(credentials)
        salt = os.urandom(32).hex()
        roll = Roll(
            hash_json({"salt": salt, "roll": private}),
            tuple(
                sorted(
                    (RollEntry(bytes.fromhex(c.public_key), c.college) for c in credentials),
                    key=lambda e: e.credential,
                )
            ),
        )
        manifest = Manifest(
            description,
            Ceremony.from_json(current.ceremony, params=description.params()),
            roll,
        )
        current.manifest = manifest.to_json()
        current.manifest_hash = manifest.hash().hex()
        current.head = current.manifest_hash
        current.roll_salt = salt
        current.state = S.OPEN
        current.save()
        _audit(
            current,
            "election.opened",
            by,
            data={
                "manifest_hash": current.manifest_hash,
                "credentials": len(credentials),
                "emailed": len(codes),
                "made_by": "authority" if authority_keys is not None else "server",
            },
        )
        try:
            for user, code in codes:
                _send_credential(current.decision, user, code)
        except (OSError, smtplib.SMTPException) as exc:
            # Raised inside the transaction: nothing is opened, and the codes already sent are
            # void (their public keys are not on any roll).
            raise ServiceError(
                _(
                    "The credentials could not be emailed (%(error)s): the vote was not opened. "
                    "Try again once email works."
                )
                % {"error": exc.__class__.__name__},
                code="email_failed",
                status=503,
            ) from exc


# --- voting ---------------------------------------------------------------------------------


def _own_credential(election: Election, by: Any, public_key: bytes) -> Credential:
    """The credential a ballot is made with, if it is one of this election's and ``by`` is the
    voter of the member who holds it (a person may vote for several members: a representative
    of legal persons, each with their own credential)."""
    credential = (
        Credential.objects.filter(election=election, public_key=public_key.hex())
        .select_related("member")
        .first()
    )
    if (
        credential is not None
        and GovernanceRollEntry.objects.filter(
            decision=election.decision, member=credential.member, voter=by
        ).exists()
    ):
        return credential
    if not GovernanceRollEntry.objects.filter(decision=election.decision, voter=by).exists():
        raise _refuse(_("You have no ballot in this vote."), "not_on_roll", 403)
    raise _refuse(
        _(
            "This ballot is signed with another credential than yours: check the credential "
            "code you typed."
        ),
        "wrong_credential",
        403,
    )


def _verify_ballot(election: Election, signed: SignedBallot) -> None:
    manifest = manifest_of(election)
    try:
        ballot_verify(
            signed=signed,
            specs=manifest.description.specs(),
            public_key=manifest.ceremony.public_key,
            manifest_hash=bytes.fromhex(election.manifest_hash),
        )
    except CryptoError as exc:
        raise _refuse(
            _("This ballot does not verify: %(reason)s") % {"reason": str(exc)},
            "invalid_ballot",
        ) from None


def _letter_credential(election: Election, public_key: bytes) -> Credential:
    """The credential of a ballot cast without signing in, from a credential letter: it must be
    one the credential authority made (the server never held its code) for a member who has no
    account to sign in with. A member with an account signs in to vote, as a second factor."""
    if election.credential_authority_id is None:
        raise _refuse(
            _("Sign in to vote: this vote has no credential letters."), "sign_in_needed", 403
        )
    credential = (
        Credential.objects.filter(election=election, public_key=public_key.hex())
        .select_related("member")
        .first()
    )
    entry = (
        GovernanceRollEntry.objects.filter(
            decision=election.decision, member=credential.member
        ).first()
        if credential is not None
        else None
    )
    if credential is None or entry is None:
        raise _refuse(
            _("This credential is not on the roll of this vote: check the code on your letter."),
            "unknown_credential",
            403,
        )
    if entry.voter_id is not None:
        raise _refuse(
            _("This credential's member has an account: sign in to vote with it."),
            "sign_in_needed",
            403,
        )
    return credential


def ballot_submit(*, election: Election, by: Any, data: str) -> str:
    """Put a signed ballot on the board; returns its tracker. The ballot must be signed with
    the credential of the member whose voter ``by`` is, prove itself valid, and (revoting on)
    the last one counts. Submitting the same ballot twice returns its tracker again.

    ``by`` is None for a ballot cast from a credential letter, without signing in: then its
    credential must be that of a member with no account (``_letter_credential``)."""
    decision = election.decision
    if by is not None:
        authorize(by, Perm.PARTICIPATE, decision.organization)
    value = _parse_json(data, limit=MAX_BALLOT_BYTES)
    try:
        signed = SignedBallot.from_json(value)
    except CryptoError as exc:
        raise _refuse(
            _("This ballot is malformed: %(reason)s") % {"reason": str(exc)}, "malformed"
        ) from None
    if by is None:
        credential = _letter_credential(election, signed.ballot.credential)
    else:
        credential = _own_credential(election, by, signed.ballot.credential)
    rate_limit("ballot_cast", credential.public_key)
    member = credential.member
    # The proofs and the signature are checked before taking the election's lock: the manifest
    # does not change once the vote is open, and casts need not wait on each other's checks.
    verified = ""
    if election.manifest and election.manifest_hash:
        _verify_ballot(election, signed)
        verified = election.manifest_hash
    now = timezone.now()
    try:
        with transaction.atomic():
            current = _locked(election)
            if current.state != S.OPEN:
                raise Conflict(_("This vote is not open."), code="not_open")
            if current.decision.closes_at is not None and now >= current.decision.closes_at:
                raise Conflict(_("This vote has closed."), code="closed")
            if verified != current.manifest_hash:  # checked against another manifest, or not
                _verify_ballot(current, signed)
            tracker = tracker_of(signed.to_json()).hex()
            if BoardEntry.objects.filter(election=current, tracker=tracker).exists():
                return tracker  # the same ballot again (a double submit): already on the board
            previous = BoardEntry.objects.filter(
                election=current, credential=credential.public_key
            ).exists()
            if previous and not current.decision.allow_revote:
                raise Conflict(
                    _("Your ballot has already been cast, and this vote does not allow changes."),
                    code="already_voted",
                )
            index = BoardEntry.objects.filter(election=current).count()
            entry_hash = entry_hash_of(
                index=index, previous=bytes.fromhex(current.head), tracker=bytes.fromhex(tracker)
            ).hex()
            BoardEntry.objects.create(
                election=current,
                index=index,
                previous=current.head,
                tracker=tracker,
                hash=entry_hash,
                credential=credential.public_key,
                ballot=signed.to_json(),
            )
            current.head = entry_hash
            current.save(update_fields=["head"])
            participation = Participation.objects.filter(
                decision=current.decision, member=member
            ).first()
            if participation is None:
                Participation.objects.create(
                    decision=current.decision,
                    member=member,
                    college=GovernanceRollEntry.objects.get(
                        decision=current.decision, member=member
                    ).college,
                    cast_by=by,
                    cast_at=now,
                )
            else:
                participation.cast_by = by
                participation.cast_at = now
                participation.revotes += 1
                participation.save(update_fields=["cast_by", "cast_at", "revotes"])
            _audit(
                current,
                "ballot.cast",
                by,
                # Who voted, as for every vote; not where on the board (that would tie the member
                # to their credential for every reader of the log).
                data={"member": member.pk, "revote": previous}
                | ({"letter": True} if by is None else {}),
            )
            return tracker
    except IntegrityError:
        raise Conflict(_("This ballot has already been cast."), code="already_voted") from None


def audit_submit(*, election: Election, by: Any, ballot: str, opening: str) -> AuditedBallot:
    """Publish a ballot its voter audited instead of casting (a voter on the roll, with their own
    credential, at most ``MAX_AUDITS`` times): the server checks its proofs and
    that it opens to the stated choices, with the Python implementation (independent of the
    booth's JavaScript). It is unsigned, so it can never be cast."""
    authorize(by, Perm.PARTICIPATE, election.decision.organization)
    if election.state != S.OPEN:
        raise Conflict(_("This vote is not open."), code="not_open")
    manifest = manifest_of(election)
    specs = manifest.description.specs()
    ballot_value = _parse_json(ballot, limit=MAX_BALLOT_BYTES)
    opening_value = _parse_json(opening, limit=MAX_BALLOT_BYTES)
    try:
        encrypted = EncryptedBallot.from_json(ballot_value)
    except CryptoError as exc:
        raise _refuse(
            _("This audited ballot does not check: %(reason)s") % {"reason": str(exc)},
            "audit_failed",
        ) from None
    credential = _own_credential(election, by, encrypted.credential)
    try:
        parsed_opening = BallotOpening.from_json(opening_value, specs=specs)
        ballot_verify_proofs(
            ballot=encrypted,
            specs=specs,
            public_key=manifest.ceremony.public_key,
            manifest_hash=bytes.fromhex(election.manifest_hash),
        )
        choices = ballot_check_opening(
            ballot=encrypted,
            opening=parsed_opening,
            specs=specs,
            public_key=manifest.ceremony.public_key,
        )
    except CryptoError as exc:
        raise _refuse(
            _("This audited ballot does not check: %(reason)s") % {"reason": str(exc)},
            "audit_failed",
        ) from None
    if (
        AuditedBallot.objects.filter(election=election, credential=credential.public_key).count()
        >= MAX_AUDITS
    ):
        raise Conflict(
            _("You have audited %(n)s ballots already: cast one now.") % {"n": MAX_AUDITS},
            code="too_many_audits",
        )
    fingerprint = hash_json(encrypted.to_json()).hex()
    audited, _created = AuditedBallot.objects.get_or_create(
        election=election,
        fingerprint=fingerprint,
        defaults={
            "credential": credential.public_key,
            "ballot": encrypted.to_json(),
            "opening": parsed_opening.to_json(),
            "choices": [list(c) for c in choices],
        },
    )
    return audited


# --- closing, decryption, publication --------------------------------------------------------


def election_close(*, election: Election, by: Any) -> None:
    """Close the vote and sum each college's counted ballots homomorphically; the trustees then
    decrypt the sums of the colleges large enough to publish."""
    decision = election.decision
    authorize(by, Perm.MANAGE_DECISIONS, decision.organization)
    with transaction.atomic():
        current = _locked(election)
        if current.state != S.OPEN:
            raise Conflict(_("Only an open vote can be closed."), code="not_open")
        manifest = manifest_of(current)
        sums = college_sums(
            description=manifest.description,
            board=record_board(current),
            roll=manifest.roll.credentials,
        )
        current.sums = {
            college: {
                "ballots": indices,
                "questions": [[c.to_json() for c in row] for row in rows],
            }
            for college, (indices, rows) in sums.items()
        }
        current.state = S.DECRYPTING
        current.save(update_fields=["sums", "state"])
        now = timezone.now()
        Decision.objects.filter(pk=current.decision_id).update(
            state=Decision.State.CLOSED, closed_at=now
        )
        _audit(
            current,
            "decision.closed",
            by,
            data={"board_head": current.head, "board_entries": len(record_board(current))},
        )
        notify(
            users=[t.user for t in current.trustees.select_related("user")],
            organization=current.decision.organization,
            kind="election.decrypt",
            template=gettext_noop(
                "The verifiable vote “%(title)s” is closed: as its trustee, decrypt the tally."
            ),
            values={"title": current.decision.title},
            url=reverse(
                "ballots:trustee", args=[current.decision.organization.slug, current.decision.pk]
            ),
            dedupe_key=f"decrypt-{current.pk}",
        )


def decryption_submit(*, election: Election, by: Any, data: bytes) -> None:
    """A trustee's decryption shares, each with its proof, checked against their key."""
    value = _parse_json(data)
    with transaction.atomic():
        current = _locked(election)
        trustee = _own_trustee(current, by)
        if current.state != S.DECRYPTING:
            raise Conflict(_("The tally is not waiting for decryption."), code="step")
        if trustee.decryption is not None:
            raise Conflict(_("You have already decrypted the tally."), code="done")
        try:
            shares = parse_decryption_file(
                value,
                manifest_hash=bytes.fromhex(current.manifest_hash),
                trustee=trustee.index,
                verification_key=Point.from_hex(trustee.verification_key),
                colleges=published_colleges(current),
            )
        except CryptoError as exc:
            raise _crypto_refusal(exc) from None
        trustee.decryption = [[[s.to_json() for s in q] for q in college] for college in shares]
        trustee.decrypted_at = timezone.now()
        trustee.save(update_fields=["decryption", "decrypted_at"])
        _audit(
            current,
            "election.decrypted",
            by,
            data={"trustee": trustee.index},
        )


def election_publish(*, election: Election, by: Any) -> None:
    """Combine the decryption shares of the trustees who took part (at least the threshold),
    solve each count, compute the weighted result in the open, check the whole record with the
    independent verifier, and publish it."""
    decision = election.decision
    authorize(by, Perm.MANAGE_DECISIONS, decision.organization)
    with transaction.atomic():
        current = _locked(election)
        if current.state != S.DECRYPTING:
            raise Conflict(_("The tally is not waiting for decryption."), code="step")
        present = [t for t in current.trustees.order_by("index") if t.decryption is not None]
        if len(present) < current.threshold:
            raise Conflict(
                _("Decryptions needed: %(needed)s; handed in: %(present)s.")
                % {"needed": current.threshold, "present": len(present)},
                code="too_few_trustees",
            )
        manifest = manifest_of(current)
        description = manifest.description
        params = description.params()
        context = Context(bytes.fromhex(current.manifest_hash))
        vks = {j + 1: k for j, k in enumerate(manifest.ceremony.verification_keys)}
        published = dict(published_colleges(current))
        position = {college: i for i, college in enumerate(published)}
        colleges = []
        sums: dict[str, Any] = current.sums or {}
        for college in description.colleges:
            entry = sums[college.id]
            ballots = len(entry["ballots"])
            questions = []
            for q, row in enumerate(entry["questions"]):
                selections = []
                for o, raw in enumerate(row):
                    ciphertext = Ciphertext.from_json(raw, allow_identity=True, where="sum")
                    if college.id not in published:
                        selections.append(SelectionTally(ciphertext, None, None))
                        continue
                    shares = [
                        DecryptionShare.from_json(
                            (t.decryption or [])[position[college.id]][q][o], params=params
                        )
                        for t in present
                    ]
                    combined = combine_decryption_shares(
                        params=params,
                        ciphertext=ciphertext,
                        shares=shares,
                        verification_keys=vks,
                        context=context,
                    )
                    count = DiscreteLog(ballots).solve(combined.point)
                    selections.append(SelectionTally(ciphertext, tuple(shares), count))
                questions.append(tuple(selections))
            colleges.append(
                CollegeTally(
                    college.id,
                    tuple(entry["ballots"]),
                    college.id not in published,
                    tuple(questions),
                )
            )
        tally = Tally(tuple(t.index for t in present), tuple(colleges))
        result = weighted_result(
            description,
            {
                c.college: (len(c.ballots), None if c.withheld else c.counts())
                for c in tally.colleges
            },
        )
        current.tally = tally.to_json()
        current.result = result.to_json()
        record = record_of(current)
        report = verify_record(record.to_json())
        if not report.ok:
            raise ServiceError(
                _("The election record does not verify: %(checks)s")
                % {"checks": "; ".join(line for line in report.lines() if line.startswith("FAIL"))},
                code="record_invalid",
                status=500,
            )
        now = timezone.now()
        current.state = S.PUBLISHED
        current.published_at = now
        current.save(update_fields=["tally", "result", "state", "published_at"])
        outcome = decision_result(current)
        Decision.objects.filter(pk=current.decision_id).update(result=outcome.to_json())
        _audit(
            current,
            "tally.made",
            by,
            data={
                "record_hash": hash_json(record.to_json()).hex(),
                "trustees_present": list(tally.trustees_present),
                "winners": list(outcome.winners),
            },
        )
        if current.decision.proposal_id is not None:
            Proposal.objects.filter(pk=current.decision.proposal_id).update(
                state=Proposal.State.OUTCOME,
                outcome=outcome_text(current.decision, outcome),
                decided_at=now,
            )
