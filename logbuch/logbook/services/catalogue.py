"""A town's own Stellschrauben, and hiding or showing shared ones."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from logbuch.towns.audit import audit
from logbuch.towns.models import Town, User

from .. import errors
from ..models import (
    Answer,
    Area,
    HiddenLever,
    JournalEntry,
    Lever,
    ListKind,
    Measure,
    RoundLever,
)

# --- Town levers ---------------------------------------------------------------------------------


def _scale_fields(scale_low: str, scale_high: str, list_kinds: Sequence[str]) -> dict[str, Any]:
    return {
        "scale_low": scale_low.strip(),
        "scale_high": scale_high.strip(),
        "list_kinds": [k for k in ListKind.values if k in set(list_kinds)],
    }


def lever_add(
    *,
    town: Town,
    area: Area,
    title: str,
    question: str,
    help_text: str = "",
    scale_low: str = "",
    scale_high: str = "",
    list_kinds: Sequence[str] = (),
    actor: User,
) -> Lever:
    """A town's own Stellschraube in an area of the current catalogue, with the poles of its
    scale and the kinds of its list answer (both optional)."""
    if not area.version.is_current:
        raise errors.LeverNotEditable
    with transaction.atomic():
        last = (
            Lever.objects.filter(area=area).order_by("-position").values_list("position", flat=True)
        ).first()
        lever = Lever.objects.create(
            area=area,
            town=town,
            position=(last or 0) + 1,
            title=title,
            question=question,
            help_text=help_text,
            **_scale_fields(scale_low, scale_high, list_kinds),
        )
        audit(town=town, actor=actor, action="logbook.lever.added", target=title)
    return lever


def lever_scale_change(
    *,
    town: Town,
    lever: Lever,
    scale_low: str,
    scale_high: str,
    list_kinds: Sequence[str],
    actor: User,
) -> Lever:
    """Change the answer parts of a town's own Stellschraube: pole labels and list kinds.

    The guide's Stellschrauben keep theirs (`LeverNotEditable`). Stored answers stay 0–4, so
    earlier rounds stay comparable; a round still open shows the new labels from now on.
    """
    if lever.town_id != town.pk:
        raise errors.LeverNotEditable
    fields = _scale_fields(scale_low, scale_high, list_kinds)
    with transaction.atomic():
        for name, value in fields.items():
            setattr(lever, name, value)
        lever.save(update_fields=list(fields))
        audit(town=town, actor=actor, action="logbook.lever.scale_changed", target=lever.title)
    return lever


def _lever_in_use(lever: Lever) -> bool:
    return (
        RoundLever.objects.filter(lever=lever).exists()
        or Answer.objects.filter(lever=lever).exists()
        or Measure.objects.filter(lever=lever).exists()
        or JournalEntry.levers.through.objects.filter(lever=lever).exists()
    )


def lever_hide(*, town: Town, lever: Lever, actor: User) -> str:
    """Leave a Stellschraube out of the town's future rounds.

    Shared ones are hidden for this town only. An own one that was ever used (in a round, an
    answer, a measure or the journal) is archived, never deleted, so old results stay intact;
    an unused own one is deleted. Returns "hidden", "archived" or "deleted".
    """
    with transaction.atomic():
        if lever.town_id is None:
            HiddenLever.objects.get_or_create(
                town=town, lever=lever, defaults={"hidden_by_user": actor}
            )
            outcome = "hidden"
        elif lever.town_id == town.pk:
            if _lever_in_use(lever):
                Lever.objects.filter(pk=lever.pk, archived_at__isnull=True).update(
                    archived_at=timezone.now()
                )
                outcome = "archived"
            else:
                lever.delete()
                outcome = "deleted"
        else:
            raise errors.LeverNotEditable
        audit(town=town, actor=actor, action=f"logbook.lever.{outcome}", target=lever.title)
    return outcome


def lever_show(*, town: Town, lever: Lever, actor: User) -> None:
    """Undo `lever_hide` (for shared and archived own Stellschrauben)."""
    with transaction.atomic():
        if lever.town_id is None:
            HiddenLever.objects.in_town(town).filter(lever=lever).delete()
        elif lever.town_id == town.pk:
            Lever.objects.filter(pk=lever.pk).update(archived_at=None)
        else:
            raise errors.LeverNotEditable
        audit(town=town, actor=actor, action="logbook.lever.shown", target=lever.title)
