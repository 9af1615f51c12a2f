"""The project's URLs plus a bare view that measures Django and the middleware alone."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from config.urls import handler404, handler500


def baseline(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [
    path("bench/baseline/", baseline, name="bench_baseline"),
    path("", include("config.urls")),
]

__all__ = ["handler404", "handler500", "urlpatterns"]
