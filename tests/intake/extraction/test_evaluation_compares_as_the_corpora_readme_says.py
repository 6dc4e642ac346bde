from decimal import Decimal

from intake.extraction.evaluate import compare


def test_only_keys_in_the_expected_results_count():
    scores = compare(read={"invoice_number": "1", "iban": "X"}, expected={"invoice_number": "1"})
    assert scores == {"invoice_number": (1, 1)}


def test_a_list_holding_one_object_is_that_object():
    assert compare(read={"currency": "EUR"}, expected=[{"currency": "EUR"}]) == {"currency": (1, 1)}


def test_missing_value_is_wrong():
    assert compare(read={}, expected={"amount": 4.11}) == {"amount": (0, 1)}


def test_issuer_ignores_case_punctuation_and_legal_form_and_may_contain_the_other():
    assert compare(read={"issuer": "COOLBLUE BV"}, expected={"issuer": "Coolblue B.V."})[
        "issuer"
    ] == (1, 1)
    assert compare(
        read={"issuer": "Amazon Web Services, Inc."}, expected={"issuer": "Amazon Web Services"}
    )["issuer"] == (1, 1)
    assert compare(
        read={"issuer": "Sammy Maystone"}, expected={"issuer": "Sammy Maystone - For Lines"}
    )["issuer"] == (1, 1)
    assert compare(read={"issuer": "Freedom B.V."}, expected={"issuer": "Free"})["issuer"] == (0, 1)


def test_identifiers_compare_without_spaces_in_upper_case():
    read = {"iban": "nl91 abna 0417 1643 00", "vat_number": "NL810433941B01", "kvk_number": "1"}
    expected = {"iban": "NL91ABNA0417164300", "vat_number": "nl 810433941 b01", "kvk_number": " 1"}
    scores = compare(read=read, expected=expected)
    assert scores == {"iban": (1, 1), "vat_number": (1, 1), "kvk_number": (1, 1)}


def test_references_are_trimmed_and_case_insensitive():
    read = {"invoice_number": "inv-1 ", "po_number": "PO1"}
    scores = compare(read=read, expected={"invoice_number": " INV-1", "po_number": "po1"})
    assert scores == {"invoice_number": (1, 1), "po_number": (1, 1)}
    assert compare(read={"invoice_number": "BLR1"}, expected={"invoice_number": "#BLR1"}) == {
        "invoice_number": (0, 1)
    }


def test_dates_are_iso_and_amounts_equal_to_the_cent():
    scores = compare(
        read={"date": "2014-04-19", "amount": Decimal("717.97"), "amount_tax": Decimal("124.6")},
        expected={"date": "2014-04-19", "amount": 717.97, "amount_tax": 124.61},
    )
    assert scores == {"date": (1, 1), "amount": (1, 1), "amount_tax": (0, 1)}


def test_lines_compare_in_order_with_either_key_name_and_notes_left_out():
    expected = {
        "lines": [
            {"sectionheader": "--- Non Food ---"},
            {"name": "Office  Chair", "price_unit": 70.0, "qty": 1},
            {"line_note": "delivered in glass"},
            {"description": "Olive Oil", "unit_price": "1.00"},
        ]
    }
    read = {
        "lines": [
            {"description": "office chair", "unit_price": Decimal("70.00")},
            {"description": "Truffles", "unit_price": Decimal("1.00")},
        ]
    }
    assert compare(read=read, expected=expected) == {
        "lines.description": (1, 2),
        "lines.unit_price": (2, 2),
    }


def test_lines_missing_from_the_reading_are_wrong():
    expected = {"lines": [{"name": "A", "amount": 1}, {"name": "B", "amount": 2}]}
    assert compare(read={"lines": [{"description": "A", "amount": 1}]}, expected=expected) == {
        "lines.description": (1, 2),
        "lines.amount": (1, 2),
    }
