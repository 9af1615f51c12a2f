"""One line per audit entry: `audit(town=, actor=, action="fund.application.approved", target=)`.

Action codes are namespaced `<app>.<entity>.<event>`. Each app lists its codes with their German
label in `logbuch/<app>/audit.py` as `ACTIONS = {"desk.concern.assigned": _("Anliegen
weitergegeben"), ...}`; the audit page shows the label, never the code, and `audit()` refuses a
code no app declared, so a new action cannot reach the log without a label.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from django.db import models
from django.utils.functional import Promise

from .hooks import app_hook_modules
from .models import AUDIT_ACTION_LABELS, AuditEntry

if TYPE_CHECKING:
    from .models import Town, User


class UnknownAuditAction(LookupError):
    """The code is not declared in any app's `audit.ACTIONS`."""


@cache
def action_labels() -> dict[str, str | Promise]:
    """Every declared action code with its German label (older towns codes included)."""
    labels: dict[str, str | Promise] = dict(AUDIT_ACTION_LABELS)
    for module in app_hook_modules("audit"):
        labels.update(getattr(module, "ACTIONS", {}))
    return labels


def action_label(code: str) -> str:
    return str(action_labels().get(code, code))


def audit(
    *,
    town: Town | None,
    actor: User | None,
    action: str,
    target: models.Model | str = "",
    **details: Any,
) -> AuditEntry:
    """Append one line to the audit log in the caller's transaction."""
    if action not in action_labels():
        raise UnknownAuditAction(action)
    return AuditEntry.objects.create(
        town=town, actor=actor, action=action, target=str(target)[:200], details=details
    )
