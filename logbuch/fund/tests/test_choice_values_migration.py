"""Migration 0008: stored German choice values become English, and back; the ledger stays
append-only (on PostgreSQL and on SQLite) after either direction."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.apps.registry import Apps
from django.db import DatabaseError, transaction
from django.utils import timezone

from logbuch.towns.models import AuditEntry, Town
from logbuch.towns.tests.factories import TownFactory, UserFactory

BEFORE = ("fund", "0008_glossary_terms")
AFTER = ("fund", "0009_english_choice_values")

Migrate = Callable[[tuple[str, str]], Apps]


def _german_rows(apps: Apps, town: Town) -> dict[str, Any]:
    """One row of every fund model with a choice, as the app stored them before."""
    user = UserFactory()
    m = {name: apps.get_model("fund", name) for name in MODELS}
    now = timezone.now()
    fund = m["Fund"].objects.create(town_id=town.pk, name="Fonds", year=2027)
    source = m["FundSource"].objects.create(
        town_id=town.pk, fund=fund, kind="pate", name="Sparkasse", amount_cents=100_000
    )
    category = m["Category"].objects.create(
        town_id=town.pk,
        fund=fund,
        name="Nachbarschaft",
        max_amount_cents=100_000,
        jury_majority="zweidrittel",
        payout_schedule="belege",
        proof_deadline_kind="datum",
        proof_deadline_date=date(2027, 12, 31),
        applicant_types=["verein", "person", "schule"],
        eligible_cost_types=["material", "honorar"],
        excluded_cost_types=["alkohol", "personal"],
    )
    app = m["Application"].objects.create(
        town_id=town.pk,
        fund=fund,
        category=category,
        applicant_id=user.pk,
        applicant_type="unternehmen",
        title="Bank",
        requested_cents=50_000,
        status="nachweis_eingereicht",
    )
    m["CostItem"].objects.create(
        town_id=town.pk, application=app, description="Holz", cost_type="miete", amount_cents=1
    )
    m["Attachment"].objects.create(
        town_id=town.pk,
        application=app,
        kind="foto",
        file="x.png",
        original_name="x.png",
        content_type="image/png",
        size=1,
    )
    juror = m["JuryMember"].objects.create(
        town_id=town.pk, fund=fund, user_id=user.pk, role="buergerschaft"
    )
    m["JuryVote"].objects.create(town_id=town.pk, application=app, juror=juror, choice="enthaltung")
    m["Decision"].objects.create(
        town_id=town.pk,
        application=app,
        mode="versammlung",
        outcome="teilweise",
        amount_cents=40_000,
        reason="ok",
    )
    payout = m["Payout"].objects.create(
        town_id=town.pk, application=app, kind="schluss", amount_cents=1, idempotency_key="k"
    )
    m["RepaymentClaim"].objects.create(
        town_id=town.pk, application=app, amount_cents=1, reason="x", status="offen"
    )
    m["PublicVoting"].objects.create(
        town_id=town.pk,
        fund=fund,
        category=category,
        title="Abstimmung",
        opens_at=now,
        closes_at=now + timedelta(days=1),
        budget_cents=1,
        status="ausgezaehlt",
        shortfall_rule="ueberspringen",
    )
    entries = {
        "allocation": m["LedgerEntry"].objects.create(
            town_id=town.pk, fund=fund, kind="zuweisung", amount_cents=-5, reason="gekürzt"
        ),
        "reallocation": m["LedgerEntry"].objects.create(
            town_id=town.pk,
            fund=fund,
            kind="umschichtung",
            amount_cents=5,
            reason="r",
            transfer=uuid.uuid4(),
        ),
        "payout": m["LedgerEntry"].objects.create(
            town_id=town.pk,
            fund=fund,
            category=category,
            application=app,
            payout=payout,
            kind="auszahlung",
            amount_cents=1,
            reason="p",
            source=source,
        ),
    }
    AuditEntry.objects.create(
        town=town,
        action="fund.application.decided",
        target="Bank",
        details={"mode": "schnell", "outcome": "voll", "application": app.pk},
    )
    return {"app": app.pk, "category": category.pk, "entries": entries}


MODELS = (
    "Application",
    "Attachment",
    "Category",
    "CostItem",
    "Decision",
    "Fund",
    "FundSource",
    "JuryMember",
    "JuryVote",
    "LedgerEntry",
    "Payout",
    "PublicVoting",
    "RepaymentClaim",
)


def _values(apps: Apps) -> dict[str, Any]:
    def one(name: str, *fields: str) -> tuple[Any, ...]:
        return tuple(apps.get_model("fund", name).objects.values_list(*fields).get())

    category = apps.get_model("fund", "Category").objects.get()
    return {
        "application": one("Application", "status", "applicant_type"),
        "attachment": one("Attachment", "kind"),
        "category": one("Category", "jury_majority", "payout_schedule", "proof_deadline_kind"),
        "rules": (category.applicant_types, category.eligible_cost_types),
        "excluded": category.excluded_cost_types,
        "cost": one("CostItem", "cost_type"),
        "decision": one("Decision", "mode", "outcome"),
        "source": one("FundSource", "kind"),
        "juror": one("JuryMember", "role"),
        "vote": one("JuryVote", "choice"),
        "payout": one("Payout", "kind"),
        "claim": one("RepaymentClaim", "status"),
        "voting": one("PublicVoting", "status", "shortfall_rule"),
        "ledger": sorted(
            apps.get_model("fund", "LedgerEntry").objects.values_list("kind", flat=True)
        ),
        "audit": AuditEntry.objects.get(action="fund.application.decided").details,
    }


GERMAN = {
    "application": ("nachweis_eingereicht", "unternehmen"),
    "attachment": ("foto",),
    "category": ("zweidrittel", "belege", "datum"),
    "rules": (["verein", "person", "schule"], ["material", "honorar"]),
    "excluded": ["alkohol", "personal"],
    "cost": ("miete",),
    "decision": ("versammlung", "teilweise"),
    "source": ("pate",),
    "juror": ("buergerschaft",),
    "vote": ("enthaltung",),
    "payout": ("schluss",),
    "claim": ("offen",),
    "voting": ("ausgezaehlt", "ueberspringen"),
    "ledger": ["auszahlung", "umschichtung", "zuweisung"],
}
ENGLISH = {
    "application": ("proof_submitted", "business"),
    "attachment": ("photo",),
    "category": ("two_thirds", "receipts", "fixed_date"),
    "rules": (["club", "person", "school"], ["material", "fee"]),
    "excluded": ["alcohol", "personnel"],
    "cost": ("rent",),
    "decision": ("assembly", "approved_partial"),
    "source": ("sponsor",),
    "juror": ("resident",),
    "vote": ("abstain",),
    "payout": ("final",),
    "claim": ("open",),
    "voting": ("counted", "skip"),
    "ledger": ["allocation", "payout", "reallocation"],
}


def _assert_ledger_guarded(apps: Apps) -> None:
    entry_model = apps.get_model("fund", "LedgerEntry")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        entry_model.objects.update(reason="geändert")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        entry_model.objects.all().delete()


def test_stored_values_become_english_and_back_with_the_ledger_still_append_only(
    migrate_to: Migrate,
) -> None:
    town = TownFactory()
    apps = migrate_to(BEFORE)
    _german_rows(apps, town)
    assert {k: v for k, v in _values(apps).items() if k != "audit"} == GERMAN

    apps = migrate_to(AFTER)
    values = _values(apps)
    audit = values.pop("audit")
    assert (audit["mode"], audit["outcome"]) == ("fast_track", "approved_full")
    assert values == ENGLISH
    _assert_ledger_guarded(apps)

    apps = migrate_to(BEFORE)
    values = _values(apps)
    audit = values.pop("audit")
    assert (audit["mode"], audit["outcome"]) == ("schnell", "voll")
    assert values == GERMAN
    _assert_ledger_guarded(apps)
