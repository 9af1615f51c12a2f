"""One term per concept (the guide's Ockham rule), enforced.

docs/glossary.md names for every concept the one German UI word and the words not to use. These
tests read every German text of the UI – the templates (what `makemessages` would extract), the
translatable strings of the Python code, and the shared catalogue of Stellschrauben – and fail on
any word of the "Nicht verwenden" column, in the singular or a plural/genitive form.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.translation.template import templatize

from logbuch.core.glossary import load_glossary
from logbuch.logbook.models import Area, CatalogueVersion, Lever, Recommendation

pytestmark = pytest.mark.django_db

SOURCE = Path(settings.BASE_DIR)
GETTEXT = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}

# Where a listed word is right after all: (word, where (part of the source name), the text around
# it, why). Keep this short; a new entry needs a reason a reviewer accepts.
ALLOWED: tuple[tuple[str, str, str, str], ...] = (
    (
        "Faktor",
        "",
        "Lokal beeinflussbare Faktoren",
        "the guide's own heading, quoted word for word (the page about the guide, the catalogue)",
    ),
    (
        "Einwohner",
        "towns/templates/towns/town_list.html",
        "Einwohner",
        "a town's population figure (the official statistic), not the people taking part",
    ),
    (
        "Freiwillige",
        "desk/forms.py",
        "Freiwillige Feuerwehr",
        "the name of the volunteer fire brigade, given as an example of a group",
    ),
    (
        "Beschwerde",
        "core/templates/core/legal/privacy_body.html",
        "Beschwerde",
        "GDPR art. 77: the right to lodge a complaint with the supervisory authority",
    ),
)


def _pattern(word: str) -> re.Pattern[str]:
    """The word on its own, any case of its first letter, with a plural or genitive ending;
    phrases (with a space or a slash) only as they are written."""
    first = f"[{word[0].upper()}{word[0].lower()}]" + re.escape(word[1:])
    if " " in word or "/" in word:
        ending = ""
    elif word.endswith("er"):
        ending = "(?:n|s|in|innen)?"
    else:
        ending = "(?:e|en|n|s|es|er|ern|se|sen)?"
    return re.compile(rf"(?<![\w/-]){first}{ending}(?![\w/])")


def _python_texts() -> Iterator[tuple[str, str]]:
    """Every string literal passed to gettext & co. in the project's Python code (contexts of
    pgettext left out)."""
    paths = [
        *sorted((SOURCE / "logbuch").rglob("*.py")),
        *sorted((SOURCE / "config").rglob("*.py")),
    ]
    for path in paths:
        name = str(path.relative_to(SOURCE))
        if "/tests/" in name or "/migrations/" in name:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            called = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if called not in GETTEXT:
                continue
            args = node.args[1:] if called.startswith(("pgettext", "npgettext")) else node.args
            for arg in args:
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    yield name, arg.value


TEMPLATE_STRING = re.compile(r"""u'(?:[^'\\]|\\.)*'""")


def _template_texts() -> Iterator[tuple[str, str]]:
    """What `makemessages` extracts from every template (translate, blocktranslate, _())."""
    for path in sorted((SOURCE / "logbuch").glob("*/templates/**/*")):
        if path.suffix not in {".html", ".txt"}:
            continue
        name = str(path.relative_to(SOURCE))
        for literal in TEMPLATE_STRING.findall(templatize(path.read_text(encoding="utf-8"))):
            yield name, ast.literal_eval(literal)


def _catalogue_texts() -> Iterator[tuple[str, str]]:
    """The shared catalogue as the data migrations left it. The guide's questions and its
    recommendations are quoted word for word and stay as the guide wrote them."""
    for version in CatalogueVersion.objects.all():
        yield f"catalogue {version.slug}: title", version.title
        yield f"catalogue {version.slug}: source", version.source
    for area in Area.objects.all():
        yield f"catalogue area {area.key}: title", area.title
        yield f"catalogue area {area.key}: subtitle", area.subtitle
    for lever in Lever.objects.filter(town__isnull=True):
        yield f"catalogue lever {lever.code}: title", lever.title
        yield f"catalogue lever {lever.code}: help text", lever.help_text
    for recommendation in Recommendation.objects.all():
        yield f"catalogue recommendation {recommendation.key}: title", recommendation.title


def _glossary_page_texts() -> Iterator[tuple[str, str]]:
    for term in load_glossary():
        yield f"docs/glossary.md: {term.german}", f"{term.german}: {term.explanation}"


def ui_texts() -> list[tuple[str, str]]:
    return [
        *_python_texts(),
        *_template_texts(),
        *_catalogue_texts(),
        *_glossary_page_texts(),
    ]


@cache
def _avoided() -> dict[str, str]:
    """Each word not to use → the term (or terms) to use instead."""
    instead: dict[str, list[str]] = {}
    for term in load_glossary():
        for word in term.avoid:
            instead.setdefault(word, []).append(f"„{term.german}“")
    return {word: " or ".join(terms) for word, terms in instead.items()}


def _allowed(word: str, where: str, text: str, start: int, end: int) -> bool:
    around = text[max(0, start - 60) : end + 60]
    return any(
        word == allowed_word and place in where and context in around
        for allowed_word, place, context, _reason in ALLOWED
    )


def glossary_findings(texts: list[tuple[str, str]]) -> list[str]:
    return [
        f"{where}: „{match[0]}“ – use {term} ({text[:90]!r})"
        for word, term in _avoided().items()
        for where, text in texts
        for match in _pattern(word).finditer(text)
        if not _allowed(word, where, text, match.start(), match.end())
    ]


def test_the_ui_uses_one_term_per_concept() -> None:
    findings = glossary_findings(ui_texts())
    assert not findings, f"{len(findings)} words the glossary avoids:\n" + "\n".join(findings)


def test_the_check_reads_every_kind_of_text() -> None:
    """A control: the reader finds texts of each kind, and the check finds a planted synonym."""
    texts = ui_texts()
    kinds = {where.split("/")[0].split(" ")[0] for where, _text in texts}
    assert {"logbuch", "catalogue", "docs"} <= kinds
    assert any(where.endswith(".html") for where, _text in texts)
    assert any(where.endswith(".py") for where, _text in texts)
    assert glossary_findings([("x.html", "Neue Aktionen und ein Budget-Topf")]) == [
        "x.html: „Aktionen“ – use „Maßnahme“ ('Neue Aktionen und ein Budget-Topf')"
    ]
    assert glossary_findings([("x.html", "Unternehmen/Paten und Bürgerinnen und Bürger")]) == []


def test_no_avoided_word_is_itself_a_term() -> None:
    terms = {term.german.lower() for term in load_glossary()}
    assert not {word.lower() for word in _avoided()} & terms


def test_every_allowed_exception_is_still_needed() -> None:
    texts = ui_texts()
    for word, place, context, reason in ALLOWED:
        assert any(
            place in where and context in text and _pattern(word).search(text)
            for where, text in texts
        ), f"unused exception for „{word}“ ({reason})"


def test_glossary_page_shows_terms_without_code_names(client, town) -> None:
    response = client.get(reverse("towns:glossary", kwargs={"town_slug": town.slug}))
    assert response.status_code == 200
    main = response.text.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<code" not in main
    text = re.sub(r"<[^>]+>", " ", main)
    assert "Bürgerinnen und Bürger" in text
    codes = {
        token
        for line in Path(settings.GLOSSARY_FILE).read_text(encoding="utf-8").splitlines()
        if line.startswith("| ") and len(line.split("|")) > 4
        for span in re.findall(r"`([^`]+)`", line.split("|")[3])
        for token in re.findall(r"[A-Za-z_][A-Za-z0-9_]{2,}", span)
    }
    assert {"PROFESSIONALS", "Town", "Lever"} <= codes
    shown = sorted(code for code in codes if re.search(rf"(?<![\w-]){code}(?![\w-])", text))
    assert shown == []


def test_no_text_points_to_the_guides_chapter_4() -> None:
    """The guide's "(vgl. Kap. 4)" points to a chapter Logbuch does not have."""
    assert not [where for where, text in ui_texts() if re.search(r"vgl\.\s*Kap", text)]
