"""Domain errors of the Daseinsvorsorge; each carries a complete German sentence."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from logbuch.core.errors import DomainError

if TYPE_CHECKING:
    from datetime import datetime

    from .models import Shift


class ServicesError(DomainError):
    pass


class InvalidRule(ServicesError):
    message = _("Die Wiederholung ist keine gültige Regel.")


class ShiftFull(ServicesError):
    message = _(
        "Diese Schicht ist schon voll besetzt. Sie können sich auf die Warteliste setzen: "
        "wird ein Platz frei, rücken Sie automatisch nach."
    )


class ShiftNotFull(ServicesError):
    message = _("In dieser Schicht ist noch ein Platz frei. Tragen Sie sich direkt ein.")


class ShiftInPast(ServicesError):
    message = _("Diese Schicht hat schon begonnen oder ist vorbei.")


class AlreadySignedUp(ServicesError):
    message = _("Sie sind für diese Schicht schon eingetragen oder auf der Warteliste.")


class QualificationMissing(ServicesError):
    message = _("Für diese Schicht fehlt Ihnen eine nötige Qualifikation.")


class OverlapWarning(ServicesError):
    """The person already holds a shift at the same time; they may confirm and go on."""

    message = _("Sie haben zur selben Zeit schon eine andere Schicht.")

    def __init__(self, overlapping: list[Shift]) -> None:
        self.overlapping = overlapping
        super().__init__()


class SignUpChanged(ServicesError):
    message = _("Diese Eintragung hat sich inzwischen geändert. Bitte sehen Sie noch einmal nach.")


class NotAllowed(ServicesError):
    message = _("Das dürfen nur die eingetragene Person oder die Koordinierungsstelle.")


class RequestOutsideTimes(ServicesError):
    """No shift of the service covers the wished time; `next_free` is the next time with room."""

    def __init__(self, message: str, next_free: datetime | None = None) -> None:
        self.next_free = next_free
        super().__init__(message)


class RequestInPast(ServicesError):
    message = _("Dieser Zeitpunkt liegt in der Vergangenheit. Bitte wählen Sie einen späteren.")


class NoSeatsLeft(RequestOutsideTimes):
    pass


class RequestAlreadyDecided(ServicesError):
    message = _("Über diese Anfrage wurde schon entschieden.")


class ServiceClosed(ServicesError):
    message = _("Dieser Dienst nimmt gerade keine Anfragen an.")
