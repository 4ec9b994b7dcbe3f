from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from intercoop.accounts.views import set_language
from intercoop.api import docs as api_docs
from intercoop.api.api import api
from intercoop.core import views as core_views
from intercoop.directory import views as directory_views
from intercoop.directory.urls import organization_pages
from intercoop.organizations import urls as organizations_urls

# Admin sign-in goes through the platform's login, so MFA and rate limits apply there too.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]

urlpatterns = [
    path("api/v1/docs/try", api_docs.try_operation, name="api_docs_try"),
    path("api/v1/", api.urls),
    path("healthz", core_views.healthz, name="healthz"),
    path("murmurations/", include("intercoop.directory.murmurations_urls")),
    # did:web and the credentials' ids fix these addresses: no language prefix.
    path("labels/", include("intercoop.labels.public_urls")),
    # Murmurations profiles and DFC catalogues: the addresses that their records give.
    path("exchange/", include("intercoop.exchange.public_urls")),
    # A consent receipt's JSON-LD: its @id names this address.
    path("datacoop/", include("intercoop.datacoop.public_urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
urlpatterns += i18n_patterns(
    path("", directory_views.home, name="home"),
    path("status/", core_views.status, name="status"),
    path("accounts/", include("intercoop.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    # One namespace: the registry's pages, then the directory's public list and page of an
    # organization.
    path(
        "",
        include(
            (organizations_urls.urlpatterns + organization_pages, "organizations"),
            namespace="organizations",
        ),
    ),
    path("", include("intercoop.directory.urls")),
    path("", include("intercoop.governance.urls")),
    path("", include("intercoop.ballots.urls")),
    path("", include("intercoop.labels.urls")),
    path("", include("intercoop.exchange.urls")),
    path("", include("intercoop.datacoop.urls")),
)

handler400 = "intercoop.core.views.bad_request"
handler403 = "intercoop.core.views.permission_denied"
handler404 = "intercoop.core.views.page_not_found"
handler500 = "intercoop.core.views.server_error"
