"""Loads the shared catalogue "Leitfaden Kleinstadt gestalten" (version `leitfaden-2024`).

Question texts are the guide's own words (only line-break artefacts of the PDF fixed); titles and
help texts are plain-German additions of Logbuch. The data is frozen here on purpose: a later
edition of the guide becomes a new CatalogueVersion in a new migration, never an edit of this one.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import migrations

VERSION = {
    "slug": "leitfaden-2024",
    "title": "Leitfaden Kleinstadt gestalten (2024)",
    "source": "Logbuch – Kleinstadt gestalten: Lokal beeinflussbare Faktoren",
    "published_on": datetime.date(2024, 1, 1),
}

# (key, title, subtitle, [(code, title, question, help_text), ...])
AREAS: list[tuple[str, str, str, list[tuple[str, str, str, str]]]] = [
    (
        "structural",
        "Strukturelle Rahmenbedingungen",
        "Erfolgsfaktoren für Ko-Kreation in der Kleinstadt",
        [
            (
                "S01",
                "Ratsbeschluss zur ko-kreativen Stadt",
                "Ist die ko-kreative, ermöglichende Kleinstadt bereits Konsens "
                "(per Rats-Beschluss)?",
                "Gemeint ist ein Beschluss des Stadtrats, dass die Stadt Engagement ermöglicht "
                "und gemeinsam mit Bürgerinnen und Bürgern gestaltet. Ein Beleg kann das Datum "
                "des Beschlusses sein.",
            ),
            (
                "S02",
                "Verlässliche Ansprechpersonen",
                "Gibt es bereits verlässliche personelle Strukturen/ Ansprechpartner?",
                "Wissen Engagierte, an wen sie sich wenden können – und ist diese Person "
                "auch erreichbar, wenn es schwierig wird?",
            ),
            (
                "S03a",
                "Ressourcen der Hauptberuflichen",
                "Über welche Ressourcen verfügen a) die Hauptberuflichen (Kapazitäten im "
                "Stellenprofil, Kompetenzen, Befugnisse)?",
                "Haben die Beschäftigten der Verwaltung Zeit dafür in ihrer Stelle, das nötige "
                "Wissen und die Befugnis, selbst zu entscheiden?",
            ),
            (
                "S03b",
                "Ressourcen der freiwillig Engagierten",
                "Über welche Ressourcen verfügen b) die freiwillig Engagierten (Zugang zu "
                "Wissen, Information, Qualifizierung, Unterstützung)?",
                "Bekommen Ehrenamtliche die Informationen, Schulungen und Unterstützung, die "
                "sie für ihr Engagement brauchen?",
            ),
            (
                "S04",
                "Verbindliche Zuständigkeiten",
                "Sind Verantwortungen und Zuständigkeiten verbindlich verteilt (Organigramm)?",
                "Ist schriftlich festgehalten, wer wofür zuständig ist, und kennen alle "
                "Beteiligten diese Verteilung?",
            ),
            (
                "S05",
                "Methodische Rahmung",
                "Besteht eine strukturierte methodische Rahmung (Abläufe, Regeln, Termine)?",
                "Gibt es feste Abläufe, klare Regeln und regelmäßige Termine, auf die sich alle "
                "verlassen können?",
            ),
            (
                "S06",
                "Anker im Gemeinwesen",
                "Stärken bereits Anker das städtische Gemeinwesen?",
                "Anker sind Orte oder Personen, die Menschen zusammenbringen – zum Beispiel "
                "ein Treffpunkt, ein Verein oder eine Koordinierungsstelle.",
            ),
            (
                "S07",
                "Möglichkeitsräume",
                "Wo und mit wem lassen sich Möglichkeitsräume schaffen?",
                "Gibt es Räume, Budgets und Partner, mit denen Neues ausprobiert werden kann?",
            ),
            (
                "S08",
                "Neue Allianzen",
                "Wie steht es um neue Allianzen (u.a. Tandems / Stadträte und Unternehmer als "
                "Paten)?",
                "Arbeiten Menschen aus unterschiedlichen Bereichen zusammen, etwa "
                "Stadträtinnen und Unternehmer als Paten für Projekte?",
            ),
            (
                "S09",
                "Gelebte Anerkennungskultur",
                "Ist Anerkennungskultur noch eine Phrase oder wird sie schon gelebt?",
                "Wird Engagement sichtbar gewürdigt – im Alltag, nicht nur in Festreden?",
            ),
            (
                "S10",
                "Vertrauen der Entscheidenden",
                "Können entscheidende Akteure das nötige Vertrauen geben?",
                "Vertrauen Bürgermeisterin, Rat und Verwaltungsspitze den Engagierten und "
                "lassen sie ihnen Spielraum?",
            ),
            (
                "S11",
                "Absehbare Kontinuität",
                "Ist Kontinuität absehbar?",
                "Ist gesichert, dass Strukturen, Personen und Geld auch über die nächsten "
                "Jahre bleiben?",
            ),
        ],
    ),
    (
        "cultural",
        "Kulturelle Rahmenbedingungen",
        "Vom Miteinander in der Kleinstadt",
        [
            (
                "K01",
                "Bekannte Akteurenlandschaft",
                "Ist die lokale Akteurenlandschaft (inkl. Diaspora-Potenzial) bekannt?",
                "Weiß die Stadt, wer sich vor Ort engagiert – und wer von außerhalb (zum "
                "Beispiel Weggezogene) helfen könnte?",
            ),
            (
                "K02",
                "Gegenseitiges Verständnis",
                "Wie steht es um die Erwartungshaltungen von Profis und Laien: besteht "
                "gegenseitiges Verständnis?",
                "Verstehen Hauptberufliche und Ehrenamtliche, was die andere Seite erwartet "
                "und leisten kann?",
            ),
            (
                "K03",
                "Zugang zu Ressourcen",
                "Haben alle Kleinstadt-Gestalter bereits guten Zugang zu Ressourcen? Über welche "
                "Kanäle?",
                "Kommen alle, die die Stadt mitgestalten, an Räume, Geld, Wissen und "
                "Informationen – und auf welchem Weg?",
            ),
            (
                "K04",
                "Kultur des Miteinanders",
                "Wie sind die heutigen Bedingungen für eine Kultur des Miteinanders? Besteht "
                "etwa schon ein Konsenspapier?",
                "Gibt es gemeinsame Regeln für den Umgang miteinander, vielleicht schon "
                "schriftlich festgehalten?",
            ),
            (
                "K05",
                "Entfaltungsmöglichkeiten",
                "Haben kleine Initiativen Entfaltungsmöglichkeiten (räumlich, geistig-ideell)?",
                "Finden kleine Gruppen Räume und Offenheit für ihre Ideen?",
            ),
            (
                "K06",
                "Mehrwert durch Ko-Kreation",
                "Gibt es erkennbare Mehrwerte durch Ko-Kreation (Schwarm, neue Kooperativen "
                "etc.)?",
                "Ist sichtbar, was durch gemeinsames Gestalten entstanden ist, etwa neue "
                "Kooperationen oder Genossenschaften?",
            ),
        ],
    ),
    (
        "higher_levels",
        "Ermöglichung durch übergeordnete Ebenen",
        "Verbesserung übergeordneter Rahmenbedingungen (vgl. Kap. 4)",
        [
            (
                "E01",
                "Prozess- statt Projektförderung",
                "Werden noch immer Projekte, oder inzwischen Prozesse gefördert?",
                "Fördern Land und Bund nur einzelne, befristete Projekte oder auch dauerhafte "
                "Entwicklungsprozesse?",
            ),
            (
                "E02",
                "Bedarfsgerechte Strukturförderung",
                "Werden Strukturfördermittel bedarfsgerecht (z.B. für qualifiziertes Personal "
                "für zusätzliche Aufgaben) bereitgestellt?",
                "Reichen die Fördermittel für das, was die Stadt wirklich braucht, zum Beispiel "
                "für Personal?",
            ),
            (
                "E03",
                "Kommunale Selbstbestimmung",
                "Sind Selbstbestimmung und Eigenverantwortung auf kommunaler Ebene gewachsen?",
                "Kann die Stadt mehr selbst entscheiden als früher?",
            ),
            (
                "E04",
                "Bürokratische Hürden",
                "Sind die (bürokratischen) Hürden für Kleinstadt-Gestalter gesunken?",
                "Sind Anträge, Genehmigungen und Nachweise einfacher geworden?",
            ),
        ],
    ),
]

# (key, title, text, [lever codes])
RECOMMENDATIONS: list[tuple[str, str, str, list[str]]] = [
    (
        "ockham",
        "Einfache Sprache bei der Ansprache",
        "Bei der Ansprache und Gewinnung von Willigen, die sich für eine Gruppe von Menschen "
        "oder die Allgemeinheit freiwillig agieren sollen (möchten), ist anstatt einer "
        "Begriffsvielfalt das Sparsamkeitsprinzip („Ockhams Rasiermesser“) anzuwenden!",
        ["S03b", "K01", "K03"],
    ),
    (
        "budget",
        "Ausprobieren mit Regeln und Budget",
        "Sich ausprobieren können mit Regeln und einem Budget, das flexibel gestaltet und ggf. "
        "den konkreten Bedingungen angepasst werden kann (siehe „Mit-mach-Fonds“ in Sachsen), "
        "in „innovativen Reallaboren“ sind Voraussetzungen für ein „neues Miteinander“, das "
        "nicht nur temporär funktioniert!",
        ["S07", "K04", "K05"],
    ),
    (
        "anchor",
        "Ein Anlaufpunkt als Anker",
        "Ein Anlaufpunkt (Koordinierungsstelle) als „Anker“, „Austauschort“, „Kummerkasten“ "
        "und „Motivationsgeber“ anstatt „Bestimmender“ hilft, auch schwierige Phasen zu "
        "überbrücken!",
        ["S02", "S06"],
    ),
    (
        "structure",
        "Organisationsstruktur für Daseinsvorsorge",
        "Ohne jegliche Organisationsstruktur können Aufgaben der Daseinsvorsorge regelmäßig "
        "oder kontinuierlich kaum übernommen werden, ohne dass es zur Unzufriedenheit oder zu "
        "Enttäuschungen bei den Beteiligten kommt!",
        ["S04", "S05", "S11"],
    ),
]


def load(apps: Any, schema_editor: Any) -> None:
    version_model = apps.get_model("logbook", "CatalogueVersion")
    area_model = apps.get_model("logbook", "Area")
    lever_model = apps.get_model("logbook", "Lever")
    recommendation_model = apps.get_model("logbook", "Recommendation")

    version = version_model.objects.create(is_current=True, **VERSION)
    by_code = {}
    for area_position, (key, title, subtitle, levers) in enumerate(AREAS, start=1):
        area = area_model.objects.create(
            version=version, key=key, position=area_position, title=title, subtitle=subtitle
        )
        for lever_position, (code, lever_title, question, help_text) in enumerate(
            levers, start=1
        ):
            by_code[code] = lever_model.objects.create(
                area=area,
                code=code,
                position=lever_position,
                title=lever_title,
                question=question,
                help_text=help_text,
            )
    for position, (key, title, text, codes) in enumerate(RECOMMENDATIONS, start=1):
        recommendation = recommendation_model.objects.create(
            version=version, key=key, position=position, title=title, text=text
        )
        recommendation.levers.set([by_code[c] for c in codes])


def unload(apps: Any, schema_editor: Any) -> None:
    version_model = apps.get_model("logbook", "CatalogueVersion")
    area_model = apps.get_model("logbook", "Area")
    lever_model = apps.get_model("logbook", "Lever")
    lever_model.objects.filter(area__version__slug=VERSION["slug"], town__isnull=True).delete()
    area_model.objects.filter(version__slug=VERSION["slug"]).delete()
    version_model.objects.filter(slug=VERSION["slug"]).delete()


class Migration(migrations.Migration):
    dependencies = [("logbook", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
