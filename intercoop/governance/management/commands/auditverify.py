"""``intercoop auditverify [--org SLUG]``: verify the hash chain of each co-op's audit log."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from intercoop.governance import audit
from intercoop.governance.models import AuditHead
from intercoop.organizations.models import Organization


class Command(BaseCommand):
    help = "Verify the hash chain of the audit log of one co-op, or of every co-op that has one."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", metavar="SLUG", help="only this co-op's log")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["org"]:
            organizations = list(Organization.objects.filter(slug=options["org"]))
            if not organizations:
                raise CommandError(f"no organization has the short name {options['org']!r}")
        else:
            ids = AuditHead.objects.values_list("organization_id", flat=True)
            organizations = list(Organization.objects.filter(pk__in=ids).order_by("slug"))
        failed = 0
        for organization in organizations:
            result = audit.verify(organization)
            if result.ok:
                self.stdout.write(
                    f"pass  {organization.slug}: {result.entries} entries, head {result.head}"
                )
                continue
            failed += 1
            self.stdout.write(f"FAIL  {organization.slug}: {result.entries} entries")
            for item in result.breaks:
                self.stdout.write(f"      entry {item.seq}: {item.reason}")
        if failed:
            raise CommandError(f"{failed} audit log(s) failed verification")
        self.stdout.write(f"{len(organizations)} audit log(s) verified")
