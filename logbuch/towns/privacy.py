"""Personal data held by the towns app, for the export and the erasure on the account page.

The contract for every app (found by `logbuch.towns.hooks.app_hook_modules("privacy")`):

- `export_user_data(user: User) -> dict[str, Any]`: JSON-serialisable data about the person.
- `erase_user_data(user: User) -> None`: remove or anonymise the person's data before the
  account itself is deleted (runs inside the erasure transaction). Rows that must stay for
  others (ledger, decisions, audit log) keep no key to the person and no name, address or
  phone number of theirs; the erasure must never fail (a test walks every model afterwards).
"""

from __future__ import annotations

from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from .models import AuditEntry, Invitation, Membership, User


def export_user_data(user: User) -> dict[str, Any]:
    memberships = Membership.objects.filter(user=user).select_related("town").order_by("town__name")
    invitations = (
        Invitation.objects.filter(email=user.email).select_related("town")
        if user.email
        else Invitation.objects.none()
    )
    actions = AuditEntry.objects.filter(actor=user).select_related("town").order_by("created_at")
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
        "invitations_received": [
            {
                "town": i.town.name,
                "name": i.name,
                "roles": i.roles,
                "sent_at": i.created_at.isoformat(),
                "used_at": i.used_at.isoformat() if i.used_at else None,
            }
            for i in invitations
        ],
        "actions_recorded": [
            {
                "town": e.town.name if e.town else None,
                "action": e.action,
                "action_label": e.action_label(),
                "target": e.target,
                "at": e.created_at.isoformat(),
            }
            for e in actions
        ],
    }


def erase_user_data(user: User) -> None:
    # The audit log keeps what was done, but no longer names the person it was done to. A name
    # is matched only in towns the person belonged to (someone else of the same name elsewhere
    # keeps theirs); the address is unique, so it is matched everywhere.
    email_entries = (
        AuditEntry.objects.filter(target__iexact=user.email)
        if user.email
        else AuditEntry.objects.none()
    )
    invitations = (
        Invitation.objects.filter(email=user.email) if user.email else Invitation.objects.none()
    )
    town_ids = (
        set(Membership.objects.filter(user=user).values_list("town_id", flat=True))
        | set(invitations.values_list("town_id", flat=True))
        | set(email_entries.values_list("town_id", flat=True))
        | set(AuditEntry.objects.filter(actor=user).values_list("town_id", flat=True))
    )
    email_entries.update(target="")
    if user.name:
        AuditEntry.objects.filter(
            Q(town_id__in=town_ids) | Q(town__isnull=True), target=user.name
        ).update(target="")
    # Invitations to the person's address would otherwise keep the address after erasure.
    invitations.delete()
    # The installation admin's change history names the person in its entries about them.
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk)
    ).delete()
