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


class ListEntryNotShown(LogbookError):
    message = _(
        "Diesen Eintrag gibt es in den gezeigten Ergebnissen nicht (mehr). Übernehmen lässt "
        "sich nur, was aus Gruppen mit mindestens drei Einschätzungen gezeigt wird."
    )


class ListKindNotCarried(LogbookError):
    message = _(
        "In die Liste des Ortes kommen nur Räume, Verbündete und Akteure, die diese "
        "Stellschraube abfragt."
    )


class LeverClosed(LogbookError):
    message = _(
        "Zu dieser Stellschraube nimmt der Ort keine Vorschläge mehr an: Sie ist archiviert "
        "oder für neue Runden ausgeblendet. Bitte wählen Sie eine andere Stellschraube; Ihr "
        "Text bleibt erhalten."
    )


class ProposalAlreadyDecided(LogbookError):
    message = _(
        "Über diesen Vorschlag wurde schon entschieden. Es wurde nichts geändert; bitte laden "
        "Sie die Seite neu."
    )


class NotAllowedToDecide(LogbookError):
    message = _(
        "Über Vorschläge entscheidet die Koordinierungsstelle oder die Person, die der Ort "
        "dafür benannt hat."
    )


class ReasonRequired(LogbookError):
    message = _(
        "Bitte nennen Sie einen Grund für die Ablehnung; die Person, die den Vorschlag gemacht "
        "hat, bekommt ihn zu lesen."
    )


class MergeTargetInvalid(LogbookError):
    message = _(
        "Bitte wählen Sie einen anderen offenen Vorschlag oder eine Maßnahme dieses Ortes, "
        "mit dem der Vorschlag zusammengeführt wird."
    )


class EntryNotPublishable(LogbookError):
    message = _("Dieser Logbuch-Eintrag ist schon veröffentlicht.")


class EntryNotEditable(LogbookError):
    message = _(
        "Dieser Eintrag ist schon veröffentlicht; ändern kann ihn nur die Koordinierungsstelle."
    )


class NotAMember(LogbookError):
    message = _("Vorschläge, Unterstützung und Kommentare sind Sache der Mitglieder des Ortes.")


class ProposalNotOpen(LogbookError):
    message = _(
        "Dieser Vorschlag ist schon entschieden; unterstützen oder kommentieren lässt er sich "
        "nicht mehr."
    )


class EmptyText(LogbookError):
    message = _("Bitte schreiben Sie einen Text.")


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
