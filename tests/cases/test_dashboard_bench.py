"""`manage.py bench dashboard` seeds its administration once and prints its figures as JSON."""

import json
from contextlib import redirect_stdout
from io import StringIO

from django.core.management import call_command

from cases.models import Case


def _bench(*arguments: str) -> dict:
    # Through sys.stdout: the bench command hands every option, stdout too, to the benchmark.
    out = StringIO()
    with redirect_stdout(out):
        call_command("bench", "dashboard", *arguments, "--json")
    return json.loads(out.getvalue().strip().splitlines()[-1])


def test_the_json_has_the_cases_and_p50_p95_per_page(db):
    figures = _bench("--cases", "200", "--requests", "3")

    assert set(figures) == {"cases", "queue_list", "filtered_list", "case_view"}
    assert figures["cases"] == 200
    for page in ("queue_list", "filtered_list", "case_view"):
        assert set(figures[page]) == {"p50_ms", "p95_ms"}
        assert 0 < figures[page]["p50_ms"] <= figures[page]["p95_ms"]


def test_a_second_run_reuses_the_seeded_cases(db):
    _bench("--cases", "120", "--requests", "1")
    first_ids = set(Case.objects.values_list("pk", flat=True))

    figures = _bench("--cases", "120", "--requests", "1")

    assert figures["cases"] == 120
    assert set(Case.objects.values_list("pk", flat=True)) == first_ids
