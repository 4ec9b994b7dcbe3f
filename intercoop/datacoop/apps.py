from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DatacoopConfig(AppConfig):
    name = "intercoop.datacoop"
    label = "datacoop"
    verbose_name = _("Data co-operative")

    def ready(self) -> None:
        # This app's operations in the API (see AccountsConfig.ready): a co-op's datasets,
        # beside the registry's operations on an organization, and each dataset's rows and
        # consents.
        from intercoop.api.api import api
        from intercoop.datacoop.api.datasets import organizations_router, router

        api.add_router("/organizations", organizations_router)
        api.add_router("/datasets", router)
