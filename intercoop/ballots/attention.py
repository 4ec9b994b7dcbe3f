"""What waits for a person among the votes, for the page "Needs my attention"
(organizations/attention.py): the votes where a ballot of theirs is not cast yet (verifiable or
not, hence here, above governance) and their tasks as a trustee. BallotsConfig.ready adds them
to the page."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from django.db.models import Exists, F, OuterRef, Q
from django.urls import reverse

from intercoop.ballots import selectors as ballots
from intercoop.ballots.models import Election, Trustee
from intercoop.governance.models import Decision, Participation, RollEntry
from intercoop.organizations.attention import Item, my_organizations


def votes_to_cast(user: Any) -> list[Item]:
    """Open votes in my co-ops where a ballot of mine (mine, or a member's I represent) is
    not cast yet. A verifiable vote counts only while its election is open; the server knows
    who has voted there too (``Participation``), never how. Resolutions of a general meeting
    are cast at the meeting, which the meetings list shows."""
    voted = Participation.objects.filter(decision=OuterRef("decision"), member=OuterRef("member"))
    entries = (
        RollEntry.objects.filter(
            voter=user,
            decision__state=Decision.State.OPEN,
            decision__meeting__isnull=True,
            decision__organization__in=my_organizations(user),
        )
        .filter(
            ~Q(decision__secrecy=Decision.Secrecy.VERIFIABLE)
            | Q(decision__election__state=Election.State.OPEN)
        )
        .exclude(Exists(voted))
        .select_related("decision__organization")
        .order_by(F("decision__closes_at").asc(nulls_last=True), "decision_id")
    )
    items: dict[int, Item] = {}
    for entry in entries:
        decision = entry.decision
        if decision.pk in items:
            items[decision.pk] = replace(items[decision.pk], count=items[decision.pk].count + 1)
            continue
        org = decision.organization
        if decision.secrecy == Decision.Secrecy.VERIFIABLE:
            url = reverse("ballots:booth", args=[org.slug, decision.pk])
        else:
            url = reverse("governance:decision_detail", args=[org.slug, decision.pk])
        items[decision.pk] = Item(org, decision.title, url, deadline=decision.closes_at)
    return list(items.values())


def trustee_tasks(user: Any) -> list[Item]:
    """Verifiable elections where I am a trustee and a file of mine is due: a step of the key
    ceremony, or my share of the decryption."""
    trustees = (
        Trustee.objects.filter(
            user=user, election__state__in=[Election.State.CEREMONY, Election.State.DECRYPTING]
        )
        .select_related("election__decision__organization")
        .prefetch_related("election__trustees")
        .order_by("election_id")
    )
    items = []
    for trustee in trustees:
        election = trustee.election
        task = ballots.trustee_task(election, trustee)
        if not task.upload:
            continue  # waiting for the other trustees
        decision = election.decision
        org = decision.organization
        items.append(
            Item(
                org,
                decision.title,
                reverse("ballots:trustee", args=[org.slug, decision.pk]),
                state=task.message,
            )
        )
    return items
