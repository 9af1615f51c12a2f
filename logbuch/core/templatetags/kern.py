"""KERN components used by every app: `{% load kern %}`.

- `{% status_badge phase label %}`: a KERN badge in the colour of the phase
  (`logbuch.core.status`); apps turn their status values into phases with their own filter
  (`application_phase`, `measure_phase`, ...).
- `{% keyvalue key %}value{% endkeyvalue %}`: one row of a key/value block, inside
  `<dl class="kern-description-list">`; the value may hold markup (links, badges).
- `{{ text|german }}`: text stored in German (the catalogue, the guide's recommendations)
  marked `lang="de"` in the English interface, so a screen reader reads it as German.
- `{% error_title %}`: "Fehler: " before the page title when a form of the page was sent and
  refused (WCAG 3.3.1: the title is the first thing a screen reader reads after the submit).
- `{% scrollregion label %}<table …>{% endscrollregion %}`: a wide table (a matrix of figures)
  in a box that scrolls sideways on a phone, named and reachable by keyboard
  (`role=region`, `aria-label`, `tabindex=0`). Lists of things use a stacked table instead
  (`class="kern-table stack-table"`, every cell with `data-label`; see logbuch.css).

The HTML lives in `core/kern/*.html`.
"""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.template.base import FilterExpression, Parser, Token
from django.template.context import Context
from django.template.loader import render_to_string
from django.utils.translation import get_language, gettext

from logbuch.core.legal import enforcement_body as _enforcement_body
from logbuch.core.status import Phase, tone_of

register = template.Library()


@register.inclusion_tag("core/kern/badge.html")
def status_badge(phase: Phase | str, label: Any) -> dict[str, Any]:
    return {"tone": tone_of(phase), "label": label}


class WrapNode(template.Node):
    """Renders `template_name` with `key` (the tag's argument) and `value` (its body)."""

    def __init__(
        self, template_name: str, key: FilterExpression, nodelist: template.NodeList
    ) -> None:
        self.template_name = template_name
        self.key = key
        self.nodelist = nodelist

    def render(self, context: Context) -> str:
        return render_to_string(
            self.template_name,
            {"key": self.key.resolve(context), "value": self.nodelist.render(context)},
        )


def _wrap_tag(parser: Parser, token: Token, template_name: str) -> WrapNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes exactly one argument")
    nodelist = parser.parse((f"end{bits[0]}",))
    parser.delete_first_token()
    return WrapNode(template_name, parser.compile_filter(bits[1]), nodelist)


@register.tag
def keyvalue(parser: Parser, token: Token) -> WrapNode:
    """`{% keyvalue _("Status") %}…{% endkeyvalue %}` (the key may be any variable)."""
    return _wrap_tag(parser, token, "core/kern/key_value.html")


@register.tag
def scrollregion(parser: Parser, token: Token) -> WrapNode:
    """`{% scrollregion _("Verteilung") %}<table>…</table>{% endscrollregion %}`"""
    return _wrap_tag(parser, token, "core/kern/scroll_region.html")


@register.filter
def enforcement_body(bundesland: str) -> str:
    """{{ town.bundesland|enforcement_body }}: see `logbuch.core.legal`."""
    return _enforcement_body(bundesland)


def _refused(value: Any) -> bool:
    # type(), not isinstance(): isinstance() would evaluate lazy context values such as
    # csrf_token, which sets the CSRF cookie and makes a visitor's page uncacheable.
    kind = type(value)
    if issubclass(kind, forms.BaseForm):
        return bool(value.is_bound and value.errors)
    if issubclass(kind, forms.BaseFormSet):
        return bool(value.is_bound and value.total_error_count() > 0)
    return False


@register.simple_tag(takes_context=True)
def error_title(context: Context) -> str:
    """`Fehler: ` when a form or formset of the page's context was sent and has errors, or the
    page lists `error_links` (see core/forms/form.html#error_summary)."""
    values = context.flatten()
    if values.get("error_links") or any(_refused(value) for value in values.values()):
        return gettext("Fehler:") + " "
    return ""


@register.filter
def german(text: Any) -> Any:
    """`text` as it is on a German page, in `<span lang="de">` on any other (WCAG 3.1.2)."""
    if (get_language() or "de").startswith("de") or text in (None, ""):
        return text
    return render_to_string("core/kern/german.html", {"text": text})
