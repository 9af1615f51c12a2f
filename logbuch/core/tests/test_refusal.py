"""`refusal_on`: a service's refusal (a DomainError) lands on the form or in the messages."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib import messages
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import RequestFactory

from logbuch.core.errors import DomainError
from logbuch.core.shortcuts import refusal_on


class Full(DomainError):
    message = "Der Termin ist schon vergeben."


class NameForm(forms.Form):
    name = forms.CharField()


def valid_form() -> NameForm:
    form = NameForm(data={"name": "Ada"})
    assert form.is_valid()
    return form


def request_with_messages():
    request = RequestFactory().post("/")
    for middleware in (SessionMiddleware, MessageMiddleware):
        middleware(lambda request: HttpResponse()).process_request(request)
    return request


def test_a_refusal_becomes_a_non_field_error_and_the_code_after_the_block_runs():
    form = valid_form()
    with refusal_on(form) as refusal:
        raise Full
    assert form.non_field_errors() == ["Der Termin ist schon vergeben."]
    assert isinstance(refusal.refused, Full)
    assert not form.is_valid()


def test_a_refusal_can_go_to_one_field():
    form = valid_form()
    with refusal_on(form, field="name"):
        raise Full("Diesen Namen gibt es schon.")
    assert form.errors == {"name": ["Diesen Namen gibt es schon."]}


def test_on_a_request_the_refusal_becomes_a_message_of_the_given_level():
    request = request_with_messages()
    with refusal_on(request):
        raise Full
    with refusal_on(request, level=messages.INFO):
        raise Full("Schon abgeschlossen.")
    shown = [(m.level, str(m)) for m in messages.get_messages(request)]
    assert shown == [
        (messages.ERROR, "Der Termin ist schon vergeben."),
        (messages.INFO, "Schon abgeschlossen."),
    ]


def test_without_a_refusal_nothing_is_added():
    form = valid_form()
    with refusal_on(form) as refusal:
        pass
    assert refusal.refused is None
    assert form.is_valid()


@pytest.mark.parametrize("error", [ValueError("kaputt"), KeyError("name"), Exception("x")])
def test_other_exceptions_pass_through_untouched(error):
    form = valid_form()
    with pytest.raises(type(error)), refusal_on(form):
        raise error
    assert form.is_valid()
