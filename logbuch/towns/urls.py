from django.urls import path

from .views import audit, invitations, legal, members, town

app_name = "towns"

urlpatterns = [
    path("", town.town_home, name="home"),
    path("logo/", town.town_logo, name="logo"),
    path("barrierefreiheit/", legal.accessibility, name="accessibility"),
    path("datenschutz/", legal.privacy, name="privacy"),
    path("impressum/", legal.imprint, name="imprint"),
    path("begriffe/", town.glossary, name="glossary"),
    path("verlassen/", town.leave, name="leave"),
    path("einladung/<str:token>/", invitations.invitation_accept, name="invitation_accept"),
    path(
        "einladung/<str:token>/neu-anfordern/",
        invitations.invitation_request,
        name="invitation_request",
    ),
    path("verwaltung/menschen/", members.members, name="members"),
    path("verwaltung/menschen/neu/", members.member_new_paper, name="member_new_paper"),
    path("verwaltung/menschen/<int:pk>/", members.member_roles, name="member_roles"),
    path("verwaltung/menschen/<int:pk>/entfernen/", members.member_remove, name="member_remove"),
    path("verwaltung/einladungen/", invitations.invitations, name="invitations"),
    path("verwaltung/einladungen/neu/", invitations.invitation_new, name="invitation_new"),
    path(
        "verwaltung/einladungen/<int:pk>/erneut-senden/",
        invitations.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "verwaltung/einladungen/<int:pk>/zurueckziehen/",
        invitations.invitation_revoke,
        name="invitation_revoke",
    ),
    path("verwaltung/ort/", town.town_edit, name="town_edit"),
    path("verwaltung/protokoll/", audit.audit_log, name="audit"),
]
