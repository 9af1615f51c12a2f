from django.urls import URLPattern, path

from . import views

app_name = "fund"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("<int:pk>/", views.fund_detail, name="fund_detail"),
    path("<int:fund_pk>/antrag/neu/", views.application_new, name="application_new"),
    path("antraege/<int:pk>/", views.application_detail, name="application_detail"),
    path("antraege/<int:pk>/bearbeiten/", views.application_edit, name="application_edit"),
    path("antraege/<int:pk>/nachweis/", views.application_proof, name="application_proof"),
    path(
        "antraege/<int:pk>/rueckfrage/<int:question_pk>/antwort/",
        views.application_answer,
        name="application_answer",
    ),
    path("antraege/<int:pk>/jury/stimme/", views.jury_vote, name="jury_vote"),
    path("antraege/<int:pk>/jury/befangen/", views.jury_conflict, name="jury_conflict"),
    path(
        "antraege/<int:pk>/schritt/<slug:action>/",
        views.application_action,
        name="application_action",
    ),
    path("anlagen/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("verwaltung/neu/", views.fund_new, name="fund_new"),
    path("verwaltung/<int:pk>/", views.fund_manage, name="fund_manage"),
    path("verwaltung/<int:pk>/antraege/", views.review_queue, name="review_queue"),
    path("verwaltung/<int:pk>/kassenbuch/", views.ledger_list, name="ledger"),
    path("verwaltung/<int:fund_pk>/bereich/neu/", views.category_edit, name="category_new"),
    path("verwaltung/<int:fund_pk>/bereich/<int:pk>/", views.category_edit, name="category_edit"),
]

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
