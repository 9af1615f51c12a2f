from django.urls import path

from .views import board, concerns, contacts, inbox, office, public, thanks, weekly

app_name = "desk"

urlpatterns = [
    path("", office.index, name="index"),
    path("termine/", office.slots, name="slots"),
    path("termine/<int:pk>/buchen/", office.slot_book, name="slot_book"),
    path("termin/<str:token>/", office.appointment, name="appointment"),
    path("anliegen/neu/", concerns.concern_new, name="concern_new"),
    path("anliegen/stand/", concerns.concern_track_form, name="concern_track_form"),
    path("anliegen/stand/<str:code>/", concerns.concern_track, name="concern_track"),
    path(
        "anliegen/stand/<str:code>/foto/", concerns.concern_track_photo, name="concern_track_photo"
    ),
    path("wir-haben-getan/", public.said_done, name="said_done"),
    path("ansprechpersonen/", contacts.contacts, name="contacts"),
    path("ansprechpersonen/<int:pk>/", contacts.contact, name="contact"),
    path("biete-suche/", board.board, name="board"),
    path("biete-suche/neu/", board.board_new, name="board_new"),
    path("biete-suche/<int:pk>/", board.board_post, name="board_post"),
    path("biete-suche/<int:pk>/melden/", board.board_report, name="board_report"),
    path("biete-suche/<int:pk>/erledigt/", board.board_close, name="board_close"),
    path("danke/", thanks.wall, name="thanks_wall"),
    path("danke/sagen/", thanks.thanks_new, name="thanks_new"),
    path("danke/an-mich/", thanks.thanks_mine, name="thanks_mine"),
    path("danke/an-mich/<int:pk>/zeigen/", thanks.thanks_show, name="thanks_show"),
    path("danke/an-mich/<int:pk>/fuer-mich/", thanks.thanks_private, name="thanks_private"),
    path("wochenpost/", weekly.weekly, name="weekly"),
    path("wochenpost/bestellen/", weekly.weekly_subscribe, name="weekly_subscribe"),
    path("wochenpost/nicht-mehr/", weekly.weekly_stop, name="weekly_stop"),
    path(
        "wochenpost/abbestellen/<str:token>/",
        weekly.weekly_unsubscribe,
        name="weekly_unsubscribe",
    ),
    # Triage: the coordinator and the people concerns were handed to.
    path("anliegen/", concerns.concern_list, name="concern_list"),
    path("anliegen/<int:pk>/", concerns.concern_detail, name="concern_detail"),
    path("anliegen/<int:pk>/foto/", concerns.concern_photo, name="concern_photo"),
    path("anliegen/<int:pk>/weitergeben/", concerns.concern_assign, name="concern_assign"),
    path("anliegen/<int:pk>/antworten/", concerns.concern_answer, name="concern_answer"),
    path("anliegen/<int:pk>/stand/", concerns.concern_status, name="concern_status"),
    path("anliegen/<int:pk>/oeffentlich/", concerns.concern_publish, name="concern_publish"),
    path("anliegen/<int:pk>/zusammenfuehren/", concerns.concern_merge, name="concern_merge"),
    # Coordinator
    path("eingang/", inbox.inbox, name="inbox"),
    path("einrichten/biete-suche/", board.board_moderation, name="board_moderation"),
    path("einrichten/biete-suche/<int:pk>/ausblenden/", board.board_hide, name="board_hide"),
    path("einrichten/biete-suche/<int:pk>/zeigen/", board.board_restore, name="board_restore"),
    path("einrichten/biete-suche/<int:pk>/behalten/", board.board_keep, name="board_keep"),
    path("einrichten/danke/", thanks.thanks_release, name="thanks_release"),
    path("einrichten/danke/<int:pk>/freigeben/", thanks.thanks_approve, name="thanks_approve"),
    path("einrichten/danke/<int:pk>/nicht-zeigen/", thanks.thanks_reject, name="thanks_reject"),
    path("einrichten/", office.office_manage, name="office_manage"),
    path("einrichten/zeiten/", office.hours_add, name="hours_add"),
    path("einrichten/zeiten/<int:pk>/entfernen/", office.hours_remove, name="hours_remove"),
    path("einrichten/schliesszeiten/", office.closure_add, name="closure_add"),
    path("einrichten/ansprechpersonen/", contacts.contacts_manage, name="contacts_manage"),
    path("einrichten/ansprechpersonen/<int:pk>/", contacts.contact_edit, name="contact_edit"),
    path(
        "einrichten/ansprechpersonen/<int:pk>/entfernen/",
        contacts.contact_remove,
        name="contact_remove",
    ),
]
