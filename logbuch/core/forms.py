"""KERN UX markup for every Django form: labels, hints, inline errors and an error summary."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _

from .emails import normalize_email
from .text import BidiStripMixin


class KernFormRenderer(TemplatesSetting):
    """Django's widgets with KERN's form and field templates.

    core also overrides Django's `select.html` (see templates/django/forms/widgets/): the
    options are written in the select's own loop instead of one included template per option,
    the same markup at a fraction of the cost for filter selects with dozens of options.
    """

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


# First match wins: CheckboxSelectMultiple is a subclass of RadioSelect, so it comes first.
_INPUT_CLASS = {
    forms.CheckboxSelectMultiple: "kern-form-check__checkbox",
    forms.RadioSelect: "kern-form-check__radio",
    forms.Select: "kern-form-input__select",
    forms.SelectMultiple: "kern-form-input__select",
    forms.CheckboxInput: "kern-form-check__checkbox",
}


class KernFormMixin(BidiStripMixin):
    """Adds KERN's CSS classes to widgets and marks invalid inputs (and, through
    `BidiStripMixin`, removes bidi controls from text input)."""

    marks_optional = True  # core/forms/field.html writes "– optional" after optional labels

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = next(
                (c for t, c in _INPUT_CLASS.items() if isinstance(widget, t)),
                "kern-form-input__input",
            )
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = (
                    f"{widget.attrs.get('class', '')} kern-form-input__input--error"
                )


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
    name = forms.CharField(label=_("Ihr Name"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("Ihre E-Mail-Adresse"),
        help_text=_("Nur wenn Sie eine Antwort möchten."),
        required=False,
    )

    def clean_page_url(self) -> str:
        """Only a path on this site: the field is prefilled from the link's ?seite=."""
        value: str = self.cleaned_data["page_url"].strip()
        if value and not url_has_allowed_host_and_scheme(value, allowed_hosts=None):
            return ""
        return value
