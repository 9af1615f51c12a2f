"""Who a concern can be handed to: the town's members, and first of all the holders and
deputies of the Organigramm.

Apps with responsibilities ship `logbuch.<app>.responsibilities.responsibilities(town)`
(found by `towns.hooks.app_hook_modules`; today the Daseinsvorsorge's Organigramm), so the
Anlaufstelle never imports them.
"""

from __future__ import annotations

from django.db.models import QuerySet

from logbuch.towns.hooks import app_hook_modules
from logbuch.towns.models import Town, User


def responsible_people(town: Town) -> QuerySet[User]:
    """People a concern can be handed to (members of the town), by name."""
    return User.objects.filter(memberships__town=town, is_active=True).distinct().order_by("name")


def is_responsible(town: Town, user: User) -> bool:
    return responsible_people(town).filter(pk=user.pk).exists()


def organigram_labels(town: Town) -> dict[int, str]:
    """What each person is responsible for, by user id ("Bürgerbus: Fahrdienstleitung; …")."""
    labels: dict[int, list[str]] = {}
    for module in app_hook_modules("responsibilities"):
        for item in module.responsibilities(town):
            labels.setdefault(item.user_id, []).append(item.label)
    return {user_id: "; ".join(parts) for user_id, parts in labels.items()}
