"""Ansprechpersonen: kept by the coordinator, reached through a relay form (no address shown)."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from logbuch.core.emails import email_after_commit
from logbuch.towns.audit import audit
from logbuch.towns.models import Town, User

from ..models import ContactPerson

logger = logging.getLogger("logbuch.desk")


def contact_person_save(
    *, town: Town, actor: User, person: ContactPerson | None = None, **fields: Any
) -> ContactPerson:
    with transaction.atomic():
        if person is None:
            person = ContactPerson.objects.create(town=town, **fields)
        else:
            for name, value in fields.items():
                setattr(person, name, value)
            person.save(update_fields=list(fields))
        audit(town=town, actor=actor, action="desk.contact.saved", target=person)
    return person


def contact_person_remove(*, person: ContactPerson, actor: User) -> None:
    with transaction.atomic():
        audit(town=person.town, actor=actor, action="desk.contact.removed", target=person)
        person.delete()


def relay_message_send(
    *, town: Town, recipient_email: str, about: str, name: str, email: str, text: str
) -> None:
    """Forward a message to a contact person or a board author; nothing is stored.

    The recipient answers the sender's address themselves, so neither learns the other's
    address unless they choose to write back.
    """
    email_after_commit(
        recipients=[recipient_email],
        subject=_("Nachricht über die Anlaufstelle: %(about)s") % {"about": about},
        template="desk/email/relay.txt",
        context={"town": town, "about": about, "name": name, "email": email, "text": text},
    )
    logger.info("desk relay message sent in town %s", town.pk)
