"""Secrets of a public vote: hashed email addresses, link tokens and paper codes.

Nothing here stores a plain email address or code. The address is kept only as an HMAC keyed
with the installation's secret and the vote, so the same person gets the same hash within one
vote (one voter per address) but hashes of two votes cannot be joined.

Paper codes are derived from the vote and a serial number with the secret key, so the
coordinator can print the sheet again later; the database holds only their SHA-256 hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings

from logbuch.core.emails import normalize_email

# No 0/O, 1/I/L, 5/S, 8/B: codes are typed from paper by people of every age.
CODE_ALPHABET = "ACDEFGHJKMNPQRTUVWXYZ234679"
CODE_LENGTH = 10


def _hmac(message: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


# Providers known to deliver every spelling of a local part with or without dots to the same
# mailbox, and the domain each is known as.
DOTLESS_DOMAINS = {"gmail.com": "gmail.com", "googlemail.com": "gmail.com"}


def voter_mailbox(email: str) -> str:
    """The mailbox an address reaches: one mailbox, one voter in a public vote.

    Rules, applied in this order (docs/architecture.md, "Public votes"):

    1. `logbuch.core.emails.normalize_email`: trimmed, Unicode NFKC, lower-case
       (`Mallory@Example.org` = `mallory@example.org`).
    2. Sub-addressing: everything from the first `+` of the local part on is dropped
       (`mallory+2@example.org` = `mallory@example.org`); nearly every provider delivers
       `+tag` to the undecorated mailbox, and a vote cannot ask which ones do not.
    3. Gmail: `googlemail.com` is `gmail.com`, and dots in the local part are dropped
       (`m.all.ory@gmail.com` = `mallory@gmail.com`); only for these domains, since elsewhere
       `anna.berg@` and `annaberg@` are different people.

    An address the rules leave as it is keeps the hash it had before they were introduced
    (the HMAC input is unchanged), so voters registered earlier keep their key.
    """
    address = normalize_email(email)
    local, at, domain = address.rpartition("@")
    if not at or not local:
        return address
    local = local.split("+", 1)[0] or local
    if domain in DOTLESS_DOMAINS:
        domain = DOTLESS_DOMAINS[domain]
        local = local.replace(".", "") or local
    return f"{local}@{domain}"


def email_hash(*, vote_id: int, email: str) -> str:
    return _hmac(f"fund-vote-email:{vote_id}:{voter_mailbox(email)}")


def new_link_token() -> str:
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def paper_code(*, vote_id: int, serial: int) -> str:
    """The printed code for one line of the code sheet, e.g. ``KX7P-MN3A-QR``."""
    digest = bytes.fromhex(_hmac(f"fund-vote-code:{vote_id}:{serial}"))
    number = int.from_bytes(digest, "big")
    chars = []
    for _ in range(CODE_LENGTH):
        number, index = divmod(number, len(CODE_ALPHABET))
        chars.append(CODE_ALPHABET[index])
    raw = "".join(chars)
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


def normalize_code(code: str) -> str:
    return "".join(ch for ch in code.upper() if ch.isalnum())


def code_hash(code: str) -> str:
    return hashlib.sha256(f"fund-vote-code:{normalize_code(code)}".encode()).hexdigest()
