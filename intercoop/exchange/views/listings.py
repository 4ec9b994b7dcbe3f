"""Pages of offers and needs: an organization's own (publish, change, withdraw; its
administrators), each listing's public page, browsing the current ones, and each listing's
Murmurations profile at its stable address."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from intercoop.accounts.http import AuthedRequest
from intercoop.core.errors import ServiceError
from intercoop.exchange.dfc.murmurations import TRANSACTION_TYPES
from intercoop.exchange.models import Listing
from intercoop.exchange.selectors import listings as selectors
from intercoop.exchange.services import listings as services
from intercoop.organizations.decorators import org_permission
from intercoop.organizations.models import Organization
from intercoop.organizations.policy import Perm, has_perm

PAGE_SIZE = 20

TRANSACTION_CHOICES = [
    ("buy-sell", gettext_lazy("Buy or sell")),
    ("rent-lease", gettext_lazy("Rent or lease")),
    ("borrow-lend", gettext_lazy("Borrow or lend")),
    ("receive-donate", gettext_lazy("Give or receive as a gift")),
]
assert {value for value, _label in TRANSACTION_CHOICES} == set(TRANSACTION_TYPES)  # noqa: S101


class ListingForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Offer or need"), choices=Listing.Kind.choices)
    item_type = forms.ChoiceField(
        label=gettext_lazy("Good or service"), choices=Listing.ItemType.choices
    )
    category = forms.ChoiceField(label=gettext_lazy("Category"), choices=Listing.Category.choices)
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    description = forms.CharField(
        label=gettext_lazy("Description"), widget=forms.Textarea, required=False
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Written in"), choices=settings.LANGUAGES, required=True
    )
    tags = forms.CharField(
        label=gettext_lazy("Keywords"),
        max_length=300,
        required=False,
        help_text=gettext_lazy("Separated by commas."),
    )
    quantity = forms.DecimalField(
        label=gettext_lazy("Quantity"),
        max_digits=14,
        decimal_places=3,
        min_value=0,
        required=False,
        help_text=gettext_lazy("Leave it empty if it does not apply."),
    )
    unit = forms.CharField(
        label=gettext_lazy("Unit"),
        max_length=20,
        required=False,
        help_text=gettext_lazy("kg, litres, hours, pieces…"),
    )
    transaction_types = forms.MultipleChoiceField(
        label=gettext_lazy("Ways to exchange it"),
        choices=TRANSACTION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        initial=["buy-sell"],
    )
    geographic_scope = forms.ChoiceField(
        label=gettext_lazy("How far it reaches"),
        choices=Listing.Scope.choices,
        initial=Listing.Scope.REGIONAL,
    )
    latitude = forms.FloatField(
        label=gettext_lazy("Latitude"),
        required=False,
        min_value=-90,
        max_value=90,
        help_text=gettext_lazy("Leave the place empty to use the organization's."),
    )
    longitude = forms.FloatField(
        label=gettext_lazy("Longitude"), required=False, min_value=-180, max_value=180
    )
    valid_from = forms.DateField(
        label=gettext_lazy("Valid from"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Empty: from now."),
    )
    valid_until = forms.DateField(
        label=gettext_lazy("Valid until"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("Included. Empty: until it is withdrawn."),
    )

    def data_for_service(self) -> services.ListingData:
        c = self.cleaned_data
        start: date | None = c.get("valid_from")
        end: date | None = c.get("valid_until")
        zone = timezone.get_current_timezone()
        return services.ListingData(
            kind=c["kind"],
            item_type=c["item_type"],
            category=c["category"],
            title=c["title"],
            language=c["language"],
            description=c.get("description") or "",
            tags=c.get("tags") or "",
            quantity=c.get("quantity"),
            unit=c.get("unit") or "",
            transaction_types=tuple(c["transaction_types"]),
            geographic_scope=c["geographic_scope"],
            latitude=c.get("latitude"),
            longitude=c.get("longitude"),
            valid_from=(
                None
                if start is None or start <= timezone.localdate()
                else datetime.combine(start, time.min, tzinfo=zone)
            ),
            valid_until=(
                None if end is None else datetime.combine(end, time(23, 59, 59), tzinfo=zone)
            ),
        )

    @classmethod
    def initial_of(cls, listing: Listing) -> dict[str, Any]:
        own_place = (listing.latitude, listing.longitude) != (
            listing.organization.latitude,
            listing.organization.longitude,
        )
        return {
            "kind": listing.kind,
            "item_type": listing.item_type,
            "category": listing.category,
            "title": listing.title,
            "description": listing.description,
            "language": listing.language,
            "tags": listing.tags,
            "quantity": listing.quantity,
            "unit": listing.unit,
            "transaction_types": listing.transaction_types.split(","),
            "geographic_scope": listing.geographic_scope,
            "latitude": listing.latitude if own_place else None,
            "longitude": listing.longitude if own_place else None,
            "valid_from": timezone.localtime(listing.valid_from).date(),
            "valid_until": (
                timezone.localtime(listing.valid_until).date() if listing.valid_until else None
            ),
        }


def _org_listing(org: Organization, uuid: UUID) -> Listing:
    found = selectors.listing_by_uuid(uuid)
    if found is None or found.organization_id != org.pk:
        raise Http404
    return found


@require_http_methods(["GET", "POST"])
@org_permission(Perm.EDIT_PROFILE)
def org_listings(request: AuthedRequest, org: Organization) -> HttpResponse:
    """The organization's offers and needs, and the form to publish one."""
    form = ListingForm(
        request.POST or None, initial={"language": (request.LANGUAGE_CODE or "en")[:2]}
    )
    if request.method == "POST" and form.is_valid():
        try:
            created = services.listing_create(
                organization=org, by=request.user, data=form.data_for_service()
            )
        except services.DuplicateListing as exc:
            messages.info(request, exc.message)
            return redirect("exchange:listing", exc.existing.uuid)
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("It is published."))
            return redirect("exchange:listing", created.uuid)
    page = Paginator(selectors.listings_of(org), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(listing, selectors.is_current(listing)) for listing in page]
    context = {"org": org, "form": form, "page": page, "rows": rows}
    return render(request, "exchange/org_listings.html", context)


@require_http_methods(["GET", "POST"])
@org_permission(Perm.EDIT_PROFILE)
def listing_edit(request: AuthedRequest, org: Organization, uuid: UUID) -> HttpResponse:
    listing = _org_listing(org, uuid)
    if listing.withdrawn_at is not None:
        messages.info(request, _("A withdrawn listing cannot be changed."))
        return redirect("exchange:listing", listing.uuid)
    form = ListingForm(request.POST or None, initial=ListingForm.initial_of(listing))
    if request.method == "POST" and form.is_valid():
        try:
            # A start date not in the future keeps the stored start (services._apply).
            services.listing_update(listing=listing, by=request.user, data=form.data_for_service())
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("The changes are saved."))
            return redirect("exchange:listing", listing.uuid)
    return render(
        request, "exchange/listing_edit.html", {"org": org, "listing": listing, "form": form}
    )


@require_POST
@org_permission(Perm.EDIT_PROFILE)
def listing_withdraw(request: AuthedRequest, org: Organization, uuid: UUID) -> HttpResponse:
    listing = _org_listing(org, uuid)
    services.listing_withdraw(listing=listing, by=request.user)
    messages.success(request, _("“%(title)s” is withdrawn.") % {"title": listing.title})
    return redirect("exchange:org_listings", org.slug)


@require_safe
def listing_page(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """A listing's public page; its matches are shown to the administrators of either side."""
    listing = selectors.listing_by_uuid(uuid)
    if listing is None:
        raise Http404
    mine = has_perm(request.user, Perm.EDIT_PROFILE, listing.organization)
    matches = [
        (match, other)
        for match, other in selectors.matches_of(listing)
        if mine or has_perm(request.user, Perm.EDIT_PROFILE, other.organization)
    ]
    context = {
        "listing": listing,
        "current": selectors.is_current(listing),
        "mine": mine,
        "matches": matches,
        "profile_url": selectors.profile_url(listing),
    }
    return render(request, "exchange/listing.html", context)


class BrowseForm(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Offers or needs"),
        choices=[("", gettext_lazy("Both")), *list(Listing.Kind.choices)],
        required=False,
    )
    category = forms.ChoiceField(
        label=gettext_lazy("Category"),
        choices=[("", gettext_lazy("Any")), *list(Listing.Category.choices)],
        required=False,
    )
    q = forms.CharField(label=gettext_lazy("Words"), max_length=200, required=False)


@require_safe
def browse(request: HttpRequest) -> HttpResponse:
    """The current offers and needs of every organization, filtered and paginated."""
    form = BrowseForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    found = selectors.current_listings(
        kind=filters.get("kind", ""),
        category=filters.get("category", ""),
        words=filters.get("q", ""),
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in filters.items() if v})
    return render(request, "exchange/browse.html", {"form": form, "page": page, "query": query})


@require_safe
def listing_murmurations(request: HttpRequest, uuid: UUID) -> HttpResponse:
    """The listing's Murmurations profile, public; 410 once it is withdrawn or expired."""
    listing = selectors.listing_by_uuid(uuid)
    if listing is None:
        raise Http404
    if listing.withdrawn_at is not None or (
        listing.valid_until is not None and listing.valid_until <= timezone.now()
    ):
        message = _("This offer or need is withdrawn or expired.")
        return JsonResponse({"error": {"code": "gone", "message": message}}, status=410)
    response = JsonResponse(selectors.listing_profile(listing), json_dumps_params={"indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response
