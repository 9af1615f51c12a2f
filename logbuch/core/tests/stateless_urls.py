"""config.urls plus probes that write the shared cache and a flash message (test only)."""

from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_patterns


def cache_probe(request: HttpRequest) -> HttpResponse:
    if "set" in request.GET:
        cache.set("stateless-probe", request.GET["set"], 60)
    return HttpResponse(str(cache.get("stateless-probe", "")))


def message_probe(request: HttpRequest) -> HttpResponse:
    messages.success(request, request.GET.get("text", ""))
    return HttpResponse("ok")


urlpatterns = [
    path("__probe__/cache/", cache_probe),
    path("__probe__/message/", message_probe),
    *project_patterns,
]
