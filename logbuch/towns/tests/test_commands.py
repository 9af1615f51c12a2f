from __future__ import annotations

import io
import re
import types

import pytest
from django.apps import apps
from django.core import mail
from django.core.management import CommandError, call_command

from logbuch.logbook.tests.factories import ensure_catalogue
from logbuch.towns.management.commands import demo as demo_command
from logbuch.towns.models import AuditEntry, Membership, Role, Town, User

pytestmark = pytest.mark.django_db


def run_demo(*args) -> str:
    out = io.StringIO()
    call_command("demo", "--trotzdem", *args, stdout=out)
    return out.getvalue()


def test_demo_refuses_without_debug_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="öffentliches Passwort"):
        call_command("demo", stdout=io.StringIO())
    assert not Town.objects.filter(slug="musterstadt").exists()


def test_create_town_command(db):
    out = io.StringIO()
    call_command(
        "create_town",
        "Neustadt an der Orla",
        "--bundesland",
        "TH",
        "--population",
        "8000",
        stdout=out,
    )
    town = Town.objects.get(slug="neustadt-an-der-orla")
    assert (town.bundesland, town.population) == ("TH", 8000)
    assert "/neustadt-an-der-orla/" in out.getvalue()
    assert AuditEntry.objects.filter(town=town, action="towns.town.created").exists()
    with pytest.raises(CommandError, match="gibt es schon"):
        call_command("create_town", "Neustadt an der Orla", "--bundesland", "TH")


@pytest.mark.django_db(transaction=True)  # mails go out after a real commit
def test_demo_keeps_its_mails_back_and_shows_the_logins_last(settings, capsys):
    ensure_catalogue()
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    output = run_demo()
    assert "Subject:" not in capsys.readouterr().out  # no mail printed by the console backend
    summary = re.search(r"(\d+) E-Mails erzeugt \(nicht versendet\)", output)
    assert summary is not None and int(summary[1]) > 0
    assert output.index("E-Mails erzeugt") < output.index("Demo-Zugänge")
    assert not hasattr(mail, "outbox") or mail.outbox == []


def test_demo_builds_two_towns_with_people_in_every_role(db):
    output = run_demo()
    muster = Town.objects.get(slug="musterstadt")
    dorf = Town.objects.get(slug="beispieldorf")
    assert (muster.bundesland, muster.population) == ("SN", 12_000)
    assert dorf.bundesland == "BB"
    people = User.objects.filter(memberships__town=muster).distinct()
    assert 55 <= people.count() <= 65
    assert 8 <= User.objects.filter(memberships__town=dorf).distinct().count() <= 12
    roles_in_muster = set(Membership.objects.in_town(muster).values_list("role", flat=True))
    assert roles_in_muster == set(Role.values)
    assert people.filter(email__isnull=True).count() == 2
    anna = User.objects.get(email="koordination@musterstadt.example")
    assert anna.name == "Anna Koordinatorin"
    assert anna.check_password("logbuch-demo")
    assert Membership.objects.filter(user=anna, town=muster, role=Role.COORDINATOR).exists()
    assert "koordination@musterstadt.example" in output
    assert "logbuch-demo" in output
    assert "Koordinierungsstelle" in output


def test_demo_is_idempotent(db):
    run_demo()
    models = [m for m in apps.get_models() if m.__module__.startswith("logbuch.")]
    before = {m.__name__: m._default_manager.count() for m in models}
    passwords = dict(User.objects.values_list("pk", "password"))
    run_demo()
    after = {m.__name__: m._default_manager.count() for m in models}
    assert after == before
    assert dict(User.objects.values_list("pk", "password")) == passwords


def test_demo_keeps_changes_made_in_the_app(db):
    run_demo()
    town = Town.objects.get(slug="musterstadt")
    town.contact_phone = "0000"
    town.save()
    run_demo()
    town.refresh_from_db()
    assert town.contact_phone == "0000"


def test_demo_calls_every_apps_build_demo_hook(db, monkeypatch):
    received = []

    def build_demo(*, town, people):
        received.append((town.slug, {role: len(users) for role, users in people.items()}, people))

    fake = types.ModuleType("logbuch.fakeapp.demo")
    vars(fake).update(build_demo=build_demo)
    monkeypatch.setattr(
        demo_command, "app_hook_modules", lambda name: [fake] if name == "demo" else []
    )
    run_demo()
    assert [slug for slug, _counts, _people in received] == ["musterstadt", "beispieldorf"]
    _slug, counts, people = received[0]
    assert set(counts) == set(Role.values)
    assert all(counts[role] >= 1 for role in Role.values)
    assert people["coordinator"][0].email == "koordination@musterstadt.example"


def test_demo_email_spells_out_umlauts():
    assert demo_command.demo_email("Jürgen Roth", "x.example") == "juergen.roth@x.example"
    assert (
        demo_command.demo_email("Andreas Lange (Bäckerei)", "x.example")
        == "andreas.lange@x.example"
    )
