"""German labels of the audit actions written by the Daseinsvorsorge."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "services.service.created": _("Dienst angelegt"),
    "services.service.updated": _("Dienst geändert"),
    "services.responsibility.created": _("Zuständigkeit angelegt"),
    "services.responsibility.updated": _("Zuständigkeit geändert"),
    "services.qualification.created": _("Qualifikation angelegt"),
    "services.qualification.recorded": _("Qualifikation einer Person eingetragen"),
    "services.plan.created": _("Schichtplan angelegt"),
    "services.plan.updated": _("Schichtplan geändert"),
    "services.shift.created": _("Einzelne Schicht angelegt"),
    "services.signup.assigned": _("Person für eine Schicht eingeteilt"),
    "services.signup.released": _("Person von einer Schicht freigegeben"),
    "services.hours.milestone": _("Meilenstein bei den Stunden erreicht"),
}
