"""Authentication backend: the signed-in person and their memberships in one query."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from .models import Membership, User


class MemberBackend(ModelBackend):
    """Django's ModelBackend, whose `get_user` also loads the person's memberships and towns.

    Every page a signed-in person opens needs their towns (switcher) and their roles in the
    current town; loading them with the user row saves one query per request. The rows are
    kept on the user as `_memberships` (read by `towns.middleware.person_towns`).
    """

    def get_user(self, user_id: Any) -> User | None:  # type: ignore[override]
        rows = sorted(
            # Sorted here: an ORDER BY across the join costs more to build than the rows.
            Membership.objects.filter(user_id=user_id).select_related("user", "town").order_by(),
            key=lambda m: (m.town.name, m.town_id, m.role),
        )
        if rows:
            user = rows[0].user
            for row in rows:
                row.user = user
        else:
            user = User._default_manager.filter(pk=user_id).first()
            if user is None:
                return None
        user._memberships = rows  # type: ignore[attr-defined]
        return user if self.user_can_authenticate(user) else None
