"""Reads of the Austauschort (Biete/Suche): the visible list and suggested matches.

Matches are posts of the same category, of the other kind (an offer suggests requests and the
other way round), that share words with the post. On PostgreSQL the words are compared by
full-text search with the German configuration (stems, stop words: "Fahrräder" meets
"Fahrrad"); on SQLite by a plain overlap of lower-cased words of four letters or more.
"""

from __future__ import annotations

import datetime
import re

from django.db import connection
from django.db.models import Q, QuerySet
from django.utils import timezone

from logbuch.towns.models import Town

from .models import BoardKind, BoardPost, BoardStatus

MATCH_LIMIT = 5
MATCH_CANDIDATES = 200
WORD = re.compile(r"\w{4,}", re.UNICODE)


def board_visible(town: Town, *, today: datetime.date | None = None) -> QuerySet[BoardPost]:
    return BoardPost.objects.in_town(town).filter(
        status=BoardStatus.ACTIVE, expires_on__gte=today or timezone.localdate()
    )


def board_list(
    town: Town, *, kind: str = "", category: str = "", search: str = ""
) -> QuerySet[BoardPost]:
    posts = board_visible(town)
    if kind:
        posts = posts.filter(kind=kind)
    if category:
        posts = posts.filter(category=category)
    for word in search.split()[:8]:
        posts = posts.filter(Q(title__icontains=word) | Q(text__icontains=word))
    return posts.order_by("-created_at", "-pk")


def words(text: str) -> set[str]:
    return {w.lower() for w in WORD.findall(text)}


def board_matches(post: BoardPost, *, limit: int = MATCH_LIMIT) -> list[BoardPost]:
    """Suggested posts for this one, best first (one query on either database)."""
    other = BoardKind.REQUEST if post.kind == BoardKind.OFFER else BoardKind.OFFER
    candidates = (
        board_visible(post.town).filter(category=post.category, kind=other).exclude(pk=post.pk)
    )
    own = words(f"{post.title} {post.text}")
    if not own:
        return []
    if connection.vendor == "postgresql":
        return _matches_fulltext(candidates, own, limit)
    return _matches_overlap(candidates, own, limit)


def _matches_fulltext(
    candidates: QuerySet[BoardPost], own: set[str], limit: int
) -> list[BoardPost]:
    from django.contrib.postgres.search import (  # noqa: PLC0415
        SearchQuery,
        SearchRank,
        SearchVector,
    )

    query = SearchQuery(" OR ".join(sorted(own)), search_type="websearch", config="german")
    vector = SearchVector("title", weight="A", config="german") + SearchVector(
        "text", weight="B", config="german"
    )
    return list(
        candidates.annotate(rank=SearchRank(vector, query))
        .filter(rank__gt=0)
        .order_by("-rank", "-created_at", "-pk")[:limit]
    )


def _matches_overlap(candidates: QuerySet[BoardPost], own: set[str], limit: int) -> list[BoardPost]:
    scored = []
    for other in candidates.order_by("-created_at", "-pk")[:MATCH_CANDIDATES]:
        shared = len(own & words(f"{other.title} {other.text}"))
        if shared:
            scored.append((shared, other))
    scored.sort(key=lambda pair: -pair[0])  # stable: newest first among equals
    return [other for _shared, other in scored[:limit]]
