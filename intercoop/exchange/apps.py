from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "intercoop.exchange"
    label = "exchange"
    verbose_name = _("Exchange between co-operatives")

    def ready(self) -> None:
        # This app's operations in the API (see AccountsConfig.ready).
        from intercoop.api.api import api
        from intercoop.exchange.api.catalogues import router as catalogues_router
        from intercoop.exchange.api.closing import router as closing_router
        from intercoop.exchange.api.cycles import router as cycles_router
        from intercoop.exchange.api.listings import router as listings_router
        from intercoop.exchange.api.orders import router as orders_router
        from intercoop.exchange.api.trace import (
            cycles_router as trace_cycles_router,
        )
        from intercoop.exchange.api.trace import (
            organizations_router as trace_organizations_router,
        )
        from intercoop.exchange.api.trace import (
            resources_router as trace_resources_router,
        )

        api.add_router("/listings", listings_router)
        # A supplier's products, beside the registry's operations on an organization.
        api.add_router("/organizations", catalogues_router)
        # Order cycles: listing, reading and setting one up.
        api.add_router("/cycles", cycles_router)
        # Traceability: resources, their trace and track, a cycle's Valueflows document, and
        # recording an event on an organization's resource.
        api.add_router("/resources", trace_resources_router)
        api.add_router("/cycles", trace_cycles_router)
        api.add_router("/organizations", trace_organizations_router)
        # Buying in a cycle: its offers for buyers, and each buyer's own order.
        api.add_router("/cycles", orders_router)
        # A closed cycle's closing, for its coordinator's administrators.
        api.add_router("/cycles", closing_router)
