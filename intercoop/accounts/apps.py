from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "intercoop.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        # Each app with operations in the API adds its router here, in the order of
        # INSTALLED_APPS: the API (a lower app) names none of them.
        from intercoop.accounts.api import router
        from intercoop.api.api import api

        api.add_router("/me", router)
