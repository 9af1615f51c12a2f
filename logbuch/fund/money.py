"""Money is integer cents; these helpers turn cents into German text and back."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


def euro(cents: int | None) -> str:
    """1234567 -> '12.345,67 €' (German grouping and decimal comma)."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(int(cents)), 100)
    return f"{sign}{euros:,}".replace(",", ".") + f",{rest:02d} €"


def parse_euro(text: str) -> int:
    """'1.500', '1500,50', '1 500,5 €' -> cents. Raises ValueError on anything else."""
    cleaned = text.replace("€", "").replace(" ", "").replace("\u00a0", "").strip()
    if not cleaned:
        raise ValueError("empty amount")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif cleaned.count(".") == 1 and len(cleaned.split(".")[1]) == 3:
        cleaned = cleaned.replace(".", "")  # "1.500" is German thousands grouping
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if value != value.quantize(Decimal("0.01")) or value.is_nan() or value.is_infinite():
        raise ValueError(text)
    return int((value * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def percent_of(cents: int, percent: int) -> int:
    """Share of an amount, rounded down to whole cents (never promise a cent too much)."""
    return cents * percent // 100
