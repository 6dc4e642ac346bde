"""A message is kept as its English msgid and values and read in the reader's language, its
values in the reader's locale; whatever is stored, reading it never fails."""

import datetime
import json
from decimal import Decimal
from unittest import mock

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy

from exactbridge.helpers.messages import (
    Message,
    as_message,
    join,
    message,
    plural_message,
    readable_values,
    render,
)

CHECK = "The lines add up to %(sum)s, but the invoice says %(stated)s (difference %(diff)s)."


def _in(language: str, value) -> str:
    with translation.override(language):
        return render(value)


def _through_json(value: Message) -> Message:
    return Message.from_json(json.loads(json.dumps(value.to_json())))


def test_a_message_made_in_dutch_reads_in_the_readers_language():
    with translation.override("nl"):
        made = message("The file is empty.")

    assert _in("en", made) == "The file is empty."
    assert _in("nl", made) == "Het bestand is leeg."


def test_amounts_keep_their_decimals_and_follow_the_readers_locale():
    made = message(CHECK, sum=Decimal("1234.50"), stated=Decimal("1300.00"), diff=Decimal("-65.50"))

    assert _in("en", made) == (
        "The lines add up to 1,234.50, but the invoice says 1,300.00 (difference -65.50)."
    )
    assert _in("nl", made) == (
        "De regels tellen op tot 1.234,50, maar op de factuur staat 1.300,00 (verschil -65,50)."
    )


def test_a_date_reads_as_a_day_in_the_readers_language():
    made = message("The invoice date %(date)s is in the future.", date=datetime.date(2026, 5, 3))

    assert _in("en", made) == "The invoice date 3 May 2026 is in the future."
    assert _in("nl", made) == "De factuurdatum 3 Mei 2026 ligt in de toekomst."


def test_every_kind_of_value_survives_json():
    made = message(
        "%(what)s %(amount)s %(day)s %(count)d %(name)s",
        what=message("no receipt yet"),
        amount=Decimal("12.50"),
        day=datetime.date(2025, 1, 31),
        count=3,
        name="Leverancier B.V.",
    )

    again = _through_json(made)

    assert again == made
    assert type(again.params["amount"]) is Decimal
    assert type(again.params["day"]) is datetime.date
    assert _in("nl", again) == "nog niet ontvangen 12,50 31 Jan 2025 3 Leverancier B.V."


def test_a_lazy_label_is_kept_as_its_msgid():
    label = message("%(status)s", status=gettext_lazy("Needs review"))

    assert label.to_json() == {
        "text": "%(status)s",
        "params": {"status": {"text": "Needs review", "params": {}}},
    }
    assert _in("nl", label) == "Te controleren"
    assert _in("nl", as_message(gettext_lazy("Unreadable"))) == "Onleesbaar"


def test_a_plural_follows_the_count_and_survives_a_column_pair():
    def learned(count):
        return plural_message(
            "Kind %(kind)s learned from %(count)d correction for this sender (%(sender)s).",
            "Kind %(kind)s learned from %(count)d corrections for this sender (%(sender)s).",
            count=count,
            kind="Other",
            sender="x@example.com",
        )

    text, params = learned(2).to_columns()
    kept = Message.from_columns(text, json.loads(json.dumps(params)))

    assert _in("en", learned(1)).startswith("Kind Other learned from 1 correction for")
    assert _in("en", kept).startswith("Kind Other learned from 2 corrections for")
    assert _in("nl", kept).startswith("Soort Other geleerd uit 2 correcties voor")


def test_joined_parts_are_each_translated_and_empty_parts_left_out():
    joined = join([message("The file is empty."), "", message("no receipt yet")], "; ")

    assert _in("nl", joined) == "Het bestand is leeg.; nog niet ontvangen"
    assert join(["", message("no receipt yet")]) == message("no receipt yet")
    assert _in("en", join([])) == ""
    assert _in("en", join(["50%", "100%"], " % ")) == "50% % 100%"


def test_a_missing_value_reads_as_nothing():
    made = _through_json(message("Case #%(id)s (%(status)s)", id=7, status=None))

    assert made.params["status"] is None
    assert _in("en", made) == "Case #7 ()"


def test_a_text_without_values_is_shown_as_it_is_percent_signs_and_all():
    typed = "Wrong cost center: 100% on 4000, %(not a placeholder)s"

    assert _in("en", typed) == typed
    assert _in("nl", Message.from_columns(typed, {})) == typed


def test_text_stored_before_messages_still_reads_as_it_was():
    old_dutch = "IBAN NL91ABNA0417164300 is geldig."

    assert _in("en", Message.from_columns(old_dutch, None)) == old_dutch
    assert _in("en", Message.from_columns(old_dutch, {})) == old_dutch
    assert _in("en", old_dutch) == old_dutch


def test_placeholders_that_do_not_fit_fall_back_to_the_english_text():
    made = message("The invoice is in %(code)s.", code="USD")

    with mock.patch("django.utils.translation.gettext", return_value="Factuur in %(munt)s."):
        assert render(made) == "The invoice is in USD."
    assert _in("en", message("The invoice is in %(code)s.", currency="USD")) == (
        "The invoice is in %(code)s."
    )


@pytest.mark.parametrize(
    "stored",
    [
        None,
        42,
        ["a list"],
        {"no": "text"},
        {"text": "Amount %(a)s", "params": {"a": {"decimal": "not a number"}}},
        {"text": "On %(d)s", "params": {"d": {"date": "31-02-2025"}}},
        {"text": "Odd %(x)s", "params": {"x": 1.5}},
        {"text": "Odd %(x)s", "params": "not a dict"},
    ],
)
def test_reading_whatever_was_stored_never_fails(stored):
    assert isinstance(_in("nl", stored), str)


@pytest.mark.parametrize(
    "value", [1.5, True, datetime.datetime(2025, 1, 1, 12, 0), ["a"], object()]
)
def test_a_value_that_would_not_survive_json_is_refused_where_it_is_made(value):
    with pytest.raises(TypeError):
        message("%(value)s", value=value)


def test_stored_values_read_with_their_messages_rendered():
    stored = {
        "status": "needs_review",
        "status_reason": CHECK,
        "status_reason_params": {"sum": {"decimal": "10.00"}, "stated": "12", "diff": "2"},
        "notes": [message("The file is empty.").to_json(), "typed by a person: 100%"],
    }

    with translation.override("en"):
        shown = readable_values(stored)

    assert shown == {
        "status": "needs_review",
        "status_reason": "The lines add up to 10.00, but the invoice says 12 (difference 2).",
        "notes": ["The file is empty.", "typed by a person: 100%"],
    }
    assert readable_values(None) is None
