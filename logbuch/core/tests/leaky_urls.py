"""config.urls plus two deliberately leaky views: the control case of the isolation sweep."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_patterns
from logbuch.towns.access import members_only, public
from logbuch.towns.models import Membership


@members_only
def leaky_read(request: HttpRequest, pk: int) -> HttpResponse:
    return HttpResponse(str(Membership.objects.get(pk=pk)))


@members_only
def leaky_delete(request: HttpRequest, pk: int) -> HttpResponse:
    Membership.objects.filter(pk=pk).delete()
    return HttpResponse(status=404)


@public
def leaky_public(request: HttpRequest) -> HttpResponse:
    people = Membership.objects.in_town(request.town).values_list("user__email", flat=True)  # type: ignore[attr-defined]
    return HttpResponse(", ".join(e or "" for e in people))


urlpatterns = [
    path("<slug:town_slug>/leck/oeffentlich/", leaky_public),
    path("<slug:town_slug>/leck/lesen/<int:pk>/", leaky_read),
    path("<slug:town_slug>/leck/loeschen/<int:pk>/", leaky_delete),
    *project_patterns,
]
