"""The shared catalogue is the guide's, word for word, and versioned."""

from __future__ import annotations

import pytest

from logbuch.logbook.models import Area, CatalogueVersion, Lever, Recommendation

pytestmark = pytest.mark.django_db


def test_the_guide_has_22_stellschrauben_in_three_areas() -> None:
    version = CatalogueVersion.objects.get(is_current=True)
    assert version.slug == "leitfaden-2024"  # the stored key; the title names the guide
    levers = Lever.objects.filter(area__version=version, town__isnull=True)
    assert levers.count() == 22
    counts = {a.title: a.levers.count() for a in Area.objects.filter(version=version)}
    assert counts == {
        "Strukturelle Rahmenbedingungen": 12,
        "Kulturelle Rahmenbedingungen": 6,
        "Ermöglichung durch übergeordnete Ebenen": 4,
    }


@pytest.mark.parametrize(
    ("code", "question"),
    [
        (
            "S01",
            "Ist die ko-kreative, ermöglichende Kleinstadt bereits Konsens (per Rats-Beschluss)?",
        ),
        (
            "S03a",
            "Über welche Ressourcen verfügen a) die Hauptberuflichen (Kapazitäten im "
            "Stellenprofil, Kompetenzen, Befugnisse)?",
        ),
        (
            "S03b",
            "Über welche Ressourcen verfügen b) die freiwillig Engagierten (Zugang zu Wissen, "
            "Information, Qualifizierung, Unterstützung)?",
        ),
        (
            "K02",
            "Wie steht es um die Erwartungshaltungen von Profis und Laien: besteht "
            "gegenseitiges Verständnis?",
        ),
        ("E04", "Sind die (bürokratischen) Hürden für Kleinstadt-Gestalter gesunken?"),
    ],
)
def test_questions_are_verbatim(code: str, question: str) -> None:
    assert Lever.objects.get(code=code, town__isnull=True).question == question


def test_every_lever_has_title_and_help_text_without_artefacts() -> None:
    for lever in Lever.objects.filter(town__isnull=True):
        assert lever.title
        assert lever.help_text
        assert "\n" not in lever.question
        assert "  " not in lever.question


def test_four_recommendations_are_linked_to_their_levers() -> None:
    recs = {r.key: r for r in Recommendation.objects.prefetch_related("levers")}
    assert len(recs) == 4
    assert "„Mit-mach-Fonds“" in recs["budget"].text
    assert "„Kummerkasten“" in recs["anchor"].text
    assert "„Ockhams Rasiermesser“" in recs["ockham"].text
    assert {lv.code for lv in recs["anchor"].levers.all()} == {"S02", "S06"}
    assert {lv.code for lv in recs["structure"].levers.all()} >= {"S04", "S05"}
    assert {lv.code for lv in recs["budget"].levers.all()} >= {"S07", "K05"}
    assert "K01" in {lv.code for lv in recs["ockham"].levers.all()}


def test_the_catalogue_is_named_after_the_guide() -> None:
    version = CatalogueVersion.objects.get(is_current=True)
    assert version.title == "Logbuch Kleinstadt gestalten (Weißwasser 2019)"
    assert "2024" not in version.title
    assert version.published_on.year == 2019
    assert "Lokal beeinflussbare Faktoren" in version.source


def test_no_text_points_to_a_chapter_the_app_does_not_have() -> None:
    version = CatalogueVersion.objects.get(is_current=True)
    texts = [version.title, version.source]
    texts += [t for a in Area.objects.all() for t in (a.title, a.subtitle)]
    texts += [t for lv in Lever.objects.all() for t in (lv.title, lv.question, lv.help_text)]
    texts += [t for r in Recommendation.objects.all() for t in (r.title, r.text)]
    assert not [t for t in texts if "Kap." in t]
    higher = Area.objects.get(version=version, key="higher_levels")
    assert higher.subtitle == "Verbesserung übergeordneter Rahmenbedingungen"


def test_the_ockham_recommendation_keeps_its_meaning() -> None:
    ockham = Recommendation.objects.get(key="ockham")
    assert ockham.title == "Ein Begriff je Sache"
    assert "Sprache" not in ockham.title


def test_a_flushed_database_gets_the_same_catalogue_back() -> None:
    from logbuch.logbook.tests.factories import ensure_catalogue  # noqa: PLC0415

    before = CatalogueVersion.objects.values_list("title", "source", "published_on").get()
    for model in (Recommendation, Lever, Area, CatalogueVersion):  # as a flush leaves it
        model.objects.all().delete()
    assert ensure_catalogue().title == before[0]
    assert CatalogueVersion.objects.values_list("title", "source", "published_on").get() == before
    assert Recommendation.objects.get(key="ockham").title == "Ein Begriff je Sache"
