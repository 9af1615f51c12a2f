"""Austauschort (Biete/Suche): post, close, contact through a relay, report, moderate.

Posting needs an account and a role in the town (members and residents with an account);
visitors may read, write to an author through the relay form (honeypot, fill time and a
per-client limit, as the Kummerkasten) and report abuse. The relay stores nothing and shows no
address. Hiding and restoring are the coordinator's, each audited; hiding settles the open
reports of the post, restoring leaves them settled.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.utils import timezone

from logbuch.towns.audit import audit
from logbuch.towns.models import Town, User

from ..errors import BoardPostClosed, DeskError
from ..models import BoardCategory, BoardKind, BoardPost, BoardReport, BoardStatus
from .contacts import relay_message_send

logger = logging.getLogger("logbuch.desk")


def board_post_visible(post: BoardPost, *, today: datetime.date | None = None) -> bool:
    return post.status == BoardStatus.ACTIVE and post.expires_on >= (today or timezone.localdate())


def board_post_create(
    *,
    town: Town,
    author: User,
    kind: BoardKind,
    category: BoardCategory,
    title: str,
    text: str,
    expires_on: datetime.date,
) -> BoardPost:
    with transaction.atomic():
        post = BoardPost.objects.create(
            town=town,
            author=author,
            kind=kind,
            category=category,
            title=title.strip(),
            text=text,
            expires_on=expires_on,
        )
    logger.info("desk board post %s created in town %s", post.pk, town.pk)
    return post


def board_post_close(*, post: BoardPost, actor: User) -> None:
    """The author marks the post as done ("erledigt")."""
    if post.author_id != actor.pk:
        raise DeskError
    if not BoardPost.objects.filter(pk=post.pk, status=BoardStatus.ACTIVE).update(
        status=BoardStatus.CLOSED
    ):
        raise BoardPostClosed
    post.status = BoardStatus.CLOSED


def board_contact(*, post: BoardPost, name: str, email: str, text: str) -> None:
    """Forward a message to the author; the author's address is never shown."""
    if not board_post_visible(post) or not post.author.email:
        raise BoardPostClosed
    relay_message_send(
        town=post.town,
        recipient_email=post.author.email,
        about=post.title,
        name=name,
        email=email,
        text=text,
    )


def board_report(*, post: BoardPost, reason: str) -> BoardReport:
    """Anyone may point out a post; the coordinator sees the count in the inbox."""
    if post.status == BoardStatus.HIDDEN:
        raise BoardPostClosed
    report = BoardReport.objects.create(town=post.town, post=post, reason=reason)
    logger.info("desk board post %s reported in town %s", post.pk, post.town_id)
    return report


def board_post_hide(*, post: BoardPost, actor: User) -> None:
    now = timezone.now()
    with transaction.atomic():
        BoardPost.objects.filter(pk=post.pk).update(status=BoardStatus.HIDDEN)
        BoardReport.objects.filter(post=post, outcome=BoardReport.Outcome.OPEN).update(
            outcome=BoardReport.Outcome.HIDDEN, decided_at=now
        )
        audit(town=post.town, actor=actor, action="desk.board.hidden", target=post)
    post.status = BoardStatus.HIDDEN


def board_post_restore(*, post: BoardPost, actor: User) -> None:
    if post.status != BoardStatus.HIDDEN:
        raise DeskError
    with transaction.atomic():
        BoardPost.objects.filter(pk=post.pk, status=BoardStatus.HIDDEN).update(
            status=BoardStatus.ACTIVE
        )
        audit(town=post.town, actor=actor, action="desk.board.restored", target=post)
    post.status = BoardStatus.ACTIVE


def board_reports_dismiss(*, post: BoardPost, actor: User) -> int:
    """The post stays; its open reports are settled."""
    with transaction.atomic():
        count = BoardReport.objects.filter(post=post, outcome=BoardReport.Outcome.OPEN).update(
            outcome=BoardReport.Outcome.DISMISSED, decided_at=timezone.now()
        )
        audit(town=post.town, actor=actor, action="desk.board.report_dismissed", target=post)
    return count
