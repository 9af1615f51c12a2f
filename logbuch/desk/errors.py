"""Domain errors of the Anlaufstelle; views show `str(exc)` to the person."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from logbuch.core.errors import DomainError


class DeskError(DomainError):
    message = _("Das hat nicht geklappt.")


class SlotTaken(DeskError):
    """The slot was booked meanwhile (or is in the past, or withdrawn)."""

    message = _("Dieser Termin ist inzwischen vergeben.")


class AppointmentNotCancellable(DeskError):
    message = _("Dieser Termin ist schon abgesagt oder vorbei.")


class ConcernStateError(DeskError):
    message = _(
        "Das Anliegen ist inzwischen in einem anderen Stand. Bitte laden Sie die Seite neu."
    )


class ReasonRequired(DeskError):
    message = _("Bitte nennen Sie einen Grund, warum es nicht möglich ist.")


class NotAResponsiblePerson(DeskError):
    message = _("Diese Person gehört nicht zum Ort.")


class BoardPostClosed(DeskError):
    message = _("Dieser Eintrag ist nicht mehr sichtbar.")


class ThanksAlreadyDecided(DeskError):
    message = _("Über diesen Dank ist schon entschieden.")
