"""The fund's audit actions with the German label the audit page shows (`towns.audit.audit`)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

ACTIONS: dict[str, str | Promise] = {
    "fund.fund.created": _("Mitmach-Fonds angelegt"),
    "fund.fund.reallocated": _("Geld im Fonds umgeschichtet"),
    "fund.fund.allocation_reduced": _("Zuweisung an den Fonds gekürzt"),
    "fund.source.added": _("Geldquelle gebucht"),
    "fund.category.created": _("Förderbereich angelegt"),
    "fund.category.updated": _("Förderbereich geändert"),
    "fund.category.budget_set": _("Budget eines Förderbereichs festgelegt"),
    "fund.call.created": _("Aufruf angelegt"),
    "fund.jury.member_added": _("Person in die Jury aufgenommen"),
    "fund.jury.conflict_declared": _("Befangenheit erklärt"),
    "fund.jury.vote_cast": _("Jurystimme abgegeben"),
    "fund.application.submitted": _("Antrag eingereicht"),
    "fund.application.review_started": _("Prüfung eines Antrags begonnen"),
    "fund.application.put_to_vote": _("Antrag zur Abstimmung gestellt"),
    "fund.application.decided": _("Über einen Antrag entschieden"),
    "fund.application.closed": _("Antrag abgeschlossen"),
    "fund.attachment.added": _("Anlage hochgeladen"),
    "fund.question.asked": _("Rückfrage gestellt"),
    "fund.question.answered": _("Rückfrage beantwortet"),
    "fund.payout.made": _("Auszahlung gebucht"),
    "fund.proof.submitted": _("Verwendungsnachweis eingereicht"),
    "fund.proof.checked": _("Verwendungsnachweis geprüft"),
    "fund.proof.missing_claimed": _("Rückforderung wegen fehlenden Nachweises angelegt"),
    "fund.repayment.recorded": _("Rückzahlung gebucht"),
    "fund.voting.created": _("Bürgerabstimmung angelegt"),
    "fund.voting.updated": _("Regeln einer Bürgerabstimmung geändert"),
    "fund.voting.codes_created": _("Abstimmungscodes erzeugt"),
    "fund.voting.counted": _("Bürgerabstimmung ausgezählt"),
    "fund.assembly.recorded": _("Ergebnis einer Versammlung gebucht"),
}
