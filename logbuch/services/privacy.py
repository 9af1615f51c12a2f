"""Personal data held by the Daseinsvorsorge (see `logbuch.towns.privacy` for the contract).

Export: the person's sign-ups, qualifications, confirmed hours, responsibilities and calendar
links (never the tokens). Erasure: sign-ups, qualifications, hours and calendar links go; the
person is taken out of every responsibility (the place then shows as vacant), and requests
they decided keep the decision without the name. Residents' requests carry no account; they
are not linked to anyone.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from logbuch.towns.models import User

from .models import (
    CalendarFeed,
    HoursRecord,
    Responsibility,
    ServiceRequest,
    SignUp,
    VolunteerQualification,
)


def export_user_data(user: User) -> dict[str, Any]:
    signups = SignUp.objects.filter(user=user).select_related("shift__service", "town")
    hours = HoursRecord.objects.filter(user=user).select_related("service", "town")
    quals = VolunteerQualification.objects.filter(user=user).select_related("qualification")
    duties = Responsibility.objects.filter(Q(holder=user) | Q(deputy=user)).select_related(
        "service", "town"
    )
    return {
        "services_signups": [
            {
                "town": s.town.name,
                "service": s.shift.service.name,
                "starts_at": s.shift.starts_at.isoformat(),
                "status": s.status,
                "created_at": s.created_at.isoformat(),
            }
            for s in signups.order_by("shift__starts_at")
        ],
        "services_hours": [
            {
                "town": h.town.name,
                "service": h.service.name,
                "day": h.day.isoformat(),
                "minutes": h.minutes,
            }
            for h in hours.order_by("day")
        ],
        "services_qualifications": [
            {
                "qualification": q.qualification.name,
                "valid_until": q.valid_until.isoformat() if q.valid_until else None,
            }
            for q in quals
        ],
        "services_responsibilities": [
            {
                "town": r.town.name,
                "service": r.service.name if r.service else None,
                "area": r.area,
                "title": r.title,
                "as": "holder" if r.holder_id == user.pk else "deputy",
            }
            for r in duties
        ],
        "services_calendar_links": [
            {
                "created_at": f.created_at.isoformat(),
                "revoked_at": f.revoked_at and f.revoked_at.isoformat(),
            }
            for f in CalendarFeed.objects.filter(user=user)
        ],
    }


def erase_user_data(user: User) -> None:
    SignUp.objects.filter(user=user).delete()
    HoursRecord.objects.filter(user=user).delete()
    VolunteerQualification.objects.filter(user=user).delete()
    CalendarFeed.objects.filter(user=user).delete()
    Responsibility.objects.filter(holder=user).update(holder=None)
    Responsibility.objects.filter(deputy=user).update(deputy=None)
    ServiceRequest.objects.filter(decided_by=user).update(decided_by=None)
