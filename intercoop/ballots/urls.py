"""The ballots app's routes (see views.py)."""

from intercoop.ballots.views import urlpatterns

app_name = "ballots"

__all__ = ["app_name", "urlpatterns"]
