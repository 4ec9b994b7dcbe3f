from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BallotsConfig(AppConfig):
    name = "intercoop.ballots"
    label = "ballots"
    verbose_name = _("Verifiable ballots")

    def ready(self) -> None:
        # What waits for a person here shows on "Needs my attention" (organizations).
        from intercoop.ballots import attention
        from intercoop.organizations.attention import add_kind

        add_kind("votes", attention.votes_to_cast)
        add_kind("trustee_tasks", attention.trustee_tasks)
