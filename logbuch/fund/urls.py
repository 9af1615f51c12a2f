from django.urls import URLPattern

app_name = "fund"

urlpatterns: list[URLPattern] = []

# Transparency, Werkschau, public and assembly votes, yearly report (logbuch.fund.public_views).
from django.urls import path  # noqa: E402

from . import public_views as pv  # noqa: E402

urlpatterns += [
    path("<int:fund_id>/transparenz/", pv.fund_public, name="fund_public"),
    path("<int:fund_id>/offene-daten.json", pv.fund_open_data_json, name="open_data_json"),
    path("<int:fund_id>/offene-daten.csv", pv.fund_open_data_csv, name="open_data_csv"),
    path("werkschau/", pv.showcase, name="showcase"),
    path("foto/<int:attachment_id>/", pv.public_photo, name="public_photo"),
    path("abstimmung/<int:voting_id>/", pv.voting_detail, name="voting_detail"),
    path("abstimmung/<int:voting_id>/link/", pv.voting_request_link, name="voting_request_link"),
    path("abstimmung/<int:voting_id>/code/", pv.voting_code, name="voting_code"),
    path("abstimmung/<int:voting_id>/stimme/<str:token>/", pv.ballot, name="ballot"),
    path("abstimmung/<int:voting_id>/abgeben/", pv.voting_cast, name="voting_cast"),
    path("abstimmung/<int:voting_id>/danke/", pv.voting_thanks, name="voting_thanks"),
    path("<int:fund_id>/abstimmung/neu/", pv.voting_new, name="voting_new"),
    path("abstimmung/<int:voting_id>/verwalten/", pv.voting_manage, name="voting_manage"),
    path("abstimmung/<int:voting_id>/codes/", pv.voting_codes, name="voting_codes"),
    path("abstimmung/<int:voting_id>/auszaehlen/", pv.voting_count, name="voting_count"),
    path("<int:fund_id>/versammlung/neu/", pv.assembly_new, name="assembly_new"),
    path("versammlung/<int:assembly_id>/", pv.assembly_detail, name="assembly_detail"),
    path("bericht/", pv.report_index, name="report_index"),
    path("bericht/<int:year>/", pv.year_report, name="year_report"),
    path("bericht/<int:year>.pdf", pv.year_report_pdf, name="year_report_pdf"),
]
