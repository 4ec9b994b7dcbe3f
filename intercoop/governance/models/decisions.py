"""The decisions members vote on: a proposal's vote, a general meeting's resolution, an election.

Secrecy. For a public decision each member's choices are stored on their ``Participation``.
For a secret one, ``Participation`` records only *that* a member took part, and the choices go
into ``SecretBallotCount``: counts of identical ballots per college, with random ids and no
times, so no row links a voter to a choice. Changing a secret vote uses a ``RevoteSeal``: the
previous choices sealed (libsodium secretbox) under a key only the voter's receipt code opens.
The verifiable mode (``Secrecy.VERIFIABLE``, ``ballots`` app) keeps its encrypted ballots on the
election's bulletin board; ``Participation`` keeps its meaning there: who has voted.
"""

from __future__ import annotations

import uuid
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from intercoop.governance.models.proposals import Proposal
from intercoop.governance.models.register import Member
from intercoop.organizations.models import Organization


class Decision(models.Model):
    """A question members vote on: a proposal's vote, a resolution of a general meeting, or an
    election. Its roll is frozen from the register at the record date when it opens."""

    class Method(models.TextChoices):
        CONSENT = "consent", _("Consent (agree, abstain, disagree, block)")
        YES_NO = "yes_no", _("Yes or no, with a threshold")
        SINGLE = "single", _("Single choice")
        APPROVAL = "approval", _("Approval")
        SCORE = "score", _("Score")
        IRV = "irv", _("Ranked choice (instant runoff)")
        STV_SCOTTISH = "stv_scottish", _("Single transferable vote (Scottish rules)")
        STV_MEEK = "stv_meek", _("Single transferable vote (Meek)")
        SCHULZE = "schulze", _("Condorcet (Schulze)")

    class Threshold(models.TextChoices):
        MAJORITY = "majority", _("Simple majority (more than half)")
        TWO_THIRDS = "two_thirds", _("Two-thirds majority")
        THREE_QUARTERS = "three_quarters", _("Three-quarters majority")
        UNANIMITY = "unanimity", _("Unanimity")

    class Secrecy(models.TextChoices):
        PUBLIC = "public", _("Public: members see who voted what")
        SECRET = "secret", _("Secret: no one can link a voter to their choices")
        VERIFIABLE = (
            "verifiable",
            _(
                "Verifiable secret: encrypted in the voter's browser, decrypted only by trustees, "
                "checkable by anyone"
            ),
        )

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="decisions"
    )
    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, null=True, blank=True, related_name="decisions"
    )
    meeting = models.ForeignKey(
        "governance.Meeting",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="resolutions",
    )
    agenda_position = models.PositiveSmallIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    question = models.TextField(_("question"), blank=True)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    method = models.CharField(_("method"), max_length=16, choices=Method)
    threshold = models.CharField(
        _("threshold"), max_length=16, choices=Threshold, default=Threshold.MAJORITY
    )
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=5)
    secrecy = models.CharField(_("ballot"), max_length=16, choices=Secrecy, default=Secrecy.PUBLIC)
    allow_revote = models.BooleanField(
        _("members may change their vote until the close"), default=True
    )
    record_date = models.DateField(_("record date"))
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=State, default=State.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Frozen when the decision opens: the rules applied (rules.Rules as JSON) and the SHA-256
    # of the roll (RollEntry rows in a canonical form), so later changes cannot alter them.
    opened_at = models.DateTimeField(null=True, blank=True)
    rules_snapshot = models.JSONField(null=True, blank=True)
    roll_hash = models.CharField(max_length=64, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # The tally at the close: the engine's result and the per-college counts, as JSON.
    result = models.JSONField(null=True, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ("-created_at", "-pk")
        indexes = [models.Index(fields=["organization", "state"], name="decision_org_state")]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="decision_seats_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def ranked(self) -> bool:
        return self.method in (
            self.Method.IRV,
            self.Method.STV_SCOTTISH,
            self.Method.STV_MEEK,
            self.Method.SCHULZE,
        )

    @property
    def threshold_fraction(self) -> Fraction:
        return THRESHOLDS[self.threshold]

    @property
    def secrecy_name(self) -> str:
        """The ballot's mode in a word or two, for lists; ``get_secrecy_display`` explains it."""
        return str(SECRECY_NAMES[self.secrecy])


SECRECY_NAMES: dict[str, Any] = {
    Decision.Secrecy.PUBLIC: _("Public"),
    Decision.Secrecy.SECRET: _("Secret"),
    Decision.Secrecy.VERIFIABLE: _("Verifiable secret"),
}

THRESHOLDS: dict[str, Fraction] = {
    Decision.Threshold.MAJORITY: Fraction(1, 2),  # strictly more than
    Decision.Threshold.TWO_THIRDS: Fraction(2, 3),  # at least
    Decision.Threshold.THREE_QUARTERS: Fraction(3, 4),  # at least
    Decision.Threshold.UNANIMITY: Fraction(1),
}


class Option(models.Model):
    """A choice, or a candidate, of a decision."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(_("option"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("option")
        verbose_name_plural = _("options")
        ordering = ("decision", "position", "pk")
        constraints = [
            models.UniqueConstraint(fields=["decision", "label"], name="option_label_unique"),
        ]

    def __str__(self) -> str:
        return self.label


class RollEntry(models.Model):
    """A member on a decision's frozen roll, in their college. ``voter`` is the account that
    may cast their ballot when the roll is frozen (the member's own, or their representative's);
    a proxy holder casts it through ``Participation.cast_via``."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="roll")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    college = models.CharField(max_length=40)
    voter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["decision", "member"], name="roll_one_per_member"),
        ]
        indexes = [models.Index(fields=["decision", "voter"], name="roll_voter")]

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.member_id}"


class Participation(models.Model):
    """That a member on the roll has voted: at most one per member and decision (the database
    refuses a second). Public decisions keep the choices here; secret ones never do."""

    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="participations")
    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="+")
    college = models.CharField(max_length=40)
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # The member who cast it as proxy holder, if not the member themselves.
    cast_via = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cast_at = models.DateTimeField(default=timezone.now)
    revotes = models.PositiveSmallIntegerField(default=0)
    # Public decisions only: the ballot, in the canonical form of services.decisions.
    choices = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "member"], name="participation_one_per_member"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.member_id}"


class SecretBallotCount(models.Model):
    """How many secret ballots with exactly these choices a college cast. Random ids and no
    times: nothing here says who voted, or when."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="secret_counts")
    college = models.CharField(max_length=40)
    # The canonical ballot (services.decisions), as compact JSON.
    choices = models.CharField(max_length=2000)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "college", "choices"], name="secret_count_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision_id} {self.college}: {self.count}"


class RevoteSeal(models.Model):
    """Lets a secret voter change their vote: the previous ballot, sealed with a key derived
    from the receipt code only the voter holds; ``code_hash`` finds the seal."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="+")
    code_hash = models.CharField(max_length=64, unique=True)
    sealed = models.BinaryField()

    def __str__(self) -> str:
        return f"{self.decision_id}: {self.code_hash[:8]}"
