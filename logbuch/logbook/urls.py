from django.urls import URLPattern, path

from . import views, views_results

app_name = "logbook"

urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    # Catalogue
    path("stellschrauben/", views.lever_manage, name="lever_manage"),
    path("stellschrauben/<int:pk>/", views.lever_detail, name="lever_detail"),
    path("stellschrauben/<int:pk>/ausblenden/", views.lever_hide, name="lever_hide"),
    path("stellschrauben/<int:pk>/einblenden/", views.lever_show, name="lever_show"),
    # Rounds (coordinator)
    path("runden/", views.round_list, name="round_list"),
    path("runden/neu/", views.round_new, name="round_new"),
    path("runden/<int:pk>/", views.round_detail, name="round_detail"),
    path("runden/<int:pk>/abschliessen/", views.round_close, name="round_close"),
    path("runden/<int:pk>/einladen/", views.round_invite, name="round_invite"),
    path("runden/<int:pk>/codes/", views.round_codes, name="round_codes"),
    path("runden/<int:pk>/codes/bogen/", views.round_code_sheet, name="round_code_sheet"),
    path("runden/<int:pk>/papier/", views.round_paper, name="round_paper"),
    # Taking part
    path("runden/<int:pk>/teilnehmen/", views.round_join, name="round_join"),
    path("teilnahme/<str:token>/", views.participation_link, name="participation_link"),
    path("code/", views.code_entry, name="code_entry"),
    path("runden/<int:pk>/einschaetzen/<int:step>/", views.answer_step, name="answer_step"),
    path("runden/<int:pk>/einschaetzen/abgeben/", views.answer_submit, name="answer_submit"),
    path("runden/<int:pk>/danke/", views.answer_thanks, name="answer_thanks"),
    # Results, measures, journal, reports (views_results.py) below.
    path("runden/<int:pk>/ergebnisse/", views_results.round_results_view, name="round_results"),
    path(
        "runden/<int:pk>/zwischenstand/",
        views_results.round_snapshot_release_view,
        name="round_snapshot_release",
    ),
    path(
        "runden/<int:pk>/ergebnisse/<int:lever_pk>/",
        views_results.round_lever,
        name="round_lever",
    ),
    path("runden/<int:pk>/ergebnisse.csv", views_results.round_export_csv, name="round_export_csv"),
    path(
        "runden/<int:pk>/ergebnisse.xlsx", views_results.round_export_xlsx, name="round_export_xlsx"
    ),
    path("runden/<int:pk>/bericht/", views_results.round_report, name="round_report"),
    path("runden/<int:pk>/bericht.pdf", views_results.round_report_pdf, name="round_report_pdf"),
    path("massnahmen/", views_results.measure_board, name="measure_board"),
    path("massnahmen/neu/", views_results.measure_create_view, name="measure_create"),
    path("massnahmen/<int:pk>/", views_results.measure_detail_view, name="measure_detail"),
    path("massnahmen/<int:pk>/bearbeiten/", views_results.measure_edit, name="measure_edit"),
    path("massnahmen/<int:pk>/status/", views_results.measure_status, name="measure_status"),
    path(
        "massnahmen/<int:pk>/notizen/", views_results.measure_note_add_view, name="measure_note_add"
    ),
    path("eintraege/", views_results.journal, name="journal"),
    path("eintraege/neu/", views_results.journal_create, name="journal_create"),
    path("eintraege/<int:pk>/bearbeiten/", views_results.journal_edit, name="journal_edit"),
]
