"""The one helper for race tests: run a callable in N real threads that start together.

Race tests run on PostgreSQL (`@pytest.mark.postgres`, `django_db(transaction=True)`), each
thread with its own connection. Every race test has a control case that patches the real lock
out of the real service, e.g. `monkeypatch.setattr(slots_module, "lock", no_lock)`, and shows
the invariant then breaks, so the test proves the lock is what holds it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import close_old_connections, connection


@dataclass
class RaceResult:
    succeeded: list[Any] = field(default_factory=list)
    refused: list[BaseException] = field(default_factory=list)
    crashed: list[BaseException] = field(default_factory=list)


def race(
    work: Callable[[int], Any],
    n: int,
    *,
    refusals: tuple[type[BaseException], ...] = (),
    timeout: float = 60,
) -> RaceResult:
    """Call `work(i)` for i in range(n) in n threads released at once by a barrier.

    A return value counts as success, an exception of `refusals` as an expected refusal,
    anything else as a crash (assert `not result.crashed`).
    """
    barrier = threading.Barrier(n)
    result = RaceResult()
    guard = threading.Lock()

    def runner(i: int) -> None:
        close_old_connections()
        try:
            barrier.wait(timeout=timeout)
            value = work(i)
            with guard:
                result.succeeded.append(value)
        except refusals as exc:
            with guard:
                result.refused.append(exc)
        except BaseException as exc:
            with guard:
                result.crashed.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=runner, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout)
    return result


def no_lock(*objects: Any, shared: bool = False) -> None:
    """Stand-in for `logbuch.core.locks.lock` in a control case: locks nothing."""
