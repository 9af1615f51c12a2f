"""What each Dienste status means (`logbuch.core.status.Phase`), which fixes its badge colour."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from logbuch.core.status import Phase

from .models import RequestStatus, ServiceStatus

SERVICE_PHASES: Final[Mapping[str, Phase]] = {
    ServiceStatus.PLANNED: Phase.DRAFT,
    ServiceStatus.ACTIVE: Phase.OPEN,
    ServiceStatus.PAUSED: Phase.IN_REVIEW,
    ServiceStatus.ENDED: Phase.CLOSED,
}

REQUEST_PHASES: Final[Mapping[str, Phase]] = {
    RequestStatus.REQUESTED: Phase.SUBMITTED,
    RequestStatus.CONFIRMED: Phase.APPROVED,
    RequestStatus.DECLINED: Phase.REJECTED,
    RequestStatus.WITHDRAWN: Phase.CLOSED,
}
