"""HTML lives in templates: no markup built in Python, one confirm/form page and error summary,
Django's widgets through core's renderer, htmx only where a page uses it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.test import Client
from django.urls import reverse

import logbuch
from logbuch.core.forms import Form, KernBoundField
from logbuch.towns.models import Town

HTML_IN_PYTHON = ("format_html", "mark_safe", "SafeString", "SafeText")


def test_no_markup_is_built_in_python() -> None:
    root = Path(logbuch.__file__).parent
    found = [
        f"{path.relative_to(root)}: {name}"
        for path in sorted(root.rglob("*.py"))
        if not {"tests", "migrations"} & set(path.parts)
        for name in HTML_IN_PYTHON
        if name in path.read_text(encoding="utf-8")
    ]
    assert found == []


@pytest.mark.parametrize(
    "name",
    [
        "towns/confirm.html",
        "logbook/confirm.html",
        "towns/form_page.html",
        "logbook/form_page.html",
        "logbook/_error_summary.html",
        "logbook/measures/_select.html",
    ],
)
def test_apps_use_cores_shared_pages_instead_of_their_own(name: str) -> None:
    with pytest.raises(TemplateDoesNotExist):
        get_template(name)


class PickForm(Form):
    pick = forms.ChoiceField(
        label="Wahl",
        required=False,
        choices=[("", "alle"), ('a"&b', "A <b>"), ("Gruppe", [("x", "X"), ("y", "Y")])],
    )


@pytest.mark.parametrize("initial", ["", 'a"&b', "y"])
def test_cores_select_template_writes_what_djangos_own_writes(initial: str) -> None:
    ours = PickForm(initial={"pick": initial})["pick"].as_widget()
    theirs = PickForm(
        initial={"pick": initial}, renderer=DjangoTemplates(), bound_field_class=KernBoundField
    )["pick"].as_widget()
    assert ours == theirs
    assert "<optgroup" in ours


@pytest.mark.django_db
def test_pages_without_htmx_use_do_not_load_it(town: Town, coordinator_client: Client) -> None:
    html = coordinator_client.get(reverse("towns:home", kwargs={"town_slug": town.slug})).text
    assert "htmx.min.js" not in html
    assert "hx-" not in html
