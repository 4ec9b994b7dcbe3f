from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "intercoop.governance"
    label = "governance"
    verbose_name = _("Governance")

    def ready(self) -> None:
        # What waits for a person here shows on "Needs my attention" (organizations).
        from intercoop.governance import attention
        from intercoop.organizations.attention import add_kind

        add_kind("meetings", attention.meetings_convened)
        add_kind("proposals", attention.proposals_in_discussion)
