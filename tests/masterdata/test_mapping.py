"""Exact rows, shaped like the reference's captures, become mirror fields."""

from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from exactbridge.online import odata
from exactbridge.online.sync import ENTITIES, map_line, map_row

ACCOUNT_ID = "71b961de-b9f3-49fe-883d-0f46c7e0e89b"


def test_an_account_becomes_a_relation_with_trimmed_code_and_compact_numbers():
    row = {
        "__metadata": {"type": "Exact.Web.Api.Models.Account"},
        "ID": ACCOUNT_ID,
        "Code": "                 8",
        "Name": "Van Dijk Groothandel B.V.",
        "Status": "C",
        "IsSupplier": True,
        "Blocked": False,
        "VATNumber": "nl 8123.45.678.B01",
        "ChamberOfCommerce": "1234 5678",
        "PaymentConditionPurchase": "30",
        "PaymentConditionSales": "14",
        "CreditLineSales": 25000.0,
        "GLAccountPurchase": None,
        "Country": "NL ",
        "Timestamp": 493115,
        "Modified": "/Date(1382667872203)/",
    }

    values = map_row(ENTITIES["relations"], row)

    assert values["exact_id"] == UUID(ACCOUNT_ID)
    assert values["code"] == "8"
    assert values["vat_number"] == "NL812345678B01"
    assert values["kvk_number"] == "12345678"
    assert values["is_supplier"] is True
    assert values["is_customer"] is True
    assert values["payment_condition_purchase"] == "30"
    assert values["credit_line_sales"] == Decimal("25000.00")
    assert values["country"] == "NL"
    assert values["exact_timestamp"] == 493115
    # /Date(ms)/ is Exact local time: 2013-10-25 02:24:32 in Amsterdam.
    assert values["modified"] == datetime(2013, 10, 25, 2, 24, 32, 203000, odata.EXACT_TIME_ZONE)


def test_a_padded_vat_code_keeps_its_percentage():
    row = {"ID": ACCOUNT_ID, "Code": "2  ", "Description": "BTW laag", "Type": "E", "Percentage": 9}

    values = map_row(ENTITIES["vat_codes"], row)

    assert values["code"] == "2"
    assert values["percentage"] == Decimal("9")


def test_a_fractional_vat_percentage_is_read_as_percent():
    row = {"ID": ACCOUNT_ID, "Code": "1  ", "Description": "BTW hoog", "Percentage": 0.21}

    assert map_row(ENTITIES["vat_codes"], row)["percentage"] == Decimal("21")


def test_an_item_keeps_unit_prices_and_stock():
    row = {
        "ID": ACCOUNT_ID,
        "Code": "4406",
        "Description": "Pallet",
        "Unit": "pc",
        "IsStockItem": 1,  # a Byte flag
        "CostPriceStandard": 12.345,
        "StandardSalesPrice": 17.9,
        "Stock": 40.0,
        "Timestamp": 10,
    }

    values = map_row(ENTITIES["items"], row)

    assert (values["code"], values["unit"], values["is_stock_item"]) == ("4406", "pc", True)
    assert values["purchase_price"] == Decimal("12.3450")
    assert values["sales_price"] == Decimal("17.9")
    assert values["stock"] == Decimal("40")


def test_a_bank_account_number_is_compacted():
    row = {"ID": ACCOUNT_ID, "Account": ACCOUNT_ID, "BankAccount": "nl91 abna 0417 1643 00"}

    values = map_row(ENTITIES["bank_accounts"], row)

    assert values["iban"] == "NL91ABNA0417164300"
    assert values["relation_exact_id"] == UUID(ACCOUNT_ID)


def test_a_purchase_order_line_keeps_quantities_and_codes():
    line = {
        "ID": ACCOUNT_ID,
        "LineNumber": 1,
        "Item": ACCOUNT_ID,
        "ItemCode": "10001",
        "Quantity": 10.0,
        "ReceivedQuantity": 4.0,
        "InvoicedQuantity": 0.0,
        "UnitPrice": 2.5,
        "AmountFC": 25.0,
        "VATCode": "1  ",
        "ReceiptDate": "/Date(1351209600000)/",
    }

    values = map_line(ENTITIES["purchase_orders"].lines, line)

    assert values["received_quantity"] == Decimal("4")
    assert values["vat_code"] == "1"
    assert values["receipt_date"] == date(2012, 10, 26)


def test_an_open_payable_is_keyed_by_its_hid():
    row = {
        "HID": 493115,
        "AccountId": ACCOUNT_ID,
        "AccountCode": "      112211112222",
        "Amount": -1210.0,
        "CurrencyCode": "EUR",
        "InvoiceNumber": 26001,
        "YourRef": "INV-123",
        "DueDate": "/Date(1351209600000)/",
        "ApprovalStatus": None,
    }

    values = map_row(ENTITIES["payables"], row)

    assert values["hid"] == 493115
    assert values["relation_code"] == "112211112222"
    assert values["invoice_number"] == "26001"
    assert values["due_date"] == date(2012, 10, 26)
    assert "modified" not in values
