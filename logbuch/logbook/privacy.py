"""Personal data held by the Stellschrauben-Check (see `logbuch.towns.privacy` for the contract).

Export: the rounds a person took part in; their own answers only where the round was not
anonymous (anonymous answers carry no link to anyone, so they cannot be exported or erased).
Erasure: the person's participations lose their person link; the answers stay as unlinked
group figures, so the town's results do not change.
"""

from __future__ import annotations

from typing import Any

from logbuch.towns.models import User

from .models import Answer, Participation


def export_user_data(user: User) -> dict[str, Any]:
    participations = Participation.objects.filter(user=user).select_related("round", "town")
    answers = Answer.objects.filter(participation__user=user).select_related("lever", "round")
    return {
        "logbook_participations": [
            {
                "town": p.town.name,
                "round": p.round.title,
                "group": p.group,
                "status": p.status,
                "submitted_at": p.submitted_at.isoformat() if p.submitted_at else None,
                "anonymous_round": p.round.anonymous,
            }
            for p in participations
        ],
        "logbook_answers": [
            {
                "round": a.round.title,
                "lever": a.lever.title,
                "value": a.value,
                "dont_know": a.dont_know,
                "comment": a.comment,
            }
            for a in answers
        ],
    }


def erase_user_data(user: User) -> None:
    participations = Participation.objects.filter(user=user)
    Answer.objects.filter(participation__in=participations).update(participation=None)
    participations.update(user=None, draft={})
