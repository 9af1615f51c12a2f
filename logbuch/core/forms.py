"""KERN UX markup for every Django form: labels, hints, inline errors and an error summary."""

from __future__ import annotations

import html
from typing import Any

from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from .emails import normalize_email
from .text import BidiStripMixin


def _esc(value: Any) -> str:
    """conditional_escape() without its lazy-string wrapper (called a few times per option)."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def _attrs(attrs: dict[str, Any]) -> str:
    """Django's widgets/attrs.html in Python: dict order, True bare, False left out."""
    return "".join(
        f" {name}" if value is True else f' {name}="{_esc(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class SelectWidget(forms.Select):
    """A <select> written in Python with exactly the markup of Django's select templates.

    Django renders one template (plus an attribute template) per option; for list filters
    rendered on every request that is most of the form's cost. The class name keeps
    `BoundField.widget_type == "select"`, so the field template treats it as any select.
    """

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [f'<select name="{_esc(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(f'\n  <optgroup label="{_esc(group_name)}">')
            parts.extend(
                f'\n  <option value="{_esc(option["value"])}"'
                f"{_attrs(option['attrs'])}>{_esc(option['label'])}</option>\n"
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)


class CheckboxSelectMultipleWidget(forms.CheckboxSelectMultiple):
    """Checkboxes written in Python, with the markup of the option loop in core/forms/field.html.

    For long lists (a vote's shortlist holds a few hundred applications), where a template
    loop per option is most of the page's cost. The class name keeps
    `BoundField.widget_type == "checkboxselectmultiple"`, so core/forms/field.html writes the
    fieldset and, seeing `writes_options`, lets the widget write the options.
    """

    writes_options = True

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        if attrs and "id" in attrs:
            # BoundField iteration (the core template) passes the id first: same attribute order.
            attrs = {"id": attrs["id"], **attrs}
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [
            f'<div class="kern-form-check"><input type="{_esc(option["type"])}"'
            f' name="{_esc(option["name"])}"'
            f' value="{_esc(option["value"])}"{_attrs(option["attrs"])}>'
            f'<label class="kern-label" for="{_esc(option["attrs"].get("id"))}">'
            f"{_esc(option['label'])}</label></div>"
            for _group, options, _index in widget["optgroups"]
            for option in options
        ]
        return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)


class KernFormRenderer(TemplatesSetting):
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():  # type: ignore[attr-defined]
            widget = field.widget
            css = next(
                (c for t, c in _INPUT_CLASS.items() if isinstance(widget, t)),
                "kern-form-input__input",
            )
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:  # type: ignore[attr-defined]
            if name in self.fields:  # type: ignore[attr-defined]
                widget = self.fields[name].widget  # type: ignore[attr-defined]
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
