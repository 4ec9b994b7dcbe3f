"""Pages of traceability: an organization's resources, processes and events with the forms that
record them (its administrators), each resource's public page with its trace and track, each
process's page, and the Valueflows JSON-LD documents of a resource and of an order cycle at
their stable addresses."""

from __future__ import annotations

import json
import uuid as uuids
from decimal import Decimal
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from intercoop.accounts.http import AuthedRequest
from intercoop.core.errors import ServiceError
from intercoop.exchange.closing.money import CURRENCY_EXPONENTS
from intercoop.exchange.dfc.catalogue import decimal_text
from intercoop.exchange.models import (
    CycleOffer,
    CycleSupplier,
    EconomicResource,
    OrderCycle,
    Product,
)
from intercoop.exchange.selectors import trace as selectors
from intercoop.exchange.services import trace as services
from intercoop.exchange.valueflows.model import Kind
from intercoop.organizations.decorators import org_permission
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm, has_perm

UNIT_CHOICES = selectors.UNIT_CHOICES
UNIT_LABELS = selectors.UNIT_LABELS
ACTION_LABELS: dict[str, Any] = {
    "transfer": gettext_lazy("Transfer (ownership and custody)"),
    "transferCustody": gettext_lazy("Transfer of custody only"),
    "move": gettext_lazy("Move within the organization"),
    "raise": gettext_lazy("Add to stock (inventory)"),
    "lower": gettext_lazy("Remove from stock (loss, waste)"),
    "consume": gettext_lazy("Consume"),
    "use": gettext_lazy("Use (hours)"),
    "work": gettext_lazy("Work (hours)"),
    "cite": gettext_lazy("Cite (a recipe, a design)"),
    "accept": gettext_lazy("Accept (for repair or processing)"),
    "produce": gettext_lazy("Produce"),
    "modify": gettext_lazy("Give back modified"),
}


def event_rows(events: Any) -> list[dict[str, Any]]:
    """Events with their action and unit in the reader's language, for a table."""
    return [
        {
            "event": e,
            "action": ACTION_LABELS.get(e.action, e.action),
            "unit": UNIT_LABELS.get(e.unit, e.unit),
        }
        for e in events
    ]


def _choices(actions: tuple[str, ...]) -> list[tuple[str, Any]]:
    return [(a, ACTION_LABELS[a]) for a in actions]


class _TokenForm(forms.Form):
    # The uuid the new record will have: sending the same form twice records it once.
    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("token", uuids.uuid4())
        super().__init__(*args, **kwargs)


class ResourceForm(_TokenForm):
    prefix = "resource"
    name = forms.CharField(label=gettext_lazy("Name"), max_length=300)
    tracking_identifier = forms.CharField(
        label=gettext_lazy("Lot or tracking number"), max_length=200, required=False
    )
    unit = forms.ChoiceField(label=gettext_lazy("Counted in"), choices=UNIT_CHOICES)
    conforms_to = forms.ModelChoiceField(
        label=gettext_lazy("Product of the catalogue"),
        queryset=Product.objects.none(),
        required=False,
        help_text=gettext_lazy("What it is, when it is one of your products."),
    )
    quantity = forms.DecimalField(
        label=gettext_lazy("Quantity in stock"),
        min_value=0,
        max_digits=14,
        decimal_places=3,
        required=False,
        help_text=gettext_lazy("Recorded as an inventory: where it came from is not traced."),
    )

    def __init__(self, *args: Any, org: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        products = Product.objects.filter(supplier=org).order_by("name")
        self.fields["conforms_to"].queryset = products  # type: ignore[attr-defined]


class _OrgResourceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        lot = f" [{obj.tracking_identifier}]" if obj.tracking_identifier else ""
        unit = UNIT_LABELS.get(obj.unit, obj.unit)
        return f"{obj.name}{lot} — {number_format(decimal_text(obj.onhand_quantity))} {unit}"


def _own_resources(org: Organization) -> Any:
    return EconomicResource.objects.filter(primary_accountable=org).order_by("name", "pk")


def _to_minor(amount: Decimal, currency: str) -> int:
    minor = amount * (10 ** CURRENCY_EXPONENTS[currency])
    if minor != minor.to_integral_value():
        raise forms.ValidationError(
            _("The value has more decimals than %(currency)s has.") % {"currency": currency}
        )
    return int(minor)


class _LineField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _("%(cycle)s — %(hub)s — %(offer)s: %(n)s (line %(id)s)") % {
            "cycle": obj.order.cycle.name,
            "hub": obj.order.hub.hub.name,
            "offer": obj.offer.name,
            "n": obj.quantity,
            "id": obj.pk,
        }


class EventForm(_TokenForm):
    prefix = "event"
    action = forms.ChoiceField(
        label=gettext_lazy("What happened"),
        choices=_choices(services.TRANSFER_ACTIONS + services.ADJUST_ACTIONS),
    )
    resource = _OrgResourceField(
        label=gettext_lazy("Resource"), queryset=EconomicResource.objects.none()
    )
    quantity = forms.DecimalField(
        label=gettext_lazy("Quantity"), min_value=0, max_digits=14, decimal_places=3
    )
    receiver = forms.SlugField(
        label=gettext_lazy("Receiving organization"),
        required=False,
        help_text=gettext_lazy(
            "Its short name in its address (/orgs/<name>/). Not for a raise, a lower or a move."
        ),
    )
    to_resource = forms.UUIDField(
        label=gettext_lazy("Into its resource"),
        required=False,
        help_text=gettext_lazy("The number of the receiver's resource; empty: a new one."),
    )
    fulfils = _LineField(
        label=gettext_lazy("Order lines it delivers"), queryset=None, required=False
    )
    value = forms.DecimalField(
        label=gettext_lazy("Value"),
        min_value=0,
        max_digits=18,
        required=False,
        help_text=gettext_lazy("Empty when it delivers order lines: what the closing invoiced."),
    )
    currency = forms.ChoiceField(
        label=gettext_lazy("Currency"),
        choices=[("", "—"), *((c, c) for c in sorted(CURRENCY_EXPONENTS))],
        required=False,
    )
    note = forms.CharField(label=gettext_lazy("Note"), widget=forms.Textarea, required=False)

    def __init__(self, *args: Any, org: Organization, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["resource"].queryset = _own_resources(org)  # type: ignore[attr-defined]
        self.fields["fulfils"].queryset = selectors.deliverable_lines(org)  # type: ignore[attr-defined]

    def clean_receiver(self) -> Organization | None:
        slug = self.cleaned_data.get("receiver")
        if not slug:
            return None
        found = Organization.objects.filter(slug=slug).first()
        if found is None:
            raise forms.ValidationError(_("No organization has this name."))
        return found

    def clean_to_resource(self) -> EconomicResource | None:
        number = self.cleaned_data.get("to_resource")
        if number is None:
            return None
        found = selectors.resource_by_uuid(number)
        if found is None:
            raise forms.ValidationError(_("No resource has this number."))
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        value = data.get("value")
        if value is not None:
            currency = data.get("currency") or ""
            lines = data.get("fulfils") or []
            if not currency and lines:
                currency = lines[0].order.cycle.currency
            if not currency:
                self.add_error("currency", _("Choose the currency of the value."))
            else:
                try:
                    data["value"] = _to_minor(value, currency)
                    data["currency"] = currency
                except forms.ValidationError as exc:
                    self.add_error("value", exc)
        return data


class ProcessForm(_TokenForm):
    prefix = "process"
    name = forms.CharField(label=gettext_lazy("Name of the process"), max_length=300)
    note = forms.CharField(label=gettext_lazy("Note"), widget=forms.Textarea, required=False)


class InputForm(forms.Form):
    action = forms.ChoiceField(
        label=gettext_lazy("Input"),
        choices=[("", "—"), *_choices(services.INPUT_ACTIONS)],
        required=False,
    )
    resource = _OrgResourceField(
        label=gettext_lazy("Resource"), queryset=EconomicResource.objects.none(), required=False
    )
    quantity = forms.DecimalField(
        label=gettext_lazy("Quantity or hours"),
        min_value=0,
        max_digits=14,
        decimal_places=3,
        required=False,
    )


class OutputForm(forms.Form):
    action = forms.ChoiceField(
        label=gettext_lazy("Output"),
        choices=[("", "—"), *_choices(services.OUTPUT_ACTIONS)],
        required=False,
    )
    resource = _OrgResourceField(
        label=gettext_lazy("Existing resource"),
        queryset=EconomicResource.objects.none(),
        required=False,
        help_text=gettext_lazy("For a modify, or to add to one of your resources."),
    )
    name = forms.CharField(
        label=gettext_lazy("Or a new resource, named"), max_length=300, required=False
    )
    tracking_identifier = forms.CharField(
        label=gettext_lazy("Its lot or tracking number"), max_length=200, required=False
    )
    unit = forms.ChoiceField(label=gettext_lazy("Counted in"), choices=UNIT_CHOICES, required=False)
    quantity = forms.DecimalField(
        label=gettext_lazy("Quantity"),
        min_value=0,
        max_digits=14,
        decimal_places=3,
        required=False,
    )


InputFormSet = forms.formset_factory(InputForm, extra=3, max_num=10, absolute_max=10)
OutputFormSet = forms.formset_factory(OutputForm, extra=2, max_num=10, absolute_max=10)


def _process_formsets(
    org: Organization, data: Any = None
) -> tuple[forms.BaseFormSet, forms.BaseFormSet]:
    inputs = InputFormSet(data, prefix="in")
    outputs = OutputFormSet(data, prefix="out")
    for form in [*inputs.forms, *outputs.forms]:
        form.fields["resource"].queryset = _own_resources(org)  # type: ignore[attr-defined]
    return inputs, outputs


def _deliveries_forms(org: Organization, data: Any = None) -> list[tuple[OrderCycle, forms.Form]]:
    """One form per closed cycle this organization supplied: a resource for each offer."""
    found = []
    cycles = (
        OrderCycle.objects.filter(suppliers__supplier=org, closed_at__isnull=False)
        .order_by("-closed_at")
        .distinct()[:5]
    )
    for cycle in cycles:
        lines = [d for d in selectors.delivery_lines(cycle, org) if d["units"] > 0]
        if not lines:
            continue
        form = forms.Form(data if data and data.get("cycle") == str(cycle.uuid) else None)
        offers = CycleOffer.objects.filter(pk__in={d["offer"] for d in lines}).order_by("name")
        for offer in offers:
            form.fields[f"offer_{offer.pk}"] = _OrgResourceField(
                label=_("Resource delivered for “%(offer)s”") % {"offer": offer.name},
                queryset=_own_resources(org),
            )
        found.append((cycle, form))
    return found


def _page(
    request: AuthedRequest, org: Organization, status: int = 200, **forms_given: Any
) -> HttpResponse:
    inputs, outputs = forms_given.get("formsets") or _process_formsets(org)
    context = {
        "org": org,
        "resources": [
            {"resource": r, "unit": UNIT_LABELS.get(r.unit, r.unit)}
            for r in selectors.resources_of(org)[:100]
        ],
        "processes": selectors.processes_of(org)[:20],
        "events": event_rows(selectors.recent_events_of(org)),
        "resource_form": forms_given.get("resource_form") or ResourceForm(org=org),
        "event_form": forms_given.get("event_form") or EventForm(org=org),
        "process_form": forms_given.get("process_form") or ProcessForm(),
        "inputs": inputs,
        "outputs": outputs,
        "deliveries": forms_given.get("deliveries") or _deliveries_forms(org),
        "units": UNIT_LABELS,
    }
    return render(request, "exchange/trace_org.html", context, status=status)


@require_safe
@org_permission(Perm.EDIT_PROFILE)
def org_trace(request: AuthedRequest, org: Organization) -> HttpResponse:
    """The organization's resources, processes and recent events, and the forms to record."""
    return _page(request, org)


@require_POST
@org_permission(Perm.EDIT_PROFILE)
def resource_create(request: AuthedRequest, org: Organization) -> HttpResponse:
    form = ResourceForm(request.POST, org=org)
    if form.is_valid():
        c = form.cleaned_data
        try:
            resource = services.resource_create(
                organization=org,
                by=request.user,
                new=services.NewResource(
                    name=c["name"],
                    unit=c["unit"],
                    tracking_identifier=c.get("tracking_identifier") or "",
                    conforms_to=c.get("conforms_to"),
                ),
                quantity=c.get("quantity"),
                uuid=c["token"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("“%(name)s” is recorded.") % {"name": resource.name})
            return redirect("exchange:resource", resource.uuid)
    return _page(request, org, status=400, resource_form=form)


@require_POST
@org_permission(Perm.EDIT_PROFILE)
def event_create(request: AuthedRequest, org: Organization) -> HttpResponse:
    form = EventForm(request.POST, org=org)
    if form.is_valid():
        c = form.cleaned_data
        try:
            event = services.event_record(
                organization=org,
                by=request.user,
                action=c["action"],
                resource=c["resource"],
                quantity=c["quantity"],
                receiver=c.get("receiver"),
                to_resource=c.get("to_resource"),
                fulfils=list(c.get("fulfils") or []),
                value=c.get("value"),
                currency=c.get("currency") or "",
                note=c.get("note") or "",
                uuid=c["token"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The event is recorded."))
            target = event.to_resource_inventoried_as or event.resource_inventoried_as
            return redirect("exchange:resource", target.uuid)  # type: ignore[union-attr]
    return _page(request, org, status=400, event_form=form)


def _process_lines(
    inputs: forms.BaseFormSet, outputs: forms.BaseFormSet
) -> tuple[list[services.ProcessInput], list[services.ProcessOutput]]:
    ins = [
        services.ProcessInput(
            action=f.cleaned_data["action"],
            resource=f.cleaned_data.get("resource"),
            quantity=f.cleaned_data.get("quantity"),
        )
        for f in inputs.forms
        if f.cleaned_data.get("action")
    ]
    outs = []
    for f in outputs.forms:
        c = f.cleaned_data
        if not c.get("action"):
            continue
        new = None
        if c.get("resource") is None and c.get("name"):
            new = services.NewResource(
                name=c["name"],
                unit=c.get("unit") or "one",
                tracking_identifier=c.get("tracking_identifier") or "",
            )
        outs.append(
            services.ProcessOutput(
                action=c["action"],
                quantity=c.get("quantity") or Decimal(0),
                resource=c.get("resource"),
                new=new,
            )
        )
    return ins, outs


@require_POST
@org_permission(Perm.EDIT_PROFILE)
def process_create(request: AuthedRequest, org: Organization) -> HttpResponse:
    form = ProcessForm(request.POST)
    inputs, outputs = _process_formsets(org, request.POST)
    if form.is_valid() and inputs.is_valid() and outputs.is_valid():
        ins, outs = _process_lines(inputs, outputs)
        try:
            process = services.process_record(
                organization=org,
                by=request.user,
                name=form.cleaned_data["name"],
                note=form.cleaned_data.get("note") or "",
                inputs=ins,
                outputs=outs,
                uuid=form.cleaned_data["token"],
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The process is recorded."))
            return redirect("exchange:process", process.uuid)
    return _page(request, org, status=400, process_form=form, formsets=(inputs, outputs))


@require_POST
@org_permission(Perm.EDIT_PROFILE)
def deliveries_create(request: AuthedRequest, org: Organization) -> HttpResponse:
    """Record the deliveries of a closed cycle in one go, from its closing."""
    try:
        cycle = selectors.cycle_by_uuid(UUID(request.POST.get("cycle", "")))
    except ValueError:
        cycle = None
    if cycle is None or not CycleSupplier.objects.filter(cycle=cycle, supplier=org).exists():
        raise Http404
    found = _deliveries_forms(org, request.POST)
    form = next((f for c, f in found if c.pk == cycle.pk), None)
    if form is not None and form.is_valid():
        resources = {
            int(name.removeprefix("offer_")): value for name, value in form.cleaned_data.items()
        }
        try:
            result = services.cycle_deliveries_record(
                cycle=cycle, supplier=org, by=request.user, resources=resources
            )
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)s delivery recorded (%(m)s recorded before).",
                    "%(n)s deliveries recorded (%(m)s recorded before).",
                    len(result.recorded),
                )
                % {"n": len(result.recorded), "m": result.already},
            )
            return redirect("exchange:org_trace", org.slug)
    return _page(request, org, status=400, deliveries=found)


# --- public pages ---------------------------------------------------------------------------


def _node(graph: Any, rows: selectors.Rows, step: Any) -> dict[str, Any]:
    """What a page shows of a step of a walk."""
    node: dict[str, Any] = {"step": step, "kind": step.kind.value, "children": []}
    if step.kind is Kind.EVENT:
        row = rows.events.get(step.id)
        node["event"] = row
        if row is not None:
            node["action"] = ACTION_LABELS.get(row.action, row.action)
            node["unit"] = UNIT_LABELS.get(row.unit, row.unit)
            node["cycle_uuids"] = sorted(
                {(line.order.cycle.name, line.order.cycle.uuid) for line in row.fulfills.all()}
            )
    elif step.kind is Kind.PROCESS:
        node["process"] = rows.processes.get(step.id)
    else:
        resource = rows.resources.get(step.id)
        node["resource"] = resource
        if resource is not None:
            node["unit"] = UNIT_LABELS.get(resource.unit, resource.unit)
    return node


def tree(graph: Any, rows: selectors.Rows, steps: Any) -> dict[str, Any]:
    """The steps of a walk as nested nodes, from the start."""
    nodes = {s.id: _node(graph, rows, s) for s in steps}
    root = None
    for step in steps:
        if step.parent is None:
            root = nodes[step.id]
        else:
            nodes[step.parent]["children"].append(nodes[step.id])
    return root or {}


def _depth(request: HttpRequest) -> int:
    return selectors.clamp_depth(request.GET.get("depth"))


@require_safe
def resource_page(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """A resource, where it came from and where it went, to a depth the reader chooses."""
    resource = selectors.resource_by_uuid(uuid)
    if resource is None:
        raise Http404
    depth = _depth(request)
    walks = selectors.resource_walks(resource, depth)
    rows = selectors.rows_of(walks.graph)
    context = {
        "resource": resource,
        "unit": UNIT_LABELS.get(resource.unit, resource.unit),
        "depth": depth,
        "max_depth": selectors.MAX_DEPTH,
        "trace": tree(walks.graph, rows, walks.trace),
        "track": tree(walks.graph, rows, walks.track),
        "trace_count": len(walks.trace) - 1,
        "track_count": len(walks.track) - 1,
        "jsonld_url": selectors.resource_jsonld_url(resource),
        "mine": has_perm(request.user, Perm.EDIT_PROFILE, resource.primary_accountable),
    }
    return render(request, "exchange/trace_resource.html", context)


@require_safe
def process_page(request: HttpRequest, uuid: UUID) -> HttpResponse:
    process = selectors.process_by_uuid(uuid)
    if process is None:
        raise Http404
    inputs, outputs = selectors.process_events(process)
    context = {
        "process": process,
        "inputs": event_rows(inputs),
        "outputs": event_rows(outputs),
    }
    return render(request, "exchange/trace_process.html", context)


def _jsonld(document: dict[str, Any]) -> HttpResponse:
    response = HttpResponse(
        json.dumps(document, indent=2, ensure_ascii=False),
        content_type="application/ld+json; charset=utf-8",
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_safe
def resource_jsonld(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The resource with its trace and track (``?depth=``, default 10, at most 50)."""
    resource = selectors.resource_by_uuid(uuid)
    if resource is None:
        raise Http404
    return _jsonld(selectors.resource_document(resource, _depth(request)))


@require_safe
def cycle_jsonld(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The cycle's orders, by buying group, and the events that deliver them."""
    cycle = selectors.cycle_by_uuid(uuid)
    if cycle is None:
        raise Http404
    return _jsonld(selectors.cycle_document(cycle))
