"""Personal data held by the towns app, for the export and the erasure on the account page.

The contract for every app (found by `logbuch.towns.hooks.app_hook_modules("privacy")`):

- `export_user_data(user: User) -> dict[str, Any]`: JSON-serialisable data about the person.
- `erase_user_data(user: User) -> None`: remove or anonymise the person's data before the
  account itself is deleted (runs inside the erasure transaction).
"""

from __future__ import annotations

from typing import Any

from .models import AuditEntry, Invitation, Membership, User


def export_user_data(user: User) -> dict[str, Any]:
    memberships = Membership.objects.filter(user=user).select_related("town").order_by("town__name")
    return {
        "profile": {
            "name": user.name,
            "email": user.email,
            "language": user.language,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "memberships": [
            {
                "town": m.town.name,
                "town_slug": m.town.slug,
                "role": m.role,
                "role_label": str(m.get_role_display()),
                "since": m.created_at.isoformat(),
            }
            for m in memberships
        ],
    }


def erase_user_data(user: User) -> None:
    # Invitations to the person's address would otherwise keep the address after erasure.
    if user.email:
        Invitation.objects.filter(email=user.email).delete()
    # The audit log keeps what was done, but no longer names the person it was done to.
    town_ids = Membership.objects.filter(user=user).values("town_id")
    names = [n for n in (user.name, user.email) if n]
    AuditEntry.objects.filter(town_id__in=town_ids, target__in=names).update(target="")
