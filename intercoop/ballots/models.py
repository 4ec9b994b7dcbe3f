"""The web layer of a verifiable election: one :class:`Election` per governance decision whose
``secrecy`` is ``verifiable``.

What is stored here is public, or private to the server only as far as the threat model allows
(``docs/threat-model.md``): the trustees' public commitments and the shares they encrypted to
each other (the server cannot open them), the credentials' public keys and which member holds
each (the private roll, committed to by ``roll_hash`` with a salt), the bulletin board, the
trustees' decryption shares, and the tally. No trustee secret and no credential's private key is
ever stored: the trustees keep theirs in their own files (``intercoop-trustee``), and each
voter's credential goes to them by email, once, when the roll is frozen.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intercoop.governance.models import Decision, Member


class Election(models.Model):
    """The cryptographic side of a verifiable decision, from the key ceremony to the tally."""

    class State(models.TextChoices):
        SETUP = "setup", _("Choosing the trustees")
        CEREMONY = "ceremony", _("Key ceremony")
        READY = "ready", _("Keys ready: the vote can open")
        OPEN = "open", _("Voting")
        DECRYPTING = "decrypting", _("Closed: the trustees decrypt the tally")
        PUBLISHED = "published", _("Result published")

    decision = models.OneToOneField(Decision, on_delete=models.CASCADE, related_name="election")
    state = models.CharField(max_length=16, choices=State, default=State.SETUP)
    trustee_count = models.PositiveSmallIntegerField(_("trustees"), default=3)
    threshold = models.PositiveSmallIntegerField(_("trustees needed to decrypt"), default=2)
    minimum_ballots = models.PositiveIntegerField(default=5)
    # record.Description as JSON, fixed when the ceremony starts; its hash is the ceremony's
    # context, so a changed question or weight needs a new ceremony.
    description = models.JSONField(null=True, blank=True)
    description_hash = models.CharField(max_length=64, blank=True)
    # record.Ceremony as JSON once every trustee has confirmed its key.
    ceremony = models.JSONField(null=True, blank=True)
    # Frozen when the vote opens: record.Manifest as JSON and its hash (every proof is bound to
    # it), the salt of the private roll's hash (disclosed only to auditors).
    manifest = models.JSONField(null=True, blank=True)
    manifest_hash = models.CharField(max_length=64, blank=True)
    roll_salt = models.CharField(max_length=64, blank=True)
    head = models.CharField(max_length=64, blank=True)
    # At the close: per college, the counted board entries and the homomorphic sums.
    sums = models.JSONField(null=True, blank=True)
    # At publication: record.Tally and record.Result as JSON.
    tally = models.JSONField(null=True, blank=True)
    result = models.JSONField(null=True, blank=True)
    # An independent credential authority, if the board chose one: they make the voters'
    # credentials on their own computer (intercoop-credentials), send the codes themselves and
    # hand in only the public keys, for the voters whose list hashes to authority_voters_hash.
    # Without one, the server makes the credentials when the vote opens and emails them.
    credential_authority = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("credential authority"),
    )
    authority_voters_hash = models.CharField(max_length=64, blank=True)
    authority_keys = models.JSONField(null=True, blank=True)  # {member id: public key hex}
    authority_keys_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("verifiable election")
        verbose_name_plural = _("verifiable elections")
        constraints = [
            models.CheckConstraint(
                condition=Q(threshold__gte=1) & Q(threshold__lte=models.F("trustee_count")),
                name="election_threshold_range",
            ),
        ]

    def __str__(self) -> str:
        return f"election of decision {self.decision_id}"


class Trustee(models.Model):
    """Trustee ``index`` (1..n) of an election, and the files it has handed in."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="trustees")
    index = models.PositiveSmallIntegerField()
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    box_public_key = models.CharField(max_length=64, blank=True)
    commitment = models.JSONField(null=True, blank=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    # The shares this trustee dealt, each encrypted to its recipient: {recipient: hex}.
    shares = models.JSONField(null=True, blank=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    verification_key = models.CharField(max_length=64, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    # The decryption shares with their proofs, per published college, question and option.
    decryption = models.JSONField(null=True, blank=True)
    decrypted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("election", "index")
        constraints = [
            models.UniqueConstraint(fields=["election", "index"], name="trustee_index_unique"),
            models.UniqueConstraint(fields=["election", "user"], name="trustee_user_unique"),
        ]

    def __str__(self) -> str:
        return f"trustee {self.index} of election {self.election_id}"


class Credential(models.Model):
    """A voter's credential public key. The member it belongs to is the private roll: it lets
    the server check that a member casts with their own credential and record who has voted; the
    public roll lists only the keys and their colleges."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="credentials")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    college = models.CharField(max_length=64)
    public_key = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["election", "member"], name="credential_one_per_member"
            ),
            models.UniqueConstraint(
                fields=["election", "public_key"], name="credential_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.public_key[:12]


class BoardEntry(models.Model):
    """One cast ballot on the election's hash-chained bulletin board (record.BoardEntry)."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="board")
    index = models.PositiveIntegerField()
    previous = models.CharField(max_length=64)
    tracker = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    credential = models.CharField(max_length=64)
    ballot = models.JSONField()

    class Meta:
        ordering = ("election", "index")
        constraints = [
            models.UniqueConstraint(fields=["election", "index"], name="board_index_unique"),
            models.UniqueConstraint(fields=["election", "tracker"], name="board_tracker_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.election_id}#{self.index} {self.tracker[:12]}"


class AuditedBallot(models.Model):
    """A ballot its voter chose to audit instead of casting (Benaloh): the encrypted ballot,
    unsigned, and its opening, published so anyone can check the booth encrypted honestly. It
    was never signed for the server, so it can never be cast."""

    election = models.ForeignKey(Election, on_delete=models.CASCADE, related_name="audited")
    # SHA-256 of the unsigned ballot's canonical JSON (a tracker would need the signature).
    fingerprint = models.CharField(max_length=64)
    credential = models.CharField(max_length=64)
    ballot = models.JSONField()
    opening = models.JSONField()
    choices = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("election", "created_at", "pk")
        constraints = [
            models.UniqueConstraint(
                fields=["election", "fingerprint"], name="audited_fingerprint_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.fingerprint[:12]
