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
from django.utils.translation import gettext_lazy as _

from .hooks import app_hook_modules
from .models import AuditEntry

if TYPE_CHECKING:
    from .models import Town, User


# The towns app's own actions (this module is also its `audit` hook module).
ACTIONS: dict[str, str | Promise] = {
    "towns.town.created": _("Ort angelegt"),
    "towns.town.updated": _("Angaben zum Ort geändert"),
    "towns.roles.granted": _("Rollen vergeben"),
    "towns.roles.changed": _("Rollen geändert"),
    "towns.member.removed": _("Person aus dem Ort entfernt"),
    "towns.member.left": _("Person hat den Ort verlassen"),
    "towns.member.added_on_paper": _("Person nur auf Papier angelegt"),
    "towns.invitation.sent": _("Einladung verschickt"),
    "towns.invitation.resent": _("Einladung erneut verschickt"),
    "towns.invitation.revoked": _("Einladung zurückgezogen"),
    "towns.invitation.accepted": _("Einladung angenommen"),
    "towns.account.deleted": _("Konto gelöscht"),
}


class UnknownAuditAction(LookupError):
    """The code is not declared in any app's `audit.ACTIONS`."""


@cache
def action_labels() -> dict[str, str | Promise]:
    """Every declared action code with its German label."""
    labels: dict[str, str | Promise] = {}
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
