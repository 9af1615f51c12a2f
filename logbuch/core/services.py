"""Writes and side effects shared by the whole installation."""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import gettext as _

from logbuch.core.emails import email_after_commit
from logbuch.towns.models import Membership, Role, Town


def accessibility_feedback_recipients(*, town: Town | None) -> list[str]:
    """The town's admins, else the town's contact address, else the installation's admins."""
    if town is not None:
        admins = list(
            Membership.objects.in_town(town)
            .filter(role=Role.TOWN_ADMIN, user__is_active=True, user__email__isnull=False)
            .exclude(user__email="")
            .order_by("user__email")
            .values_list("user__email", flat=True)
            .distinct()
        )
        if admins:
            return admins
        if town.contact_email:
            return [town.contact_email]
    admins = [a if isinstance(a, str) else a[1] for a in settings.ADMINS]
    return admins or [settings.DEFAULT_FROM_EMAIL]


def accessibility_feedback_send(
    *, town: Town | None, message: str, page_url: str = "", name: str = "", email: str = ""
) -> None:
    """Mail the feedback after commit. Nothing is stored: no row, no IP address, no browser."""
    where = town.name if town else "Logbuch"
    email_after_commit(
        recipients=accessibility_feedback_recipients(town=town),
        subject=_("Rückmeldung zur Barrierefreiheit (%(where)s)") % {"where": where},
        template="core/email/accessibility_feedback.txt",
        context={
            "town": town,
            "message": message,
            "page_url": page_url,
            "name": name,
            "email": email,
        },
        language=settings.LANGUAGE_CODE,
    )
