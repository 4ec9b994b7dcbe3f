from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _reset_counts_of_an_empty_directory(using: str = "default", **kwargs: Any) -> None:
    """With no organization left, the trigger-kept counts must be empty too.

    ``flush`` (which emits post_migrate when it is done) empties the tables one after another:
    on SQLite the count tables before the organizations, whose delete triggers then write
    negative counts that the next organizations would cancel out (a test's 4 co-ops counted 2
    after a browser test had flushed 2). PostgreSQL's TRUNCATE fires no row trigger."""
    from intercoop.directory.models import FacetCount, RegionCount
    from intercoop.organizations.models import Organization

    if not Organization.objects.using(using).exists():
        FacetCount.objects.using(using).all().delete()
        RegionCount.objects.using(using).all().delete()


class DirectoryConfig(AppConfig):
    name = "intercoop.directory"
    label = "directory"
    verbose_name = _("Directory")

    def ready(self) -> None:
        # This app's operations in the API (see AccountsConfig.ready). Importing directory.api
        # also adds the search, GET /organizations, to the organizations' router.
        from intercoop.api.api import api
        from intercoop.directory.api import router as regions_router
        from intercoop.directory.exports import router as exports_router

        api.add_router("/regions", regions_router)
        api.add_router("/exports", exports_router)
        post_migrate.connect(
            _reset_counts_of_an_empty_directory,
            sender=self,
            dispatch_uid="directory.reset_counts_of_an_empty_directory",
        )
