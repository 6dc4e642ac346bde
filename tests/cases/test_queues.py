"""The queues of one administration: counts, filters, search, sorting and pages, only ever of
the administrations the user belongs to."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cases.selectors import CaseFilters, case_list, queue_counts
from cases.transitions import approve_case, assign_case, reject_case
from tests.cases.conftest import make_case


def _numbers(page) -> list[str]:
    return [case.invoice_number for case in page]


def test_queue_counts_count_each_queue_in_one_query(
    django_assert_num_queries, administration, accountant, other_administration
):
    make_case(administration, number="A")
    make_case(administration, number="B", review=True)
    approved = make_case(administration, number="C")
    approve_case(approved, user=accountant)
    reject_case(make_case(administration, number="D"), user=accountant, reason="no")
    make_case(other_administration, number="elsewhere")

    with django_assert_num_queries(1):
        counts = queue_counts(accountant, administration)

    assert counts["approval"] == 1
    assert counts["review"] == 1
    assert counts["posting"] == 1
    assert counts["rejected"] == 1
    assert counts["second"] == counts["failed"] == counts["posted"] == 0


def test_an_outsider_counts_nothing(administration, outsider):
    make_case(administration)

    assert set(queue_counts(outsider, administration).values()) == {0}


def test_filters_narrow_the_queue(administration, accountant, approver):
    make_case(administration, number="SMALL", total="50.00", supplier="Alpha")
    make_case(
        administration,
        number="MID",
        total="500.00",
        supplier="Beta",
        date=datetime.date(2025, 6, 1),
    )
    big = make_case(administration, number="BIG", total="5000.00", supplier="Beta")
    assign_case(big, user=accountant, assignee=approver)

    def listed(**filters):
        return set(
            _numbers(
                case_list(
                    accountant, administration, queue="approval", filters=CaseFilters(**filters)
                )
            )
        )

    assert listed(supplier="bet") == {"MID", "BIG"}
    assert listed(amount_min=Decimal("100")) == {"MID", "BIG"}
    assert listed(amount_max=Decimal("500")) == {"SMALL", "MID"}
    assert listed(date_from=datetime.date(2025, 5, 1)) == {"MID"}
    assert listed(date_to=datetime.date(2025, 5, 1)) == {"SMALL", "BIG"}
    assert listed(assignee=str(approver.pk)) == {"BIG"}
    assert listed(assignee="none") == {"SMALL", "MID"}
    assert listed(status="ready_for_approval") == {"SMALL", "MID", "BIG"}
    assert listed(status="rejected") == set()


def test_search_finds_supplier_and_invoice_number(administration, accountant):
    make_case(administration, number="INV-2025-001", supplier="Kantoorartikelen B.V.")
    make_case(administration, number="X-9", supplier="Drukkerij Noord")

    def found(text):
        return _numbers(
            case_list(
                accountant, administration, queue="approval", filters=CaseFilters(search=text)
            )
        )

    assert found("kantoor") == ["INV-2025-001"]
    assert found("2025-001") == ["INV-2025-001"]
    assert found("nothing like it") == []


def test_search_finds_the_file_name(administration, accountant, corpora):
    from intake.services import receive_document

    receive_document(
        administration=administration,
        data=(corpora / "ubl/peppol-bis3/examples/base-example.xml").read_bytes(),
        filename="base-example.xml",
        channel="upload",
    )

    page = case_list(
        accountant, administration, queue="incoming", filters=CaseFilters(search="BASE-EXAMPLE")
    )

    assert [case.document.filename for case in page] == ["base-example.xml"]


def test_sorting_by_amount_and_unknown_sort_falls_back(administration, accountant):
    for number, total in [("A", "300.00"), ("B", "100.00"), ("C", "200.00")]:
        make_case(administration, number=number, total=total)

    assert _numbers(case_list(accountant, administration, queue="approval", sort="amount")) == [
        "B",
        "C",
        "A",
    ]
    assert _numbers(case_list(accountant, administration, queue="approval", sort="-amount")) == [
        "A",
        "C",
        "B",
    ]
    assert _numbers(case_list(accountant, administration, queue="approval", sort="pk; drop")) == [
        "C",
        "B",
        "A",
    ]


def test_pages_hold_a_fixed_number_of_cases(administration, accountant):
    for number in range(5):
        make_case(administration, number=f"N{number}")

    first = case_list(accountant, administration, queue="approval", page_size=2)
    last = case_list(accountant, administration, queue="approval", page=3, page_size=2)

    assert first.paginator.num_pages == 3
    assert _numbers(first) == ["N4", "N3"]
    assert _numbers(last) == ["N0"]


# --- the page ---------------------------------------------------------------------------------


def _queue_url(code="acme", **params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("cases:queue", args=[code]) + (f"?{query}" if query else "")


def test_outsider_gets_404_on_the_queue(client, administration, outsider):
    client.force_login(outsider)

    assert client.get(_queue_url()).status_code == 404


def test_viewer_sees_the_queue_but_no_bulk_approval(client, administration, viewer):
    make_case(administration, number="F-77")
    client.force_login(viewer)

    response = client.get(_queue_url(queue="approval"), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    assert "F-77" in response.text
    assert "Approve selected clean cases" not in response.text


def test_the_queue_page_shows_counts_and_the_users_administrations_only(
    client, administration, other_administration, accountant
):
    from tests import factories

    factories.make_administration(code="hidden", name="Hidden Holding")
    from exactbridge.administrations.services import grant_membership

    grant_membership(administration=other_administration, user=accountant, role="viewer")
    make_case(administration, number="F-1")
    client.force_login(accountant)

    response = client.get(_queue_url(queue="approval"), HTTP_ACCEPT_LANGUAGE="en")

    assert 'data-queue="approval">1<' in response.text
    assert reverse("cases:queue", args=["globex"]) in response.text
    assert "Hidden Holding" not in response.text


def test_htmx_filtering_returns_only_the_table(client, administration, accountant):
    make_case(administration, number="F-ALPHA", supplier="Alpha")
    make_case(administration, number="F-BETA", supplier="Beta")
    client.force_login(accountant)

    response = client.get(_queue_url(queue="approval", q="alpha"), HTTP_HX_REQUEST="true")

    assert response.text.lstrip().startswith('<div id="case-table"')
    assert "F-ALPHA" in response.text
    assert "F-BETA" not in response.text


def test_a_bad_filter_value_is_ignored_and_said(client, administration, accountant):
    make_case(administration, number="F-1")
    client.force_login(accountant)

    response = client.get(
        _queue_url(queue="approval", amount_min="lots"), HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 200
    assert "F-1" in response.text
    assert "not understood" in response.text


def test_cases_go_to_the_dashboard_of_the_first_administration(client, administration, accountant):
    client.force_login(accountant)

    response = client.get(reverse("cases:index"))

    assert response["Location"] == reverse("cases:queue", args=["acme"])


@pytest.mark.parametrize(
    "queue",
    [
        "incoming",
        "review",
        "approval",
        "second",
        "posting",
        "failed",
        "posted",
        "rejected",
        "nonsense",
    ],
)
def test_every_queue_page_answers(client, administration, accountant, queue):
    make_case(administration)
    client.force_login(accountant)

    assert client.get(_queue_url(queue=queue)).status_code == 200


def test_the_page_sorts_as_asked(client, administration, accountant):
    for number, total in [("F-300", "300.00"), ("F-100", "100.00"), ("F-200", "200.00")]:
        make_case(administration, number=number, total=total)
    client.force_login(accountant)

    text = client.get(_queue_url(queue="approval", sort="amount")).text

    assert text.index("F-100") < text.index("F-200") < text.index("F-300")
    assert '<option value="amount" selected>' in text
