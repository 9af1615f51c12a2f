"""Domain errors of the Stellschrauben-Check (`core.errors.DomainError`); views show `message`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from logbuch.core.errors import DomainError


class LogbookError(DomainError):
    """Base class of the logbook's refusals; `message` is the German sentence shown."""


class RoundClosed(LogbookError):
    message = _("Diese Runde ist abgeschlossen. Es wurde nichts gespeichert.")


class RoundNotStarted(LogbookError):
    message = _("Diese Runde hat noch nicht begonnen. Es wurde nichts gespeichert.")


class RoundAlreadyClosed(LogbookError):
    message = _("Diese Runde war schon abgeschlossen.")


class InvalidPeriod(LogbookError):
    message = _("Das Ende der Runde darf nicht vor ihrem Beginn liegen.")


class InvalidGroups(LogbookError):
    message = _("Bitte wählen Sie mindestens eine Gruppe, die an der Runde teilnimmt.")


class GroupNotInRound(LogbookError):
    message = _("Diese Gruppe nimmt an der Runde nicht teil.")


class NoLevers(LogbookError):
    message = _("Der Ort hat keine Stellschrauben eingeblendet; eine Runde wäre leer.")


class NotInvited(LogbookError):
    message = _("Sie gehören zu keiner Gruppe, die an dieser Runde teilnimmt.")


class AlreadySubmitted(LogbookError):
    message = _("Diese Einschätzung wurde schon abgegeben. Vielen Dank!")


class NothingToSubmit(LogbookError):
    message = _("Bitte schätzen Sie mindestens eine Stellschraube ein, bevor Sie abgeben.")


class AccessInvalid(LogbookError):
    """A link or code that is unknown, already used or malformed: deliberately one message."""

    message = _(
        "Dieser Link oder Code gilt nicht (mehr). Bitte prüfen Sie die Eingabe oder wenden Sie "
        "sich an die Koordinierungsstelle."
    )


class OwnerConflict(LogbookError):
    message = _("Bitte nennen Sie entweder eine Person oder eine Rolle als verantwortlich.")


class NotInTown(LogbookError):
    message = _("Diese Auswahl gehört nicht zu diesem Ort.")


class LeverNotEditable(LogbookError):
    message = _(
        "Diese Stellschraube gehört zum gemeinsamen Katalog und kann nicht geändert werden."
    )


class TooManyCodes(LogbookError):
    message = _("Bitte erzeugen Sie höchstens 500 Codes auf einmal.")


class TooFewCodes(LogbookError):
    message = _(
        "Bitte erzeugen Sie mindestens 3 Codes auf einmal: Aus einem kleineren Stapel ließe "
        "sich ablesen, wer geantwortet hat."
    )


class RoundStillOpen(LogbookError):
    message = _(
        "Ergebnisse gibt es erst, wenn die Runde abgeschlossen ist. Bis dahin zählt sie nur, "
        "wie viele mitgemacht haben."
    )


class SnapshotNothingNew(LogbookError):
    message = _(
        "Kein neuer Zwischenstand: Seit dem letzten gibt es in keiner Gruppe mindestens 3 neue "
        "Einschätzungen (Papierbögen einer Person zählen dabei nicht mit). Sonst ließe sich "
        "aus dem Unterschied ablesen, wie Einzelne geantwortet haben."
    )


class NotHigherLevel(LogbookError):
    message = _(
        "Eine Forderung gehört zu einer Stellschraube der übergeordneten Ebenen (Land, Bund). "
        "Was der Ort selbst ändern kann, wird eine Maßnahme."
    )


class AnswerBeforeSending(LogbookError):
    message = _(
        "Eine Antwort kann erst nach dem Abschicken kommen: Bitte tragen Sie das Datum ein, "
        "an dem die Forderung abgeschickt wurde, und kein früheres Antwortdatum."
    )


class InvalidSides(LogbookError):
    message = _("Eine Gruppe zählt entweder als Profis oder als Laien, nicht als beides.")
