"""KERN UX markup for every Django form: labels, hints, inline errors and an error summary."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .emails import normalize_email
from .text import BidiStripMixin

# First match wins: CheckboxSelectMultiple is a subclass of RadioSelect, so it comes first.
_KERN_CLASS: list[tuple[type[forms.Widget], str]] = [
    (forms.CheckboxSelectMultiple, "kern-form-check__checkbox"),
    (forms.RadioSelect, "kern-form-check__radio"),
    (forms.Select, "kern-form-input__select"),
    (forms.SelectMultiple, "kern-form-input__select"),
    (forms.CheckboxInput, "kern-form-check__checkbox"),
]


def kern_class(widget: forms.Widget) -> str:
    """KERN's class for a widget's input (its `--error` variant marks an invalid one)."""
    return next(
        (css for kind, css in _KERN_CLASS if isinstance(widget, kind)), "kern-form-input__input"
    )


class KernBoundField(BoundField):
    """A field as KERN draws it, decided when the field is rendered.

    Every form of the project gets this through the renderer (`KernFormRenderer`), so a field a
    form adds after its constructor ran, or a form Django ships, is styled like any other: the
    input carries KERN's class for its widget (and the `--error` variant while the field has an
    error), a textarea is as wide as its column (no `cols`), and the hint of a date or time
    input (`format_hint`) is read with the field.
    """

    def build_widget_attrs(
        self, attrs: dict[str, Any], widget: forms.Widget | None = None
    ) -> dict[str, Any]:
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        if widget.is_hidden:
            return attrs
        css = kern_class(widget)
        classes = [css, f"{css}--error" if self.errors else ""]
        classes += str(widget.attrs.get("class") or "").split()
        classes += str(attrs.get("class") or "").split()
        attrs["class"] = " ".join(dict.fromkeys(c for c in classes if c))
        if isinstance(widget, forms.Textarea):
            attrs["cols"] = False  # Django's default of 40 columns; the CSS sets the width
        return attrs

    @property
    def format_hint_id(self) -> str:
        """The id of the format hint (TT.MM.JJJJ) of a date or time input, else ""."""
        if self.auto_id and getattr(self.field.widget, "format_hint", None):
            return f"{self.auto_id}_format"
        return ""

    @property
    def aria_describedby(self) -> str | None:
        described = super().aria_describedby
        if described is None or not self.format_hint_id:
            return described
        return f"{self.format_hint_id} {described}".strip()


class KernFormRenderer(TemplatesSetting):
    """Django's widgets with KERN's form and field templates and KERN's field classes.

    core also overrides Django's `select.html` (see templates/django/forms/widgets/): the
    options are written in the select's own loop instead of one included template per option,
    the same markup at a fraction of the cost for filter selects with dozens of options.
    """

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
    bound_field_class = KernBoundField


class DateInput(forms.DateInput):
    """A date typed as TT.MM.JJJJ in a text input.

    Not `<input type="date">`: its browser-drawn format follows the browser's language
    (mm/dd/yyyy in an English browser on a German page) and the page cannot label it. The
    input formats (config/formats) read German dates in both interface languages, ISO too.
    """

    format_hint = _("Format: TT.MM.JJJJ, zum Beispiel 24.12.2026")

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})}, format="%d.%m.%Y")


class TimeInput(forms.TimeInput):
    """A time typed as HH:MM, 24 hours (a browser's time input may show AM/PM)."""

    format_hint = _("Format: HH:MM im 24-Stunden-Format, zum Beispiel 18:30")

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})}, format="%H:%M")


class DateTimeInput(forms.DateTimeInput):
    """A date and time typed as TT.MM.JJJJ HH:MM."""

    format_hint = _("Format: TT.MM.JJJJ HH:MM, zum Beispiel 24.12.2026 18:30")

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"autocomplete": "off", **(attrs or {})}, format="%d.%m.%Y %H:%M")


class KernFormMixin(BidiStripMixin):
    """What every form of the project shares besides the renderer: bidi controls removed from
    text input (`BidiStripMixin`) and optional fields marked in their label."""

    marks_optional = True  # core/forms/field.html writes "– optional" after optional labels


class NormalizedEmailField(forms.EmailField):
    """An email field whose value is the one stored spelling (`emails.normalize_email`).

    Normalised before validation, so a full-width or upper-case address typed on a phone is
    accepted and compared as the address it stands for.
    """

    def to_python(self, value: Any) -> str:
        return normalize_email(str(super().to_python(value)))


class Form(KernFormMixin, forms.Form):
    pass


class ModelForm(KernFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    pass


class FilterForm(Form):
    """The filter bar of a list page, a GET form whose fields are all optional (so unmarked).

    Ids are `f-<name>`. Views filter with `core.listing` and pass the active values as
    `initial`, so a value that matches no choice shows "alle" instead of an error.
    """

    marks_optional = False

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "f-%s")
        super().__init__(*args, **kwargs)


ALL: list[tuple[Any, Any]] = [("", _("alle"))]
"""The empty choice of a filter select."""


class AccessibilityFeedbackForm(Form):
    """A barrier someone met. Name and email are optional: feedback may be anonymous."""

    message = forms.CharField(
        label=_("Ihre Rückmeldung"),
        help_text=_("Welche Barriere ist Ihnen begegnet? Was hätte Ihnen geholfen?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    page_url = forms.CharField(label=_("Betroffene Seite"), max_length=500, required=False)
    name = forms.CharField(
        label=_("Ihr Name"),
        max_length=150,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        help_text=_("Nur wenn Sie eine Antwort möchten."),
        required=False,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def clean_page_url(self) -> str:
        """Only a path on this site: the field is prefilled from the link's ?seite=."""
        value: str = self.cleaned_data["page_url"].strip()
        if value and not url_has_allowed_host_and_scheme(value, allowed_hosts=None):
            return ""
        return value
