"""Reads of the co-op share: a stored resource's trace (``selectors.trace.trace_graph``), its
co-op share computed (``valueflows.coop_share``) with each event's stored value, and each step
annotated with the directory's record of its agent.

**Which organizations are co-operatives.** Those whose directory record has the kind
"Co-operative" (``Organization.kind == "coop"``). An ally is not one, whatever its category
(even "controlled by co-operatives"), and neither is an event without a provider. The legal
form is shown beside the kind as evidence, but not read: it is free text, as registered
("Society", "SCOP", "Genossenschaft"...), and the kind is what the organization, and the
directory's moderation, declared."""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy

from intercoop.exchange.models import EconomicEvent, EconomicResource
from intercoop.exchange.selectors import trace
from intercoop.exchange.valueflows.coop_share import ChainStep, CoopShare, Status, Value, coop_share
from intercoop.labels.models import Achievement, Credential
from intercoop.organizations.models import Organization

# A chain is followed as far as the traceability pages go at most (its page may ask for less).
DEFAULT_DEPTH = trace.MAX_DEPTH
MAX_DEPTH = trace.MAX_DEPTH
# The name (in English) of the achievement of co-op share labels, of the configured issuer.
ACHIEVEMENT_NAME = "Co-op share"


# The actions of the chain's steps (valueflows.coop_share.STEP_ACTIONS), as the page names them.
ACTION_LABELS = {
    "produce": gettext_lazy("Produce"),
    "modify": gettext_lazy("Give back modified"),
    "transfer": gettext_lazy("Transfer (ownership and custody)"),
    "transferAllRights": gettext_lazy("Transfer of ownership only"),
    "transferCustody": gettext_lazy("Transfer of custody only"),
    "deliverService": gettext_lazy("Deliver a service"),
    "work": gettext_lazy("Work (hours)"),
    "use": gettext_lazy("Use (hours)"),
}


def is_coop(organization: Organization | None) -> bool:
    """Whether the directory counts ``organization`` as a co-operative (see the module)."""
    return organization is not None and organization.kind == Organization.Kind.COOP


def percent(part: Fraction | None) -> Decimal | None:
    """A fraction as a percentage with one decimal, rounded half to even."""
    if part is None:
        return None
    exact = Decimal(part.numerator * 100) / Decimal(part.denominator)
    return exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)


@dataclass(frozen=True)
class StepRow:
    """A step of the chain as the page shows it: no amount, only its part of the total."""

    step: ChainStep
    event: EconomicEvent
    organization: Organization | None
    is_coop: bool
    part_percent: Decimal | None  # None when the step is not valued

    @property
    def valued(self) -> bool:
        return self.step.status is Status.VALUED

    @property
    def other_currency(self) -> bool:
        return self.step.status is Status.OTHER_CURRENCY

    @property
    def action(self) -> str:
        return str(ACTION_LABELS.get(self.step.action, self.step.action))


@dataclass(frozen=True)
class ResourceShare:
    resource: EconomicResource
    result: CoopShare
    rows: list[StepRow]

    @property
    def share_percent(self) -> Decimal | None:
        return percent(self.result.share)

    @property
    def coverage_percent(self) -> Decimal | None:
        return percent(self.result.coverage)


def resource_coop_share(resource: EconomicResource, depth: int = DEFAULT_DEPTH) -> ResourceShare:
    """The co-op share of ``resource`` along its trace, ``depth`` steps back at most."""
    depth = max(0, min(depth, MAX_DEPTH))
    # One step further than the share goes, so that it can tell whether the limit cut it short.
    graph, _steps = trace.trace_graph(resource, depth + 1)
    events = trace.rows_of(graph).events
    organizations = {
        trace.agent_iri(org): org
        for event in events.values()
        for org in (event.provider, event.receiver)
        if org is not None
    }
    result = coop_share(
        graph,
        trace.resource_iri(resource.uuid),
        values={
            iri: Value(e.value, e.currency)
            for iri, e in events.items()
            if e.value is not None and e.currency
        },
        coops={iri for iri, org in organizations.items() if is_coop(org)},
        depth=depth,
    )
    rows = []
    for step in result.steps:
        organization = organizations.get(step.agent_id or "")
        rows.append(
            StepRow(
                step=step,
                event=events[step.event_id],
                organization=organization,
                is_coop=step.is_coop,
                part_percent=percent(step.part) if step.status is Status.VALUED else None,
            )
        )
    return ResourceShare(resource=resource, result=result, rows=rows)


def _public(path: str) -> str:
    return trace.public_url(path)


def evidence_urls(resource: EconomicResource, language: str | None = None) -> dict[str, str]:
    """The stable addresses of the resource's trace: its co-op share page and its page (in
    ``language``, else the active one), and its Valueflows JSON-LD (no language): the pages are
    this app's, the trace page and the JSON-LD the traceability pages'."""
    with translation.override(language or translation.get_language()):
        urls = {
            "coop_share": _public(reverse("exchange:resource_coop_share", args=[resource.uuid])),
            "page": _public(reverse("exchange:resource", args=[resource.uuid])),
        }
    urls["jsonld"] = trace.resource_jsonld_url(resource)
    return urls


def coop_share_label_of(resource: EconomicResource) -> Credential | None:
    """The co-op share label that the resource's supplier holds for this resource (not
    revoked), if any: the one whose evidence names the resource's co-op share page."""
    pages = {evidence_urls(resource, code)["coop_share"] for code, _name in settings.LANGUAGES}
    held = Credential.objects.filter(
        recipient_organization_id=resource.primary_accountable_id,
        revoked_at__isnull=True,
        achievement__kind=Achievement.Kind.COOP_LABEL,
        achievement__name_en=ACHIEVEMENT_NAME,
    ).order_by("-issued_at", "pk")
    for credential in held:
        evidence = json.loads(credential.document).get("evidence", [])
        if any(isinstance(e, dict) and e.get("id") in pages for e in evidence):
            return credential
    return None
