"""The rules a write of the registry must pass: the services call them before they write, and
views, forms and the API call them to refuse early. They read (through the selectors and the
models) and write nothing; the rules only the services need are private to the services."""

from __future__ import annotations

from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.utils.translation import gettext as _

from intercoop.accounts.models import User
from intercoop.core.errors import Gone, ServiceError
from intercoop.organizations.models import Invitation, Role


def normalize_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags without surrounding or repeated spaces, without empty ones, each once (ignoring
    case: the first spelling is kept)."""
    seen: set[str] = set()
    kept = []
    for tag in tags:
        tag = " ".join(tag.split())
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            kept.append(tag)
    return tuple(kept)


def split_tags(text: str) -> tuple[str, ...]:
    """``"bread, organic,  delivery"`` → ``("bread", "organic", "delivery")``."""
    return normalize_tags(text.split(","))


def check_invitation_acceptable(*, invitation: Invitation, user: User) -> None:
    if invitation.revoked_at is not None:
        raise Gone(_("This invitation was withdrawn."), code="invitation_revoked")
    if invitation.accepted_at is not None and (
        invitation.accepted_by_id != user.pk
        # Accepted by this person, who was removed since: the old link does not bring them back.
        or not Role.objects.filter(organization=invitation.organization, user=user).exists()
    ):
        raise Gone(_("This invitation has already been used."), code="invitation_used")
    if invitation.accepted_at is None and invitation.is_expired:
        raise Gone(
            _("This invitation has expired. Ask %(org)s to send you a new one.")
            % {"org": invitation.organization},
            code="invitation_expired",
        )
    verified = EmailAddress.objects.filter(user=user, email__iexact=invitation.email, verified=True)
    if not verified.exists():
        raise ServiceError(
            _(
                "This invitation was sent to %(email)s. Sign in with that address, or add and "
                "verify it in your account, to accept it."
            )
            % {"email": invitation.email},
            code="invitation_wrong_account",
            status=403,
        )
