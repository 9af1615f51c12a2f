from django.contrib import admin
from django.urls import include, path

from logbuch.core import views as core_views
from logbuch.logbook.views import guide as guide_views
from logbuch.towns.views import town as town_views

handler400 = "logbuch.core.views.bad_request"
handler403 = "logbuch.core.views.permission_denied"
handler404 = "logbuch.core.views.page_not_found"
handler500 = "logbuch.core.views.server_error"

urlpatterns = [
    path("", town_views.town_list, name="home"),
    path("ort-wechseln/", town_views.switch_town, name="switch_town"),
    path("favicon.ico", core_views.favicon),
    path("sprache/", core_views.set_language, name="set_language"),
    path("barrierefreiheit/", core_views.accessibility, name="accessibility"),
    path("datenschutz/", core_views.privacy, name="privacy"),
    path("impressum/", core_views.imprint, name="imprint"),
    path("leitfaden/", guide_views.about_guide, name="guide"),
    path("konto/", include("logbuch.towns.account_urls")),
    path("admin/", admin.site.urls),
    path("<slug:town_slug>/logbuch/", include("logbuch.logbook.urls")),
    path("<slug:town_slug>/fonds/", include("logbuch.fund.urls")),
    path("<slug:town_slug>/anlaufstelle/", include("logbuch.desk.urls")),
    path("<slug:town_slug>/dienste/", include("logbuch.services.urls")),
    path("<slug:town_slug>/", include("logbuch.towns.urls")),
]
