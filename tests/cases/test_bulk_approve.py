"""Bulk approval takes only clean cases, each through the usual rules, and reports every refusal."""

from django.urls import reverse

from cases.models import Case
from tests.cases.conftest import make_case

URL = reverse("cases:bulk_approve", args=["acme"])


def _status(case) -> str:
    case.refresh_from_db()
    return case.status


def test_clean_cases_within_the_limit_are_approved(client, administration, accountant):
    first = make_case(administration, number="F-1")
    second = make_case(administration, number="F-2")
    client.force_login(accountant)

    response = client.post(URL, {"cases": [first.pk, second.pk]}, HTTP_ACCEPT_LANGUAGE="en")

    assert response["Location"] == reverse("cases:queue", args=["acme"]) + "?queue=approval"
    assert _status(first) == _status(second) == Case.Status.READY_TO_POST


def test_each_refusal_is_reported_with_its_reason(client, administration, accountant):
    clean = make_case(administration, number="F-CLEAN")
    warned = make_case(administration, number="F-WARN", problems=True)
    too_big = make_case(administration, number="F-BIG", total="9000.00")
    client.force_login(accountant)

    response = client.post(
        URL, {"cases": [clean.pk, warned.pk, too_big.pk]}, follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert _status(clean) == Case.Status.READY_TO_POST
    assert _status(warned) == Case.Status.READY_FOR_APPROVAL
    assert _status(too_big) == Case.Status.READY_FOR_APPROVAL
    assert f"Case #{warned.pk} not approved: It has warnings or errors" in response.text
    assert f"Case #{too_big.pk} not approved: The total of" in response.text
    assert "1 cases approved." in response.text


def test_viewer_gets_403(client, administration, viewer):
    case = make_case(administration)
    client.force_login(viewer)

    assert client.post(URL, {"cases": [case.pk]}).status_code == 403
    assert _status(case) == Case.Status.READY_FOR_APPROVAL


def test_outsider_gets_404(client, administration, outsider):
    case = make_case(administration)
    client.force_login(outsider)

    assert client.post(URL, {"cases": [case.pk]}).status_code == 404


def test_cases_of_another_administration_are_left_alone(
    client, administration, other_administration, accountant, outsider
):
    theirs = make_case(other_administration, number="THEIRS")
    client.force_login(outsider)

    client.post(reverse("cases:bulk_approve", args=["globex"]), {"cases": [theirs.pk]})
    client.force_login(accountant)
    client.post(URL, {"cases": [theirs.pk]})

    # The outsider (an admin of globex without a limit) is refused; acme's accountant never
    # reaches globex's case at all.
    assert _status(theirs) == Case.Status.READY_FOR_APPROVAL


def test_nothing_chosen_says_so(client, administration, accountant):
    client.force_login(accountant)

    response = client.post(URL, {"cases": ["x"]}, follow=True, HTTP_ACCEPT_LANGUAGE="en")

    assert "Choose the cases to approve." in response.text
