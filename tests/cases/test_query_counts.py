"""The queue and the case page cost the same number of queries with 3 cases as with 30."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.transitions import add_note, assign_case
from tests.cases.conftest import make_case


def _queries(client, url: str, **headers) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(captured)


def _fill(administration, accountant, approver, count: int):
    cases = []
    for number in range(count):
        case = make_case(administration, number=f"F-{number}", problems=number % 2 == 0)
        assign_case(case, user=accountant, assignee=approver if number % 3 else accountant)
        cases.append(case)
    return cases


def test_the_queue_runs_a_constant_number_of_queries(
    client, django_assert_num_queries, administration, accountant, approver
):
    client.force_login(accountant)
    url = reverse("cases:queue", args=["acme"]) + "?queue=approval"
    _fill(administration, accountant, approver, 3)
    few = _queries(client, url)

    _fill(administration, accountant, approver, 27)
    with django_assert_num_queries(few):
        response = client.get(url)

    assert response.text.count('class="case-row"') == 25


def test_the_htmx_table_runs_a_constant_number_of_queries(
    client, django_assert_num_queries, administration, accountant, approver
):
    client.force_login(accountant)
    url = reverse("cases:queue", args=["acme"]) + "?queue=approval&q=F-"
    _fill(administration, accountant, approver, 3)
    few = _queries(client, url, HTTP_HX_REQUEST="true")

    _fill(administration, accountant, approver, 27)
    with django_assert_num_queries(few):
        client.get(url, HTTP_HX_REQUEST="true")


def test_the_case_page_runs_a_constant_number_of_queries(
    client, django_assert_num_queries, administration, accountant, approver
):
    client.force_login(accountant)
    cases = _fill(administration, accountant, approver, 3)
    case = cases[1]
    url = reverse("cases:case", args=["acme", case.pk]) + "?queue=approval"
    for number in range(3):
        add_note(case, user=accountant, text=f"note {number}")
    few = _queries(client, url)

    _fill(administration, accountant, approver, 27)
    for number in range(27):
        add_note(case, user=approver, text=f"more {number}")
    with django_assert_num_queries(few):
        client.get(url)
