"""`@signed_in`: anyone with an account, whether or not they belong to the town."""

from __future__ import annotations

from logbuch.towns.access import Access


def test_signed_in_admits_accounts_without_roles_and_refuses_visitors() -> None:
    access = Access(signed_in=True)
    assert access.allows(frozenset(), authenticated=True)
    assert not access.allows(frozenset(), authenticated=False)
    assert not access.allows(frozenset({"coordinator"}), authenticated=False)


def test_members_only_still_needs_a_role() -> None:
    assert not Access().allows(frozenset(), authenticated=True)
    assert Access().allows(frozenset({"volunteer"}), authenticated=True)
