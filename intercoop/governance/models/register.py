"""The member register and the voting rules of a co-op.

The rules themselves are defined and checked in the pure module ``governance.rules``; these
models store them, and ``RuleSet.to_rules()`` turns a stored set back into ``rules.Rules``.
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from intercoop.organizations.models import Organization
from intercoop_tools.rules import rules
from intercoop_tools.rules.eligibility import MemberFacts


class Preset(models.TextChoices):
    SCIC_FRANCE = "scic_france", _("France: SCIC (société coopérative d'intérêt collectif)")
    QUEBEC = "quebec", _("Québec: Loi sur les coopératives")
    ITALY = "italy", _("Italy: Codice civile")
    CUSTOM = "custom", _("Custom rules")


def fraction_from_percent(value: Any) -> Fraction:
    """A stored percentage (a Decimal such as 33.33) as an exact Fraction of 1."""
    return Fraction(str(value)) / 100


class RuleSet(models.Model):
    """How a co-op votes: one per co-op. Validated by ``rules.validate`` on every change
    (``governance.services.register.rules_update``); each version is kept."""

    organization = models.OneToOneField(
        Organization, on_delete=models.CASCADE, related_name="governance_rules"
    )
    preset = models.CharField(_("rules"), max_length=16, choices=Preset, default=Preset.CUSTOM)
    one_member_one_vote = models.BooleanField(_("one member, one vote"), default=True)
    weighting_by_capital = models.BooleanField(_("votes weighted by capital"), default=False)
    proxies_allowed = models.BooleanField(_("proxies allowed"), default=True)
    max_proxies_per_holder = models.PositiveSmallIntegerField(
        _("most proxies one member may hold"), null=True, blank=True
    )
    min_membership_days_to_vote = models.PositiveIntegerField(
        _("days of membership before voting"), default=0
    )
    notice_days = models.PositiveSmallIntegerField(
        _("notice of a general meeting, in days"), default=15
    )
    # Percentages of the eligible members, 0 to 100, two decimals (33.33 for a third).
    quorum_percent = models.DecimalField(
        _("quorum at the first call (%)"), max_digits=5, decimal_places=2, default=0
    )
    second_call_quorum_percent = models.DecimalField(
        _("quorum at the second call (%)"), max_digits=5, decimal_places=2, default=0
    )
    min_college_ballots_to_publish = models.PositiveSmallIntegerField(
        _("fewest ballots for a college's own result to be shown"), default=5
    )
    # Member categories known to this co-op, as [{"key": ..., "label": ...}]; empty means the
    # defaults of rules.DEFAULT_CATEGORIES.
    categories = models.JSONField(_("member categories"), default=list, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("voting rules")
        verbose_name_plural = _("voting rules")

    def __str__(self) -> str:
        return f"{self.organization}: {self.get_preset_display()}"

    def category_list(self) -> tuple[rules.Category, ...]:
        if not self.categories:
            return rules.DEFAULT_CATEGORIES
        return tuple(rules.Category(c["key"], c["label"]) for c in self.categories)

    def to_rules(self) -> rules.Rules:
        """These stored rules as ``rules.Rules``, not validated (``rules.validate`` does)."""
        colleges = tuple(c.to_college() for c in self.colleges.all())
        return rules.Rules(
            preset=self.preset,  # type: ignore[arg-type]
            colleges=colleges,
            categories=self.category_list(),
            one_member_one_vote=self.one_member_one_vote,
            weighting_by_capital=self.weighting_by_capital,
            proxies_allowed=self.proxies_allowed,
            max_proxies_per_holder=self.max_proxies_per_holder,
            min_membership_days_to_vote=self.min_membership_days_to_vote,
            notice_days=self.notice_days,
            quorum=fraction_from_percent(self.quorum_percent),
            college_quorum={
                c.key: fraction_from_percent(c.quorum_percent)
                for c in self.colleges.all()
                if c.quorum_percent is not None
            },
            second_call_quorum=fraction_from_percent(self.second_call_quorum_percent),
            min_college_ballots_to_publish=self.min_college_ballots_to_publish,
        )


class VotingCollege(models.Model):
    """A voting college of a co-op: the member categories it groups, and its weight."""

    ruleset = models.ForeignKey(RuleSet, on_delete=models.CASCADE, related_name="colleges")
    key = models.SlugField(_("key"), max_length=40)
    name = models.CharField(_("name"), max_length=120)
    # Category keys, e.g. ["worker"].
    categories = models.JSONField(_("member categories"), default=list)
    # Share of the assembly's votes, in percent (None: colleges are not weighted).
    weight_percent = models.DecimalField(
        _("weight (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    quorum_percent = models.DecimalField(
        _("quorum of this college at the first call (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
    )
    position = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("voting college")
        verbose_name_plural = _("voting colleges")
        ordering = ("ruleset", "position", "pk")
        constraints = [
            models.UniqueConstraint(fields=["ruleset", "key"], name="college_key_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def to_college(self) -> rules.College:
        weight = None if self.weight_percent is None else fraction_from_percent(self.weight_percent)
        return rules.College(self.key, self.name, frozenset(self.categories), weight)


class Member(models.Model):
    """A member in a co-op's register. Members are people or legal persons; a legal person
    votes through its designated representative. A member votes online through ``user``
    (their account), or, for a legal person, through ``representative_user``."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        LEFT = "left", _("Left")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="register"
    )
    number = models.CharField(_("member number"), max_length=40)
    name = models.CharField(_("name"), max_length=200)
    email = models.EmailField(_("email address"), blank=True)
    category = models.CharField(_("category"), max_length=40)
    joined_on = models.DateField(_("joined on"))
    # The current status; its dated changes are MemberStatusChange rows, which eligibility at a
    # past record date reads.
    status = models.CharField(_("status"), max_length=16, choices=Status, default=Status.ACTIVE)
    left_on = models.DateField(_("left on"), null=True, blank=True)
    is_legal_person = models.BooleanField(_("legal person"), default=False)
    representative_name = models.CharField(_("representative"), max_length=200, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
        verbose_name=_("account"),
    )
    representative_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="represented_members",
        verbose_name=_("representative's account"),
    )
    created_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ("organization", "number")
        constraints = [
            models.UniqueConstraint(fields=["organization", "number"], name="member_number_unique"),
            models.UniqueConstraint(
                fields=["organization", "user"],
                condition=Q(user__isnull=False),
                name="member_one_per_account",
            ),
            models.CheckConstraint(
                condition=Q(is_legal_person=True) | Q(representative_user__isnull=True),
                name="member_representative_only_for_legal_persons",
            ),
        ]
        indexes = [models.Index(fields=["organization", "category"], name="member_category")]

    def __str__(self) -> str:
        return f"{self.number} {self.name}"

    @property
    def voter(self) -> Any:
        """The account that casts this member's vote online, or None."""
        return self.representative_user if self.is_legal_person else self.user

    def facts(self, statuses: list[tuple[date, str]] | None = None) -> MemberFacts:
        """This member as ``MemberFacts``; pass the dated statuses to avoid a query."""
        if statuses is None:
            statuses = [(c.on, c.status) for c in self.status_changes.all()]
        return MemberFacts(
            id=self.pk,
            joined_on=self.joined_on,
            category=self.category,
            statuses=tuple(sorted(statuses)),  # type: ignore[arg-type]
            is_legal_person=self.is_legal_person,
            representative=(self.representative_user_id or self.representative_name or None),
        )


class MemberStatusChange(models.Model):
    """From ``on``, the member's status is ``status`` (until the next change)."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="status_changes")
    on = models.DateField(_("from"))
    status = models.CharField(_("status"), max_length=16, choices=Member.Status)
    note = models.CharField(_("note"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ("member", "on", "pk")

    def __str__(self) -> str:
        return f"{self.on} {self.status}"
