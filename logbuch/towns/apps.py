from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TownsConfig(AppConfig):
    name = "logbuch.towns"
    label = "towns"
    verbose_name = _("Orte und Menschen")

    def ready(self) -> None:
        from . import signals  # noqa: F401, PLC0415 (connects the receivers)
