"""The real URL configuration plus one view that crashes, to test what people see on a bug."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from intercoop.urls import handler500, urlpatterns

__all__ = ["handler500", "urlpatterns"]


def crash(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("secret internal detail")


urlpatterns = [path("crash/", crash), path("api/v1/crash", crash), *urlpatterns]
