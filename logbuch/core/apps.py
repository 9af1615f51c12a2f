from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "logbuch.core"
    label = "core"
    verbose_name = _("Gemeinsame Bausteine")

    def ready(self) -> None:
        # The empty choice of every select built from a model field or a ModelChoiceField.
        # Django 6 words it "- Select an option -", which its German catalogue does not
        # translate; Django asks projects to set their own wording here.
        from django.db.models import fields  # noqa: PLC0415

        fields.BLANK_CHOICE_LABEL = _("Bitte wählen")
