"""The seam to the Organigramm: who a concern can be handed to.

Today: the town's members (people with a role there). Once `logbuch.services` ships
`responsibilities_for_town(town)`, `responsible_people` should offer the holders and deputies
of the Zuständigkeiten first; callers only use the two functions below.
"""

from __future__ import annotations

from django.db.models import QuerySet

from logbuch.towns.models import Town, User


def responsible_people(town: Town) -> QuerySet[User]:
    """People a concern can be handed to (members of the town), by name."""
    return User.objects.filter(memberships__town=town, is_active=True).distinct().order_by("name")


def is_responsible(town: Town, user: User) -> bool:
    return responsible_people(town).filter(pk=user.pk).exists()
