"""What the election pages read, and the reads the services share (the election's description,
files and record, the decision's outcome from the published result)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from intercoop.ballots.models import AuditedBallot, BoardEntry, Credential, Election, Trustee
from intercoop.core.errors import ServiceError
from intercoop.governance.models import Decision, Member, Participation
from intercoop.governance.models import RollEntry as GovernanceRollEntry
from intercoop.governance.results import VerifiableResult, stored_result
from intercoop.governance.selectors.decisions import decision_rules, turnout_summary
from intercoop.governance.selectors.register import member_roll, rules_of
from intercoop_tools import credentials as credential_files
from intercoop_tools.crypto.ballot import SignedBallot
from intercoop_tools.crypto.elgamal import Ciphertext
from intercoop_tools.crypto.errors import CryptoError
from intercoop_tools.record.board import BoardEntry as RecordBoardEntry
from intercoop_tools.record.document import Record
from intercoop_tools.record.manifest import College, Description, Manifest, Option, Question
from intercoop_tools.record.result import Result, is_published
from intercoop_tools.record.tally import Tally
from intercoop_tools.rules import rules
from intercoop_tools.trustee import ceremony as trustee_ceremony
from intercoop_tools.trustee import formats as trustee_formats
from intercoop_tools.trustee import tally as trustee_tally

S = Election.State


# --- the election's description, files and record (the services read them too) ----------------

_IDENTIFIER = re.compile(r"[a-z0-9][a-z0-9_-]{0,63}")


def college_ids(r: rules.Rules) -> list[tuple[str, str, str, Fraction]]:
    """(governance key, record id, name, weight) of each college counted separately. Without
    weights the whole roll is one college: a verifiable tally sums per college, then weighs the
    colleges' shares, so colleges without weights cannot be pooled member by member."""
    if not r.colleges or not r.weighted:
        return [("*", "members", _("All members"), Fraction(1))]
    out = []
    for i, college in enumerate(r.colleges):
        key = college.key.lower()
        record_id = key if _IDENTIFIER.fullmatch(key) else f"college-{i + 1}"
        out.append((college.key, record_id, college.name, Fraction(college.weight or 1)))
    return out


def record_college(r: rules.Rules, governance_key: str) -> str:
    ids = college_ids(r)
    if ids[0][0] == "*":
        return ids[0][1]
    return next(record_id for key, record_id, _n, _w in ids if key == governance_key)


def option_ids(decision: Decision) -> list[tuple[str, str]]:
    """(record option id, label) in the decision's order; yes/no are ``yes`` and ``no``."""
    options = list(decision.options.order_by("position", "pk"))
    if decision.method == Decision.Method.YES_NO:
        return [("yes", options[0].label), ("no", options[1].label)]
    return [(f"option-{i + 1}", o.label) for i, o in enumerate(options)]


def description_of(election: Election) -> Description:
    return Description.from_json(election.description)


def ceremony_progress(election: Election) -> str:
    """Which step of the ceremony is under way: commit, share, confirm or done."""
    trustees = list(election.trustees.all())
    if not all(t.commitment for t in trustees):
        return "commit"
    if not all(t.shares is not None for t in trustees):
        return "share"
    if not all(t.verification_key for t in trustees):
        return "confirm"
    return "done"


def ceremony_step(election: Election) -> str:
    return ceremony_progress(election) if election.state == S.CEREMONY else ""


def trustee_commitments(election: Election) -> list[dict[str, Any]]:
    return [
        {"trustee": t.index, "box_public_key": t.box_public_key, "commitment": t.commitment}
        for t in election.trustees.order_by("index")
    ]


def commitments_file(election: Election) -> dict[str, Any]:
    return trustee_ceremony.commitments_file(
        description_hash=bytes.fromhex(election.description_hash),
        trustees=trustee_commitments(election),
    )


def shares_for_file(election: Election, trustee: Trustee) -> dict[str, Any]:
    dealt = [
        (t.index, bytes.fromhex(t.shares[str(trustee.index)]))
        for t in election.trustees.order_by("index")
        if t.index != trustee.index and t.shares is not None
    ]
    return trustee_ceremony.shares_for_file(
        description_hash=bytes.fromhex(election.description_hash),
        recipient=trustee.index,
        commitments=trustee_commitments(election),
        shares=dealt,
    )


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _spreadsheet_safe(text: str) -> str:
    """A name or address as the authority's tool takes it: no control character, and no
    leading ``= + - @`` that a spreadsheet opening the codes file would run as a formula."""
    text = _CONTROL.sub(" ", text).strip()[:299]
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def authority_voters(election: Election) -> list[dict[str, Any]]:
    """The voters the vote will freeze on its roll if it opens now (the members eligible at the
    record date under the current rules), each with their account's address and record college,
    in member order: what the credential authority makes credentials for."""
    decision = election.decision
    r = rules_of(decision.organization)
    roll = member_roll(decision.organization, decision.record_date)
    college_of = {int(m): key for key, ids in roll.by_college.items() for m in ids}
    members = Member.objects.filter(pk__in=college_of).select_related("user", "representative_user")
    out = []
    for member in sorted(members, key=lambda m: m.pk):
        voter = member.voter
        out.append(
            {
                "voter": member.pk,
                "name": _spreadsheet_safe(member.name),
                "email": _spreadsheet_safe(voter.email if voter is not None else ""),
                "college": record_college(r, college_of[member.pk]),
            }
        )
    return out


def members_without_credential(election: Election) -> QuerySet[GovernanceRollEntry]:
    """Roll entries whose voter has no account with an email: they received no credential."""
    return GovernanceRollEntry.objects.filter(decision=election.decision).filter(
        voter__isnull=True
    ) | GovernanceRollEntry.objects.filter(decision=election.decision, voter__email="")


def manifest_of(election: Election) -> Manifest:
    return Manifest.from_json(election.manifest)


def record_board(election: Election) -> list[RecordBoardEntry]:
    out = []
    for row in BoardEntry.objects.filter(election=election).order_by("index"):
        out.append(
            RecordBoardEntry(
                row.index,
                bytes.fromhex(row.previous),
                bytes.fromhex(row.tracker),
                bytes.fromhex(row.hash),
                SignedBallot.from_json(row.ballot),
            )
        )
    return out


def published_colleges(election: Election) -> list[tuple[str, list[list[Ciphertext]]]]:
    description = description_of(election)
    sums: dict[str, Any] = election.sums or {}
    out = []
    for college in description.colleges:
        entry = sums[college.id]
        if is_published(college, len(entry["ballots"])):
            out.append(
                (
                    college.id,
                    [
                        [Ciphertext.from_json(c, allow_identity=True, where="sum") for c in row]
                        for row in entry["questions"]
                    ],
                )
            )
    return out


def tally_file(election: Election) -> dict[str, Any]:
    return trustee_tally.tally_file(
        manifest=election.manifest or {},
        manifest_hash=bytes.fromhex(election.manifest_hash),
        colleges=published_colleges(election),
    )


def record_of(election: Election) -> Record:
    """The election record (``docs/election-record.md``) of a published election."""
    manifest = manifest_of(election)
    params = manifest.description.params()
    return Record(
        manifest,
        bytes.fromhex(election.manifest_hash),
        tuple(record_board(election)),
        bytes.fromhex(election.head),
        Tally.from_json(election.tally, params=params),
        Result.from_json(election.result),
    )


def trustees_of(election: Election) -> list[Trustee]:
    return list(election.trustees.select_related("user").order_by("index"))


def on_roll(election: Election, user: Any) -> bool:
    if not user.is_authenticated or election.decision.state == "draft":
        return False
    return GovernanceRollEntry.objects.filter(decision=election.decision, voter=user).exists()


def has_voted(election: Election, user: Any) -> bool:
    if not user.is_authenticated:
        return False
    members = GovernanceRollEntry.objects.filter(decision=election.decision, voter=user).values(
        "member_id"
    )
    return Participation.objects.filter(decision=election.decision, member__in=members).exists()


def without_credential_count(election: Election) -> int:
    """Voters on the roll the server could not email a code (none when a credential authority
    sends the codes)."""
    if not election.manifest or election.credential_authority_id is not None:
        return 0
    return members_without_credential(election).count()


@dataclass(frozen=True)
class Channels:
    """How the voters' credential codes reach them: by email (an account with an address), or
    on a printed letter from the credential authority (everyone else)."""

    voters: int
    by_email: int

    @property
    def by_letter(self) -> int:
        return self.voters - self.by_email


def credential_channels(election: Election) -> Channels:
    """Over the frozen roll once the vote is open; before, over the voters it would freeze now
    (the credential authority's list)."""
    if election.manifest:
        entries = GovernanceRollEntry.objects.filter(decision=election.decision)
        return Channels(
            voters=entries.count(),
            by_email=entries.filter(voter__isnull=False).exclude(voter__email="").count(),
        )
    voters = authority_voters(election)
    return Channels(voters=len(voters), by_email=sum(1 for v in voters if v["email"]))


# --- the trustee's task -----------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    """What a trustee has to do now: files to download, the kind of file to hand in (if any),
    and a sentence saying where things stand."""

    message: str
    upload: str = ""
    command: str = ""
    downloads: list[tuple[str, str]] = field(default_factory=list)


def trustee_task(election: Election, trustee: Trustee) -> Task:
    state = election.state
    if state == S.CEREMONY:
        step = ceremony_step(election)
        if step == "commit" and not trustee.commitment:
            return Task(
                _("Step 1 of 3: make your secret file and your public commitment."),
                upload="commit",
                command=(
                    "intercoop-trustee start description.json --secret trustee-secret.json "
                    "--out commitment.json"
                ),
                downloads=[("description.json", _("The election's description"))],
            )
        if step == "share" and trustee.shares is None:
            return Task(
                _("Step 2 of 3: deal your shares, encrypted to each of the other trustees."),
                upload="share",
                command=(
                    "intercoop-trustee shares commitments.json --secret trustee-secret.json "
                    "--out shares.json"
                ),
                downloads=[("commitments.json", _("Every trustee's commitment"))],
            )
        if step == "confirm" and not trustee.verification_key:
            return Task(
                _("Step 3 of 3: check the shares you received and confirm your key."),
                upload="confirm",
                command=(
                    "intercoop-trustee finish shares-for-you.json --secret trustee-secret.json "
                    "--out confirmation.json"
                ),
                downloads=[("shares-for-you.json", _("The shares dealt to you"))],
            )
        return Task(_("Your part of this step is done: waiting for the other trustees."))
    if state in (S.READY, S.OPEN):
        return Task(
            _(
                "The key ceremony is complete. Keep your secret file safe and private: you will "
                "need it to decrypt the tally when the vote closes."
            )
        )
    if state == S.DECRYPTING:
        if trustee.decryption is None:
            return Task(
                _("The vote is closed: decrypt the tally with your secret file."),
                upload="decrypt",
                command=(
                    "intercoop-trustee decrypt tally.json --board board.json "
                    "--secret trustee-secret.json --out decryption.json"
                ),
                downloads=[
                    ("tally.json", _("The tally to decrypt")),
                    ("board.json", _("The public bulletin board, to check the tally against")),
                ],
            )
        return Task(_("Your decryption is recorded: waiting for the result to be published."))
    if state == S.PUBLISHED:
        return Task(_("The result is published. Your secret file is no longer needed."))
    return Task(_("The trustees have not been chosen yet."))


def trustee_download(election: Election, trustee: Trustee, name: str) -> dict[str, Any] | None:
    """The file ``name`` if it is one the trustee may fetch at this step."""
    task = trustee_task(election, trustee)
    if name not in {n for n, _label in task.downloads}:
        return None
    if name == "description.json":
        return trustee_formats.description_file(
            trustee=trustee.index,
            description=Description.from_json(election.description),
        )
    if name == "commitments.json":
        return commitments_file(election)
    if name == "shares-for-you.json":
        return shares_for_file(election, trustee)
    if name == "tally.json":
        return tally_file(election)
    if name == "board.json":
        value = public_download(election, "board.json")
        return value if isinstance(value, dict) else None
    return None


# --- the booth --------------------------------------------------------------------------------


def booth_parameters(election: Election) -> dict[str, Any]:
    """What the booth's JavaScript needs (``parseElectionParameters`` of booth-crypto.js)."""
    manifest = election.manifest or {}
    return {
        "manifest_hash": election.manifest_hash,
        "public_key": manifest["ceremony"]["public_key"],
        "questions": manifest["description"]["questions"],
    }


# --- the public board -------------------------------------------------------------------------


def public_elections(organization: Any) -> QuerySet[Election]:
    """The co-op's verifiable votes whose bulletin board is public (those that have opened),
    newest first: what its public page lists."""
    return (
        Election.objects.filter(
            decision__organization=organization,
            decision__secrecy=Decision.Secrecy.VERIFIABLE,
            manifest__isnull=False,
        )
        .exclude(manifest_hash="")
        .select_related("decision")
        .order_by("-decision__record_date", "-decision_id")
    )


def board_url(election: Election) -> str:
    return reverse(
        "ballots:board", args=[election.decision.organization.slug, election.decision_id]
    )


def board_entries(election: Election) -> QuerySet[BoardEntry]:
    return BoardEntry.objects.filter(election=election).only(
        "index", "tracker", "hash", "previous", "credential"
    )


def find_tracker(election: Election, tracker: str) -> dict[str, Any]:
    """Where a tracker is on the board, and whether that ballot counts (the last of its
    credential) or was replaced by a later one."""
    entry = BoardEntry.objects.filter(election=election, tracker=tracker).first()
    if entry is None:
        return {"present": False}
    later = BoardEntry.objects.filter(
        election=election, credential=entry.credential, index__gt=entry.index
    ).exists()
    return {"present": True, "index": entry.index, "hash": entry.hash, "replaced": later}


def credential_entries(election: Election, credential: str) -> list[BoardEntry] | None:
    """The board entries signed with a credential (by its public key, 64 hex digits), in board
    order, or None if it is not a credential of this election's roll. A voter who abstained
    checks here that nobody voted with their credential; one who voted, that the last entry is
    theirs."""
    if not re.fullmatch(r"[0-9a-f]{64}", credential):
        return None
    if not Credential.objects.filter(election=election, public_key=credential).exists():
        return None
    return list(
        BoardEntry.objects.filter(election=election, credential=credential)
        .order_by("index")
        .only("index", "tracker")
    )


def audited_ballots(election: Election) -> list[dict[str, Any]]:
    """Each audited ballot's fingerprint and the labels of the options it encrypts."""
    options = option_ids(election.decision)
    out = []
    for audited in AuditedBallot.objects.filter(election=election):
        row = audited.choices[0] if audited.choices else []
        chosen = [label for (_o, label), value in zip(options, row, strict=False) if value]
        out.append({"fingerprint": audited.fingerprint, "chosen": chosen})
    return out


def manifest_facts(election: Election) -> dict[str, Any]:
    manifest = election.manifest or {}
    last = (
        BoardEntry.objects.filter(election=election)
        .order_by("-index")
        .only("index", "hash")
        .first()
    )
    description = manifest["description"]
    per_college: dict[str, int] = {}
    for college in Credential.objects.filter(election=election).values_list("college", flat=True):
        per_college[college] = per_college.get(college, 0) + 1
    return {
        "question": description["questions"][0],
        "colleges": [
            {
                "id": c["id"],
                "name": c["name"],
                "weight": c["weight"],
                "minimum_ballots": c["minimum_ballots"],
                "credentials": per_college.get(c["id"], 0),
            }
            for c in description["colleges"]
        ],
        "trustees": description["trustees"],
        "threshold": description["threshold"],
        "public_key": manifest["ceremony"]["public_key"],
        "manifest_hash": election.manifest_hash,
        "roll_hash": manifest["roll"]["hash"],
        "credentials": len(manifest["roll"]["credentials"]),
        # Both from the last entry, so that they agree even while ballots are being cast: a
        # voter notes them as HEAD@N for ``intercoop-verify --expect-head``.
        "entries": 0 if last is None else last.index + 1,
        "head": election.manifest_hash if last is None else last.hash,
    }


def public_download(election: Election, name: str) -> dict[str, Any] | list[Any] | None:
    """The public files: the manifest, the board so far, the audited ballots and, once
    published, the whole election record."""
    if name == "manifest.json":
        return {"manifest": election.manifest, "manifest_hash": election.manifest_hash}
    if name == "board.json":
        return {
            "manifest_hash": election.manifest_hash,
            "entries": [
                {
                    "index": e.index,
                    "previous": e.previous,
                    "tracker": e.tracker,
                    "hash": e.hash,
                    "ballot": e.ballot,
                }
                for e in BoardEntry.objects.filter(election=election).order_by("index")
            ],
            "head": election.head,
        }
    if name == "audited.json":
        return [
            {"fingerprint": a.fingerprint, "ballot": a.ballot, "opening": a.opening}
            for a in AuditedBallot.objects.filter(election=election)
        ]
    if name == "record.json" and election.state == S.PUBLISHED:
        return record_of(election).to_json()
    return None


# --- the result -------------------------------------------------------------------------------


def _percent(value: Fraction) -> float:
    """A share as a percentage, for ``floatformat`` (which writes it in the reader's locale)."""
    return float(value) * 100


def result_view(election: Election) -> dict[str, Any] | None:
    """The published result: each college's counts (or why it is withheld), the weights and
    the weighted scores, the outcome and the quorum."""
    if election.state != S.PUBLISHED or not election.result or not election.tally:
        return None
    description = election.description or {}
    labels = dict(option_ids(election.decision))
    options = [o["id"] for o in description["questions"][0]["options"]]
    outcome = stored_result(election.decision.result)
    if not isinstance(outcome, VerifiableResult):
        return None
    colleges = []
    names = {c["id"]: c for c in description["colleges"]}
    counted = {c["college"]: c for c in election.tally["colleges"]}
    for college_id, college in names.items():
        tally = counted[college_id]
        counts = None
        if not tally["withheld"]:
            counts = [
                {"label": labels[o], "count": s["count"]}
                for o, s in zip(options, tally["questions"][0], strict=True)
            ]
        colleges.append(
            {
                "name": college["name"],
                "weight": college["weight"],
                "weight_percent": _percent(Fraction(college["weight"])),
                "minimum": college["minimum_ballots"],
                "ballots": len(tally["ballots"]),
                "withheld": tally["withheld"],
                "counts": counts,
            }
        )
    scores = [
        {
            "label": labels[o],
            "score": outcome.scores.get(o, "0"),
            "percent": _percent(Fraction(outcome.scores.get(o, "0"))),
            "winner": o in outcome.winners,
        }
        for o in options
    ]
    return {
        "colleges": colleges,
        "scores": scores if outcome.scores else [],
        "withheld": [names[c]["name"] for c in outcome.withheld],
        "adopted": outcome.adopted,
        "yes_share": (
            _percent(Fraction(outcome.yes_share)) if outcome.yes_share is not None else None
        ),
        "winners": list(outcome.winner_labels or ()),
        "quorum": outcome.turnout.quorum,
        "turnout": outcome.turnout,
        "trustees_present": election.tally["trustees_present"],
        "counted": sum(len(c["ballots"]) for c in counted.values()),
    }


# --- What the services compute from reads: the election's description, its outcome -----------


def description_for(
    decision: Decision, *, trustees: int, threshold: int, minimum_ballots: int
) -> Description:
    """The record's description of the decision under the co-op's current rules: one question,
    blank allowed (min 0); single choice and yes/no select at most one option, approval any."""
    r = rules_of(decision.organization)
    kind = {
        Decision.Method.YES_NO: "yes_no",
        Decision.Method.SINGLE: "single_choice",
        Decision.Method.APPROVAL: "approval",
    }[Decision.Method(decision.method)]
    options = tuple(Option(i, label) for i, label in option_ids(decision))
    question = Question(
        "q1",
        kind,
        decision.question or decision.title,
        options,
        0,
        len(options) if kind == "approval" else 1,
    )
    description = Description(
        election_id=f"{decision.organization.slug[:40]}-{decision.pk}",
        title=decision.title,
        revoting=decision.allow_revote,
        questions=(question,),
        colleges=tuple(
            College(record_id, name, weight, minimum_ballots)
            for _key, record_id, name, weight in college_ids(r)
        ),
        trustees=trustees,
        threshold=threshold,
    )
    description.check()
    try:
        # As the record will be decoded: free text of at most 1,000 characters, without control
        # characters other than tab and line ends. Otherwise the record would not verify.
        Description.from_json(description.to_json())
    except CryptoError as exc:
        raise ServiceError(
            _("This decision cannot be put to a verifiable vote as it is written: %(reason)s")
            % {"reason": str(exc)},
            code="description_invalid",
        ) from None
    return description


def trustee_for(election: Election, user: Any) -> Trustee | None:
    if not user.is_authenticated:
        return None
    return Trustee.objects.filter(election=election, user=user).first()


def authority_voters_file(election: Election) -> dict[str, Any]:
    return credential_files.voters_file(
        election_id=description_of(election).election_id,
        description_hash=bytes.fromhex(election.description_hash),
        voters=authority_voters(election),
    )


def decision_result(election: Election) -> VerifiableResult:
    """The decision's outcome from the weighted result: scores per option (exact fractions as
    text), the winners, adoption for yes/no (the threshold over yes + no, blank ballots aside)
    and the quorum from who took part."""
    decision = election.decision
    result = Result.from_json(election.result)
    labels = dict(option_ids(decision))
    turnout = turnout_summary(decision, decision_rules(decision))
    scores: dict[str, Fraction] = {}
    if result.questions:
        options = [o for o, _label in option_ids(decision)]
        scores = dict(zip(options, result.questions[0].scores, strict=True))
    out = VerifiableResult(
        turnout=turnout,
        scores={o: str(s) for o, s in scores.items()},
        included=result.included,
        withheld=result.withheld,
        winners=(),
        adopted=None,
    )
    quorum = bool(turnout.quorum.met)
    if not scores:
        return out
    if decision.method == Decision.Method.YES_NO:
        yes, no = scores["yes"], scores["no"]
        share = yes / (yes + no) if yes + no else Fraction(0)
        needed = decision.threshold_fraction
        passed = share > needed if decision.threshold == "majority" else share >= needed
        out = replace(
            out,
            yes_share=str(share),
            adopted=bool(passed and quorum),
            winners=("yes",) if passed else ("no",),
        )
    else:
        ranked = sorted(scores, key=lambda o: (-scores[o], list(scores).index(o)))
        seats = decision.seats if decision.method == Decision.Method.APPROVAL else 1
        out = replace(out, winners=tuple(o for o in ranked[:seats] if scores[o] > 0))
    return replace(out, winner_labels=tuple(labels[o] for o in out.winners))


def outcome_text(decision: Decision, outcome: VerifiableResult) -> str:
    with translation.override(decision.language):
        if not outcome.turnout.quorum.met:
            return _("The quorum was not reached.")
        if not outcome.scores:
            return _("No college had enough ballots for its result to be published.")
        if outcome.adopted is not None:
            return _("Adopted.") if outcome.adopted else _("Not adopted.")
        if not outcome.winners:
            return _("No valid ballot was cast.")
        return _("Chosen: %(winners)s.") % {"winners": ", ".join(outcome.winner_labels or ())}
