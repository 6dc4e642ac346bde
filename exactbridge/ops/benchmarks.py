"""The benchmarks `manage.py bench NAME` knows, each living in the part it measures.

A benchmark is two functions named by dotted path (imported only when needed): one adds its
options to the command's parser, the other takes the parsed options and returns
``(rows, figures)`` — ``rows`` a list of ``(label, value)`` pairs for the readable table,
``figures`` the JSON-ready dict that ``--json`` prints as the last line, so runs compare.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Benchmark:
    function: str
    add_arguments: str
    help: str


BENCHMARKS: dict[str, Benchmark] = {
    "intake": Benchmark(
        "intake.bench.run_intake_benchmark",
        "intake.bench.add_arguments",
        "Documents per minute and arrival-to-extracted p50/p95 per kind, through django-q2.",
    ),
    "matching": Benchmark(
        "matching.benchmark.run_matching_benchmark",
        "matching.benchmark.add_arguments",
        "Three-way matching: auto-match rate, false matches, exceptions, coding accuracy, time.",
    ),
    "dashboard": Benchmark(
        "cases.bench.run_dashboard_benchmark",
        "cases.bench.add_arguments",
        "Queue list, filtered list and case page p50/p95 over --cases cases, seeded once.",
    ),
    "exact": Benchmark(
        "exactbridge.posting.bench.run_exact_benchmark",
        "exactbridge.posting.bench.add_arguments",
        "Exact API calls per posted invoice (PDF attached), posting p50/p95, on the simulator.",
    ),
}


def add_arguments(name: str, parser) -> None:
    import_string(BENCHMARKS[name].add_arguments)(parser)


def run(name: str, options: dict[str, Any]) -> tuple[list[tuple[str, Any]], dict[str, Any]]:
    return import_string(BENCHMARKS[name].function)(**options)
