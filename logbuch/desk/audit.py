"""German labels of the Anlaufstelle's audit actions (see `logbuch.towns.audit`)."""

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "desk.office.updated": _("Angaben zur Anlaufstelle geändert"),
    "desk.hours.added": _("Öffnungszeit oder Sprechstunde eingetragen"),
    "desk.hours.removed": _("Öffnungszeit oder Sprechstunde entfernt"),
    "desk.closure.added": _("Schließzeit eingetragen"),
    "desk.concern.assigned": _("Anliegen weitergegeben"),
    "desk.concern.answered": _("Anliegen beantwortet"),
    "desk.concern.status_changed": _("Stand eines Anliegens geändert"),
    "desk.concern.merged": _("Anliegen zusammengeführt"),
    "desk.concern.published": _("Anliegen öffentlich gezeigt"),
    "desk.concern.unpublished": _("Anliegen nicht mehr öffentlich"),
    "desk.board.hidden": _("Eintrag in Biete/Suche ausgeblendet"),
    "desk.board.restored": _("Eintrag in Biete/Suche wieder sichtbar"),
    "desk.board.report_dismissed": _("Hinweis auf Missbrauch zurückgewiesen"),
    "desk.thanks.released": _("Gruppen-Danke an der Dankeswand freigegeben"),
    "desk.thanks.rejected": _("Gruppen-Danke nicht freigegeben"),
    "desk.contact.saved": _("Ansprechperson gespeichert"),
    "desk.contact.removed": _("Ansprechperson entfernt"),
}
