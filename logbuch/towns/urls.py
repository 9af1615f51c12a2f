from django.urls import path

from . import views

app_name = "towns"

urlpatterns = [
    path("", views.town_home, name="home"),
    path("barrierefreiheit/", views.accessibility, name="accessibility"),
    path("datenschutz/", views.privacy, name="privacy"),
    path("impressum/", views.imprint, name="imprint"),
    path("begriffe/", views.glossary, name="glossary"),
    path("verwaltung/menschen/", views.members, name="members"),
    path("verwaltung/protokoll/", views.audit_log, name="audit"),
]
