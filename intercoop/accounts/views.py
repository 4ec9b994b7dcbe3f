from __future__ import annotations

from datetime import datetime, time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, translate_url
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import LANGUAGE_QUERY_PARAMETER
from django.views.i18n import set_language as django_set_language

from intercoop.accounts import services
from intercoop.accounts.forms import ApiTokenForm, ProfileForm
from intercoop.accounts.http import AuthedRequest
from intercoop.accounts.models import ApiToken
from intercoop.core import views as core_views
from intercoop.core.i18n import translate_path


def set_language(request: HttpRequest) -> HttpResponse:
    """The header's language switcher: the same page in the chosen language, from now on.

    Django's view sets the cookie and checks that ``next`` stays on this site; the address is then
    moved to the chosen language whatever the cookie or the browser said, and a signed-in
    person's preference follows the choice, so nothing switches back behind their back.
    """
    if request.method != "POST":
        return django_set_language(request)
    language = request.POST.get(LANGUAGE_QUERY_PARAMETER, "")
    if language not in dict(settings.LANGUAGES):
        # Django would set a cookie for any language it has a catalogue for (German, say),
        # which no address of this site serves.
        return core_views.bad_request(request)
    response = django_set_language(request)
    if response.has_header("Location"):
        response["Location"] = translate_path(response["Location"], language)
    if request.user.is_authenticated:
        services.user_language_set(user=request.user, language=language)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthedRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, _("Your profile was saved."))
        if not user.language:
            return redirect("accounts:profile")
        response = redirect(translate_url(reverse("accounts:profile"), user.language))
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            user.language,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite="Lax",
        )
        return response
    context = {"form": form, "roles": request.user.roles()}
    return render(request, "accounts/profile.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def tokens(request: AuthedRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST or None)
    issued = None
    if request.method == "POST" and form.is_valid():
        expires = form.cleaned_data["expires_at"]
        expires_at = timezone.make_aware(datetime.combine(expires, time.max)) if expires else None
        if expires_at is not None and expires_at <= timezone.now():
            form.add_error("expires_at", _("Choose a date in the future."))
        else:
            issued = services.api_token_create(
                user=request.user, name=form.cleaned_data["name"], expires_at=expires_at
            )
            form = ApiTokenForm()
    context = {
        "form": form,
        "issued": issued,
        "tokens": ApiToken.objects.filter(user=request.user, revoked_at__isnull=True),
    }
    return render(request, "accounts/tokens.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def token_revoke(request: AuthedRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    services.api_token_revoke(token=token)
    messages.success(request, _("The token “%(name)s” was revoked.") % {"name": token.name})
    return redirect("accounts:tokens")
