"""Wochenpost: a weekly mail of what happened (concerns answered, thanks, new offers, and
what other apps add through `logbuch.<app>.weekly.weekly_section`, e.g. the logbook's new
measures) to the members who opted in, with an unsubscribe link that works without login.

Once a week per person, even when the job runs twice or twice at once: the mail is queued in
the same transaction that inserts the `WeeklyMailSent` row for (town, person, ISO week); the
unique constraint lets only one insert win, the loser rolls back and sends nothing.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from logbuch.core.emails import email_after_commit
from logbuch.towns.hooks import WeeklySection, app_hook_modules
from logbuch.towns.models import Town, User

from ..links import absolute
from ..models import (
    BoardPost,
    BoardStatus,
    Concern,
    ThankYou,
    ThankYouStatus,
    WeeklyMailSent,
    WeeklyMailSubscription,
)

logger = logging.getLogger("logbuch.desk")

UNSUBSCRIBE_SALT = "desk.weekly.unsubscribe"


@dataclass
class WeeklyDigest:
    answered: int = 0
    done: list[str] = field(default_factory=list)
    thanks: list[ThankYou] = field(default_factory=list)
    offers: list[BoardPost] = field(default_factory=list)
    sections: list[WeeklySection] = field(default_factory=list)  # from the other apps

    @property
    def is_empty(self) -> bool:
        return not (self.answered or self.done or self.thanks or self.offers or self.sections)


def iso_week(moment: datetime.datetime) -> str:
    year, week, _day = timezone.localtime(moment).isocalendar()
    return f"{year}-W{week:02d}"


def weekly_digest(town: Town, *, now: datetime.datetime) -> WeeklyDigest:
    """What happened in the seven days before `now` (public things only)."""
    since = now - datetime.timedelta(days=7)
    concerns = Concern.objects.in_town(town)
    return WeeklyDigest(
        answered=concerns.filter(first_answer_at__gte=since, first_answer_at__lt=now).count(),
        done=list(
            concerns.filter(is_public=True, resolved_at__gte=since, resolved_at__lt=now)
            .order_by("-resolved_at")
            .values_list("public_title", flat=True)[:10]
        ),
        thanks=list(
            ThankYou.objects.in_town(town)
            .filter(status=ThankYouStatus.SHOWN, decided_at__gte=since, decided_at__lt=now)
            .select_related("recipient")
            .order_by("-decided_at")[:10]
        ),
        offers=list(
            BoardPost.objects.in_town(town)
            .filter(
                status=BoardStatus.ACTIVE,
                created_at__gte=since,
                created_at__lt=now,
                expires_on__gte=timezone.localdate(now),
            )
            .order_by("-created_at")[:10]
        ),
        sections=[
            section
            for module in app_hook_modules("weekly")
            if (section := module.weekly_section(town, since=since, until=now)) is not None
        ],
    )


def unsubscribe_token(*, town: Town, user: User) -> str:
    return signing.dumps({"t": town.pk, "u": user.pk}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token_read(token: str) -> tuple[int, int] | None:
    """(town id, user id) of a genuine token, else None. Valid without expiry: an old mail's
    link must still work."""
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return int(data["t"]), int(data["u"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def weekly_mail_subscribe(*, town: Town, user: User) -> WeeklyMailSubscription:
    subscription, _created = WeeklyMailSubscription.objects.get_or_create(town=town, user=user)
    return subscription


def weekly_mail_unsubscribe(*, town_id: int, user_id: int) -> bool:
    deleted, _rows = WeeklyMailSubscription.objects.filter(
        town_id=town_id, user_id=user_id
    ).delete()
    return bool(deleted)


def weekly_mail_send(*, town: Town, now: datetime.datetime | None = None) -> int:
    """Send this week's Wochenpost to every subscriber not yet served; returns how many."""
    now = now or timezone.now()
    week = iso_week(now)
    digest = weekly_digest(town, now=now)
    if digest.is_empty:
        return 0
    subscriptions = (
        WeeklyMailSubscription.objects.in_town(town)
        .filter(user__is_active=True)
        .exclude(user__email="")
        .exclude(user__email__isnull=True)
        .select_related("user")
    )
    sent = 0
    for subscription in subscriptions:
        user = subscription.user
        try:
            with transaction.atomic():
                WeeklyMailSent.objects.create(town=town, user=user, week=week, sent_at=now)
                email_after_commit(
                    recipients=[user.email],
                    subject=_("Wochenpost aus %(town)s") % {"town": town.name},
                    template="desk/email/weekly.txt",
                    context={
                        "town": town,
                        "digest": digest,
                        "week": week,
                        "unsubscribe_url": absolute(
                            "weekly_unsubscribe",
                            town,
                            token=unsubscribe_token(town=town, user=user),
                        ),
                    },
                    language=user.language,
                )
        except IntegrityError:
            continue  # already sent this week (a rerun or a parallel run)
        sent += 1
    logger.info("desk wochenpost %s: %d mails in town %s", week, sent, town.pk)
    return sent
