"""Writes and business rules for towns and people."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from logbuch.core.emails import email_after_commit, normalize_email
from logbuch.core.locks import lock
from logbuch.core.services import installation_feedback_recipients

from . import errors
from .audit import audit
from .hooks import app_hook_modules
from .http import STEWARD_ROLES, is_coordinator, is_town_admin
from .models import AuditEntry, Invitation, Membership, Role, Town, User, people_changed
from .sessions import sessions_end

# --- Towns -----------------------------------------------------------------------------------


def town_create(
    *,
    name: str,
    slug: str,
    bundesland: str,
    population: int | None = None,
    actor: User | None = None,
) -> Town:
    with transaction.atomic():
        town = Town.objects.create(
            name=name, slug=slug, bundesland=bundesland, population=population
        )
        audit(town=town, actor=actor, action="towns.town.created", target=name)
    return town


TOWN_EDITABLE_FIELDS = (
    "name",
    "population",
    "contact_name",
    "contact_email",
    "contact_phone",
    "address",
    "logo",
)


def town_update(*, town: Town, actor: User, changes: dict[str, Any]) -> list[str]:
    """Change a town's details; the slug (its address) never changes. Returns changed fields."""
    changed = []
    for field, value in changes.items():
        if field not in TOWN_EDITABLE_FIELDS:
            raise ValueError(field)
        if getattr(town, field) != value:
            setattr(town, field, value)
            changed.append(field)
    if changed:
        with transaction.atomic():
            town.save(update_fields=changed)
            audit(
                town=town,
                actor=actor,
                action="towns.town.updated",
                target=town.name,
                fields=changed,
            )
    return changed


# --- Roles -----------------------------------------------------------------------------------


def _roles_of(*, town: Town, user: User) -> set[str]:
    return set(Membership.objects.in_town(town).filter(user=user).values_list("role", flat=True))


def _check_may_touch_roles(*, town: Town, actor: User | None, roles: Iterable[str]) -> None:
    """Only the town administration hands out or takes away the town-admin role."""
    if actor is None or not is_town_admin(frozenset(roles)):
        return
    if not is_town_admin(_roles_of(town=town, user=actor)):
        raise errors.RoleNotAllowed


def _check_stewards_remain(*, town: Town, user: User, remaining: set[str]) -> None:
    """Refuse a change that would leave the town without coordinator and town admin.

    Called inside the transaction after locking the town row, so two coordinators removing
    each other at the same moment cannot both succeed.
    """
    if is_coordinator(remaining):
        return
    if not is_coordinator(_roles_of(town=town, user=user)):
        return
    others = (
        Membership.objects.in_town(town).filter(role__in=STEWARD_ROLES).exclude(user=user).exists()
    )
    if not others:
        raise errors.LastCoordinator


def membership_grant(
    *, town: Town, user: User, roles: Iterable[str], actor: User | None = None
) -> list[str]:
    """Give a person roles in a town; roles already held stay, nothing is duplicated."""
    with transaction.atomic():
        held = _roles_of(town=town, user=user)
        new = sorted({str(r) for r in roles} - held)
        Membership.objects.bulk_create([Membership(town=town, user=user, role=r) for r in new])
        people_changed(town.pk)  # bulk_create sends no signals
        if new:
            audit(town=town, actor=actor, action="towns.roles.granted", target=str(user), roles=new)
    return new


def membership_set_roles(*, town: Town, user: User, roles: Iterable[str], actor: User) -> None:
    """Make the person's roles in the town exactly `roles` (at least one)."""
    wanted = {str(r) for r in roles}
    if not wanted:
        raise ValueError("roles")
    with transaction.atomic():
        lock(town)
        held = _roles_of(town=town, user=user)
        added, removed = wanted - held, held - wanted
        _check_may_touch_roles(town=town, actor=actor, roles=added | removed)
        _check_stewards_remain(town=town, user=user, remaining=wanted)
        if removed:
            Membership.objects.in_town(town).filter(user=user, role__in=removed).delete()
        Membership.objects.bulk_create([Membership(town=town, user=user, role=r) for r in added])
        people_changed(town.pk)  # bulk_create sends no signals
        if added or removed:
            audit(
                town=town,
                actor=actor,
                action="towns.roles.changed",
                target=str(user),
                added=sorted(added),
                removed=sorted(removed),
            )


def membership_remove(*, town: Town, user: User, actor: User) -> None:
    """Take a person out of the town (all roles); the person's account stays."""
    with transaction.atomic():
        lock(town)
        held = _roles_of(town=town, user=user)
        _check_may_touch_roles(town=town, actor=actor, roles=held)
        _check_stewards_remain(town=town, user=user, remaining=set())
        Membership.objects.in_town(town).filter(user=user).delete()
        audit(
            town=town,
            actor=actor,
            action="towns.member.removed",
            target=str(user),
            roles=sorted(held),
        )


def membership_leave(*, town: Town, user: User) -> None:
    """The person leaves the town themselves: all their roles there end."""
    with transaction.atomic():
        lock(town)
        _check_stewards_remain(town=town, user=user, remaining=set())
        deleted, _unused = Membership.objects.in_town(town).filter(user=user).delete()
        if deleted:
            audit(town=town, actor=user, action="towns.member.left", target=str(user))


def member_create_paper(*, town: Town, name: str, roles: Iterable[str], actor: User | None) -> User:
    """A person known only on paper: no email, cannot log in, holds roles in the town."""
    roles = [str(r) for r in roles]
    with transaction.atomic():
        _check_may_touch_roles(town=town, actor=actor, roles=roles)
        user = User(email=None, name=name.strip())
        user.set_unusable_password()
        user.save()
        Membership.objects.bulk_create([Membership(town=town, user=user, role=r) for r in roles])
        people_changed(town.pk)  # bulk_create sends no signals
        audit(
            town=town,
            actor=actor,
            action="towns.member.added_on_paper",
            target=user.name,
            roles=roles,
        )
    return user


# --- Invitations -----------------------------------------------------------------------------


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, invitation_token_hash(token)


def _subject(text: Any, language: str, **values: str) -> str:
    """The subject in the recipient's language (the body is rendered in it as well)."""
    with translation.override(language):
        return str(text).format(**values)


def _send_invitation(*, invitation: Invitation, token: str, base_url: str) -> None:
    path = reverse(
        "towns:invitation_accept", kwargs={"town_slug": invitation.town.slug, "token": token}
    )
    email_after_commit(
        recipients=[invitation.email],
        subject=_subject(_("Einladung zum Logbuch {town}"), "de", town=invitation.town.name),
        template="towns/email/invitation.txt",
        context={
            "invitation": invitation,
            "town": invitation.town,
            "link": base_url.rstrip("/") + path,
            "roles": invitation.role_labels(),
            "inviter": invitation.invited_by,
        },
        language="de",
    )


def invitation_create(
    *,
    town: Town,
    email: str,
    roles: Iterable[str],
    actor: User,
    base_url: str,
    name: str = "",
) -> Invitation:
    """Invite one email address with roles; the link is mailed after commit.

    Only the SHA-256 hash of the token is stored, so a leaked database gives no usable link.
    Raises AlreadyMember / InvitationAlreadyOpen for duplicates.
    """
    email = normalize_email(email)
    roles = sorted({str(r) for r in roles})
    with transaction.atomic():
        _check_may_touch_roles(town=town, actor=actor, roles=roles)
        if Membership.objects.in_town(town).filter(user__email=email).exists():
            raise errors.AlreadyMember
        earlier = Invitation.objects.in_town(town).filter(email=email, used_at__isnull=True)
        if earlier.filter(expires_at__gt=timezone.now()).exists():
            raise errors.InvitationAlreadyOpen
        earlier.delete()  # only expired ones are left: they make way for the new link
        token, token_hash = _new_token()
        try:
            with transaction.atomic():
                invitation = Invitation.objects.create(
                    town=town,
                    email=email,
                    name=name.strip(),
                    roles=roles,
                    token_hash=token_hash,
                    invited_by=actor,
                    expires_at=timezone.now() + timedelta(days=Invitation.VALID_DAYS),
                )
        except IntegrityError as exc:  # a second coordinator invited the same address just now
            raise errors.InvitationAlreadyOpen from exc
        audit(town=town, actor=actor, action="towns.invitation.sent", target=email, roles=roles)
        _send_invitation(invitation=invitation, token=token, base_url=base_url)
    return invitation


def invitation_resend(*, invitation: Invitation, actor: User, base_url: str) -> None:
    """Mail a fresh link, valid 14 days from now; the old link stops working."""
    if invitation.used_at is not None:
        raise errors.InvitationNotUsable
    token, token_hash = _new_token()
    with transaction.atomic():
        invitation.token_hash = token_hash
        invitation.expires_at = timezone.now() + timedelta(days=Invitation.VALID_DAYS)
        invitation.save(update_fields=["token_hash", "expires_at"])
        audit(
            town=invitation.town,
            actor=actor,
            action="towns.invitation.resent",
            target=invitation.email,
        )
        _send_invitation(invitation=invitation, token=token, base_url=base_url)


def invitation_revoke(*, invitation: Invitation, actor: User) -> None:
    """Withdraw an unused invitation: the link stops working at once."""
    if invitation.used_at is not None:
        raise errors.InvitationNotUsable
    with transaction.atomic():
        audit(
            town=invitation.town,
            actor=actor,
            action="towns.invitation.revoked",
            target=invitation.email,
        )
        invitation.delete()


def _still_open() -> Q:
    """The condition of the accepting UPDATE: unused and not expired. Checked by the database
    in the same statement that marks the invitation used, so no second accept slips in."""
    return Q(used_at__isnull=True, expires_at__gt=timezone.now())


def invitation_accept(*, invitation: Invitation, user: User) -> None:
    """Use the invitation once: the account it was sent to gets its roles in the town.

    Only the account with the invitation's address may accept (an invitation can carry the
    coordinator and town-admin roles; a forwarded or leaked link must not hand them to
    whoever is signed in): InvitationForAnotherEmail, and nothing changes. The flip from
    unused to used is one conditional UPDATE, so two clicks on the same link (or two
    browsers) can never both succeed.
    """
    if not user.email or normalize_email(user.email) != normalize_email(invitation.email):
        raise errors.InvitationForAnotherEmail
    with transaction.atomic():
        used = (
            Invitation.objects.filter(pk=invitation.pk)
            .filter(_still_open())
            .update(used_at=timezone.now(), used_by=user)
        )
        if used != 1:
            raise errors.InvitationNotUsable
        people_changed(invitation.town_id)  # update() sends no signals
        membership_grant(town=invitation.town, user=user, roles=invitation.roles, actor=user)
        audit(
            town=invitation.town,
            actor=user,
            action="towns.invitation.accepted",
            target=invitation.email,
        )


def invitation_accept_new_person(*, invitation: Invitation, name: str, password: str) -> User:
    """A new person joins through the invitation; the email address comes from the invitation."""
    if not invitation.is_usable:
        raise errors.InvitationNotUsable
    with transaction.atomic():
        if User.objects.filter(email=normalize_email(invitation.email)).exists():
            raise errors.EmailTaken
        user = User.objects.create_user(invitation.email, password, name=name.strip())
        invitation_accept(invitation=invitation, user=user)
    return user


def invitation_request_new(*, town: Town, name: str, email: str, note: str = "") -> int:
    """Ask the town's coordinators for a fresh invitation. Returns how many were told.

    Each coordinator gets a separate mail in their own language, so no address is disclosed
    to the others.
    """
    stewards = (
        User.objects.filter(
            memberships__town=town,
            memberships__role__in=STEWARD_ROLES,
            email__isnull=False,
            is_active=True,
        )
        .distinct()
        .order_by("pk")
    )
    request_subject = _("Bitte um eine neue Einladung für {town}")
    count = 0
    for steward in stewards:
        email_after_commit(
            recipients=[steward.email or ""],
            subject=_subject(request_subject, steward.language, town=town.name),
            template="towns/email/invitation_request.txt",
            context={"town": town, "name": name, "email": email, "note": note},
            language=steward.language,
        )
        count += 1
    if not count and town.contact_email:
        email_after_commit(
            recipients=[town.contact_email],
            subject=_subject(request_subject, "de", town=town.name),
            template="towns/email/invitation_request.txt",
            context={"town": town, "name": name, "email": email, "note": note},
            language="de",
        )
        count = 1
    return count


def accessibility_feedback_recipients(*, town: Town) -> list[str]:
    """Who reads feedback on a town's accessibility statement: its town admins, else its
    contact address, else the installation's admins."""
    admins = list(
        Membership.objects.in_town(town)
        .filter(role=Role.TOWN_ADMIN, user__is_active=True, user__email__isnull=False)
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("user__email", flat=True)
        .distinct()
    )
    if admins:
        return admins
    if town.contact_email:
        return [town.contact_email]
    return installation_feedback_recipients()


# --- The person's own account ------------------------------------------------------------------


def user_update_profile(*, user: User, name: str, language: str) -> None:
    user.name = name.strip()
    user.language = language
    user.save(update_fields=["name", "language"])


def user_export_data(*, user: User) -> dict[str, Any]:
    """All data Logbuch holds about the person (DSGVO Art. 15 and 20), keyed by app.

    Each app contributes through `logbuch/<app>/privacy.py: export_user_data(user) -> dict`.
    """
    data: dict[str, Any] = {"exported_at": timezone.now().isoformat(), "apps": {}}
    for module in app_hook_modules("privacy"):
        export = getattr(module, "export_user_data", None)
        if export is not None:
            data["apps"][module.__name__.split(".")[1]] = export(user)
    return data


def user_erase(*, user: User) -> None:
    """Erase the person (DSGVO Art. 17): every app's erase hook runs, then the account goes.

    The towns' audit logs keep a line that someone left, without the name.
    """
    with transaction.atomic():
        town_ids = sorted(
            set(Membership.objects.filter(user=user).values_list("town_id", flat=True))
        )
        for module in app_hook_modules("privacy"):
            erase = getattr(module, "erase_user_data", None)
            if erase is not None:
                erase(user)
        AuditEntry.objects.bulk_create(
            [
                AuditEntry(town_id=town_id, actor=None, action="towns.account.deleted", details={})
                for town_id in town_ids
            ]
        )
        sessions_end(user=user)
        user.delete()
