"""Authentication backend: the signed-in person with their towns and roles, in one query."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from .models import Membership, User


class MemberBackend(ModelBackend):
    """Django's ModelBackend, whose `get_user` also loads the person's towns and roles.

    Every page a signed-in person opens needs their towns (switcher) and their roles in the
    current town, so `get_user` reads the memberships with their person and town in one query
    (`select_related`); only a person without any membership needs a second one for the user
    row. The (town, role) pairs are kept on the user as `_towns_roles` (read by
    `towns.middleware.person_towns`). Django's stock backend reads the memberships in a
    second query on every request (docs/benchmarks.md).
    """

    def get_user(self, user_id: Any) -> User | None:
        try:
            pk = User._meta.pk.to_python(user_id)
        except ValidationError:  # a malformed id in a session is no user
            return None
        memberships = list(Membership.objects.filter(user_id=pk).select_related("user", "town"))
        user: User | None = (
            memberships[0].user if memberships else User._default_manager.filter(pk=pk).first()
        )
        if user is None or not self.user_can_authenticate(user):
            return None
        towns = {m.town_id: m.town for m in memberships}  # one object per town
        # Sorted here: an ORDER BY over the join cost more to build than the query to run.
        user._towns_roles = sorted(  # type: ignore[attr-defined]
            ((towns[m.town_id], m.role) for m in memberships),
            key=lambda pair: (pair[0].name, pair[0].pk, pair[1]),
        )
        return user
