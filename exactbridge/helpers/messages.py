"""Texts for people that are written now and read later, in the reader's language.

A background task runs in the default language, but whoever opens the case may read English
or Dutch. So what a task keeps is a ``Message``: the English msgid and the values that go into
it. It is translated when it is shown, its values formatted in the reader's locale.

At the call site the msgid is marked for makemessages, which knows only the standard keywords::

    message(gettext_noop("IBAN %(iban)s is valid."), iban=shown)
    plural_message(singular, plural, count=n, ...)  # makemessages is taught this keyword

Values are plain: ``str`` and ``int`` as they are (``None`` as nothing), ``Decimal`` with the
decimals it has (an amount ``Decimal("60.00")``, a quantity ``Decimal("12")``), ``date`` as a
day, and nested messages (a translated label, a reason inside a sentence). A lazy translation
becomes a message of its msgid. Text that is not a msgid (a person's reason, Exact's error) is a
message without values: it is shown as it is, ``%`` and all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import translation
from django.utils.formats import date_format, number_format
from django.utils.functional import Promise

# A day with the month's (translated) name, as the case pages show dates (cases.display).
DAY_FORMAT = "j M Y"


@dataclass(frozen=True)
class Message:
    text: str
    params: Mapping[str, Any] = field(default_factory=dict, hash=False)
    plural: str = ""  # the plural msgid; the number is params["count"]

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", str(self.text))
        object.__setattr__(self, "params", {str(k): _value(v) for k, v in self.params.items()})

    def __bool__(self) -> bool:
        return bool(self.text)

    def __str__(self) -> str:
        return self.render()

    def render(self) -> str:
        """The text in the active language. Never raises: a translation whose placeholders do
        not fit falls back to the English text, and that failing to the bare msgid."""
        try:
            translated = self._translated()
            if not self.params:
                return translated
            values = {name: _shown(value) for name, value in self.params.items()}
        except Exception:
            return self.text
        for text in (translated, self.text):
            try:
                return text % values
            except (KeyError, ValueError, TypeError):
                continue
        return self.text

    def _translated(self) -> str:
        if self.plural:
            count = self.params.get("count")
            return translation.ngettext(self.text, self.plural, count if _is_int(count) else 0)
        return translation.gettext(self.text)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"text": self.text, "params": _params_json(self.params)}
        if self.plural:
            data["plural"] = self.plural
        return data

    @classmethod
    def from_json(cls, data: Any) -> Message:
        """A message from ``to_json``'s form; a plain string (text stored before messages were
        kept) is a message without values. Never raises."""
        if isinstance(data, (Message, Promise)):
            return _value(data)
        if isinstance(data, dict) and isinstance(data.get("text"), str):
            return cls.from_columns(data["text"], data.get("params"), str(data.get("plural") or ""))
        return cls("" if data is None else str(data))

    def to_columns(self) -> tuple[str, dict[str, Any]]:
        """(text, params) for a text column and a JSON column beside it."""
        if self.plural:  # the column pair has no room for the plural: nest it
            return "%(0)s", {"0": self.to_json()}
        return self.text, _params_json(self.params)

    @classmethod
    def from_columns(cls, text: str | None, params: Any, plural: str = "") -> Message:
        """The message kept in a text column and its JSON column (empty for old rows)."""
        values = params if isinstance(params, dict) else {}
        return cls(text or "", {str(k): _from_json(v) for k, v in values.items()}, plural)


class MessageError(Exception):
    """An error whose reason is kept for people: ``message`` goes on the case and is read in the
    reader's language; ``str(error)`` is the text in the active language, for logs."""

    def __init__(self, reason: Message | Promise | str):
        self.message = as_message(reason)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message.render()


def message(text: str, /, **params: Any) -> Message:
    """``text`` is the msgid, marked with ``gettext_noop`` where it is written."""
    return Message(text, params)


def plural_message(singular: str, plural: str, /, *, count: int, **params: Any) -> Message:
    """A message whose wording depends on ``count`` (also a value of the text)."""
    return Message(singular, {"count": count, **params}, plural=plural)


def join(parts: Iterable[Message | str], sep: str = " ") -> Message:
    """Several messages read as one: sentences after each other, reasons in a list. Each part
    is translated on its own; empty parts are left out."""
    items = [part if isinstance(part, Message) else Message(part) for part in parts if part]
    if len(items) == 1:
        return items[0]
    # Not a msgid (it is in no catalogue), so it is used as it is.
    template = sep.replace("%", "%%").join(f"%({index})s" for index in range(len(items)))
    return Message(template, {str(index): item for index, item in enumerate(items)})


def as_message(value: Message | Promise | str | dict | None) -> Message:
    """A message from whatever was stored: a message, its JSON form, or plain text; a lazy
    translation becomes a message of its msgid."""
    return Message.from_json(value)


def render(value: Message | str | dict | None) -> str:
    """Whatever was stored, as text in the active language."""
    return as_message(value).render()


def readable_values(values: Any) -> Any:
    """Stored values (an audit event's before/after) with the messages in them rendered: a
    ``{"text", "params"}`` object, or a text column beside its ``<name>_params`` column."""
    if isinstance(values, list):
        return [readable_values(item) for item in values]
    if not isinstance(values, dict):
        return values
    if isinstance(values.get("text"), str) and isinstance(values.get("params"), dict):
        return Message.from_json(values).render()
    shown = {}
    for name, value in values.items():
        if name.endswith("_params") and name.removesuffix("_params") in values:
            continue
        if f"{name}_params" in values and isinstance(value, str):
            shown[name] = Message.from_columns(value, values[f"{name}_params"]).render()
        else:
            shown[name] = readable_values(value)
    return shown


# --- Values ------------------------------------------------------------------------------------


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _value(value: Any) -> Any:
    if isinstance(value, Promise):
        # A lazy translation (a choice's label): kept as its msgid, translated when shown.
        with translation.override(None):
            return Message(str(value))
    if value is None or isinstance(value, (Message, str, Decimal)) or _is_int(value):
        return value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise TypeError(f"A message value is a str, int, Decimal, date, Message or None, not {value!r}")


def _shown(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Message):
        return value.render()
    if isinstance(value, Decimal):
        if not value.is_finite():
            return str(value)
        places = max(-value.as_tuple().exponent, 0)
        return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    if isinstance(value, dt.date):
        return date_format(value, DAY_FORMAT)
    return value  # an int stays an int for %(count)d


def _params_json(params: Mapping[str, Any]) -> dict[str, Any]:
    return {name: _to_json(value) for name, value in params.items()}


def _to_json(value: Any) -> Any:
    if isinstance(value, Message):
        return value.to_json()
    if isinstance(value, Decimal):
        return {"decimal": format(value, "f")}
    if isinstance(value, dt.date):
        return {"date": value.isoformat()}
    return value


def _from_json(value: Any) -> Any:
    """A stored value back in its type; what cannot be read comes back as text."""
    if isinstance(value, dict):
        if "text" in value:
            return Message.from_json(value)
        try:
            if "decimal" in value:
                return Decimal(str(value["decimal"]))
            if "date" in value:
                return dt.date.fromisoformat(str(value["date"]))
        except (InvalidOperation, ValueError):
            pass
    if value is None or isinstance(value, str) or _is_int(value):
        return value
    return str(value)
