from __future__ import annotations

import getpass
import os
from typing import Any

from allauth.account.models import EmailAddress
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from intercoop.accounts.models import User


class Command(BaseCommand):
    help = (
        "Create a platform administrator (staff and superuser). They must set up two-factor "
        "authentication at their first sign-in. The password is asked for, or read from "
        "INTERCOOP_ADMIN_PASSWORD when --no-input is given."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--email", help="The administrator's email address.")
        parser.add_argument("--name", default="", help="Their name.")
        parser.add_argument("--no-input", action="store_true", help="Never prompt.")

    def handle(self, *args: Any, **opts: Any) -> None:
        email = opts["email"] or (None if opts["no_input"] else input("Email address: "))
        if not email:
            raise CommandError("An email address is required (--email).")
        email = email.strip().lower()
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"{email!r} is not a valid email address.") from None
        if User.objects.filter(email__iexact=email).exists():
            raise CommandError(f"There is already an account for {email}.")
        password = self._password(opts["no_input"])
        try:
            validate_password(password, User(email=email))
        except ValidationError as exc:
            raise CommandError(" ".join(exc.messages)) from None
        with transaction.atomic():
            user = User.objects.create_superuser(email, password, name=opts["name"])
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        self.stdout.write(
            self.style.SUCCESS(
                f"Administrator {email} created. At the first sign-in they will be asked to set "
                "up two-factor authentication."
            )
        )

    def _password(self, no_input: bool) -> str:
        if no_input:
            password = os.environ.get("INTERCOOP_ADMIN_PASSWORD", "")
            if not password:
                raise CommandError("Set INTERCOOP_ADMIN_PASSWORD, or run without --no-input.")
            return password
        first = getpass.getpass("Password: ")
        if first != getpass.getpass("Password (again): "):
            raise CommandError("The two passwords differ.")
        return first
