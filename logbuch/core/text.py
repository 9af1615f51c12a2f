"""Text hygiene shared by every form: invisible bidirectional controls are removed from input.

A right-to-left override (U+202E) before "gnp.exe" makes it show as "exe.png"; titles, names
and file names must read as they are stored. Every form of the project gets this through
`logbuch.core.forms.KernFormMixin`, so a new app's forms are covered without doing anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django import forms

# Embeddings, overrides and their end (U+202A–U+202E), isolates (U+2066–U+2069), the left-to-right
# and right-to-left marks and the Arabic letter mark.
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)
_REMOVE = dict.fromkeys(map(ord, BIDI_CONTROLS))


def strip_bidi(text: str) -> str:
    """`text` without bidirectional control characters."""
    return text.translate(_REMOVE)


def _is_text_field(field: forms.Field) -> bool:
    # Passwords are taken exactly as typed: stripping would change what a person chose.
    return isinstance(field, forms.CharField) and not isinstance(field.widget, forms.PasswordInput)


class BidiStripMixin:
    """Removes bidi controls from the submitted value of every text field before validation.

    Runs at the start of `full_clean` (not in `__init__`), so fields that a form's own
    `__init__` adds after the base class are covered too; the re-rendered form shows the
    cleaned value.
    """

    if TYPE_CHECKING:  # provided by django.forms.BaseForm
        data: Mapping[str, Any]
        fields: dict[str, forms.Field]

        def add_prefix(self, field_name: str) -> str: ...

    def full_clean(self) -> None:
        self.data = self._data_without_bidi()
        super().full_clean()  # type: ignore[misc]

    def _data_without_bidi(self) -> Mapping[str, Any]:
        keys = [self.add_prefix(n) for n, f in self.fields.items() if _is_text_field(f)]
        keys = [k for k in keys if k in self.data]
        if not keys:
            return self.data
        getlist = getattr(self.data, "getlist", None)
        if getlist is not None:  # a QueryDict (or MultiValueDict): keep every value of a key
            data = self.data.copy()  # type: ignore[attr-defined]
            for key in keys:
                data.setlist(key, [_strip(v) for v in getlist(key)])
            return data  # type: ignore[no-any-return]
        return {**self.data, **{k: _strip(self.data[k]) for k in keys}}


def _strip(value: Any) -> Any:
    if isinstance(value, str):
        return strip_bidi(value)
    if isinstance(value, list | tuple):
        return type(value)(_strip(v) for v in value)
    return value
