"""The logbook's audit actions and their German labels (read by `towns.audit.audit`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "logbook.lever.added": _("Eigene Stellschraube ergänzt"),
    "logbook.lever.hidden": _("Stellschraube ausgeblendet"),
    "logbook.lever.archived": _("Eigene Stellschraube archiviert"),
    "logbook.lever.deleted": _("Eigene Stellschraube entfernt"),
    "logbook.lever.shown": _("Stellschraube wieder eingeblendet"),
    "logbook.lever.scale_changed": _(
        "Skala oder Listenantwort einer eigenen Stellschraube geändert"
    ),
    "logbook.town_list.carried": _("Eintrag in die Liste des Ortes übernommen"),
    "logbook.round.opened": _("Runde eröffnet"),
    "logbook.round.closed": _("Runde abgeschlossen"),
    "logbook.round.invited": _("Zur Runde per E-Mail eingeladen"),
    "logbook.round.codes_created": _("Codes für eine Runde erzeugt"),
    "logbook.round.paper_entered": _("Papierbogen erfasst"),
    "logbook.round.snapshot_released": _("Zwischenstand freigegeben"),
    "logbook.measure.created": _("Maßnahme angelegt"),
    "logbook.measure.updated": _("Maßnahme geändert"),
    "logbook.measure.status_changed": _("Status einer Maßnahme geändert"),
    "logbook.measure.note_added": _("Fortschrittsnotiz zu einer Maßnahme"),
    "logbook.demand.created": _("Forderung an Land oder Bund angelegt"),
    "logbook.demand.updated": _("Forderung an Land oder Bund geändert"),
    "logbook.journal_entry.created": _("Logbuch-Eintrag angelegt"),
    "logbook.journal_entry.updated": _("Logbuch-Eintrag geändert"),
    "logbook.journal_entry.published": _("Logbuch-Eintrag veröffentlicht"),
    "logbook.proposal.created": _("Vorschlag für eine Maßnahme gemacht"),
    "logbook.proposal.accepted": _("Vorschlag angenommen"),
    "logbook.proposal.merged": _("Vorschlag zusammengeführt"),
    "logbook.proposal.declined": _("Vorschlag abgelehnt"),
    "logbook.settings.updated": _("Einstellungen des Logbuchs geändert"),
}
