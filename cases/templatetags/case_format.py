"""Amounts and dates on the case pages in the reader's locale: ``{% load case_format %}``, then
``{{ value|amount }}``, ``|number``, ``|day`` and ``|moment``. Values may be the strings stored
in a case's JSON (``"1656.25"``, ``"2017-11-13"``); see cases.display.

``{{ reason|message }}`` shows a text kept in a case's JSON (a message's JSON form, or plain
text from before) in the reader's language; see exactbridge.helpers.messages."""

from django import template

from cases import display
from exactbridge.helpers import messages

register = template.Library()


@register.filter
def amount(value) -> str:
    return display.format_amount(value)


@register.filter
def number(value) -> str:
    return display.format_number(value)


@register.filter(expects_localtime=True)
def day(value) -> str:
    return display.format_day(value)


@register.filter(expects_localtime=True)
def moment(value) -> str:
    return display.format_moment(value)


@register.filter
def message(value) -> str:
    return messages.render(value)
