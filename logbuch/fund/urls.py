from django.urls import URLPattern, path

from .views import applications, jury, public, reports, review, setup, voting

app_name = "fund"

urlpatterns: list[URLPattern] = [
    path("", applications.index, name="index"),
    path("<int:pk>/", applications.fund_detail, name="fund_detail"),
    path("<int:fund_pk>/antrag/neu/", applications.application_new, name="application_new"),
    path("antraege/<int:pk>/", applications.application_detail, name="application_detail"),
    path("antraege/<int:pk>/bearbeiten/", applications.application_edit, name="application_edit"),
    path("antraege/<int:pk>/nachweis/", applications.application_proof, name="application_proof"),
    path(
        "antraege/<int:application_pk>/rueckfrage/<int:pk>/antwort/",
        applications.application_answer,
        name="application_answer",
    ),
    path("antraege/<int:pk>/jury/stimme/", jury.jury_vote, name="jury_vote"),
    path("antraege/<int:pk>/jury/befangen/", jury.jury_conflict, name="jury_conflict"),
    # The coordinator's steps on an application: one POST view each, back to the application.
    path(
        "antraege/<int:pk>/schritt/pruefen/", review.application_review, name="application_review"
    ),
    path(
        "antraege/<int:pk>/schritt/rueckfrage/",
        review.application_question,
        name="application_question",
    ),
    path(
        "antraege/<int:pk>/schritt/entscheiden/",
        review.application_decision,
        name="application_decision",
    ),
    path(
        "antraege/<int:pk>/schritt/jury/",
        review.application_jury_decision,
        name="application_jury_decision",
    ),
    path(
        "antraege/<int:pk>/schritt/auszahlen/", review.application_payout, name="application_payout"
    ),
    path(
        "antraege/<int:pk>/schritt/nachweis-pruefen/",
        review.application_proof_check,
        name="application_proof_check",
    ),
    path(
        "antraege/<int:pk>/schritt/nachweis-fehlt/",
        review.application_proof_missing,
        name="application_proof_missing",
    ),
    path(
        "antraege/<int:application_pk>/rueckforderungen/<int:pk>/zurueckgezahlt/",
        review.repayment_paid,
        name="repayment_paid",
    ),
    path("anlagen/<int:pk>/", applications.attachment_download, name="attachment_download"),
    path("verwaltung/neu/", setup.fund_new, name="fund_new"),
    path("verwaltung/<int:pk>/", setup.fund_manage, name="fund_manage"),
    path("verwaltung/<int:fund_pk>/quelle/", setup.fund_source_new, name="fund_source_new"),
    path(
        "verwaltung/<int:fund_pk>/umschichten/", setup.fund_reallocation, name="fund_reallocation"
    ),
    path("verwaltung/<int:fund_pk>/jury/", setup.jury_member_new, name="jury_member_new"),
    path("verwaltung/<int:fund_pk>/aufruf/", setup.call_new, name="call_new"),
    path("verwaltung/<int:pk>/antraege/", review.review_queue, name="review_queue"),
    path("verwaltung/<int:pk>/kassenbuch/", review.ledger_list, name="ledger"),
    path("verwaltung/<int:fund_pk>/bereich/neu/", setup.category_edit, name="category_new"),
    path("verwaltung/<int:fund_pk>/bereich/<int:pk>/", setup.category_edit, name="category_edit"),
    # Transparency, Werkschau, public and assembly votes, yearly report.
    path("<int:pk>/transparenz/", public.fund_public, name="fund_public"),
    path("<int:pk>/offene-daten.json", public.fund_open_data_json, name="open_data_json"),
    path("<int:pk>/offene-daten.csv", public.fund_open_data_csv, name="open_data_csv"),
    path("werkschau/", public.showcase, name="showcase"),
    path("foto/<int:pk>/", public.public_photo, name="public_photo"),
    path("abstimmung/<int:pk>/", voting.voting_detail, name="voting_detail"),
    path("abstimmung/<int:pk>/link/", voting.voting_request_link, name="voting_request_link"),
    path("abstimmung/<int:pk>/code/", voting.voting_code, name="voting_code"),
    path("abstimmung/<int:pk>/stimme/<str:token>/", voting.ballot, name="ballot"),
    path("abstimmung/<int:pk>/abgeben/", voting.voting_cast, name="voting_cast"),
    path("abstimmung/<int:pk>/danke/", voting.voting_thanks, name="voting_thanks"),
    path("<int:fund_pk>/abstimmung/neu/", voting.voting_new, name="voting_new"),
    path("abstimmung/<int:pk>/verwalten/", voting.voting_manage, name="voting_manage"),
    path("abstimmung/<int:pk>/codes/", voting.voting_codes, name="voting_codes"),
    path("abstimmung/<int:pk>/auszaehlen/", voting.voting_count, name="voting_count"),
    path("<int:fund_pk>/versammlung/neu/", voting.assembly_new, name="assembly_new"),
    path("versammlung/<int:pk>/", voting.assembly_detail, name="assembly_detail"),
    path("bericht/", reports.report_index, name="report_index"),
    path("bericht/<int:year>/", reports.year_report, name="year_report"),
    path("bericht/<int:year>.pdf", reports.year_report_pdf, name="year_report_pdf"),
]
