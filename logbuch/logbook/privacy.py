"""Personal data held by the Stellschrauben-Check (see `logbuch.towns.privacy` for the contract).

Export: the rounds a person took part in; their own answers, with the entries of their list
answers, only where the round was not anonymous (anonymous answers and their list entries carry
no link to anyone, so they cannot be exported or erased). Entries they carried into the town's
list of Räume, Verbündete and Akteure. Also the measures they are responsible for, created or
proposed (Vorschläge), their supports and comments on Vorschläge, their progress notes, journal
entries (drafts too), the Forderungen they wrote, the rounds they opened and whether they decide on
Vorschläge.
Erasure: the person's participations lose their person link and draft; the answers (and their
list entries, which hang on the answer only) stay as unlinked group figures, so the town's
results do not change. Entries of the town's list lose the link to whoever carried them. Their
supports, comments and unpublished journal drafts are deleted (their own words and opinions,
which nobody else relies on). Measures, Vorschläge, notes, published journal entries, Forderungen
and rounds stay for the town and lose their link to the person (the keys are SET_NULL).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from logbuch.towns.models import AuditEntry, User

from .models import (
    Answer,
    Demand,
    JournalEntry,
    JournalStatus,
    LogbookSettings,
    Measure,
    MeasureNote,
    Participation,
    ProposalComment,
    Round,
    Support,
    TownListEntry,
)


def export_user_data(user: User) -> dict[str, Any]:
    participations = Participation.objects.filter(user=user).select_related("round", "town")
    answers = (
        Answer.objects.filter(participation__user=user)
        .select_related("lever", "round")
        .prefetch_related("list_entries")
    )
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
                "list_entries": [
                    {"kind": e.kind, "text": e.text, "note": e.note}
                    for e in sorted(a.list_entries.all(), key=lambda e: (e.kind, e.key))
                ],
            }
            for a in answers
        ],
        "logbook_town_list_entries": [
            {"town": e.town.name, "kind": e.kind, "name": e.name}
            for e in TownListEntry.objects.filter(added_by=user).select_related("town")
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
                "proposed_by_you": m.proposed_by_id == user.pk,
                "proposed_at": m.proposed_at.isoformat() if m.proposed_at else None,
                "decision_reason": m.decision_reason,
            }
            for m in Measure.objects.filter(
                Q(owner_user=user) | Q(created_by=user) | Q(proposed_by=user)
            )
            .select_related("town")
            .order_by("pk")
        ],
        "logbook_supports": [
            {"town": s.town.name, "proposal": s.measure.title, "at": s.created_at.isoformat()}
            for s in Support.objects.filter(user=user).select_related("town", "measure")
        ],
        "logbook_proposal_comments": [
            {
                "town": c.town.name,
                "proposal": c.measure.title,
                "text": c.text,
                "at": c.created_at.isoformat(),
            }
            for c in ProposalComment.objects.filter(author=user).select_related("town", "measure")
        ],
        "logbook_decides_on_proposals_in": [
            st.town.name
            for st in LogbookSettings.objects.filter(proposal_decider=user).select_related("town")
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
                "status": e.status,
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
    Support.objects.filter(user=user).delete()
    ProposalComment.objects.filter(author=user).delete()
    drafts = JournalEntry.objects.filter(author=user, status=JournalStatus.DRAFT)
    # A deleted draft's title must not live on in the audit lines about it.
    AuditEntry.objects.filter(
        action__startswith="logbook.journal_entry.",
        details__entry__in=list(drafts.values_list("pk", flat=True)),
    ).update(target="")
    drafts.delete()
    LogbookSettings.objects.filter(proposal_decider=user).update(proposal_decider=None)
    participations = Participation.objects.filter(user=user)
    Answer.objects.filter(participation__in=participations).update(participation=None)
    participations.update(user=None, draft={})
    TownListEntry.objects.filter(added_by=user).update(added_by=None)
