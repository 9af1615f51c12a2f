from django.urls import path

from .views import calendar, coverage, hours, organigram, requests, services, shifts

app_name = "services"

urlpatterns = [
    path("", services.index, name="index"),
    path("neu/", services.service_new, name="service_new"),
    path("qualifikationen/", services.qualifications, name="qualifications"),
    path("organigramm/", organigram.organigram, name="organigram"),
    path("organigramm/druck/", organigram.organigram_print, name="organigram_print"),
    path("organigramm/neu/", organigram.responsibility_new, name="responsibility_new"),
    path(
        "organigramm/<int:pk>/bearbeiten/",
        organigram.responsibility_edit,
        name="responsibility_edit",
    ),
    path("abdeckung/", coverage.coverage, name="coverage"),
    path("meine-schichten/", shifts.my_shifts, name="my_shifts"),
    path("schichten/<int:pk>/", shifts.shift_detail, name="shift_detail"),
    path("schichten/<int:pk>/eintragen/", shifts.shift_signup, name="shift_signup"),
    path("schichten/<int:pk>/warteliste/", shifts.shift_waitlist, name="shift_waitlist"),
    path("schichten/<int:pk>/einteilen/", shifts.shift_assign, name="shift_assign"),
    path("schichten/<int:pk>/fahrplan/", requests.run_sheet, name="run_sheet"),
    path("eintragungen/<int:pk>/absagen/", shifts.signup_cancel, name="signup_cancel"),
    path("eintragungen/<int:pk>/tauschen/", shifts.signup_swap, name="signup_swap"),
    path(
        "eintragungen/<int:pk>/tausch-zuruecknehmen/",
        shifts.signup_swap_withdraw,
        name="signup_swap_withdraw",
    ),
    path("eintragungen/<int:pk>/uebernehmen/", shifts.signup_take, name="signup_take"),
    path("eintragungen/<int:pk>/stunden/", shifts.signup_hours, name="signup_hours"),
    path("anfragen/<int:pk>/bestaetigen/", requests.request_confirm, name="request_confirm"),
    path("anfragen/<int:pk>/ablehnen/", requests.request_decline, name="request_decline"),
    path("anfrage/<str:token>/", requests.request_status, name="request_status"),
    path("kalender/", calendar.my_calendar, name="my_calendar"),
    path("kalender/neuer-link/", calendar.calendar_link_new, name="calendar_link_new"),
    path("kalender/sperren/", calendar.calendar_link_revoke, name="calendar_link_revoke"),
    path("kalender/<str:token>.ics", calendar.person_feed, name="person_feed"),
    path("stunden/", hours.my_hours, name="my_hours"),
    path("stunden/<int:year>/nachweis.pdf", hours.certificate, name="certificate"),
    path("<slug:service>/", services.service_detail, name="service_detail"),
    path("<slug:service>/bearbeiten/", services.service_edit, name="service_edit"),
    path("<slug:service>/schichten/", shifts.service_month, name="service_month"),
    path("<slug:service>/schichten/neu/", services.shift_new, name="shift_new"),
    path("<slug:service>/schichtplaene/neu/", services.plan_new, name="plan_new"),
    path(
        "<slug:service>/schichtplaene/<int:pk>/bearbeiten/",
        services.plan_edit,
        name="plan_edit",
    ),
    path("<slug:service>/anfragen/", requests.request_new, name="request_new"),
    path("<slug:service>/kalender.ics", calendar.service_feed, name="service_feed"),
]
