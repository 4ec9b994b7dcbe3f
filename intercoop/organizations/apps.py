from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "intercoop.organizations"
    label = "organizations"
    verbose_name = _("Organizations")

    def ready(self) -> None:
        # This app's operations in the API (see AccountsConfig.ready); the directory adds its
        # search of organizations to this router (directory.api).
        from intercoop.api.api import api
        from intercoop.organizations.api import router

        api.add_router("/organizations", router)
