"""Controllers see postings read-only in the admin, scoped to their administrations."""

from django.urls import reverse

from cases.services import open_case
from exactbridge.posting.models import Posting


def _posting(administration, reference):
    case = open_case(administration=administration)
    return Posting.objects.create(
        case=case,
        administration=administration,
        kind="purchase_entry",
        reference=reference,
        action={},
        payload={},
    )


def test_controller_sees_own_postings_only_and_cannot_change_them(
    client, controller, administration, other_administration
):
    own = _posting(administration, "EB-acme-1")
    _posting(other_administration, "EB-globex-1")
    client.force_login(controller)

    listing = client.get(reverse("admin:posting_posting_changelist"))
    change = client.post(reverse("admin:posting_posting_change", args=[own.pk]), {"state": "x"})

    shown = [posting.reference for posting in listing.context["cl"].result_list]
    assert shown == ["EB-acme-1"]
    assert change.status_code == 403
    assert reverse("admin:cases_case_change", args=[own.case_id]) in listing.content.decode()
