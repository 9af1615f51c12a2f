"""Keeps Town.panels_version current when what the Anlaufstelle's start-page panel shows changes
(office, opening hours, closures, contact persons): `home.home_panel` is cached under it."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from logbuch.towns.models import panels_changed

from .models import Closure, ContactPerson, Office, OpeningHours


@receiver(post_save, sender=Office)
@receiver(post_delete, sender=Office)
@receiver(post_save, sender=OpeningHours)
@receiver(post_delete, sender=OpeningHours)
@receiver(post_save, sender=Closure)
@receiver(post_delete, sender=Closure)
@receiver(post_save, sender=ContactPerson)
@receiver(post_delete, sender=ContactPerson)
def _panel_changed(
    sender: Any, instance: Office | OpeningHours | Closure | ContactPerson, **kwargs: Any
) -> None:
    if kwargs.get("raw"):
        return  # loading fixtures
    panels_changed(instance.town_id)
