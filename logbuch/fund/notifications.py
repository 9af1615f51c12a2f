"""Emails of the Mitmach-Fonds, in plain German, always through `email_after_commit`.

Call these from inside the service's transaction: a rolled-back step sends nothing. Each
function takes model instances and builds a small plain context itself, so the text templates
(``fund/email/*.txt``) never touch the database.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from logbuch.core.emails import email_after_commit
from logbuch.towns.models import Town

from .models import Application, Decision, Payout, PublicVoting, Question
from .money import euro


def absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def application_url(application: Application) -> str:
    """Where the applicant sees the status of this application (or the fund start page)."""
    slug = application.town.slug
    for name, kwargs in (
        ("fund:application_detail", {"town_slug": slug, "pk": application.pk}),
        ("fund:index", {"town_slug": slug}),
    ):
        try:
            return absolute(reverse(name, kwargs=kwargs))
        except NoReverseMatch:
            continue
    return absolute(f"/{slug}/fonds/")


def _recipient(application: Application) -> str:
    applicant = application.applicant
    return application.contact_email or (applicant.email or "" if applicant else "")


def _base(application: Application) -> dict[str, Any]:
    applicant = application.applicant
    return {
        "name": application.contact_name or (applicant.name if applicant else ""),
        "title": application.title,
        "fund": application.fund.name,
        "town": application.town.name,
        "url": application_url(application),
    }


def _amount(cents: int | None) -> str:
    return euro(cents).removesuffix(" €")


def _send(application: Application, *, subject: str, template: str, **extra: Any) -> None:
    recipient = _recipient(application)
    if not recipient:  # the applicant erased their account: nobody left to tell
        return
    applicant = application.applicant
    email_after_commit(
        recipients=[recipient],
        subject=subject,
        template=f"fund/email/{template}.txt",
        context={**_base(application), **extra},
        language=(applicant.language if applicant else "") or "de",
    )


def notify_submitted(*, application: Application) -> None:
    """Eingangsbestätigung: the applicant learns the application arrived and where to look."""
    submitted = timezone.localtime(application.submitted_at or timezone.now())
    _send(
        application,
        subject=_("Antrag eingegangen: %(title)s") % {"title": application.title},
        template="submitted",
        amount=_amount(application.requested_cents),
        when=submitted.strftime("%d.%m.%Y"),
    )


def notify_question(*, question: Question) -> None:
    """Rückfrage of the coordinator."""
    application = question.application
    _send(
        application,
        subject=_("Rückfrage zu Ihrem Antrag: %(title)s") % {"title": application.title},
        template="question",
        question=question.text,
    )


def notify_decided(*, decision: Decision) -> None:
    """Bewilligt (voll oder teilweise) or abgelehnt, always with the reason."""
    application = decision.application
    outcome = {
        Decision.Outcome.APPROVED_FULL: "full",
        Decision.Outcome.APPROVED_PARTIAL: "partial",
    }.get(Decision.Outcome(decision.outcome), "rejected")
    _send(
        application,
        subject=_("Entscheidung über Ihren Antrag: %(title)s") % {"title": application.title},
        template="decided",
        outcome=outcome,
        amount=_amount(decision.amount_cents),
        requested=_amount(application.requested_cents),
        reason=decision.reason,
    )


def notify_payout(*, payout: Payout, paid_total_cents: int | None = None) -> None:
    """Auszahlung: how much went out, and how much of the approved sum so far."""
    application = payout.application
    _send(
        application,
        subject=_("Auszahlung für Ihren Antrag: %(title)s") % {"title": application.title},
        template="payout",
        amount=_amount(payout.amount_cents),
        paid_total=_amount(paid_total_cents) if paid_total_cents else "",
        approved=_amount(application.approved_cents),
    )


def notify_proof_due(*, application: Application, due: date) -> None:
    _send(
        application,
        subject=_("Erinnerung: Verwendungsnachweis für %(title)s") % {"title": application.title},
        template="proof_due",
        due=due.strftime("%d.%m.%Y"),
    )


def notify_proof_overdue(*, application: Application, due: date) -> None:
    _send(
        application,
        subject=_("Verwendungsnachweis fehlt: %(title)s") % {"title": application.title},
        template="proof_overdue",
        due=due.strftime("%d.%m.%Y"),
    )


def notify_vote_link(*, voting: PublicVoting, email: str, url: str) -> None:
    """The personal voting link; the address itself is never stored."""
    email_after_commit(
        recipients=[email],
        subject=_("Ihr Link zur Abstimmung: %(title)s") % {"title": voting.title},
        template="fund/email/vote_link.txt",
        context={
            "title": voting.title,
            "town": voting.town.name,
            "url": url,
            "until": timezone.localtime(voting.closes_at).strftime("%d.%m.%Y %H:%M"),
        },
        language="de",
    )


def notify_digest(
    *, town: Town, recipients: list[str], day: date, rows: list[dict[str, Any]], items: list[str]
) -> None:
    """The coordinator's daily digest: what waits in the fund today."""
    try:
        path = reverse("fund:index", kwargs={"town_slug": town.slug})
    except NoReverseMatch:
        path = f"/{town.slug}/fonds/"
    email_after_commit(
        recipients=recipients,
        subject=_("Mitmach-Fonds %(town)s: Tagesübersicht %(day)s")
        % {"town": town.name, "day": day.strftime("%d.%m.%Y")},
        template="fund/email/digest.txt",
        context={
            "town": town.name,
            "day": day.strftime("%d.%m.%Y"),
            "rows": rows,
            "items": items,
            "url": absolute(path),
        },
        language="de",
    )
