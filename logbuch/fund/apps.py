from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _


class FundConfig(AppConfig):
    name = "logbuch.fund"
    label = "fund"
    verbose_name = _("Mitmach-Fonds")

    def ready(self) -> None:
        from .dbguard import register_sqlite_function  # noqa: PLC0415 - models not ready at import

        connection_created.connect(register_sqlite_function, dispatch_uid="fund_ledger_guard")
