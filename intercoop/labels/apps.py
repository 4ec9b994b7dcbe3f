from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LabelsConfig(AppConfig):
    name = "intercoop.labels"
    label = "labels"
    verbose_name = _("Verifiable labels")

    def ready(self) -> None:
        # This app's operations in the API (see AccountsConfig.ready): verifying a credential.
        from intercoop.api.api import api
        from intercoop.labels.api import router

        api.add_router("/credentials", router)
