"""Personal data held by the Anlaufstelle (see `logbuch.towns.privacy` for the contract).

Export: the person's concerns (by account or by the e-mail address they gave) with the
town's answers, their messages as a responsible person, board entries, thank-you notes given
and received (with their status: waiting, on the wall, private), Wochenpost subscriptions and
the weeks a Wochenpost went to them. Erasure: their concerns become anonymous (name, contact
and account removed; the text stays, so the town's answer and figures keep their meaning),
their answers lose the author, board entries (with the reports about them), subscriptions,
sent-markers and notes to them go; notes they gave stay under "Jemand". Abuse reports hold no
reporter, so there is nothing of the reporter to export.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from logbuch.towns.models import User

from .models import (
    BoardPost,
    Concern,
    ConcernMessage,
    ContactPerson,
    ThankYou,
    WeeklyMailSent,
    WeeklyMailSubscription,
)


def _own_concerns(user: User) -> Q:
    mine = Q(user=user)
    if user.email:
        mine |= Q(email__iexact=user.email)
    return mine


def export_user_data(user: User) -> dict[str, Any]:
    concerns = (
        Concern.objects.filter(_own_concerns(user))
        .select_related("town")
        .prefetch_related("messages")
    )
    return {
        "desk_concerns": [
            {
                "town": c.town.name,
                "kind": c.kind,
                "category": c.category,
                "text": c.text,
                "place": c.place,
                "name": c.name,
                "email": c.email,
                "phone": c.phone,
                "has_photo": bool(c.photo),
                "status": c.status,
                "created_at": c.created_at.isoformat(),
                "messages": [
                    {"from": m.author_kind, "text": m.text, "at": m.created_at.isoformat()}
                    for m in c.messages.all()
                ],
            }
            for c in concerns
        ],
        "desk_answers_written": [
            {"concern": m.concern_id, "text": m.text, "public": m.is_public}
            for m in ConcernMessage.objects.filter(author=user)
        ],
        "desk_board_posts": [
            {
                "kind": p.kind,
                "category": p.category,
                "status": p.status,
                "title": p.title,
                "text": p.text,
                "expires_on": p.expires_on.isoformat(),
            }
            for p in BoardPost.objects.filter(author=user)
        ],
        "desk_thanks_given": [
            {
                "from_name": t.from_name,
                "to_group": t.recipient_group,
                "text": t.text,
                "status": t.status,
                "at": t.created_at.isoformat(),
            }
            for t in ThankYou.objects.filter(from_user=user)
        ],
        "desk_thanks_received": [
            {"from": t.from_name, "text": t.text, "status": t.status}
            for t in ThankYou.objects.filter(recipient=user)
        ],
        "desk_weekly_mail": [
            s.town.name
            for s in WeeklyMailSubscription.objects.filter(user=user).select_related("town")
        ],
        "desk_weekly_mail_sent": [
            {"town": m.town.name, "week": m.week}
            for m in WeeklyMailSent.objects.filter(user=user).select_related("town")
        ],
    }


def erase_user_data(user: User) -> None:
    for concern in Concern.objects.filter(_own_concerns(user)).exclude(photo=""):
        concern.photo.delete(save=False)
    Concern.objects.filter(_own_concerns(user)).update(
        anonymous=True, name="", email="", phone="", user=None, photo=""
    )
    ConcernMessage.objects.filter(author=user).update(author=None)
    ThankYou.objects.filter(from_user=user).update(from_user=None, from_name=_("Jemand"))
    ThankYou.objects.filter(recipient=user).delete()
    BoardPost.objects.filter(author=user).delete()
    WeeklyMailSubscription.objects.filter(user=user).delete()
    WeeklyMailSent.objects.filter(user=user).delete()
    ContactPerson.objects.filter(user=user).update(user=None)
