from django.urls import URLPattern, path

from .views import (
    answering,
    catalogue,
    demands,
    guide,
    journal,
    measures,
    paper_sheet,
    proposals,
    reports,
    results,
    rounds,
    town_list,
)

app_name = "logbook"

urlpatterns: list[URLPattern] = [
    path("", catalogue.index, name="index"),
    path("leitfaden/", guide.town_about_guide, name="guide"),
    # Catalogue
    path("stellschrauben/", catalogue.lever_manage, name="lever_manage"),
    path("stellschrauben/<int:pk>/", catalogue.lever_detail, name="lever_detail"),
    path("stellschrauben/<int:pk>/skala/", catalogue.lever_scale_edit, name="lever_scale"),
    path("stellschrauben/<int:pk>/ausblenden/", catalogue.lever_hide_view, name="lever_hide"),
    path("stellschrauben/<int:pk>/einblenden/", catalogue.lever_show_view, name="lever_show"),
    # Rounds (coordinator)
    path("runden/", rounds.round_list, name="round_list"),
    path("runden/neu/", rounds.round_new, name="round_new"),
    path("runden/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("runden/<int:pk>/abschliessen/", rounds.round_close_view, name="round_close"),
    path("runden/<int:pk>/einladen/", rounds.round_invite, name="round_invite"),
    path("runden/<int:pk>/codes/", rounds.round_codes, name="round_codes"),
    path("runden/<int:pk>/codes/bogen/", rounds.round_code_sheet, name="round_code_sheet"),
    path("runden/<int:pk>/papier/", rounds.round_paper, name="round_paper"),
    path(
        "runden/<int:pk>/papierbogen.pdf",
        paper_sheet.round_paper_sheet_pdf,
        name="round_paper_sheet_pdf",
    ),
    # Taking part
    path("runden/<int:pk>/teilnehmen/", answering.round_join, name="round_join"),
    path("teilnahme/<str:token>/", answering.participation_link, name="participation_link"),
    path("code/", answering.code_entry, name="code_entry"),
    path("runden/<int:pk>/einschaetzen/<int:step>/", answering.answer_step, name="answer_step"),
    path(
        "runden/<int:pk>/einschaetzen/<int:step>/zurueck/",
        answering.answer_step_back,
        name="answer_step_back",
    ),
    path(
        "runden/<int:pk>/einschaetzen/<int:step>/spaeter/",
        answering.answer_step_later,
        name="answer_step_later",
    ),
    path("runden/<int:pk>/einschaetzen/abgeben/", answering.answer_submit, name="answer_submit"),
    path("runden/<int:pk>/danke/", answering.answer_thanks, name="answer_thanks"),
    # Results
    path("runden/<int:pk>/ergebnisse/", results.round_results_view, name="round_results"),
    path(
        "runden/<int:pk>/zwischenstand/",
        results.round_snapshot_release_view,
        name="round_snapshot_release",
    ),
    path("runden/<int:round_pk>/ergebnisse/<int:pk>/", results.round_lever, name="round_lever"),
    path(
        "runden/<int:round_pk>/ergebnisse/<int:pk>/uebernehmen/",
        town_list.round_lever_carry,
        name="round_lever_carry",
    ),
    # Reports and downloads
    path("runden/<int:pk>/ergebnisse.csv", reports.round_export_csv, name="round_export_csv"),
    path("runden/<int:pk>/ergebnisse.xlsx", reports.round_export_xlsx, name="round_export_xlsx"),
    path("runden/<int:pk>/bericht/", reports.round_report, name="round_report"),
    path("runden/<int:pk>/bericht.pdf", reports.round_report_pdf, name="round_report_pdf"),
    # The town's list of Räume, Verbündete and Akteure
    path("liste/", town_list.town_list_view, name="town_list"),
    # Measures
    path("massnahmen/", measures.measure_board, name="measure_board"),
    path("massnahmen/neu/", measures.measure_create_view, name="measure_create"),
    path("massnahmen/<int:pk>/", measures.measure_detail_view, name="measure_detail"),
    path("massnahmen/<int:pk>/bearbeiten/", measures.measure_edit, name="measure_edit"),
    path("massnahmen/<int:pk>/status/", measures.measure_status, name="measure_status"),
    path("massnahmen/<int:pk>/notizen/", measures.measure_note_add_view, name="measure_note_add"),
    # Vorschläge
    path("vorschlaege/", proposals.proposal_list, name="proposal_list"),
    path("vorschlaege/neu/", proposals.proposal_create_view, name="proposal_create"),
    path("vorschlaege/entscheidung/", proposals.decider_edit, name="proposal_decider_edit"),
    path("vorschlaege/<int:pk>/", proposals.proposal_detail_view, name="proposal_detail"),
    path(
        "vorschlaege/<int:pk>/unterstuetzen/", proposals.proposal_support, name="proposal_support"
    ),
    path(
        "vorschlaege/<int:pk>/zurueckziehen/",
        proposals.proposal_support_withdraw,
        name="proposal_support_withdraw",
    ),
    path(
        "vorschlaege/<int:pk>/kommentare/",
        proposals.proposal_comment_add,
        name="proposal_comment_add",
    ),
    path("vorschlaege/<int:pk>/annehmen/", proposals.proposal_accept_view, name="proposal_accept"),
    path(
        "vorschlaege/<int:pk>/zusammenfuehren/",
        proposals.proposal_merge_view,
        name="proposal_merge",
    ),
    path(
        "vorschlaege/<int:pk>/ablehnen/", proposals.proposal_decline_view, name="proposal_decline"
    ),
    # Forderungen to Land, Bund or a funding body
    path("forderungen/", demands.demand_list, name="demand_list"),
    path("forderungen/neu/", demands.demand_create_view, name="demand_create"),
    path("forderungen/<int:pk>/bearbeiten/", demands.demand_edit, name="demand_edit"),
    # Town logbook
    path("eintraege/", journal.journal, name="journal"),
    path("eintraege/neu/", journal.journal_create, name="journal_create"),
    path("eintraege/<int:pk>/bearbeiten/", journal.journal_edit, name="journal_edit"),
    path("eintraege/<int:pk>/veroeffentlichen/", journal.journal_publish, name="journal_publish"),
]
