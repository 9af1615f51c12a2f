"""Money is integer cents; these helpers turn cents into German text and back, and `EuroField`
is the one form field for amounts (German input in, cents out, one error text)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


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


class EuroField(forms.CharField):
    """Typed as '1.500' or '1500,50' (euros), cleaned to integer cents."""

    def __init__(self, *args: Any, min_cents: int = 0, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.min_cents = min_cents
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": "20"})

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, int):
            return euro(value).replace(" €", "")
        return value

    def to_python(self, value: Any) -> int | None:  # type: ignore[override]
        text = super().to_python(value)
        if not text:
            return None
        try:
            cents = parse_euro(text)
        except ValueError as exc:
            raise ValidationError(
                _("Bitte geben Sie einen Betrag in Euro an, zum Beispiel 1.500 oder 1500,50.")
            ) from exc
        if cents < self.min_cents:
            raise ValidationError(
                _("Der Betrag muss mindestens %(min)s sein.") % {"min": euro(self.min_cents)}
            )
        return cents
