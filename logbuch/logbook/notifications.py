"""Emails of Vorschläge, measures and logbook entries, in plain German, through
`core.emails.email_after_commit`.

Call these inside the service's transaction: a rolled-back decision sends nothing. Each takes
model instances and builds a small plain context, so the text templates
(`logbook/email/*.txt`) never touch the database. People without an address (paper members,
erased accounts) are skipped.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from logbuch.core.emails import email_after_commit
from logbuch.towns.models import User

from .models import JournalEntry, Measure


def _absolute(name: str, measure_or_entry: Measure | JournalEntry) -> str:
    town = measure_or_entry.town
    if isinstance(measure_or_entry, JournalEntry):
        path = reverse("logbook:journal", kwargs={"town_slug": town.slug})
    else:
        path = reverse(name, kwargs={"town_slug": town.slug, "pk": measure_or_entry.pk})
    return f"{settings.SITE_URL}{path}"


def _send(
    person: User | None,
    *,
    subject: Promise,
    template: str,
    subject_args: dict[str, Any],
    **ctx: Any,
) -> None:
    if person is None or not person.email:
        return
    language = person.language or settings.LANGUAGE_CODE
    with translation.override(language):
        subject_text = str(subject) % {k: str(v) for k, v in subject_args.items()}
    email_after_commit(
        recipients=[person.email],
        subject=subject_text,
        template=f"logbook/email/{template}.txt",
        context={"name": person.name, **ctx},
        language=language,
    )


def notify_proposal_decided(*, proposal: Measure) -> None:
    """The proposer learns that their Vorschlag was accepted, merged or declined (with the
    reason)."""
    target = proposal.merged_into
    _send(
        proposal.proposed_by,
        subject=_("Ihr Vorschlag „%(title)s“: %(status)s"),
        subject_args={"title": proposal.title, "status": proposal.get_status_display()},
        template="proposal_decided",
        title=proposal.title,
        status=proposal.status,
        reason=proposal.decision_reason,
        target=target.title if target is not None else "",
        url=_absolute("logbook:proposal_detail", target if target is not None else proposal),
        town=proposal.town.name,
    )


def notify_responsible(*, measure: Measure) -> None:
    """The person named responsible for a measure learns it and where to note progress."""
    _send(
        measure.owner_user,
        subject=_("Sie sind verantwortlich: %(title)s"),
        subject_args={"title": measure.title},
        template="measure_responsible",
        title=measure.title,
        url=_absolute("logbook:measure_detail", measure),
        town=measure.town.name,
    )


def notify_entry_published(*, entry: JournalEntry) -> None:
    """The author of a member's draft learns it is now in the town's logbook."""
    _send(
        entry.author,
        subject=_("Ihr Logbuch-Eintrag ist veröffentlicht: %(title)s"),
        subject_args={"title": entry.title},
        template="journal_published",
        title=entry.title,
        url=_absolute("logbook:journal", entry),
        town=entry.town.name,
    )
