"""Keeps Town.people_version current when memberships or invitations change."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Invitation, Membership, people_changed


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
@receiver(post_save, sender=Invitation)
@receiver(post_delete, sender=Invitation)
def _people_changed(sender: Any, instance: Membership | Invitation, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return  # loading fixtures
    people_changed(instance.town_id)
