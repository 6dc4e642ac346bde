"""OData literals, filters and Exact's dates (reference §2.5, §2.6)."""

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from exactbridge.online import odata


def test_strings_are_quoted_with_single_quotes_doubled():
    assert odata.eq("Name", "O'Brien & Zn") == "Name eq 'O''Brien & Zn'"


def test_guids_become_guid_literals_in_lower_case():
    value = "{71B961DE-B9F3-49FE-883D-0F46C7E0E89B}"
    assert odata.guid(value) == "guid'71b961de-b9f3-49fe-883d-0f46c7e0e89b'"
    assert (
        odata.eq("ID", uuid.UUID(value[1:-1])) == "ID eq guid'71b961de-b9f3-49fe-883d-0f46c7e0e89b'"
    )
    assert odata.eq("Supplier", odata.Guid(value)).endswith(
        "guid'71b961de-b9f3-49fe-883d-0f46c7e0e89b'"
    )


def test_a_non_guid_is_refused_where_a_guid_is_expected():
    with pytest.raises(ValueError):
        odata.guid("1' or 1 eq 1")


def test_numbers_booleans_and_null():
    assert odata.literal(42) == "42"
    assert odata.literal(Decimal("50.80")) == "50.80"
    assert odata.literal(True) == "true"
    assert odata.literal(None) == "null"


def test_datetimes_are_written_in_exact_local_time():
    assert odata.literal(date(2017, 5, 31)) == "datetime'2017-05-31T00:00:00'"
    summer_utc = datetime(2024, 7, 1, 10, 0, tzinfo=UTC)
    assert odata.literal(summer_utc) == "datetime'2024-07-01T12:00:00'"  # CEST


def test_field_names_cannot_carry_syntax():
    with pytest.raises(ValueError):
        odata.eq("Name eq 'x' or Name", "y")
    with pytest.raises(ValueError):
        odata.compare("Name", "like", "x")


def test_conditions_combine_with_parentheses_where_needed():
    either = odata.any_of(odata.eq("Status", "C"), odata.eq("IsSupplier", True))
    both = odata.all_of(odata.compare("Timestamp", "gt", 5), either)
    assert both == "Timestamp gt 5 and (Status eq 'C' or IsSupplier eq true)"


def test_account_codes_are_right_aligned_in_18_characters():
    assert odata.account_code("25") == " " * 16 + "25"


def test_query_string_keeps_dollar_and_quotes_and_encodes_spaces():
    qs = odata.query(select=["ID", "Code"], filter=odata.eq("Code", "A B"), top=1)
    assert qs == "$select=ID,Code&$filter=Code%20eq%20'A%20B'&$top=1"


def test_key_segments_for_guid_and_number_keys():
    assert odata.key_segment("71b961de-b9f3-49fe-883d-0f46c7e0e89b") == (
        "(guid'71b961de-b9f3-49fe-883d-0f46c7e0e89b')"
    )
    assert odata.key_segment(493115) == "(493115)"


def test_dates_read_as_local_time_without_shifting_the_day():
    # DueDate /Date(1351209600000)/ is 2012-10-26 (reference §2.5, NET-Json).
    assert odata.parse_date("/Date(1351209600000)/") == datetime(2012, 10, 26)
    assert odata.parse_date(None) is None


def test_dates_round_trip():
    moment = datetime(2024, 3, 1, 13, 45, 12)
    assert odata.parse_date(odata.format_date(moment)) == moment
    assert odata.format_date(date(2012, 10, 26)) == "/Date(1351209600000)/"


def test_dates_with_an_offset_are_shifted_to_that_local_time():
    assert odata.parse_date("/Date(1351209600000+0100)/") == datetime(2012, 10, 26, 1, 0)


def test_malformed_dates_are_refused():
    with pytest.raises(ValueError):
        odata.parse_date("2012-10-26")


def test_rows_and_next_for_every_shape_of_d():
    assert odata.rows_and_next({"d": {"results": [{"a": 1}], "__next": "n"}}) == ([{"a": 1}], "n")
    assert odata.rows_and_next({"d": [{"a": 1}]}) == ([{"a": 1}], None)
    assert odata.rows_and_next({"d": {"a": 1}}) == ([{"a": 1}], None)
