"""Domain errors of towns and people; views turn them into German messages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from logbuch.core.errors import DomainError


class TownsError(DomainError):
    """Base of the towns' domain errors; `message` is the German sentence shown to the person."""


class AlreadyMember(TownsError):
    message = _("Diese Person gehört schon zum Ort.")


class InvitationAlreadyOpen(TownsError):
    message = _("An diese Adresse ist schon eine Einladung unterwegs.")


class InvitationNotUsable(TownsError):
    message = _("Diese Einladung ist abgelaufen, schon benutzt oder ungültig.")


class InvitationForAnotherEmail(TownsError):
    message = _(
        "Diese Einladung gilt für eine andere E-Mail-Adresse. Bitte melden Sie sich mit der "
        "Adresse an, an die sie geschickt wurde, oder bitten Sie die Koordinierungsstelle um "
        "eine Einladung an Ihre Adresse."
    )


class EmailTaken(TownsError):
    message = _(
        "Zu dieser E-Mail-Adresse gibt es schon ein Konto. Bitte melden Sie sich zuerst an."
    )


class LastCoordinator(TownsError):
    message = _(
        "Der Ort braucht mindestens eine Person in der Koordinierungsstelle oder "
        "Ortsverwaltung. Bitte geben Sie diese Rolle vorher an jemand anderen."
    )


class RoleNotAllowed(TownsError):
    message = _("Die Rolle „Ortsverwaltung“ kann nur die Ortsverwaltung vergeben.")
