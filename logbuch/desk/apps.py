from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeskConfig(AppConfig):
    name = "logbuch.desk"
    label = "desk"
    verbose_name = _("Anlaufstelle")

    def ready(self) -> None:
        from . import signals  # noqa: F401, PLC0415 (connects the receivers)
