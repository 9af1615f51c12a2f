"""PostgreSQL connections plan for storage where random reads are cheap (see settings).

With the server default random_page_cost = 4 the planner counted a shift's taken seats by
reading every sign-up of the town (a sequential scan) instead of using the shift index: the
bench's coverage query took 18 ms instead of 3 ms (docs/benchmarks.md). An empty test database
cannot show that plan choice, so this checks that every connection carries the setting.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [
    pytest.mark.skipif(
        settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql",
        reason="PostgreSQL only",
    ),
    pytest.mark.django_db,
]


def test_connections_use_the_cheap_random_read_cost():
    with connection.cursor() as cursor:
        cursor.execute("SHOW random_page_cost")
        assert float(cursor.fetchone()[0]) == pytest.approx(1.1)
