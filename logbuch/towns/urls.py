from django.urls import path

from .views import invitations as invitation_views
from .views import town as views

app_name = "towns"

urlpatterns = [
    path("", views.town_home, name="home"),
    path("logo/", views.town_logo, name="logo"),
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
    path("datenschutz/", views.privacy, name="privacy"),
    path("impressum/", views.imprint, name="imprint"),
    path("begriffe/", views.glossary, name="glossary"),
    path("verlassen/", views.leave, name="leave"),
    path("einladung/<str:token>/", invitation_views.invitation_accept, name="invitation_accept"),
    path(
        "einladung/<str:token>/neu-anfordern/",
        invitation_views.invitation_request,
        name="invitation_request",
    ),
    path("verwaltung/menschen/", views.members, name="members"),
    path("verwaltung/menschen/neu/", views.member_new_paper, name="member_new_paper"),
    path("verwaltung/menschen/<int:pk>/", views.member_roles, name="member_roles"),
    path("verwaltung/menschen/<int:pk>/entfernen/", views.member_remove, name="member_remove"),
    path("verwaltung/einladungen/", invitation_views.invitations, name="invitations"),
    path("verwaltung/einladungen/neu/", invitation_views.invitation_new, name="invitation_new"),
    path(
        "verwaltung/einladungen/<int:pk>/erneut-senden/",
        invitation_views.invitation_resend,
        name="invitation_resend",
    ),
    path(
        "verwaltung/einladungen/<int:pk>/zurueckziehen/",
        invitation_views.invitation_revoke,
        name="invitation_revoke",
    ),
    path("verwaltung/ort/", views.town_edit, name="town_edit"),
    path("verwaltung/protokoll/", views.audit_log, name="audit"),
]
