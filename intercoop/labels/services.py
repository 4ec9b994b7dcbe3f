"""Writes of the labels app: becoming an issuer, rotating its key, defining achievements,
issuing, accepting and revoking credentials."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

import nacl.signing
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from intercoop.accounts.models import User
from intercoop.core.csvfile import CsvRefused, CsvShape, read_csv
from intercoop.core.errors import Conflict, ServiceError
from intercoop.core.tasks import send_email
from intercoop.labels import keystore, selectors
from intercoop.labels.models import (
    LANGUAGES,
    Achievement,
    Credential,
    Endorsement,
    Issuer,
    IssuerKey,
    StatusList,
)
from intercoop.labels.vc import dataintegrity, statuslist
from intercoop.organizations.models import Organization

TEXT_FIELDS = ("name", "description", "criteria")


def _new_key(issuer: Issuer, number: int, by: User, now: datetime) -> IssuerKey:
    signing = nacl.signing.SigningKey.generate()
    return IssuerKey.objects.create(
        issuer=issuer,
        number=number,
        public_key=bytes(signing.verify_key),
        sealed_private_key=keystore.seal(bytes(signing)),
        created_at=now,
        created_by=by,
    )


def issuer_create(*, organization: Organization, by: User, now: datetime | None = None) -> Issuer:
    """Make the organization an issuer of labels, with its first key. Its did:web path is its
    slug today and does not follow later renames."""
    now = now or timezone.now()
    try:
        with transaction.atomic():
            issuer = Issuer.objects.create(
                organization=organization, path=organization.slug, created_at=now, created_by=by
            )
            _new_key(issuer, 1, by, now)
    except IntegrityError as exc:
        raise Conflict(
            _("%(org)s is already an issuer of labels.") % {"org": organization.name},
            code="already_issuer",
        ) from exc
    return issuer


def issuer_key_rotate(
    *, issuer: Issuer, by: User, compromised: bool = False, now: datetime | None = None
) -> IssuerKey:
    """Retire the signing key and make a new one. A retired key stays in the DID document, so
    what it signed keeps verifying; one marked ``compromised`` leaves it, so what it signed
    stops verifying."""
    now = now or timezone.now()
    with transaction.atomic():
        Issuer.objects.select_for_update().get(pk=issuer.pk)
        keys = list(IssuerKey.objects.filter(issuer=issuer).order_by("number"))
        current = [k for k in keys if k.retired_at is None]
        for key in current:
            key.retired_at = now
            if compromised:
                key.compromised_at = now
            key.save(update_fields=["retired_at", "compromised_at"])
        key = _new_key(issuer, (keys[-1].number if keys else 0) + 1, by, now)
        if compromised:
            status_lists_sign_again(issuer=issuer, now=now)
        return key


# --- achievements and credentials -----------------------------------------------------------


def achievement_create(
    *,
    issuer: Issuer,
    by: User,
    kind: str,
    texts: dict[str, str],
    alignments: list[dict[str, str]] | None = None,
    image: UploadedFile | None = None,
) -> Achievement:
    """A new achievement of ``issuer``. ``texts`` holds ``name_en``, ``name_fr``, ``name_es``,
    ``description_*`` and ``criteria_*``: all nine are required."""
    missing = [
        f"{f}_{lang}"
        for f in TEXT_FIELDS
        for lang in LANGUAGES
        if not texts.get(f"{f}_{lang}", "").strip()
    ]
    if missing:
        raise ServiceError(
            _("An achievement is written in English, French and Spanish; missing: %(fields)s.")
            % {"fields": ", ".join(missing)},
            code="achievement_incomplete",
        )
    achievement = Achievement(
        issuer=issuer,
        kind=kind,
        alignments=alignments or [],
        created_by=by,
        **{k: texts[k].strip() for k in (f"{f}_{lang}" for f in TEXT_FIELDS for lang in LANGUAGES)},
    )
    if image is not None:
        achievement.image.save(image.name or "image", image, save=False)
    achievement.save()
    return achievement


@dataclass(frozen=True)
class IssuedCredential:
    credential: Credential
    accept_link: str  # the recipient's link; the token in it is not stored


def _token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def _check_recipient(
    *,
    email: str,
    organization: Organization | None,
    language: str,
    valid_until: datetime | None,
    now: datetime,
) -> None:
    if bool(email) == (organization is not None):
        raise ServiceError(
            _("A label goes to one recipient: a person's email address or an organization."),
            code="one_recipient",
        )
    if language not in LANGUAGES:
        raise ServiceError(
            _("A label is issued in English, French or Spanish."), code="bad_language"
        )
    if valid_until is not None and valid_until <= now:
        raise ServiceError(_("A label cannot expire before it is issued."), code="bad_valid_until")


@dataclass(frozen=True)
class _Signer:
    """An issuer's signing key, unsealed once for a batch of documents."""

    secret: bytes
    method: str

    @classmethod
    def of(cls, issuer: Issuer) -> _Signer:
        key = selectors.signing_key(issuer)
        if key is None:
            raise ServiceError(_("This issuer has no signing key."), code="no_signing_key")
        return cls(
            secret=keystore.unseal(bytes(key.sealed_private_key)),
            method=f"{selectors.issuer_did(issuer)}#{key.fragment}",
        )

    def sign(self, unsigned: dict[str, Any]) -> str:
        signed = dataintegrity.sign(
            unsigned,
            secret_key=self.secret,
            verification_method=self.method,
            created=unsigned["validFrom"],
        )
        return json.dumps(signed, ensure_ascii=False, indent=2)


def _new_credential(
    achievement: Achievement,
    *,
    by: User,
    email: str,
    name: str,
    organization: Organization | None,
    language: str,
    valid_until: datetime | None,
    now: datetime,
    entries: _Entries,
    signer: _Signer,
    evidence: Sequence[dict[str, Any]] = (),
    narrative: str = "",
) -> tuple[Credential, str]:
    """A credential, its status entries taken and its document signed, not yet saved; and the
    token of its recipient's link."""
    credential = Credential(
        achievement=achievement,
        recipient_email=email,
        recipient_name=name.strip(),
        recipient_organization=organization,
        language=language,
        issued_at=now,
        issued_by=by,
        valid_until=valid_until,
    )
    token = secrets.token_urlsafe(32)
    credential.accept_token_digest = _token_digest(token)
    for purpose in StatusList.Purpose.values:
        status_list, index = entries.take(purpose)
        setattr(credential, f"{purpose}_list", status_list)
        setattr(credential, f"{purpose}_index", index)
    unsigned = selectors.credential_unsigned(
        credential, salt=secrets.token_hex(16), evidence=evidence, narrative=narrative
    )
    credential.document = signer.sign(unsigned)
    return credential, token


def _accept_link(token: str, language: str) -> str:
    with translation.override(language):
        return settings.PUBLIC_URL.rstrip("/") + reverse("labels:accept", args=[token])


def credential_issue(
    *,
    achievement: Achievement,
    by: User,
    email: str = "",
    name: str = "",
    organization: Organization | None = None,
    language: str = "en",
    valid_until: datetime | None = None,
    now: datetime | None = None,
    notify: bool = True,
    evidence: Sequence[dict[str, Any]] = (),
    narrative: str = "",
) -> IssuedCredential:
    """Sign an Open Badges credential of ``achievement`` for a person (``email``, ``name``) or
    an ``organization``, store it, and email the person their link to accept it. The same
    achievement given twice to the same recipient is refused (``Conflict``). ``evidence`` and
    ``narrative`` go into the document as they are (``openbadges.open_badge_credential``): a
    label computed by the platform, such as the exchange's co-op share, says there what it
    rests on."""
    now = (now or timezone.now()).replace(microsecond=0)
    email = email.strip().lower()
    _check_recipient(
        email=email, organization=organization, language=language, valid_until=valid_until, now=now
    )
    signer = _Signer.of(achievement.issuer)
    try:
        with transaction.atomic():
            # Its entries in the issuer's revocation and suspension lists: the lists are locked
            # until the credential is stored, so two issuings never take the same index.
            entries = _Entries(achievement.issuer, now)
            credential, token = _new_credential(
                achievement,
                by=by,
                email=email,
                name=name,
                organization=organization,
                language=language,
                valid_until=valid_until,
                now=now,
                entries=entries,
                signer=signer,
                evidence=evidence,
                narrative=narrative,
            )
            credential.save()
            entries.close()
    except IntegrityError as exc:
        raise Conflict(
            _("%(recipient)s already holds “%(achievement)s”.")
            % {
                "recipient": email or organization,
                "achievement": achievement.text("name", language),
            },
            code="already_holds",
        ) from exc
    link = _accept_link(token, language)
    if notify and email:
        _email_recipient(credential, link)
    return IssuedCredential(credential=credential, accept_link=link)


def _email_recipient(credential: Credential, link: str) -> None:
    achievement = credential.achievement
    with translation.override(credential.language):
        message = {
            "subject": _("%(org)s gives you the label “%(achievement)s”")
            % {
                "org": achievement.issuer.organization.name,
                "achievement": achievement.text("name", credential.language),
            },
            "body": render_to_string(
                "labels/email/credential_issued.txt",
                {
                    "credential": credential,
                    "achievement_name": achievement.text("name", credential.language),
                    "org": achievement.issuer.organization.name,
                    "link": link,
                },
            ),
            "from_email": None,
            "to": [credential.recipient_email],
        }
    transaction.on_commit(lambda: send_email(message))


def credential_accept(*, token: str, now: datetime | None = None) -> Credential:
    """The recipient accepts their label (the link proves they read the email)."""
    now = now or timezone.now()
    with transaction.atomic():
        credential = (
            Credential.objects.select_for_update()
            .filter(accept_token_digest=_token_digest(token))
            .first()
        )
        if credential is None:
            raise ServiceError(
                _("This link is not valid: check that it was copied whole."),
                code="bad_link",
                status=404,
            )
        if credential.accepted_at is None:
            credential.accepted_at = now
            credential.save(update_fields=["accepted_at"])
    return credential


def credential_revoke(*, credential: Credential, by: User, now: datetime | None = None) -> None:
    """Revoke a label: its bit in the issuer's revocation list is set and the list signed again,
    so every verifier that reads the list sees it revoked. Idempotent; a revocation is final."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Credential.objects.select_for_update().get(pk=credential.pk)
        if locked.revoked_at is None:
            locked.revoked_at = now
            locked.save(update_fields=["revoked_at"])
            _set_status(locked, "revocation", True, now)
    credential.refresh_from_db()


def credential_suspend(
    *, credential: Credential, by: User, suspended: bool, now: datetime | None = None
) -> None:
    """Suspend a label (it stops verifying as valid until it is reinstated), or reinstate it."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Credential.objects.select_for_update().get(pk=credential.pk)
        if locked.revoked_at is not None:
            raise ServiceError(
                _("This label was revoked: it can be neither suspended nor reinstated."),
                code="revoked",
            )
        if (locked.suspended_at is not None) != suspended:
            locked.suspended_at = now if suspended else None
            locked.save(update_fields=["suspended_at"])
            _set_status(locked, "suspension", suspended, now)
    credential.refresh_from_db()


# --- endorsements ---------------------------------------------------------------------------

ENDORSEMENT_COMMENT_MAX = 2000


def endorsement_create(
    *,
    endorser: Issuer,
    by: User,
    comment: str,
    achievement: Achievement | None = None,
    organization: Organization | None = None,
    language: str = "en",
    now: datetime | None = None,
) -> Endorsement:
    """Sign an ``EndorsementCredential`` of ``endorser`` for an education programme
    (``achievement``, of another issuer) or a co-operative (``organization``), with a comment.
    The same endorser endorsing the same thing twice is refused (``Conflict``)."""
    now = (now or timezone.now()).replace(microsecond=0)
    comment = comment.strip()
    if (achievement is None) == (organization is None):
        raise ServiceError(
            _("An endorsement is of one thing: a programme or an organization."),
            code="one_subject",
        )
    if achievement is not None and achievement.issuer_id == endorser.pk:
        raise ServiceError(
            _("An issuer does not endorse its own achievements."), code="own_achievement"
        )
    if organization is not None and organization.pk == endorser.organization_id:
        raise ServiceError(_("An organization does not endorse itself."), code="self_endorsement")
    if not comment:
        raise ServiceError(
            _("Say in a comment why you endorse it: the endorsement shows it."), code="no_comment"
        )
    if len(comment) > ENDORSEMENT_COMMENT_MAX:
        raise ServiceError(
            _("The comment is longer than %(n)s characters.") % {"n": ENDORSEMENT_COMMENT_MAX},
            code="comment_too_long",
        )
    if language not in LANGUAGES:
        raise ServiceError(
            _("An endorsement is written in English, French or Spanish."), code="bad_language"
        )
    signer = _Signer.of(endorser)
    endorsement = Endorsement(
        endorser=endorser,
        achievement=achievement,
        organization=organization,
        comment=comment,
        language=language,
        issued_at=now,
        issued_by=by,
    )
    try:
        with transaction.atomic():
            entries = _Entries(endorser, now)
            endorsement.revocation_list, endorsement.revocation_index = entries.take("revocation")
            endorsement.document = signer.sign(selectors.endorsement_unsigned(endorsement))
            endorsement.save()
            entries.close()
    except IntegrityError as exc:
        raise Conflict(
            _("%(org)s already endorses “%(subject)s”.")
            % {
                "org": endorser.organization.name,
                "subject": selectors.endorsement_subject_name(endorsement),
            },
            code="already_endorsed",
        ) from exc
    return endorsement


def endorsement_revoke(*, endorsement: Endorsement, by: User, now: datetime | None = None) -> None:
    """Withdraw an endorsement: its bit in the endorser's revocation list is set and the list
    signed again. Idempotent; final."""
    now = now or timezone.now()
    with transaction.atomic():
        locked = Endorsement.objects.select_for_update().get(pk=endorsement.pk)
        if locked.revoked_at is None:
            locked.revoked_at = now
            locked.save(update_fields=["revoked_at"])
            _set_status(locked, "revocation", True, now)
    endorsement.refresh_from_db()


# --- status lists ---------------------------------------------------------------------------

LIST_BITS = statuslist.MIN_BITS
# A list takes new credentials until a quarter of it is used: a random free index is then found
# at the first or second draw, and a holder's neighbours in the list are few among many.
LIST_FILL = LIST_BITS // 4


def _open_status_list(issuer: Issuer, purpose: str, now: datetime) -> StatusList:
    """The issuer's list for ``purpose`` that takes new credentials, locked; a new one, signed
    empty, when none does."""
    found = (
        StatusList.objects.select_for_update()
        .filter(issuer=issuer, purpose=purpose, used__lt=LIST_FILL)
        .order_by("pk")
        .first()
    )
    if found is not None:
        return found
    status_list = StatusList(
        issuer=issuer, purpose=purpose, size=LIST_BITS, bits=bytes(statuslist.empty(LIST_BITS))
    )
    _sign_status_list(status_list, now)
    status_list.save()
    return status_list


class _Entries:
    """Entries of an issuer's status lists for the credentials of one transaction. Each list
    that takes new credentials is locked (``select_for_update``) until the transaction ends, so
    two issuings never take the same index; each new index is drawn at random among the free
    ones. In ``bulk``, the indexes already held in a list are read once, not asked for at each
    draw."""

    def __init__(self, issuer: Issuer, now: datetime, *, bulk: bool = False) -> None:
        self.issuer = issuer
        self.now = now
        self.bulk = bulk
        self._lists: dict[str, StatusList] = {}
        self._taken: dict[int, set[int]] = {}  # by list: the indexes held or taken here

    def take(self, purpose: str) -> tuple[StatusList, int]:
        status_list = self._lists.get(purpose)
        if status_list is None or status_list.used >= LIST_FILL:
            if status_list is not None:
                status_list.save(update_fields=["used"])
            status_list = _open_status_list(self.issuer, purpose, self.now)
            self._lists[purpose] = status_list
            self._taken[status_list.pk] = _held_indexes(status_list) if self.bulk else set()
        taken = self._taken[status_list.pk]
        while True:
            index = secrets.randbelow(status_list.size)
            if index in taken or (not self.bulk and _index_held(status_list, index)):
                continue
            taken.add(index)
            status_list.used += 1
            return status_list, index

    def close(self) -> None:
        """Save how many entries of each list are used."""
        for status_list in self._lists.values():
            status_list.save(update_fields=["used"])


def _holders(purpose: str) -> list[Any]:
    return [Credential.objects, *([Endorsement.objects] if purpose == "revocation" else [])]


def _held_indexes(status_list: StatusList) -> set[int]:
    """The indexes of the list that credentials and endorsements hold."""
    purpose = status_list.purpose
    return {
        index
        for holder in _holders(purpose)
        for index in holder.filter(**{f"{purpose}_list": status_list}).values_list(
            f"{purpose}_index", flat=True
        )
    }


def _index_held(status_list: StatusList, index: int) -> bool:
    purpose = status_list.purpose
    lookup = {f"{purpose}_list": status_list, f"{purpose}_index": index}
    return any(holder.filter(**lookup).exists() for holder in _holders(purpose))


def _sign_status_list(status_list: StatusList, now: datetime) -> None:
    """Sign the list's credential again with the issuer's signing key, with its bits as they
    are (not saved: the caller saves)."""
    issuer = status_list.issuer
    key = selectors.signing_key(issuer)
    if key is None:
        raise ServiceError(_("This issuer has no signing key."), code="no_signing_key")
    now = now.replace(microsecond=0)
    unsigned = statuslist.list_credential(
        id=selectors.public_url("labels_public:status_list", status_list.uuid),
        issuer=selectors.issuer_did(issuer),
        purpose=status_list.purpose,
        bits=bytes(status_list.bits),
        valid_from=now,
    )
    signed = dataintegrity.sign(
        unsigned,
        secret_key=keystore.unseal(bytes(key.sealed_private_key)),
        verification_method=f"{selectors.issuer_did(issuer)}#{key.fragment}",
        created=unsigned["validFrom"],
    )
    status_list.document = json.dumps(signed, ensure_ascii=False)
    status_list.updated_at = now


def _set_status(
    credential: Credential | Endorsement, purpose: str, value: bool, now: datetime
) -> None:
    list_id = getattr(credential, f"{purpose}_list_id")
    index = getattr(credential, f"{purpose}_index")
    if list_id is None or index is None:
        return
    status_list = StatusList.objects.select_for_update().get(pk=list_id)
    bits = bytearray(status_list.bits)
    statuslist.set_bit(bits, index, value)
    status_list.bits = bytes(bits)
    _sign_status_list(status_list, now)
    status_list.save(update_fields=["bits", "document", "updated_at"])


def status_lists_sign_again(*, issuer: Issuer, now: datetime | None = None) -> None:
    """Sign every list of the issuer with its current key: after a compromised key is replaced,
    so that the lists it signed are not left unverifiable."""
    now = now or timezone.now()
    with transaction.atomic():
        for status_list in StatusList.objects.select_for_update().filter(issuer=issuer):
            _sign_status_list(status_list, now)
            status_list.save(update_fields=["document", "updated_at"])


# --- issuing in bulk ------------------------------------------------------------------------

IMPORT_COLUMNS = ("email", "name", "language", "valid_until")
IMPORT_MAX_BYTES = 2 * 1024 * 1024
IMPORT_MAX_ROWS = 10_000
IMPORT_CSV = CsvShape(
    columns=IMPORT_COLUMNS,
    required=("email",),
    max_bytes=IMPORT_MAX_BYTES,
    max_rows=IMPORT_MAX_ROWS,
    too_many=gettext_lazy("More than %(n)s recipients in one file."),
)


@dataclass(frozen=True)
class _Recipient:
    line: int
    email: str
    name: str
    language: str
    valid_until: datetime | None


@dataclass(frozen=True)
class ImportResult:
    issued: list[Credential]
    already: list[str]  # the addresses that already held the label: nothing issued again


def _recipients(
    achievement: Achievement, content: bytes, language: str, now: datetime
) -> tuple[list[_Recipient], list[tuple[int, str]]]:
    _header, rows, errors = read_csv(content, IMPORT_CSV)
    seen: dict[str, int] = {}
    recipients: list[_Recipient] = []
    for line, cells in rows:
        problems: list[str] = []
        email = cells.get("email", "").lower()
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("“%(value)s” is not an email address.") % {"value": email})
        else:
            first = seen.setdefault(email, line)
            if first != line:
                problems.append(
                    _("%(email)s is also on line %(line)s.") % {"email": email, "line": first}
                )
        row_language = cells.get("language", "") or language
        if row_language not in LANGUAGES:
            problems.append(
                _("“%(value)s” is not a language of labels (en, fr or es).")
                % {"value": row_language}
            )
        until: datetime | None = None
        if cells.get("valid_until"):
            try:
                day = date.fromisoformat(cells["valid_until"])
            except ValueError:
                problems.append(
                    _("“%(value)s” is not a date in the form YYYY-MM-DD (valid_until).")
                    % {"value": cells["valid_until"]}
                )
            else:
                until = datetime.combine(day, time(23, 59, 59), tzinfo=UTC)
                if until <= now:
                    problems.append(_("A label cannot expire before it is issued."))
        if len(cells.get("name", "")) > 200:
            problems.append(_("The name is longer than 200 characters."))
        errors.extend((line, problem) for problem in problems)
        if not problems:
            recipients.append(_Recipient(line, email, cells.get("name", ""), row_language, until))
    if not rows and not errors:
        errors.append((1, _("The file has a header but no recipient.")))
    return recipients, errors


def credentials_import(
    *,
    achievement: Achievement,
    content: bytes,
    by: User,
    language: str = "en",
    now: datetime | None = None,
) -> ImportResult:
    """Issue ``achievement`` to every person of a CSV file (columns ``email``, and optionally
    ``name``, ``language``, ``valid_until``), all or nothing: if any row is wrong, ``CsvRefused``
    lists every wrong row with its line and nothing is issued. A person who already holds the
    label is not given it again, so importing the same file twice issues nothing the second
    time. Each new recipient is emailed their link once everything is stored."""
    now = (now or timezone.now()).replace(microsecond=0)
    recipients, errors = _recipients(achievement, content, language, now)
    if errors:
        raise CsvRefused(errors)
    held = set(
        Credential.objects.filter(
            achievement=achievement,
            revoked_at__isnull=True,
            recipient_email__in=[r.email for r in recipients],
        ).values_list("recipient_email", flat=True)
    )
    new = [r for r in recipients if r.email not in held]
    already = sorted(r.email for r in recipients if r.email in held)
    if not new:
        return ImportResult(issued=[], already=already)
    signer = _Signer.of(achievement.issuer)
    made: list[tuple[Credential, str]] = []
    try:
        with transaction.atomic():
            entries = _Entries(achievement.issuer, now, bulk=True)
            for recipient in new:
                made.append(
                    _new_credential(
                        achievement,
                        by=by,
                        email=recipient.email,
                        name=recipient.name,
                        language=recipient.language,
                        organization=None,
                        valid_until=recipient.valid_until,
                        now=now,
                        entries=entries,
                        signer=signer,
                    )
                )
            Credential.objects.bulk_create([c for c, _token in made], batch_size=500)
            entries.close()
            for credential, token in made:
                _email_recipient(credential, _accept_link(token, credential.language))
    except IntegrityError as exc:
        # Someone issued the same label to one of these people meanwhile: nothing was kept.
        raise CsvRefused(
            [(1, _("Some of these people were given the label meanwhile: import the file again."))]
        ) from exc
    return ImportResult(
        issued=[c for c, _token in made],
        already=already,
    )
