"""Personal data held by the Stellschrauben-Check (see `logbuch.towns.privacy` for the contract).

Export: the rounds a person took part in; their own answers only where the round was not
anonymous (anonymous answers carry no link to anyone, so they cannot be exported or erased).
Also the measures they are responsible for or created, their progress notes, journal entries,
the Forderungen they wrote and the rounds they opened.
Erasure: the person's participations lose their person link and draft; the answers stay as
unlinked group figures, so the town's results do not change. Measures, notes, journal entries,
Forderungen and rounds stay for the town and lose their link to the person (the keys are SET_NULL).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from logbuch.towns.models import User

from .models import Answer, Demand, JournalEntry, Measure, MeasureNote, Participation, Round


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
        "logbook_measures": [
            {
                "town": m.town.name,
                "title": m.title,
                "goal": m.goal,
                "status": m.status,
                "due_on": m.due_on.isoformat() if m.due_on else None,
                "responsible": m.owner_user_id == user.pk,
                "created_by_you": m.created_by_id == user.pk,
            }
            for m in Measure.objects.filter(Q(owner_user=user) | Q(created_by=user))
            .select_related("town")
            .order_by("pk")
        ],
        "logbook_measure_notes": [
            {"measure": n.measure.title, "noted_on": n.noted_on.isoformat(), "text": n.text}
            for n in MeasureNote.objects.filter(author=user).select_related("measure")
        ],
        "logbook_journal_entries": [
            {
                "town": e.town.name,
                "happened_on": e.happened_on.isoformat(),
                "kind": e.kind,
                "title": e.title,
                "text": e.text,
            }
            for e in JournalEntry.objects.filter(author=user).select_related("town")
        ],
        "logbook_demands_written": [
            {
                "town": d.town.name,
                "addressee": d.addressee,
                "text": d.text,
                "sent_on": d.sent_on.isoformat() if d.sent_on else None,
            }
            for d in Demand.objects.filter(created_by=user).select_related("town").order_by("pk")
        ],
        "logbook_rounds_opened": [
            {"town": r.town.name, "title": r.title, "starts_on": r.starts_on.isoformat()}
            for r in Round.objects.filter(created_by=user).select_related("town")
        ],
    }


def erase_user_data(user: User) -> None:
    participations = Participation.objects.filter(user=user)
    Answer.objects.filter(participation__in=participations).update(participation=None)
    participations.update(user=None, draft={})
