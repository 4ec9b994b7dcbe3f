"""The governance app's routes: each area's view module lists its own."""

from intercoop.governance.views import decisions, meetings, notifications, proposals, register

app_name = "governance"

urlpatterns = [
    *register.urlpatterns,
    *proposals.urlpatterns,
    *decisions.urlpatterns,
    *meetings.urlpatterns,
    *notifications.urlpatterns,
]
