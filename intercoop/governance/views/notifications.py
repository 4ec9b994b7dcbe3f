"""notifications: web views (see governance/urls.py). A person's own notifications, across
co-ops; nobody sees anyone else's."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from intercoop.accounts.http import AuthedRequest
from intercoop.core.errors import ServiceError
from intercoop.governance.forms.proposals import PreferencesForm
from intercoop.governance.selectors import proposals as selectors
from intercoop.governance.services import notifications as services


def _page(request: AuthedRequest, form: PreferencesForm, status: int = 200) -> HttpResponse:
    page = Paginator(selectors.notifications_of(request.user), 50).get_page(request.GET.get("page"))
    rows = [
        (note, selectors.notification_text(note), selectors.notification_link(note))
        for note in page.object_list
    ]
    context = {
        "page": page,
        "rows": rows,
        "unread": selectors.unread_count(request.user),
        "form": form,
    }
    return render(request, "governance/notifications/list.html", context, status=status)


@login_required
@require_safe
def notification_list(request: AuthedRequest) -> HttpResponse:
    return _page(request, PreferencesForm(rows=selectors.preference_rows(request.user)))


@login_required
@require_POST
def notification_read(request: AuthedRequest, pk: int) -> HttpResponse:
    try:
        services.notification_mark_read(user=request.user, notification_id=pk)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("governance:notifications")
    return redirect("governance:notifications")


@login_required
@require_POST
def notification_read_all(request: AuthedRequest) -> HttpResponse:
    count = services.notification_mark_read(user=request.user)
    messages.success(request, _("%(count)d notifications marked as read.") % {"count": count})
    return redirect("governance:notifications")


@login_required
@require_POST
def notification_preferences(request: AuthedRequest) -> HttpResponse:
    form = PreferencesForm(request.POST, rows=selectors.preference_rows(request.user))
    if form.is_valid():
        try:
            services.notification_preferences_set(user=request.user, choices=form.choices())
        except ServiceError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your email preferences were saved."))
            return redirect("governance:notifications")
    return _page(request, form, status=400)


urlpatterns: list[URLPattern] = [
    path("notifications/", notification_list, name="notifications"),
    path("notifications/<int:pk>/read/", notification_read, name="notification_read"),
    path("notifications/read/", notification_read_all, name="notifications_read_all"),
    path("notifications/preferences/", notification_preferences, name="notification_preferences"),
]
