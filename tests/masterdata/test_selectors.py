"""The processes' lookups: normalised input, live rows only, one administration only."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from exactbridge.masterdata import models as md
from exactbridge.masterdata import selectors


def relation(administration, **values):
    return md.Relation.objects.create(
        administration=administration,
        exact_id=uuid.uuid4(),
        seen_at=timezone.now(),
        **{"code": "2001", "name": "Van Dijk B.V.", **values},
    )


def bank_account(administration, owner, iban):
    return md.BankAccount.objects.create(
        administration=administration,
        exact_id=uuid.uuid4(),
        seen_at=timezone.now(),
        relation_exact_id=owner.exact_id,
        iban=iban,
    )


@pytest.fixture
def ours(administration):
    return relation(administration, vat_number="NL812345678B01", kvk_number="12345678")


@pytest.fixture
def theirs(other_administration):
    return relation(other_administration, vat_number="NL812345678B01", kvk_number="12345678")


def test_relations_by_vat_stay_in_the_administration(administration, ours, theirs):
    assert list(selectors.relations_by_vat(administration, "nl 8123.45.678.B01")) == [ours]


def test_relations_by_kvk_stay_in_the_administration(administration, ours, theirs):
    assert list(selectors.relations_by_kvk(administration, "1234 5678")) == [ours]


def test_relations_by_iban_stay_in_the_administration(
    administration, other_administration, ours, theirs
):
    bank_account(administration, ours, "NL91ABNA0417164300")
    bank_account(other_administration, theirs, "NL91ABNA0417164300")

    assert list(selectors.relations_by_iban(administration, "nl91 abna 0417 1643 00")) == [ours]


def test_a_deleted_relation_is_not_found(administration, ours):
    md.Relation.objects.filter(pk=ours.pk).update(deleted_at=timezone.now())

    assert not selectors.relations_by_vat(administration, "NL812345678B01").exists()
    assert selectors.relation_by_code(administration, "2001") is None


def test_an_empty_number_finds_nothing(administration):
    relation(administration, vat_number="")

    assert not selectors.relations_by_vat(administration, " ").exists()


def test_a_purchase_order_is_found_by_number_in_its_administration_only(
    administration, other_administration
):
    for admin in (administration, other_administration):
        md.PurchaseOrder.objects.create(
            administration=admin, exact_id=uuid.uuid4(), seen_at=timezone.now(), order_number=7
        )

    order = selectors.purchase_order_by_number(administration, 7)

    assert order.administration == administration
    assert selectors.purchase_order_by_number(administration, 8) is None


def test_customer_prices_come_before_general_ones(administration):
    item, customer = uuid.uuid4(), uuid.uuid4()
    for who, price in ((None, "10"), (customer, "9"), (uuid.uuid4(), "8")):
        md.SalesPriceAgreement.objects.create(
            administration=administration,
            exact_id=uuid.uuid4(),
            seen_at=timezone.now(),
            item_exact_id=item,
            customer_exact_id=who,
            price=Decimal(price),
        )

    prices = selectors.sales_prices_for(
        administration, item_exact_id=item, customer_exact_id=customer, on=date(2026, 3, 1)
    )

    assert [p.price for p in prices] == [Decimal("9"), Decimal("10")]
