from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabelsConfig(AppConfig):
    name = "intercoop.labels"
    label = "labels"
    verbose_name = _("Verifiable labels")

    def ready(self) -> None:
        # This app's operations in the API (see AccountsConfig.ready): verifying and issuing
        # credentials, presenting them.
        from intercoop.api.api import api
        from intercoop.labels.api import presentations_router, router

        api.add_router("/credentials", router)
        api.add_router("/presentations", presentations_router)
