"""Motivationsgeber: thank-you notes (Danke) and the Dankeswand.

Anyone may say thanks (visitors through the same spam guards as the Kummerkasten). A note to
a person waits until that person agrees (shown) or keeps it to themselves (private); a note to
a group waits for the coordinator's release. Decisions are conditional UPDATEs on
`status = waiting`, so a double click or two coordinators at once decide only once.
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from logbuch.core.emails import email_after_commit
from logbuch.towns.audit import audit
from logbuch.towns.models import Town, User

from ..errors import DeskError, ThanksAlreadyDecided
from ..links import absolute
from ..models import ThankYou, ThankYouStatus

logger = logging.getLogger("logbuch.desk")


def thanks_give(
    *,
    town: Town,
    from_name: str,
    text: str,
    from_user: User | None = None,
    recipient: User | None = None,
    recipient_group: str = "",
) -> ThankYou:
    """Store a note; a person recipient gets a mail with the link to agree."""
    if recipient is not None:
        recipient_group = ""
    with transaction.atomic():
        thanks = ThankYou.objects.create(
            town=town,
            from_name=from_name.strip(),
            from_user=from_user,
            recipient=recipient,
            recipient_group=recipient_group.strip(),
            text=text,
        )
        if recipient is not None and recipient.email:
            email_after_commit(
                recipients=[recipient.email],
                subject=_("Jemand sagt Danke"),
                template="desk/email/thanks_received.txt",
                context={"town": town, "thanks": thanks, "url": absolute("thanks_mine", town)},
                language=recipient.language,
            )
    logger.info("desk thanks %s given in town %s", thanks.pk, town.pk)
    return thanks


def _decide(thanks: ThankYou, status: ThankYouStatus) -> None:
    done = ThankYou.objects.filter(pk=thanks.pk, status=ThankYouStatus.WAITING).update(
        status=status, decided_at=timezone.now()
    )
    if not done:
        raise ThanksAlreadyDecided
    thanks.status = status


def thanks_answer(*, thanks: ThankYou, recipient: User, show: bool) -> None:
    """The person thanked puts the note on the wall or keeps it to themselves."""
    if thanks.recipient_id != recipient.pk:
        raise DeskError
    _decide(thanks, ThankYouStatus.SHOWN if show else ThankYouStatus.PRIVATE)


def thanks_release(*, thanks: ThankYou, actor: User, show: bool) -> None:
    """The coordinator releases a note to a group (or keeps it off the wall)."""
    if thanks.recipient_id is not None:
        raise DeskError
    with transaction.atomic():
        _decide(thanks, ThankYouStatus.SHOWN if show else ThankYouStatus.PRIVATE)
        audit(
            town=thanks.town,
            actor=actor,
            action="desk.thanks.released" if show else "desk.thanks.rejected",
            target=thanks,
        )
